#pragma once

#include "bybit_messages.h"
#include "common/backoff.h"
#include "exchange_connector.h"

#include <QTimer>

#include <map>
#include <set>

namespace bcf::connectors {

// Bybit v5 spot's public market data, as documented:
// - REST (category=spot): instruments-info, kline (interval 1, pages of 1000 asked for as an
//   explicit start/end window because Bybit lists newest first), recent-trade (the last 60; Bybit
//   cannot page public trades by id). Bybit's answer to a client over its limits — HTTP 403 for
//   the IP limit, 429, or retCode 10006/10018 — pauses every request with exponential backoff
//   (or until X-Bapi-Limit-Reset-Timestamp) and retries it, up to five attempts, then fails it
//   Unavailable.
// - One connection to <webSocketUrl>/v5/public/spot, topics kline.1.<S>, publicTrade.<S> and
//   orderbook.50.<S> subscribed with {"op":"subscribe"} in requests of at most 10 args;
//   {"op":"ping"} every 20 s. A failed
//   subscription closes the connection too (the base class reconnects with backoff), since the
//   stream would otherwise silently miss data.
// - Order books over the stream only: a snapshot (on subscription, or Bybit's u = 1 restart
//   snapshot) replaces the book, each delta must carry u = previous u + 1. A gap, a crossed book
//   or an undecodable book message resyncs that symbol by unsubscribing and resubscribing its
//   orderbook topic, which makes Bybit send a fresh snapshot; no REST snapshot is involved.
// - Trade ids are Bybit's execId: increasing but not consecutive (ids are shared across Bybit's
//   matching engine), so a skipped id is no gap — tradeIdsConsecutive() is false and reconnect
//   gaps are filled from the recent-trade window.
// Lives on, and must be used from, the thread that owns it.
class BybitConnector final : public ExchangeConnector {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BybitConnector)

public:
    static constexpr int kBookDepth = 50;

    explicit BybitConnector(ConnectorEndpoints endpoints, QObject *parent = nullptr);

    std::string exchange() const override { return "bybit"; }
    void fetchInstruments(Callback<std::vector<model::Instrument>> done) override;
    void fetchCandles(const std::string &symbol, TimePoint from,
                      Callback<std::vector<model::Candle>> done) override;
    int maxCandlesPerRequest() const override { return 1000; }
    void fetchTrades(const std::string &symbol, std::int64_t afterId,
                     Callback<std::vector<model::Trade>> done) override;
    bool tradeIdsConsecutive() const override { return false; }
    int maxTradesPerRequest() const override { return 60; }

protected:
    QUrl streamUrl() const override;
    void onStreamOpened() override;
    void onStreamMessage(const QString &message) override;
    void onStreamClosed() override;
    void resetBooks() override;
    void onRestReply(QNetworkReply *reply, RestRequest request) override;

private:
    void pauseForRateLimit(RestRequest request, const QByteArray &resetHeader,
                           const std::string &why);
    void fetchCandleWindows(std::string symbol, TimePoint from, TimePoint windowStart,
                            std::vector<model::Candle> gathered,
                            Callback<std::vector<model::Candle>> done);

    void onBook(bybit::BookEvent event);
    void onOperationReply(const bybit::OperationReply &reply);
    void sendOperation(const char *op, const std::vector<std::string> &topics);
    void resyncBook(const std::string &symbol, const std::string &reason);
    bool follows(const std::string &symbol) const;

    QTimer m_pingTimer;
    server::Backoff m_rateBackoff{std::chrono::seconds(1), std::chrono::seconds(60)};
    std::map<std::string, std::vector<std::string>> m_pendingOperations; // req_id → topics
    std::set<std::string> m_resyncing;  // symbols waiting for the snapshot of a resubscription
    std::uint64_t m_nextRequestId = 1;
};

} // namespace bcf::connectors
