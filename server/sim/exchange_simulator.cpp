#include "exchange_simulator.h"

#include "binance_writer.h"

#include <QDateTime>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QUrlQuery>
#include <QWebSocket>

namespace bcf::exchange_sim {
namespace {

using Status = QHttpServerResponse::StatusCode;

TimePoint wallClock()
{
    return fromUnixMillis(QDateTime::currentMSecsSinceEpoch());
}

QHttpServerResponse json(const std::string &body, Status status = Status::Ok)
{
    return QHttpServerResponse(QByteArrayLiteral("application/json"),
                               QByteArray::fromStdString(body), status);
}

QHttpServerResponse binanceError(int code, const std::string &message)
{
    return json(errorJson(code, message), Status::BadRequest);
}

model::Instrument instrument(const char *symbol, const char *base, const char *quote,
                             const char *tick, const char *lot, int pricePrecision,
                             int quantityPrecision)
{
    return {"binance", symbol, base, quote, *Price::parse(tick), *Quantity::parse(lot),
            *Money::parse("5"), pricePrecision, quantityPrecision};
}

} // namespace

std::vector<sim::SymbolSpec> defaultSymbols()
{
    return {
        {instrument("BTCUSDT", "BTC", "USDT", "0.01", "0.00001", 2, 5), *Price::parse("72000"),
         0.03, 8.0, 50},
        {instrument("ETHUSDT", "ETH", "USDT", "0.01", "0.0001", 2, 4), *Price::parse("3900"),
         0.04, 6.0, 50},
        {instrument("BNBUSDT", "BNB", "USDT", "0.1", "0.001", 1, 3), *Price::parse("560"), 0.035,
         3.0, 50},
        {instrument("SOLUSDT", "SOL", "USDT", "0.01", "0.001", 2, 3), *Price::parse("180"), 0.05,
         4.0, 50},
    };
}

ExchangeSimulator::ExchangeSimulator(Options options, QObject *parent)
    : QObject(parent), m_options(options),
      m_market(defaultSymbols(), options.seed, wallClock(), options.historyMinutes),
      m_webSockets(QStringLiteral("bcf-exchange-sim"), QWebSocketServer::NonSecureMode)
{
    setUpRoutes();
    connect(&m_webSockets, &QWebSocketServer::newConnection, this,
            &ExchangeSimulator::acceptSocket);
    connect(&m_clock, &QTimer::timeout, this, &ExchangeSimulator::tick);
}

ExchangeSimulator::~ExchangeSimulator()
{
    // Sockets must not report their disconnection into members that are already gone.
    m_clock.stop();
    const auto sockets = m_subscriptions.keys();
    m_subscriptions.clear();
    for (QWebSocket *socket : sockets) {
        socket->disconnect(this);
        socket->abort();
        delete socket;
    }
    m_webSockets.close();
}

bool ExchangeSimulator::start(QString *error)
{
    m_restPort = m_http.listen(m_options.address, m_options.restPort);
    if (m_restPort == 0) {
        *error = tr("cannot listen for REST on port %1").arg(m_options.restPort);
        return false;
    }
    if (!m_webSockets.listen(m_options.address, m_options.webSocketPort)) {
        *error = tr("cannot listen for WebSockets on port %1: %2")
                     .arg(m_options.webSocketPort)
                     .arg(m_webSockets.errorString());
        return false;
    }
    m_webSocketPort = m_webSockets.serverPort();
    m_clock.start(std::chrono::milliseconds(100));
    return true;
}

QByteArray ExchangeSimulator::countWeight(int weight)
{
    const qint64 minute = QDateTime::currentMSecsSinceEpoch() / 60'000;
    if (minute != m_weightMinute) {
        m_weightMinute = minute;
        m_weightUsed = 0;
    }
    m_weightUsed += weight;
    return QByteArray::number(m_weightUsed);
}

void ExchangeSimulator::setUpRoutes()
{
    auto withWeight = [this](QHttpServerResponse response, int weight) {
        response.addHeader(QByteArrayLiteral("X-MBX-USED-WEIGHT-1M"), countWeight(weight));
        return response;
    };
    auto symbolOf = [this](const QUrlQuery &query, std::string &symbol) {
        symbol = query.queryItemValue(QStringLiteral("symbol")).toStdString();
        return m_market.has(symbol);
    };

    m_http.route(QStringLiteral("/api/v3/ping"), [withWeight]() {
        return withWeight(json("{}"), 1);
    });
    m_http.route(QStringLiteral("/api/v3/time"), [withWeight]() {
        return withWeight(json(R"({"serverTime":)"
                               + std::to_string(QDateTime::currentMSecsSinceEpoch()) + "}"),
                          1);
    });
    m_http.route(QStringLiteral("/api/v3/exchangeInfo"), [this, withWeight]() {
        return withWeight(json(exchangeInfoJson(m_market.instruments(),
                                                QDateTime::currentMSecsSinceEpoch())),
                          20);
    });
    m_http.route(QStringLiteral("/api/v3/klines"),
                 [this, withWeight, symbolOf](const QHttpServerRequest &request) {
        const QUrlQuery query = request.query();
        std::string symbol;
        if (!symbolOf(query, symbol))
            return withWeight(binanceError(-1121, "Invalid symbol."), 2);
        const auto timeframe = model::parseTimeframe(
            query.queryItemValue(QStringLiteral("interval")).toStdString());
        if (!timeframe)
            return withWeight(binanceError(-1120, "Invalid interval."), 2);
        int limit = query.hasQueryItem(QStringLiteral("limit"))
                        ? query.queryItemValue(QStringLiteral("limit")).toInt()
                        : 500;
        if (limit < 1 || limit > 1000)
            return withWeight(binanceError(-1100, "Illegal characters found in parameter 'limit'; legal range is '1' to '1000'."), 2);
        const qint64 start = query.hasQueryItem(QStringLiteral("startTime"))
                                 ? query.queryItemValue(QStringLiteral("startTime")).toLongLong()
                                 : 0;
        const qint64 end = query.hasQueryItem(QStringLiteral("endTime"))
                               ? query.queryItemValue(QStringLiteral("endTime")).toLongLong() + 1
                               : toUnixMillis(m_market.now()) + 60'000;
        auto candles = m_market.klines(symbol, *timeframe, fromUnixMillis(start),
                                       fromUnixMillis(end), query.hasQueryItem(QStringLiteral("startTime"))
                                                                ? 1'000'000
                                                                : static_cast<std::size_t>(limit));
        // With startTime Binance returns the oldest `limit` candles from it.
        if (candles.size() > static_cast<std::size_t>(limit))
            candles.resize(static_cast<std::size_t>(limit));
        return withWeight(json(klinesJson(candles)), 2);
    });
    m_http.route(QStringLiteral("/api/v3/depth"),
                 [this, withWeight, symbolOf](const QHttpServerRequest &request) {
        const QUrlQuery query = request.query();
        std::string symbol;
        if (!symbolOf(query, symbol))
            return withWeight(binanceError(-1121, "Invalid symbol."), 5);
        const int limit = query.hasQueryItem(QStringLiteral("limit"))
                              ? query.queryItemValue(QStringLiteral("limit")).toInt()
                              : 100;
        if (limit < 1 || limit > 5000)
            return withWeight(binanceError(-1100, "Illegal characters found in parameter 'limit'; legal range is '1' to '5000'."), 5);
        return withWeight(json(depthJson(m_market.book(symbol), static_cast<std::size_t>(limit))),
                          limit <= 100 ? 5 : 25);
    });
    m_http.route(QStringLiteral("/api/v3/trades"),
                 [this, withWeight, symbolOf](const QHttpServerRequest &request) {
        const QUrlQuery query = request.query();
        std::string symbol;
        if (!symbolOf(query, symbol))
            return withWeight(binanceError(-1121, "Invalid symbol."), 25);
        const int limit = query.hasQueryItem(QStringLiteral("limit"))
                              ? query.queryItemValue(QStringLiteral("limit")).toInt()
                              : 500;
        if (limit < 1 || limit > 1000)
            return withWeight(binanceError(-1100, "Illegal characters found in parameter 'limit'; legal range is '1' to '1000'."), 25);
        return withWeight(json(tradesJson(m_market.recentTrades(symbol,
                                                                static_cast<std::size_t>(limit)))),
                          25);
    });
}

void ExchangeSimulator::acceptSocket()
{
    while (QWebSocket *socket = m_webSockets.nextPendingConnection()) {
        Subscription subscription;
        const QUrl url = socket->requestUrl();
        const QString path = url.path();
        QStringList streams;
        if (path.startsWith(QStringLiteral("/ws/"))) {
            streams = path.mid(4).split(QLatin1Char('/'), Qt::SkipEmptyParts);
        } else if (path == QStringLiteral("/stream")) {
            subscription.combined = true;
            streams = QUrlQuery(url).queryItemValue(QStringLiteral("streams"))
                          .split(QLatin1Char('/'), Qt::SkipEmptyParts);
        }
        if (streams.isEmpty()) {
            socket->close(QWebSocketProtocol::CloseCodePolicyViolated,
                          tr("Use /ws/<stream> or /stream?streams=<stream>/<stream>"));
            socket->deleteLater();
            continue;
        }
        for (const QString &stream : streams)
            subscription.streams.insert(stream.toLower());
        m_subscriptions.insert(socket, subscription);
        connect(socket, &QWebSocket::disconnected, this, [this, socket] {
            m_subscriptions.remove(socket);
            socket->deleteLater();
        });
    }
}

void ExchangeSimulator::publish(const QString &stream, const std::string &payload)
{
    QString raw;
    QString combined;
    for (auto it = m_subscriptions.cbegin(); it != m_subscriptions.cend(); ++it) {
        if (!it->streams.contains(stream))
            continue;
        if (it->combined) {
            if (combined.isEmpty())
                combined = QStringLiteral("{\"stream\":\"%1\",\"data\":%2}")
                               .arg(stream, QString::fromStdString(payload));
            it.key()->sendTextMessage(combined);
        } else {
            if (raw.isEmpty())
                raw = QString::fromStdString(payload);
            it.key()->sendTextMessage(raw);
        }
    }
}

void ExchangeSimulator::tick()
{
    sim::MarketEvents events;
    m_market.advanceTo(wallClock(), events);
    if (m_subscriptions.isEmpty())
        return;
    const long long now = QDateTime::currentMSecsSinceEpoch();
    for (const auto &[symbol, trade] : events.trades) {
        const QString stream = QString::fromStdString(symbol).toLower() + QStringLiteral("@trade");
        publish(stream, tradeEventJson(symbol, trade, now));
    }
    for (const auto &diff : events.diffs) {
        const QString base = QString::fromStdString(diff.symbol).toLower();
        const std::string payload = depthEventJson(diff);
        publish(base + QStringLiteral("@depth"), payload);
        publish(base + QStringLiteral("@depth@100ms"), payload);
    }
    for (const auto &[symbol, candle] : events.candles) {
        const QString base = QString::fromStdString(symbol).toLower() + QStringLiteral("@kline_");
        for (const model::Timeframe timeframe : model::kAllTimeframes) {
            const QString stream = base + QString::fromLatin1(model::timeframeName(timeframe));
            bool wanted = false;
            for (const auto &subscription : std::as_const(m_subscriptions))
                wanted = wanted || subscription.streams.contains(stream);
            if (!wanted)
                continue;
            const TimePoint start = model::bucketStart(timeframe, candle.openTime);
            const auto current = m_market.klines(symbol, timeframe, start,
                                                 candle.openTime + std::chrono::minutes(1), 1);
            if (!current.empty())
                publish(stream, klineEventJson(symbol, current.back(), now));
        }
    }
}

} // namespace bcf::exchange_sim
