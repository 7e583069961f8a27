// The trading half of ExchangeSimulator: the SIGNED order and account endpoints and the user data
// stream (docs/exchange-simulator.md). SpotTrading does the trading; this file does HTTP, the
// signature check's inputs, request weights and the user data stream's sockets.
#include "exchange_simulator.h"

#include <QDateTime>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QWebSocket>

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

QString newListenKey(std::mt19937_64 &random)
{
    static const char kCharacters[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    QString key;
    for (int i = 0; i < 60; ++i)
        key += QLatin1Char(kCharacters[random() % (sizeof(kCharacters) - 1)]);
    return key;
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

    // USER_STREAM: the API key only, no signature.
    m_http.route(QStringLiteral("/api/v3/userDataStream"), [this, respond, notAllowed](const QHttpServerRequest &request) {
        constexpr int weight = 2;
        const std::string apiKey = apiKeyOf(request);
        if (apiKey.empty())
            return respond(errorReply(-2014, "API-key format invalid.", 401), weight);
        const auto account = m_trading->accountOf(apiKey);
        if (!account)
            return respond(errorReply(-2015, "Invalid API-key, IP, or permissions for action.", 401), weight);
        const qint64 expires = QDateTime::currentMSecsSinceEpoch() + m_options.listenKeyValidity.count();
        if (request.method() == Method::Post) {
            // One key per account, as Binance: a second POST extends and returns the same key.
            for (auto it = m_listenKeys.begin(); it != m_listenKeys.end(); ++it) {
                if (it->account == *account) {
                    it->expiresAtMs = expires;
                    return respond({200, R"({"listenKey":")" + it.key().toStdString() + "\"}"}, weight);
                }
            }
            const QString key = newListenKey(m_listenKeyRandom);
            m_listenKeys.insert(key, ListenKey{*account, expires});
            return respond({200, R"({"listenKey":")" + key.toStdString() + "\"}"}, weight);
        }
        if (request.method() != Method::Put && request.method() != Method::Delete)
            return notAllowed(weight);
        const auto params = paramsOf(request).params;
        const auto given = params.find("listenKey");
        if (given == params.end() || given->second.empty())
            return respond(errorReply(-1102, "Mandatory parameter 'listenKey' was not sent, was empty/null, or malformed."), weight);
        const QString key = QString::fromStdString(given->second);
        auto found = m_listenKeys.find(key);
        if (found == m_listenKeys.end() || found->account != *account)
            return respond(errorReply(-1125, "This listenKey does not exist."), weight);
        if (request.method() == Method::Put) {
            found->expiresAtMs = expires;
        } else {
            m_listenKeys.erase(found);
            for (auto it = m_userSockets.begin(); it != m_userSockets.end(); ++it)
                if (it.value() == key)
                    it.key()->close(QWebSocketProtocol::CloseCodeNormal, QStringLiteral("listenKey deleted"));
        }
        return respond({200, "{}"}, weight);
    });
}

bool ExchangeSimulator::acceptUserStream(QWebSocket *socket, const QString &path)
{
    if (!path.startsWith(QLatin1String("/ws/")))
        return false;
    const QString key = path.mid(4);
    if (!m_listenKeys.contains(key))
        return false;
    m_userSockets.insert(socket, key);
    // Binance's user data streams take no messages; pings as for market streams.
    connect(socket, &QWebSocket::disconnected, this, [this, socket] {
        m_userSockets.remove(socket);
        socket->deleteLater();
    });
    return true;
}

void ExchangeSimulator::deliver(const std::vector<UserEvent> &events)
{
    if (events.empty() || m_userSockets.isEmpty())
        return;
    for (const UserEvent &event : events) {
        const QString payload = QString::fromStdString(event.json);
        for (auto it = m_userSockets.cbegin(); it != m_userSockets.cend(); ++it) {
            const auto key = m_listenKeys.constFind(it.value());
            if (key != m_listenKeys.cend() && key->account == event.account)
                it.key()->sendTextMessage(payload);
        }
    }
}

void ExchangeSimulator::expireListenKeys()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (auto it = m_listenKeys.begin(); it != m_listenKeys.end();) {
        if (it->expiresAtMs > now) {
            ++it;
            continue;
        }
        const QString key = it.key();
        const QString event = QStringLiteral(R"({"e":"listenKeyExpired","E":%1,"listenKey":"%2"})")
                                  .arg(toUnixMillis(marketClock()))
                                  .arg(key);
        for (auto socket = m_userSockets.cbegin(); socket != m_userSockets.cend(); ++socket) {
            if (socket.value() != key)
                continue;
            socket.key()->sendTextMessage(event);
            socket.key()->close(QWebSocketProtocol::CloseCodeNormal, QStringLiteral("listenKey expired"));
        }
        it = m_listenKeys.erase(it);
    }
}

} // namespace bcf::exchange_sim
