#pragma once

#include "binance_trading.h"
#include "core/result.h"

#include <QUrl>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

class QThread;

namespace bcf::core {

// An exchange API key and its secret, in memory only while bcf-core uses them (at rest they are
// sealed: ExchangeKeyStore). Never logged.
struct ExchangeCredentials {
    std::string apiKey;
    std::string secret;
};

struct BinanceEndpoints {
    QUrl rest{QStringLiteral("https://api.binance.com")};
    QUrl webSocketApi{QStringLiteral("wss://ws-api.binance.com:443/ws-api/v3")}; // user data streams
    std::chrono::milliseconds recvWindow{5000};
    std::chrono::milliseconds timeout{10'000}; // one REST request, transfer included
};

// An HTTP answer of the REST API (any status: the caller reads Binance's error codes).
struct RestReply {
    int httpStatus = 0;
    std::string body;
};

// Binance spot's SIGNED REST API and user data streams for bcf-core's live venue, over Qt Network
// and Qt WebSockets on a thread of its own (docs/live-venue.md).
//
// send() may be called from any thread and waits for the answer: a transport failure, a timeout
// or an answer that never came is Unavailable (the request may still have reached the exchange:
// the caller reconciles). User data streams run on the client's thread over one WebSocket API
// connection (<webSocketApi>) shared by every account: each account is subscribed with a signed
// userDataStream.subscribe.signature, its events are told apart by their subscriptionId. A
// dropped connection (Binance closes each one after 24 hours) reconnects with backoff (1 s
// doubling to 30 s) and subscribes every account again; a refused or ended subscription is
// retried with a backoff of its own. Messages and stream changes are handed to the callbacks on
// the client's thread: they must only queue them (a callback that waits on a caller of send()
// would deadlock).
class BinanceClient final {
public:
    using MessageHandler = std::function<void(std::uint64_t account, std::string json)>;
    // connected = true once the stream is open (again): events may have been missed before.
    using StateHandler = std::function<void(std::uint64_t account, bool connected, std::string reason)>;

    BinanceClient(BinanceEndpoints endpoints, MessageHandler onMessage, StateHandler onState);
    ~BinanceClient();
    BinanceClient(const BinanceClient &) = delete;
    BinanceClient &operator=(const BinanceClient &) = delete;

    const BinanceEndpoints &endpoints() const { return m_endpoints; }

    // A SIGNED request: timestamp and recvWindow are appended to `params`, then the signature.
    // `method` is GET, POST, PUT or DELETE.
    Result<RestReply> send(const ExchangeCredentials &credentials, const std::string &method,
                           const std::string &path, connectors::binance::Params params);

    // Subscribes (or subscribes again with new credentials) / unsubscribes an account's user data
    // stream.
    void openUserStream(std::uint64_t account, const ExchangeCredentials &credentials);
    void closeUserStream(std::uint64_t account);

    class Worker; // lives on the client's thread

private:
    BinanceEndpoints m_endpoints;
    std::unique_ptr<QThread> m_thread;
    Worker *m_worker = nullptr; // owned by m_thread's event loop; deleted when it finishes
};

} // namespace bcf::core
