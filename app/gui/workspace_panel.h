#pragma once

#include "core/session_types.h"

#include <QWidget>

#include <optional>

class QFrame;
class QGridLayout;
class QLabel;

namespace bcf::app {

class SessionController;
class ThemeManager;

// The central "Workspace" overview: what the server reported (component, version, node,
// uptime, server time and clock offset, latency, dependency states from GetServerInfo) and
// the signed-in account (username, role, two-factor, session expiry, permissions). It shows
// only what the server said; nothing is invented while waiting.
class WorkspacePanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WorkspacePanel)

public:
    WorkspacePanel(SessionController& session, ThemeManager& theme, QWidget* parent = nullptr);

protected:
    void changeEvent(QEvent* event) override;

private:
    void render();
    void renderServer();
    void renderAccount();

    SessionController& m_session;
    ThemeManager& m_theme;

    QLabel* m_title = nullptr;
    QLabel* m_welcome = nullptr;
    QLabel* m_serverTitle = nullptr;
    QLabel* m_dependenciesTitle = nullptr;
    QLabel* m_accountTitle = nullptr;
    QLabel* m_permissionsTitle = nullptr;
    QGridLayout* m_serverGrid = nullptr;
    QGridLayout* m_dependenciesGrid = nullptr;
    QGridLayout* m_accountGrid = nullptr;
    QLabel* m_permissions = nullptr;
};

} // namespace bcf::app
