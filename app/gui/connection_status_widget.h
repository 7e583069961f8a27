#pragma once

#include "core/session_types.h"

#include <QDateTime>
#include <QTimer>
#include <QWidget>

class QLabel;
class QToolButton;

namespace bcf::app {

class SessionController;
class ThemeManager;

// The status bar's connection indicator: a coloured dot (green connected, amber connecting or
// reconnecting, red disconnected), "Connected · 12 ms" or "Reconnecting in 4 s…" with the last
// error as tooltip, and a "Retry now" link while a reconnection is scheduled.
class ConnectionStatusWidget final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionStatusWidget)

public:
    ConnectionStatusWidget(SessionController& session, ThemeManager& theme,
                           QWidget* parent = nullptr);

    QString text() const;

protected:
    void changeEvent(QEvent* event) override;

private:
    void refresh();

    SessionController& m_session;
    ThemeManager& m_theme;
    ConnectionState m_state = ConnectionState::Disconnected;
    QString m_detail;
    int m_latencyMs = -1;
    QDateTime m_reconnectAt;
    QTimer m_countdown;

    QLabel* m_dot = nullptr;
    QLabel* m_text = nullptr;
    QToolButton* m_retry = nullptr;
};

} // namespace bcf::app
