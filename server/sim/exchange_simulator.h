#pragma once

#include "sim/synthetic_market.h"

#include <QHash>
#include <QHostAddress>
#include <QHttpServer>
#include <QObject>
#include <QSet>
#include <QTimer>
#include <QWebSocketServer>

class QWebSocket;

namespace bcf::exchange_sim {

// bcf-exchange-sim: Binance spot's public REST API and WebSocket streams, served on loopback from
// a synthetic market that moves in real time. REST: /api/v3/ping, time, exchangeInfo, klines,
// depth, trades. WebSocket: /ws/<stream>[/<stream>…] (raw events) and
// /stream?streams=<stream>/<stream> (combined, {"stream":…,"data":…}); streams are
// <symbol>@trade, <symbol>@depth, <symbol>@depth@100ms and <symbol>@kline_<interval>.
// Runs on the thread that owns it.
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
    };

    explicit ExchangeSimulator(Options options, QObject *parent = nullptr);
    ~ExchangeSimulator() override;

    // Binds both ports and starts the market clock; false with *error on failure.
    bool start(QString *error);
    quint16 restPort() const { return m_restPort; }
    quint16 webSocketPort() const { return m_webSocketPort; }

private:
    struct Subscription {
        QSet<QString> streams;
        bool combined = false;
    };

    void tick();
    void acceptSocket();
    void publish(const QString &stream, const std::string &payload);
    void setUpRoutes();
    QByteArray countWeight(int weight);

    Options m_options;
    sim::SyntheticMarket m_market;
    QHttpServer m_http;
    QWebSocketServer m_webSockets;
    QTimer m_clock;
    QHash<QWebSocket *, Subscription> m_subscriptions;
    quint16 m_restPort = 0;
    quint16 m_webSocketPort = 0;
    qint64 m_weightMinute = 0;
    int m_weightUsed = 0;
};

// The default market: a few liquid USDT pairs with realistic tick and lot sizes.
std::vector<sim::SymbolSpec> defaultSymbols();

} // namespace bcf::exchange_sim
