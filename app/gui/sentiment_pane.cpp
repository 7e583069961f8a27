#include "gui/sentiment_pane.h"

#include "core/candles.h"
#include "core/session_controller.h"
#include "gui/candle_chart.h"
#include "gui/chart_pane.h"
#include "gui/theme_manager.h"

#include <qcustomplot.h>

#include <QLocale>
#include <QToolButton>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace bcf::app {

namespace {

double keyOf(qint64 ms)
{
    return double(ms) / 1000.0;
}

} // namespace

SentimentPane::SentimentPane(SessionController& session, CandleChart& chart, ThemeManager& theme,
                             QObject* parent)
    : QObject(parent)
    , m_session(session)
    , m_chart(chart)
    , m_theme(theme)
{
    // Candles arrive in bursts (a page of history, ticks of the forming bar): ask once after.
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(300);
    connect(&m_debounce, &QTimer::timeout, this, [this] { requestRange(false); });
    m_refresh.setInterval(refreshIntervalMs);
    connect(&m_refresh, &QTimer::timeout, this, [this] { requestRange(true); });
    connect(&m_chart, &CandleChart::candlesChanged, this, &SentimentPane::scheduleRequest);
    connect(&m_theme, &ThemeManager::themeChanged, this, &SentimentPane::applyTheme);
    connect(&m_session, &SessionController::loggedIn, this, &SentimentPane::scheduleRequest);
}

SentimentPane::~SentimentPane() = default;

QToolButton* SentimentPane::createButton(QWidget* parent)
{
    auto* button = new QToolButton(parent);
    button->setObjectName(u"chartSentiment"_s);
    button->setAutoRaise(true);
    button->setCheckable(true);
    button->setChecked(m_enabled);
    connect(button, &QToolButton::toggled, this, &SentimentPane::setEnabled);
    m_button = button;
    retranslate();
    return button;
}

void SentimentPane::retranslate()
{
    if (m_button) {
        m_button->setText(tr("Sentiment"));
        m_button->setToolTip(
            tr("Show the news sentiment of %1 under the candles: at each bar, the mean score of "
               "the news naming it fetched in the 24 hours before the bar's close, as "
               "sentiment(\"%1\") reads it in strategies")
                .arg(m_asset.isEmpty() ? u"BTC"_s : m_asset));
    }
    if (m_legend && m_shown)
        updateLegend();
}

void SentimentPane::setMarket(const QString& asset, const QString& timeframe)
{
    if (asset == m_asset && timeframe == m_timeframe)
        return;
    m_asset = asset;
    m_timeframe = timeframe;
    m_requestedFrom = 0;
    m_requestedTo = 0;
    ++m_serial;
    m_series = SentimentSeries{.asset = asset, .points = {}};
    m_note.clear();
    retranslate();
    if (m_shown) {
        setSeries(m_series); // the old market's bars go at once
        m_loading = m_session.isLoggedIn();
        updateLegend();
    }
    scheduleRequest();
}

void SentimentPane::setEnabled(bool enabled)
{
    if (enabled == m_enabled)
        return;
    m_enabled = enabled;
    if (m_button && m_button->isChecked() != enabled)
        m_button->setChecked(enabled);
    if (enabled) {
        m_requestedFrom = 0;
        m_requestedTo = 0;
        setSeries(SentimentSeries{.asset = m_asset, .points = {}});
        // Until the answer (or the candles the range is taken from) arrives.
        m_loading = m_session.isLoggedIn();
        updateLegend();
        requestRange(true);
        m_refresh.start();
    } else {
        ++m_serial;
        m_refresh.stop();
        m_debounce.stop();
        m_loading = false;
        m_note.clear();
        if (m_shown) {
            m_chart.removePane(m_rect);
            m_shown = false;
            m_chart.plot()->replot();
        }
    }
    emit enabledChanged(enabled);
}

void SentimentPane::scheduleRequest()
{
    // Not restarted by each change: the forming bar changes with every trade.
    if (m_enabled && !m_debounce.isActive())
        m_debounce.start();
}

void SentimentPane::request()
{
    requestRange(true);
}

void SentimentPane::requestRange(bool again)
{
    if (!m_enabled || m_asset.isEmpty() || m_timeframe.isEmpty() || !m_session.isLoggedIn())
        return;
    const CandleSeries& candles = m_chart.candles();
    if (candles.empty())
        return;
    const qint64 step = std::max<qint64>(timeframeMs(m_timeframe), 1000);
    const qint64 to = candles.back().openTimeMs + 1;
    const qint64 from = std::max(candles.front().openTimeMs, to - maxBars * step);
    // The same range is asked again only for the news fetched meanwhile (`again`).
    if (!again && from == m_requestedFrom && to == m_requestedTo)
        return;
    m_requestedFrom = from;
    m_requestedTo = to;
    m_loading = true;
    updateLegend();
    const quint64 serial = ++m_serial;
    const QString asset = m_asset;
    m_session.getSentiment(
        {.asset = asset, .timeframe = m_timeframe, .fromUnixMs = from, .toUnixMs = to}, this,
        [this, serial, asset](SessionController::Outcome<SentimentSeries> result) {
            if (serial != m_serial || !m_enabled)
                return;
            m_loading = false;
            if (!result) {
                // Asked again with the next change or refresh.
                m_requestedFrom = 0;
                m_requestedTo = 0;
                m_note = tr("The news sentiment of %1 could not be loaded: %2")
                             .arg(asset, result.error());
                updateLegend();
                m_chart.plot()->replot(QCustomPlot::rpQueuedReplot);
                emit noteRequested(m_note);
                return;
            }
            if (result->asset.isEmpty())
                result->asset = asset;
            setSeries(*result);
        });
}

void SentimentPane::ensurePane()
{
    if (m_rect)
        return;
    QCustomPlot* plot = m_chart.plot();
    const ChartPane pane = makeChartPane(*plot, u"sentimentPane"_s);
    m_rect = pane.rect;
    m_legend = pane.legend;
    QCPAxis* right = pane.valueAxis();
    QSharedPointer<QCPAxisTickerFixed> ticks(new QCPAxisTickerFixed);
    ticks->setTickStep(1.0);
    ticks->setScaleStrategy(QCPAxisTickerFixed::ssNone);
    right->setTicker(ticks);
    right->setNumberFormat(u"f"_s);
    right->setNumberPrecision(0);
    right->setRange(-1.15, 1.15);
    QCPAxis* bottom = pane.timeAxis();
    m_positive = new QCPBars(bottom, right);
    m_neutral = new QCPBars(bottom, right);
    m_negative = new QCPBars(bottom, right);
    for (QCPBars* bars : {m_positive, m_neutral, m_negative})
        bars->setWidthType(QCPBars::wtPlotCoords);
    m_zero = new QCPItemStraightLine(plot);
    m_zero->setClipAxisRect(m_rect);
    m_zero->point1->setAxes(bottom, right);
    m_zero->point2->setAxes(bottom, right);
    m_zero->point1->setCoords(0, 0);
    m_zero->point2->setCoords(1, 0);
    applyTheme();
}

void SentimentPane::applyTheme()
{
    if (!m_rect)
        return;
    styleChartPane({m_rect, m_legend}, m_theme);
    const QColor muted = m_theme.color(u"muted"_s);
    const auto fill = [](QColor color, int alpha) {
        color.setAlpha(alpha);
        return QBrush(color);
    };
    m_positive->setBrush(fill(m_theme.color(u"success"_s), 200));
    m_negative->setBrush(fill(m_theme.color(u"danger"_s), 200));
    m_neutral->setBrush(fill(muted, 200));
    for (QCPBars* bars : {m_positive, m_neutral, m_negative})
        bars->setPen(Qt::NoPen);
    m_zero->setPen(QPen(muted, 1, Qt::DashLine));
    m_chart.plot()->replot(QCustomPlot::rpQueuedReplot);
}

QString SentimentPane::legend() const
{
    const QString asset = m_series.asset.isEmpty() ? m_asset : m_series.asset;
    const QString title = tr("%1 news sentiment (24 h mean)").arg(asset);
    if (!m_note.isEmpty())
        return title + u" — "_s + tr("could not be loaded");
    if (m_series.points.empty()) {
        if (m_loading)
            return title + u" — "_s + tr("loading…");
        if (!m_session.isLoggedIn())
            return title + u" — "_s + tr("not logged in");
        return title + u" — "_s + tr("no news in this range");
    }
    const SentimentPoint& newest = m_series.points.back();
    return title + u" · "_s
           + tr("newest %1 · items: %2")
                 .arg(sentimentText(newest.value, m_chart.plot()->locale()),
                      m_chart.plot()->locale().toString(newest.items));
}

void SentimentPane::updateLegend()
{
    if (m_legend)
        m_legend->setText(legend());
}

int SentimentPane::pointCount() const
{
    if (!m_shown)
        return 0;
    return m_positive->dataCount() + m_neutral->dataCount() + m_negative->dataCount();
}

QCPBars* SentimentPane::bars(SentimentTone tone) const
{
    switch (tone) {
    case SentimentTone::Positive:
        return m_positive;
    case SentimentTone::Negative:
        return m_negative;
    case SentimentTone::Neutral:
        break;
    }
    return m_neutral;
}

std::optional<double> SentimentPane::valueAt(qint64 barTimeMs) const
{
    if (!m_shown)
        return std::nullopt;
    const double key = keyOf(barTimeMs);
    for (QCPBars* bars : {m_positive, m_neutral, m_negative}) {
        const auto it = bars->data()->findBegin(key, false);
        if (it != bars->data()->constEnd() && it->key == key)
            return it->value;
    }
    return std::nullopt;
}

void SentimentPane::setSeries(const SentimentSeries& series)
{
    ensurePane();
    m_series = series;
    if (m_series.asset.isEmpty())
        m_series.asset = m_asset;
    m_loading = false;
    m_note.clear();
    if (!m_shown) {
        m_chart.addPane(m_rect, 1.1);
        m_shown = true;
    }
    if (!m_enabled) {
        // Drawn directly (tests, pictures): the toggle follows.
        m_enabled = true;
        if (m_button && !m_button->isChecked())
            m_button->setChecked(true);
        m_refresh.start();
        emit enabledChanged(true);
    }
    QCustomPlot* plot = m_chart.plot();
    m_rect->axis(QCPAxis::atBottom)->setRange(plot->axisRect(0)->axis(QCPAxis::atBottom)->range());
    QVector<double> keys[3];
    QVector<double> values[3];
    for (const SentimentPoint& point : m_series.points) {
        // A bar without items has no value: it stays empty (never drawn as 0).
        if (point.items <= 0)
            continue;
        const int tone = int(sentimentTone(point.value));
        keys[tone].append(keyOf(point.barTimeMs));
        values[tone].append(std::clamp(point.value, -1.0, 1.0));
    }
    const double width = double(std::max<qint64>(timeframeMs(m_timeframe), 1000)) / 1000.0 * 0.7;
    const SentimentTone tones[] = {SentimentTone::Negative, SentimentTone::Neutral,
                                   SentimentTone::Positive};
    for (const SentimentTone tone : tones) {
        QCPBars* drawn = bars(tone);
        drawn->setData(keys[int(tone)], values[int(tone)], true);
        drawn->setWidth(width);
    }
    updateLegend();
    plot->replot();
}

} // namespace bcf::app
