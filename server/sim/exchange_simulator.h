#pragma once

#include "sim/synthetic_market.h"
#include "spot_trading.h"

#include <QHash>
#include <QHostAddress>
#include <QHttpServer>
#include <QObject>
#include <QSet>
#include <QTimer>
#include <QWebSocketServer>

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

class QWebSocket;

namespace bcf::exchange_sim {

// bcf-exchange-sim: Binance spot's public REST API and WebSocket streams, served on loopback from
// a synthetic market that moves in real time, or from kline files replayed (Options::replay).
// REST: /api/v3/ping, time, exchangeInfo, klines, depth, trades, aggTrades. WebSocket: /ws,
// /ws/<stream>[/<stream>…] (raw events) and /stream[?streams=<stream>/<stream>] (combined,
// {"stream":…,"data":…}); streams are <symbol>@trade, <symbol>@aggTrade, <symbol>@depth,
// <symbol>@depth@100ms and <symbol>@kline_<interval>. Sockets take Binance's live
// SUBSCRIBE / UNSUBSCRIBE / LIST_SUBSCRIPTIONS / SET_PROPERTY / GET_PROPERTY messages and get a
// ping frame every Options::pingInterval.
// Trading (docs/exchange-simulator.md): test accounts (Options::accounts plus the demo account),
// SIGNED order endpoints POST/DELETE/GET /api/v3/order, GET/DELETE /api/v3/openOrders,
// GET /api/v3/allOrders, /api/v3/account, /api/v3/myTrades, and the user data stream on the
// WebSocket API (/ws-api/v3 on the WebSocket port: userDataStream.subscribe.signature, then
// executionReport and outboundAccountPosition events). Runs on the thread that owns it.
class ExchangeSimulator final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExchangeSimulator)

public:
    struct Options {
        QHostAddress address = QHostAddress::LocalHost;
        quint16 restPort = 0;     // 0 = any free port
        quint16 webSocketPort = 0;
        quint64 seed = 1;
        int historyMinutes = 3 * 1440;
        // Market clock rate: 1 = real time, N = N market seconds a second (replay speed).
        double speed = 1.0;
        // A WebSocket ping frame to every socket this often (Binance: 20 s).
        std::chrono::milliseconds pingInterval{20'000};
        // Symbols played from 1m candles (sim::loadKlineCsv) instead of the synthetic process;
        // a default symbol of the same name is replaced, others are added.
        std::map<std::string, std::vector<model::Candle>> replay;
        // Trading accounts; the demo account (demoAccount()) is always added after these unless
        // one of them uses its API key.
        std::vector<AccountSpec> accounts;
        // A WebSocket API connection is closed this long after it opened (Binance: 24 hours).
        std::chrono::milliseconds apiSessionLifetime{24 * 60 * 60'000};
    };

    explicit ExchangeSimulator(Options options, QObject *parent = nullptr);
    ~ExchangeSimulator() override;

    // Binds both ports and starts the market clock; false with *error on failure.
    bool start(QString *error);
    quint16 restPort() const { return m_restPort; }
    quint16 webSocketPort() const { return m_webSocketPort; }

signals:
    // A trade's @trade and @aggTrade events have just been handed to every subscribed socket
    // (emitted for every trade, subscribed or not). `symbol` is upper case.
    void tradePublished(const QString &symbol, qint64 tradeId);

private:
    struct Subscription {
        QSet<QString> streams;
        bool combined = false;
    };

    void tick();
    void sendPings();
    void acceptSocket();
    void handleMessage(QWebSocket *socket, const QString &message);
    TimePoint marketClock() const;
    void publish(const QString &stream, const std::string &payload);
    void setUpRoutes();
    void setUpTradingRoutes();
    QByteArray countWeight(int weight);
    // Hands user data stream events to the WebSocket API subscriptions of their accounts.
    void deliver(const std::vector<UserEvent> &events);
    bool acceptApiSession(QWebSocket *socket, const QString &path);
    void handleApiRequest(QWebSocket *socket, const QString &message);
    void closeExpiredApiSessions();

    // A WebSocket API connection: its user data stream subscriptions (subscriptionId → account).
    struct ApiSession {
        std::map<std::int64_t, std::uint64_t> subscriptions;
        std::int64_t nextSubscriptionId = 0;
        qint64 openedAtMs = 0; // wall clock
    };

    Options m_options;
    TimePoint m_start; // wall clock when the market started; the market clock runs from it
    sim::SyntheticMarket m_market;
    std::unique_ptr<SpotTrading> m_trading;
    QHash<QWebSocket *, ApiSession> m_apiSessions;
    QHttpServer m_http;
    QWebSocketServer m_webSockets;
    QTimer m_clock;
    QTimer m_pings;
    QHash<QWebSocket *, Subscription> m_subscriptions;
    quint16 m_restPort = 0;
    quint16 m_webSocketPort = 0;
    qint64 m_weightMinute = 0;
    int m_weightUsed = 0;
};

// The default market: a few liquid USDT pairs with realistic tick and lot sizes.
std::vector<sim::SymbolSpec> defaultSymbols();

} // namespace bcf::exchange_sim
