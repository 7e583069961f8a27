#include "gui/candle_chart.h"

#include "core/market_types.h"
#include "gui/theme_manager.h"

#include <qcustomplot.h>

#include <QEvent>
#include <QLabel>
#include <QLocale>
#include <QMouseEvent>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

using namespace Qt::StringLiterals;

namespace bcf::app {

namespace {

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

// `color` at `alpha` over `background`, as an opaque colour. Translucent fills go through
// Qt's blending path (threaded span handling), which costs several times more per bar than
// opaque ones: hundreds of translucent volume bars made a replot take 20–40 ms.
QColor blendedOver(const QColor& color, const QColor& background, int alpha)
{
    const double a = alpha / 255.0;
    const auto mix = [a](int top, int bottom) { return int(top * a + bottom * (1 - a) + 0.5); };
    return QColor(mix(color.red(), background.red()), mix(color.green(), background.green()),
                  mix(color.blue(), background.blue()));
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

CandleChart::CandleChart(ThemeManager& theme, QWidget* parent)
    : QWidget(parent)
    , m_theme(theme)
{
    setObjectName(u"candleChart"_s);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
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
    applyLocale();
    connect(&m_theme, &ThemeManager::themeChanged, this, &CandleChart::applyTheme);
}

CandleChart::~CandleChart() = default;

double CandleChart::stepSeconds() const
{
    return double(m_stepMs) / 1000.0;
}

void CandleChart::setMarket(const QString& symbol, const QString& timeframe)
{
    m_symbol = symbol;
    m_timeframe = timeframe;
    m_stepMs = std::max<qint64>(timeframeMs(timeframe), 1000);
    updateFillMarkers(); // the candles they sit in changed
    showReadout(m_hoverIndex);
}

void CandleChart::buildPlot()
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

    // Backtest trades: lines between entry and exit (NaN breaks them), then the markers.
    const auto makeGraph = [priceKey, priceValue, this](QCPScatterStyle::ScatterShape shape) {
        QCPGraph* graph = m_plot->addGraph(priceKey, priceValue);
        graph->setAdaptiveSampling(false);
        if (shape != QCPScatterStyle::ssNone) {
            graph->setLineStyle(QCPGraph::lsNone);
            graph->setScatterStyle(QCPScatterStyle(shape, 11));
        }
        return graph;
    };
    m_winLines = makeGraph(QCPScatterStyle::ssNone);
    m_lossLines = makeGraph(QCPScatterStyle::ssNone);
    m_entryLong = makeGraph(QCPScatterStyle::ssTriangle);
    m_entryShort = makeGraph(QCPScatterStyle::ssTriangle);
    m_exits = makeGraph(QCPScatterStyle::ssTriangleInverted);
    m_fillBuys = makeGraph(QCPScatterStyle::ssTriangle);
    m_fillSells = makeGraph(QCPScatterStyle::ssTriangleInverted);
    m_focusLine = new QCPItemLine(m_plot);
    m_focusLine->setClipAxisRect(m_priceRect);
    m_focusLine->start->setAxes(priceKey, priceValue);
    m_focusLine->end->setAxes(priceKey, priceValue);
    m_focusLine->setVisible(false);

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
            &CandleChart::onXRangeChanged);
    connect(volumeKey, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this,
            &CandleChart::onXRangeChanged);
    connect(m_plot, &QCustomPlot::mouseMove, this, &CandleChart::onMouseMove);
}

void CandleChart::applyTheme()
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
    m_volumeUp->setBrush(blendedOver(up, background, 120));
    m_volumeUp->setPen(Qt::NoPen);
    m_volumeDown->setBrush(blendedOver(down, background, 120));
    m_volumeDown->setPen(Qt::NoPen);

    const QColor accent = m_theme.color(u"accent"_s);
    m_winLines->setPen(QPen(up, 1.4, Qt::DashLine));
    m_lossLines->setPen(QPen(down, 1.4, Qt::DashLine));
    const auto markerStyle = [](QCPScatterStyle::ScatterShape shape, const QColor& fill,
                                const QColor& outline) {
        return QCPScatterStyle(shape, QPen(outline, 1), QBrush(fill), 11);
    };
    m_entryLong->setScatterStyle(markerStyle(QCPScatterStyle::ssTriangle, up, text));
    m_entryShort->setScatterStyle(markerStyle(QCPScatterStyle::ssTriangle, down, text));
    m_exits->setScatterStyle(markerStyle(QCPScatterStyle::ssTriangleInverted, accent, text));
    m_focusLine->setPen(QPen(accent, 3));
    m_fillBuys->setScatterStyle(markerStyle(QCPScatterStyle::ssTriangle, up, background));
    m_fillSells->setScatterStyle(
        markerStyle(QCPScatterStyle::ssTriangleInverted, down, background));

    const QPen cross(muted, 1, Qt::DashLine);
    for (QCPItemStraightLine* line : {m_crossV, m_crossH, m_crossVolumeV})
        line->setPen(cross);
    m_crossPriceTag->setBrush(m_theme.color(u"button"_s));
    m_crossPriceTag->setColor(text);
    m_lastPriceTag->setColor(m_theme.color(u"accentText"_s));

    m_readout->setStyleSheet(u"QLabel { color: %1; background: transparent; padding: 6px 10px; }"_s
                                 .arg(text.name()));
    m_message->setStyleSheet(
        u"QLabel { color: %1; background: %2; border: 1px solid %3; border-radius: 6px; "
        "padding: 14px 20px; }"_s.arg(text.name(), m_theme.color(u"panel"_s).name(),
                                      border.name()));
    updateLastPrice();
    showReadout(m_hoverIndex);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void CandleChart::applyLocale()
{
    QLocale locale;
    locale.setNumberOptions(QLocale::OmitGroupSeparator);
    m_plot->setLocale(locale);
    showReadout(m_hoverIndex);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void CandleChart::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange || event->type() == QEvent::LocaleChange)
        applyLocale();
    QWidget::changeEvent(event);
}

bool CandleChart::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_plot) {
        if (event->type() == QEvent::Resize) {
            placeOverlays();
            updateTicker();
            // The width decides how many candles one bar may hold.
            updateVisibleBars();
        } else if (event->type() == QEvent::Leave) {
            hideCrosshair();
        }
    }
    return QWidget::eventFilter(watched, event);
}

void CandleChart::placeOverlays()
{
    m_readout->adjustSize();
    m_readout->move(0, 0);
    const int width = std::min(m_plot->width() - 40, 520);
    m_message->setFixedWidth(std::max(width, 120));
    m_message->adjustSize();
    m_message->move((m_plot->width() - m_message->width()) / 2,
                    (m_plot->height() - m_message->height()) / 2);
}

void CandleChart::setMessage(const QString& text)
{
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
    placeOverlays();
    m_message->raise();
}

QString CandleChart::message() const
{
    return m_message->isVisible() ? m_message->text() : QString();
}

void CandleChart::setCandles(CandleSeries candles, bool keepView)
{
    m_candles = std::move(candles);
    m_hoverIndex = -1;
    if (!keepView)
        showLatest(initialVisible);
    updateVisibleBars();
    fitValueAxes();
    updateLastPrice();
    showReadout(-1);
    m_plot->replot();
    emit candlesChanged();
}

void CandleChart::clear()
{
    setCandles({}, true);
}

void CandleChart::setTradeMarkers(std::vector<TradeMarker> markers)
{
    m_markers = std::move(markers);
    m_focusedTrade = -1;
    updateTradeMarkers();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void CandleChart::setFillMarkers(std::vector<FillMarker> markers)
{
    if (markers == m_fills)
        return;
    m_fills = std::move(markers);
    updateFillMarkers();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void CandleChart::updateFillMarkers()
{
    // Each fill sits in the candle it happened in: candles are drawn at their open time.
    const qint64 step = std::max<qint64>(m_stepMs, 1);
    QVector<double> buyKeys, buyValues, sellKeys, sellValues;
    for (const FillMarker& marker : m_fills) {
        const qint64 openTime = marker.timeMs - ((marker.timeMs % step) + step) % step;
        (marker.buy ? buyKeys : sellKeys).append(keyOf(openTime));
        (marker.buy ? buyValues : sellValues).append(marker.price);
    }
    m_fillBuys->setData(buyKeys, buyValues, false);
    m_fillSells->setData(sellKeys, sellValues, false);
}

void CandleChart::clearTradeMarkers()
{
    setTradeMarkers({});
}

void CandleChart::updateTradeMarkers()
{
    QVector<double> longKeys, longValues, shortKeys, shortValues, exitKeys, exitValues;
    QVector<double> winKeys, winValues, lossKeys, lossValues;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    for (const TradeMarker& marker : m_markers) {
        const double entry = keyOf(marker.entryTimeMs);
        const double exit = keyOf(marker.exitTimeMs);
        (marker.isLong ? longKeys : shortKeys).append(entry);
        (marker.isLong ? longValues : shortValues).append(marker.entryPrice);
        exitKeys.append(exit);
        exitValues.append(marker.exitPrice);
        QVector<double>& keys = marker.profitable ? winKeys : lossKeys;
        QVector<double>& values = marker.profitable ? winValues : lossValues;
        keys.append({entry, exit, exit});
        values.append({marker.entryPrice, marker.exitPrice, nan});
    }
    m_entryLong->setData(longKeys, longValues, true);
    m_entryShort->setData(shortKeys, shortValues, true);
    m_exits->setData(exitKeys, exitValues, true);
    m_winLines->setData(winKeys, winValues, true);
    m_lossLines->setData(lossKeys, lossValues, true);
    if (m_focusedTrade >= 0 && m_focusedTrade < int(m_markers.size())) {
        const TradeMarker& marker = m_markers[std::size_t(m_focusedTrade)];
        m_focusLine->start->setCoords(keyOf(marker.entryTimeMs), marker.entryPrice);
        m_focusLine->end->setCoords(keyOf(marker.exitTimeMs), marker.exitPrice);
        m_focusLine->setVisible(true);
    } else {
        m_focusLine->setVisible(false);
    }
}

void CandleChart::focusTrade(int index)
{
    m_focusedTrade = index >= 0 && index < int(m_markers.size()) ? index : -1;
    updateTradeMarkers();
    if (m_focusedTrade >= 0) {
        const TradeMarker& marker = m_markers[std::size_t(m_focusedTrade)];
        const double step = stepSeconds();
        const double entry = keyOf(marker.entryTimeMs);
        const double exit = keyOf(marker.exitTimeMs);
        // The trade in the middle, with at least 20 bars on each side.
        const double pad = std::max((exit - entry) * 0.6, 20 * step);
        m_priceRect->axis(QCPAxis::atBottom)->setRange(entry - pad, exit + pad);
    }
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

bool CandleChart::mergeNewest(const CandleSeries& newest)
{
    if (m_candles.empty()) {
        if (newest.empty())
            return false;
        setCandles(newest, false);
        return true;
    }
    const qint64 previousLast = m_candles.back().openTimeMs;
    if (!bcf::app::mergeNewest(m_candles, newest))
        return false;
    // Follow a new bar when the previous newest one was in view.
    QCPAxis* key = m_priceRect->axis(QCPAxis::atBottom);
    const qint64 added = m_candles.back().openTimeMs - previousLast;
    if (added > 0 && key->range().upper >= keyOf(previousLast))
        key->setRange(key->range() + double(added) / 1000.0); // updates the bars
    else
        updateVisibleBars();
    fitValueAxes();
    updateLastPrice();
    showReadout(m_hoverIndex);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
    emit candlesChanged();
    return true;
}

int CandleChart::prependOlder(const CandleSeries& older)
{
    const int added = bcf::app::prependOlder(m_candles, older);
    if (added == 0)
        return 0;
    m_hoverIndex = -1;
    updateVisibleBars();
    fitValueAxes();
    updateLastPrice();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
    emit candlesChanged();
    return added;
}

void CandleChart::addPane(QCPAxisRect* pane, double stretch)
{
    QCPLayoutGrid* layout = m_plot->plotLayout();
    if (pane->layout() == layout)
        return; // shown already
    layout->addElement(layout->rowCount(), 0, pane);
    layout->setRowStretchFactor(layout->rowCount() - 1, stretch);
    updatePaneLabels();
}

void CandleChart::removePane(QCPAxisRect* pane)
{
    QCPLayoutGrid* layout = m_plot->plotLayout();
    if (!layout->take(pane))
        return;
    layout->simplify();
    updatePaneLabels();
}

void CandleChart::updatePaneLabels()
{
    QCPLayoutGrid* layout = m_plot->plotLayout();
    const int last = layout->rowCount() - 1;
    // Row 0 is the price pane, whose time axis never has labels.
    for (int row = 1; row <= last; ++row) {
        if (auto* rect = qobject_cast<QCPAxisRect*>(layout->element(row, 0)))
            rect->axis(QCPAxis::atBottom)->setTickLabels(row == last);
    }
}

void CandleChart::showLatest(int count)
{
    if (m_candles.empty())
        return;
    const double step = stepSeconds();
    const double last = keyOf(m_candles.back().openTimeMs);
    const int shown = std::clamp(count, 1, int(m_candles.size()));
    m_priceRect->axis(QCPAxis::atBottom)->setRange(last - (shown - 0.5) * step, last + 4 * step);
}

void CandleChart::showAll()
{
    if (m_candles.empty())
        return;
    const double step = stepSeconds();
    m_priceRect->axis(QCPAxis::atBottom)
        ->setRange(keyOf(m_candles.front().openTimeMs) - step,
                   keyOf(m_candles.back().openTimeMs) + 4 * step);
}

void CandleChart::updateVisibleBars()
{
    if (m_candles.empty()) {
        m_bars.clear();
        m_aggregation = 1;
        m_drawnBars = 0;
        m_financial->data()->clear();
        m_volumeUp->data()->clear();
        m_volumeDown->data()->clear();
        m_plot->replot(QCustomPlot::rpQueuedReplot);
        return;
    }
    const QCPRange range = m_priceRect->axis(QCPAxis::atBottom)->range();
    int first = candleIndexAt(m_candles, qint64(std::floor(range.lower * 1000.0)));
    int last = candleIndexAt(m_candles, qint64(std::ceil(range.upper * 1000.0)));
    // At most one bar per two pixels: k, a power of two so that zooming does not reshuffle
    // every bar, candles per bar.
    const int pixels = std::max(m_priceRect->width(), 2);
    const int visible = last - first + 1;
    int k = 1;
    while (visible / k > pixels / 2 && k < (1 << 24))
        k *= 2;
    const qint64 bucketMs = k > 1 ? qint64(k) * m_stepMs : 0;
    // One bar beyond each edge, so that bars cut by the edge are drawn too.
    first = std::max(first - k, 0);
    last = std::min(last + k, int(m_candles.size()) - 1);
    m_bars = aggregateCandles(m_candles, first, last, bucketMs);
    m_aggregation = k;
    m_drawnBars = int(m_bars.size());

    const double step = stepSeconds();
    QVector<QCPFinancialData> bars;
    bars.reserve(qsizetype(m_bars.size()));
    QVector<double> upKeys, upValues, downKeys, downValues;
    for (const Candle& bar : m_bars) {
        // A merged bar stands in the middle of the candles it holds.
        const double key = k > 1 ? keyOf(bucketStartMs(bar.openTimeMs, bucketMs))
                                       + double(k - 1) * step / 2
                                 : keyOf(bar.openTimeMs);
        bars.append(QCPFinancialData(key, bar.open, bar.high, bar.low, bar.close));
        if (bar.close >= bar.open) {
            upKeys.append(key);
            upValues.append(bar.volume);
        } else {
            downKeys.append(key);
            downValues.append(bar.volume);
        }
    }
    m_financial->data()->set(bars, true);
    m_financial->setWidth(double(k) * step * 0.7);
    m_volumeUp->setData(upKeys, upValues, true);
    m_volumeDown->setData(downKeys, downValues, true);
    for (QCPBars* volume : {m_volumeUp, m_volumeDown})
        volume->setWidth(double(k) * step * 0.7);
}

void CandleChart::updateLastPrice()
{
    if (m_candles.empty()) {
        m_lastPriceLine->setVisible(false);
        m_lastPriceTag->setVisible(false);
        return;
    }
    const Candle& last = m_candles.back();
    const QColor color = m_theme.color(last.close >= last.open ? u"success"_s : u"danger"_s);
    m_lastPriceLine->point1->setCoords(0, last.close);
    m_lastPriceLine->point2->setCoords(1, last.close);
    m_lastPriceLine->setPen(QPen(color, 1, Qt::DotLine));
    m_lastPriceLine->setVisible(true);
    m_lastPriceTag->position->setCoords(1.0, last.close);
    m_lastPriceTag->setText(
        m_plot->locale().toString(last.close, 'f', priceDecimals(last.close)));
    m_lastPriceTag->setBrush(color);
    m_lastPriceTag->setVisible(true);
}

void CandleChart::onXRangeChanged(const QCPRange& requested)
{
    // Setting the other axis' range below comes back here.
    if (m_syncingRange)
        return;
    QCPRange range = requested;
    const double step = stepSeconds();
    if (step > 0 && range.size() < minVisible * step) {
        const double center = range.center();
        range = QCPRange(center - minVisible * step / 2, center + minVisible * step / 2);
    }
    m_syncingRange = true;
    m_priceRect->axis(QCPAxis::atBottom)->setRange(range);
    m_volumeRect->axis(QCPAxis::atBottom)->setRange(range);
    m_syncingRange = false;
    updateTicker();
    updateVisibleBars();
    fitValueAxes();
    if (!m_candles.empty()
        && range.lower < keyOf(m_candles.front().openTimeMs) + edgeCandles * step) {
        emit nearOldestCandle();
    }
}

void CandleChart::updateTicker()
{
    auto ticker =
        m_priceRect->axis(QCPAxis::atBottom)->ticker().dynamicCast<QCPAxisTickerDateTime>();
    if (!ticker)
        return;
    const double span = m_priceRect->axis(QCPAxis::atBottom)->range().size();
    const bool daily = m_stepMs >= 24 * 3600 * 1000;
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

void CandleChart::fitValueAxes()
{
    QCPAxis* priceValue = m_priceRect->axis(QCPAxis::atRight);
    QCPAxis* volumeValue = m_volumeRect->axis(QCPAxis::atRight);
    if (m_bars.empty())
        return;
    // Over the drawn bars in view: as many as pixels at most, however many candles they hold.
    const QCPRange range = m_priceRect->axis(QCPAxis::atBottom)->range();
    const double halfBar = double(m_aggregation) * stepSeconds() / 2;
    double low = 0;
    double high = 0;
    double volume = 0;
    bool any = false;
    for (const QCPFinancialData& bar : *m_financial->data()) {
        if (bar.key + halfBar < range.lower || bar.key - halfBar > range.upper)
            continue;
        low = any ? std::min(low, bar.low) : bar.low;
        high = any ? std::max(high, bar.high) : bar.high;
        any = true;
    }
    for (QCPBars* bars : {m_volumeUp, m_volumeDown}) {
        for (const QCPBarsData& bar : *bars->data()) {
            if (bar.key + halfBar >= range.lower && bar.key - halfBar <= range.upper)
                volume = std::max(volume, bar.value);
        }
    }
    if (!any) {
        // Nothing in view (panned past the data): keep the value axes as they are.
        return;
    }
    const double pad = std::max((high - low) * 0.08, std::abs(high) * 1e-5);
    priceValue->setRange(low - pad, high + pad);
    volumeValue->setRange(0, volume > 0 ? volume * 1.1 : 1);
    // Enough decimals for the tick step, at least the usual ones for the price.
    const double tickStep = (high - low + 2 * pad) / 8;
    const int stepDecimals = tickStep > 0 ? int(std::ceil(-std::log10(tickStep))) : 0;
    priceValue->setNumberPrecision(std::clamp(std::max(stepDecimals, priceDecimals(high)), 0, 8));
}

void CandleChart::onMouseMove(QMouseEvent* event)
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
    // The raw candle under the cursor, also when the bars drawn are merged ones.
    const int index = candleIndexAt(m_candles, qint64(key * 1000.0 + double(m_stepMs) / 2));
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

void CandleChart::hideCrosshair()
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

void CandleChart::showReadout(int index)
{
    if (m_candles.empty()) {
        m_readout->setText(tr("%1 · %2").arg(m_symbol, m_timeframe));
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
                 locale.toString(change, 'f', 2), formatCompact(candle.volume, locale));
    m_readout->setText(u"<b>%1 · %2</b> &nbsp; <span style=\"color:%3\">%4</span> &nbsp; "
                       "<span style=\"color:%5\">%6</span>"_s
                           .arg(m_symbol, m_timeframe, m_theme.color(u"muted"_s).name(),
                                when.toHtmlEscaped(), color.name(), values.toHtmlEscaped()));
    m_readout->adjustSize();
}

} // namespace bcf::app
