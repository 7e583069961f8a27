#include "gui/order_ticket.h"

#include "core/instrument_catalog.h"
#include "core/session_controller.h"
#include "gui/form_helpers.h"
#include "gui/theme_manager.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QUuid>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace bcf::app {

namespace {

const int sharePercents[] = {25, 50, 75, 100};

QLabel* makeErrorLabel(QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setProperty("role", u"error"_s);
    label->setWordWrap(true);
    label->hide();
    return label;
}

// A field with its unit on the right and its error below, as one form row.
QWidget* fieldRow(QWidget* parent, QLineEdit* edit, QLabel* unit, QLabel* error)
{
    auto* row = new QWidget(parent);
    auto* column = new QVBoxLayout(row);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(2);
    auto* line = new QHBoxLayout;
    line->setSpacing(6);
    line->addWidget(edit, 1);
    if (unit) {
        unit->setMinimumWidth(44);
        unit->setProperty("role", u"muted"_s);
        line->addWidget(unit);
    }
    column->addLayout(line);
    column->addWidget(error);
    return row;
}

QLineEdit* decimalEdit(QWidget* parent, const QString& name)
{
    auto* edit = new QLineEdit(parent);
    edit->setObjectName(name);
    edit->setAlignment(Qt::AlignRight);
    // Digits with a dot or a comma and at most 8 places: what the protocol takes.
    edit->setValidator(new QRegularExpressionValidator(
        QRegularExpression(u"^\\d{0,11}([.,]\\d{0,8})?$"_s), edit));
    return edit;
}

} // namespace

OrderTicket::OrderTicket(SessionController& session, InstrumentCatalog& instruments,
                         ThemeManager& theme, Preferences& preferences, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
    , m_instruments(instruments)
    , m_theme(theme)
    , m_oneClickSetting(preferences, u"trading/oneClick"_s, false)
{
    setObjectName(u"orderTicket"_s);
    buildUi();
    retranslateUi();
    applyTheme();
    updateFields();

    connect(&m_theme, &ThemeManager::themeChanged, this, &OrderTicket::applyTheme);
    connect(&m_instruments, &InstrumentCatalog::instrumentsChanged, this, [this] {
        updateAvailable();
        updateSummary();
        retranslateUi();
    });
    connect(&m_session, &SessionController::loggedIn, this, &OrderTicket::updateEnabled);
    connect(&m_session, &SessionController::userInfoChanged, this, &OrderTicket::updateEnabled);
    connect(&m_session, &SessionController::venuesChanged, this, &OrderTicket::setVenues);
    connect(&m_session, &SessionController::loggedOut, this, [this] {
        m_portfolios.clear();
        showMessage({}, false);
        updateAvailable();
        updateEnabled();
    });
    setVenues(m_session.venues());
    updateEnabled();
}

OrderTicket::~OrderTicket() = default;

void OrderTicket::buildUi()
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 8, 10, 10);
    layout->setSpacing(8);

    auto* header = new QHBoxLayout;
    m_symbolLabel = new QLabel(this);
    m_symbolLabel->setObjectName(u"ticketSymbol"_s);
    QFont symbolFont = m_symbolLabel->font();
    symbolFont.setPointSizeF(symbolFont.pointSizeF() * 1.25);
    symbolFont.setBold(true);
    m_symbolLabel->setFont(symbolFont);
    m_lastLabel = new QLabel(this);
    m_lastLabel->setObjectName(u"ticketLast"_s);
    m_lastLabel->setProperty("role", u"muted"_s);
    m_lastLabel->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    header->addWidget(m_symbolLabel, 1);
    header->addWidget(m_lastLabel);
    layout->addLayout(header);

    auto* sides = new QHBoxLayout;
    sides->setSpacing(0);
    m_buy = new QPushButton(this);
    m_buy->setObjectName(u"ticketBuy"_s);
    m_sell = new QPushButton(this);
    m_sell->setObjectName(u"ticketSell"_s);
    m_sides = new QButtonGroup(this);
    for (QPushButton* button : {m_buy, m_sell}) {
        button->setCheckable(true);
        button->setMinimumHeight(34);
        m_sides->addButton(button);
        sides->addWidget(button, 1);
    }
    m_buy->setChecked(true);
    connect(m_sides, &QButtonGroup::buttonClicked, this, [this](QAbstractButton* button) {
        setSide(button == m_buy ? Side::Buy : Side::Sell);
    });
    layout->addLayout(sides);

    m_form = new QFormLayout;
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_form->setLabelAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_form->setHorizontalSpacing(10);
    m_form->setVerticalSpacing(6);

    m_venue = new QComboBox(this);
    m_venue->setObjectName(u"ticketVenue"_s);
    m_venueLabel = new QLabel(this);
    m_form->addRow(m_venueLabel, m_venue);
    m_liveNote = new QLabel(this);
    m_liveNote->setObjectName(u"ticketLiveNote"_s);
    m_liveNote->setProperty("role", u"warning"_s);
    m_liveNote->setWordWrap(true);
    m_liveNote->hide();
    m_form->addRow(m_liveNote);

    m_kind = new QComboBox(this);
    m_kind->setObjectName(u"ticketType"_s);
    for (int i = 0; i <= int(Kind::Oco); ++i)
        m_kind->addItem(QString(), i);
    m_kind->setCurrentIndex(int(Kind::Limit));
    m_kindLabel = new QLabel(this);
    m_form->addRow(m_kindLabel, m_kind);

    m_price = decimalEdit(this, u"ticketPrice"_s);
    m_priceUnit = new QLabel(this);
    m_priceError = makeErrorLabel(this);
    m_priceRow = fieldRow(this, m_price, m_priceUnit, m_priceError);
    m_priceLabel = new QLabel(this);
    m_form->addRow(m_priceLabel, m_priceRow);

    m_stop = decimalEdit(this, u"ticketStopPrice"_s);
    m_stopUnit = new QLabel(this);
    m_stopError = makeErrorLabel(this);
    m_stopRow = fieldRow(this, m_stop, m_stopUnit, m_stopError);
    m_stopLabel = new QLabel(this);
    m_form->addRow(m_stopLabel, m_stopRow);

    m_stopLimit = decimalEdit(this, u"ticketStopLimitPrice"_s);
    m_stopLimitUnit = new QLabel(this);
    m_stopLimitError = makeErrorLabel(this);
    m_stopLimitRow = fieldRow(this, m_stopLimit, m_stopLimitUnit, m_stopLimitError);
    m_stopLimitLabel = new QLabel(this);
    m_form->addRow(m_stopLimitLabel, m_stopLimitRow);

    m_trailing = decimalEdit(this, u"ticketTrailing"_s);
    m_trailing->setValidator(new QRegularExpressionValidator(
        QRegularExpression(u"^\\d{0,2}([.,]\\d{0,2})?$"_s), m_trailing));
    m_trailingError = makeErrorLabel(this);
    auto* percent = new QLabel(u"%"_s, this);
    m_trailingRow = fieldRow(this, m_trailing, percent, m_trailingError);
    m_trailingLabel = new QLabel(this);
    m_form->addRow(m_trailingLabel, m_trailingRow);

    m_quantity = decimalEdit(this, u"ticketQuantity"_s);
    m_quantityUnit = new QLabel(this);
    m_quantityError = makeErrorLabel(this);
    m_quantityLabel = new QLabel(this);
    m_form->addRow(m_quantityLabel, fieldRow(this, m_quantity, m_quantityUnit, m_quantityError));

    m_shareRow = new QWidget(this);
    auto* shares = new QHBoxLayout(m_shareRow);
    shares->setContentsMargins(0, 0, 0, 0);
    shares->setSpacing(4);
    for (const int share : sharePercents) {
        auto* button = new QPushButton(u"%1 %"_s.arg(share), m_shareRow);
        button->setObjectName(u"ticketShare%1"_s.arg(share));
        button->setStyleSheet(u"QPushButton { padding: 3px 4px; min-width: 0; }"_s);
        connect(button, &QPushButton::clicked, this, [this, share] {
            if (!applyShare(share))
                showMessage(tr("%1 % of the balance cannot be computed: no free balance or no "
                               "price yet.")
                                .arg(share),
                            true);
        });
        shares->addWidget(button, 1);
        m_shareButtons.append(button);
    }
    m_shareLabel = new QLabel(this);
    m_form->addRow(m_shareLabel, m_shareRow);

    m_tif = new QComboBox(this);
    m_tif->setObjectName(u"ticketTimeInForce"_s);
    m_tif->addItem(QString(), int(TimeInForce::GoodTillCancel));
    m_tif->addItem(QString(), int(TimeInForce::ImmediateOrCancel));
    m_tif->addItem(QString(), int(TimeInForce::FillOrKill));
    m_tifError = makeErrorLabel(this);
    m_tifRow = new QWidget(this);
    auto* tifColumn = new QVBoxLayout(m_tifRow);
    tifColumn->setContentsMargins(0, 0, 0, 0);
    tifColumn->setSpacing(2);
    tifColumn->addWidget(m_tif);
    tifColumn->addWidget(m_tifError);
    m_tifLabel = new QLabel(this);
    m_form->addRow(m_tifLabel, m_tifRow);
    layout->addLayout(m_form);

    auto* options = new QHBoxLayout;
    m_postOnly = new QCheckBox(this);
    m_postOnly->setObjectName(u"ticketPostOnly"_s);
    m_reduceOnly = new QCheckBox(this);
    m_reduceOnly->setObjectName(u"ticketReduceOnly"_s);
    options->addWidget(m_postOnly);
    options->addWidget(m_reduceOnly);
    options->addStretch(1);
    layout->addLayout(options);
    m_optionsError = makeErrorLabel(this);
    layout->addWidget(m_optionsError);

    auto* separator = new QFrame(this);
    separator->setProperty("role", u"separator"_s);
    layout->addWidget(separator);
    m_available = new QLabel(this);
    m_available->setObjectName(u"ticketAvailable"_s);
    m_available->setProperty("role", u"muted"_s);
    layout->addWidget(m_available);
    m_estimate = new QLabel(this);
    m_estimate->setObjectName(u"ticketEstimate"_s);
    layout->addWidget(m_estimate);
    m_accountNote = new QLabel(this);
    m_accountNote->setObjectName(u"ticketAccountNote"_s);
    m_accountNote->setProperty("role", u"warning"_s);
    m_accountNote->setWordWrap(true);
    m_accountNote->hide();
    layout->addWidget(m_accountNote);

    m_submit = new QPushButton(this);
    m_submit->setObjectName(u"ticketSubmit"_s);
    m_submit->setMinimumHeight(38);
    // Its text changes as the user types: it must not resize the dock.
    m_submit->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
    connect(m_submit, &QPushButton::clicked, this, &OrderTicket::submit);
    layout->addWidget(m_submit);

    m_oneClick = new QCheckBox(this);
    m_oneClick->setObjectName(u"ticketOneClick"_s);
    m_oneClick->setChecked(m_oneClickSetting.get());
    connect(m_oneClick, &QCheckBox::toggled, this, [this](bool on) {
        m_oneClickSetting.set(on);
        emit oneClickChanged(on);
    });
    layout->addWidget(m_oneClick);

    m_message = new QLabel(this);
    m_message->setObjectName(u"ticketMessage"_s);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();
    layout->addWidget(m_message);
    layout->addStretch(1);

    connect(m_venue, &QComboBox::currentIndexChanged, this, [this] {
        showMessage({}, false);
        venueChosen();
    });
    connect(m_kind, &QComboBox::currentIndexChanged, this, [this] {
        clearErrors();
        prefillPrice();
        updateFields();
    });
    connect(m_tif, &QComboBox::currentIndexChanged, this, &OrderTicket::updateFields);
    for (QLineEdit* edit : {m_price, m_stop, m_stopLimit, m_trailing, m_quantity}) {
        connect(edit, &QLineEdit::textEdited, this, [this, edit] {
            // Typing in a field answers its error.
            for (const Field field : {Field::Quantity, Field::Price, Field::StopPrice,
                                      Field::StopLimitPrice, Field::Trailing}) {
                if (editOf(field) == edit)
                    setFieldError(field, {});
            }
            updateSummary();
        });
    }
    connect(m_postOnly, &QCheckBox::toggled, this, [this] {
        setFieldError(Field::PostOnly, {});
        updateSummary();
    });
    connect(m_reduceOnly, &QCheckBox::toggled, this, &OrderTicket::updateSummary);
}

void OrderTicket::setSymbol(const QString& symbol)
{
    if (symbol == m_symbol)
        return;
    m_symbol = symbol;
    m_lastPrice.clear();
    m_price->clear();
    m_stop->clear();
    m_stopLimit->clear();
    m_quantity->clear();
    clearErrors();
    showMessage({}, false);
    retranslateUi();
    updateAvailable();
    updateSummary();
}

void OrderTicket::setLastPrice(const QString& price)
{
    if (price == m_lastPrice)
        return;
    const bool first = m_lastPrice.isEmpty();
    m_lastPrice = price;
    m_lastLabel->setText(price.isEmpty() ? QString()
                                         : tr("Last %1").arg(shown(formatAmount(
                                               price, m_instruments.pricePrecision(m_symbol)))));
    if (first)
        prefillPrice();
    updateSummary();
}

void OrderTicket::setPortfolio(const Portfolio& portfolio)
{
    m_portfolios[normalizedVenue(portfolio.venue)] = portfolio;
    updateAvailable();
    updateSummary();
}

const Portfolio* OrderTicket::portfolio() const
{
    const auto it = m_portfolios.find(venue());
    return it == m_portfolios.end() ? nullptr : &it->second;
}

void OrderTicket::setVenues(const QStringList& venues)
{
    const QStringList offered = tradableVenues(venues);
    if (offered == this->venues())
        return;
    const QString chosen = venue();
    {
        const QSignalBlocker blocker(m_venue);
        m_venue->clear();
        for (const QString& name : offered)
            m_venue->addItem(venueDisplayName(name), name);
        // Never a live venue by surprise: a venue that is gone falls back to paper.
        const int index = m_venue->findData(chosen);
        m_venue->setCurrentIndex(index >= 0 ? index : 0);
    }
    m_venue->setEnabled(m_venue->count() > 1);
    venueChosen();
}

QStringList OrderTicket::venues() const
{
    QStringList names;
    for (int i = 0; i < m_venue->count(); ++i)
        names << m_venue->itemData(i).toString();
    return names;
}

QString OrderTicket::venue() const
{
    const QString name = m_venue->currentData().toString();
    return name.isEmpty() ? paperVenue.toString() : name;
}

bool OrderTicket::setVenue(const QString& venue)
{
    const int index = m_venue->findData(normalizedVenue(venue));
    if (index < 0)
        return false;
    m_venue->setCurrentIndex(index);
    return true;
}

void OrderTicket::venueChosen()
{
    const bool live = isLiveVenue(venue());
    m_liveNote->setText(live ? tr("Live: orders on %1 are real orders with real money.")
                                   .arg(exchangeDisplayName(venue()))
                             : QString());
    m_form->setRowVisible(m_liveNote, live);
    updateAvailable();
    updateSummary();
}

bool OrderTicket::needsConfirmation() const
{
    return !oneClick() || isLiveVenue(venue());
}

void OrderTicket::setSide(Side side)
{
    if (side == Side::Unknown)
        return;
    m_side = side;
    (side == Side::Buy ? m_buy : m_sell)->setChecked(true);
    applyTheme();
    updateAvailable();
    updateSummary();
}

OrderTicket::Kind OrderTicket::kind() const
{
    return Kind(m_kind->currentData().toInt());
}

void OrderTicket::setKind(Kind kind)
{
    m_kind->setCurrentIndex(m_kind->findData(int(kind)));
}

void OrderTicket::setQuantity(const QString& quantity)
{
    m_quantity->setText(quantity);
    updateSummary();
}

void OrderTicket::setPrice(const QString& price)
{
    m_price->setText(price);
    updateSummary();
}

void OrderTicket::setStopPrice(const QString& price)
{
    m_stop->setText(price);
    updateSummary();
}

void OrderTicket::setStopLimitPrice(const QString& price)
{
    m_stopLimit->setText(price);
    updateSummary();
}

void OrderTicket::setTrailingPercent(const QString& percent)
{
    m_trailing->setText(percent);
    updateSummary();
}

void OrderTicket::setTimeInForce(TimeInForce tif)
{
    m_tif->setCurrentIndex(m_tif->findData(int(tif)));
}

void OrderTicket::setPostOnly(bool postOnly)
{
    m_postOnly->setChecked(postOnly);
}

void OrderTicket::setReduceOnly(bool reduceOnly)
{
    m_reduceOnly->setChecked(reduceOnly);
}

bool OrderTicket::oneClick() const
{
    return m_oneClick->isChecked();
}

void OrderTicket::setOneClick(bool oneClick)
{
    m_oneClick->setChecked(oneClick);
}

QString OrderTicket::base() const
{
    if (const Instrument* instrument = m_instruments.find(m_symbol); instrument
                                                                    && !instrument->base.isEmpty())
        return instrument->base;
    // Before the instruments load: the usual quote assets of the exchange.
    for (const QString& quoteAsset : {u"USDT"_s, u"USDC"_s, u"BUSD"_s, u"BTC"_s, u"ETH"_s}) {
        if (m_symbol.size() > quoteAsset.size() && m_symbol.endsWith(quoteAsset))
            return m_symbol.left(m_symbol.size() - quoteAsset.size());
    }
    return m_symbol;
}

QString OrderTicket::quote() const
{
    if (const Instrument* instrument = m_instruments.find(m_symbol); instrument
                                                                    && !instrument->quote.isEmpty())
        return instrument->quote;
    const QString baseAsset = base();
    return m_symbol.startsWith(baseAsset) ? m_symbol.mid(baseAsset.size()) : QString();
}

QString OrderTicket::decimalOf(const QLineEdit* edit)
{
    QString text = edit->text().trimmed();
    text.replace(u',', u'.');
    if (text.startsWith(u'.'))
        text.prepend(u'0');
    if (text.endsWith(u'.'))
        text.chop(1);
    return text;
}

QString OrderTicket::shown(const QString& decimal) const
{
    QString text = decimal;
    text.replace(u'.', locale().decimalPoint());
    return text;
}

QString OrderTicket::quantity() const
{
    return decimalOf(m_quantity);
}

bool OrderTicket::isFieldShown(Field field) const
{
    const Kind current = kind();
    switch (field) {
    case Field::Quantity:
        return true;
    case Field::Price:
        return current == Kind::Limit || current == Kind::StopLimit || current == Kind::Oco;
    case Field::StopPrice:
        return current == Kind::StopMarket || current == Kind::StopLimit || current == Kind::Oco;
    case Field::StopLimitPrice:
        return current == Kind::Oco;
    case Field::Trailing:
        return current == Kind::TrailingStop;
    case Field::TimeInForce:
        return current == Kind::Limit;
    case Field::PostOnly:
        return current == Kind::Limit;
    }
    return false;
}

QLineEdit* OrderTicket::editOf(Field field) const
{
    switch (field) {
    case Field::Quantity:
        return m_quantity;
    case Field::Price:
        return m_price;
    case Field::StopPrice:
        return m_stop;
    case Field::StopLimitPrice:
        return m_stopLimit;
    case Field::Trailing:
        return m_trailing;
    default:
        return nullptr;
    }
}

QLabel* OrderTicket::errorOf(Field field) const
{
    switch (field) {
    case Field::Quantity:
        return m_quantityError;
    case Field::Price:
        return m_priceError;
    case Field::StopPrice:
        return m_stopError;
    case Field::StopLimitPrice:
        return m_stopLimitError;
    case Field::Trailing:
        return m_trailingError;
    case Field::TimeInForce:
        return m_tifError;
    case Field::PostOnly:
        return m_optionsError;
    }
    return nullptr;
}

QString OrderTicket::fieldError(Field field) const
{
    const QLabel* label = errorOf(field);
    return label && !label->isHidden() ? label->text() : QString();
}

void OrderTicket::setFieldError(Field field, const QString& message)
{
    QLabel* label = errorOf(field);
    label->setText(message);
    label->setVisible(!message.isEmpty());
    if (QLineEdit* edit = editOf(field)) {
        edit->setStyleSheet(message.isEmpty() ? QString()
                                              : u"QLineEdit { border-color: %1; }"_s.arg(
                                                    m_theme.color(u"danger"_s).name()));
    }
}

void OrderTicket::clearErrors()
{
    for (const Field field : {Field::Quantity, Field::Price, Field::StopPrice,
                              Field::StopLimitPrice, Field::Trailing, Field::TimeInForce,
                              Field::PostOnly})
        setFieldError(field, {});
}

QString OrderTicket::message() const
{
    return m_message->isHidden() ? QString() : m_message->text();
}

void OrderTicket::showMessage(const QString& text, bool error)
{
    m_messageIsError = error;
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
    const QColor color = m_theme.color(error ? u"danger"_s : u"success"_s);
    QColor background = color;
    background.setAlpha(30);
    m_message->setStyleSheet(
        u"QLabel { color: %1; background: rgba(%2, %3, %4, %5); border: 1px solid %1; "
        "border-radius: 4px; padding: 6px 8px; }"_s.arg(color.name())
            .arg(background.red())
            .arg(background.green())
            .arg(background.blue())
            .arg(background.alpha()));
}

void OrderTicket::prefillPrice()
{
    // A limit price to start from: the last price, as trading terminals do.
    if (m_lastPrice.isEmpty() || !isFieldShown(Field::Price) || !m_price->text().isEmpty())
        return;
    m_price->setText(shown(formatAmount(m_lastPrice, m_instruments.pricePrecision(m_symbol), 0,
                                        QLocale::c())));
    updateSummary();
}

QString OrderTicket::referencePrice() const
{
    switch (kind()) {
    case Kind::Limit:
    case Kind::StopLimit:
    case Kind::Oco:
        return decimalOf(m_price);
    case Kind::StopMarket:
        return decimalOf(m_stop);
    case Kind::Market:
    case Kind::TrailingStop:
        return m_lastPrice;
    }
    return {};
}

bool OrderTicket::applyShare(int percent)
{
    const Portfolio* shownPortfolio = portfolio();
    if (!shownPortfolio)
        return false;
    const Balance* funds = shownPortfolio->balance(m_side == Side::Buy ? quote() : base());
    if (!funds)
        return false;
    const Instrument* instrument = m_instruments.find(m_symbol);
    const auto quantity = quantityForShare(funds->free, percent, m_side, referencePrice(),
                                           instrument ? instrument->lotSize : QString());
    if (!quantity)
        return false;
    m_quantity->setText(shown(*quantity));
    setFieldError(Field::Quantity, {});
    updateSummary();
    return true;
}

QString OrderTicket::submitText() const
{
    const bool buy = m_side == Side::Buy;
    const QString qty = quantity();
    const QString amount = qty.isEmpty() ? base() : tr("%1 %2").arg(shown(qty), base());
    const QString price = shown(decimalOf(m_price));
    const QString stop = shown(decimalOf(m_stop));
    switch (kind()) {
    case Kind::Market:
        return buy ? tr("Buy %1 at market").arg(amount) : tr("Sell %1 at market").arg(amount);
    case Kind::Limit:
        return buy ? tr("Buy %1 at limit %2").arg(amount, price)
                   : tr("Sell %1 at limit %2").arg(amount, price);
    case Kind::StopMarket:
        return buy ? tr("Buy %1 at market on stop %2").arg(amount, stop)
                   : tr("Sell %1 at market on stop %2").arg(amount, stop);
    case Kind::StopLimit:
        return buy ? tr("Buy %1 at limit %2 on stop %3").arg(amount, price, stop)
                   : tr("Sell %1 at limit %2 on stop %3").arg(amount, price, stop);
    case Kind::TrailingStop: {
        const QString trail = shown(decimalOf(m_trailing));
        return buy ? tr("Buy %1 trailing %2 %").arg(amount, trail)
                   : tr("Sell %1 trailing %2 %").arg(amount, trail);
    }
    case Kind::Oco:
        return buy ? tr("Buy %1: OCO limit %2 / stop %3").arg(amount, price, stop)
                   : tr("Sell %1: OCO limit %2 / stop %3").arg(amount, price, stop);
    }
    return {};
}

QString OrderTicket::estimateText() const
{
    const QString price = referencePrice();
    const auto value = multiplyDecimals(price, quantity());
    if (!value || quantity().isEmpty())
        return {};
    const QString amount = tr("%1 %2").arg(formatAmount(*value, 2), quote());
    const bool approximate = kind() == Kind::Market || kind() == Kind::TrailingStop;
    if (m_side == Side::Buy)
        return approximate ? tr("Cost ≈ %1 (at the last price)").arg(amount)
                           : tr("Cost ≈ %1").arg(amount);
    return approximate ? tr("Proceeds ≈ %1 (at the last price)").arg(amount)
                       : tr("Proceeds ≈ %1").arg(amount);
}

QString OrderTicket::confirmationText() const
{
    QStringList lines;
    lines << tr("Venue: %1").arg(venueDisplayName(venue()));
    lines << tr("Symbol: %1").arg(m_symbol);
    lines << tr("Side: %1").arg(sideName(m_side));
    lines << tr("Type: %1").arg(m_kind->currentText());
    lines << tr("Quantity: %1 %2").arg(shown(quantity()), base());
    if (isFieldShown(Field::Price))
        lines << (kind() == Kind::Oco ? tr("Take-profit limit: %1 %2")
                                      : tr("Limit price: %1 %2"))
                     .arg(shown(decimalOf(m_price)), quote());
    if (isFieldShown(Field::StopPrice))
        lines << tr("Stop price: %1 %2").arg(shown(decimalOf(m_stop)), quote());
    if (isFieldShown(Field::StopLimitPrice) && !decimalOf(m_stopLimit).isEmpty())
        lines << tr("Stop-limit price: %1 %2").arg(shown(decimalOf(m_stopLimit)), quote());
    if (isFieldShown(Field::Trailing))
        lines << tr("Trailing distance: %1 %").arg(shown(decimalOf(m_trailing)));
    if (isFieldShown(Field::TimeInForce))
        lines << tr("Time in force: %1").arg(m_tif->currentText());
    if (isFieldShown(Field::PostOnly) && m_postOnly->isChecked())
        lines << tr("Post-only: yes");
    if (m_reduceOnly->isChecked())
        lines << tr("Reduce-only: yes");
    if (const QString estimate = estimateText(); !estimate.isEmpty())
        lines << estimate;
    return lines.join(u'\n');
}

std::optional<OrderRequest> OrderTicket::orderRequest()
{
    clearErrors();
    bool ok = true;
    const QString qty = quantity();
    if (!isPositiveDecimal(qty)) {
        setFieldError(Field::Quantity, qty.isEmpty() ? tr("Enter a quantity.")
                                                     : tr("The quantity must be above zero."));
        ok = false;
    }
    if (isFieldShown(Field::Price) && !isPositiveDecimal(decimalOf(m_price))) {
        setFieldError(Field::Price, tr("Enter a price above zero."));
        ok = false;
    }
    if (isFieldShown(Field::StopPrice) && !isPositiveDecimal(decimalOf(m_stop))) {
        setFieldError(Field::StopPrice, tr("Enter a stop price above zero."));
        ok = false;
    }
    if (isFieldShown(Field::StopLimitPrice) && !decimalOf(m_stopLimit).isEmpty()
        && !isPositiveDecimal(decimalOf(m_stopLimit))) {
        setFieldError(Field::StopLimitPrice, tr("Enter a price above zero, or leave it empty."));
        ok = false;
    }
    std::optional<int> basisPoints;
    if (isFieldShown(Field::Trailing)) {
        basisPoints = percentToBasisPoints(decimalOf(m_trailing));
        if (!basisPoints) {
            setFieldError(Field::Trailing, tr("Enter a distance from 0.01 to 20 %."));
            ok = false;
        }
    }
    if (!ok || kind() == Kind::Oco)
        return std::nullopt;
    const OrderType type = kind() == Kind::Market       ? OrderType::Market
                           : kind() == Kind::Limit      ? OrderType::Limit
                           : kind() == Kind::StopMarket ? OrderType::StopMarket
                           : kind() == Kind::StopLimit  ? OrderType::StopLimit
                                                        : OrderType::TrailingStop;
    OrderRequest request{.symbol = m_symbol,
                         .side = m_side,
                         .type = type,
                         .timeInForce = TimeInForce::GoodTillCancel,
                         .quantity = qty,
                         .price = hasLimitPrice(type) ? decimalOf(m_price) : QString(),
                         .stopPrice = hasStopPrice(type) ? decimalOf(m_stop) : QString(),
                         .trailingBasisPoints = basisPoints.value_or(0),
                         .postOnly = isFieldShown(Field::PostOnly) && m_postOnly->isChecked()
                                     && TimeInForce(m_tif->currentData().toInt())
                                            == TimeInForce::GoodTillCancel,
                         .reduceOnly = m_reduceOnly->isChecked(),
                         .idempotencyKey = {},
                         .venue = venue()};
    if (isFieldShown(Field::TimeInForce))
        request.timeInForce = TimeInForce(m_tif->currentData().toInt());
    return request;
}

std::optional<OcoRequest> OrderTicket::ocoRequest()
{
    if (kind() != Kind::Oco)
        return std::nullopt;
    orderRequest(); // checks and marks the fields
    for (const Field field : {Field::Quantity, Field::Price, Field::StopPrice,
                              Field::StopLimitPrice}) {
        if (!fieldError(field).isEmpty())
            return std::nullopt;
    }
    return OcoRequest{.symbol = m_symbol,
                      .side = m_side,
                      .quantity = quantity(),
                      .limitPrice = decimalOf(m_price),
                      .stopPrice = decimalOf(m_stop),
                      .stopLimitPrice = decimalOf(m_stopLimit),
                      .reduceOnly = m_reduceOnly->isChecked(),
                      .idempotencyKey = {},
                      .venue = venue()};
}

std::unique_ptr<QMessageBox> OrderTicket::confirmation()
{
    if (!needsConfirmation())
        return nullptr;
    const bool live = isLiveVenue(venue());
    auto confirm = std::make_unique<QMessageBox>(
        live ? QMessageBox::Warning : QMessageBox::Question,
        live ? tr("Confirm live order") : tr("Confirm order"),
        live ? tr("This is a real order on %1 with real money. Place it?")
                   .arg(exchangeDisplayName(venue()))
             : tr("Place this order on the paper account?"),
        QMessageBox::Ok | QMessageBox::Cancel, this);
    confirm->setObjectName(u"ticketConfirmation"_s);
    confirm->setInformativeText(confirmationText());
    QAbstractButton* ok = confirm->button(QMessageBox::Ok);
    ok->setText(live ? tr("%1 — live").arg(submitText()) : submitText());
    // The box sizes itself by the button before the theme's padding applies: the long text
    // would be cut off.
    confirm->ensurePolished();
    ok->setMinimumWidth(ok->sizeHint().width());
    confirm->setDefaultButton(QMessageBox::Cancel);
    return confirm;
}

void OrderTicket::submit()
{
    if (m_sending || m_symbol.isEmpty())
        return;
    showMessage({}, false);
    const bool valid = kind() == Kind::Oco ? ocoRequest().has_value() : orderRequest().has_value();
    if (!valid) {
        showMessage(tr("Check the marked fields."), true);
        return;
    }
    // A live order is never sent without a yes, whatever one-click says.
    const QString chosen = venue();
    if (const auto confirm = confirmation(); confirm && confirm->exec() != QMessageBox::Ok)
        return;
    // The venue may have changed while the dialog was open (a key deleted meanwhile).
    if (venue() != chosen) {
        showMessage(tr("The venue changed; check the order and submit it again."), true);
        return;
    }
    send();
}

void OrderTicket::send()
{
    // One key per submission: a retry of the same call places nothing twice.
    const QString key = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const auto failed = [this](const TradingError& error) {
        static const std::pair<const char16_t*, Field> fields[] = {
            {u"quantity", Field::Quantity},
            {u"price", Field::Price},
            {u"limit price", Field::Price},
            {u"prices", Field::Price},
            {u"stop price", Field::StopPrice},
            {u"stop limit price", Field::StopLimitPrice},
            {u"trailing distance", Field::Trailing},
            {u"time in force", Field::TimeInForce},
            {u"post-only", Field::PostOnly},
        };
        for (const auto& [name, field] : fields) {
            if (error.field == QStringView(name) && isFieldShown(field)) {
                setFieldError(field, error.fieldMessage);
                showMessage(tr("The server refused the order: %1").arg(error.message), true);
                return;
            }
        }
        showMessage(tr("The order was not placed: %1").arg(error.message), true);
    };
    m_sending = true;
    updateEnabled();
    if (kind() == Kind::Oco) {
        auto request = ocoRequest();
        if (!request) {
            m_sending = false;
            updateEnabled();
            return;
        }
        request->idempotencyKey = key;
        m_session.placeOco(*request, this,
                           [this, failed](SessionController::TradingOutcome<OcoOrders> result) {
                               m_sending = false;
                               updateEnabled();
                               if (!result)
                                   return failed(result.error());
                               emit orderPlaced(result->limitLeg);
                               if (!result->stopLeg.clientOrderId.isEmpty())
                                   emit orderPlaced(result->stopLeg);
                               showResult(result->limitLeg);
                           });
        return;
    }
    auto request = orderRequest();
    if (!request) {
        m_sending = false;
        updateEnabled();
        return;
    }
    request->idempotencyKey = key;
    m_session.placeOrder(*request, this,
                         [this, failed](SessionController::TradingOutcome<Order> result) {
                             m_sending = false;
                             updateEnabled();
                             if (!result)
                                 return failed(result.error());
                             emit orderPlaced(*result);
                             showResult(*result);
                         });
}

void OrderTicket::showResult(const Order& order)
{
    const QString what = tr("%1 %2 %3 %4")
                             .arg(sideName(order.side), shown(order.quantity), order.symbol,
                                  orderTypeName(order.type));
    switch (order.state) {
    case OrderState::Rejected:
        showMessage(tr("Rejected: %1").arg(order.reason.isEmpty() ? what : order.reason), true);
        break;
    case OrderState::Expired:
        showMessage(tr("Expired: %1 — %2").arg(what, order.reason), true);
        break;
    case OrderState::Filled:
        showMessage(tr("Filled: %1 at %2").arg(what, shown(order.averagePrice)), false);
        break;
    case OrderState::PartiallyFilled:
        showMessage(tr("Partially filled: %1, %2 done").arg(what, shown(order.filledQuantity)),
                    false);
        break;
    default:
        showMessage(tr("Placed: %1 (%2)").arg(what, orderStateName(order.state)), false);
        break;
    }
}

void OrderTicket::updateFields()
{
    m_form->setRowVisible(m_priceRow, isFieldShown(Field::Price));
    m_form->setRowVisible(m_stopRow, isFieldShown(Field::StopPrice));
    m_form->setRowVisible(m_stopLimitRow, isFieldShown(Field::StopLimitPrice));
    m_form->setRowVisible(m_trailingRow, isFieldShown(Field::Trailing));
    m_form->setRowVisible(m_tifRow, isFieldShown(Field::TimeInForce));
    const bool gtc = TimeInForce(m_tif->currentData().toInt()) == TimeInForce::GoodTillCancel;
    m_postOnly->setVisible(isFieldShown(Field::PostOnly));
    m_postOnly->setEnabled(gtc);
    if (!gtc)
        m_postOnly->setChecked(false);
    m_priceLabel->setText(kind() == Kind::Oco ? tr("Take profit") : tr("Limit price"));
    updateSummary();
}

void OrderTicket::updateSummary()
{
    m_submit->setText(submitText());
    const QString estimate = estimateText();
    m_estimate->setText(estimate);
    m_estimate->setVisible(!estimate.isEmpty());
}

void OrderTicket::updateAvailable()
{
    const QString asset = m_side == Side::Buy ? quote() : base();
    const Portfolio* shownPortfolio = portfolio();
    const Balance* funds = shownPortfolio ? shownPortfolio->balance(asset) : nullptr;
    if (!shownPortfolio) {
        m_available->setText(tr("Available: —"));
    } else {
        m_available->setText(tr("Available: %1 %2")
                                 .arg(formatAmount(funds ? funds->free : u"0"_s, -1, 2), asset));
    }
    const QString state = shownPortfolio ? shownPortfolio->accountState : QString();
    m_accountNote->setText(m_session.isLoggedIn() && !m_session.canTrade()
                               ? tr("Your role cannot place orders.")
                           : state == u"HALTED" ? tr("The account is halted: orders are refused "
                                                     "until trading is resumed.")
                           : state == u"REDUCING"
                               ? tr("The account is reducing only: only orders that shrink a "
                                    "position are accepted.")
                               : QString());
    m_accountNote->setVisible(!m_accountNote->text().isEmpty());
    for (QPushButton* button : m_shareButtons)
        button->setEnabled(funds != nullptr);
}

void OrderTicket::updateEnabled()
{
    updateAvailable(); // its note says when the role cannot trade
    const bool allowed = m_session.canTrade();
    m_submit->setEnabled(allowed && !m_sending && !m_symbol.isEmpty());
    m_submit->setToolTip(allowed ? QString() : tr("Your role cannot place orders."));
    if (m_sending)
        m_submit->setText(tr("Sending…"));
    else
        updateSummary();
}

void OrderTicket::applyTheme()
{
    const QColor buy = m_theme.color(u"success"_s);
    const QColor sell = m_theme.color(u"danger"_s);
    const QColor idle = m_theme.color(u"button"_s);
    const QColor text = m_theme.color(u"text"_s);
    const QColor onColor = m_theme.color(u"accentText"_s);
    const auto sideStyle = [&](const QColor& color, bool left) {
        return u"QPushButton { background: %1; color: %2; border: 1px solid %3; font-weight: 600; "
               "border-radius: 0; %4 }"
               "QPushButton:checked { background: %3; color: %5; }"_s
            .arg(idle.name(), text.name(), color.name(),
                 left ? u"border-top-left-radius: 4px; border-bottom-left-radius: 4px;"_s
                      : u"border-top-right-radius: 4px; border-bottom-right-radius: 4px;"_s,
                 onColor.name());
    };
    m_buy->setStyleSheet(sideStyle(buy, true));
    m_sell->setStyleSheet(sideStyle(sell, false));
    const QColor action = m_side == Side::Buy ? buy : sell;
    m_submit->setStyleSheet(
        u"QPushButton { background: %1; border-color: %1; color: %2; font-weight: 700; }"
        "QPushButton:hover { background: %3; }"
        "QPushButton:disabled { background: %4; border-color: %4; color: %5; }"_s.arg(
            action.name(), onColor.name(), action.lighter(112).name(), idle.name(),
            m_theme.color(u"muted"_s).name()));
    if (!m_message->isHidden())
        showMessage(m_message->text(), m_messageIsError);
}

void OrderTicket::retranslateUi()
{
    m_symbolLabel->setText(m_symbol.isEmpty() ? tr("Order ticket") : m_symbol);
    m_buy->setText(tr("Buy"));
    m_sell->setText(tr("Sell"));
    m_kindLabel->setText(tr("Type"));
    m_venueLabel->setText(tr("Venue"));
    for (int i = 0; i < m_venue->count(); ++i)
        m_venue->setItemText(i, venueDisplayName(m_venue->itemData(i).toString()));
    m_venue->setToolTip(tr("Where the order goes: Paper (simulated fills) or a live exchange "
                           "(real money). Add an exchange key under Account → Exchange keys."));
    const QStringList kinds{tr("Market"),     tr("Limit"),         tr("Stop market"),
                            tr("Stop limit"), tr("Trailing stop"), tr("OCO")};
    for (int i = 0; i < kinds.size(); ++i)
        m_kind->setItemText(i, kinds[i]);
    m_kind->setToolTip(tr("Stop orders wait for the last price to reach the stop; OCO places a "
                          "take-profit limit and a stop together: when one fills, the other is "
                          "cancelled."));
    m_stopLabel->setText(tr("Stop price"));
    m_stopLimitLabel->setText(tr("Stop limit"));
    m_stopLimit->setPlaceholderText(tr("empty: stop market"));
    m_trailingLabel->setText(tr("Trailing"));
    m_trailing->setPlaceholderText(tr("0.01–20"));
    m_quantityLabel->setText(tr("Quantity"));
    m_shareLabel->setText(tr("% of balance"));
    m_tifLabel->setText(tr("Time in force"));
    m_tif->setItemText(0, tr("GTC — good till cancelled"));
    m_tif->setItemText(1, tr("IOC — immediate or cancel"));
    m_tif->setItemText(2, tr("FOK — fill or kill"));
    m_postOnly->setText(tr("Post-only"));
    m_postOnly->setToolTip(tr("Rejected instead of taking liquidity: the order only rests in "
                              "the book (maker)."));
    m_reduceOnly->setText(tr("Reduce-only"));
    m_reduceOnly->setToolTip(tr("Only reduces the position; never opens or increases one."));
    m_oneClick->setText(tr("One-click trading (no confirmation)"));
    const QString quoteAsset = quote();
    for (QLabel* unit : {m_priceUnit, m_stopUnit, m_stopLimitUnit})
        unit->setText(quoteAsset);
    m_quantityUnit->setText(base());
    if (const Instrument* instrument = m_instruments.find(m_symbol)) {
        for (QLineEdit* edit : {m_price, m_stop})
            edit->setPlaceholderText(tr("tick %1").arg(shown(instrument->tickSize)));
        m_quantity->setPlaceholderText(tr("lot %1").arg(shown(instrument->lotSize)));
    } else {
        for (QLineEdit* edit : {m_price, m_stop, m_quantity})
            edit->setPlaceholderText(QString());
    }
    updateFields();
    updateAvailable();
    updateEnabled();
}

void OrderTicket::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

} // namespace bcf::app
