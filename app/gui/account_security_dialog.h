#pragma once

#include <QDialog>
#include <QList>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace bcf::app {

class SessionController;

// Account → Account security…: two-factor authentication (TOTP) for the signed-in user.
// Off: confirm the password to start enrolment, which shows the secret and the otpauth:// URI
// (copyable) for an authenticator app; confirming a code turns it on and shows the recovery
// codes once (copyable). On: password and a current code turn it off.
class AccountSecurityDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AccountSecurityDialog)

public:
    explicit AccountSecurityDialog(SessionController& session, QWidget* parent = nullptr);

protected:
    void changeEvent(QEvent* event) override;

private:
    enum Page { Off, Enrol, Codes, On };

    void retranslateUi();
    void showPage(Page page);
    void updateButtons();
    void setBusy(bool busy);
    void setError(const QString& message);
    void begin();
    void confirm();
    void disable();

    SessionController& m_session;
    bool m_busy = false;

    QLabel* m_state = nullptr;
    // One widget per Page; only the current one is visible, so the dialog fits it.
    QList<QWidget*> m_pages;
    Page m_page = Off;
    QLabel* m_error = nullptr;
    QPushButton* m_close = nullptr;

    // Off
    QLabel* m_offText = nullptr;
    QLabel* m_offPasswordLabel = nullptr;
    QLineEdit* m_offPassword = nullptr;
    QPushButton* m_begin = nullptr;
    // Enrol
    QLabel* m_enrolText = nullptr;
    QLabel* m_secretLabel = nullptr;
    QLineEdit* m_secret = nullptr;
    QPushButton* m_copySecret = nullptr;
    QLabel* m_uriLabel = nullptr;
    QLineEdit* m_uri = nullptr;
    QPushButton* m_copyUri = nullptr;
    QLabel* m_enrolCodeLabel = nullptr;
    QLineEdit* m_enrolCode = nullptr;
    QPushButton* m_confirm = nullptr;
    // Codes
    QLabel* m_codesText = nullptr;
    QPlainTextEdit* m_codes = nullptr;
    QPushButton* m_copyCodes = nullptr;
    // On
    QLabel* m_onText = nullptr;
    QLabel* m_onPasswordLabel = nullptr;
    QLineEdit* m_onPassword = nullptr;
    QLabel* m_onCodeLabel = nullptr;
    QLineEdit* m_onCode = nullptr;
    QPushButton* m_disable = nullptr;
};

} // namespace bcf::app
