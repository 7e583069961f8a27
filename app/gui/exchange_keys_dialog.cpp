#include "gui/exchange_keys_dialog.h"

#include "core/session_controller.h"
#include "gui/form_helpers.h"

#include <QComboBox>
#include <QDateTime>
#include <QEvent>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace bcf::app {

namespace {

// The exchanges a key can be added for.
const char16_t* const exchanges[] = {u"binance"};

QLabel* wrapped(QWidget* parent, const QString& role = {})
{
    auto* label = new QLabel(parent);
    label->setWordWrap(true);
    if (!role.isEmpty())
        label->setProperty("role", role);
    return label;
}

QLabel* errorLabel(QWidget* parent)
{
    QLabel* label = wrapped(parent, u"error"_s);
    label->hide();
    return label;
}

// A field with its error below, as one form row.
QWidget* fieldRow(QWidget* parent, QWidget* field, QLabel* error)
{
    auto* row = new QWidget(parent);
    auto* column = new QVBoxLayout(row);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(2);
    column->addWidget(field);
    column->addWidget(error);
    return row;
}

// Key fields: nothing typed in them is predicted, corrected or remembered by an input method.
QLineEdit* keyEdit(QWidget* parent, const QString& name, bool hidden)
{
    auto* edit = new QLineEdit(parent);
    edit->setObjectName(name);
    edit->setMaxLength(512);
    edit->setInputMethodHints(Qt::ImhSensitiveData | Qt::ImhNoPredictiveText
                              | Qt::ImhNoAutoUppercase);
    if (hidden)
        edit->setEchoMode(QLineEdit::Password);
    return edit;
}

} // namespace

ExchangeKeysDialog::ExchangeKeysDialog(SessionController& session, QWidget* parent)
    : QDialog(parent)
    , m_session(session)
{
    setObjectName(u"exchangeKeysDialog"_s);
    setMinimumWidth(620);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 20, 24, 20);
    layout->setSpacing(12);

    m_title = new QLabel(this);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    m_title->setFont(titleFont);
    layout->addWidget(m_title);
    m_intro = wrapped(this, u"muted"_s);
    layout->addWidget(m_intro);
    m_unavailable = wrapped(this, u"warning"_s);
    m_unavailable->setObjectName(u"exchangeKeysUnavailable"_s);
    m_unavailable->hide();
    layout->addWidget(m_unavailable);

    m_table = new QTableWidget(0, 5, this);
    m_table->setObjectName(u"exchangeKeysTable"_s);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setShowGrid(false);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setHighlightSections(false);
    m_table->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setMinimumHeight(120);
    layout->addWidget(m_table);
    auto* tableBar = new QHBoxLayout;
    m_empty = wrapped(this, u"muted"_s);
    tableBar->addWidget(m_empty, 1);
    m_delete = new QPushButton(this);
    m_delete->setObjectName(u"exchangeKeysDelete"_s);
    m_delete->setAutoDefault(false);
    tableBar->addWidget(m_delete);
    layout->addLayout(tableBar);

    m_addGroup = new QGroupBox(this);
    auto* addLayout = new QVBoxLayout(m_addGroup);
    addLayout->setSpacing(10);
    auto* form = new QFormLayout;
    form->setLabelAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setVerticalSpacing(8);
    m_exchange = new QComboBox(m_addGroup);
    m_exchange->setObjectName(u"exchangeKeysExchange"_s);
    for (const char16_t* exchange : exchanges) {
        const QString name = QString::fromUtf16(exchange);
        m_exchange->addItem(exchangeDisplayName(name), name);
    }
    m_exchangeError = errorLabel(m_addGroup);
    m_exchangeLabel = new QLabel(m_addGroup);
    form->addRow(m_exchangeLabel, fieldRow(m_addGroup, m_exchange, m_exchangeError));
    m_label = new QLineEdit(m_addGroup);
    m_label->setObjectName(u"exchangeKeysLabel"_s);
    m_label->setMaxLength(80);
    m_labelError = errorLabel(m_addGroup);
    m_labelLabel = new QLabel(m_addGroup);
    form->addRow(m_labelLabel, fieldRow(m_addGroup, m_label, m_labelError));
    m_apiKey = keyEdit(m_addGroup, u"exchangeKeysApiKey"_s, false);
    m_apiKeyError = errorLabel(m_addGroup);
    m_apiKeyLabel = new QLabel(m_addGroup);
    form->addRow(m_apiKeyLabel, fieldRow(m_addGroup, m_apiKey, m_apiKeyError));
    m_secretKey = keyEdit(m_addGroup, u"exchangeKeysSecretKey"_s, true);
    m_secretKeyError = errorLabel(m_addGroup);
    m_secretKeyLabel = new QLabel(m_addGroup);
    form->addRow(m_secretKeyLabel, fieldRow(m_addGroup, m_secretKey, m_secretKeyError));
    addLayout->addLayout(form);
    m_note = wrapped(m_addGroup, u"muted"_s);
    m_note->setObjectName(u"exchangeKeysNote"_s);
    addLayout->addWidget(m_note);
    m_existing = wrapped(m_addGroup, u"muted"_s);
    m_existing->hide();
    addLayout->addWidget(m_existing);
    auto* addBar = new QHBoxLayout;
    addBar->addStretch(1);
    m_add = new QPushButton(m_addGroup);
    m_add->setObjectName(u"exchangeKeysAdd"_s);
    m_add->setProperty("accent", true);
    addBar->addWidget(m_add);
    addLayout->addLayout(addBar);
    layout->addWidget(m_addGroup);

    m_message = wrapped(this, u"error"_s);
    m_message->setObjectName(u"exchangeKeysMessage"_s);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();
    layout->addWidget(m_message);

    auto* closeRow = new QHBoxLayout;
    closeRow->addStretch(1);
    m_close = new QPushButton(this);
    m_close->setAutoDefault(false);
    closeRow->addWidget(m_close);
    layout->addLayout(closeRow);

    connect(m_table, &QTableWidget::itemSelectionChanged, this,
            &ExchangeKeysDialog::updateButtons);
    connect(m_delete, &QPushButton::clicked, this, &ExchangeKeysDialog::requestDelete);
    connect(m_add, &QPushButton::clicked, this, &ExchangeKeysDialog::addKey);
    connect(m_close, &QPushButton::clicked, this, &ExchangeKeysDialog::accept);
    connect(m_exchange, &QComboBox::currentIndexChanged, this, [this] {
        setFieldError(Field::Exchange, {});
        updateButtons();
    });
    const std::pair<QLineEdit*, Field> edits[] = {
        {m_label, Field::Label}, {m_apiKey, Field::ApiKey}, {m_secretKey, Field::SecretKey}};
    for (const auto& [edit, field] : edits) {
        connect(edit, &QLineEdit::textEdited, this, [this, field] {
            setFieldError(field, {}); // typing answers the field's error
            updateButtons();
        });
    }
    connect(&m_session, &SessionController::userInfoChanged, this,
            &ExchangeKeysDialog::updateButtons);

    retranslateUi();
    reload();
}

ExchangeKeysDialog::~ExchangeKeysDialog()
{
    forgetSecrets();
}

std::optional<ExchangeKeysDialog::Field> ExchangeKeysDialog::fieldNamed(const QString& serverField)
{
    if (serverField == u"exchange")
        return Field::Exchange;
    if (serverField == u"label")
        return Field::Label;
    if (serverField == u"api key")
        return Field::ApiKey;
    if (serverField == u"secret key")
        return Field::SecretKey;
    return std::nullopt;
}

void ExchangeKeysDialog::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QDialog::changeEvent(event);
}

void ExchangeKeysDialog::retranslateUi()
{
    setWindowTitle(tr("Exchange keys"));
    m_title->setText(tr("Exchange keys for live trading"));
    m_intro->setText(tr("An exchange API key lets the server place your orders and run your bots "
                        "on that exchange, with real money. One key per exchange; without a key "
                        "you trade on the paper venue only."));
    m_table->setHorizontalHeaderLabels(
        {tr("Exchange"), tr("Label"), tr("Key"), tr("Can trade"), tr("Added on")});
    m_delete->setText(tr("Delete…"));
    m_addGroup->setTitle(tr("Add a key"));
    m_exchangeLabel->setText(tr("Exchange"));
    for (int i = 0; i < m_exchange->count(); ++i)
        m_exchange->setItemText(i, exchangeDisplayName(m_exchange->itemData(i).toString()));
    m_labelLabel->setText(tr("Label"));
    m_label->setPlaceholderText(tr("optional, e.g. main account"));
    m_apiKeyLabel->setText(tr("API key"));
    m_secretKeyLabel->setText(tr("Secret key"));
    m_note->setText(tr("Create the key on the exchange with trading only: keys that allow "
                       "withdrawals are refused. The key is checked with the exchange, then "
                       "stored encrypted on the server; neither the key nor its secret is ever "
                       "shown again."));
    m_add->setText(tr("Add key"));
    m_close->setText(tr("Close"));
    fillTable();
}

void ExchangeKeysDialog::reload()
{
    m_session.listExchangeKeys(this, [this](SessionController::Outcome<ExchangeKeyList> result) {
        if (!result) {
            showMessage(tr("The keys could not be listed: %1").arg(result.error()), true);
            return;
        }
        showKeys(*result);
    });
}

void ExchangeKeysDialog::showKeys(const ExchangeKeyList& list)
{
    m_keys = list.keys;
    m_liveTradingEnabled = list.liveTradingEnabled;
    m_loaded = true;
    fillTable();
}

void ExchangeKeysDialog::fillTable()
{
    const QTableWidgetItem* current =
        m_table->currentRow() >= 0 ? m_table->item(m_table->currentRow(), 0) : nullptr;
    const qint64 selected = current ? current->data(KeyIdRole).toLongLong() : 0;
    m_table->setRowCount(int(m_keys.size()));
    for (int row = 0; row < int(m_keys.size()); ++row) {
        const ExchangeKey& key = m_keys[std::size_t(row)];
        const QDateTime added = key.createdMs > 0
                                    ? QDateTime::fromMSecsSinceEpoch(key.createdMs).toLocalTime()
                                    : QDateTime();
        const QString cells[] = {
            exchangeDisplayName(key.exchange),
            key.label,
            apiKeyHintText(key.apiKeyHint),
            key.canTrade ? tr("Yes") : tr("No"),
            added.isValid() ? QLocale().toString(added, QLocale::ShortFormat) : QString(),
        };
        for (int column = 0; column < 5; ++column) {
            auto* item = new QTableWidgetItem(cells[column]);
            item->setData(KeyIdRole, key.id);
            m_table->setItem(row, column, item);
        }
        if (key.id == selected)
            m_table->selectRow(row);
    }
    m_empty->setText(m_keys.empty() ? tr("No keys yet.") : QString());
    updateUnavailable();
    updateButtons();
}

void ExchangeKeysDialog::updateUnavailable()
{
    QString text;
    if (m_loaded && !m_liveTradingEnabled)
        text = tr("Live trading is off on this server: keys cannot be added, and orders go to "
                  "the paper venue only.");
    else if (m_session.isLoggedIn() && !m_session.canTrade())
        text = tr("Your role cannot trade: keys cannot be added or deleted.");
    m_unavailable->setText(text);
    m_unavailable->setVisible(!text.isEmpty());
}

QString ExchangeKeysDialog::unavailableText() const
{
    return m_unavailable->isHidden() ? QString() : m_unavailable->text();
}

const ExchangeKey* ExchangeKeysDialog::keyOf(const QString& exchange) const
{
    for (const ExchangeKey& key : m_keys) {
        if (key.exchange == exchange)
            return &key;
    }
    return nullptr;
}

void ExchangeKeysDialog::updateButtons()
{
    updateUnavailable();
    const bool canTrade = m_session.canTrade();
    const QString exchange = m_exchange->currentData().toString();
    const ExchangeKey* existing = keyOf(exchange);
    m_existing->setText(existing ? tr("You have a %1 key already: delete it first to add "
                                      "another.")
                                       .arg(exchangeDisplayName(exchange))
                                 : QString());
    m_existing->setVisible(existing != nullptr);
    const bool open = m_loaded && m_liveTradingEnabled && canTrade;
    for (QWidget* field : std::initializer_list<QWidget*>{m_exchange, m_label, m_apiKey,
                                                          m_secretKey})
        field->setEnabled(open && !m_busy);
    m_add->setEnabled(open && !m_busy && !existing && !m_apiKey->text().trimmed().isEmpty()
                      && !m_secretKey->text().trimmed().isEmpty());
    m_delete->setEnabled(canTrade && !m_busy && m_table->currentRow() >= 0
                         && !m_table->selectedItems().isEmpty());
}

void ExchangeKeysDialog::setBusy(bool busy)
{
    m_busy = busy;
    updateButtons();
}

QLabel* ExchangeKeysDialog::errorOf(Field field) const
{
    switch (field) {
    case Field::Exchange:
        return m_exchangeError;
    case Field::Label:
        return m_labelError;
    case Field::ApiKey:
        return m_apiKeyError;
    case Field::SecretKey:
        return m_secretKeyError;
    }
    return nullptr;
}

void ExchangeKeysDialog::setFieldError(Field field, const QString& text)
{
    QLabel* label = errorOf(field);
    label->setText(text);
    label->setVisible(!text.isEmpty());
}

void ExchangeKeysDialog::clearFieldErrors()
{
    for (const Field field : {Field::Exchange, Field::Label, Field::ApiKey, Field::SecretKey})
        setFieldError(field, {});
}

QString ExchangeKeysDialog::fieldError(Field field) const
{
    const QLabel* label = errorOf(field);
    return label->isHidden() ? QString() : label->text();
}

void ExchangeKeysDialog::showMessage(const QString& text, bool error)
{
    m_messageIsError = error;
    m_message->setText(text);
    m_message->setProperty("role", error ? u"error"_s : u"success"_s);
    repolish(m_message);
    m_message->setVisible(!text.isEmpty());
}

QString ExchangeKeysDialog::message() const
{
    return m_message->isHidden() ? QString() : m_message->text();
}

void ExchangeKeysDialog::showAddError(const TradingError& error)
{
    clearFieldErrors();
    if (const auto field = fieldNamed(error.field)) {
        setFieldError(*field, error.fieldMessage);
        if (QWidget* widget = errorOf(*field)->parentWidget()->findChild<QLineEdit*>())
            widget->setFocus();
    }
    showMessage(tr("The key was not added: %1").arg(error.message), true);
}

void ExchangeKeysDialog::addKey()
{
    if (m_busy)
        return;
    clearFieldErrors();
    showMessage({}, false);
    bool ok = true;
    if (m_apiKey->text().trimmed().isEmpty()) {
        setFieldError(Field::ApiKey, tr("Enter the API key."));
        ok = false;
    }
    if (m_secretKey->text().trimmed().isEmpty()) {
        setFieldError(Field::SecretKey, tr("Enter the secret key."));
        ok = false;
    }
    if (!ok)
        return;
    const QString exchange = m_exchange->currentData().toString();
    setBusy(true);
    m_session.addExchangeKey(
        exchange, m_label->text(), m_apiKey->text(), m_secretKey->text(), this,
        [this](SessionController::TradingOutcome<ExchangeKey> result) {
            setBusy(false);
            if (!result)
                return showAddError(result.error());
            forgetSecrets();
            m_label->clear();
            showMessage(tr("The %1 key “%2” (%3) was added: you can trade on %1 now.")
                            .arg(exchangeDisplayName(result->exchange), result->label,
                                 apiKeyHintText(result->apiKeyHint)),
                        false);
            reload();
        });
}

void ExchangeKeysDialog::requestDelete()
{
    const int row = m_table->currentRow();
    if (row < 0 || row >= int(m_keys.size()))
        return;
    const ExchangeKey key = m_keys[std::size_t(row)];
    const QString exchange = exchangeDisplayName(key.exchange);
    QMessageBox confirm(QMessageBox::Warning, tr("Delete exchange key"),
                        tr("Delete the %1 key “%2” (%3)?")
                            .arg(exchange, key.label, apiKeyHintText(key.apiKeyHint)),
                        QMessageBox::Yes | QMessageBox::Cancel, this);
    confirm.setObjectName(u"exchangeKeysDeleteConfirmation"_s);
    confirm.setInformativeText(tr("Orders and bots on %1 are no longer possible until you add a "
                                  "key again. The server refuses while orders on %1 are open.")
                                   .arg(exchange));
    confirm.setDefaultButton(QMessageBox::Cancel);
    if (confirm.exec() != QMessageBox::Yes)
        return;
    deleteKey(key.id);
}

void ExchangeKeysDialog::deleteKey(qint64 id)
{
    if (m_busy)
        return;
    showMessage({}, false);
    setBusy(true);
    m_session.deleteExchangeKey(id, this, [this](SessionController::Outcome<ExchangeKey> result) {
        setBusy(false);
        if (!result) {
            showMessage(tr("The key was not deleted: %1").arg(result.error()), true);
            return;
        }
        showMessage(tr("The %1 key “%2” (%3) was deleted.")
                        .arg(exchangeDisplayName(result->exchange), result->label,
                             apiKeyHintText(result->apiKeyHint)),
                    false);
        reload();
    });
}

void ExchangeKeysDialog::forgetSecrets()
{
    m_secretKey->clear();
    m_apiKey->clear();
}

void ExchangeKeysDialog::done(int result)
{
    // Whatever was typed and not added goes with the dialog.
    forgetSecrets();
    QDialog::done(result);
}

} // namespace bcf::app
