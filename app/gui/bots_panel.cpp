#include "gui/bots_panel.h"

#include "core/instrument_catalog.h"
#include "core/session_controller.h"
#include "gui/bot_wizard.h"
#include "gui/bots_model.h"
#include "gui/orders_model.h"
#include "gui/theme_manager.h"

#include <qcustomplot.h>

#include <QCheckBox>
#include <QDateTime>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

#include <utility>

using namespace Qt::StringLiterals;

namespace bcf::app {

namespace {

constexpr int logCapacity = 1000;

QTableView* makeTable(QAbstractItemModel* model, const QString& name, QWidget* parent)
{
    auto* view = new QTableView(parent);
    view->setObjectName(name);
    view->setModel(model);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setShowGrid(false);
    view->setWordWrap(false);
    view->verticalHeader()->hide();
    view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 8);
    view->horizontalHeader()->setHighlightSections(false);
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    view->horizontalHeader()->setStretchLastSection(true);
    view->horizontalHeader()->setMinimumSectionSize(50);
    return view;
}

} // namespace

BotsPanel::BotsPanel(SessionController& session, InstrumentCatalog& instruments,
                     ThemeManager& theme, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
    , m_instruments(instruments)
    , m_theme(theme)
    , m_stream(session, [this] { start(); })
{
    setObjectName(u"botsPanel"_s);
    m_model = new BotsModel(this);
    m_open = new OrdersModel(OrdersModel::Mode::Open, 500, this);
    m_history = new OrdersModel(OrdersModel::Mode::History, 500, this);
    const auto precision = [this](const QString& symbol) {
        return std::pair{m_instruments.pricePrecision(symbol),
                         m_instruments.find(symbol) ? m_instruments.quantityPrecision(symbol)
                                                    : -1};
    };
    m_model->setPrecision(precision);
    m_open->setPrecision(precision);
    m_history->setPrecision(precision);
    m_ordersReload.setSingleShot(true);
    m_ordersReload.setInterval(400);
    connect(&m_ordersReload, &QTimer::timeout, this, &BotsPanel::loadOrders);
    buildUi();

    connect(&m_instruments, &InstrumentCatalog::instrumentsChanged, this, [this, precision] {
        m_model->setPrecision(precision);
        m_open->setPrecision(precision);
        m_history->setPrecision(precision);
    });
    connect(&m_theme, &ThemeManager::themeChanged, this, &BotsPanel::applyTheme);
    connect(&m_session, &SessionController::loggedIn, this, &BotsPanel::onLoggedIn);
    connect(&m_session, &SessionController::loggedOut, this, &BotsPanel::stop);
    connect(&m_session, &SessionController::sessionExpired, this, &BotsPanel::stop);
    connect(&m_session, &SessionController::userInfoChanged, this, &BotsPanel::updateActions);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &BotsPanel::selectionChanged);
    connect(m_model, &QAbstractItemModel::dataChanged, this, [this] {
        updateActions();
        updateHeader();
    });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &BotsPanel::updateActions);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &BotsPanel::selectionChanged);
    connect(m_model, &QAbstractItemModel::modelReset, this, &BotsPanel::selectionChanged);

    applyTheme();
    retranslateUi();
    if (m_session.isLoggedIn())
        onLoggedIn();
}

BotsPanel::~BotsPanel()
{
    stop();
}

void BotsPanel::buildUi()
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);

    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(8, 4, 8, 4);
    bar->setSpacing(6);
    m_new = new QPushButton(this);
    m_new->setObjectName(u"botsNew"_s);
    m_new->setProperty("accent", true);
    m_start = new QPushButton(this);
    m_start->setObjectName(u"botsStart"_s);
    m_pause = new QPushButton(this);
    m_pause->setObjectName(u"botsPause"_s);
    m_stop = new QPushButton(this);
    m_stop->setObjectName(u"botsStop"_s);
    m_delete = new QPushButton(this);
    m_delete->setObjectName(u"botsDelete"_s);
    connect(m_new, &QPushButton::clicked, this, [this] { openNewBotWizard(); });
    connect(m_start, &QPushButton::clicked, this, &BotsPanel::startSelected);
    connect(m_pause, &QPushButton::clicked, this, &BotsPanel::pauseSelected);
    connect(m_stop, &QPushButton::clicked, this, &BotsPanel::stopSelected);
    connect(m_delete, &QPushButton::clicked, this, &BotsPanel::deleteSelected);
    bar->addWidget(m_new);
    bar->addSpacing(10);
    bar->addWidget(m_start);
    bar->addWidget(m_pause);
    bar->addWidget(m_stop);
    bar->addWidget(m_delete);
    bar->addSpacing(10);
    m_status = new QLabel(this);
    m_status->setObjectName(u"botsStatus"_s);
    m_status->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    bar->addWidget(m_status, 1);
    layout->addLayout(bar);

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(u"botsSplitter"_s);
    m_splitter->setChildrenCollapsible(false);
    auto* left = new QWidget(m_splitter);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->setSpacing(0);
    m_table = makeTable(m_model, u"botsTable"_s, left);
    // The spare width goes to the names, not after the last number.
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->horizontalHeader()->setSectionResizeMode(BotsModel::NameColumn, QHeaderView::Stretch);
    leftLayout->addWidget(m_table, 1);
    m_empty = new QLabel(left);
    m_empty->setObjectName(u"botsEmpty"_s);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setProperty("role", u"muted"_s);
    m_empty->hide();
    leftLayout->addWidget(m_empty);

    auto* right = new QWidget(m_splitter);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->setSpacing(0);
    m_header = new QLabel(right);
    m_header->setObjectName(u"botsDetailsHeader"_s);
    m_header->setTextFormat(Qt::RichText);
    m_header->setWordWrap(true);
    m_header->setContentsMargins(10, 4, 10, 4);
    m_header->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    rightLayout->addWidget(m_header);
    m_details = new QTabWidget(right);
    m_details->setObjectName(u"botsDetails"_s);
    m_details->setDocumentMode(true);
    m_log = new QListWidget(m_details);
    m_log->setObjectName(u"botsLog"_s);
    m_log->setWordWrap(true);
    m_log->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_log->setSelectionMode(QAbstractItemView::NoSelection);
    m_details->addTab(m_log, QString());
    m_plot = new QCustomPlot(m_details);
    m_plot->setObjectName(u"botsEquity"_s);
    QSharedPointer<QCPAxisTickerDateTime> ticker(new QCPAxisTickerDateTime);
    ticker->setDateTimeFormat(u"dd MMM\nHH:mm"_s);
    ticker->setTickCount(5);
    m_plot->xAxis->setTicker(ticker);
    m_plot->addGraph();
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_plot->axisRect()->setRangeDrag(Qt::Horizontal);
    m_plot->axisRect()->setRangeZoom(Qt::Horizontal);
    m_details->addTab(m_plot, QString());
    m_openView = makeTable(m_open, u"botsOpenOrders"_s, m_details);
    m_details->addTab(m_openView, QString());
    m_historyView = makeTable(m_history, u"botsOrderHistory"_s, m_details);
    m_details->addTab(m_historyView, QString());
    rightLayout->addWidget(m_details, 1);
    m_splitter->addWidget(left);
    m_splitter->addWidget(right);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    layout->addWidget(m_splitter, 1);
}

void BotsPanel::showDetails(DetailsTab tab)
{
    m_details->setCurrentIndex(int(tab));
}

qint64 BotsPanel::selectedBot() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? 0 : rows.front().data(BotsModel::BotIdRole).toLongLong();
}

void BotsPanel::selectBot(qint64 id)
{
    const int row = m_model->rowOf(id);
    if (row < 0)
        return;
    m_table->selectRow(row);
}

void BotsPanel::setSymbol(const QString& symbol)
{
    m_symbol = symbol;
}

void BotsPanel::setLastPrice(const QString& symbol, const QString& price)
{
    m_lastPriceSymbol = symbol;
    m_lastPrice = price;
}

void BotsPanel::onLoggedIn()
{
    stop();
    m_model->clear();
    m_loaded = false;
    start();
}

void BotsPanel::stop()
{
    m_stream.stop();
    m_pending.clear();
    m_listing = false;
    ++m_detailsSerial;
}

void BotsPanel::start()
{
    stop();
    updateActions();
    if (!m_session.isLoggedIn())
        return;
    if (!m_session.user().permissions.contains(u"trading.read"_s)) {
        showStatus(tr("Your role does not include trading."));
        return;
    }
    const quint64 serial = m_stream.generation();
    m_listing = true;
    // The stream first, so that no change falls between the list and the stream.
    const quint64 id = m_session.streamBots(
        this,
        [this, serial](const BotUpdate& update) {
            if (!m_stream.current(serial))
                return;
            if (m_listing) {
                m_pending.push_back(update);
                return;
            }
            applyUpdate(update);
            if (m_streamProblem) {
                m_streamProblem = false;
                showStatus({});
            }
        },
        m_stream.endHandler([this](bool transient, const QString& message) {
            m_streamProblem = true;
            if (transient)
                showStatus(tr("Live bot updates interrupted: %1 Reconnecting in %2 s.")
                               .arg(message)
                               .arg(KeptStream::retryIntervalMs / 1000));
            else
                showStatus(tr("Live bot updates unavailable: %1").arg(message));
        }));
    if (!m_stream.opened(id)) {
        m_listing = false;
        return;
    }
    m_session.listBots(this, [this, serial](SessionController::Outcome<std::vector<Bot>> result) {
        if (!m_stream.current(serial))
            return;
        m_listing = false;
        const qint64 selected = selectedBot();
        if (result) {
            m_model->setBots(std::move(*result));
            if (!m_streamProblem)
                showStatus({});
        } else {
            showStatus(tr("Your bots could not be loaded: %1").arg(result.error()));
        }
        for (const BotUpdate& update : std::exchange(m_pending, {}))
            applyUpdate(update);
        if (selected != 0 && m_model->rowOf(selected) >= 0)
            selectBot(selected);
        else if (m_model->rowCount() > 0)
            m_table->selectRow(0);
        const bool first = !m_loaded;
        m_loaded = true;
        m_detailsBot = 0; // reload the details: the gap may have missed lines
        selectionChanged();
        retranslateUi();
        if (first)
            emit loaded();
    });
}

void BotsPanel::applyUpdate(const BotUpdate& update)
{
    if (const auto* bot = std::get_if<Bot>(&update)) {
        const Bot* before = m_model->find(bot->id);
        const bool ordersChanged = !before || before->openOrders != bot->openOrders
                                   || before->position != bot->position
                                   || before->state != bot->state;
        const bool equityChanged = before && before->equity != bot->equity;
        if (!m_model->applyBot(*bot))
            return;
        if (bot->id == m_detailsBot) {
            if (ordersChanged)
                m_ordersReload.start();
            if (equityChanged && bot->state == BotState::Running)
                appendEquity(QDateTime::currentMSecsSinceEpoch(), bot->equity);
        }
        if (m_model->rowCount() == 1 && selectedBot() == 0)
            m_table->selectRow(0);
        updateActions();
        updateHeader();
        m_empty->setVisible(m_model->rowCount() == 0);
    } else if (const auto* event = std::get_if<BotEvent>(&update)) {
        if (event->botId == m_detailsBot)
            addLogLine(*event, true);
        if (event->level == u"ERROR") {
            const Bot* owner = m_model->find(event->botId);
            emit noteRequested(tr("Bot %1: %2")
                                   .arg(owner ? owner->definition.name
                                              : QString::number(event->botId),
                                        event->message));
        }
    } else if (const auto* deleted = std::get_if<BotDeleted>(&update)) {
        m_model->removeBot(deleted->id);
    }
}

void BotsPanel::selectionChanged()
{
    const qint64 id = selectedBot();
    m_empty->setVisible(m_loaded && m_model->rowCount() == 0);
    updateActions();
    updateHeader();
    if (id == m_detailsBot)
        return;
    m_detailsBot = id;
    loadDetails();
}

void BotsPanel::loadDetails()
{
    const quint64 serial = ++m_detailsSerial;
    const qint64 id = m_detailsBot;
    m_log->clear();
    m_open->clear();
    m_history->clear();
    setEquity({});
    if (id == 0)
        return;
    m_session.listBotEvents(
        id, logLimit, this,
        [this, serial](SessionController::Outcome<std::vector<BotEvent>> result) {
            if (serial != m_detailsSerial)
                return;
            if (!result) {
                showStatus(tr("The bot's log could not be loaded: %1").arg(result.error()));
                return;
            }
            // Newest first from the server; lines streamed meanwhile are already on top.
            for (const BotEvent& event : *result)
                addLogLine(event, false);
        });
    m_session.getBotEquity(
        id, this, [this, serial](SessionController::Outcome<std::vector<EquityPoint>> result) {
            if (serial != m_detailsSerial)
                return;
            if (result)
                setEquity(*result);
            else
                m_plot->xAxis->setLabel(tr("The equity could not be loaded: %1").arg(result.error()));
        });
    loadOrders();
}

void BotsPanel::loadOrders()
{
    const qint64 id = m_detailsBot;
    if (id == 0)
        return;
    const quint64 serial = m_detailsSerial;
    m_session.listOrders({.symbol = {}, .openOnly = false, .limit = 200, .botId = id}, this,
                         [this, serial](SessionController::Outcome<std::vector<Order>> result) {
                             if (serial != m_detailsSerial || !result)
                                 return;
                             m_open->applyOrders(*result);
                             m_history->applyOrders(*result);
                             retranslateUi();
                         });
}

void BotsPanel::addLogLine(const BotEvent& event, bool top)
{
    const QDateTime time = event.timeMs > 0
                               ? QDateTime::fromMSecsSinceEpoch(event.timeMs).toLocalTime()
                               : QDateTime::currentDateTime();
    const bool today = time.date() == QDate::currentDate();
    auto* item = new QListWidgetItem(
        time.toString(today ? u"HH:mm:ss"_s : u"yyyy-MM-dd HH:mm:ss"_s) + u"   "_s
        + event.message);
    item->setData(Qt::UserRole, event.level);
    if (event.level == u"ERROR")
        item->setForeground(m_theme.color(u"danger"_s));
    else if (event.level == u"WARN")
        item->setForeground(m_theme.color(u"warning"_s));
    if (top)
        m_log->insertItem(0, item);
    else
        m_log->addItem(item);
    while (m_log->count() > logCapacity)
        delete m_log->takeItem(m_log->count() - 1);
}

void BotsPanel::setEquity(const std::vector<EquityPoint>& points)
{
    m_equityTimes.clear();
    m_equityValues.clear();
    m_plot->xAxis->setLabel({});
    for (const EquityPoint& point : points) {
        if (const auto value = decimalToDouble(point.equity)) {
            m_equityTimes.push_back(double(point.timeMs) / 1000.0);
            m_equityValues.push_back(*value);
        }
    }
    replotEquity();
}

void BotsPanel::appendEquity(qint64 timeMs, const QString& equity)
{
    const auto value = decimalToDouble(equity);
    if (!value)
        return;
    const double time = double(timeMs) / 1000.0;
    if (!m_equityTimes.empty() && time <= m_equityTimes.back())
        return;
    m_equityTimes.push_back(time);
    m_equityValues.push_back(*value);
    replotEquity();
}

void BotsPanel::replotEquity()
{
    QCPGraph* graph = m_plot->graph(0);
    graph->setData(QVector<double>(m_equityTimes.begin(), m_equityTimes.end()),
                   QVector<double>(m_equityValues.begin(), m_equityValues.end()), true);
    if (!m_equityTimes.empty()) {
        const double first = m_equityTimes.front();
        const double last = m_equityTimes.back();
        m_plot->xAxis->setRange(first, std::max(last, first + 60.0));
        const auto [low, high] = std::minmax_element(m_equityValues.begin(), m_equityValues.end());
        const double margin = std::max((*high - *low) * 0.1, std::abs(*high) * 0.0005 + 0.01);
        m_plot->yAxis->setRange(*low - margin, *high + margin);
    } else {
        const double now = double(QDateTime::currentMSecsSinceEpoch()) / 1000.0;
        m_plot->xAxis->setRange(now - 3600, now);
    }
    if (m_equityTimes.empty() && m_detailsBot != 0 && m_plot->xAxis->label().isEmpty())
        m_plot->xAxis->setLabel(tr("No equity yet: it is sampled every minute while the bot runs."));
    else if (!m_equityTimes.empty())
        m_plot->xAxis->setLabel({});
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void BotsPanel::updateActions()
{
    const Bot* bot = m_model->find(selectedBot());
    const bool write = m_session.canTrade();
    const BotState state = bot ? bot->state : BotState::Unspecified;
    m_new->setEnabled(write);
    m_start->setEnabled(write && bot && canStartBot(state));
    m_pause->setEnabled(write && bot && canPauseBot(state));
    m_stop->setEnabled(write && bot && canStopBot(state));
    m_delete->setEnabled(write && bot && canDeleteBot(state));
    const QString readOnly = write ? QString() : tr("Your role may not change bots.");
    for (QPushButton* button : {m_new, m_start, m_pause, m_stop, m_delete})
        button->setToolTip(readOnly.isEmpty() ? button->property("help").toString() : readOnly);
}

void BotsPanel::updateHeader()
{
    const Bot* bot = m_model->find(selectedBot());
    if (!bot) {
        m_header->setText(u"<span style='color:%1'>%2</span>"_s.arg(
            m_theme.color(u"muted"_s).name(),
            tr("Select a bot to see its log, equity and orders.").toHtmlEscaped()));
        return;
    }
    const BotDefinition& d = bot->definition;
    const Instrument* instrument = m_instruments.find(d.symbol);
    const QString quote = instrument ? instrument->quote : QString();
    const int priceDecimals = m_instruments.pricePrecision(d.symbol);
    const QString muted = m_theme.color(u"muted"_s).name();
    QString html = u"<b>%1</b> &nbsp;<span style='color:%2; font-weight:700'>%3</span>"_s.arg(
        d.name.toHtmlEscaped(), m_model->stateColor(bot->state).name(),
        botStateName(bot->state).toHtmlEscaped());
    QStringList facts;
    facts << tr("Budget %1 %2").arg(formatAmount(d.budget, 2), quote);
    if (!bot->averageEntry.isEmpty())
        facts << tr("Entry %1").arg(formatAmount(bot->averageEntry, priceDecimals));
    facts << tr("Fees %1").arg(formatAmount(bot->fees, 2));
    if (!d.strategyName.isEmpty())
        facts << d.strategyName;
    if (!bot->node.isEmpty() && bot->state != BotState::Stopped)
        facts << tr("on %1").arg(bot->node);
    html += u" &nbsp;<span style='color:%1'>%2</span>"_s.arg(muted,
                                                            facts.join(u" · "_s).toHtmlEscaped());
    if (!bot->stateReason.isEmpty()) {
        html += u"<br><span style='color:%1'>%2</span>"_s.arg(
            (bot->state == BotState::Failed ? m_theme.color(u"danger"_s)
                                             : m_theme.color(u"muted"_s))
                .name(),
            bot->stateReason.toHtmlEscaped());
    }
    m_header->setText(html);
    m_header->setToolTip(bot->stateReason);
}

BotWizard* BotsPanel::openNewBotWizard()
{
    if (m_wizard) {
        m_wizard->raise();
        m_wizard->activateWindow();
        return m_wizard;
    }
    auto* wizard = new BotWizard(m_session, m_instruments, m_theme, window());
    wizard->setAttribute(Qt::WA_DeleteOnClose);
    wizard->setSymbol(m_symbol);
    if (!m_lastPriceSymbol.isEmpty())
        wizard->setReferencePrice(m_lastPriceSymbol, m_lastPrice);
    connect(wizard, &BotWizard::botCreated, this, [this](const Bot& bot) {
        m_model->applyBot(bot);
        selectBot(bot.id);
        emit noteRequested(tr("Bot “%1” created. Start it when you are ready.")
                               .arg(bot.definition.name));
    });
    m_wizard = wizard;
    wizard->open();
    return wizard;
}

void BotsPanel::lifeCycleDone(const QString& what, const std::expected<Bot, QString>& result)
{
    if (!result) {
        const QString text = tr("%1 failed: %2").arg(what, result.error());
        showStatus(text);
        emit noteRequested(text);
        return;
    }
    applyUpdate(*result);
}

void BotsPanel::startSelected()
{
    const qint64 id = selectedBot();
    if (id == 0)
        return;
    m_start->setEnabled(false);
    m_session.startBot(id, this, [this](SessionController::Outcome<Bot> result) {
        lifeCycleDone(tr("Start"), result);
        updateActions();
    });
}

void BotsPanel::pauseSelected()
{
    const qint64 id = selectedBot();
    if (id == 0)
        return;
    m_pause->setEnabled(false);
    m_session.pauseBot(id, this, [this](SessionController::Outcome<Bot> result) {
        lifeCycleDone(tr("Pause"), result);
        updateActions();
    });
}

void BotsPanel::stopSelected()
{
    const Bot* bot = m_model->find(selectedBot());
    if (!bot)
        return;
    const qint64 id = bot->id;
    QMessageBox box(QMessageBox::Question, tr("Stop bot"),
                    tr("Stop “%1”? Its working orders are cancelled.").arg(bot->definition.name),
                    QMessageBox::NoButton, this);
    const bool holds = decimalSign(bot->position) != 0;
    auto* close = new QCheckBox(
        holds ? tr("Also close its position (%1 %2) at market")
                    .arg(formatAmount(bot->position, -1), bot->definition.symbol)
              : tr("Also close its position (it holds nothing)"),
        &box);
    close->setEnabled(holds);
    box.setCheckBox(close);
    QPushButton* stopButton = box.addButton(tr("Stop"), QMessageBox::AcceptRole);
    box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(stopButton);
    box.exec();
    if (box.clickedButton() != stopButton)
        return;
    m_stop->setEnabled(false);
    m_session.stopBot(id, close->isChecked(), this, [this](SessionController::Outcome<Bot> result) {
        lifeCycleDone(tr("Stop"), result);
        updateActions();
    });
}

void BotsPanel::deleteSelected()
{
    const Bot* bot = m_model->find(selectedBot());
    if (!bot || !canDeleteBot(bot->state))
        return;
    const qint64 id = bot->id;
    const auto answer = QMessageBox::question(
        this, tr("Delete bot"),
        tr("Delete “%1”? Its orders and fills stay in the journal.").arg(bot->definition.name),
        QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
    if (answer != QMessageBox::Yes)
        return;
    m_session.deleteBot(id, this, [this, id](SessionController::Outcome<Bot> result) {
        if (!result) {
            lifeCycleDone(tr("Delete"), result);
            return;
        }
        applyUpdate(BotDeleted{.id = id});
    });
}

void BotsPanel::showStatus(const QString& text)
{
    if (text == m_error)
        return;
    m_error = text;
    m_status->setText(text);
    m_status->setToolTip(text);
}

void BotsPanel::applyTheme()
{
    const QColor success = m_theme.color(u"success"_s);
    const QColor warning = m_theme.color(u"warning"_s);
    const QColor danger = m_theme.color(u"danger"_s);
    const QColor muted = m_theme.color(u"muted"_s);
    m_model->setColors(success, warning, danger, muted);
    m_open->setColors(success, danger, muted, danger);
    m_history->setColors(success, danger, muted, danger);
    m_status->setStyleSheet(u"QLabel { color: %1; }"_s.arg(warning.name()));
    const QColor background = m_theme.color(u"window"_s);
    const QColor border = m_theme.color(u"border"_s);
    m_plot->setBackground(background);
    for (QCPAxis* axis : m_plot->axisRect()->axes()) {
        axis->setBasePen(QPen(border));
        axis->setTickPen(QPen(border));
        axis->setSubTickPen(Qt::NoPen);
        axis->setTickLabelColor(muted);
        axis->setLabelColor(muted);
        QColor grid = border;
        grid.setAlpha(150);
        axis->grid()->setPen(QPen(grid));
        axis->grid()->setZeroLinePen(Qt::NoPen);
    }
    const QColor accent = m_theme.color(u"accent"_s);
    m_plot->graph(0)->setPen(QPen(accent, 1.6));
    QColor fill = accent;
    fill.setAlpha(40);
    m_plot->graph(0)->setBrush(fill);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
    for (int row = 0; row < m_log->count(); ++row) {
        QListWidgetItem* item = m_log->item(row);
        const QString level = item->data(Qt::UserRole).toString();
        item->setForeground(level == u"ERROR"  ? danger
                            : level == u"WARN" ? warning
                                               : m_theme.color(u"text"_s));
    }
    updateHeader();
}

void BotsPanel::retranslateUi()
{
    m_new->setText(tr("New bot…"));
    m_new->setProperty("help", tr("Create a strategy, grid or DCA bot."));
    m_start->setText(tr("Start"));
    m_start->setProperty("help", tr("Start (or resume) the selected bot."));
    m_pause->setText(tr("Pause"));
    m_pause->setProperty("help", tr("No new decisions; its working orders stay."));
    m_stop->setText(tr("Stop…"));
    m_stop->setProperty("help", tr("Cancel its orders, optionally closing its position."));
    m_delete->setText(tr("Delete…"));
    m_delete->setProperty("help", tr("Only a stopped or failed bot can be deleted."));
    m_details->setTabText(int(DetailsTab::Log), tr("Log"));
    m_details->setTabText(int(DetailsTab::Equity), tr("Equity"));
    m_details->setTabText(int(DetailsTab::OpenOrders),
                          m_open->rowCount() > 0 ? tr("Open orders (%1)").arg(m_open->rowCount())
                                                 : tr("Open orders"));
    m_details->setTabText(int(DetailsTab::History), tr("Order history"));
    m_empty->setText(tr("No bots yet. Create one with “New bot…”."));
    m_plot->yAxis->setLabel(tr("Equity"));
    updateActions();
    updateHeader();
}

void BotsPanel::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
        for (QAbstractItemModel* model :
             std::initializer_list<QAbstractItemModel*>{m_model, m_open, m_history}) {
            emit model->headerDataChanged(Qt::Horizontal, 0, model->columnCount() - 1);
            if (model->rowCount() > 0)
                emit model->dataChanged(model->index(0, 0),
                                        model->index(model->rowCount() - 1,
                                                     model->columnCount() - 1));
        }
    }
    QWidget::changeEvent(event);
}

} // namespace bcf::app
