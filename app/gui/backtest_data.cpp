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
D fromDisplay(double value)
{
    // 'f' with 8 places rounds the double's exact binary value to the nearest decimal.
    const QByteArray text = QByteArray::number(value, 'f', 8);
    auto parsed = D::parse(std::string_view(text.constData(), std::size_t(text.size())));
    return parsed ? *parsed : D();
}

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
    CandleSeries candles;
    std::function<void(int)> progress;
    std::function<void(std::expected<CandleSeries, QString>)> done;
};

void fetchPage(std::shared_ptr<RangeFetch> fetch)
{
    if (!fetch->context)
        return;
    SessionController::CandleQuery query{.exchange = fetch->exchange, .symbol = fetch->symbol,
                                         .timeframe = fetch->timeframe, .fromUnixMs = fetch->from,
                                         .toUnixMs = fetch->to, .limit = pageLimit};
    fetch->session->getCandles(
        query, fetch->context, [fetch](SessionController::Outcome<CandleSeries> page) {
            if (!page) {
                fetch->done(std::unexpected(page.error()));
                return;
            }
            const qint64 previousFirst = fetch->candles.empty()
                                             ? std::numeric_limits<qint64>::max()
                                             : fetch->candles.front().openTimeMs;
            if (fetch->candles.empty())
                fetch->candles = std::move(*page);
            else
                prependOlder(fetch->candles, *page);
            if (fetch->progress)
                fetch->progress(int(fetch->candles.size()));
            const bool progressed =
                !fetch->candles.empty() && fetch->candles.front().openTimeMs < previousFirst;
            if (!progressed || fetch->candles.front().openTimeMs <= fetch->from
                || int(fetch->candles.size()) >= maxBacktestCandles) {
                if (int(fetch->candles.size()) > maxBacktestCandles) {
                    fetch->candles.erase(fetch->candles.begin(),
                                         fetch->candles.end() - maxBacktestCandles);
                }
                fetch->done(std::move(fetch->candles));
                return;
            }
            fetch->to = fetch->candles.front().openTimeMs;
            fetchPage(fetch);
        });
}

} // namespace

Price priceFromDisplay(double value)
{
    return fromDisplay<Price>(value);
}

Quantity quantityFromDisplay(double value)
{
    return fromDisplay<Quantity>(value);
}

std::expected<std::vector<model::Candle>, QString> toModelCandles(const CandleSeries& candles,
                                                                  const QString& timeframe)
{
    const QByteArray name = timeframe.toUtf8();
    const auto parsed = model::parseTimeframe(std::string_view(name.constData(), std::size_t(name.size())));
    if (!parsed)
        return std::unexpected(QObject::tr("Unknown timeframe %1.").arg(timeframe));
    std::vector<model::Candle> result;
    result.reserve(candles.size());
    for (const Candle& candle : candles) {
        if (!candle.closed)
            continue;
        model::Candle bar;
        bar.timeframe = *parsed;
        bar.openTime = fromUnixMillis(candle.openTimeMs);
        bar.open = priceFromDisplay(candle.open);
        bar.high = priceFromDisplay(candle.high);
        bar.low = priceFromDisplay(candle.low);
        bar.close = priceFromDisplay(candle.close);
        bar.volume = quantityFromDisplay(candle.volume);
        bar.closed = true;
        if (!result.empty() && result.back().openTime >= bar.openTime)
            continue; // duplicates or disorder would be refused by the runner
        result.push_back(bar);
    }
    return result;
}

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
                      std::function<void(std::expected<CandleSeries, QString>)> done)
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
