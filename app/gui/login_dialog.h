#pragma once

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QStackedWidget;

namespace bcf::app {

class Authenticator;
class ConnectionProfileStore;
struct UserInfo;

// The login dialog: connection profile, username, password, "Remember me", then — when the
// server asks for it — the two-factor code. It drives an Authenticator and follows its
// signals; it accepts itself when loggedIn() arrives, and a rejection (Quit, Esc) means the
// user wants to leave. The login button is enabled only when username and password are filled
// and no request is in flight. Widgets carry object names (usernameEdit, passwordEdit,
// loginButton, codeEdit, verifyButton, errorLabel, codeErrorLabel) for tests.
class LoginDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LoginDialog)

public:
    enum class Page { Credentials, SecondFactor };

    LoginDialog(Authenticator& authenticator, ConnectionProfileStore& profiles,
                QWidget* parent = nullptr);
    ~LoginDialog() override;

    void setUsername(const QString& username);
    void setPassword(const QString& password);
    // Ticks or clears "Remember me" (it stays clear while remembering is unavailable).
    void setRemember(bool remember);
    // Shows a note above the buttons (for example why the previous session ended).
    void showError(const QString& message);
    // Back to the credentials page with the password cleared and nothing in flight.
    void reset();
    // Presses "Log in" when it is enabled; returns whether it was.
    bool submit();

    Page page() const;
    bool isBusy() const { return m_busy; }

signals:
    // The user pressed "Connections…": open the connection settings.
    void connectionSettingsRequested();

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void reloadProfiles();
    void updateEndpoint();
    void updateButtons();
    void updateRemember();
    void setBusy(bool busy);
    void startLogin();
    void startVerify();
    void onLoggedIn(const UserInfo& user);
    void onSecondFactorRequired();
    void onLoginFailed(const QString& message);

    Authenticator& m_authenticator;
    ConnectionProfileStore& m_profiles;
    bool m_busy = false;

    QLabel* m_title = nullptr;
    QLabel* m_subtitle = nullptr;
    QStackedWidget* m_pages = nullptr;

    QLabel* m_serverLabel = nullptr;
    QComboBox* m_profileCombo = nullptr;
    QPushButton* m_connectionsButton = nullptr;
    QLabel* m_endpointLabel = nullptr;
    QLabel* m_usernameLabel = nullptr;
    QLineEdit* m_username = nullptr;
    QLabel* m_passwordLabel = nullptr;
    QLineEdit* m_password = nullptr;
    QCheckBox* m_remember = nullptr;
    QLabel* m_error = nullptr;
    QPushButton* m_quitButton = nullptr;
    QPushButton* m_loginButton = nullptr;

    QLabel* m_codeTitle = nullptr;
    QLabel* m_codeHint = nullptr;
    QLineEdit* m_code = nullptr;
    QLabel* m_codeError = nullptr;
    QPushButton* m_backButton = nullptr;
    QPushButton* m_verifyButton = nullptr;
};

} // namespace bcf::app
