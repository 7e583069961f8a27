#pragma once

#include "bybit_writer.h"
#include "sim/synthetic_market.h"

#include <QHash>
#include <QHostAddress>
#include <QHttpServer>
#include <QObject>
#include <QSet>
#include <QTimer>
#include <QWebSocketServer>

#include <map>
#include <optional>
#include <set>

class QHttpServerRequest;
class QHttpServerResponse;
class QWebSocket;

namespace bcf::exchange_sim {

// The Bybit venue of bcf-exchange-sim: Bybit v5 spot's public REST API and WebSocket stream,
// served on loopback from its own synthetic market that moves in real time.
// REST (category=spot only), each answer in Bybit's envelope {"retCode","retMsg","result",
// "retExtInfo","time"}, bad parameters answered retCode 10001 as Bybit does:
//   /v5/market/instruments-info, /v5/market/kline (newest first; start/end/limit ≤ 1000),
//   /v5/market/recent-trade (limit ≤ 60, newest first), /v5/market/orderbook (limit ≤ 200).
// WebSocket /v5/public/spot: {"op":"subscribe"|"unsubscribe","args":[…]} (at most 10 args) with
// Bybit's replies, {"op":"ping"} answered with spot's pong, and the topics kline.<interval>.<S>,
// publicTrade.<S> and orderbook.{50,200}.<S>: a snapshot on subscription, then a delta per
// book change with u growing by one and seq the cross sequence.
// Runs on the thread that owns it.
class BybitSimulator final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BybitSimulator)

public:
    struct Options {
        QHostAddress address = QHostAddress::LocalHost;
        quint16 restPort = 0;     // 0 = any free port
        quint16 webSocketPort = 0;
        quint64 seed = 2;
        int historyMinutes = 3 * 1440;
    };

    explicit BybitSimulator(Options options, QObject *parent = nullptr);
    ~BybitSimulator() override;

    // Binds both ports and starts the market clock; false with *error on failure.
    bool start(QString *error);
    quint16 restPort() const { return m_restPort; }
    quint16 webSocketPort() const { return m_webSocketPort; }
    int connectionCount() const { return static_cast<int>(m_connections.size()); }

    // Test hooks, for the faults a real exchange shows now and then.
    // The next book delta of `symbol` skips one update id (a lost message).
    void skipBookUpdate(const std::string &symbol);
    // Bybit's order book service restarted: every book topic gets a snapshot with u = 1.
    void restartBookService();
    // Closes every WebSocket connection abruptly.
    void dropConnections();
    // The next `count` REST requests are refused as over the rate limit: retCode 10006 with
    // HTTP 200 (an endpoint limit) or, with `ipLimit`, HTTP 403 (the IP limit).
    void rejectRequests(int count, bool ipLimit);
    // Sends `text` as it is to every WebSocket connection (garbage, hand-made messages).
    void broadcast(const QString &text);
    // REST requests answered so far (rejected ones included).
    int requestCount() const { return m_requests; }

private:
    struct Connection {
        QString id;
        QSet<QString> topics;
    };

    void setUpRoutes();
    std::optional<QHttpServerResponse> rejected();
    void acceptSocket();
    void onText(QWebSocket *socket, const QString &text);
    QString validateTopic(const QString &topic) const;   // empty when served
    void sendBookSnapshot(QWebSocket *socket, const QString &topic);
    void publish(const QString &topic, const std::string &payload);
    void tick();

    Options m_options;
    sim::SyntheticMarket m_market;
    QHttpServer m_http;
    QWebSocketServer m_webSockets;
    QTimer m_clock;
    QHash<QWebSocket *, Connection> m_connections;
    std::map<std::string, bybit::BookState> m_books;
    std::set<std::string> m_skipNextUpdate;
    quint16 m_restPort = 0;
    quint16 m_webSocketPort = 0;
    int m_connectionsAccepted = 0;
    int m_rejectRemaining = 0;
    bool m_rejectAsIpLimit = false;
    int m_requests = 0;
};

} // namespace bcf::exchange_sim
