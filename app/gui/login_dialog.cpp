#include "gui/login_dialog.h"

#include "core/authenticator.h"
#include "core/connection_profile_store.h"
#include "gui/app_icon.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStackedWidget>
#include <QStyle>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace bcf::app {

namespace {

QLabel* makeLabel(const char* role, QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setProperty("role", QString::fromLatin1(role));
    return label;
}

QLabel* makeErrorLabel(const QString& name, QWidget* parent)
{
    auto* label = makeLabel("error", parent);
    label->setObjectName(name);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->hide();
    return label;
}

void setError(QLabel* label, const QString& message)
{
    label->setText(message);
    label->setVisible(!message.isEmpty());
}

} // namespace

LoginDialog::LoginDialog(Authenticator& authenticator, ConnectionProfileStore& profiles,
                         QWidget* parent)
    : QDialog(parent)
    , m_authenticator(authenticator)
    , m_profiles(profiles)
{
    setObjectName(u"loginDialog"_s);
    setWindowIcon(appIcon());
    setModal(true);
    setMinimumWidth(440);

    auto* root = new QVBoxLayout(this);
    root->setContentsMargins(0, 0, 0, 0);
    root->setSpacing(0);

    // Header: logo, product name, purpose.
    auto* header = new QFrame(this);
    header->setProperty("role", u"header"_s);
    auto* headerLayout = new QHBoxLayout(header);
    headerLayout->setContentsMargins(28, 22, 28, 20);
    headerLayout->setSpacing(14);
    auto* logo = new QLabel(header);
    logo->setPixmap(appLogo(44));
    headerLayout->addWidget(logo);
    auto* titles = new QVBoxLayout;
    titles->setSpacing(2);
    m_title = makeLabel("title", header);
    m_title->setText(u"BotCriptoFy2"_s);
    m_subtitle = makeLabel("muted", header);
    titles->addWidget(m_title);
    titles->addWidget(m_subtitle);
    headerLayout->addLayout(titles, 1);
    root->addWidget(header);

    m_pages = new QStackedWidget(this);
    root->addWidget(m_pages);

    // Page 1: credentials.
    auto* credentials = new QWidget(m_pages);
    auto* form = new QVBoxLayout(credentials);
    form->setContentsMargins(28, 22, 28, 24);
    form->setSpacing(6);

    m_serverLabel = makeLabel("section", credentials);
    form->addWidget(m_serverLabel);
    auto* serverRow = new QHBoxLayout;
    m_profileCombo = new QComboBox(credentials);
    m_profileCombo->setObjectName(u"profileCombo"_s);
    serverRow->addWidget(m_profileCombo, 1);
    m_connectionsButton = new QPushButton(credentials);
    m_connectionsButton->setObjectName(u"connectionsButton"_s);
    m_connectionsButton->setProperty("flat", true);
    m_connectionsButton->setCursor(Qt::PointingHandCursor);
    serverRow->addWidget(m_connectionsButton);
    form->addLayout(serverRow);
    m_endpointLabel = makeLabel("muted", credentials);
    form->addWidget(m_endpointLabel);
    form->addSpacing(10);

    m_usernameLabel = makeLabel("section", credentials);
    form->addWidget(m_usernameLabel);
    m_username = new QLineEdit(credentials);
    m_username->setObjectName(u"usernameEdit"_s);
    m_username->setMaxLength(128);
    form->addWidget(m_username);
    form->addSpacing(8);

    m_passwordLabel = makeLabel("section", credentials);
    form->addWidget(m_passwordLabel);
    m_password = new QLineEdit(credentials);
    m_password->setObjectName(u"passwordEdit"_s);
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setMaxLength(1024);
    form->addWidget(m_password);
    form->addSpacing(8);

    m_remember = new QCheckBox(credentials);
    m_remember->setObjectName(u"rememberCheck"_s);
    form->addWidget(m_remember);
    form->addSpacing(6);

    m_error = makeErrorLabel(u"errorLabel"_s, credentials);
    form->addWidget(m_error);
    form->addStretch(1);
    form->addSpacing(10);

    auto* buttons = new QHBoxLayout;
    m_quitButton = new QPushButton(credentials);
    m_quitButton->setObjectName(u"quitButton"_s);
    m_quitButton->setAutoDefault(false);
    m_loginButton = new QPushButton(credentials);
    m_loginButton->setObjectName(u"loginButton"_s);
    m_loginButton->setProperty("accent", true);
    m_loginButton->setDefault(true);
    m_loginButton->setMinimumWidth(120);
    buttons->addWidget(m_quitButton);
    buttons->addStretch(1);
    buttons->addWidget(m_loginButton);
    form->addLayout(buttons);
    m_pages->addWidget(credentials);

    // Page 2: the second factor.
    auto* secondFactor = new QWidget(m_pages);
    auto* codeLayout = new QVBoxLayout(secondFactor);
    codeLayout->setContentsMargins(28, 22, 28, 24);
    codeLayout->setSpacing(8);
    m_codeTitle = makeLabel("", secondFactor);
    QFont titleFont = m_codeTitle->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.2);
    titleFont.setBold(true);
    m_codeTitle->setFont(titleFont);
    codeLayout->addWidget(m_codeTitle);
    m_codeHint = makeLabel("muted", secondFactor);
    m_codeHint->setWordWrap(true);
    codeLayout->addWidget(m_codeHint);
    codeLayout->addSpacing(6);
    m_code = new QLineEdit(secondFactor);
    m_code->setObjectName(u"codeEdit"_s);
    m_code->setMaxLength(64);
    QFont codeFont = m_code->font();
    codeFont.setPointSizeF(codeFont.pointSizeF() * 1.4);
    codeFont.setLetterSpacing(QFont::AbsoluteSpacing, 2);
    m_code->setFont(codeFont);
    codeLayout->addWidget(m_code);
    m_codeError = makeErrorLabel(u"codeErrorLabel"_s, secondFactor);
    codeLayout->addWidget(m_codeError);
    codeLayout->addStretch(1);
    auto* codeButtons = new QHBoxLayout;
    m_backButton = new QPushButton(secondFactor);
    m_backButton->setObjectName(u"backButton"_s);
    m_backButton->setAutoDefault(false);
    m_verifyButton = new QPushButton(secondFactor);
    m_verifyButton->setObjectName(u"verifyButton"_s);
    m_verifyButton->setProperty("accent", true);
    m_verifyButton->setMinimumWidth(120);
    codeButtons->addWidget(m_backButton);
    codeButtons->addStretch(1);
    codeButtons->addWidget(m_verifyButton);
    codeLayout->addLayout(codeButtons);
    m_pages->addWidget(secondFactor);

    connect(m_username, &QLineEdit::textChanged, this, &LoginDialog::updateButtons);
    connect(m_password, &QLineEdit::textChanged, this, &LoginDialog::updateButtons);
    connect(m_code, &QLineEdit::textChanged, this, &LoginDialog::updateButtons);
    connect(m_loginButton, &QPushButton::clicked, this, &LoginDialog::startLogin);
    connect(m_verifyButton, &QPushButton::clicked, this, &LoginDialog::startVerify);
    connect(m_quitButton, &QPushButton::clicked, this, &LoginDialog::reject);
    connect(m_connectionsButton, &QPushButton::clicked, this,
            &LoginDialog::connectionSettingsRequested);
    connect(m_backButton, &QPushButton::clicked, this, [this] {
        m_authenticator.cancelSecondFactor();
        reset();
    });
    connect(m_username, &QLineEdit::returnPressed, this, [this] { m_password->setFocus(); });
    connect(m_password, &QLineEdit::returnPressed, this, [this] { submit(); });
    connect(m_code, &QLineEdit::returnPressed, this, [this] {
        if (m_verifyButton->isEnabled())
            startVerify();
    });
    connect(m_profileCombo, &QComboBox::currentIndexChanged, this, [this](int index) {
        if (index >= 0)
            m_profiles.select(m_profileCombo->itemData(index).toString());
        updateEndpoint();
    });
    connect(&m_profiles, &ConnectionProfileStore::profilesChanged, this,
            &LoginDialog::reloadProfiles);

    connect(&m_authenticator, &Authenticator::loggedIn, this, &LoginDialog::onLoggedIn);
    connect(&m_authenticator, &Authenticator::secondFactorRequired, this,
            &LoginDialog::onSecondFactorRequired);
    connect(&m_authenticator, &Authenticator::loginFailed, this, &LoginDialog::onLoginFailed);
    connect(&m_authenticator, &Authenticator::rememberAvailabilityChanged, this,
            &LoginDialog::updateRemember);

    reloadProfiles();
    retranslateUi();
    updateRemember();
    updateButtons();
    m_username->setFocus();
}

LoginDialog::~LoginDialog() = default;

void LoginDialog::retranslateUi()
{
    setWindowTitle(tr("Log in — BotCriptoFy2"));
    m_subtitle->setText(tr("Sign in to your trading workstation"));
    m_serverLabel->setText(tr("SERVER"));
    m_connectionsButton->setText(tr("Connections…"));
    m_connectionsButton->setToolTip(tr("Add or edit connection profiles"));
    m_usernameLabel->setText(tr("USERNAME"));
    m_username->setPlaceholderText(tr("Your username"));
    m_passwordLabel->setText(tr("PASSWORD"));
    m_password->setPlaceholderText(tr("Your password"));
    m_remember->setText(tr("Remember me on this computer"));
    m_quitButton->setText(tr("Quit"));
    m_codeTitle->setText(tr("Two-factor authentication"));
    m_codeHint->setText(tr("Enter the 6-digit code from your authenticator app, or one of "
                           "your recovery codes."));
    m_code->setPlaceholderText(u"000000"_s);
    m_backButton->setText(tr("Back"));
    updateEndpoint();
    updateRemember();
    updateButtons();
}

void LoginDialog::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QDialog::changeEvent(event);
}

void LoginDialog::reloadProfiles()
{
    const QSignalBlocker blocker(m_profileCombo);
    m_profileCombo->clear();
    for (const auto& profile : m_profiles.profiles())
        m_profileCombo->addItem(profile.name, profile.name);
    m_profileCombo->setCurrentIndex(m_profileCombo->findData(m_profiles.selectedName()));
    updateEndpoint();
}

void LoginDialog::updateEndpoint()
{
    const ConnectionProfile profile = m_profiles.selected();
    const QString problem = profile.problem();
    if (problem.isEmpty()) {
        m_endpointLabel->setProperty("role", u"muted"_s);
        m_endpointLabel->setText(tr("%1 · TLS").arg(profile.endpoint()));
    } else {
        m_endpointLabel->setProperty("role", u"warning"_s);
        m_endpointLabel->setText(problem);
    }
    m_endpointLabel->setWordWrap(true);
    m_endpointLabel->style()->unpolish(m_endpointLabel);
    m_endpointLabel->style()->polish(m_endpointLabel);
}

void LoginDialog::updateButtons()
{
    const bool filled = !m_username->text().trimmed().isEmpty() && !m_password->text().isEmpty();
    m_loginButton->setEnabled(filled && !m_busy);
    m_loginButton->setText(m_busy ? tr("Logging in…") : tr("Log in"));
    m_verifyButton->setEnabled(!m_code->text().trimmed().isEmpty() && !m_busy);
    m_verifyButton->setText(m_busy ? tr("Verifying…") : tr("Verify"));
}

void LoginDialog::updateRemember()
{
    const bool available = m_authenticator.canRemember();
    m_remember->setEnabled(available && !m_busy);
    if (!available)
        m_remember->setChecked(false);
    m_remember->setToolTip(
        available ? tr("Keep the session in the system keychain so the next start skips this "
                       "dialog. Logging out forgets it.")
                  : tr("Not available: %1").arg(m_authenticator.rememberUnavailableReason()));
}

void LoginDialog::setBusy(bool busy)
{
    m_busy = busy;
    m_profileCombo->setEnabled(!busy);
    m_connectionsButton->setEnabled(!busy);
    m_username->setReadOnly(busy);
    m_password->setReadOnly(busy);
    m_code->setReadOnly(busy);
    m_backButton->setEnabled(!busy);
    updateRemember();
    updateButtons();
}

void LoginDialog::setUsername(const QString& username)
{
    m_username->setText(username);
    if (!username.isEmpty())
        m_password->setFocus();
}

void LoginDialog::setPassword(const QString& password)
{
    m_password->setText(password);
}

void LoginDialog::setRemember(bool remember)
{
    m_remember->setChecked(remember && m_authenticator.canRemember());
}

void LoginDialog::showError(const QString& message)
{
    setError(page() == Page::Credentials ? m_error : m_codeError, message);
}

void LoginDialog::reset()
{
    setBusy(false);
    m_password->clear();
    m_code->clear();
    setError(m_error, {});
    setError(m_codeError, {});
    m_pages->setCurrentIndex(0);
    (m_username->text().isEmpty() ? m_username : m_password)->setFocus();
}

bool LoginDialog::submit()
{
    if (page() != Page::Credentials || !m_loginButton->isEnabled())
        return false;
    startLogin();
    return true;
}

LoginDialog::Page LoginDialog::page() const
{
    return m_pages->currentIndex() == 0 ? Page::Credentials : Page::SecondFactor;
}

void LoginDialog::startLogin()
{
    if (m_busy)
        return;
    const bool remember = m_remember->isEnabled() && m_remember->isChecked();
    setError(m_error, {});
    setBusy(true);
    m_authenticator.login(m_username->text().trimmed(), m_password->text(), remember);
}

void LoginDialog::startVerify()
{
    if (m_busy)
        return;
    setError(m_codeError, {});
    setBusy(true);
    m_authenticator.submitSecondFactor(m_code->text().trimmed());
}

void LoginDialog::onLoggedIn(const UserInfo&)
{
    setBusy(false);
    m_password->clear();
    m_code->clear();
    setError(m_error, {});
    setError(m_codeError, {});
    m_pages->setCurrentIndex(0);
    accept();
}

void LoginDialog::onSecondFactorRequired()
{
    setBusy(false);
    m_code->clear();
    setError(m_codeError, {});
    m_pages->setCurrentIndex(1);
    m_code->setFocus();
}

void LoginDialog::onLoginFailed(const QString& message)
{
    setBusy(false);
    showError(message);
    if (page() == Page::Credentials) {
        m_password->selectAll();
        m_password->setFocus();
    } else {
        m_code->selectAll();
        m_code->setFocus();
    }
}

} // namespace bcf::app
