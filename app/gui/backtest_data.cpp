#include "gui/backtest_data.h"

#include "core/session_controller.h"

#include <QPointer>

#include <cmath>
#include <limits>
#include <memory>

using namespace Qt::StringLiterals;

namespace bcf::app {

namespace {

constexpr int pageLimit = 5000;

template <typename D>
D stepOf(const QString& text)
{
    const QByteArray bytes = text.trimmed().toUtf8();
    auto parsed = D::parse(std::string_view(bytes.constData(), std::size_t(bytes.size())));
    if (!parsed || parsed->raw() <= 0)
        return D::fromRaw(1);
    return *parsed;
}

struct RangeFetch {
    SessionController* session = nullptr;
    QPointer<QObject> context;
    QString exchange, symbol, timeframe;
    qint64 from = 0;
    qint64 to = 0;
    std::vector<model::Candle> candles; // oldest first; each older page goes in front
    std::function<void(int)> progress;
    std::function<void(std::expected<std::vector<model::Candle>, QString>)> done;
};

void fetchPage(std::shared_ptr<RangeFetch> fetch)
{
    if (!fetch->context)
        return;
    SessionController::CandleQuery query{.exchange = fetch->exchange, .symbol = fetch->symbol,
                                         .timeframe = fetch->timeframe, .fromUnixMs = fetch->from,
                                         .toUnixMs = fetch->to, .limit = pageLimit};
    fetch->session->getExactCandles(
        query, fetch->context,
        [fetch](SessionController::Outcome<std::vector<model::Candle>> page) {
            if (!page) {
                fetch->done(std::unexpected(page.error()));
                return;
            }
            const TimePoint previousFirst =
                fetch->candles.empty() ? TimePoint::max() : fetch->candles.front().openTime;
            // Keep the page's candles older than those already loaded, closed ones only.
            std::vector<model::Candle> older;
            for (const model::Candle& candle : *page)
                if (candle.closed && candle.openTime < previousFirst
                    && (older.empty() || older.back().openTime < candle.openTime))
                    older.push_back(candle);
            fetch->candles.insert(fetch->candles.begin(), older.begin(), older.end());
            if (fetch->progress)
                fetch->progress(int(fetch->candles.size()));
            const bool progressed = !older.empty();
            if (!progressed || toUnixMillis(fetch->candles.front().openTime) <= fetch->from
                || int(fetch->candles.size()) >= maxBacktestCandles) {
                if (int(fetch->candles.size()) > maxBacktestCandles) {
                    fetch->candles.erase(fetch->candles.begin(),
                                         fetch->candles.end() - maxBacktestCandles);
                }
                fetch->done(std::move(fetch->candles));
                return;
            }
            fetch->to = toUnixMillis(fetch->candles.front().openTime);
            fetchPage(fetch);
        });
}

} // namespace

bt::SymbolSpec symbolSpec(const QString& symbol, const Instrument* instrument)
{
    bt::SymbolSpec spec;
    spec.name = symbol.toStdString();
    if (instrument) {
        spec.tickSize = stepOf<Price>(instrument->tickSize);
        spec.lotSize = stepOf<Quantity>(instrument->lotSize);
    }
    return spec;
}

QString quoteCurrency(const QString& symbol, const Instrument* instrument)
{
    if (instrument && !instrument->quote.isEmpty())
        return instrument->quote;
    for (const QString& quote : {u"USDT"_s, u"USDC"_s, u"BUSD"_s, u"FDUSD"_s, u"BTC"_s,
                                 u"ETH"_s, u"BNB"_s, u"EUR"_s, u"USD"_s}) {
        if (symbol.endsWith(quote) && symbol.size() > quote.size())
            return quote;
    }
    return {};
}

std::int64_t percentToMicros(double percent)
{
    return std::llround(percent * 10'000.0);
}

void fetchCandleRange(SessionController& session, const QString& exchange, const QString& symbol,
                      const QString& timeframe, qint64 fromUnixMs, qint64 toUnixMs,
                      QObject* context, std::function<void(int loaded)> progress,
                      std::function<void(std::expected<std::vector<model::Candle>, QString>)> done)
{
    auto fetch = std::make_shared<RangeFetch>();
    fetch->session = &session;
    fetch->context = context;
    fetch->exchange = exchange;
    fetch->symbol = symbol;
    fetch->timeframe = timeframe;
    fetch->from = fromUnixMs;
    fetch->to = toUnixMs;
    fetch->progress = std::move(progress);
    fetch->done = std::move(done);
    fetchPage(std::move(fetch));
}

} // namespace bcf::app
