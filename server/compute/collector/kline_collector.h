#pragma once

#include "common/backoff.h"
#include "common/candle_store.h"
#include "common/redis_client.h"

#include <QNetworkAccessManager>
#include <QObject>
#include <QStringList>
#include <QTimer>
#include <QUrl>
#include <QWebSocket>

#include <functional>

namespace bcf::compute {

struct CollectorSettings {
    std::string exchange = "binance";
    QUrl restUrl;               // e.g. https://api.binance.com
    QUrl webSocketUrl;          // e.g. wss://stream.binance.com:9443
    QStringList symbols;        // BTCUSDT, …
    int backfillMinutes = 1440; // history fetched for a symbol with nothing stored
};

// Collects 1m candles of the configured symbols from a Binance-compatible exchange: backfills
// over REST from the newest stored candle (or backfillMinutes ago) in pages of 1000, then follows
// the combined kline_1m stream and stores every closed candle; each is also published on Redis
// channel `market_data`. A dropped stream reconnects with backoff and backfills the gap first,
// so no candle is lost; storage is idempotent, so none is duplicated. Lives on a Qt event loop.
class KlineCollector final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KlineCollector)

public:
    KlineCollector(CollectorSettings settings, server::CandleStore &store,
                   server::RedisClient &redis, QObject *parent = nullptr);

    void start();

    // Candles stored so far (backfill and live), malformed messages seen.
    qint64 storedCandles() const { return m_stored; }
    qint64 malformedMessages() const { return m_malformed; }
    bool streaming() const { return m_streaming; }

signals:
    void backfillFinished(const QString &symbol, int candles);
    void candleStored(const QString &symbol, qint64 openTimeMs);
    void streamConnected();

private:
    void backfillAll(std::function<void()> then);
    void backfill(const QString &symbol, qint64 fromMs, int fetched, std::function<void()> then);
    void openStream();
    void onStreamMessage(const QString &message);
    void onStreamClosed();

    CollectorSettings m_settings;
    server::CandleStore &m_store;
    server::RedisClient &m_redis;
    QNetworkAccessManager m_network;
    QWebSocket m_socket;
    QTimer m_reconnectTimer;
    server::Backoff m_backoff{std::chrono::seconds(1), std::chrono::seconds(30)};
    qint64 m_stored = 0;
    qint64 m_malformed = 0;
    bool m_streaming = false;
};

} // namespace bcf::compute
