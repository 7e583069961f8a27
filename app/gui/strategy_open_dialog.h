#pragma once

#include "core/strategy_types.h"

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QPushButton;
class QTreeWidget;

namespace bcf::app {

class SessionController;

// Opens a strategy saved on the server: the user's strategies (name, latest version, last
// change) and the versions of the one selected (newest first, with date, author and comment).
// Open loads the chosen version (the latest when none is chosen) and accepts with it in
// document(); Delete removes a strategy with every version, after a confirmation. Errors of the
// server are shown in the dialog.
class StrategyOpenDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StrategyOpenDialog)

public:
    explicit StrategyOpenDialog(SessionController& session, QWidget* parent = nullptr);

    const StrategyDocument& document() const { return m_document; }

private:
    void reload();
    void loadVersions();
    void openSelected();
    void deleteSelected();
    void showError(const QString& message);
    QString selectedName() const;

    SessionController& m_session;
    QTreeWidget* m_strategies = nullptr;
    QTreeWidget* m_versions = nullptr;
    QLabel* m_status = nullptr;
    QPushButton* m_open = nullptr;
    QPushButton* m_delete = nullptr;
    QPushButton* m_refresh = nullptr;
    StrategyDocument m_document;
    quint64 m_versionsSerial = 0;
};

} // namespace bcf::app
