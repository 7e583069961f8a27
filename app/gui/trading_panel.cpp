#include "gui/trading_panel.h"

#include "core/instrument_catalog.h"
#include "core/session_controller.h"
#include "gui/balances_model.h"
#include "gui/fills_model.h"
#include "gui/kill_switch_dialog.h"
#include "gui/orders_model.h"
#include "gui/positions_model.h"
#include "gui/theme_manager.h"

#include <QApplication>
#include <QComboBox>
#include <QDateTime>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QMouseEvent>
#include <QPainter>
#include <QPushButton>
#include <QStyledItemDelegate>
#include <QTabWidget>
#include <QTableView>
#include <QTextDocumentFragment>
#include <QVBoxLayout>

#include <utility>

using namespace Qt::StringLiterals;

namespace bcf::app {

namespace {

constexpr int eventsCapacity = 500;

// The Cancel button of each open order: drawn in the action column, pressed with a click.
class CancelButtonDelegate final : public QStyledItemDelegate
{
public:
    CancelButtonDelegate(QObject* parent, ThemeManager& theme,
                         std::function<void(const QString&)> cancel)
        : QStyledItemDelegate(parent)
        , m_theme(theme)
        , m_cancel(std::move(cancel))
    {
    }

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override
    {
        const QRect button = buttonRect(option.rect);
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        const QColor danger = m_theme.color(u"danger"_s);
        const bool hovered = option.state & QStyle::State_MouseOver;
        QColor fill = danger;
        fill.setAlpha(hovered ? 90 : 40);
        painter->setPen(QPen(danger, 1));
        painter->setBrush(fill);
        painter->drawRoundedRect(QRectF(button).adjusted(0.5, 0.5, -0.5, -0.5), 3, 3);
        painter->setPen(m_theme.color(u"text"_s));
        painter->drawText(button, Qt::AlignCenter, index.data().toString());
        painter->restore();
    }

    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override
    {
        QSize size = QStyledItemDelegate::sizeHint(option, index);
        size.setWidth(option.fontMetrics.horizontalAdvance(index.data().toString()) + 28);
        return size;
    }

    bool editorEvent(QEvent* event, QAbstractItemModel*, const QStyleOptionViewItem& option,
                     const QModelIndex& index) override
    {
        if (event->type() != QEvent::MouseButtonRelease)
            return false;
        const auto* mouse = static_cast<QMouseEvent*>(event);
        if (mouse->button() != Qt::LeftButton
            || !buttonRect(option.rect).contains(mouse->position().toPoint()))
            return false;
        m_cancel(index.data(OrdersModel::ClientOrderIdRole).toString());
        return true;
    }

private:
    static QRect buttonRect(const QRect& cell) { return cell.adjusted(6, 2, -6, -2); }

    ThemeManager& m_theme;
    std::function<void(const QString&)> m_cancel;
};

} // namespace

TradingPanel::TradingPanel(SessionController& session, InstrumentCatalog& instruments,
                           ThemeManager& theme, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
    , m_instruments(instruments)
    , m_theme(theme)
    , m_stream(session, [this] { start(); })
{
    setObjectName(u"tradingPanel"_s);
    m_open = new OrdersModel(OrdersModel::Mode::Open, 1000, this);
    m_history = new OrdersModel(OrdersModel::Mode::History, 1000, this);
    m_fills = new FillsModel(1000, this);
    m_positions = new PositionsModel(this);
    m_balances = new BalancesModel(this);
    const auto precision = [this](const QString& symbol) {
        return std::pair{m_instruments.pricePrecision(symbol),
                         m_instruments.find(symbol) ? m_instruments.quantityPrecision(symbol)
                                                    : -1};
    };
    m_open->setPrecision(precision);
    m_history->setPrecision(precision);
    m_fills->setPrecision(precision);
    m_positions->setPrecision(precision);
    buildUi();

    connect(&m_instruments, &InstrumentCatalog::instrumentsChanged, this, [this, precision] {
        m_open->setPrecision(precision);
        m_history->setPrecision(precision);
        m_fills->setPrecision(precision);
        m_positions->setPrecision(precision);
    });
    connect(&m_theme, &ThemeManager::themeChanged, this, &TradingPanel::applyTheme);
    connect(&m_session, &SessionController::loggedIn, this, &TradingPanel::onLoggedIn);
    connect(&m_session, &SessionController::loggedOut, this, &TradingPanel::stop);
    connect(&m_session, &SessionController::sessionExpired, this, &TradingPanel::stop);
    connect(&m_session, &SessionController::venuesChanged, this, &TradingPanel::setVenues);
    connect(m_open, &QAbstractItemModel::rowsInserted, this, &TradingPanel::updateCancelAll);
    connect(m_open, &QAbstractItemModel::rowsRemoved, this, &TradingPanel::updateCancelAll);
    connect(m_open, &QAbstractItemModel::modelReset, this, &TradingPanel::updateCancelAll);

    applyTheme();
    setVenues(m_session.venues());
    retranslateUi();
    if (m_session.isLoggedIn())
        onLoggedIn();
}

TradingPanel::~TradingPanel()
{
    stop();
}

QTableView* TradingPanel::makeTable(QAbstractItemModel* model, const QString& name)
{
    auto* view = new QTableView(this);
    view->setObjectName(name);
    view->setModel(model);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setShowGrid(false);
    view->setWordWrap(false);
    view->setMouseTracking(true);
    view->verticalHeader()->hide();
    view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    view->horizontalHeader()->setHighlightSections(false);
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    view->horizontalHeader()->setStretchLastSection(true);
    view->horizontalHeader()->setMinimumSectionSize(60);
    return view;
}

void TradingPanel::buildUi()
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);

    auto* header = new QHBoxLayout;
    header->setContentsMargins(10, 6, 10, 6);
    header->setSpacing(18);
    auto* venueBox = new QHBoxLayout;
    venueBox->setSpacing(6);
    m_venueLabel = new QLabel(this);
    m_venueLabel->setProperty("role", u"muted"_s);
    m_venue = new QComboBox(this);
    m_venue->setObjectName(u"tradingVenue"_s);
    m_venue->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connect(m_venue, &QComboBox::currentIndexChanged, this, &TradingPanel::showVenue);
    venueBox->addWidget(m_venueLabel);
    venueBox->addWidget(m_venue);
    header->addLayout(venueBox);
    m_equity = new QLabel(this);
    m_equity->setObjectName(u"tradingEquity"_s);
    m_pnl = new QLabel(this);
    m_pnl->setObjectName(u"tradingPnl"_s);
    m_pnl->setTextFormat(Qt::RichText);
    // The header never widens the dock (and with it the window's centre): it is cut instead.
    m_pnl->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_pnl->setMinimumWidth(0);
    m_state = new QLabel(this);
    m_state->setObjectName(u"tradingAccountState"_s);
    header->addWidget(m_equity);
    header->addWidget(m_pnl, 1);
    header->addWidget(m_state);
    layout->addLayout(header);

    m_status = new QLabel(this);
    m_status->setObjectName(u"tradingStatus"_s);
    m_status->setWordWrap(true);
    m_status->setContentsMargins(10, 0, 10, 6);
    m_status->hide();
    layout->addWidget(m_status);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(u"tradingTabs"_s);
    m_tabs->setDocumentMode(true);

    m_openPage = new QWidget(m_tabs);
    auto* openLayout = new QVBoxLayout(m_openPage);
    openLayout->setContentsMargins(0, 0, 0, 0);
    openLayout->setSpacing(0);
    auto* openBar = new QHBoxLayout;
    openBar->setContentsMargins(8, 4, 8, 4);
    m_openHint = new QLabel(m_openPage);
    m_openHint->setProperty("role", u"muted"_s);
    m_cancelAll = new QPushButton(m_openPage);
    m_cancelAll->setObjectName(u"tradingCancelAll"_s);
    connect(m_cancelAll, &QPushButton::clicked, this, &TradingPanel::cancelAllOrders);
    openBar->addWidget(m_openHint, 1);
    openBar->addWidget(m_cancelAll);
    openLayout->addLayout(openBar);
    m_openView = makeTable(m_open, u"tradingOpenOrders"_s);
    m_openView->setItemDelegateForColumn(
        OrdersModel::ActionColumn,
        new CancelButtonDelegate(m_openView, m_theme,
                                 [this](const QString& id) { cancelOrder(id); }));
    // The spare width goes after the state, before the Cancel buttons at the right edge.
    m_openView->horizontalHeader()->setStretchLastSection(false);
    m_openView->horizontalHeader()->setSectionResizeMode(OrdersModel::StateColumn,
                                                         QHeaderView::Stretch);
    m_openView->horizontalHeader()->setSectionResizeMode(OrdersModel::ActionColumn,
                                                         QHeaderView::Fixed);
    m_openView->horizontalHeader()->resizeSection(OrdersModel::ActionColumn,
                                                  fontMetrics().horizontalAdvance(tr("Cancel"))
                                                      + 40);
    openLayout->addWidget(m_openView, 1);
    m_tabs->addTab(m_openPage, QString());

    m_historyView = makeTable(m_history, u"tradingHistory"_s);
    m_tabs->addTab(m_historyView, QString());
    m_fillsView = makeTable(m_fills, u"tradingFills"_s);
    m_tabs->addTab(m_fillsView, QString());
    m_positionsView = makeTable(m_positions, u"tradingPositions"_s);
    m_tabs->addTab(m_positionsView, QString());
    m_balancesView = makeTable(m_balances, u"tradingBalances"_s);
    m_tabs->addTab(m_balancesView, QString());
    m_events = new QListWidget(m_tabs);
    m_events->setObjectName(u"tradingEvents"_s);
    m_events->setWordWrap(true);
    m_events->setSelectionMode(QAbstractItemView::NoSelection);
    m_tabs->addTab(m_events, QString());
    layout->addWidget(m_tabs, 1);
    updateCancelAll();
}

void TradingPanel::showTab(Tab tab)
{
    m_tabs->setCurrentIndex(int(tab));
}

QString TradingPanel::accountState() const
{
    return m_accountState;
}

QString TradingPanel::headerText() const
{
    return m_equity->text() + u"  "_s + QTextDocumentFragment::fromHtml(m_pnl->text()).toPlainText()
           + u"  "_s + m_state->text();
}

void TradingPanel::onLoggedIn()
{
    stop();
    m_open->clear();
    m_history->clear();
    m_fills->clear();
    m_positions->clear();
    m_balances->clear();
    m_portfolios.clear();
    m_portfolio.reset();
    m_accountState.clear();
    updateHeader();
    start();
}

void TradingPanel::stop()
{
    m_stream.stop();
    m_pending.clear();
    m_pagesPending = 0;
}

void TradingPanel::start()
{
    stop();
    if (!m_session.isLoggedIn())
        return;
    if (!m_session.user().permissions.contains(u"trading.read"_s)) {
        showStatus(tr("Your role does not include trading."));
        return;
    }
    const quint64 serial = m_stream.generation();
    const QStringList portfolios = venues();
    m_pagesPending = 3 + int(portfolios.size());
    // The stream first, so that nothing falls between the pages and the stream.
    const quint64 id = m_session.streamTrading(
        this,
        [this, serial](const TradingEvent& event) {
            if (!m_stream.current(serial))
                return;
            // Portfolios are complete and notices are news: only orders and fills wait for
            // the pages.
            if (m_pagesPending > 0
                && (std::holds_alternative<Order>(event) || std::holds_alternative<Fill>(event))) {
                m_pending.push_back(event);
                return;
            }
            applyEvent(event);
            if (m_streamProblem) { // the stream is back
                m_streamProblem = false;
                showStatus({});
            }
        },
        m_stream.endHandler([this](bool transient, const QString& message) {
            m_streamProblem = true;
            if (transient) {
                showStatus(tr("Live trading updates interrupted: %1 Reconnecting in %2 s.")
                               .arg(message)
                               .arg(KeptStream::retryIntervalMs / 1000));
            } else {
                showStatus(tr("Live trading updates unavailable: %1").arg(message));
            }
        }));
    if (!m_stream.opened(id)) {
        m_pagesPending = 0;
        return;
    }
    const auto failed = [this](const QString& what, const QString& message) {
        showStatus(what.arg(message));
    };
    m_session.listOrders({.symbol = {}, .openOnly = true, .limit = 1000}, this,
                         [this, serial, failed](SessionController::Outcome<std::vector<Order>> r) {
                             if (!m_stream.current(serial))
                                 return;
                             if (r)
                                 m_open->applyOrders(*r);
                             else
                                 failed(tr("Open orders could not be loaded: %1"), r.error());
                             pageDone();
                         });
    m_session.listOrders({.symbol = {}, .openOnly = false, .limit = historyLimit}, this,
                         [this, serial, failed](SessionController::Outcome<std::vector<Order>> r) {
                             if (!m_stream.current(serial))
                                 return;
                             if (r)
                                 m_history->applyOrders(*r);
                             else
                                 failed(tr("The order history could not be loaded: %1"),
                                        r.error());
                             pageDone();
                         });
    m_session.listFills({}, fillsLimit, this,
                        [this, serial, failed](SessionController::Outcome<std::vector<Fill>> r) {
                            if (!m_stream.current(serial))
                                return;
                            if (r) {
                                m_fills->addFills(*r);
                                emit fillsChanged();
                            } else {
                                failed(tr("Fills could not be loaded: %1"), r.error());
                            }
                            pageDone();
                        });
    for (const QString& venue : portfolios)
        loadPortfolio(venue, serial, true);
}

void TradingPanel::loadPortfolio(const QString& venue, quint64 serial, bool page)
{
    m_session.getPortfolio(
        venue, this, [this, serial, page, venue](SessionController::Outcome<Portfolio> r) {
            if (!m_stream.current(serial))
                return;
            if (r) {
                if (r->venue.isEmpty())
                    r->venue = venue;
                applyEvent(*r, false); // the stream's portfolio may be newer already
            } else {
                showStatus(tr("The portfolio of %1 could not be loaded: %2")
                               .arg(venueDisplayName(venue), r.error()));
            }
            if (page)
                pageDone();
        });
}

void TradingPanel::pageDone()
{
    if (--m_pagesPending > 0)
        return;
    m_pagesPending = 0;
    for (const TradingEvent& event : std::exchange(m_pending, {}))
        applyEvent(event);
}

void TradingPanel::applyEvent(const TradingEvent& event, bool live)
{
    if (const auto* order = std::get_if<Order>(&event)) {
        // Only changes are news: a report the models already had is not logged again.
        const bool openChanged = m_open->applyOrder(*order);
        const bool historyChanged = m_history->applyOrder(*order);
        if (!live || !(openChanged || historyChanged) || order->isOpen())
            return;
        QString what = tr("%1 %2 %3 %4").arg(sideName(order->side),
                                              formatAmount(order->quantity, -1), order->symbol,
                                              orderTypeName(order->type));
        if (isLiveVenue(order->venue))
            what = tr("%1 on %2").arg(what, venueDisplayName(order->venue));
        switch (order->state) {
        case OrderState::Filled:
            logEvent(tr("Order filled: %1 at %2")
                         .arg(what, formatAmount(order->averagePrice, -1)),
                     0, order->updatedMs);
            break;
        case OrderState::Cancelled:
            logEvent(order->reason.isEmpty()
                         ? tr("Order cancelled: %1").arg(what)
                         : tr("Order cancelled: %1 — %2").arg(what, order->reason),
                     0, order->updatedMs);
            break;
        case OrderState::Rejected:
            logEvent(tr("Order rejected: %1 — %2").arg(what, order->reason), 2, order->updatedMs);
            break;
        case OrderState::Expired:
            logEvent(tr("Order expired: %1 — %2").arg(what, order->reason), 1, order->updatedMs);
            break;
        default:
            break;
        }
    } else if (const auto* fill = std::get_if<Fill>(&event)) {
        if (!m_fills->addFill(*fill))
            return;
        emit fillsChanged();
        if (live) {
            QString text = tr("Fill: %1 %2 %3 at %4 (%5)")
                               .arg(sideName(fill->side), formatAmount(fill->quantity, -1),
                                    fill->symbol, formatAmount(fill->price, -1),
                                    fill->maker ? tr("maker") : tr("taker"));
            if (isLiveVenue(fill->venue))
                text = tr("%1 on %2").arg(text, venueDisplayName(fill->venue));
            logEvent(text, 0, fill->timeMs);
        }
    } else if (const auto* portfolio = std::get_if<Portfolio>(&event)) {
        const auto known = m_portfolios.find(normalizedVenue(portfolio->venue));
        if (known == m_portfolios.end() || known->second.timeMs <= portfolio->timeMs)
            setPortfolio(*portfolio);
    } else if (const auto* risk = std::get_if<RiskNotice>(&event)) {
        setAccountState(risk->to);
        const QString text = tr("Risk: account %1 → %2. %3")
                                 .arg(accountStateName(risk->from), accountStateName(risk->to),
                                      risk->message);
        logEvent(text, risk->to == u"ACTIVE" ? 0 : 2, risk->timeMs);
        emit noteRequested(text);
    } else if (const auto* notice = std::get_if<ReconciliationNotice>(&event)) {
        const QString text = tr("Reconciliation with %1: %2")
                                 .arg(venueDisplayName(notice->venue), notice->message);
        logEvent(text, 1, notice->timeMs);
        emit noteRequested(text);
    }
}

void TradingPanel::logEvent(const QString& text, int severity, qint64 timeMs)
{
    const QDateTime time = timeMs > 0 ? QDateTime::fromMSecsSinceEpoch(timeMs).toLocalTime()
                                      : QDateTime::currentDateTime();
    auto* item = new QListWidgetItem(time.toString(u"HH:mm:ss"_s) + u"   "_s + text);
    item->setData(Qt::UserRole, severity);
    if (severity == 2)
        item->setForeground(m_theme.color(u"danger"_s));
    else if (severity == 1)
        item->setForeground(m_theme.color(u"warning"_s));
    m_events->insertItem(0, item);
    while (m_events->count() > eventsCapacity)
        delete m_events->takeItem(m_events->count() - 1);
}

void TradingPanel::setPortfolio(const Portfolio& portfolio)
{
    const QString name = normalizedVenue(portfolio.venue);
    m_portfolios[name] = portfolio;
    if (name == venue())
        showVenue();
    // The risk state is the account's, whichever venue reports it.
    setAccountState(portfolio.accountState);
    emit portfolioChanged(m_portfolios[name]);
}

void TradingPanel::showVenue()
{
    const auto it = m_portfolios.find(venue());
    if (it == m_portfolios.end()) {
        m_portfolio.reset();
        m_positions->clear();
        m_balances->clear();
    } else {
        m_portfolio = it->second;
        if (!m_accountState.isEmpty())
            m_portfolio->accountState = m_accountState;
        m_positions->setPositions(m_portfolio->positions, m_portfolio->currency);
        m_balances->setBalances(m_portfolio->balances, m_portfolio->currency);
    }
    updateHeader();
}

void TradingPanel::setVenues(const QStringList& venues)
{
    const QStringList offered = tradableVenues(venues);
    if (offered == this->venues())
        return;
    const QString chosen = venue();
    {
        const QSignalBlocker blocker(m_venue);
        m_venue->clear();
        for (const QString& name : offered)
            m_venue->addItem(venueDisplayName(name), name);
        const int index = m_venue->findData(chosen);
        m_venue->setCurrentIndex(index >= 0 ? index : 0);
    }
    m_venue->setEnabled(m_venue->count() > 1);
    showVenue();
    // A venue that appears while the stream runs (a key was added): its portfolio now.
    if (m_session.isLoggedIn() && m_session.user().permissions.contains(u"trading.read"_s)) {
        for (const QString& name : offered) {
            if (!m_portfolios.contains(name))
                loadPortfolio(name, m_stream.generation(), false);
        }
    }
}

QStringList TradingPanel::venues() const
{
    QStringList names;
    for (int i = 0; i < m_venue->count(); ++i)
        names << m_venue->itemData(i).toString();
    return names;
}

QString TradingPanel::venue() const
{
    const QString name = m_venue->currentData().toString();
    return name.isEmpty() ? paperVenue.toString() : name;
}

bool TradingPanel::setVenue(const QString& venue)
{
    const int index = m_venue->findData(normalizedVenue(venue));
    if (index < 0)
        return false;
    m_venue->setCurrentIndex(index);
    return true;
}

void TradingPanel::setAccountState(const QString& state)
{
    if (state.isEmpty() || state == m_accountState)
        return;
    m_accountState = state;
    if (m_portfolio)
        m_portfolio->accountState = state;
    for (auto& [name, portfolio] : m_portfolios)
        portfolio.accountState = state;
    updateHeader();
    emit accountStateChanged(state);
}

void TradingPanel::updateHeader()
{
    if (!m_portfolio) {
        m_equity->setText(tr("Equity —"));
        m_pnl->clear();
        m_state->clear();
        m_state->setStyleSheet({});
        return;
    }
    const Portfolio& p = *m_portfolio;
    m_equity->setText(tr("Equity %1 %2").arg(formatAmount(p.equity, 2), p.currency));
    const auto colored = [this](const QString& amount) {
        const int sign = decimalSign(amount);
        const QString color = m_theme
                                  .color(sign > 0   ? u"success"_s
                                         : sign < 0 ? u"danger"_s
                                                    : u"muted"_s)
                                  .name();
        return u"<span style='color:%1'>%2</span>"_s.arg(
            color, formatSignedAmount(amount, 2).toHtmlEscaped());
    };
    m_pnl->setText(tr("Unrealized PnL %1 · Realized PnL %2 · Fees %3")
                       .arg(colored(p.unrealizedPnl), colored(p.realizedPnl),
                            formatAmount(p.fees, 2).toHtmlEscaped()));
    m_pnl->setToolTip(QTextDocumentFragment::fromHtml(m_pnl->text()).toPlainText());
    const QString state = m_accountState.isEmpty() ? p.accountState : m_accountState;
    m_state->setText(accountStateName(state));
    const QString color = m_theme
                              .color(state == u"HALTED"     ? u"danger"_s
                                     : state == u"REDUCING" ? u"warning"_s
                                                            : u"success"_s)
                              .name();
    m_state->setStyleSheet(
        u"QLabel { color: %1; border: 1px solid %1; border-radius: 3px; padding: 1px 8px; "
        "font-weight: 700; }"_s.arg(color));
    m_state->setToolTip(state == u"HALTED" ? tr("Nothing but cancels is accepted until trading "
                                                "is resumed.")
                        : state == u"REDUCING"
                            ? tr("Only orders that reduce a position are accepted until trading "
                                 "is resumed.")
                            : tr("Orders are accepted."));
}

void TradingPanel::updateCancelAll()
{
    const int count = m_open->rowCount();
    m_cancelAll->setEnabled(count > 0 && m_session.canTrade());
    m_openHint->setText(count == 0 ? tr("No open orders.")
                                   : tr("Open orders: %1").arg(count));
}

void TradingPanel::cancelOrder(const QString& clientOrderId)
{
    if (clientOrderId.isEmpty())
        return;
    m_session.cancelOrder(clientOrderId, this, [this](SessionController::Outcome<Order> result) {
        if (!result) {
            logEvent(tr("Cancel failed: %1").arg(result.error()), 2);
            emit noteRequested(tr("Cancel failed: %1").arg(result.error()));
            return;
        }
        applyEvent(*result);
    });
}

void TradingPanel::cancelAllOrders()
{
    const int count = m_open->rowCount();
    if (count == 0)
        return;
    const auto answer = QMessageBox::question(
        this, tr("Cancel all orders"),
        tr("Cancel all open orders (%1), including those of your bots?").arg(count),
        QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
    if (answer != QMessageBox::Yes)
        return;
    m_session.cancelAllOrders({}, this, [this](SessionController::Outcome<int> result) {
        if (!result) {
            logEvent(tr("Cancel all failed: %1").arg(result.error()), 2);
            emit noteRequested(tr("Cancel all failed: %1").arg(result.error()));
            return;
        }
        logEvent(tr("Cancel requests sent: %1.").arg(*result));
    });
}

void TradingPanel::openKillSwitch()
{
    if (m_dialog)
        m_dialog->close();
    auto* dialog = new KillSwitchDialog(KillSwitchDialog::Mode::Kill, window());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setDangerColor(m_theme.color(u"danger"_s), m_theme.color(u"accentText"_s));
    m_dialog = dialog;
    connect(dialog, &KillSwitchDialog::confirmed, this, [this, dialog] {
        dialog->setBusy(true);
        const bool flatten = dialog->flatten();
        const bool halt = dialog->halt();
        const QString reason = dialog->reason();
        m_session.killSwitch(
            flatten, halt, reason, dialog,
            [this, dialog, reason](SessionController::TradingOutcome<KillSwitchResult> result) {
                if (!result) {
                    dialog->showError(result.error().message);
                    return;
                }
                setAccountState(result->accountState);
                const QString text =
                    tr("Kill switch: orders cancelled %1, positions closed %2; account %3. "
                       "Reason: %4")
                        .arg(result->ordersCancelled)
                        .arg(result->positionsClosed)
                        .arg(accountStateName(result->accountState), reason);
                logEvent(text, 2);
                emit noteRequested(text);
                showTab(Tab::Events);
                dialog->accept();
            });
    });
    dialog->open();
}

void TradingPanel::openResumeTrading()
{
    if (m_dialog)
        m_dialog->close();
    auto* dialog = new KillSwitchDialog(KillSwitchDialog::Mode::Resume, window());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_dialog = dialog;
    connect(dialog, &KillSwitchDialog::confirmed, this, [this, dialog] {
        dialog->setBusy(true);
        const QString reason = dialog->reason();
        m_session.resetRisk(reason, dialog,
                            [this, dialog, reason](SessionController::TradingOutcome<QString> r) {
                                if (!r) {
                                    dialog->showError(r.error().message);
                                    return;
                                }
                                setAccountState(*r);
                                const QString text = tr("Trading resumed; account %1. Reason: %2")
                                                         .arg(accountStateName(*r), reason);
                                logEvent(text);
                                emit noteRequested(text);
                                dialog->accept();
                            });
    });
    dialog->open();
}

void TradingPanel::showStatus(const QString& text)
{
    if (text == m_error)
        return;
    m_error = text;
    m_status->setText(text);
    m_status->setVisible(!text.isEmpty());
}

void TradingPanel::applyTheme()
{
    const QColor buy = m_theme.color(u"success"_s);
    const QColor sell = m_theme.color(u"danger"_s);
    const QColor muted = m_theme.color(u"muted"_s);
    m_open->setColors(buy, sell, muted, sell);
    m_history->setColors(buy, sell, muted, sell);
    m_fills->setColors(buy, sell, muted);
    m_positions->setColors(buy, sell, muted);
    m_balances->setMutedColor(muted);
    m_equity->setStyleSheet(u"QLabel { color: %1; font-weight: 600; }"_s.arg(
        m_theme.color(u"text"_s).name()));
    m_status->setStyleSheet(u"QLabel { color: %1; }"_s.arg(m_theme.color(u"warning"_s).name()));
    updateHeader();
}

void TradingPanel::retranslateUi()
{
    m_venueLabel->setText(tr("Venue"));
    for (int i = 0; i < m_venue->count(); ++i)
        m_venue->setItemText(i, venueDisplayName(m_venue->itemData(i).toString()));
    m_venue->setToolTip(tr("The venue whose equity, positions and balances are shown. Orders "
                           "and fills of every venue are listed, with their venue."));
    m_tabs->setTabText(int(Tab::OpenOrders), tr("Open orders"));
    m_tabs->setTabText(int(Tab::History), tr("Order history"));
    m_tabs->setTabText(int(Tab::Fills), tr("Fills"));
    m_tabs->setTabText(int(Tab::Positions), tr("Positions"));
    m_tabs->setTabText(int(Tab::Balances), tr("Balances"));
    m_tabs->setTabText(int(Tab::Events), tr("Events"));
    m_cancelAll->setText(tr("Cancel all"));
    m_cancelAll->setToolTip(tr("Cancels every open order of the account."));
    updateCancelAll();
    updateHeader();
}

void TradingPanel::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
        for (QAbstractItemModel* model :
             std::initializer_list<QAbstractItemModel*>{m_open, m_history, m_fills, m_positions,
                                                        m_balances}) {
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
