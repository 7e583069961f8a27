// bench_chart_replot: how long the workstation's candlestick chart (CandleChart, the plot of
// ChartPanel) takes to replot with 100 k and 1 M candles loaded, offscreen, without a server.
//
// For each size and view it reports, over --runs frames, the median and 95th percentile of
//   replot: QCustomPlot::replot() with the view unchanged (a repaint: crosshair, new tick);
//   pan:    moving the view by one candle and replotting (the bars in view are picked and,
//           zoomed out, merged again: the cost of a frame while dragging).
// Views: the newest 300 candles, and every candle loaded (drawn merged, about one bar per two
// pixels). Goal: both under 16 ms (one frame at 60 Hz). Numbers: docs/performance.md.
#include "core/candles.h"
#include "core/preferences.h"
#include "gui/candle_chart.h"
#include "gui/theme_manager.h"

#include <qcustomplot.h>

#include <QApplication>
#include <QElapsedTimer>
#include <QSettings>
#include <QTemporaryDir>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <random>
#include <vector>

using namespace bcf::app;
using namespace Qt::StringLiterals;

namespace {

// A random walk of 1-minute candles ending now-ish, deterministic for a given count.
CandleSeries syntheticCandles(int count)
{
    CandleSeries series;
    series.reserve(std::size_t(count));
    std::mt19937_64 random(42);
    std::normal_distribution<double> step(0.0, 0.0015);
    std::exponential_distribution<double> volume(1.0 / 12.0);
    const qint64 start = 1'700'000'000'000 - qint64(count) * 60000;
    double price = 30000;
    for (int i = 0; i < count; ++i) {
        const double open = price;
        const double close = std::max(1.0, open * (1.0 + step(random)));
        const double wick = std::abs(step(random)) * open;
        series.push_back(Candle{.openTimeMs = start + qint64(i) * 60000,
                                .open = open,
                                .high = std::max(open, close) + wick,
                                .low = std::max(0.5, std::min(open, close) - wick),
                                .close = close,
                                .volume = volume(random),
                                .closed = true});
        price = close;
    }
    return series;
}

struct Stats {
    double median = 0;
    double p95 = 0;
};

Stats summarize(std::vector<double> samples)
{
    std::sort(samples.begin(), samples.end());
    const auto at = [&](double quantile) {
        const std::size_t index =
            std::min(samples.size() - 1, std::size_t(std::ceil(quantile * double(samples.size())) - 1));
        return samples[index];
    };
    return {at(0.5), at(0.95)};
}

double elapsedMs(const QElapsedTimer& timer)
{
    return double(timer.nsecsElapsed()) / 1e6;
}

} // namespace

int main(int argc, char** argv)
{
    int runs = 50;
    int width = 1280;
    int height = 720;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--runs") == 0 && i + 1 < argc)
            runs = std::max(1, std::atoi(argv[++i]));
        else if (std::strcmp(argv[i], "--size") == 0 && i + 2 < argc) {
            width = std::max(200, std::atoi(argv[++i]));
            height = std::max(200, std::atoi(argv[++i]));
        } else {
            std::fprintf(stderr,
                         "usage: bench_chart_replot [--runs N] [--size WIDTH HEIGHT]\n"
                         "Runs offscreen unless QT_QPA_PLATFORM is set.\n");
            return 2;
        }
    }
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);

    QTemporaryDir settingsDir;
    Preferences preferences(std::make_unique<QSettings>(
        settingsDir.filePath(u"bench.ini"_s), QSettings::IniFormat));
    ThemeManager theme(preferences);
    theme.apply();

    CandleChart chart(theme);
    chart.setMarket(u"BTCUSDT"_s, u"1m"_s);
    chart.resize(width, height);
    chart.show();
    QApplication::processEvents();
    QCustomPlot* plot = chart.plot();

    std::printf("chart replot, %d×%d px offscreen, %d frames each, times in ms\n", width, height,
                runs);
    std::printf("%-9s %-12s %6s %5s %9s %9s %9s %9s\n", "candles", "view", "bars", "k",
                "replot", "p95", "pan", "p95");
    for (const int count : {100'000, 1'000'000}) {
        chart.setCandles(syntheticCandles(count), false);
        QApplication::processEvents();
        for (const bool all : {false, true}) {
            if (all)
                chart.showAll();
            else
                chart.showLatest(300);
            plot->replot(QCustomPlot::rpImmediateRefresh); // warm-up
            std::vector<double> replots;
            for (int run = 0; run < runs; ++run) {
                QElapsedTimer timer;
                timer.start();
                plot->replot(QCustomPlot::rpImmediateRefresh);
                replots.push_back(elapsedMs(timer));
            }
            QCPAxis* key = plot->axisRect(0)->axis(QCPAxis::atBottom);
            std::vector<double> pans;
            for (int run = 0; run < runs; ++run) {
                const double shift = (run % 2 == 0 ? -60.0 : 60.0); // one candle
                QElapsedTimer timer;
                timer.start();
                key->setRange(key->range() + shift);
                plot->replot(QCustomPlot::rpImmediateRefresh);
                pans.push_back(elapsedMs(timer));
            }
            const Stats replot = summarize(replots);
            const Stats pan = summarize(pans);
            std::printf("%-9d %-12s %6d %5d %9.2f %9.2f %9.2f %9.2f\n", count,
                        all ? "all" : "last 300", chart.drawnBars(), chart.aggregation(),
                        replot.median, replot.p95, pan.median, pan.p95);
            std::fflush(stdout);
        }
    }
    return 0;
}
