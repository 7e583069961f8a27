#include "bybit_simulator.h"

#include "exchange_simulator.h"

#include <QDateTime>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>
#include <QWebSocket>

#include <limits>

namespace bcf::exchange_sim {
namespace {

using Status = QHttpServerResponse::StatusCode;

constexpr int kParameterError = 10001;
constexpr int kRateLimited = 10006;
constexpr int kMaxArgs = 10;

long long nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

TimePoint wallClock()
{
    return fromUnixMillis(nowMs());
}

QHttpServerResponse json(const std::string &body, Status status = Status::Ok)
{
    return QHttpServerResponse(QByteArrayLiteral("application/json"),
                               QByteArray::fromStdString(body), status);
}

// Bybit answers bad parameters with HTTP 200 and a retCode.
QHttpServerResponse failure(int retCode, const std::string &message)
{
    return json(bybit::errorJson(retCode, message, nowMs()));
}

std::optional<model::Timeframe> timeframeOf(const QString &interval)
{
    static const std::map<QString, model::Timeframe> kIntervals = {
        {QStringLiteral("1"), model::Timeframe::M1},
        {QStringLiteral("3"), model::Timeframe::M3},
        {QStringLiteral("5"), model::Timeframe::M5},
        {QStringLiteral("15"), model::Timeframe::M15},
        {QStringLiteral("30"), model::Timeframe::M30},
        {QStringLiteral("60"), model::Timeframe::H1},
        {QStringLiteral("120"), model::Timeframe::H2},
        {QStringLiteral("240"), model::Timeframe::H4},
        {QStringLiteral("360"), model::Timeframe::H6},
        {QStringLiteral("720"), model::Timeframe::H12},
        {QStringLiteral("D"), model::Timeframe::D1},
        {QStringLiteral("W"), model::Timeframe::W1},
        {QStringLiteral("M"), model::Timeframe::Mo1},
    };
    const auto found = kIntervals.find(interval);
    if (found == kIntervals.end())
        return std::nullopt;
    return found->second;
}

// An integer query parameter within [low, high], `fallback` when absent; nullopt when invalid.
std::optional<qint64> integerParameter(const QUrlQuery &query, const QString &name, qint64 fallback,
                                       qint64 low, qint64 high)
{
    if (!query.hasQueryItem(name))
        return fallback;
    bool ok = false;
    const qint64 value = query.queryItemValue(name).toLongLong(&ok);
    if (!ok || value < low || value > high)
        return std::nullopt;
    return value;
}

} // namespace

BybitSimulator::BybitSimulator(Options options, QObject *parent)
    : QObject(parent), m_options(options),
      m_market(defaultSymbols(), options.seed, wallClock(), options.historyMinutes),
      m_webSockets(QStringLiteral("bcf-exchange-sim bybit"), QWebSocketServer::NonSecureMode)
{
    for (const auto &instrument : m_market.instruments())
        m_books[instrument.symbol] = {1, m_market.book(instrument.symbol).lastUpdateId()};
    setUpRoutes();
    connect(&m_webSockets, &QWebSocketServer::newConnection, this, &BybitSimulator::acceptSocket);
    connect(&m_clock, &QTimer::timeout, this, &BybitSimulator::tick);
}

BybitSimulator::~BybitSimulator()
{
    m_clock.stop();
    const auto sockets = m_connections.keys();
    m_connections.clear();
    for (QWebSocket *socket : sockets) {
        socket->disconnect(this);
        socket->abort();
        delete socket;
    }
    m_webSockets.close();
}

bool BybitSimulator::start(QString *error)
{
    m_restPort = m_http.listen(m_options.address, m_options.restPort);
    if (m_restPort == 0) {
        *error = tr("cannot listen for Bybit REST on port %1").arg(m_options.restPort);
        return false;
    }
    if (!m_webSockets.listen(m_options.address, m_options.webSocketPort)) {
        *error = tr("cannot listen for Bybit WebSockets on port %1: %2")
                     .arg(m_options.webSocketPort)
                     .arg(m_webSockets.errorString());
        return false;
    }
    m_webSocketPort = m_webSockets.serverPort();
    m_clock.start(std::chrono::milliseconds(100));
    return true;
}

void BybitSimulator::skipBookUpdate(const std::string &symbol)
{
    m_skipNextUpdate.insert(symbol);
}

void BybitSimulator::restartBookService()
{
    for (auto &[symbol, state] : m_books)
        state.updateId = 1;
    for (auto it = m_connections.cbegin(); it != m_connections.cend(); ++it) {
        for (const QString &topic : it->topics) {
            if (topic.startsWith(QStringLiteral("orderbook.")))
                sendBookSnapshot(it.key(), topic);
        }
    }
}

void BybitSimulator::dropConnections()
{
    const auto sockets = m_connections.keys();
    for (QWebSocket *socket : sockets)
        socket->abort();
}

void BybitSimulator::broadcast(const QString &text)
{
    for (auto it = m_connections.cbegin(); it != m_connections.cend(); ++it)
        it.key()->sendTextMessage(text);
}

void BybitSimulator::rejectRequests(int count, bool ipLimit)
{
    m_rejectRemaining = count;
    m_rejectAsIpLimit = ipLimit;
}

std::optional<QHttpServerResponse> BybitSimulator::rejected()
{
    ++m_requests;
    if (m_rejectRemaining <= 0)
        return std::nullopt;
    --m_rejectRemaining;
    if (m_rejectAsIpLimit)
        return QHttpServerResponse(QByteArrayLiteral("text/plain"),
                                   QByteArrayLiteral("access too frequent"), Status::Forbidden);
    QHttpServerResponse response = failure(kRateLimited, "Too many visits!");
    response.addHeader(QByteArrayLiteral("X-Bapi-Limit"), QByteArrayLiteral("20"));
    response.addHeader(QByteArrayLiteral("X-Bapi-Limit-Status"), QByteArrayLiteral("0"));
    response.addHeader(QByteArrayLiteral("X-Bapi-Limit-Reset-Timestamp"),
                       QByteArray::number(nowMs() + 500));
    return response;
}

void BybitSimulator::setUpRoutes()
{
    // Every endpoint wants category=spot and most a known symbol; the error texts are Bybit's.
    auto checkCategory = [](const QUrlQuery &query) {
        return query.queryItemValue(QStringLiteral("category")) == QStringLiteral("spot");
    };
    auto symbolOf = [this](const QUrlQuery &query, std::string &symbol) {
        symbol = query.queryItemValue(QStringLiteral("symbol")).toStdString();
        return m_market.has(symbol);
    };

    m_http.route(QStringLiteral("/v5/market/time"), [this]() {
        if (auto refused = rejected())
            return std::move(*refused);
        const long long now = nowMs();
        return json(R"({"retCode":0,"retMsg":"OK","result":{"timeSecond":")"
                    + std::to_string(now / 1000) + R"(","timeNano":")"
                    + std::to_string(now * 1'000'000) + R"("},"retExtInfo":{},"time":)"
                    + std::to_string(now) + "}");
    });
    m_http.route(QStringLiteral("/v5/market/instruments-info"),
                 [this, checkCategory](const QHttpServerRequest &request) {
        if (auto refused = rejected())
            return std::move(*refused);
        const QUrlQuery query = request.query();
        if (!checkCategory(query))
            return failure(kParameterError, "Illegal category");
        auto instruments = m_market.instruments();
        if (query.hasQueryItem(QStringLiteral("symbol"))) {
            const std::string wanted = query.queryItemValue(QStringLiteral("symbol")).toStdString();
            std::erase_if(instruments, [&](const auto &one) { return one.symbol != wanted; });
        }
        return json(bybit::instrumentsJson(instruments, nowMs()));
    });
    m_http.route(QStringLiteral("/v5/market/kline"),
                 [this, checkCategory, symbolOf](const QHttpServerRequest &request) {
        if (auto refused = rejected())
            return std::move(*refused);
        const QUrlQuery query = request.query();
        if (!checkCategory(query))
            return failure(kParameterError, "Illegal category");
        std::string symbol;
        if (!symbolOf(query, symbol))
            return failure(kParameterError, "Not supported symbols");
        const auto timeframe = timeframeOf(query.queryItemValue(QStringLiteral("interval")));
        if (!timeframe)
            return failure(kParameterError, "Invalid period!");
        const auto limit = integerParameter(query, QStringLiteral("limit"), 200, 1, 1000);
        const auto start = integerParameter(query, QStringLiteral("start"), 0, 0,
                                            std::numeric_limits<qint64>::max());
        const auto end = integerParameter(query, QStringLiteral("end"),
                                          toUnixMillis(m_market.now()) + 60'000, 0,
                                          std::numeric_limits<qint64>::max());
        if (!limit || !start || !end)
            return failure(kParameterError, "params error: limit, start or end is invalid");
        // The newest `limit` candles with a start time in [start, end].
        const auto candles = m_market.klines(symbol, *timeframe, fromUnixMillis(*start),
                                             fromUnixMillis(*end + 1),
                                             static_cast<std::size_t>(*limit));
        return json(bybit::klinesJson(symbol, candles, nowMs()));
    });
    m_http.route(QStringLiteral("/v5/market/recent-trade"),
                 [this, checkCategory, symbolOf](const QHttpServerRequest &request) {
        if (auto refused = rejected())
            return std::move(*refused);
        const QUrlQuery query = request.query();
        if (!checkCategory(query))
            return failure(kParameterError, "Illegal category");
        std::string symbol;
        if (!symbolOf(query, symbol))
            return failure(kParameterError, "Not supported symbols");
        const auto limit = integerParameter(query, QStringLiteral("limit"), 60, 1, 60);
        if (!limit)
            return failure(kParameterError, "params error: limit is invalid");
        return json(bybit::recentTradesJson(
            symbol, m_market.recentTrades(symbol, static_cast<std::size_t>(*limit)), nowMs()));
    });
    m_http.route(QStringLiteral("/v5/market/orderbook"),
                 [this, checkCategory, symbolOf](const QHttpServerRequest &request) {
        if (auto refused = rejected())
            return std::move(*refused);
        const QUrlQuery query = request.query();
        if (!checkCategory(query))
            return failure(kParameterError, "Illegal category");
        std::string symbol;
        if (!symbolOf(query, symbol))
            return failure(kParameterError, "Not supported symbols");
        const auto limit = integerParameter(query, QStringLiteral("limit"), 1, 1, 200);
        if (!limit)
            return failure(kParameterError, "params error: limit is invalid");
        return json(bybit::orderbookJson(symbol, m_market.book(symbol),
                                         static_cast<std::size_t>(*limit), m_books[symbol],
                                         nowMs()));
    });
}

void BybitSimulator::acceptSocket()
{
    while (QWebSocket *socket = m_webSockets.nextPendingConnection()) {
        if (socket->requestUrl().path() != QStringLiteral("/v5/public/spot")) {
            socket->close(QWebSocketProtocol::CloseCodePolicyViolated,
                          tr("Use /v5/public/spot"));
            socket->deleteLater();
            continue;
        }
        m_connections.insert(socket,
                             {QStringLiteral("sim-bybit-%1").arg(++m_connectionsAccepted), {}});
        connect(socket, &QWebSocket::textMessageReceived, this,
                [this, socket](const QString &text) { onText(socket, text); });
        connect(socket, &QWebSocket::disconnected, this, [this, socket] {
            m_connections.remove(socket);
            socket->deleteLater();
        });
    }
}

QString BybitSimulator::validateTopic(const QString &topic) const
{
    const QStringList parts = topic.split(QLatin1Char('.'));
    auto known = [this](const QString &symbol) { return m_market.has(symbol.toStdString()); };
    bool served = false;
    if (parts.size() == 2 && parts[0] == QStringLiteral("publicTrade"))
        served = known(parts[1]);
    else if (parts.size() == 3 && parts[0] == QStringLiteral("kline"))
        served = timeframeOf(parts[1]).has_value() && known(parts[2]);
    else if (parts.size() == 3 && parts[0] == QStringLiteral("orderbook"))
        served = (parts[1] == QStringLiteral("50") || parts[1] == QStringLiteral("200"))
                 && known(parts[2]);
    return served ? QString() : QStringLiteral("error:handler not found,topic:") + topic;
}

void BybitSimulator::onText(QWebSocket *socket, const QString &text)
{
    const auto found = m_connections.find(socket);
    if (found == m_connections.end())
        return;
    const QString connectionId = found->id;
    auto reply = [socket, &connectionId](bool success, const QString &message,
                                         const QString &requestId, const QString &op) {
        socket->sendTextMessage(QString::fromStdString(bybit::operationReplyJson(
            success, message.toStdString(), connectionId.toStdString(), requestId.toStdString(),
            op.toStdString())));
    };
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8());
    const QJsonObject request = document.object();
    const QString op = request.value(QStringLiteral("op")).toString();
    const QString requestId = request.value(QStringLiteral("req_id")).toString();
    if (!document.isObject() || op.isEmpty())
        return reply(false, QStringLiteral("error:request not json or no op"), requestId, op);
    if (op == QStringLiteral("ping")) {
        socket->sendTextMessage(QString::fromStdString(
            bybit::pongJson(connectionId.toStdString(), requestId.toStdString())));
        return;
    }
    if (op != QStringLiteral("subscribe") && op != QStringLiteral("unsubscribe"))
        return reply(false, QStringLiteral("error:op not found"), requestId, op);

    const QJsonArray args = request.value(QStringLiteral("args")).toArray();
    if (args.isEmpty())
        return reply(false, QStringLiteral("error:args is empty"), requestId, op);
    if (args.size() > kMaxArgs)
        return reply(false, QStringLiteral("error:args size >%1").arg(kMaxArgs), requestId, op);
    QStringList topics;
    for (const auto &arg : args) {
        const QString topic = arg.toString();
        if (op == QStringLiteral("subscribe")) {
            if (const QString error = validateTopic(topic); !error.isEmpty())
                return reply(false, error, requestId, op);
            if (found->topics.contains(topic))
                return reply(false, QStringLiteral("error:already subscribed,topic:") + topic,
                             requestId, op);
        }
        topics << topic;
    }
    if (op == QStringLiteral("unsubscribe")) {
        for (const QString &topic : std::as_const(topics))
            found->topics.remove(topic);
        return reply(true, QString(), requestId, op);
    }
    for (const QString &topic : std::as_const(topics))
        found->topics.insert(topic);
    reply(true, QStringLiteral("subscribe"), requestId, op);
    // "Once you have subscribed successfully, you will receive a snapshot."
    for (const QString &topic : std::as_const(topics)) {
        if (topic.startsWith(QStringLiteral("orderbook.")))
            sendBookSnapshot(socket, topic);
    }
}

void BybitSimulator::sendBookSnapshot(QWebSocket *socket, const QString &topic)
{
    const std::string symbol = topic.section(QLatin1Char('.'), 2).toStdString();
    const auto depth = static_cast<std::size_t>(topic.section(QLatin1Char('.'), 1, 1).toInt());
    const model::OrderBook &book = m_market.book(symbol);
    socket->sendTextMessage(QString::fromStdString(
        bybit::bookMessageJson(topic.toStdString(), symbol, true, book.bids(depth),
                               book.asks(depth), m_books[symbol], nowMs())));
}

void BybitSimulator::publish(const QString &topic, const std::string &payload)
{
    QString text;
    for (auto it = m_connections.cbegin(); it != m_connections.cend(); ++it) {
        if (!it->topics.contains(topic))
            continue;
        if (text.isEmpty())
            text = QString::fromStdString(payload);
        it.key()->sendTextMessage(text);
    }
}

void BybitSimulator::tick()
{
    sim::MarketEvents events;
    m_market.advanceTo(wallClock(), events);
    const long long now = nowMs();
    // Book ids advance whether anyone listens or not, so REST and stream agree.
    for (const auto &diff : events.diffs) {
        auto &state = m_books[diff.symbol];
        state.updateId += m_skipNextUpdate.erase(diff.symbol) > 0 ? 2 : 1;
        state.sequence = diff.finalUpdateId;
        if (m_connections.isEmpty())
            continue;
        for (const char *depth : {"50", "200"}) {
            const std::string topic = std::string("orderbook.") + depth + "." + diff.symbol;
            publish(QString::fromStdString(topic),
                    bybit::bookMessageJson(topic, diff.symbol, false, diff.bids, diff.asks,
                                           state, now));
        }
    }
    if (m_connections.isEmpty())
        return;
    // One publicTrade message per symbol and tick, trades in the order they matched.
    std::map<std::string, std::vector<model::Trade>> trades;
    for (const auto &[symbol, trade] : events.trades)
        trades[symbol].push_back(trade);
    for (const auto &[symbol, list] : trades) {
        publish(QStringLiteral("publicTrade.") + QString::fromStdString(symbol),
                bybit::tradeMessageJson(symbol, list, now));
    }
    for (const auto &[symbol, candle] : events.candles) {
        const QString topic = QStringLiteral("kline.1.") + QString::fromStdString(symbol);
        publish(topic, bybit::klineMessageJson(topic.toStdString(), candle, "1", now));
        // Longer intervals, for whoever asked: the bar containing this minute, aggregated.
        for (const char *interval : {"3", "5", "15", "30", "60", "120", "240", "360", "720", "D",
                                     "W", "M"}) {
            const QString longer = QStringLiteral("kline.%1.").arg(QLatin1String(interval))
                                   + QString::fromStdString(symbol);
            bool wanted = false;
            for (const auto &connection : std::as_const(m_connections))
                wanted = wanted || connection.topics.contains(longer);
            if (!wanted)
                continue;
            const auto timeframe = *timeframeOf(QLatin1String(interval));
            const auto current = m_market.klines(symbol, timeframe,
                                                 model::bucketStart(timeframe, candle.openTime),
                                                 candle.openTime + std::chrono::minutes(1), 1);
            if (!current.empty())
                publish(longer, bybit::klineMessageJson(longer.toStdString(), current.back(),
                                                        interval, now));
        }
    }
}

} // namespace bcf::exchange_sim
