// The trading half of ExchangeSimulator: the SIGNED order and account endpoints and the user data
// stream (docs/exchange-simulator.md). SpotTrading does the trading; this file does HTTP, the
// signature check's inputs, request weights and the user data stream's sockets.
#include "exchange_simulator.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QWebSocket>

#include <limits>

namespace bcf::exchange_sim {
namespace {

using Status = QHttpServerResponse::StatusCode;
using Method = QHttpServerRequest::Method;

QHttpServerResponse toResponse(const Reply &reply)
{
    return QHttpServerResponse(QByteArrayLiteral("application/json"),
                               QByteArray::fromStdString(reply.body),
                               static_cast<Status>(reply.httpStatus));
}

std::string apiKeyOf(const QHttpServerRequest &request)
{
    for (const auto &[name, value] : request.headers())
        if (name.compare(QByteArrayLiteral("X-MBX-APIKEY"), Qt::CaseInsensitive) == 0)
            return value.trimmed().toStdString();
    return {};
}

QString decode(QByteArray text)
{
    text.replace('+', ' ');
    return QUrl::fromPercentEncoding(text);
}

// The request's parameters (query string and form body) and Binance's totalParams: the query
// string, then the body, each as sent with its signature item left out.
struct RequestParams {
    SpotTrading::Params params;
    std::string totalParams;
};

RequestParams paramsOf(const QHttpServerRequest &request)
{
    RequestParams out;
    for (const QByteArray &part : {request.url().query(QUrl::FullyEncoded).toUtf8(), request.body()}) {
        QByteArrayList kept;
        for (const QByteArray &item : part.split('&')) {
            if (item.isEmpty())
                continue;
            const qsizetype equals = item.indexOf('=');
            const QString name = decode(equals < 0 ? item : item.left(equals));
            const QString value = equals < 0 ? QString() : decode(item.mid(equals + 1));
            out.params[name.toStdString()] = value.toStdString();
            if (name != QLatin1String("signature"))
                kept.append(item);
        }
        out.totalParams += kept.join('&').toStdString();
    }
    return out;
}

} // namespace

void ExchangeSimulator::setUpTradingRoutes()
{
    // Binance's request weights (spot, 2024).
    const auto respond = [this](const Reply &reply, int weight) {
        QHttpServerResponse response = toResponse(reply);
        response.addHeader(QByteArrayLiteral("X-MBX-USED-WEIGHT-1M"), countWeight(weight));
        return response;
    };
    // Authenticates a SIGNED request, then runs `call` with the account and parameters.
    const auto signedCall = [this, respond](const QHttpServerRequest &request, int weight,
                                            auto call) {
        const RequestParams in = paramsOf(request);
        const long long now = toUnixMillis(marketClock());
        // The client's timestamp is wall-clock time, as on Binance, even when the market runs
        // faster (--speed): recvWindow is checked against the wall clock.
        const auto account = m_trading->authenticate(apiKeyOf(request), in.totalParams, in.params,
                                                     QDateTime::currentMSecsSinceEpoch());
        if (const auto *error = std::get_if<Reply>(&account))
            return respond(*error, weight);
        std::vector<UserEvent> events;
        const Reply reply = call(std::get<std::uint64_t>(account), in.params, now, events);
        deliver(events);
        return respond(reply, weight);
    };
    const auto notAllowed = [respond](int weight) {
        return respond(errorReply(-1000, "An unknown error occurred while processing the request."
                                         " (method not supported)"),
                       weight);
    };

    m_http.route(QStringLiteral("/api/v3/order"), [this, signedCall, notAllowed](const QHttpServerRequest &request) {
        using Params = SpotTrading::Params;
        switch (request.method()) {
        case Method::Post:
            return signedCall(request, 1, [this](std::uint64_t account, const Params &params,
                                                 long long now, std::vector<UserEvent> &events) {
                return m_trading->newOrder(account, params, now, events);
            });
        case Method::Delete:
            return signedCall(request, 1, [this](std::uint64_t account, const Params &params,
                                                 long long now, std::vector<UserEvent> &events) {
                return m_trading->cancelOrder(account, params, now, events);
            });
        case Method::Get:
            return signedCall(request, 4, [this](std::uint64_t account, const Params &params,
                                                 long long, std::vector<UserEvent> &) {
                return m_trading->queryOrder(account, params);
            });
        default:
            return notAllowed(1);
        }
    });
    // Order lists: OCO only (POST orderList/oco); cancel and query by list id or client id.
    m_http.route(QStringLiteral("/api/v3/orderList/oco"), [this, signedCall, notAllowed](const QHttpServerRequest &request) {
        if (request.method() != Method::Post)
            return notAllowed(1);
        return signedCall(request, 1, [this](std::uint64_t account, const SpotTrading::Params &params,
                                             long long now, std::vector<UserEvent> &events) {
            return m_trading->newOrderListOco(account, params, now, events);
        });
    });
    m_http.route(QStringLiteral("/api/v3/orderList"), [this, signedCall, notAllowed](const QHttpServerRequest &request) {
        using Params = SpotTrading::Params;
        switch (request.method()) {
        case Method::Delete:
            return signedCall(request, 1, [this](std::uint64_t account, const Params &params,
                                                 long long now, std::vector<UserEvent> &events) {
                return m_trading->cancelOrderList(account, params, now, events);
            });
        case Method::Get:
            return signedCall(request, 4, [this](std::uint64_t account, const Params &params,
                                                 long long, std::vector<UserEvent> &) {
                return m_trading->queryOrderList(account, params);
            });
        default:
            return notAllowed(1);
        }
    });
    m_http.route(QStringLiteral("/api/v3/openOrders"), [this, signedCall, notAllowed](const QHttpServerRequest &request) {
        using Params = SpotTrading::Params;
        if (request.method() == Method::Delete)
            return signedCall(request, 1, [this](std::uint64_t account, const Params &params,
                                                 long long now, std::vector<UserEvent> &events) {
                return m_trading->cancelOpenOrders(account, params, now, events);
            });
        if (request.method() != Method::Get)
            return notAllowed(1);
        const int weight = request.query().hasQueryItem(QStringLiteral("symbol")) ? 6 : 80;
        return signedCall(request, weight, [this](std::uint64_t account, const Params &params,
                                                  long long, std::vector<UserEvent> &) {
            return m_trading->openOrders(account, params);
        });
    });
    m_http.route(QStringLiteral("/api/v3/allOrders"), [this, signedCall](const QHttpServerRequest &request) {
        return signedCall(request, 20, [this](std::uint64_t account, const SpotTrading::Params &params,
                                              long long, std::vector<UserEvent> &) {
            return m_trading->allOrders(account, params);
        });
    });
    m_http.route(QStringLiteral("/api/v3/account"), [this, signedCall](const QHttpServerRequest &request) {
        return signedCall(request, 20, [this](std::uint64_t account, const SpotTrading::Params &,
                                              long long now, std::vector<UserEvent> &) {
            return m_trading->accountInformation(account, now);
        });
    });
    // What the API key itself may do (Binance's /sapi/v1/account/apiRestrictions).
    m_http.route(QStringLiteral("/sapi/v1/account/apiRestrictions"), [this, signedCall](const QHttpServerRequest &request) {
        return signedCall(request, 1, [this](std::uint64_t account, const SpotTrading::Params &,
                                             long long, std::vector<UserEvent> &) {
            return m_trading->apiRestrictions(account);
        });
    });
    m_http.route(QStringLiteral("/api/v3/myTrades"), [this, signedCall](const QHttpServerRequest &request) {
        return signedCall(request, 20, [this](std::uint64_t account, const SpotTrading::Params &params,
                                              long long, std::vector<UserEvent> &) {
            return m_trading->myTrades(account, params);
        });
    });
}

bool ExchangeSimulator::acceptApiSession(QWebSocket *socket, const QString &path)
{
    if (path != QLatin1String("/ws-api/v3"))
        return false;
    m_apiSessions.insert(socket, ApiSession{{}, 0, QDateTime::currentMSecsSinceEpoch()});
    connect(socket, &QWebSocket::textMessageReceived, this,
            [this, socket](const QString &message) { handleApiRequest(socket, message); });
    connect(socket, &QWebSocket::disconnected, this, [this, socket] {
        m_apiSessions.remove(socket);
        socket->deleteLater();
    });
    return true;
}

// Binance's WebSocket API, the part a user data stream needs: userDataStream.subscribe.signature,
// userDataStream.unsubscribe, session.subscriptions, ping and time. Every answer is
// {"id":…,"status":200,"result":…,"rateLimits":[…]} or {"id":…,"status":4xx,"error":{"code":…,
// "msg":…},"rateLimits":[…]}, the id echoed as sent.
void ExchangeSimulator::handleApiRequest(QWebSocket *socket, const QString &message)
{
    auto session = m_apiSessions.find(socket);
    if (session == m_apiSessions.end())
        return;
    const QJsonObject request = QJsonDocument::fromJson(message.toUtf8()).object();
    const QJsonValue id = request.value(QLatin1String("id"));
    const QString method = request.value(QLatin1String("method")).toString();
    const QJsonObject params = request.value(QLatin1String("params")).toObject();
    const auto answer = [&](int weight, const QJsonValue &result, const Reply *error = nullptr) {
        QJsonObject out;
        out.insert(QLatin1String("id"), id.isUndefined() ? QJsonValue() : id);
        if (error) {
            out.insert(QLatin1String("status"), error->httpStatus);
            out.insert(QLatin1String("error"),
                       QJsonDocument::fromJson(QByteArray::fromStdString(error->body)).object());
        } else {
            out.insert(QLatin1String("status"), 200);
            out.insert(QLatin1String("result"), result);
        }
        out.insert(QLatin1String("rateLimits"),
                   QJsonArray{QJsonObject{{QLatin1String("rateLimitType"), QLatin1String("REQUEST_WEIGHT")},
                                          {QLatin1String("interval"), QLatin1String("MINUTE")},
                                          {QLatin1String("intervalNum"), 1},
                                          {QLatin1String("limit"), 6000},
                                          {QLatin1String("count"), countWeight(weight).toInt()}}});
        socket->sendTextMessage(QString::fromUtf8(QJsonDocument(out).toJson(QJsonDocument::Compact)));
    };
    const auto fail = [&](int weight, const Reply &error) { answer(weight, {}, &error); };

    if (request.isEmpty() || method.isEmpty())
        return fail(1, errorReply(-1000, "Malformed request: a JSON object with \"id\", \"method\" and \"params\" is expected."));
    if (method == QLatin1String("ping"))
        return answer(1, QJsonObject{});
    if (method == QLatin1String("time"))
        return answer(1, QJsonObject{{QLatin1String("serverTime"), toUnixMillis(marketClock())}});
    if (method == QLatin1String("session.subscriptions")) {
        QJsonArray subscriptions;
        for (const auto &[subscriptionId, account] : session->subscriptions)
            subscriptions.append(QJsonObject{{QLatin1String("subscriptionId"), qint64(subscriptionId)}});
        return answer(2, subscriptions);
    }
    if (method == QLatin1String("userDataStream.subscribe.signature")) {
        constexpr int weight = 2;
        // Signed as Binance signs WebSocket API requests: every param but the signature, sorted
        // by name, "name=value" joined with '&'.
        SpotTrading::Params values;
        for (auto it = params.constBegin(); it != params.constEnd(); ++it) {
            const QJsonValue value = it.value();
            const std::string text = value.isString() ? value.toString().toStdString()
                                     : value.isBool() ? (value.toBool() ? "true" : "false")
                                                      : QString::number(value.toInteger()).toStdString();
            values[it.key().toStdString()] = text;
        }
        std::string payload;
        for (const auto &[name, value] : values) {
            if (name == "signature")
                continue;
            payload += (payload.empty() ? "" : "&") + name + "=" + value;
        }
        const auto apiKey = values.find("apiKey");
        const auto account = m_trading->authenticate(apiKey == values.end() ? std::string() : apiKey->second,
                                                     payload, values, QDateTime::currentMSecsSinceEpoch());
        if (const auto *error = std::get_if<Reply>(&account))
            return fail(weight, *error);
        const std::uint64_t owner = std::get<std::uint64_t>(account);
        for (const auto &[subscriptionId, subscribed] : session->subscriptions)
            if (subscribed == owner)
                return fail(weight, errorReply(-2035, "User Data Stream subscription already active."));
        const std::int64_t subscriptionId = session->nextSubscriptionId++;
        session->subscriptions.emplace(subscriptionId, owner);
        return answer(weight, QJsonObject{{QLatin1String("subscriptionId"), qint64(subscriptionId)}});
    }
    if (method == QLatin1String("userDataStream.unsubscribe")) {
        constexpr int weight = 2;
        const QJsonValue given = params.value(QLatin1String("subscriptionId"));
        if (given.isUndefined()) { // without a subscriptionId: every subscription of the session
            session->subscriptions.clear();
            return answer(weight, QJsonObject{});
        }
        if (!given.isDouble())
            return fail(weight, errorReply(-1100, "Illegal characters found in parameter 'subscriptionId'; legal range is '0' to '65535'."));
        if (session->subscriptions.erase(given.toInteger()) == 0)
            return fail(weight, errorReply(-2036, "User Data Stream subscription not active."));
        return answer(weight, QJsonObject{});
    }
    return fail(1, errorReply(-1000, "Unknown method '" + method.toStdString() + "'."));
}

void ExchangeSimulator::deliver(const std::vector<UserEvent> &events)
{
    if (events.empty() || m_apiSessions.isEmpty())
        return;
    for (const UserEvent &event : events) {
        for (auto session = m_apiSessions.cbegin(); session != m_apiSessions.cend(); ++session) {
            for (const auto &[subscriptionId, account] : session->subscriptions) {
                if (account != event.account)
                    continue;
                session.key()->sendTextMessage(QString::fromStdString(
                    R"({"subscriptionId":)" + std::to_string(subscriptionId) + R"(,"event":)" + event.json + "}"));
            }
        }
    }
}

// Binance closes a WebSocket API connection 24 hours after it opened (Options::apiSessionLifetime).
void ExchangeSimulator::closeExpiredApiSessions()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (auto session = m_apiSessions.begin(); session != m_apiSessions.end(); ++session) {
        if (now - session->openedAtMs < m_options.apiSessionLifetime.count())
            continue;
        session->subscriptions.clear(); // no event after the close frame
        session->openedAtMs = std::numeric_limits<qint64>::max() / 2; // closed once
        session.key()->close(QWebSocketProtocol::CloseCodeNormal, QStringLiteral("connection lifetime reached"));
    }
}

} // namespace bcf::exchange_sim
