#include "gui/workspace_panel.h"

#include "core/session_controller.h"
#include "gui/theme_manager.h"

#include <QEvent>
#include <QFrame>
#include <QGridLayout>
#include <QLabel>
#include <QLocale>
#include <QScrollArea>
#include <QVBoxLayout>

#include <cstdlib>

using namespace Qt::StringLiterals;

namespace bcf::app {

namespace {

QFrame* makeCard(QWidget* parent, QLabel** title, QVBoxLayout** body)
{
    auto* card = new QFrame(parent);
    card->setProperty("role", u"card"_s);
    auto* layout = new QVBoxLayout(card);
    layout->setContentsMargins(20, 16, 20, 18);
    layout->setSpacing(12);
    *title = new QLabel(card);
    (*title)->setProperty("role", u"section"_s);
    layout->addWidget(*title);
    *body = layout;
    return card;
}

QGridLayout* makeGrid(QVBoxLayout* body)
{
    auto* grid = new QGridLayout;
    grid->setHorizontalSpacing(24);
    grid->setVerticalSpacing(8);
    grid->setColumnStretch(1, 1);
    body->addLayout(grid);
    return grid;
}

void clear(QGridLayout* grid)
{
    while (QLayoutItem* item = grid->takeAt(0)) {
        delete item->widget();
        delete item;
    }
}

QLabel* addRow(QGridLayout* grid, const QString& key, const QString& value)
{
    const int row = grid->rowCount();
    auto* keyLabel = new QLabel(key);
    keyLabel->setProperty("role", u"key"_s);
    auto* valueLabel = new QLabel(value);
    valueLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    valueLabel->setWordWrap(true);
    grid->addWidget(keyLabel, row, 0, Qt::AlignTop);
    grid->addWidget(valueLabel, row, 1, Qt::AlignTop);
    return valueLabel;
}

QString formatDuration(qint64 seconds)
{
    const qint64 days = seconds / 86400;
    const qint64 hours = (seconds % 86400) / 3600;
    const qint64 minutes = (seconds % 3600) / 60;
    if (days > 0)
        return WorkspacePanel::tr("%1 d %2 h").arg(days).arg(hours);
    if (hours > 0)
        return WorkspacePanel::tr("%1 h %2 min").arg(hours).arg(minutes);
    if (minutes > 0)
        return WorkspacePanel::tr("%1 min").arg(minutes);
    return WorkspacePanel::tr("%1 s").arg(seconds);
}

QString formatDateTime(const QDateTime& when)
{
    return QLocale().toString(when.toLocalTime(), QLocale::ShortFormat);
}

} // namespace

WorkspacePanel::WorkspacePanel(SessionController& session, ThemeManager& theme,
                               QWidget* parent)
    : QWidget(parent)
    , m_session(session)
    , m_theme(theme)
{
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    outer->addWidget(scroll);

    auto* content = new QWidget(scroll);
    scroll->setWidget(content);
    auto* layout = new QVBoxLayout(content);
    layout->setContentsMargins(32, 28, 32, 28);
    layout->setSpacing(18);

    m_title = new QLabel(content);
    m_title->setProperty("role", u"title"_s);
    m_welcome = new QLabel(content);
    m_welcome->setProperty("role", u"muted"_s);
    auto* titles = new QVBoxLayout;
    titles->setSpacing(4);
    titles->addWidget(m_title);
    titles->addWidget(m_welcome);
    layout->addLayout(titles);

    auto* columns = new QHBoxLayout;
    columns->setSpacing(18);
    QVBoxLayout* body = nullptr;

    auto* left = new QVBoxLayout;
    left->setSpacing(18);
    left->addWidget(makeCard(content, &m_serverTitle, &body));
    m_serverGrid = makeGrid(body);
    left->addWidget(makeCard(content, &m_dependenciesTitle, &body));
    m_dependenciesGrid = makeGrid(body);
    left->addStretch(1);
    columns->addLayout(left, 1);

    auto* right = new QVBoxLayout;
    right->setSpacing(18);
    auto* accountCard = makeCard(content, &m_accountTitle, &body);
    m_accountGrid = makeGrid(body);
    m_permissionsTitle = new QLabel(accountCard);
    m_permissionsTitle->setProperty("role", u"key"_s);
    body->addSpacing(4);
    body->addWidget(m_permissionsTitle);
    m_permissions = new QLabel(accountCard);
    m_permissions->setObjectName(u"permissionsLabel"_s);
    m_permissions->setWordWrap(true);
    m_permissions->setTextInteractionFlags(Qt::TextSelectableByMouse);
    body->addWidget(m_permissions);
    right->addWidget(accountCard);
    right->addStretch(1);
    columns->addLayout(right, 1);

    layout->addLayout(columns);
    layout->addStretch(1);

    connect(&m_session, &SessionController::serverInfoReceived, this,
            &WorkspacePanel::renderServer);
    connect(&m_session, &SessionController::userInfoChanged, this, &WorkspacePanel::render);
    connect(&m_session, &SessionController::loggedIn, this, &WorkspacePanel::render);
    connect(&m_session, &SessionController::connectionStateChanged, this,
            &WorkspacePanel::renderServer);
    connect(&m_theme, &ThemeManager::themeChanged, this, &WorkspacePanel::render);
    render();
}

void WorkspacePanel::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        render();
    QWidget::changeEvent(event);
}

void WorkspacePanel::render()
{
    m_title->setText(tr("Workspace"));
    const UserInfo& user = m_session.user();
    m_welcome->setText(user.username.isEmpty()
                           ? QString()
                           : tr("Welcome, %1. You are connected to %2 (%3).")
                                 .arg(user.username, m_session.profile().name,
                                      m_session.profile().endpoint()));
    m_serverTitle->setText(tr("SERVER"));
    m_dependenciesTitle->setText(tr("SERVER DEPENDENCIES"));
    m_accountTitle->setText(tr("YOUR ACCOUNT"));
    m_permissionsTitle->setText(tr("Permissions"));
    renderServer();
    renderAccount();
}

void WorkspacePanel::renderServer()
{
    clear(m_serverGrid);
    clear(m_dependenciesGrid);
    const auto& info = m_session.serverInfo();
    if (!info) {
        addRow(m_serverGrid, tr("Status"),
               m_session.isLoggedIn() ? tr("Waiting for the server's first answer…")
                                      : tr("Not connected"));
        addRow(m_dependenciesGrid, tr("Status"), tr("Not reported yet"));
        return;
    }
    addRow(m_serverGrid, tr("Endpoint"), m_session.profile().endpoint());
    addRow(m_serverGrid, tr("Component"), info->component);
    addRow(m_serverGrid, tr("Version"), info->version);
    addRow(m_serverGrid, tr("Node"), info->nodeName);
    if (info->startedAt.isValid()) {
        const qint64 uptime = info->startedAt.secsTo(info->serverTime.isValid()
                                                         ? info->serverTime
                                                         : QDateTime::currentDateTimeUtc());
        addRow(m_serverGrid, tr("Started"),
               tr("%1 (up %2)").arg(formatDateTime(info->startedAt), formatDuration(uptime)));
    }
    if (info->serverTime.isValid()) {
        addRow(m_serverGrid, tr("Server time"), formatDateTime(info->serverTime));
        const QString sign = info->clockOffsetMs >= 0 ? u"+"_s : QString();
        auto* offset = addRow(m_serverGrid, tr("Clock offset"),
                              tr("%1%2 ms").arg(sign).arg(info->clockOffsetMs));
        if (std::abs(info->clockOffsetMs) > 1000) {
            offset->setProperty("role", u"warning"_s);
            offset->setToolTip(tr("This computer's clock differs from the server's by more than "
                                  "a second; two-factor codes and charts may be affected."));
        }
    }
    addRow(m_serverGrid, tr("Latency"), tr("%1 ms").arg(info->latencyMs));

    if (info->details.isEmpty()) {
        addRow(m_dependenciesGrid, tr("Status"), tr("The server reported no dependencies."));
        return;
    }
    for (auto it = info->details.cbegin(); it != info->details.cend(); ++it) {
        // The server reports states as "up", "down: <reason>", "version N" and "not ready";
        // known keys and states are shown translated, anything else as sent.
        const QString state = it.value();
        QString text = state;
        if (state == u"up"_s)
            text = tr("up");
        else if (state.startsWith(u"down: "_s))
            text = tr("down: %1").arg(state.mid(6));
        else if (state.startsWith(u"version "_s))
            text = tr("version %1").arg(state.mid(8));
        else if (state == u"not ready"_s)
            text = tr("not ready");
        QString name = it.key();
        if (name == u"postgresql"_s)
            name = u"PostgreSQL"_s;
        else if (name == u"redis"_s)
            name = u"Redis"_s;
        else if (name == u"schema"_s)
            name = tr("Database schema");
        auto* value = addRow(m_dependenciesGrid, name, text);
        value->setWordWrap(true);
        if (state == u"up"_s)
            value->setProperty("role", u"success"_s);
        else if (state.startsWith(u"down"_s) || state == u"not ready"_s)
            value->setProperty("role", u"error"_s);
    }
}

void WorkspacePanel::renderAccount()
{
    clear(m_accountGrid);
    const UserInfo& user = m_session.user();
    if (user.username.isEmpty()) {
        addRow(m_accountGrid, tr("Status"), tr("Not logged in"));
        m_permissions->clear();
        return;
    }
    addRow(m_accountGrid, tr("Username"), user.username);
    addRow(m_accountGrid, tr("Role"), roleDisplayName(user.role));
    auto* totp = addRow(m_accountGrid, tr("Two-factor"),
                        user.totpEnabled ? tr("On") : tr("Off — enable it in Account → Account "
                                                         "security"));
    totp->setProperty("role", user.totpEnabled ? u"success"_s : u"warning"_s);
    if (user.sessionExpiresAt.isValid())
        addRow(m_accountGrid, tr("Session expires"), formatDateTime(user.sessionExpiresAt));
    addRow(m_accountGrid, tr("Remembered"),
           m_session.isRemembered() ? tr("Yes, in the system keychain") : tr("No"));
    m_permissions->setText(user.permissions.isEmpty() ? tr("None")
                                                      : user.permissions.join(u"  ·  "_s));
}

} // namespace bcf::app
