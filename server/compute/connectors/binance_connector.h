#pragma once

#include "binance_messages.h"
#include "exchange_connector.h"

#include <deque>

namespace bcf::connectors {

// Binance spot's public market data, as documented:
// - REST: exchangeInfo, klines (1m, pages of 1000), aggTrades (paged by fromId), depth;
//   every answer's X-MBX-USED-WEIGHT-1M is tracked against exchangeInfo's REQUEST_WEIGHT limit
//   and requests wait for the next minute above 80 % of it; 429 pauses for Retry-After and
//   retries, 418 (an IP ban) fails the request.
// - One combined stream (/stream?streams=…) of <symbol>@kline_1m, @aggTrade and @depth@100ms.
//   Binance's pings are answered by QWebSocket.
// - Order books by the documented procedure: buffer the diff stream, fetch a depth snapshot,
//   drop diffs older than it, apply the rest with the sequence checks of model::OrderBook; a
//   gap or a crossed book starts the procedure again for that symbol.
class BinanceConnector final : public ExchangeConnector {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BinanceConnector)

public:
    explicit BinanceConnector(ConnectorEndpoints endpoints, QObject *parent = nullptr)
        : ExchangeConnector(std::move(endpoints), parent)
    {
    }

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
    QUrl streamUrl() const override;
    void onStreamMessage(const QString &message) override;
    void onStreamClosed() override;
    void resetBooks() override;
    qint64 requestDelayMs(const RestRequest &request, qint64 nowMs) override;
    void onRestReply(QNetworkReply *reply, RestRequest request) override;

private:
    struct BookSync {
        bool snapshotRequested = false;
        std::deque<binance::DepthEvent> buffered;   // diffs received before the snapshot
    };

    void onDepth(binance::DepthEvent event);
    void resyncBook(const std::string &symbol, const std::string &reason);
    void requestSnapshot(const std::string &symbol);

    std::map<std::string, BookSync> m_bookSync;
    qint64 m_weightMinute = 0;          // the minute m_usedWeight belongs to (ms / 60000)
    int m_usedWeight = 0;
    int m_weightLimit = 6000;
};

} // namespace bcf::connectors
