#pragma once

#include <QColor>
#include <QDialog>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace bcf::app {

// Asks for what the kill switch (Mode::Kill) or the return to normal trading (Mode::Resume)
// needs: a reason, which the server journals, and for the kill switch whether to also close
// every position (flatten) and whether to halt the account (nothing but cancels) rather than
// leave it reducing only. The confirm button stays disabled until a reason is typed.
// showError() puts the server's refusal under the reason while the dialog stays open.
class KillSwitchDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KillSwitchDialog)

public:
    enum class Mode { Kill, Resume };

    explicit KillSwitchDialog(Mode mode, QWidget* parent = nullptr);

    Mode mode() const { return m_mode; }
    QString reason() const;
    bool flatten() const;
    bool halt() const;
    void setReason(const QString& reason);
    void setFlatten(bool flatten);
    void setHalt(bool halt);
    // Shows the server's answer (empty hides it) and enables the buttons again.
    void showError(const QString& message);
    // While the call is in flight: the buttons are disabled.
    void setBusy(bool busy);
    QPushButton* confirmButton() const { return m_confirm; }
    // Paints the kill switch's confirm button in the theme's danger colour.
    void setDangerColor(const QColor& danger, const QColor& text);

signals:
    // The confirm button was pressed with a reason; the owner sends the call, then accept()s
    // or showError()s.
    void confirmed();

private:
    void updateButtons();

    Mode m_mode;
    QLabel* m_explanation = nullptr;
    QLineEdit* m_reason = nullptr;
    QCheckBox* m_flatten = nullptr;
    QCheckBox* m_halt = nullptr;
    QLabel* m_error = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
    QPushButton* m_confirm = nullptr;
    bool m_busy = false;
};

} // namespace bcf::app
