#include "gui/trades_tape_panel.h"

#include "core/instrument_catalog.h"
#include "core/session_controller.h"
#include "gui/theme_manager.h"
#include "gui/trades_tape_model.h"

#include <QEvent>
#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

#include <utility>

using namespace Qt::StringLiterals;

namespace bcf::app {

TradesTapePanel::TradesTapePanel(SessionController& session, InstrumentCatalog& instruments,
                                 ThemeManager& theme, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
    , m_instruments(instruments)
    , m_theme(theme)
    , m_stream(session, [this] { start(); })
{
    setObjectName(u"tradesTapePanel"_s);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    m_title = new QLabel(this);
    m_title->setObjectName(u"tradesTitle"_s);
    m_title->setContentsMargins(8, 4, 8, 4);
    layout->addWidget(m_title);
    m_status = new QLabel(this);
    m_status->setObjectName(u"tradesStatus"_s);
    m_status->setWordWrap(true);
    m_status->setContentsMargins(8, 2, 8, 4);
    m_status->hide();
    layout->addWidget(m_status);

    m_model = new TradesTapeModel(capacity, this);
    m_view = new QTableView(this);
    m_view->setObjectName(u"tradesView"_s);
    m_view->setModel(m_model);
    m_view->setSelectionMode(QAbstractItemView::NoSelection);
    m_view->setFocusPolicy(Qt::NoFocus);
    m_view->setShowGrid(false);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 4);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_view->horizontalHeader()->setHighlightSections(false);
    layout->addWidget(m_view, 1);

    connect(&m_theme, &ThemeManager::themeChanged, this, &TradesTapePanel::applyTheme);
    connect(&m_instruments, &InstrumentCatalog::instrumentsChanged, this,
            &TradesTapePanel::applyPrecision);
    connect(&m_session, &SessionController::loggedIn, this, [this] {
        m_model->clear();
        start();
    });
    connect(&m_session, &SessionController::loggedOut, this, &TradesTapePanel::stop);
    connect(&m_session, &SessionController::sessionExpired, this, &TradesTapePanel::stop);

    applyTheme();
    retranslateUi();
}

TradesTapePanel::~TradesTapePanel()
{
    stop();
}

void TradesTapePanel::setSymbol(const QString& symbol)
{
    if (symbol == m_symbol)
        return;
    m_symbol = symbol;
    m_model->clear();
    applyPrecision();
    retranslateUi();
    start();
}

void TradesTapePanel::stop()
{
    m_stream.stop();
    m_pending.clear();
    m_pageLoaded = false;
}

void TradesTapePanel::start()
{
    stop();
    if (m_symbol.isEmpty() || !m_session.isLoggedIn())
        return;
    const quint64 serial = m_stream.generation();
    const QString exchange = m_instruments.exchange();
    // The stream first, so that no trade falls between the page and the stream.
    const quint64 id = m_session.streamTrades(
        exchange, m_symbol, this,
        [this, serial](const Trade& trade) {
            if (!m_stream.current(serial))
                return;
            if (!m_pageLoaded) {
                m_pending.push_back(trade);
                return;
            }
            m_model->addTrade(trade);
            showStatus({});
        },
        m_stream.endHandler([this](bool transient, const QString& message) {
            if (transient) {
                showStatus(tr("Live trades interrupted: %1 Reconnecting in %2 s.")
                               .arg(message)
                               .arg(retryIntervalMs / 1000));
            } else {
                showStatus(tr("Live trades unavailable: %1").arg(message));
            }
        }));
    if (!m_stream.opened(id))
        return;
    m_session.getRecentTrades(
        exchange, m_symbol, capacity, this,
        [this, serial](SessionController::Outcome<std::vector<Trade>> trades) {
            if (!m_stream.current(serial))
                return;
            m_pageLoaded = true;
            if (trades) {
                m_model->addTrades(*trades);
                showStatus(m_model->rowCount() == 0 && m_pending.empty()
                               ? tr("No trades yet.")
                               : QString());
            } else {
                showStatus(tr("Recent trades could not be loaded: %1").arg(trades.error()));
            }
            m_model->addTrades(std::exchange(m_pending, {}));
        });
}

void TradesTapePanel::showStatus(const QString& text)
{
    if (text == m_error)
        return;
    m_error = text;
    m_status->setText(text);
    m_status->setVisible(!text.isEmpty());
}

void TradesTapePanel::applyTheme()
{
    m_model->setColors(m_theme.color(u"success"_s), m_theme.color(u"danger"_s));
    m_title->setStyleSheet(u"QLabel { color: %1; font-weight: 600; }"_s.arg(
        m_theme.color(u"text"_s).name()));
    m_status->setStyleSheet(
        u"QLabel { color: %1; }"_s.arg(m_theme.color(u"muted"_s).name()));
}

void TradesTapePanel::applyPrecision()
{
    m_model->setPrecision(m_instruments.pricePrecision(m_symbol),
                          m_instruments.quantityPrecision(m_symbol));
}

void TradesTapePanel::retranslateUi()
{
    m_title->setText(m_symbol.isEmpty() ? tr("Trades") : tr("Trades · %1").arg(m_symbol));
}

void TradesTapePanel::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
        emit m_model->headerDataChanged(Qt::Horizontal, 0, TradesTapeModel::ColumnCount - 1);
    }
    QWidget::changeEvent(event);
}

} // namespace bcf::app
