#include "gui/chart_panel.h"

#include "core/session_controller.h"
#include "gui/theme_manager.h"

#include <qcustomplot.h>

#include <QButtonGroup>
#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMouseEvent>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <utility>

using namespace Qt::StringLiterals;

namespace bcf::app {

namespace {

const auto exchangeName = u"binance"_s;
const QStringList symbolNames = {u"BTCUSDT"_s, u"ETHUSDT"_s, u"BNBUSDT"_s, u"SOLUSDT"_s};
const QStringList timeframeNames = {u"1m"_s, u"5m"_s, u"15m"_s, u"1h"_s, u"4h"_s, u"1d"_s};
// Candles of the first load and of each page of older history.
constexpr int pageSize = 1000;
// Candles shown when a market is opened.
constexpr int initialVisible = 120;
// Fewest candles a zoom may show.
constexpr int minVisible = 10;
// Older history is loaded when the view comes this close (in candles) to the first one.
constexpr int edgeCandles = 20;
const auto crosshairLayer = u"crosshair"_s;

double keyOf(qint64 openTimeMs)
{
    return double(openTimeMs) / 1000.0;
}

QColor withAlpha(QColor color, int alpha)
{
    color.setAlpha(alpha);
    return color;
}

QString formatVolume(double volume)
{
    const QLocale locale;
    if (volume >= 1e9)
        return locale.toString(volume / 1e9, 'f', 2) + u'B';
    if (volume >= 1e6)
        return locale.toString(volume / 1e6, 'f', 2) + u'M';
    if (volume >= 1e4)
        return locale.toString(volume / 1e3, 'f', 2) + u'K';
    return locale.toString(volume, 'f', volume >= 100 ? 2 : 4);
}

void styleAxis(QCPAxis* axis, const QColor& line, const QColor& grid, const QColor& labels)
{
    axis->setBasePen(QPen(line));
    axis->setTickPen(QPen(line));
    axis->setSubTickPen(Qt::NoPen);
    axis->setTickLengthIn(0);
    axis->setTickLengthOut(4);
    axis->setTickLabelColor(labels);
    axis->setLabelColor(labels);
    axis->grid()->setPen(QPen(grid, 1, Qt::SolidLine));
    axis->grid()->setZeroLinePen(Qt::NoPen);
    axis->grid()->setSubGridVisible(false);
}

} // namespace

ChartPanel::ChartPanel(SessionController& session, ThemeManager& theme, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
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
    m_symbols->addItems(symbolNames);
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
    bar->addStretch(1);
    layout->addWidget(toolbar);

    m_plot = new QCustomPlot(this);
    m_plot->setObjectName(u"chartPlot"_s);
    m_plot->setMouseTracking(true);
    m_plot->installEventFilter(this);
    layout->addWidget(m_plot, 1);

    m_readout = new QLabel(m_plot);
    m_readout->setObjectName(u"chartReadout"_s);
    m_readout->setAttribute(Qt::WA_TransparentForMouseEvents);
    m_message = new QLabel(m_plot);
    m_message->setObjectName(u"chartMessage"_s);
    m_message->setAlignment(Qt::AlignCenter);
    m_message->setWordWrap(true);
    m_message->setAttribute(Qt::WA_TransparentForMouseEvents);
    m_message->hide();

    buildPlot();
    applyTheme();
    retranslateUi();

    connect(m_symbols, &QComboBox::currentIndexChanged, this, [this] { reload(); });
    connect(m_timeframes, &QButtonGroup::buttonClicked, this, [this](QAbstractButton* button) {
        const QString timeframe = button->property("timeframe").toString();
        if (timeframe == m_timeframe)
            return;
        m_timeframe = timeframe;
        reload();
    });
    connect(&m_theme, &ThemeManager::themeChanged, this, &ChartPanel::applyTheme);
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

QString ChartPanel::symbol() const
{
    return m_symbols->currentText();
}

void ChartPanel::buildPlot()
{
    m_plot->setNoAntialiasingOnDrag(true);
    m_plot->plotLayout()->clear();
    m_plot->plotLayout()->setRowSpacing(0);

    m_priceRect = new QCPAxisRect(m_plot);
    m_volumeRect = new QCPAxisRect(m_plot);
    m_plot->plotLayout()->addElement(0, 0, m_priceRect);
    m_plot->plotLayout()->addElement(1, 0, m_volumeRect);
    m_plot->plotLayout()->setRowStretchFactor(0, 4);
    m_plot->plotLayout()->setRowStretchFactor(1, 1);

    auto* group = new QCPMarginGroup(m_plot);
    QSharedPointer<QCPAxisTickerDateTime> ticker(new QCPAxisTickerDateTime);
    ticker->setTickCount(8);
    ticker->setTickStepStrategy(QCPAxisTicker::tssReadability);
    for (QCPAxisRect* rect : {m_priceRect, m_volumeRect}) {
        rect->setMarginGroup(QCP::msLeft | QCP::msRight, group);
        rect->axis(QCPAxis::atLeft)->setVisible(false);
        rect->axis(QCPAxis::atTop)->setVisible(false);
        QCPAxis* right = rect->axis(QCPAxis::atRight);
        right->setVisible(true);
        right->setTickLabels(true);
        right->grid()->setVisible(true);
        right->setPadding(6);
        QCPAxis* bottom = rect->axis(QCPAxis::atBottom);
        bottom->setTicker(ticker);
        bottom->grid()->setVisible(true);
        rect->setRangeDrag(Qt::Horizontal);
        rect->setRangeZoom(Qt::Horizontal);
        rect->setRangeDragAxes(bottom, right);
        rect->setRangeZoomAxes(bottom, right);
        rect->setRangeZoomFactor(0.85);
    }
    m_priceRect->setAutoMargins(QCP::msLeft | QCP::msRight | QCP::msBottom);
    m_priceRect->setMargins(QMargins(0, 8, 0, 0));
    m_priceRect->axis(QCPAxis::atBottom)->setTickLabels(false);
    m_priceRect->axis(QCPAxis::atBottom)->setTickLengthOut(0);
    m_volumeRect->setAutoMargins(QCP::msLeft | QCP::msRight | QCP::msBottom);
    m_volumeRect->setMargins(QMargins(0, 0, 0, 0));
    m_volumeRect->axis(QCPAxis::atRight)->setTicker(
        QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    m_volumeRect->axis(QCPAxis::atRight)->ticker()->setTickCount(2);
    m_volumeRect->axis(QCPAxis::atRight)->setNumberFormat(u"gb"_s);
    m_volumeRect->axis(QCPAxis::atRight)->setNumberPrecision(3);
    m_priceRect->axis(QCPAxis::atRight)->setNumberFormat(u"f"_s);
    m_priceRect->axis(QCPAxis::atRight)->ticker()->setTickCount(8);

    QCPAxis* priceKey = m_priceRect->axis(QCPAxis::atBottom);
    QCPAxis* priceValue = m_priceRect->axis(QCPAxis::atRight);
    QCPAxis* volumeKey = m_volumeRect->axis(QCPAxis::atBottom);
    QCPAxis* volumeValue = m_volumeRect->axis(QCPAxis::atRight);

    m_financial = new QCPFinancial(priceKey, priceValue);
    m_financial->setChartStyle(QCPFinancial::csCandlestick);
    m_financial->setTwoColored(true);
    m_financial->setWidthType(QCPFinancial::wtPlotCoords);
    m_volumeUp = new QCPBars(volumeKey, volumeValue);
    m_volumeDown = new QCPBars(volumeKey, volumeValue);
    for (QCPBars* bars : {m_volumeUp, m_volumeDown})
        bars->setWidthType(QCPBars::wtPlotCoords);

    m_plot->addLayer(crosshairLayer, m_plot->layer(u"main"_s), QCustomPlot::limAbove);
    m_plot->layer(crosshairLayer)->setMode(QCPLayer::lmBuffered);

    const auto makeLine = [this](QCPAxisRect* rect, QCPAxis* key, QCPAxis* value) {
        auto* line = new QCPItemStraightLine(m_plot);
        line->setLayer(crosshairLayer);
        line->setClipAxisRect(rect);
        line->point1->setAxes(key, value);
        line->point2->setAxes(key, value);
        line->setVisible(false);
        return line;
    };
    m_crossV = makeLine(m_priceRect, priceKey, priceValue);
    m_crossH = makeLine(m_priceRect, priceKey, priceValue);
    m_crossVolumeV = makeLine(m_volumeRect, volumeKey, volumeValue);
    m_lastPriceLine = new QCPItemStraightLine(m_plot);
    m_lastPriceLine->setClipAxisRect(m_priceRect);
    m_lastPriceLine->point1->setAxes(priceKey, priceValue);
    m_lastPriceLine->point2->setAxes(priceKey, priceValue);
    m_lastPriceLine->setVisible(false);

    const auto makeTag = [this, priceKey, priceValue](const QString& layer) {
        auto* tag = new QCPItemText(m_plot);
        tag->setLayer(layer);
        tag->setClipToAxisRect(false);
        tag->setPositionAlignment(Qt::AlignLeft | Qt::AlignVCenter);
        tag->position->setAxisRect(m_priceRect);
        tag->position->setAxes(priceKey, priceValue);
        tag->position->setTypeX(QCPItemPosition::ptAxisRectRatio);
        tag->position->setTypeY(QCPItemPosition::ptPlotCoords);
        tag->setPadding(QMargins(6, 2, 6, 2));
        tag->setVisible(false);
        return tag;
    };
    m_lastPriceTag = makeTag(u"main"_s);
    m_crossPriceTag = makeTag(crosshairLayer);

    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    connect(priceKey, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this,
            &ChartPanel::onXRangeChanged);
    connect(volumeKey, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this,
            &ChartPanel::onXRangeChanged);
    connect(m_plot, &QCustomPlot::mouseMove, this, &ChartPanel::onMouseMove);
}

void ChartPanel::applyTheme()
{
    const QColor background = m_theme.color(u"window"_s);
    const QColor text = m_theme.color(u"text"_s);
    const QColor muted = m_theme.color(u"muted"_s);
    const QColor border = m_theme.color(u"border"_s);
    const QColor up = m_theme.color(u"success"_s);
    const QColor down = m_theme.color(u"danger"_s);
    const QColor grid = withAlpha(border, 150);

    m_plot->setBackground(background);
    for (QCPAxisRect* rect : {m_priceRect, m_volumeRect}) {
        for (QCPAxis* axis : rect->axes())
            styleAxis(axis, border, grid, muted);
    }
    m_financial->setBrushPositive(up);
    m_financial->setBrushNegative(down);
    m_financial->setPenPositive(QPen(up));
    m_financial->setPenNegative(QPen(down));
    m_volumeUp->setBrush(withAlpha(up, 120));
    m_volumeUp->setPen(Qt::NoPen);
    m_volumeDown->setBrush(withAlpha(down, 120));
    m_volumeDown->setPen(Qt::NoPen);

    const QPen cross(muted, 1, Qt::DashLine);
    for (QCPItemStraightLine* line : {m_crossV, m_crossH, m_crossVolumeV})
        line->setPen(cross);
    m_crossPriceTag->setBrush(m_theme.color(u"button"_s));
    m_crossPriceTag->setColor(text);
    m_lastPriceTag->setColor(m_theme.color(u"accentText"_s));

    findChild<QWidget*>(u"chartToolbar"_s)
        ->setStyleSheet(
            u"#chartToolbar { background: %1; border-bottom: 1px solid %2; }"
            " #chartToolbar QToolButton { color: %3; border: none; border-radius: 4px;"
            " padding: 4px 9px; font-weight: 600; }"
            " #chartToolbar QToolButton:hover { background: %4; color: %5; }"
            " #chartToolbar QToolButton:checked { background: %6; color: %5; }"_s
                .arg(m_theme.color(u"panel"_s).name(), border.name(), muted.name(),
                     m_theme.color(u"hover"_s).name(), text.name(),
                     m_theme.color(u"button"_s).name()));
    m_readout->setStyleSheet(u"QLabel { color: %1; background: transparent; padding: 6px 10px; }"_s
                                 .arg(text.name()));
    m_message->setStyleSheet(
        u"QLabel { color: %1; background: %2; border: 1px solid %3; border-radius: 6px; "
        "padding: 14px 20px; }"_s.arg(text.name(), m_theme.color(u"panel"_s).name(),
                                      border.name()));
    redrawData();
}

void ChartPanel::retranslateUi()
{
    QLocale locale;
    locale.setNumberOptions(QLocale::OmitGroupSeparator);
    m_plot->setLocale(locale);
    m_symbols->setToolTip(tr("Market (Binance spot)"));
    for (QAbstractButton* button : m_timeframes->buttons()) {
        button->setToolTip(
            tr("Show %1 candles").arg(button->property("timeframe").toString()));
    }
    setProblem(m_problem, m_problemDetail);
    showReadout(m_hoverIndex);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void ChartPanel::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

bool ChartPanel::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_plot) {
        if (event->type() == QEvent::Resize) {
            placeOverlays();
            updateTicker();
        } else if (event->type() == QEvent::Leave) {
            hideCrosshair();
        }
    }
    return QWidget::eventFilter(watched, event);
}

void ChartPanel::placeOverlays()
{
    m_readout->adjustSize();
    m_readout->move(0, 0);
    const int width = std::min(m_plot->width() - 40, 520);
    m_message->setFixedWidth(std::max(width, 120));
    m_message->adjustSize();
    m_message->move((m_plot->width() - m_message->width()) / 2,
                    (m_plot->height() - m_message->height()) / 2);
}

void ChartPanel::reload(bool quiet)
{
    if (!m_session.isLoggedIn())
        return;
    stopStream();
    ++m_serial;
    m_loading = true;
    m_loadingOlder = false;
    if (!quiet) {
        m_settled = false;
        m_candles.clear();
        m_historyExhausted = false;
        m_hoverIndex = -1;
        redrawData();
        setProblem(Problem::Loading);
    }
    const quint64 serial = m_serial;
    m_session.getCandles(
        {.exchange = exchangeName, .symbol = symbol(), .timeframe = m_timeframe,
         .fromUnixMs = 0, .toUnixMs = 0, .limit = pageSize},
        this, [this, serial](SessionController::Outcome<CandleSeries> result) {
            if (serial != m_serial)
                return;
            m_loading = false;
            if (!result) {
                setProblem(Problem::Error, result.error());
                m_retryTimer.start();
            } else {
                if (result->empty())
                    setProblem(Problem::NoCandles);
                else
                    setCandles(std::move(*result), false);
                openStream();
            }
            markSettled();
        });
}

void ChartPanel::loadOlder()
{
    if (m_loading || m_loadingOlder || m_historyExhausted || m_candles.empty()
        || !m_session.isLoggedIn()) {
        return;
    }
    m_loadingOlder = true;
    const quint64 serial = m_serial;
    m_session.getCandles(
        {.exchange = exchangeName, .symbol = symbol(), .timeframe = m_timeframe,
         .fromUnixMs = 0, .toUnixMs = m_candles.front().openTimeMs, .limit = pageSize},
        this, [this, serial](SessionController::Outcome<CandleSeries> result) {
            if (serial != m_serial)
                return;
            m_loadingOlder = false;
            if (!result)
                return; // tried again on the next pan to the edge
            if (prependOlder(m_candles, *result) == 0) {
                m_historyExhausted = true;
                return;
            }
            if (m_hoverIndex >= 0)
                m_hoverIndex = -1;
            redrawData();
            fitValueAxes();
            m_plot->replot(QCustomPlot::rpQueuedReplot);
        });
}

void ChartPanel::openStream()
{
    stopStream();
    const quint64 serial = m_serial;
    m_streamId = m_session.streamCandles(
        {.exchange = exchangeName, .symbol = symbol(), .timeframe = m_timeframe}, this,
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
        m_session.cancelCandleStream(std::exchange(m_streamId, 0));
}

void ChartPanel::retry()
{
    if (!m_session.isLoggedIn() || m_loading)
        return;
    if (m_candles.empty()) {
        // No candles yet, or the first load failed: try again without clearing the message.
        reload(true);
        return;
    }
    // The stream was lost: fill the gap with the newest candles, then stream again.
    const quint64 serial = m_serial;
    m_session.getCandles(
        {.exchange = exchangeName, .symbol = symbol(), .timeframe = m_timeframe,
         .fromUnixMs = 0, .toUnixMs = 0, .limit = pageSize},
        this, [this, serial](SessionController::Outcome<CandleSeries> result) {
            if (serial != m_serial)
                return;
            if (!result) {
                m_retryTimer.start(); // a passing failure: try again later
                return;
            }
            mergeCandles(*result);
            openStream();
        });
}

void ChartPanel::onStreamCandle(const Candle& candle)
{
    if (m_candles.empty()) {
        if (m_loading)
            return; // the first load brings it
        setCandles({candle}, false);
        return;
    }
    mergeCandles({candle});
}

void ChartPanel::mergeCandles(const CandleSeries& newest)
{
    if (m_candles.empty())
        return;
    const qint64 previousLast = m_candles.back().openTimeMs;
    if (!mergeNewest(m_candles, newest))
        return;
    redrawData();
    // Follow a new bar when the previous newest one was in view.
    QCPAxis* key = m_priceRect->axis(QCPAxis::atBottom);
    const qint64 added = m_candles.back().openTimeMs - previousLast;
    if (added > 0 && key->range().upper >= keyOf(previousLast))
        key->setRange(key->range() + double(added) / 1000.0);
    fitValueAxes();
    showReadout(m_hoverIndex);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void ChartPanel::setCandles(CandleSeries candles, bool keepView)
{
    m_candles = std::move(candles);
    m_hoverIndex = -1;
    setProblem(Problem::None);
    redrawData();
    if (!keepView)
        showLatestRange();
    fitValueAxes();
    showReadout(-1);
    m_plot->replot();
}

void ChartPanel::redrawData()
{
    const double step = double(timeframeMs(m_timeframe)) / 1000.0;
    QVector<QCPFinancialData> bars;
    bars.reserve(qsizetype(m_candles.size()));
    QVector<double> upKeys, upValues, downKeys, downValues;
    for (const Candle& candle : m_candles) {
        const double key = keyOf(candle.openTimeMs);
        bars.append(QCPFinancialData(key, candle.open, candle.high, candle.low, candle.close));
        if (candle.close >= candle.open) {
            upKeys.append(key);
            upValues.append(candle.volume);
        } else {
            downKeys.append(key);
            downValues.append(candle.volume);
        }
    }
    m_financial->data()->set(bars, true);
    m_financial->setWidth(step * 0.7);
    m_volumeUp->setData(upKeys, upValues, true);
    m_volumeDown->setData(downKeys, downValues, true);
    for (QCPBars* volume : {m_volumeUp, m_volumeDown})
        volume->setWidth(step * 0.7);

    if (m_candles.empty()) {
        m_lastPriceLine->setVisible(false);
        m_lastPriceTag->setVisible(false);
    } else {
        const Candle& last = m_candles.back();
        const QColor color = m_theme.color(last.close >= last.open ? u"success"_s : u"danger"_s);
        m_lastPriceLine->point1->setCoords(0, last.close);
        m_lastPriceLine->point2->setCoords(1, last.close);
        m_lastPriceLine->setPen(QPen(color, 1, Qt::DotLine));
        m_lastPriceLine->setVisible(true);
        m_lastPriceTag->position->setCoords(1.0, last.close);
        m_lastPriceTag->setText(m_plot->locale().toString(last.close, 'f',
                                                          priceDecimals(last.close)));
        m_lastPriceTag->setBrush(color);
        m_lastPriceTag->setVisible(true);
    }
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void ChartPanel::showLatestRange()
{
    if (m_candles.empty())
        return;
    const double step = double(timeframeMs(m_timeframe)) / 1000.0;
    const double last = keyOf(m_candles.back().openTimeMs);
    const int shown = std::min<int>(initialVisible, int(m_candles.size()));
    m_priceRect->axis(QCPAxis::atBottom)->setRange(last - (shown - 0.5) * step, last + 4 * step);
}

void ChartPanel::onXRangeChanged(const QCPRange& newRange)
{
    QCPAxis* priceKey = m_priceRect->axis(QCPAxis::atBottom);
    QCPAxis* volumeKey = m_volumeRect->axis(QCPAxis::atBottom);
    const double step = double(timeframeMs(m_timeframe)) / 1000.0;
    if (step > 0 && newRange.size() < minVisible * step) {
        const double center = newRange.center();
        priceKey->setRange(center - minVisible * step / 2, center + minVisible * step / 2);
        return;
    }
    if (priceKey->range() != newRange)
        priceKey->setRange(newRange);
    if (volumeKey->range() != newRange)
        volumeKey->setRange(newRange);
    updateTicker();
    fitValueAxes();
    if (!m_candles.empty()
        && newRange.lower < keyOf(m_candles.front().openTimeMs) + edgeCandles * step) {
        loadOlder();
    }
}

void ChartPanel::updateTicker()
{
    auto ticker = m_priceRect->axis(QCPAxis::atBottom)->ticker().dynamicCast<QCPAxisTickerDateTime>();
    if (!ticker)
        return;
    const double span = m_priceRect->axis(QCPAxis::atBottom)->range().size();
    const bool daily = timeframeMs(m_timeframe) >= 24 * 3600 * 1000;
    QString format;
    if (daily || span > 120 * 86400)
        format = u"dd MMM yyyy"_s;
    else if (span > 3 * 86400)
        format = u"dd MMM"_s;
    else if (span > 20 * 3600)
        format = u"dd MMM HH:mm"_s;
    else
        format = u"HH:mm"_s;
    ticker->setDateTimeFormat(format);
    ticker->setTickCount(std::clamp(m_plot->width() / 130, 3, 12));
}

void ChartPanel::fitValueAxes()
{
    QCPAxis* priceValue = m_priceRect->axis(QCPAxis::atRight);
    QCPAxis* volumeValue = m_volumeRect->axis(QCPAxis::atRight);
    if (m_candles.empty())
        return;
    const QCPRange range = m_priceRect->axis(QCPAxis::atBottom)->range();
    const int first = candleIndexAt(m_candles, qint64(range.lower * 1000.0));
    const int last = candleIndexAt(m_candles, qint64(range.upper * 1000.0));
    double low = m_candles[std::size_t(first)].low;
    double high = m_candles[std::size_t(first)].high;
    double volume = 0;
    for (int i = first; i <= last; ++i) {
        const Candle& candle = m_candles[std::size_t(i)];
        low = std::min(low, candle.low);
        high = std::max(high, candle.high);
        volume = std::max(volume, candle.volume);
    }
    const double pad = std::max((high - low) * 0.08, std::abs(high) * 1e-5);
    priceValue->setRange(low - pad, high + pad);
    volumeValue->setRange(0, volume > 0 ? volume * 1.1 : 1);
    // Enough decimals for the tick step, at least the usual ones for the price.
    const double tickStep = (high - low + 2 * pad) / 8;
    const int stepDecimals = tickStep > 0 ? int(std::ceil(-std::log10(tickStep))) : 0;
    priceValue->setNumberPrecision(std::clamp(std::max(stepDecimals, priceDecimals(high)), 0, 8));
}

void ChartPanel::onMouseMove(QMouseEvent* event)
{
    const QPointF pos = event->position();
    const bool inPrice = m_priceRect->rect().contains(pos.toPoint());
    const bool inVolume = m_volumeRect->rect().contains(pos.toPoint());
    if ((!inPrice && !inVolume) || m_candles.empty()) {
        hideCrosshair();
        return;
    }
    QCPAxis* priceKey = m_priceRect->axis(QCPAxis::atBottom);
    QCPAxis* priceValue = m_priceRect->axis(QCPAxis::atRight);
    const double key = priceKey->pixelToCoord(pos.x());
    const double step = double(timeframeMs(m_timeframe));
    const int index = candleIndexAt(m_candles, qint64(key * 1000.0 + step / 2));
    const double snapped = keyOf(m_candles[std::size_t(index)].openTimeMs);
    for (QCPItemStraightLine* line : {m_crossV, m_crossVolumeV}) {
        line->point1->setCoords(snapped, 0);
        line->point2->setCoords(snapped, 1);
        line->setVisible(true);
    }
    m_crossH->setVisible(inPrice);
    m_crossPriceTag->setVisible(inPrice);
    if (inPrice) {
        const double price = priceValue->pixelToCoord(pos.y());
        m_crossH->point1->setCoords(0, price);
        m_crossH->point2->setCoords(1, price);
        m_crossPriceTag->position->setCoords(1.0, price);
        m_crossPriceTag->setText(
            m_plot->locale().toString(price, 'f', priceValue->numberPrecision()));
    }
    m_hoverIndex = index;
    showReadout(index);
    m_plot->layer(crosshairLayer)->replot();
}

void ChartPanel::hideCrosshair()
{
    if (!m_crossV->visible() && m_hoverIndex < 0)
        return;
    for (QCPItemStraightLine* line : {m_crossV, m_crossH, m_crossVolumeV})
        line->setVisible(false);
    m_crossPriceTag->setVisible(false);
    m_hoverIndex = -1;
    showReadout(-1);
    m_plot->layer(crosshairLayer)->replot();
}

void ChartPanel::showReadout(int index)
{
    if (m_candles.empty()) {
        m_readout->setText(tr("%1 · %2").arg(symbol(), m_timeframe));
        m_readout->adjustSize();
        return;
    }
    if (index < 0 || index >= int(m_candles.size()))
        index = int(m_candles.size()) - 1;
    const Candle& candle = m_candles[std::size_t(index)];
    const QLocale locale = m_plot->locale();
    const int decimals = priceDecimals(candle.high);
    const auto price = [&](double value) { return locale.toString(value, 'f', decimals); };
    const double change = candle.open != 0 ? (candle.close - candle.open) / candle.open * 100 : 0;
    const QString when = locale.toString(
        QDateTime::fromMSecsSinceEpoch(candle.openTimeMs), QLocale::ShortFormat);
    const QColor color =
        m_theme.color(candle.close >= candle.open ? u"success"_s : u"danger"_s);
    const QString values =
        tr("O %1  H %2  L %3  C %4  (%5%)  Vol %6")
            .arg(price(candle.open), price(candle.high), price(candle.low), price(candle.close),
                 locale.toString(change, 'f', 2), formatVolume(candle.volume));
    m_readout->setText(u"<b>%1 · %2</b> &nbsp; <span style=\"color:%3\">%4</span> &nbsp; "
                       "<span style=\"color:%5\">%6</span>"_s
                           .arg(symbol(), m_timeframe, m_theme.color(u"muted"_s).name(),
                                when.toHtmlEscaped(), color.name(), values.toHtmlEscaped()));
    m_readout->adjustSize();
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
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
    placeOverlays();
    m_message->raise();
}

void ChartPanel::markSettled()
{
    if (m_settled)
        return;
    m_settled = true;
    emit settled();
}

} // namespace bcf::app
