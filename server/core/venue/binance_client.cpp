#include "venue/binance_client.h"

#include "common/backoff.h"
#include "common/logging.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QThread>
#include <QTimer>
#include <QWebSocket>

#include <future>
#include <map>
#include <optional>

namespace bcf::core {

namespace binance = connectors::binance;

namespace {

qint64 nowMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

QByteArray bytes(const std::string &text) { return QByteArray(text.data(), static_cast<qsizetype>(text.size())); }

} // namespace

class BinanceClient::Worker final : public QObject {
public:
    Worker(const BinanceEndpoints &endpoints, MessageHandler onMessage, StateHandler onState)
        : m_endpoints(endpoints), m_onMessage(std::move(onMessage)), m_onState(std::move(onState))
    {
        m_reconnect.setSingleShot(true);
        QObject::connect(&m_reconnect, &QTimer::timeout, this, [this] { connectSession(); });
    }

    ~Worker() override
    {
        m_reconnect.stop();
        if (m_socket) {
            m_socket->disconnect(this); // no callbacks into a half-destroyed worker
            m_socket->abort();
        }
    }

    // One HTTP request; `done` runs once, on this thread.
    void request(const std::string &apiKey, const std::string &method, const std::string &path,
                 const std::string &query, std::function<void(Result<RestReply>)> done)
    {
        QUrl url = m_endpoints.rest;
        url.setPath(url.path() + QString::fromStdString(path));
        if (!query.empty())
            url.setQuery(QString::fromStdString(query), QUrl::StrictMode);
        QNetworkRequest request(url);
        request.setRawHeader("X-MBX-APIKEY", bytes(apiKey));
        request.setTransferTimeout(static_cast<int>(m_endpoints.timeout.count()));
        QNetworkReply *reply = nullptr;
        if (method == "GET")
            reply = m_network.get(request);
        else if (method == "POST" || method == "PUT" || method == "DELETE") {
            request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/x-www-form-urlencoded"));
            reply = m_network.sendCustomRequest(request, bytes(method));
        }
        if (!reply) {
            done(makeError(ErrorCode::Internal, "unsupported HTTP method " + method));
            return;
        }
        QObject::connect(reply, &QNetworkReply::finished, reply, [reply, method, path, done = std::move(done)] {
            reply->deleteLater();
            const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
            if (!status.isValid()) {
                done(makeError(ErrorCode::Unavailable, method + " " + path + " failed: " +
                                                           reply->errorString().toStdString()));
                return;
            }
            const QByteArray body = reply->readAll();
            done(RestReply{status.toInt(), body.toStdString()});
        });
    }

    void openStream(std::uint64_t account, const ExchangeCredentials &credentials)
    {
        auto &slot = m_accounts[account];
        if (slot) { // new credentials: the old subscription ends first
            endSubscription(*slot, "the exchange key changed");
        } else {
            slot = std::make_unique<Subscriber>();
            slot->account = account;
            slot->retry = new QTimer(this);
            slot->retry->setSingleShot(true);
            QObject::connect(slot->retry, &QTimer::timeout, this, [this, account] {
                if (Subscriber *subscriber = find(account); subscriber && m_open)
                    subscribe(*subscriber);
            });
        }
        slot->credentials = credentials;
        if (m_open)
            subscribe(*slot);
        else
            connectSession();
    }

    void closeStream(std::uint64_t account)
    {
        auto found = m_accounts.find(account);
        if (found == m_accounts.end())
            return;
        Subscriber &subscriber = *found->second;
        if (subscriber.subscriptionId && m_open)
            send(binance::userStreamUnsubscribeRequest("unsub-" + std::to_string(++m_requests),
                                                       *subscriber.subscriptionId));
        if (subscriber.subscriptionId)
            m_bySubscription.erase(*subscriber.subscriptionId);
        subscriber.retry->stop();
        subscriber.retry->deleteLater();
        m_accounts.erase(found);
        if (m_accounts.empty() && m_socket) { // nobody left to listen for
            m_reconnect.stop();
            m_socket->disconnect(this);
            m_socket->close(QWebSocketProtocol::CloseCodeNormal);
            m_socket->deleteLater();
            m_socket = nullptr;
            m_open = false;
        }
    }

private:
    // One account's subscription on the shared connection.
    struct Subscriber {
        std::uint64_t account = 0;
        ExchangeCredentials credentials;
        std::optional<std::int64_t> subscriptionId; // once Binance accepted the subscription
        std::string pendingId;                      // the subscribe request awaiting its answer
        server::Backoff backoff{std::chrono::seconds(1), std::chrono::seconds(30)};
        QTimer *retry = nullptr; // subscribes again after a refusal or an ended subscription
    };

    Subscriber *find(std::uint64_t account)
    {
        auto found = m_accounts.find(account);
        return found == m_accounts.end() ? nullptr : found->second.get();
    }

    void send(const std::string &text) { m_socket->sendTextMessage(QString::fromStdString(text)); }

    void connectSession()
    {
        if (m_accounts.empty() || m_reconnect.isActive())
            return;
        if (m_socket && m_socket->state() != QAbstractSocket::UnconnectedState)
            return;
        if (!m_socket) {
            m_socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
            QObject::connect(m_socket, &QWebSocket::connected, this, [this] { onConnected(); });
            QObject::connect(m_socket, &QWebSocket::disconnected, this, [this] {
                onDropped(m_socket->closeReason().isEmpty() ? QStringLiteral("the connection closed")
                                                            : m_socket->closeReason());
            });
            QObject::connect(m_socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this,
                             [this](QAbstractSocket::SocketError) { onDropped(m_socket->errorString()); });
            QObject::connect(m_socket, &QWebSocket::textMessageReceived, this,
                             [this](const QString &message) { onMessage(message.toStdString()); });
        }
        m_socket->open(m_endpoints.webSocketApi);
    }

    void onConnected()
    {
        m_open = true;
        m_backoff.reset();
        server::logger("binance")->info("msg=\"WebSocket API connected\" accounts={}", m_accounts.size());
        for (auto &[account, subscriber] : m_accounts)
            subscribe(*subscriber);
    }

    // The connection is gone: every subscription with it. Reconnects with backoff.
    void onDropped(const QString &reason)
    {
        if (m_reconnect.isActive())
            return; // errorOccurred and disconnected both report one drop
        const auto delay = m_backoff.nextDelay();
        m_reconnect.start(delay); // first: abort() below may report the drop again
        server::logger("binance")->warn("msg=\"WebSocket API connection lost\" reason={} retry_ms={}",
                                        server::quoted(reason.toStdString()), delay.count());
        m_open = false;
        m_bySubscription.clear();
        for (auto &[account, subscriber] : m_accounts) {
            subscriber->retry->stop();
            subscriber->pendingId.clear();
            if (subscriber->subscriptionId) {
                subscriber->subscriptionId.reset();
                m_onState(account, false, reason.toStdString());
            }
        }
        m_socket->abort();
    }

    void subscribe(Subscriber &subscriber)
    {
        subscriber.retry->stop();
        subscriber.pendingId = "sub-" + std::to_string(subscriber.account) + "-" + std::to_string(++m_requests);
        send(binance::userStreamSubscribeRequest(subscriber.pendingId, subscriber.credentials.apiKey,
                                                 subscriber.credentials.secret, nowMs(),
                                                 m_endpoints.recvWindow.count()));
    }

    // The account's subscription ended (on our side or Binance's): the OMS is told.
    void endSubscription(Subscriber &subscriber, const std::string &reason)
    {
        subscriber.pendingId.clear();
        if (!subscriber.subscriptionId)
            return;
        if (m_open)
            send(binance::userStreamUnsubscribeRequest("unsub-" + std::to_string(++m_requests),
                                                       *subscriber.subscriptionId));
        m_bySubscription.erase(*subscriber.subscriptionId);
        subscriber.subscriptionId.reset();
        m_onState(subscriber.account, false, reason);
    }

    void retryLater(Subscriber &subscriber, const std::string &reason)
    {
        const auto delay = subscriber.backoff.nextDelay();
        server::logger("binance")->warn("msg=\"user data stream not subscribed\" account={} reason={} retry_ms={}",
                                        subscriber.account, server::quoted(reason), delay.count());
        subscriber.retry->start(delay);
    }

    void onMessage(std::string json)
    {
        auto message = binance::parseWebSocketApiMessage(json);
        if (!message) {
            server::logger("binance")->warn("msg=\"WebSocket API message ignored\" error={}",
                                            server::quoted(message.error().message));
            return;
        }
        if (const auto *event = std::get_if<binance::WebSocketApiEvent>(&*message)) {
            const auto owner = m_bySubscription.find(event->subscriptionId);
            if (owner == m_bySubscription.end())
                return; // a subscription already ended on our side
            Subscriber *subscriber = find(owner->second);
            if (!subscriber)
                return;
            if (event->type == "eventStreamTerminated") {
                m_bySubscription.erase(owner);
                subscriber->subscriptionId.reset();
                m_onState(subscriber->account, false, "Binance ended the subscription");
                retryLater(*subscriber, "Binance ended the subscription");
                return;
            }
            m_onMessage(subscriber->account, std::move(json));
            return;
        }
        const auto &answer = std::get<binance::WebSocketApiAnswer>(*message);
        Subscriber *subscriber = nullptr;
        for (auto &[account, candidate] : m_accounts)
            if (!answer.id.empty() && candidate->pendingId == answer.id)
                subscriber = candidate.get();
        if (!subscriber) { // an unsubscribe's answer, or one for credentials since replaced
            if (answer.error)
                server::logger("binance")->info("msg=\"WebSocket API request refused\" id={} code={} error={}",
                                                server::quoted(answer.id), answer.error->code,
                                                server::quoted(answer.error->message));
            return;
        }
        subscriber->pendingId.clear();
        if (answer.status == 200 && answer.subscriptionId) {
            subscriber->subscriptionId = answer.subscriptionId;
            m_bySubscription[*answer.subscriptionId] = subscriber->account;
            subscriber->backoff.reset();
            server::logger("binance")->info("msg=\"user data stream subscribed\" account={} subscription={}",
                                            subscriber->account, *answer.subscriptionId);
            m_onState(subscriber->account, true, {});
            return;
        }
        const std::string reason =
            answer.error ? "Binance refused the subscription: " + std::to_string(answer.error->code) + " " +
                               answer.error->message
                         : "Binance answered the subscription with status " + std::to_string(answer.status);
        if (answer.error && answer.error->code == -2035) {
            // Binance still holds a subscription this client lost track of: a new session.
            server::logger("binance")->warn("msg=\"WebSocket API session out of step; reconnecting\"");
            m_socket->abort();
            return;
        }
        retryLater(*subscriber, reason);
    }

    const BinanceEndpoints &m_endpoints;
    MessageHandler m_onMessage;
    StateHandler m_onState;
    QNetworkAccessManager m_network{this};
    std::map<std::uint64_t, std::unique_ptr<Subscriber>> m_accounts;
    std::map<std::int64_t, std::uint64_t> m_bySubscription; // subscriptionId → account
    QWebSocket *m_socket = nullptr; // the WebSocket API session, while any account listens
    QTimer m_reconnect{this};
    server::Backoff m_backoff{std::chrono::seconds(1), std::chrono::seconds(30)};
    bool m_open = false;
    std::uint64_t m_requests = 0; // request ids: unique per client
};

BinanceClient::BinanceClient(BinanceEndpoints endpoints, MessageHandler onMessage, StateHandler onState)
    : m_endpoints(std::move(endpoints)), m_thread(std::make_unique<QThread>())
{
    m_thread->setObjectName(QStringLiteral("binance"));
    m_worker = new Worker(m_endpoints, std::move(onMessage), std::move(onState));
    m_worker->moveToThread(m_thread.get());
    m_thread->start();
}

BinanceClient::~BinanceClient()
{
    // The worker is deleted on its own thread (closing its sockets) before the thread ends.
    QMetaObject::invokeMethod(m_worker, [worker = m_worker] { delete worker; }, Qt::BlockingQueuedConnection);
    m_worker = nullptr;
    m_thread->quit();
    m_thread->wait();
}

Result<RestReply> BinanceClient::send(const ExchangeCredentials &credentials, const std::string &method,
                                      const std::string &path, binance::Params params)
{
    params.emplace_back("recvWindow", std::to_string(m_endpoints.recvWindow.count()));
    params.emplace_back("timestamp", std::to_string(nowMs()));
    const std::string query = binance::signedQuery(params, credentials.secret);
    auto promise = std::make_shared<std::promise<Result<RestReply>>>();
    auto future = promise->get_future();
    QMetaObject::invokeMethod(
        m_worker,
        [worker = m_worker, apiKey = credentials.apiKey, method, path, query, promise] {
            worker->request(apiKey, method, path, query,
                            [promise](Result<RestReply> reply) { promise->set_value(std::move(reply)); });
        },
        Qt::QueuedConnection);
    if (future.wait_for(m_endpoints.timeout + std::chrono::seconds(2)) != std::future_status::ready)
        return makeError(ErrorCode::Unavailable, method + " " + path + " got no answer in time");
    try {
        return future.get();
    } catch (const std::future_error &) { // the client shut down with the request in flight
        return makeError(ErrorCode::Unavailable, method + " " + path + " was abandoned at shutdown");
    }
}

void BinanceClient::openUserStream(std::uint64_t account, const ExchangeCredentials &credentials)
{
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, account, credentials] { worker->openStream(account, credentials); },
        Qt::QueuedConnection);
}

void BinanceClient::closeUserStream(std::uint64_t account)
{
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, account] { worker->closeStream(account); },
                              Qt::QueuedConnection);
}

} // namespace bcf::core
