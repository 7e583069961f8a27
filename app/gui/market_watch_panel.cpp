#include "gui/market_watch_panel.h"

#include "core/instrument_catalog.h"
#include "core/session_controller.h"
#include "gui/market_watch_model.h"
#include "gui/theme_manager.h"

#include <QEvent>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

#include <utility>

using namespace Qt::StringLiterals;

namespace bcf::app {

MarketWatchPanel::MarketWatchPanel(SessionController& session, InstrumentCatalog& instruments,
                                   ThemeManager& theme, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
    , m_instruments(instruments)
    , m_theme(theme)
    , m_stream(session, [this] { start(); })
{
    setObjectName(u"marketWatchPanel"_s);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    m_filter = new QLineEdit(this);
    m_filter->setObjectName(u"marketWatchFilter"_s);
    m_filter->setClearButtonEnabled(true);
    layout->addWidget(m_filter);
    m_status = new QLabel(this);
    m_status->setObjectName(u"marketWatchStatus"_s);
    m_status->setWordWrap(true);
    m_status->setContentsMargins(8, 4, 8, 4);
    m_status->hide();
    layout->addWidget(m_status);

    m_model = new MarketWatchModel(this);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(MarketWatchModel::SortRole);
    m_proxy->setFilterKeyColumn(MarketWatchModel::SymbolColumn);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setDynamicSortFilter(true);
    m_view = new QTableView(this);
    m_view->setObjectName(u"marketWatchView"_s);
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(MarketWatchModel::SymbolColumn, Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setShowGrid(false);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setHighlightSections(false);
    m_view->horizontalHeader()->setSortIndicatorShown(true);
    m_view->setColumnWidth(MarketWatchModel::SymbolColumn, 90);
    m_view->setColumnWidth(MarketWatchModel::LastColumn, 90);
    m_view->setColumnWidth(MarketWatchModel::ChangeColumn, 64);
    m_view->setColumnWidth(MarketWatchModel::HighColumn, 80);
    m_view->setColumnWidth(MarketWatchModel::LowColumn, 80);
    // Symbol, last, 24 h change and volume fit the dock; high and low are a right-click on the
    // header away.
    m_view->setColumnHidden(MarketWatchModel::HighColumn, true);
    m_view->setColumnHidden(MarketWatchModel::LowColumn, true);
    m_view->horizontalHeader()->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_view->horizontalHeader(), &QWidget::customContextMenuRequested, this,
            [this](const QPoint& position) {
                QMenu menu(this);
                for (int column = 1; column < m_model->columnCount(); ++column) {
                    QAction* action = menu.addAction(
                        m_model->headerData(column, Qt::Horizontal, Qt::DisplayRole).toString());
                    action->setCheckable(true);
                    action->setChecked(!m_view->isColumnHidden(column));
                    connect(action, &QAction::toggled, this, [this, column](bool shown) {
                        m_view->setColumnHidden(column, !shown);
                    });
                }
                menu.exec(m_view->horizontalHeader()->mapToGlobal(position));
            });
    layout->addWidget(m_view, 1);

    // activated: a double-click, or Enter on the current row.
    connect(m_view, &QAbstractItemView::activated, this, [this](const QModelIndex& index) {
        const QString symbol = index.data(MarketWatchModel::SymbolRole).toString();
        if (!symbol.isEmpty())
            emit symbolActivated(symbol);
    });
    connect(m_filter, &QLineEdit::textChanged, m_proxy,
            &QSortFilterProxyModel::setFilterFixedString);
    connect(&m_theme, &ThemeManager::themeChanged, this, &MarketWatchPanel::applyTheme);
    connect(&m_instruments, &InstrumentCatalog::instrumentsChanged, this,
            &MarketWatchPanel::updateInstruments);
    connect(&m_instruments, &InstrumentCatalog::loadFailed, this, [this](const QString& message) {
        if (m_model->rowCount() == 0) {
            showStatus(tr("The list of markets could not be loaded: %1 Retrying every %2 s.")
                           .arg(message)
                           .arg(InstrumentCatalog::retryIntervalMs / 1000));
        }
    });
    connect(&m_session, &SessionController::loggedIn, this, [this] {
        if (m_model->rowCount() == 0)
            showStatus(tr("Loading the markets…"));
        start();
    });
    connect(&m_session, &SessionController::loggedOut, this, &MarketWatchPanel::stop);
    connect(&m_session, &SessionController::sessionExpired, this, &MarketWatchPanel::stop);

    applyTheme();
    retranslateUi();
    updateInstruments();
    if (m_session.isLoggedIn() && !m_instruments.isLoaded())
        showStatus(tr("Loading the markets…"));
}

MarketWatchPanel::~MarketWatchPanel()
{
    stop();
}

void MarketWatchPanel::updateInstruments()
{
    m_model->setInstruments(m_instruments.instruments());
    setCurrentSymbol(m_currentSymbol);
    if (m_instruments.isLoaded()) {
        showStatus(m_model->rowCount() == 0 ? tr("The server lists no markets yet.")
                                            : QString());
    }
    start();
}

void MarketWatchPanel::setCurrentSymbol(const QString& symbol)
{
    m_currentSymbol = symbol;
    const int row = m_model->rowOf(symbol);
    if (row < 0)
        return;
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
    if (!index.isValid())
        return;
    m_view->selectionModel()->setCurrentIndex(
        index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_view->scrollTo(index);
}

void MarketWatchPanel::stop()
{
    m_stream.stop();
}

void MarketWatchPanel::start()
{
    stop();
    if (m_model->rowCount() == 0 || !m_session.isLoggedIn())
        return;
    const quint64 serial = m_stream.generation();
    // No symbols: every listed symbol of the exchange, the rows of this table.
    const quint64 id = m_session.streamTickers(
        m_instruments.exchange(), {}, this,
        [this, serial](const Ticker& ticker) {
            if (m_stream.current(serial))
                m_model->updateTicker(ticker);
        },
        m_stream.endHandler([this](bool transient, const QString& message) {
            if (transient) {
                showStatus(tr("Live prices interrupted: %1 Reconnecting in %2 s.")
                               .arg(message)
                               .arg(retryIntervalMs / 1000));
            } else {
                showStatus(tr("Live prices unavailable: %1").arg(message));
            }
        }));
    if (!m_stream.opened(id))
        return;
    if (m_status->text() != tr("The server lists no markets yet."))
        showStatus({});
}

void MarketWatchPanel::showStatus(const QString& text)
{
    m_status->setText(text);
    m_status->setVisible(!text.isEmpty());
}

void MarketWatchPanel::applyTheme()
{
    m_model->setColors(m_theme.color(u"success"_s), m_theme.color(u"danger"_s));
    m_status->setStyleSheet(u"QLabel { color: %1; }"_s.arg(m_theme.color(u"muted"_s).name()));
}

void MarketWatchPanel::retranslateUi()
{
    m_filter->setPlaceholderText(tr("Filter symbols"));
    m_filter->setToolTip(tr("Double-click a market (or press Enter) to show it on the chart, "
                          "the order book and the trades"));
}

void MarketWatchPanel::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
        emit m_model->headerDataChanged(Qt::Horizontal, 0, MarketWatchModel::ColumnCount - 1);
    }
    QWidget::changeEvent(event);
}

} // namespace bcf::app
