#pragma once

#include <QDialog>

class QLabel;
class QPushButton;

namespace bcf::app {

// Help → About BotCriptoFy2: version and build date, the Qt and gRPC versions it runs with,
// and the licence.
class AboutDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AboutDialog)

public:
    explicit AboutDialog(QWidget* parent = nullptr);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();

    QLabel* m_tagline = nullptr;
    QLabel* m_details = nullptr;
    QLabel* m_license = nullptr;
    QPushButton* m_close = nullptr;
};

} // namespace bcf::app
