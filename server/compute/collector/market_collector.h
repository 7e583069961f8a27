#pragma once

#include "common/candle_store.h"
#include "common/market_store.h"
#include "common/redis_client.h"
#include "exchange_connector.h"

#include <QObject>
#include <QTimer>

#include <map>
#include <set>
#include <string>
#include <vector>

namespace bcf::compute {

struct CollectorSettings {
    std::vector<std::string> symbols;   // the exchange's symbols, "BTCUSDT"
    int backfillMinutes = 1440;         // 1m history fetched for a symbol with nothing stored
    int bookDepth = 20;                 // levels per side published on Redis
    int bookIntervalMs = 100;           // at most one book message per symbol per interval
    int flushIntervalMs = 250;          // trades are written to PostgreSQL in batches
};

// Collects one exchange's market data through its ExchangeConnector: lists the instruments
// (PostgreSQL `instruments`), stores every closed 1m candle (`candles`) and every trade
// (`trades`), and publishes live candles, trades and order-book tops on the Redis channel
// `market_data` for bcf-core to fan out. It resumes from what is stored (newest candle,
// newest trade id), so a restart or a reconnect neither loses nor duplicates data. Lives on a
// Qt event loop.
//
// Redis messages (JSON, prices and quantities as decimal strings):
//   {"type":"candle","exchange","symbol","timeframe":"1m","open_time",…,"closed"}
//   {"type":"trade","exchange","symbol","id","time","price","quantity","side":"buy"|"sell"}
//   {"type":"book","exchange","symbol","update_id","time","bids":[[p,q],…],"asks":[[p,q],…]}
class MarketCollector final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MarketCollector)

public:
    MarketCollector(connectors::ExchangeConnector &connector, CollectorSettings settings,
                    server::CandleStore &candles, server::TradeStore &trades,
                    server::InstrumentStore &instruments, server::RedisClient &redis,
                    QObject *parent = nullptr);
    ~MarketCollector() override;

    void start();
    void stop();

    struct Counters {
        std::int64_t candlesStored = 0;
        std::int64_t tradesStored = 0;
        std::int64_t booksPublished = 0;
        std::int64_t storeFailures = 0;
    };
    const Counters &counters() const { return m_counters; }
    connectors::ExchangeConnector &connector() { return m_connector; }

signals:
    // The instruments were listed and every symbol's backfill has finished.
    void caughtUp();
    void candlesStored(const QString &symbol, int count);
    void tradesStored(const QString &symbol, int count);

private:
    void listInstruments();
    void startConnector();
    void onCandle(const QString &symbol, const model::Candle &candle);
    void onTrade(const QString &symbol, const model::Trade &trade);
    void flush();
    void publishBooks();
    void publish(const std::string &message);

    connectors::ExchangeConnector &m_connector;
    CollectorSettings m_settings;
    server::CandleStore &m_candles;
    server::TradeStore &m_trades;
    server::InstrumentStore &m_instruments;
    server::RedisClient &m_redis;
    QTimer m_flushTimer;
    QTimer m_bookTimer;
    QTimer m_retryTimer;
    std::map<std::string, std::vector<model::Candle>> m_pendingCandles;
    std::map<std::string, std::vector<model::Trade>> m_pendingTrades;
    std::set<std::string> m_dirtyBooks;
    Counters m_counters;
    bool m_running = false;
    bool m_publishFailureLogged = false;
};

} // namespace bcf::compute
