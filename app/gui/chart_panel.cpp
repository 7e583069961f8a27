#include "gui/chart_panel.h"

#include "core/instrument_catalog.h"
#include "core/session_controller.h"
#include "gui/ai_lab_predictions.h"
#include "gui/candle_chart.h"
#include "gui/sentiment_pane.h"
#include "gui/theme_manager.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QCompleter>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSignalBlocker>
#include <QToolButton>
#include <QVBoxLayout>

#include <utility>

using namespace Qt::StringLiterals;

namespace bcf::app {

namespace {

// Offered until the exchange's list of instruments has arrived.
const QStringList fallbackSymbols = {u"BTCUSDT"_s, u"ETHUSDT"_s, u"BNBUSDT"_s, u"SOLUSDT"_s};
const QStringList timeframeNames = {u"1m"_s, u"5m"_s, u"15m"_s, u"1h"_s, u"4h"_s, u"1d"_s};
// Candles of the first load and of each page of older history.
constexpr int pageSize = 1000;

} // namespace

ChartPanel::ChartPanel(SessionController& session, InstrumentCatalog& instruments,
                       ThemeManager& theme, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
    , m_instruments(instruments)
    , m_theme(theme)
{
    setObjectName(u"chartPanel"_s);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);

    auto* toolbar = new QWidget(this);
    toolbar->setObjectName(u"chartToolbar"_s);
    auto* bar = new QHBoxLayout(toolbar);
    bar->setContentsMargins(10, 6, 10, 6);
    bar->setSpacing(4);
    m_symbols = new QComboBox(toolbar);
    m_symbols->setObjectName(u"chartSymbol"_s);
    // Typing picks a symbol among hundreds.
    m_symbols->setEditable(true);
    m_symbols->setInsertPolicy(QComboBox::NoInsert);
    m_symbols->completer()->setCompletionMode(QCompleter::PopupCompletion);
    m_symbols->completer()->setFilterMode(Qt::MatchContains);
    m_symbols->setMinimumContentsLength(10);
    bar->addWidget(m_symbols);
    bar->addSpacing(10);
    m_timeframes = new QButtonGroup(this);
    m_timeframes->setExclusive(true);
    for (const QString& name : timeframeNames) {
        auto* button = new QToolButton(toolbar);
        button->setObjectName(u"chartTimeframe_"_s + name);
        button->setText(name);
        button->setCheckable(true);
        button->setChecked(name == m_timeframe);
        button->setAutoRaise(true);
        button->setProperty("timeframe", name);
        m_timeframes->addButton(button);
        bar->addWidget(button);
    }
    bar->addSpacing(10);
    m_symbolsNote = new QLabel(toolbar);
    m_symbolsNote->setObjectName(u"chartSymbolsNote"_s);
    m_symbolsNote->hide();
    bar->addWidget(m_symbolsNote, 1);
    bar->addStretch(1);
    layout->addWidget(toolbar);

    m_chart = new CandleChart(theme, this);
    layout->addWidget(m_chart, 1);
    m_sentiment = new SentimentPane(session, *m_chart, theme, this);
    bar->addWidget(m_sentiment->createButton(toolbar));
    m_predictions = new AiLabPredictionsOverlay(session, *m_chart, theme, this);
    bar->addWidget(m_predictions->createButton(toolbar));

    updateSymbols();
    m_chart->setMarket(symbol(), m_timeframe);
    m_sentiment->setMarket(baseAsset(), m_timeframe);
    applyTheme();
    retranslateUi();

    connect(m_symbols, &QComboBox::currentIndexChanged, this, [this] {
        reload();
        emit symbolChanged(symbol());
    });
    connect(m_symbols->lineEdit(), &QLineEdit::editingFinished, this, [this] {
        // Typed text picks the symbol it names; anything else puts the current one back.
        const int index = m_symbols->findText(m_symbols->currentText().trimmed());
        if (index >= 0)
            m_symbols->setCurrentIndex(index);
        else
            m_symbols->setEditText(symbol());
    });
    connect(m_timeframes, &QButtonGroup::buttonClicked, this, [this](QAbstractButton* button) {
        const QString timeframe = button->property("timeframe").toString();
        if (timeframe == m_timeframe)
            return;
        m_timeframe = timeframe;
        reload();
    });
    connect(m_chart, &CandleChart::nearOldestCandle, this, &ChartPanel::loadOlder);
    connect(&m_theme, &ThemeManager::themeChanged, this, &ChartPanel::applyTheme);
    connect(&m_instruments, &InstrumentCatalog::instrumentsChanged, this,
            &ChartPanel::updateSymbols);
    connect(&m_instruments, &InstrumentCatalog::loadFailed, this, [this](const QString& message) {
        m_symbolsNote->setText(
            tr("The list of markets could not be loaded: %1 Retrying every %2 s.")
                .arg(message)
                .arg(InstrumentCatalog::retryIntervalMs / 1000));
        m_symbolsNote->setToolTip(m_symbolsNote->text());
        m_symbolsNote->show();
    });
    connect(&m_session, &SessionController::loggedIn, this, [this] { reload(); });
    connect(&m_session, &SessionController::loggedOut, this, &ChartPanel::stopStream);
    connect(&m_session, &SessionController::sessionExpired, this, &ChartPanel::stopStream);

    m_retryTimer.setSingleShot(true);
    m_retryTimer.setInterval(retryIntervalMs);
    connect(&m_retryTimer, &QTimer::timeout, this, &ChartPanel::retry);

    if (m_session.isLoggedIn())
        QTimer::singleShot(0, this, [this] { reload(); });
}

ChartPanel::~ChartPanel()
{
    stopStream();
}

const CandleSeries& ChartPanel::candles() const
{
    return m_chart->candles();
}

QString ChartPanel::symbol() const
{
    // Not currentText(): that is whatever is being typed.
    return m_symbols->itemText(m_symbols->currentIndex());
}

QString ChartPanel::baseAsset() const
{
    const QString shown = symbol();
    if (const Instrument* instrument = m_instruments.find(shown);
        instrument && !instrument->base.isEmpty())
        return instrument->base;
    return newsBaseAsset(shown);
}

QStringList ChartPanel::symbols() const
{
    QStringList result;
    for (int i = 0; i < m_symbols->count(); ++i)
        result.append(m_symbols->itemText(i));
    return result;
}

bool ChartPanel::selectSymbol(const QString& name)
{
    const int index = m_symbols->findText(name, Qt::MatchFixedString | Qt::MatchCaseSensitive);
    if (index < 0)
        return false;
    m_symbols->setCurrentIndex(index); // reloads when it is another one
    return true;
}

bool ChartPanel::selectMarket(const QString& name, const QString& timeframe)
{
    const int index = m_symbols->findText(name, Qt::MatchFixedString | Qt::MatchCaseSensitive);
    if (index < 0)
        return false;
    const bool timeframeChanged = timeframe != m_timeframe;
    m_timeframe = timeframe;
    for (QAbstractButton* button : m_timeframes->buttons())
        button->setChecked(button->property("timeframe").toString() == timeframe);
    if (index != m_symbols->currentIndex())
        m_symbols->setCurrentIndex(index); // reloads
    else if (timeframeChanged)
        reload();
    return true;
}

bool ChartPanel::showsMarkersMarket() const
{
    return !m_markers.empty() && symbol() == m_markersSymbol && m_timeframe == m_markersTimeframe;
}

void ChartPanel::setBacktestTrades(const QString& symbol, const QString& timeframe,
                                   std::vector<TradeMarker> markers)
{
    m_markersSymbol = symbol;
    m_markersTimeframe = timeframe;
    m_markers = std::move(markers);
    m_pendingFocus = -1;
    m_chart->clearTradeMarkers();
    if (showsMarkersMarket())
        m_chart->setTradeMarkers(m_markers);
}

void ChartPanel::clearBacktestTrades()
{
    m_markers.clear();
    m_pendingFocus = -1;
    m_chart->clearTradeMarkers();
}

void ChartPanel::focusBacktestTrade(int index)
{
    if (index < 0 || index >= int(m_markers.size()))
        return;
    m_pendingFocus = index;
    if (!showsMarkersMarket()) {
        // Loading the backtest's market applies the markers and the focus when it arrives.
        if (!selectMarket(m_markersSymbol, m_markersTimeframe))
            m_pendingFocus = -1;
        return;
    }
    if (!m_loading)
        applyBacktestTrades();
}

void ChartPanel::applyBacktestTrades()
{
    if (!showsMarkersMarket())
        return;
    if (m_chart->tradeMarkers() != m_markers)
        m_chart->setTradeMarkers(m_markers);
    if (m_pendingFocus < 0 || m_pendingFocus >= int(m_markers.size()))
        return;
    const qint64 entry = m_markers[std::size_t(m_pendingFocus)].entryTimeMs;
    const qint64 margin = 20 * std::max<qint64>(timeframeMs(m_timeframe), 1000);
    if (!candles().empty() && candles().front().openTimeMs > entry - margin && !m_historyExhausted
        && m_session.isLoggedIn()) {
        // Older candles first: the trade is before the loaded ones.
        if (m_loadingOlder)
            return; // applied again when that page arrives
        m_loadingOlder = true;
        const quint64 serial = m_serial;
        m_session.getCandles(
            {.exchange = m_instruments.exchange(), .symbol = symbol(), .timeframe = m_timeframe,
             .fromUnixMs = entry - margin, .toUnixMs = candles().front().openTimeMs,
             .limit = 5000},
            this, [this, serial](SessionController::Outcome<CandleSeries> result) {
                if (serial != m_serial)
                    return;
                m_loadingOlder = false;
                if (!result || m_chart->prependOlder(*result) == 0)
                    m_historyExhausted = true;
                applyBacktestTrades();
            });
        return;
    }
    m_chart->focusTrade(std::exchange(m_pendingFocus, -1));
}

void ChartPanel::updateSymbols()
{
    QStringList offered = m_instruments.symbols();
    if (m_instruments.isLoaded())
        m_symbolsNote->hide();
    if (offered.isEmpty())
        offered = fallbackSymbols;
    if (offered == symbols())
        return;
    const QString current = symbol();
    {
        const QSignalBlocker blocker(m_symbols);
        m_symbols->clear();
        m_symbols->addItems(offered);
        const int index = m_symbols->findText(current);
        m_symbols->setCurrentIndex(std::max(index, 0));
    }
    if (!current.isEmpty() && symbol() != current) {
        // The market shown is not listed any more.
        reload();
        emit symbolChanged(symbol());
    }
}

void ChartPanel::applyTheme()
{
    const QColor border = m_theme.color(u"border"_s);
    const QColor text = m_theme.color(u"text"_s);
    const QColor muted = m_theme.color(u"muted"_s);
    findChild<QWidget*>(u"chartToolbar"_s)
        ->setStyleSheet(
            u"#chartToolbar { background: %1; border-bottom: 1px solid %2; }"
            " #chartToolbar QToolButton { color: %3; border: none; border-radius: 4px;"
            " padding: 4px 9px; font-weight: 600; }"
            " #chartToolbar QToolButton:hover { background: %4; color: %5; }"
            " #chartToolbar QToolButton:checked { background: %6; color: %5; }"
            " #chartSymbolsNote { color: %7; }"_s
                .arg(m_theme.color(u"panel"_s).name(), border.name(), muted.name(),
                     m_theme.color(u"hover"_s).name(), text.name(),
                     m_theme.color(u"button"_s).name(), m_theme.color(u"warning"_s).name()));
}

void ChartPanel::retranslateUi()
{
    m_symbols->setToolTip(tr("Market (Binance spot)"));
    for (QAbstractButton* button : m_timeframes->buttons()) {
        button->setToolTip(
            tr("Show %1 candles").arg(button->property("timeframe").toString()));
    }
    m_sentiment->retranslate();
    setProblem(m_problem, m_problemDetail);
}

void ChartPanel::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void ChartPanel::reload(bool quiet)
{
    m_chart->setMarket(symbol(), m_timeframe);
    m_predictions->setMarket(m_instruments.exchange(), symbol(), m_timeframe);
    m_sentiment->setMarket(baseAsset(), m_timeframe);
    if (!m_markers.empty() && !showsMarkersMarket())
        clearBacktestTrades(); // another market: the backtest's trades do not belong here
    else if (!showsMarkersMarket())
        m_chart->clearTradeMarkers();
    if (!m_session.isLoggedIn())
        return;
    stopStream();
    ++m_serial;
    m_loading = true;
    m_loadingOlder = false;
    if (!quiet) {
        m_settled = false;
        m_historyExhausted = false;
        m_chart->clear();
        setProblem(Problem::Loading);
    }
    const quint64 serial = m_serial;
    m_session.getCandles(
        {.exchange = m_instruments.exchange(), .symbol = symbol(), .timeframe = m_timeframe,
         .fromUnixMs = 0, .toUnixMs = 0, .limit = pageSize},
        this, [this, serial](SessionController::Outcome<CandleSeries> result) {
            if (serial != m_serial)
                return;
            m_loading = false;
            if (!result) {
                setProblem(Problem::Error, result.error());
                m_retryTimer.start();
            } else {
                if (result->empty()) {
                    setProblem(Problem::NoCandles);
                } else {
                    setProblem(Problem::None);
                    m_chart->setCandles(std::move(*result), false);
                    applyBacktestTrades();
                }
                openStream();
            }
            markSettled();
        });
}

void ChartPanel::loadOlder()
{
    if (m_loading || m_loadingOlder || m_historyExhausted || candles().empty()
        || !m_session.isLoggedIn()) {
        return;
    }
    m_loadingOlder = true;
    const quint64 serial = m_serial;
    m_session.getCandles(
        {.exchange = m_instruments.exchange(), .symbol = symbol(), .timeframe = m_timeframe,
         .fromUnixMs = 0, .toUnixMs = candles().front().openTimeMs, .limit = pageSize},
        this, [this, serial](SessionController::Outcome<CandleSeries> result) {
            if (serial != m_serial)
                return;
            m_loadingOlder = false;
            if (!result)
                return; // tried again on the next pan to the edge
            if (m_chart->prependOlder(*result) == 0)
                m_historyExhausted = true;
            if (m_pendingFocus >= 0)
                applyBacktestTrades();
        });
}

void ChartPanel::openStream()
{
    stopStream();
    const quint64 serial = m_serial;
    m_streamId = m_session.streamCandles(
        {.exchange = m_instruments.exchange(), .symbol = symbol(), .timeframe = m_timeframe},
        this,
        [this, serial](const Candle& candle) {
            if (serial == m_serial)
                onStreamCandle(candle);
        },
        [this, serial](bool transient, const QString& message) {
            if (serial != m_serial)
                return;
            m_streamId = 0;
            if (transient)
                m_retryTimer.start();
            else
                qWarning("chart: the candle stream failed: %s", qUtf8Printable(message));
        });
    if (m_streamId == 0 && m_session.isLoggedIn())
        m_retryTimer.start();
}

void ChartPanel::stopStream()
{
    m_retryTimer.stop();
    if (m_streamId != 0)
        m_session.cancelStream(std::exchange(m_streamId, 0));
}

void ChartPanel::retry()
{
    if (!m_session.isLoggedIn() || m_loading)
        return;
    if (candles().empty()) {
        // No candles yet, or the first load failed: try again without clearing the message.
        reload(true);
        return;
    }
    // The stream was lost: fill the gap with the newest candles, then stream again.
    const quint64 serial = m_serial;
    m_session.getCandles(
        {.exchange = m_instruments.exchange(), .symbol = symbol(), .timeframe = m_timeframe,
         .fromUnixMs = 0, .toUnixMs = 0, .limit = pageSize},
        this, [this, serial](SessionController::Outcome<CandleSeries> result) {
            if (serial != m_serial)
                return;
            if (!result) {
                m_retryTimer.start(); // a passing failure: try again later
                return;
            }
            m_chart->mergeNewest(*result);
            openStream();
        });
}

void ChartPanel::onStreamCandle(const Candle& candle)
{
    if (candles().empty()) {
        if (m_loading)
            return; // the first load brings it
        setProblem(Problem::None);
        m_chart->setCandles({candle}, false);
        return;
    }
    m_chart->mergeNewest({candle});
}

void ChartPanel::setProblem(Problem problem, const QString& detail)
{
    m_problem = problem;
    m_problemDetail = detail;
    QString text;
    switch (problem) {
    case Problem::None:
        break;
    case Problem::Loading:
        text = tr("Loading %1 %2 candles…").arg(symbol(), m_timeframe);
        break;
    case Problem::NoCandles:
        text = tr("No %1 candles for %2 yet. The server has not collected market data for "
                  "this market; the chart fills in as soon as it does.")
                   .arg(m_timeframe, symbol());
        break;
    case Problem::Error:
        text = tr("The candles for %1 %2 could not be loaded: %3\nRetrying every %4 s.")
                   .arg(symbol(), m_timeframe, detail)
                   .arg(retryIntervalMs / 1000);
        break;
    }
    m_chart->setMessage(text);
}

void ChartPanel::markSettled()
{
    if (m_settled)
        return;
    m_settled = true;
    emit settled();
}

} // namespace bcf::app
