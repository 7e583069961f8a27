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

namespace bcf::core {

namespace binance = connectors::binance;

namespace {

constexpr auto kKeepAliveInterval = std::chrono::minutes(30);

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
    }

    ~Worker() override
    {
        for (auto &[account, stream] : m_streams)
            stopStream(*stream);
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
        auto &slot = m_streams[account];
        if (slot)
            stopStream(*slot);
        slot = std::make_unique<Stream>();
        Stream &stream = *slot;
        stream.account = account;
        stream.credentials = credentials;
        stream.socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
        stream.keepAlive = new QTimer(this);
        stream.retry = new QTimer(this);
        stream.retry->setSingleShot(true);
        QObject::connect(stream.socket, &QWebSocket::connected, this, [this, account] {
            Stream *s = find(account);
            if (!s)
                return;
            s->backoff.reset();
            s->connected = true;
            server::logger("binance")->info("msg=\"user data stream connected\" account={}", account);
            m_onState(account, true, {});
        });
        QObject::connect(stream.socket, &QWebSocket::disconnected, this, [this, account] {
            Stream *s = find(account);
            if (s && !s->closing)
                scheduleReconnect(*s, s->socket->closeReason().isEmpty()
                                          ? QStringLiteral("the connection closed")
                                          : s->socket->closeReason());
        });
        QObject::connect(stream.socket, &QWebSocket::textMessageReceived, this,
                         [this, account](const QString &message) {
                             Stream *s = find(account);
                             if (!s)
                                 return;
                             std::string json = message.toStdString();
                             if (json.find("\"listenKeyExpired\"") != std::string::npos) {
                                 scheduleReconnect(*s, QStringLiteral("the listen key expired"));
                                 return;
                             }
                             m_onMessage(account, std::move(json));
                         });
        QObject::connect(stream.keepAlive, &QTimer::timeout, this, [this, account] { keepAlive(account); });
        QObject::connect(stream.retry, &QTimer::timeout, this, [this, account] {
            if (Stream *s = find(account))
                connectStream(*s);
        });
        stream.keepAlive->start(std::chrono::duration_cast<std::chrono::milliseconds>(kKeepAliveInterval));
        connectStream(stream);
    }

    void closeStream(std::uint64_t account)
    {
        auto found = m_streams.find(account);
        if (found == m_streams.end())
            return;
        stopStream(*found->second);
        m_streams.erase(found);
    }

private:
    struct Stream {
        std::uint64_t account = 0;
        ExchangeCredentials credentials;
        QWebSocket *socket = nullptr;
        QTimer *keepAlive = nullptr;
        QTimer *retry = nullptr;
        std::string listenKey;
        server::Backoff backoff{std::chrono::seconds(1), std::chrono::seconds(30)};
        bool connected = false;
        bool closing = false;
        std::uint64_t attempt = 0; // a listen key answer for an older attempt is ignored
    };

    Stream *find(std::uint64_t account)
    {
        auto found = m_streams.find(account);
        return found == m_streams.end() ? nullptr : found->second.get();
    }

    void stopStream(Stream &stream)
    {
        stream.closing = true;
        stream.keepAlive->stop();
        stream.retry->stop();
        stream.socket->abort();
        stream.socket->deleteLater();
        stream.keepAlive->deleteLater();
        stream.retry->deleteLater();
        if (!stream.listenKey.empty())
            request(stream.credentials.apiKey, "DELETE", "/api/v3/userDataStream",
                    "listenKey=" + stream.listenKey, [](Result<RestReply>) {});
    }

    void connectStream(Stream &stream)
    {
        const std::uint64_t account = stream.account;
        const std::uint64_t attempt = ++stream.attempt;
        request(stream.credentials.apiKey, "POST", "/api/v3/userDataStream", {},
                [this, account, attempt](Result<RestReply> reply) {
                    Stream *s = find(account);
                    if (!s || s->attempt != attempt)
                        return;
                    if (!reply || reply->httpStatus != 200) {
                        scheduleReconnect(*s, QString::fromStdString(
                                                  reply ? "listen key refused: HTTP " + std::to_string(reply->httpStatus) +
                                                              " " + reply->body
                                                        : reply.error().message));
                        return;
                    }
                    auto key = binance::parseListenKey(reply->body);
                    if (!key) {
                        scheduleReconnect(*s, QString::fromStdString(key.error().message));
                        return;
                    }
                    s->listenKey = *key;
                    QUrl url = m_endpoints.webSocket;
                    url.setPath(QStringLiteral("/ws/") + QString::fromStdString(*key));
                    s->socket->open(url);
                });
    }

    void scheduleReconnect(Stream &stream, const QString &reason)
    {
        if (stream.retry->isActive())
            return;
        const bool wasConnected = stream.connected;
        stream.connected = false;
        stream.socket->abort();
        const auto delay = stream.backoff.nextDelay();
        server::logger("binance")->warn("msg=\"user data stream lost\" account={} reason={} retry_ms={}",
                                        stream.account, server::quoted(reason.toStdString()), delay.count());
        if (wasConnected)
            m_onState(stream.account, false, reason.toStdString());
        stream.retry->start(delay);
    }

    void keepAlive(std::uint64_t account)
    {
        Stream *stream = find(account);
        if (!stream || stream->listenKey.empty())
            return;
        request(stream->credentials.apiKey, "PUT", "/api/v3/userDataStream", "listenKey=" + stream->listenKey,
                [this, account](Result<RestReply> reply) {
                    Stream *s = find(account);
                    if (s && (!reply || reply->httpStatus != 200))
                        scheduleReconnect(*s, QStringLiteral("the listen key could not be kept alive"));
                });
    }

    const BinanceEndpoints &m_endpoints;
    MessageHandler m_onMessage;
    StateHandler m_onState;
    QNetworkAccessManager m_network{this};
    std::map<std::uint64_t, std::unique_ptr<Stream>> m_streams;
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
