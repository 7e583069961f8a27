#pragma once

#include "core/news_types.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <optional>

class QCPAxisRect;
class QCPBars;
class QCPItemStraightLine;
class QCPItemText;
class QToolButton;
class QWidget;

namespace bcf::app {

class CandleChart;
class SessionController;
class ThemeManager;

// The news sentiment of the chart's base asset (NewsService.GetSentiment: the series
// sentiment("BTC") reads in strategies) in a pane of its own under the candles, like the model
// predictions: one bar per candle from -1 to 1 around a zero line, green above +0.05, red below
// -0.05, grey between; a bar whose 24 hours before its close had no news has no value and stays
// empty. A legend names the asset and the newest value ("BTC news sentiment (24 h mean) · newest
// +0.42 · items: 12").
//
// The chart toolbar's "Sentiment" button (checkable) shows and hides it. While shown it asks for
// the bars of the loaded candles (at most 100,000 of them, the newest), again when the symbol,
// the timeframe or the loaded range changes (a new bar, older history), and every
// refreshIntervalMs for the news fetched meanwhile. GUI thread only.
class SentimentPane final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SentimentPane)

public:
    static constexpr int refreshIntervalMs = 60000;
    // Bars GetSentiment answers at most.
    static constexpr qint64 maxBars = 100000;

    SentimentPane(SessionController& session, CandleChart& chart, ThemeManager& theme,
                  QObject* parent = nullptr);
    ~SentimentPane() override;

    // The toolbar's toggle (owned by `parent`).
    QToolButton* createButton(QWidget* parent);
    // The market shown: its base asset ("BTC") and timeframe. While shown, another one is asked
    // for at once; its bars replace the old ones when they arrive.
    void setMarket(const QString& asset, const QString& timeframe);
    // Shows the pane and asks for the series, or removes it.
    void setEnabled(bool enabled);
    bool isEnabled() const { return m_enabled; }
    // Asks for the series of the loaded candles (when shown, logged in and candles are loaded).
    void request();
    // Draws this series (shows the pane; replaces any bars shown).
    void setSeries(const SentimentSeries& series);

    bool isShown() const { return m_shown; }
    const QString& asset() const { return m_asset; }
    const SentimentSeries& series() const { return m_series; }
    QString legend() const;
    // Bars drawn, all tones together.
    int pointCount() const;
    // The value drawn for the bar opening at `barTimeMs`, or nullopt where it is empty.
    std::optional<double> valueAt(qint64 barTimeMs) const;
    // The bars of one tone (tests).
    QCPBars* bars(SentimentTone tone) const;
    QCPAxisRect* pane() const { return m_rect; }
    // A short problem line (an error), or "".
    QString note() const { return m_note; }
    // The button's text and the legend in the current language.
    void retranslate();

signals:
    void noteRequested(const QString& message);
    void enabledChanged(bool enabled);

private:
    void ensurePane();
    void applyTheme();
    void scheduleRequest();
    // `again`: also when the range is the one asked last (for the news fetched meanwhile).
    void requestRange(bool again);
    void updateLegend();

    SessionController& m_session;
    CandleChart& m_chart;
    ThemeManager& m_theme;
    QPointer<QToolButton> m_button;

    QCPAxisRect* m_rect = nullptr;
    QCPBars* m_positive = nullptr;
    QCPBars* m_neutral = nullptr;
    QCPBars* m_negative = nullptr;
    QCPItemStraightLine* m_zero = nullptr;
    QCPItemText* m_legend = nullptr;
    bool m_enabled = false;
    bool m_shown = false;
    bool m_loading = false;
    SentimentSeries m_series;
    QString m_note;
    QString m_asset;
    QString m_timeframe;
    // The range of the last request, [from, to) of bar open times.
    qint64 m_requestedFrom = 0;
    qint64 m_requestedTo = 0;
    quint64 m_serial = 0;
    QTimer m_debounce;
    QTimer m_refresh;
};

} // namespace bcf::app
