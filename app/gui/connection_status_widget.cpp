#include "gui/connection_status_widget.h"

#include "core/session_controller.h"
#include "gui/theme_manager.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

#include <cmath>

using namespace Qt::StringLiterals;

namespace bcf::app {

ConnectionStatusWidget::ConnectionStatusWidget(SessionController& session, ThemeManager& theme,
                                               QWidget* parent)
    : QWidget(parent)
    , m_session(session)
    , m_theme(theme)
    , m_state(session.connectionState())
{
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 0, 0, 0);
    layout->setSpacing(6);
    m_dot = new QLabel(this);
    m_dot->setFixedSize(10, 10);
    layout->addWidget(m_dot);
    m_text = new QLabel(this);
    m_text->setObjectName(u"connectionStatusText"_s);
    m_text->setProperty("role", u"status"_s);
    layout->addWidget(m_text);
    m_retry = new QToolButton(this);
    m_retry->setCursor(Qt::PointingHandCursor);
    m_retry->hide();
    layout->addWidget(m_retry);

    m_countdown.setInterval(1000);
    connect(&m_countdown, &QTimer::timeout, this, &ConnectionStatusWidget::refresh);
    connect(m_retry, &QToolButton::clicked, &m_session, &SessionController::reconnectNow);
    connect(&m_session, &SessionController::connectionStateChanged, this,
            [this](ConnectionState state, const QString& detail) {
                m_state = state;
                m_detail = detail;
                if (state != ConnectionState::Reconnecting)
                    m_reconnectAt = {};
                if (state == ConnectionState::Disconnected)
                    m_latencyMs = -1;
                refresh();
            });
    connect(&m_session, &SessionController::latencyMeasured, this, [this](int ms) {
        m_latencyMs = ms;
        refresh();
    });
    connect(&m_session, &SessionController::reconnectScheduled, this, [this](int delayMs) {
        m_reconnectAt = QDateTime::currentDateTimeUtc().addMSecs(delayMs);
        refresh();
    });
    connect(&m_theme, &ThemeManager::themeChanged, this, &ConnectionStatusWidget::refresh);
    refresh();
}

QString ConnectionStatusWidget::text() const
{
    return m_text->text();
}

void ConnectionStatusWidget::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        refresh();
    QWidget::changeEvent(event);
}

void ConnectionStatusWidget::refresh()
{
    QString colorName = u"danger"_s;
    QString text;
    qint64 secondsLeft = -1;
    switch (m_state) {
    case ConnectionState::Connected:
        colorName = u"success"_s;
        text = m_latencyMs >= 0 ? tr("Connected · %1 ms").arg(m_latencyMs) : tr("Connected");
        break;
    case ConnectionState::Connecting:
        colorName = u"warning"_s;
        text = tr("Connecting…");
        break;
    case ConnectionState::Reconnecting:
        colorName = u"warning"_s;
        if (m_reconnectAt.isValid()) {
            const qint64 ms = QDateTime::currentDateTimeUtc().msecsTo(m_reconnectAt);
            secondsLeft = qint64(std::ceil(double(ms) / 1000.0));
        }
        text = secondsLeft > 0 ? tr("Connection lost · reconnecting in %1 s").arg(secondsLeft)
                               : tr("Reconnecting…");
        break;
    case ConnectionState::Disconnected:
        text = tr("Disconnected");
        break;
    }
    m_text->setText(text);
    m_text->setToolTip(m_detail);
    m_dot->setToolTip(m_detail);
    m_dot->setStyleSheet(
        u"background: %1; border-radius: 5px;"_s.arg(m_theme.color(colorName).name()));

    const bool waiting = secondsLeft > 0;
    m_retry->setText(tr("Retry now"));
    m_retry->setVisible(waiting);
    if (waiting && !m_countdown.isActive())
        m_countdown.start();
    else if (!waiting)
        m_countdown.stop();
}

} // namespace bcf::app
