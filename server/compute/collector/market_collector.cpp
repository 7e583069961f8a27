#include "market_collector.h"

#include "common/logging.h"

#include <QDateTime>

namespace bcf::compute {
namespace {

constexpr qint64 kLiveCandleMs = 2 * 60'000;   // older candles are history, not news
constexpr qint64 kLiveTradeMs = 60'000;
constexpr int kRetryMs = 5000;

std::string quote(std::string_view text)
{
    // Exchange names and symbols are [A-Za-z0-9_-]; anything else is escaped defensively.
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\')
            out += '\\';
        if (static_cast<unsigned char>(c) >= 0x20)
            out += c;
    }
    return out + "\"";
}

std::string candleMessage(const std::string &exchange, const std::string &symbol,
                          const model::Candle &candle)
{
    return R"({"type":"candle","exchange":)" + quote(exchange) + R"(,"symbol":)" + quote(symbol)
           + R"(,"timeframe":")" + std::string(model::timeframeName(candle.timeframe))
           + R"(","open_time":)" + std::to_string(toUnixMillis(candle.openTime)) + R"(,"open":")"
           + candle.open.toString() + R"(","high":")" + candle.high.toString() + R"(","low":")"
           + candle.low.toString() + R"(","close":")" + candle.close.toString()
           + R"(","volume":")" + candle.volume.toString() + R"(","quote_volume":")"
           + candle.quoteVolume.toString() + R"(","trade_count":)"
           + std::to_string(candle.tradeCount) + R"(,"closed":)"
           + (candle.closed ? "true" : "false") + "}";
}

std::string tradeMessage(const std::string &exchange, const std::string &symbol,
                         const model::Trade &trade)
{
    return R"({"type":"trade","exchange":)" + quote(exchange) + R"(,"symbol":)" + quote(symbol)
           + R"(,"id":)" + std::to_string(trade.id) + R"(,"time":)"
           + std::to_string(toUnixMillis(trade.time)) + R"(,"price":")" + trade.price.toString()
           + R"(","quantity":")" + trade.quantity.toString() + R"(","side":")"
           + (trade.aggressor == model::Side::Buy ? "buy" : "sell") + "\"}";
}

void appendLevels(std::string &out, const std::vector<model::BookLevel> &levels)
{
    out += '[';
    for (std::size_t i = 0; i < levels.size(); ++i) {
        if (i)
            out += ',';
        out += "[\"" + levels[i].price.toString() + "\",\"" + levels[i].quantity.toString()
               + "\"]";
    }
    out += ']';
}

} // namespace

MarketCollector::MarketCollector(connectors::ExchangeConnector &connector,
                                 CollectorSettings settings, server::CandleStore &candles,
                                 server::TradeStore &trades, server::InstrumentStore &instruments,
                                 server::RedisClient &redis, QObject *parent)
    : QObject(parent), m_connector(connector), m_settings(std::move(settings)),
      m_candles(candles), m_trades(trades), m_instruments(instruments), m_redis(redis)
{
    m_flushTimer.setInterval(m_settings.flushIntervalMs);
    connect(&m_flushTimer, &QTimer::timeout, this, &MarketCollector::flush);
    m_bookTimer.setInterval(m_settings.bookIntervalMs);
    connect(&m_bookTimer, &QTimer::timeout, this, &MarketCollector::publishBooks);
    m_retryTimer.setSingleShot(true);
    connect(&m_connector, &connectors::ExchangeConnector::candleReceived, this,
            &MarketCollector::onCandle);
    connect(&m_connector, &connectors::ExchangeConnector::tradeReceived, this,
            &MarketCollector::onTrade);
    connect(&m_connector, &connectors::ExchangeConnector::bookUpdated, this,
            [this](const QString &symbol) { m_dirtyBooks.insert(symbol.toStdString()); });
    connect(&m_connector, &connectors::ExchangeConnector::caughtUp, this, [this] {
        flush();
        emit caughtUp();
    });
}

MarketCollector::~MarketCollector()
{
    stop();
}

void MarketCollector::start()
{
    m_running = true;
    listInstruments();
}

void MarketCollector::stop()
{
    if (!m_running)
        return;
    m_running = false;
    m_connector.stop();
    m_retryTimer.stop();
    m_bookTimer.stop();
    m_flushTimer.stop();
    flush(); // what was received is kept
}

void MarketCollector::listInstruments()
{
    m_connector.fetchInstruments([this](Result<std::vector<model::Instrument>> listed) {
        if (!m_running)
            return;
        auto log = server::logger("collector");
        if (!listed) {
            log->warn("msg=\"listing instruments failed; retrying\" exchange={} error={}",
                      m_connector.exchange(), server::quoted(listed.error().message));
            m_retryTimer.callOnTimeout(this, &MarketCollector::listInstruments,
                                       Qt::SingleShotConnection);
            m_retryTimer.start(kRetryMs);
            return;
        }
        std::vector<model::Instrument> followed;
        for (const auto &symbol : m_settings.symbols) {
            const auto found = std::find_if(listed->begin(), listed->end(),
                                            [&](const auto &i) { return i.symbol == symbol; });
            if (found == listed->end()) {
                log->warn("msg=\"symbol not listed by the exchange; skipped\" exchange={} "
                          "symbol={}",
                          m_connector.exchange(), symbol);
                continue;
            }
            followed.push_back(*found);
            followed.back().exchange = m_connector.exchange();
        }
        if (auto stored = m_instruments.upsert(followed); !stored) {
            log->warn("msg=\"storing instruments failed; retrying\" error={}",
                      server::quoted(stored.error().message));
            m_retryTimer.callOnTimeout(this, &MarketCollector::listInstruments,
                                       Qt::SingleShotConnection);
            m_retryTimer.start(kRetryMs);
            return;
        }
        startConnector();
    });
}

void MarketCollector::startConnector()
{
    const std::string exchange = m_connector.exchange();
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    std::vector<connectors::SymbolStart> starts;
    for (const auto &symbol : m_settings.symbols) {
        connectors::SymbolStart start;
        start.symbol = symbol;
        start.candlesFrom = fromUnixMillis(nowMs - qint64(m_settings.backfillMinutes) * 60'000);
        auto newest = m_candles.latest(exchange, symbol, model::Timeframe::M1, fromUnixMillis(0),
                                       fromUnixMillis(nowMs), 1);
        auto lastTrade = m_trades.newestId(exchange, symbol);
        if (!newest || !lastTrade) {
            server::logger("collector")->warn("msg=\"reading the stored state failed; retrying\" "
                                              "error={}",
                                              server::quoted(!newest ? newest.error().message
                                                                     : lastTrade.error().message));
            m_retryTimer.callOnTimeout(this, &MarketCollector::startConnector,
                                       Qt::SingleShotConnection);
            m_retryTimer.start(kRetryMs);
            return;
        }
        if (!newest->empty())
            start.candlesFrom = newest->back().openTime; // fetched again: it may have grown
        start.lastTradeId = *lastTrade;
        starts.push_back(start);
    }
    server::logger("collector")->info("msg=\"collecting\" exchange={} symbols={}", exchange,
                                      starts.size());
    m_connector.start(std::move(starts), {});
    m_flushTimer.start();
    m_bookTimer.start();
}

void MarketCollector::onCandle(const QString &symbol, const model::Candle &candle)
{
    const std::string name = symbol.toStdString();
    if (candle.closed)
        m_pendingCandles[name].push_back(candle);
    if (toUnixMillis(candle.openTime) >= QDateTime::currentMSecsSinceEpoch() - kLiveCandleMs)
        publish(candleMessage(m_connector.exchange(), name, candle));
    if (m_pendingCandles[name].size() >= 1000)
        flush();
}

void MarketCollector::onTrade(const QString &symbol, const model::Trade &trade)
{
    const std::string name = symbol.toStdString();
    m_pendingTrades[name].push_back(trade);
    if (toUnixMillis(trade.time) >= QDateTime::currentMSecsSinceEpoch() - kLiveTradeMs)
        publish(tradeMessage(m_connector.exchange(), name, trade));
    if (m_pendingTrades[name].size() >= 5000)
        flush();
}

void MarketCollector::flush()
{
    const std::string exchange = m_connector.exchange();
    auto log = server::logger("collector");
    // A failed write keeps the rows for the next flush: nothing received is dropped.
    for (auto &[symbol, candles] : m_pendingCandles) {
        if (candles.empty())
            continue;
        if (auto stored = m_candles.ingest(exchange, symbol, candles); stored) {
            m_counters.candlesStored += static_cast<std::int64_t>(candles.size());
            emit candlesStored(QString::fromStdString(symbol), static_cast<int>(candles.size()));
            candles.clear();
        } else {
            ++m_counters.storeFailures;
            log->warn("msg=\"storing candles failed\" symbol={} error={}", symbol,
                      server::quoted(stored.error().message));
        }
    }
    for (auto &[symbol, trades] : m_pendingTrades) {
        if (trades.empty())
            continue;
        if (auto stored = m_trades.ingest(exchange, symbol, trades); stored) {
            m_counters.tradesStored += static_cast<std::int64_t>(*stored);
            emit tradesStored(QString::fromStdString(symbol), static_cast<int>(trades.size()));
            trades.clear();
        } else {
            ++m_counters.storeFailures;
            log->warn("msg=\"storing trades failed\" symbol={} error={}", symbol,
                      server::quoted(stored.error().message));
        }
    }
}

void MarketCollector::publishBooks()
{
    const std::string exchange = m_connector.exchange();
    const auto nowMs = QDateTime::currentMSecsSinceEpoch();
    for (const auto &symbol : m_dirtyBooks) {
        const model::OrderBook *book = m_connector.book(symbol);
        if (!book)
            continue;
        const auto depth = static_cast<std::size_t>(m_settings.bookDepth);
        std::string message = R"({"type":"book","exchange":)" + quote(exchange)
                              + R"(,"symbol":)" + quote(symbol) + R"(,"update_id":)"
                              + std::to_string(book->lastUpdateId()) + R"(,"time":)"
                              + std::to_string(nowMs) + R"(,"bids":)";
        appendLevels(message, book->bids(depth));
        message += R"(,"asks":)";
        appendLevels(message, book->asks(depth));
        message += '}';
        publish(message);
        ++m_counters.booksPublished;
    }
    m_dirtyBooks.clear();
}

void MarketCollector::publish(const std::string &message)
{
    // Redis being down is the supervisor's business (NOT_SERVING, reconnect); live messages
    // lost meanwhile are not history: clients refetch what is stored.
    if (auto sent = m_redis.command({"PUBLISH", "market_data", message}); !sent) {
        if (!std::exchange(m_publishFailureLogged, true))
            server::logger("collector")->warn("msg=\"publishing on Redis failed\" error={}",
                                              server::quoted(sent.error().message));
    }
}

} // namespace bcf::compute
