#pragma once

#include "common/backoff.h"
#include "core/result.h"
#include "model/instrument.h"
#include "model/market_data.h"
#include "model/order_book.h"

#include <QNetworkAccessManager>
#include <QObject>
#include <QTimer>
#include <QWebSocket>
#include <QString>
#include <QUrl>

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <string>
#include <vector>

class QNetworkReply;

namespace bcf::connectors {

// Where a connector finds its exchange. Both come from configuration, so a test (or the local
// stack) points a connector at bcf-exchange-sim on loopback.
struct ConnectorEndpoints {
    QUrl restUrl;        // e.g. https://api.binance.com, https://api.bybit.com
    QUrl webSocketUrl;   // e.g. wss://stream.binance.com:9443, wss://stream.bybit.com
};

// What to follow for one symbol, and where the caller's data ends, so the connector can fill
// everything in between over REST before (and after every reconnect while) it streams.
struct SymbolStart {
    std::string symbol;                 // the exchange's symbol, "BTCUSDT"
    TimePoint candlesFrom{};            // first 1m open time wanted (the newest one stored, or
                                        // a backfill horizon when nothing is stored)
    std::int64_t lastTradeId = 0;       // newest trade held; 0 = start with the live ones
};

struct ConnectorCounters {
    std::int64_t messages = 0;          // stream messages received
    std::int64_t malformed = 0;         // messages or REST payloads that could not be decoded
    std::int64_t bookResyncs = 0;       // order books rebuilt after a gap or bad data
    std::int64_t reconnects = 0;        // stream connections lost and opened again
    std::int64_t gapsFilled = 0;        // candle or trade gaps filled over REST
    int usedWeight = 0;                 // the exchange's request-weight meter, when it has one
};

// One exchange's public market data: REST requests and WebSocket streams, over Qt Network and
// Qt WebSockets, on the Qt event loop of the thread that owns it.
//
// After start() the connector emits, per symbol, every closed 1m candle from candlesFrom on
// (backfilled over REST first, then streamed; forming candles are emitted too, with
// closed = false), every trade after lastTradeId, and the order book whenever it changes while
// it is in sync. It keeps that promise across disconnects: the stream reconnects with backoff
// and the gap is filled over REST; a candle or trade gap inside a live stream is filled too.
// Emitted closed candles and trades can repeat (after a reconnect, around a backfill) but are
// never missing: consumers store idempotently. Malformed or out-of-order messages never stop
// the connector: they are counted, logged once per kind, and the affected book is resynced.
//
// The base class owns the transports every exchange shares: one WebSocket (reconnected with
// backoff, closed and reopened when silent for 60 s) and a queue of REST GETs that can be paused
// (rate limits) and retried. Subclasses speak one exchange's API: they name the stream URL,
// decode its messages and REST answers, and hand events to the protected deliver*() functions,
// which do the gap bookkeeping.
class ExchangeConnector : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExchangeConnector)

public:
    template <typename T>
    using Callback = std::function<void(Result<T>)>;

    struct Channels {
        bool candles = true;
        bool trades = true;
        bool book = true;
    };

    ~ExchangeConnector() override;

    // The exchange's name in storage and on the wire: "binance", "bybit".
    virtual std::string exchange() const = 0;

    // REST. `done` runs once, on this object's thread. Transport errors, HTTP errors and the
    // exchange's rate-limit answers are Unavailable; an undecodable payload is InvalidArgument.
    virtual void fetchInstruments(Callback<std::vector<model::Instrument>> done) = 0;
    // 1m candles with open time >= from, oldest first, at most maxCandlesPerRequest(); the
    // newest one is forming (closed = false) when its minute has not ended.
    virtual void fetchCandles(const std::string &symbol, TimePoint from,
                              Callback<std::vector<model::Candle>> done) = 0;
    virtual int maxCandlesPerRequest() const = 0;
    // Trades with id > afterId, oldest first, as many as one request returns; afterId 0 = the
    // most recent ones. Exchanges that cannot page by id return their recent window.
    virtual void fetchTrades(const std::string &symbol, std::int64_t afterId,
                             Callback<std::vector<model::Trade>> done) = 0;
    // Whether trade ids of a symbol are consecutive (then a skipped id is a gap).
    virtual bool tradeIdsConsecutive() const = 0;
    // The most trades one fetchTrades() answer holds (a full page means more may follow).
    virtual int maxTradesPerRequest() const { return 1000; }

    // Starts following the symbols (replacing any earlier start).
    void start(std::vector<SymbolStart> symbols, Channels channels);
    // Closes the stream and abandons requests in flight; nothing is emitted afterwards.
    void stop();

    // The book of a symbol while it is in sync; nullptr otherwise.
    const model::OrderBook *book(const std::string &symbol) const;
    bool streaming() const { return m_streaming; }
    const ConnectorCounters &counters() const { return m_counters; }

signals:
    void candleReceived(const QString &symbol, const bcf::model::Candle &candle);
    void tradeReceived(const QString &symbol, const bcf::model::Trade &trade);
    // book(symbol) changed; it is in sync.
    void bookUpdated(const QString &symbol);
    // The book of `symbol` is being rebuilt (gap, crossed book, reconnect).
    void bookResyncing(const QString &symbol, const QString &reason);
    // The stream is connected (again) / lost.
    void streamConnected();
    void streamLost(const QString &reason);
    // Every backfill after start() or a reconnect has finished.
    void caughtUp();

protected:
    ExchangeConnector(ConnectorEndpoints endpoints, QObject *parent);

    const ConnectorEndpoints &endpoints() const { return m_endpoints; }
    const std::vector<SymbolStart> &symbols() const { return m_symbols; }
    const Channels &channels() const { return m_channels; }
    ConnectorCounters &mutableCounters() { return m_counters; }

    // --- The stream (one WebSocket) -------------------------------------------------------
    // Where to connect for symbols() and channels().
    virtual QUrl streamUrl() const = 0;
    // One text message (the silence watchdog and the message counter are already fed).
    virtual void onStreamMessage(const QString &message) = 0;
    // The socket connected and the base class has started the backfills (subscribe here).
    virtual void onStreamOpened() {}
    // The socket closed, by either side (stop timers, forget per-connection state).
    virtual void onStreamClosed() {}
    // Forget the books and start syncing them again (called when the stream (re)connects).
    virtual void resetBooks() = 0;
    QWebSocket &socket() { return m_socket; }

    // --- REST (GET requests, one queue) ----------------------------------------------------
    struct RestRequest {
        QString path;                                  // appended to endpoints().restUrl
        QList<std::pair<QString, QString>> query;
        int weight = 1;                                // the exchange's cost of the request
        std::function<void(Result<QByteArray>)> done;
        int attempts = 0;                              // rate-limited answers so far
    };
    void sendRequest(RestRequest request);
    // Holds every queued request until `untilMs` (epoch ms); `request` goes first once it ends.
    void retryAfterPause(RestRequest request, qint64 untilMs);
    // How long `request` must wait before it may go (a per-minute weight budget); 0 = it goes
    // right away, so an exchange with a budget charges it then.
    virtual qint64 requestDelayMs(const RestRequest & /*request*/, qint64 /*nowMs*/) { return 0; }
    // The answer to `request`: the exchange's status conventions decide what `done` gets.
    virtual void onRestReply(QNetworkReply *reply, RestRequest request) = 0;
    // "GET <path> failed: HTTP <status> <body>" (or the transport error), for `done`.
    static Error httpError(const RestRequest &request, QNetworkReply *reply, int status,
                           const QByteArray &body, ErrorCode code);

    // Subclasses report decoded events here.
    void deliverCandle(const std::string &symbol, const model::Candle &candle);
    void deliverTrade(const std::string &symbol, const model::Trade &trade);
    // A message or payload that could not be decoded: counted; logged the first time per kind.
    void reportMalformed(const std::string &kind, const std::string &error);
    // Book bookkeeping shared by all exchanges.
    model::OrderBook &bookOf(const std::string &symbol) { return m_books[symbol]; }
    void reportBookResync(const std::string &symbol, const std::string &reason);
    // Whether stop() has been called since this generation started (callbacks check it).
    std::uint64_t generation() const { return m_generation; }

private:
    struct SymbolState {
        TimePoint nextCandle{};          // the first closed 1m candle not yet emitted
        std::int64_t lastTradeId = 0;
        bool fillingCandles = false;
        bool fillingTrades = false;
    };

    void openStream();
    void closeStream();
    void onStreamConnected();
    void onStreamLost(const QString &reason);
    void dispatchRequests();
    void backfillEverything();
    void fillCandles(const std::string &symbol, std::function<void()> then);
    void fillTrades(const std::string &symbol, std::int64_t after, std::function<void()> then);
    void scheduleReconnect(const QString &reason);

    ConnectorEndpoints m_endpoints;
    std::vector<SymbolStart> m_symbols;
    Channels m_channels;
    std::map<std::string, SymbolState> m_state;
    std::map<std::string, model::OrderBook> m_books;
    std::map<std::string, bool> m_loggedMalformed;
    ConnectorCounters m_counters;
    server::Backoff m_backoff{std::chrono::seconds(1), std::chrono::seconds(30)};
    QTimer *m_reconnectTimer = nullptr;
    QWebSocket m_socket;
    QTimer m_watchdog;
    QNetworkAccessManager m_network;
    std::deque<RestRequest> m_requests;
    QTimer m_dispatchTimer;
    qint64 m_pausedUntilMs = 0;
    bool m_closing = false;
    std::uint64_t m_generation = 0;
    int m_pendingFills = 0;
    bool m_running = false;
    bool m_streaming = false;
};

} // namespace bcf::connectors
