#include "exchange_simulator.h"

#include "binance_writer.h"
#include "sim/replay.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QUrlQuery>
#include <QWebSocket>

#include <algorithm>
#include <cmath>

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

std::vector<sim::SymbolSpec> symbolsFor(const ExchangeSimulator::Options &options)
{
    std::vector<sim::SymbolSpec> symbols = defaultSymbols();
    for (const auto &[symbol, candles] : options.replay) {
        auto known = std::find_if(symbols.begin(), symbols.end(), [&](const auto &spec) {
            return spec.instrument.symbol == symbol;
        });
        if (known != symbols.end())
            *known = sim::replaySymbol(symbol, candles, &*known);
        else
            symbols.push_back(sim::replaySymbol(symbol, candles, nullptr));
    }
    return symbols;
}

// Binance's stream names: the symbol lower case, the stream type as documented (aggTrade,
// kline_1M for months), other types lower case.
QString canonicalStream(const QString &stream)
{
    const qsizetype at = stream.indexOf(QLatin1Char('@'));
    if (at < 0)
        return stream.toLower();
    const QString symbol = stream.left(at).toLower() + QLatin1Char('@');
    const QString type = stream.mid(at + 1);
    if (type.compare(QLatin1String("aggTrade"), Qt::CaseInsensitive) == 0)
        return symbol + QStringLiteral("aggTrade");
    if (type.startsWith(QLatin1String("kline_"), Qt::CaseInsensitive))
        return symbol + QStringLiteral("kline_") + type.mid(6);
    return symbol + type.toLower();
}

QString jsonText(const QJsonValue &value)
{
    const QByteArray array = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(array.mid(1, array.size() - 2));
}

QString resultReply(const QString &result, const QJsonValue &id)
{
    return QStringLiteral("{\"result\":%1,\"id\":%2}").arg(result, jsonText(id));
}

QString errorReply(int code, const QString &message, const QJsonValue &id)
{
    return QStringLiteral("{\"error\":{\"code\":%1,\"msg\":%2},\"id\":%3}")
        .arg(code)
        .arg(jsonText(message), jsonText(id));
}

// Binance accepts a 64-bit integer, an alphanumeric string of at most 36 characters, or null.
bool validRequestId(const QJsonValue &id)
{
    if (id.isNull())
        return true;
    if (id.isDouble()) {
        const double value = id.toDouble();
        return value == std::floor(value) && std::abs(value) < 9.2e18;
    }
    if (id.isString()) {
        const QString text = id.toString();
        return text.size() <= 36
               && std::all_of(text.begin(), text.end(), [](QChar c) {
                      return c.isLetterOrNumber() && c.unicode() < 128;
                  });
    }
    return false;
}

} // namespace

std::vector<sim::SymbolSpec> defaultSymbols()
{
    return {
        {instrument("BTCUSDT", "BTC", "USDT", "0.01", "0.00001", 2, 5), *Price::parse("72000"),
         0.03, 8.0, 50, {}},
        {instrument("ETHUSDT", "ETH", "USDT", "0.01", "0.0001", 2, 4), *Price::parse("3900"),
         0.04, 6.0, 50, {}},
        {instrument("BNBUSDT", "BNB", "USDT", "0.1", "0.001", 1, 3), *Price::parse("560"), 0.035,
         3.0, 50, {}},
        {instrument("SOLUSDT", "SOL", "USDT", "0.01", "0.001", 2, 3), *Price::parse("180"), 0.05,
         4.0, 50, {}},
    };
}

ExchangeSimulator::ExchangeSimulator(Options options, QObject *parent)
    : QObject(parent), m_options(std::move(options)), m_start(wallClock()),
      m_market(symbolsFor(m_options), m_options.seed, m_start, m_options.historyMinutes),
      m_webSockets(QStringLiteral("bcf-exchange-sim"), QWebSocketServer::NonSecureMode)
{
    m_options.replay.clear(); // the market holds the candles now
    std::vector<AccountSpec> accounts = m_options.accounts;
    const AccountSpec demo = demoAccount();
    if (std::none_of(accounts.begin(), accounts.end(),
                     [&](const AccountSpec &account) { return account.apiKey == demo.apiKey; }))
        accounts.push_back(demo);
    m_trading = std::make_unique<SpotTrading>(m_market, std::move(accounts));
    setUpRoutes();
    setUpTradingRoutes();
    connect(&m_webSockets, &QWebSocketServer::newConnection, this,
            &ExchangeSimulator::acceptSocket);
    connect(&m_clock, &QTimer::timeout, this, &ExchangeSimulator::tick);
    connect(&m_pings, &QTimer::timeout, this, &ExchangeSimulator::sendPings);
}

TimePoint ExchangeSimulator::marketClock() const
{
    const auto elapsed = wallClock() - m_start;
    return m_start + std::chrono::duration_cast<std::chrono::milliseconds>(elapsed * m_options.speed);
}

void ExchangeSimulator::sendPings()
{
    for (auto it = m_subscriptions.cbegin(); it != m_subscriptions.cend(); ++it)
        it.key()->ping();
    for (auto it = m_apiSessions.cbegin(); it != m_apiSessions.cend(); ++it)
        it.key()->ping();
}

ExchangeSimulator::~ExchangeSimulator()
{
    // Sockets must not report their disconnection into members that are already gone.
    m_clock.stop();
    const auto sockets = m_subscriptions.keys();
    m_subscriptions.clear();
    const auto apiSockets = m_apiSessions.keys();
    m_apiSessions.clear();
    for (QWebSocket *socket : sockets + apiSockets) {
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
    if (m_options.pingInterval.count() > 0)
        m_pings.start(m_options.pingInterval);
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
    // Server time is the market clock (the wall clock unless Options::speed ≠ 1).
    m_http.route(QStringLiteral("/api/v3/time"), [this, withWeight]() {
        return withWeight(json(R"({"serverTime":)" + std::to_string(toUnixMillis(marketClock()))
                               + "}"),
                          1);
    });
    m_http.route(QStringLiteral("/api/v3/exchangeInfo"), [this, withWeight]() {
        return withWeight(json(exchangeInfoJson(m_market.instruments(),
                                                toUnixMillis(marketClock()))),
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
    // Weight 4 as documented today. Each simulated trade is its own aggregate (a = f = l).
    m_http.route(QStringLiteral("/api/v3/aggTrades"),
                 [this, withWeight, symbolOf](const QHttpServerRequest &request) {
        constexpr int weight = 4;
        const QUrlQuery query = request.query();
        std::string symbol;
        if (!symbolOf(query, symbol))
            return withWeight(binanceError(-1121, "Invalid symbol."), weight);
        std::optional<qint64> values[4]; // fromId, startTime, endTime, limit
        const char *names[4] = {"fromId", "startTime", "endTime", "limit"};
        for (int i = 0; i < 4; ++i) {
            const QString name = QString::fromLatin1(names[i]);
            if (!query.hasQueryItem(name))
                continue;
            bool ok = false;
            const qint64 value = query.queryItemValue(name).toLongLong(&ok);
            if (!ok || value < 0)
                return withWeight(binanceError(-1100, "Illegal characters found in parameter '"
                                                          + std::string(names[i])
                                                          + "'; legal range is '^[0-9]{1,20}$'."),
                                  weight);
            values[i] = value;
        }
        const qint64 limit = values[3].value_or(500);
        if (limit < 1 || limit > 1000)
            return withWeight(binanceError(-1100, "Illegal characters found in parameter 'limit'; legal range is '1' to '1000'."), weight);
        auto time = [](const std::optional<qint64> &millis) {
            return millis ? std::optional<TimePoint>(fromUnixMillis(*millis)) : std::nullopt;
        };
        return withWeight(json(aggTradesJson(m_market.trades(symbol, values[0], time(values[1]),
                                                             time(values[2]),
                                                             static_cast<std::size_t>(limit)))),
                          weight);
    });
}

void ExchangeSimulator::acceptSocket()
{
    while (QWebSocket *socket = m_webSockets.nextPendingConnection()) {
        Subscription subscription;
        const QUrl url = socket->requestUrl();
        const QString path = url.path();
        if (acceptApiSession(socket, path))
            continue;
        QStringList streams;
        if (path == QLatin1String("/ws") || path.startsWith(QLatin1String("/ws/"))) {
            streams = path.mid(3).split(QLatin1Char('/'), Qt::SkipEmptyParts);
        } else if (path == QLatin1String("/stream") || path == QLatin1String("/stream/")) {
            subscription.combined = true;
            streams = QUrlQuery(url).queryItemValue(QStringLiteral("streams"))
                          .split(QLatin1Char('/'), Qt::SkipEmptyParts);
        } else {
            socket->close(QWebSocketProtocol::CloseCodePolicyViolated,
                          tr("Use /ws, /ws/<stream> or /stream?streams=<stream>/<stream>"));
            socket->deleteLater();
            continue;
        }
        for (const QString &stream : streams)
            subscription.streams.insert(canonicalStream(stream));
        m_subscriptions.insert(socket, subscription);
        connect(socket, &QWebSocket::textMessageReceived, this,
                [this, socket](const QString &message) { handleMessage(socket, message); });
        connect(socket, &QWebSocket::disconnected, this, [this, socket] {
            m_subscriptions.remove(socket);
            socket->deleteLater();
        });
    }
}

// Binance's live subscription messages; replies and errors as its WebSocket streams document
// them, the error wrapped as {"error":{"code":…,"msg":…},"id":…}. The socket stays open.
void ExchangeSimulator::handleMessage(QWebSocket *socket, const QString &message)
{
    auto found = m_subscriptions.find(socket);
    if (found == m_subscriptions.end())
        return;
    Subscription &subscription = *found;
    const QByteArray text = message.toUtf8();
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(text, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        const QByteArray before = text.left(parseError.offset);
        const qsizetype line = before.count('\n') + 1;
        const qsizetype column = before.size() - (before.lastIndexOf('\n') + 1) + 1;
        socket->sendTextMessage(errorReply(
            3, QStringLiteral("Invalid JSON: expected value at line %1 column %2").arg(line).arg(column),
            QJsonValue::Null));
        return;
    }
    const QString endColumn = QString::number(text.size());
    if (!document.isObject()) {
        socket->sendTextMessage(errorReply(
            2, QStringLiteral("Invalid request: expected an object at line 1 column %1").arg(endColumn),
            QJsonValue::Null));
        return;
    }
    const QJsonObject request = document.object();
    const QJsonValue id = request.value(QLatin1String("id"));
    if (!validRequestId(id)) {
        socket->sendTextMessage(
            errorReply(2, QStringLiteral("Invalid request: request ID must be an unsigned integer"),
                       QJsonValue::Null));
        return;
    }
    if (!request.contains(QLatin1String("method"))) {
        socket->sendTextMessage(errorReply(
            2, QStringLiteral("Invalid request: missing field `method` at line 1 column %1").arg(endColumn),
            id));
        return;
    }
    const QString method = request.value(QLatin1String("method")).toString();
    const QJsonValue paramsValue = request.value(QLatin1String("params"));
    const QJsonArray params = paramsValue.toArray();

    if (method == QLatin1String("SUBSCRIBE") || method == QLatin1String("UNSUBSCRIBE")) {
        const bool allStrings = paramsValue.isArray()
                                && std::all_of(params.begin(), params.end(),
                                               [](const QJsonValue &v) { return v.isString(); });
        if (!allStrings) {
            socket->sendTextMessage(errorReply(
                2, QStringLiteral("Invalid request: params must be a list of stream names"), id));
            return;
        }
        for (const QJsonValue &stream : params) {
            if (method == QLatin1String("SUBSCRIBE"))
                subscription.streams.insert(canonicalStream(stream.toString()));
            else
                subscription.streams.remove(canonicalStream(stream.toString()));
        }
        socket->sendTextMessage(resultReply(QStringLiteral("null"), id));
    } else if (method == QLatin1String("LIST_SUBSCRIPTIONS")) {
        QStringList streams = subscription.streams.values();
        streams.sort();
        socket->sendTextMessage(resultReply(jsonText(QJsonArray::fromStringList(streams)), id));
    } else if (method == QLatin1String("SET_PROPERTY") || method == QLatin1String("GET_PROPERTY")) {
        const bool set = method == QLatin1String("SET_PROPERTY");
        if (params.isEmpty() || !params.at(0).isString()) {
            socket->sendTextMessage(errorReply(
                2, QStringLiteral("Invalid request: property name must be a string"), id));
        } else if (params.size() > (set ? 2 : 1)) {
            socket->sendTextMessage(
                errorReply(2, QStringLiteral("Invalid request: too many parameters"), id));
        } else if (params.at(0).toString() != QLatin1String("combined")) {
            socket->sendTextMessage(errorReply(0, QStringLiteral("Unknown property"), id));
        } else if (!set) {
            socket->sendTextMessage(resultReply(
                subscription.combined ? QStringLiteral("true") : QStringLiteral("false"), id));
        } else if (params.size() < 2 || !params.at(1).isBool()) {
            socket->sendTextMessage(
                errorReply(1, QStringLiteral("Invalid value type: expected Boolean"), id));
        } else {
            subscription.combined = params.at(1).toBool();
            socket->sendTextMessage(resultReply(QStringLiteral("null"), id));
        }
    } else {
        // Binance's parser reports the column just past the method's value.
        const QByteArray methodText = QJsonDocument(QJsonArray{request.value(QLatin1String("method"))})
                                          .toJson(QJsonDocument::Compact)
                                          .mid(1)
                                          .chopped(1);
        const qsizetype at = text.indexOf(methodText);
        const qsizetype column = at >= 0 ? at + methodText.size() : text.size();
        socket->sendTextMessage(errorReply(
            2,
            QStringLiteral("Invalid request: unknown variant `%1`, expected one of `SUBSCRIBE`, "
                           "`UNSUBSCRIBE`, `LIST_SUBSCRIPTIONS`, `SET_PROPERTY`, `GET_PROPERTY` "
                           "at line 1 column %2")
                .arg(method.isEmpty() ? QString::fromUtf8(methodText) : method)
                .arg(column),
            id));
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
    const TimePoint clock = marketClock();
    m_market.advanceTo(clock, events);
    const long long now = toUnixMillis(clock);
    std::vector<UserEvent> userEvents;
    for (const auto &[symbol, trade] : events.trades)
        m_trading->onMarketTrade(symbol, trade, now, userEvents);
    deliver(userEvents);
    closeExpiredApiSessions();
    for (const auto &[symbol, trade] : events.trades) {
        const QString name = QString::fromStdString(symbol);
        if (!m_subscriptions.isEmpty()) {
            const QString base = name.toLower();
            publish(base + QStringLiteral("@trade"), tradeEventJson(symbol, trade, now));
            publish(base + QStringLiteral("@aggTrade"), aggTradeEventJson(symbol, trade, now));
        }
        emit tradePublished(name, trade.id);
    }
    if (m_subscriptions.isEmpty())
        return;
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
