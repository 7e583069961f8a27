#include "gui/account_security_dialog.h"

#include "core/session_controller.h"
#include "gui/form_helpers.h"

#include <QClipboard>
#include <QEvent>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QStyle>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace bcf::app {

namespace {

QLabel* wrapped(QWidget* parent, const char* role = nullptr)
{
    auto* label = new QLabel(parent);
    label->setWordWrap(true);
    // A fixed text width keeps the height of wrapped text predictable (see SetFixedSize).
    label->setFixedWidth(472);
    if (role)
        label->setProperty("role", QString::fromLatin1(role));
    return label;
}

QLineEdit* passwordEdit(QWidget* parent)
{
    auto* edit = new QLineEdit(parent);
    edit->setEchoMode(QLineEdit::Password);
    edit->setMaxLength(1024);
    return edit;
}

QLineEdit* codeEdit(QWidget* parent)
{
    auto* edit = new QLineEdit(parent);
    edit->setMaxLength(6);
    edit->setValidator(
        new QRegularExpressionValidator(QRegularExpression(u"\\d{0,6}"_s), edit));
    edit->setMaximumWidth(140);
    return edit;
}

bool isCode(const QLineEdit* edit)
{
    return edit->text().trimmed().size() == 6;
}

QWidget* page(QWidget* parent, QVBoxLayout* host, QList<QWidget*>& pages, QVBoxLayout** layout)
{
    auto* widget = new QWidget(parent);
    *layout = new QVBoxLayout(widget);
    (*layout)->setContentsMargins(0, 0, 0, 0);
    (*layout)->setSpacing(12);
    host->addWidget(widget);
    pages.append(widget);
    return widget;
}

} // namespace

AccountSecurityDialog::AccountSecurityDialog(SessionController& session, QWidget* parent)
    : QDialog(parent)
    , m_session(session)
{
    setObjectName(u"accountSecurityDialog"_s);
    auto* layout = new QVBoxLayout(this);
    // The dialog takes the size of the page it shows, page by page.
    layout->setSizeConstraint(QLayout::SetFixedSize);
    layout->setContentsMargins(24, 20, 24, 20);
    layout->setSpacing(14);

    m_state = new QLabel(this);
    QFont stateFont = m_state->font();
    stateFont.setBold(true);
    stateFont.setPointSizeF(stateFont.pointSizeF() * 1.15);
    m_state->setFont(stateFont);
    layout->addWidget(m_state);

    auto* pageHost = new QVBoxLayout;
    pageHost->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(pageHost);
    QVBoxLayout* body = nullptr;
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);

    // Off
    auto* offPage = page(this, pageHost, m_pages, &body);
    m_offText = wrapped(offPage, "muted");
    body->addWidget(m_offText);
    auto* offForm = new QFormLayout;
    offForm->setLabelAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_offPasswordLabel = new QLabel(offPage);
    m_offPassword = passwordEdit(offPage);
    offForm->addRow(m_offPasswordLabel, m_offPassword);
    centerFormLabels(offForm);
    body->addLayout(offForm);
    auto* offButtons = new QHBoxLayout;
    offButtons->addStretch(1);
    m_begin = new QPushButton(offPage);
    m_begin->setProperty("accent", true);
    offButtons->addWidget(m_begin);
    body->addLayout(offButtons);

    // Enrol
    auto* enrolPage = page(this, pageHost, m_pages, &body);
    m_enrolText = wrapped(enrolPage, "muted");
    body->addWidget(m_enrolText);
    auto* enrolForm = new QFormLayout;
    enrolForm->setLabelAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    enrolForm->setVerticalSpacing(10);
    m_secretLabel = new QLabel(enrolPage);
    m_secret = new QLineEdit(enrolPage);
    m_secret->setReadOnly(true);
    m_secret->setFont(mono);
    m_copySecret = new QPushButton(enrolPage);
    auto* secretRow = new QHBoxLayout;
    secretRow->addWidget(m_secret, 1);
    secretRow->addWidget(m_copySecret);
    enrolForm->addRow(m_secretLabel, secretRow);
    m_uriLabel = new QLabel(enrolPage);
    m_uri = new QLineEdit(enrolPage);
    m_uri->setReadOnly(true);
    m_copyUri = new QPushButton(enrolPage);
    auto* uriRow = new QHBoxLayout;
    uriRow->addWidget(m_uri, 1);
    uriRow->addWidget(m_copyUri);
    enrolForm->addRow(m_uriLabel, uriRow);
    m_enrolCodeLabel = new QLabel(enrolPage);
    m_enrolCode = codeEdit(enrolPage);
    enrolForm->addRow(m_enrolCodeLabel, m_enrolCode);
    centerFormLabels(enrolForm);
    body->addLayout(enrolForm);
    auto* enrolButtons = new QHBoxLayout;
    enrolButtons->addStretch(1);
    m_confirm = new QPushButton(enrolPage);
    m_confirm->setProperty("accent", true);
    enrolButtons->addWidget(m_confirm);
    body->addLayout(enrolButtons);

    // Codes
    auto* codesPage = page(this, pageHost, m_pages, &body);
    m_codesText = wrapped(codesPage, "warning");
    body->addWidget(m_codesText);
    m_codes = new QPlainTextEdit(codesPage);
    m_codes->setObjectName(u"recoveryCodes"_s);
    m_codes->setReadOnly(true);
    m_codes->setFont(mono);
    m_codes->setMinimumHeight(180);
    body->addWidget(m_codes);
    auto* codesButtons = new QHBoxLayout;
    codesButtons->addStretch(1);
    m_copyCodes = new QPushButton(codesPage);
    codesButtons->addWidget(m_copyCodes);
    body->addLayout(codesButtons);

    // On
    auto* onPage = page(this, pageHost, m_pages, &body);
    m_onText = wrapped(onPage, "muted");
    body->addWidget(m_onText);
    auto* onForm = new QFormLayout;
    onForm->setLabelAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    onForm->setVerticalSpacing(10);
    m_onPasswordLabel = new QLabel(onPage);
    m_onPassword = passwordEdit(onPage);
    m_onCodeLabel = new QLabel(onPage);
    m_onCode = codeEdit(onPage);
    onForm->addRow(m_onPasswordLabel, m_onPassword);
    onForm->addRow(m_onCodeLabel, m_onCode);
    centerFormLabels(onForm);
    body->addLayout(onForm);
    auto* onButtons = new QHBoxLayout;
    onButtons->addStretch(1);
    m_disable = new QPushButton(onPage);
    onButtons->addWidget(m_disable);
    body->addLayout(onButtons);

    m_error = wrapped(this, "error");
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->hide();
    layout->addWidget(m_error);

    auto* closeRow = new QHBoxLayout;
    closeRow->addStretch(1);
    m_close = new QPushButton(this);
    m_close->setAutoDefault(false);
    closeRow->addWidget(m_close);
    layout->addLayout(closeRow);

    const auto copy = [](QLineEdit* from) {
        return [from] { QGuiApplication::clipboard()->setText(from->text()); };
    };
    connect(m_copySecret, &QPushButton::clicked, this, copy(m_secret));
    connect(m_copyUri, &QPushButton::clicked, this, copy(m_uri));
    connect(m_copyCodes, &QPushButton::clicked, this,
            [this] { QGuiApplication::clipboard()->setText(m_codes->toPlainText()); });
    connect(m_begin, &QPushButton::clicked, this, &AccountSecurityDialog::begin);
    connect(m_confirm, &QPushButton::clicked, this, &AccountSecurityDialog::confirm);
    connect(m_disable, &QPushButton::clicked, this, &AccountSecurityDialog::disable);
    connect(m_close, &QPushButton::clicked, this, &AccountSecurityDialog::accept);
    for (auto* edit : {m_offPassword, m_enrolCode, m_onPassword, m_onCode})
        connect(edit, &QLineEdit::textChanged, this, &AccountSecurityDialog::updateButtons);

    showPage(m_session.user().totpEnabled ? On : Off);
    retranslateUi();
}

void AccountSecurityDialog::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QDialog::changeEvent(event);
}

void AccountSecurityDialog::retranslateUi()
{
    setWindowTitle(tr("Account security — %1").arg(m_session.user().username));
    const bool on = m_page == On || m_page == Codes;
    m_state->setText(on ? tr("Two-factor authentication is on")
                        : tr("Two-factor authentication is off"));
    m_offText->setText(tr("Protect your account with a second step at login: a six-digit code "
                          "from an authenticator app (Google Authenticator, Authy, 1Password, "
                          "…). Confirm your password to start."));
    m_offPasswordLabel->setText(tr("Password"));
    m_begin->setText(tr("Set up two-factor…"));
    m_enrolText->setText(tr("Add this account to your authenticator app: type the secret key, or "
                            "copy the setup link into an app that accepts otpauth:// links. "
                            "Then enter the code the app shows."));
    m_secretLabel->setText(tr("Secret key"));
    m_uriLabel->setText(tr("Setup link"));
    m_copySecret->setText(tr("Copy"));
    m_copyUri->setText(tr("Copy"));
    m_enrolCodeLabel->setText(tr("Code from the app"));
    m_confirm->setText(tr("Turn on two-factor"));
    m_codesText->setText(tr("Two-factor authentication is on. These recovery codes let you log in "
                            "if you lose your phone; each works once. Store them somewhere safe "
                            "now: they will not be shown again."));
    m_copyCodes->setText(tr("Copy codes"));
    m_onText->setText(tr("To turn two-factor authentication off, confirm your password and a "
                         "current code from your authenticator app."));
    m_onPasswordLabel->setText(tr("Password"));
    m_onCodeLabel->setText(tr("Current code"));
    m_disable->setText(tr("Turn off two-factor"));
    m_close->setText(tr("Close"));
    updateButtons();
}

void AccountSecurityDialog::showPage(Page page)
{
    m_page = page;
    for (int i = 0; i < m_pages.size(); ++i)
        m_pages.at(i)->setVisible(i == page);
    setError({});
    retranslateUi();
}

void AccountSecurityDialog::updateButtons()
{
    m_begin->setEnabled(!m_busy && !m_offPassword->text().isEmpty());
    m_confirm->setEnabled(!m_busy && isCode(m_enrolCode));
    m_disable->setEnabled(!m_busy && !m_onPassword->text().isEmpty() && isCode(m_onCode));
}

void AccountSecurityDialog::setBusy(bool busy)
{
    m_busy = busy;
    updateButtons();
}

void AccountSecurityDialog::setError(const QString& message)
{
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
}

void AccountSecurityDialog::begin()
{
    setBusy(true);
    setError({});
    m_session.beginTotpEnrollment(
        m_offPassword->text(), this,
        [this](SessionController::Outcome<TotpEnrollment> result) {
            setBusy(false);
            if (!result)
                return setError(result.error());
            m_offPassword->clear();
            m_secret->setText(result->secretBase32);
            m_uri->setText(result->otpauthUri);
            m_uri->setCursorPosition(0);
            showPage(Enrol);
            m_enrolCode->setFocus();
        });
}

void AccountSecurityDialog::confirm()
{
    setBusy(true);
    setError({});
    m_session.confirmTotpEnrollment(
        m_enrolCode->text().trimmed(), this,
        [this](SessionController::Outcome<QStringList> result) {
            setBusy(false);
            if (!result)
                return setError(result.error());
            m_enrolCode->clear();
            m_secret->clear();
            m_uri->clear();
            m_codes->setPlainText(result->join(u'\n'));
            showPage(Codes);
        });
}

void AccountSecurityDialog::disable()
{
    setBusy(true);
    setError({});
    m_session.disableTotp(m_onPassword->text(), m_onCode->text().trimmed(), this,
                          [this](SessionController::Outcome<void> result) {
                              setBusy(false);
                              if (!result)
                                  return setError(result.error());
                              m_onPassword->clear();
                              m_onCode->clear();
                              showPage(Off);
                          });
}

} // namespace bcf::app
