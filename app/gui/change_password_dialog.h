#pragma once

#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;

namespace bcf::app {

class SessionController;

// Account → Change password…: current password, new password twice. The server enforces the
// password policy; its message (INVALID_ARGUMENT) is shown as it is. On success the dialog
// says that the user's other sessions were signed out.
class ChangePasswordDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChangePasswordDialog)

public:
    explicit ChangePasswordDialog(SessionController& session, QWidget* parent = nullptr);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void updateButtons();
    void submit();

    SessionController& m_session;
    bool m_busy = false;
    bool m_done = false;
    QLabel* m_intro = nullptr;
    QLabel* m_currentLabel = nullptr;
    QLabel* m_newLabel = nullptr;
    QLabel* m_confirmLabel = nullptr;
    QLineEdit* m_current = nullptr;
    QLineEdit* m_new = nullptr;
    QLineEdit* m_confirm = nullptr;
    QLabel* m_message = nullptr;
    QPushButton* m_cancel = nullptr;
    QPushButton* m_change = nullptr;
};

} // namespace bcf::app
