#pragma once

#include "binance_messages.h"
#include "exchange_connector.h"

#include <QNetworkAccessManager>
#include <QTimer>
#include <QWebSocket>

#include <deque>
#include <functional>

class QNetworkReply;

namespace bcf::connectors {

// Binance spot's public market data, as documented:
// - REST: exchangeInfo, klines (1m, pages of 1000), aggTrades (paged by fromId), depth;
//   every answer's X-MBX-USED-WEIGHT-1M is tracked against exchangeInfo's REQUEST_WEIGHT limit
//   and requests wait for the next minute above 80 % of it; 429 pauses for Retry-After and
//   retries, 418 (an IP ban) fails the request.
// - One combined stream (/stream?streams=…) of <symbol>@kline_1m, @aggTrade and @depth@100ms.
//   Binance's pings are answered by QWebSocket; a stream silent for 60 s is closed and opened
//   again.
// - Order books by the documented procedure: buffer the diff stream, fetch a depth snapshot,
//   drop diffs older than it, apply the rest with the sequence checks of model::OrderBook; a
//   gap or a crossed book starts the procedure again for that symbol.
class BinanceConnector final : public ExchangeConnector {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BinanceConnector)

public:
    explicit BinanceConnector(ConnectorEndpoints endpoints, QObject *parent = nullptr);
    ~BinanceConnector() override;

    std::string exchange() const override { return "binance"; }
    void fetchInstruments(Callback<std::vector<model::Instrument>> done) override;
    void fetchCandles(const std::string &symbol, TimePoint from,
                      Callback<std::vector<model::Candle>> done) override;
    int maxCandlesPerRequest() const override { return 1000; }
    void fetchTrades(const std::string &symbol, std::int64_t afterId,
                     Callback<std::vector<model::Trade>> done) override;
    bool tradeIdsConsecutive() const override { return true; }

    // The per-minute request weight this connector keeps under (80 % of it), from exchangeInfo.
    int weightLimit() const { return m_weightLimit; }

protected:
    void openStream() override;
    void closeStream() override;
    void resetBooks() override;

private:
    struct Request {
        QString path;
        QList<std::pair<QString, QString>> query;
        int weight = 1;
        std::function<void(Result<QByteArray>)> done;
        int attempts = 0;
    };
    struct BookSync {
        bool snapshotRequested = false;
        std::deque<binance::DepthEvent> buffered;   // diffs received before the snapshot was applied
    };

    void send(Request request);
    void dispatch();
    void onReply(QNetworkReply *reply, Request request);
    void onMessage(const QString &message);
    void onDepth(binance::DepthEvent event);
    void resyncBook(const std::string &symbol, const std::string &reason);
    void requestSnapshot(const std::string &symbol);

    QNetworkAccessManager m_network;
    QWebSocket m_socket;
    QTimer m_watchdog;
    QTimer m_dispatchTimer;
    std::deque<Request> m_queue;
    std::map<std::string, BookSync> m_bookSync;
    qint64 m_weightMinute = 0;          // the minute m_usedWeight belongs to (ms / 60000)
    qint64 m_pausedUntilMs = 0;         // after a 429
    int m_usedWeight = 0;
    int m_weightLimit = 6000;
    bool m_closing = false;
};

} // namespace bcf::connectors
