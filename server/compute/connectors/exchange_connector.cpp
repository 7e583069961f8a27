#include "exchange_connector.h"

#include "common/logging.h"

#include <QDateTime>
#include <QNetworkReply>
#include <QTimer>
#include <QUrlQuery>

namespace bcf::connectors {
namespace {

constexpr auto kMinute = std::chrono::minutes(1);
constexpr int kSilenceMs = 60'000;
constexpr int kTransferTimeoutMs = 30'000;

} // namespace

ExchangeConnector::ExchangeConnector(ConnectorEndpoints endpoints, QObject *parent)
    : QObject(parent), m_endpoints(std::move(endpoints)), m_reconnectTimer(new QTimer(this))
{
    m_reconnectTimer->setSingleShot(true);
    connect(m_reconnectTimer, &QTimer::timeout, this, [this] {
        if (m_running)
            openStream();
    });
    m_watchdog.setSingleShot(true);
    m_watchdog.setInterval(kSilenceMs);
    connect(&m_watchdog, &QTimer::timeout, this, [this] {
        m_socket.abort(); // silent for a minute: the connection is dead even if TCP says not
    });
    connect(&m_socket, &QWebSocket::connected, this, [this] {
        if (!m_running)
            return;
        m_watchdog.start();
        onStreamConnected();
        onStreamOpened();
    });
    connect(&m_socket, &QWebSocket::disconnected, this, [this] {
        m_watchdog.stop();
        if (m_closing)
            return;
        onStreamClosed();
        onStreamLost(m_socket.closeReason().isEmpty() ? QStringLiteral("disconnected")
                                                      : m_socket.closeReason());
    });
    connect(&m_socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this, [this] {
        if (!m_closing && m_socket.state() == QAbstractSocket::UnconnectedState)
            onStreamLost(m_socket.errorString());
    });
    connect(&m_socket, &QWebSocket::textMessageReceived, this, [this](const QString &message) {
        m_watchdog.start();
        ++m_counters.messages;
        onStreamMessage(message);
    });
    connect(&m_socket, &QWebSocket::pong, this, [this] { m_watchdog.start(); });
    m_dispatchTimer.setSingleShot(true);
    connect(&m_dispatchTimer, &QTimer::timeout, this, &ExchangeConnector::dispatchRequests);
}

ExchangeConnector::~ExchangeConnector()
{
    m_closing = true; // no virtual call from here on
    m_socket.abort();
}

void ExchangeConnector::openStream()
{
    m_closing = false;
    m_socket.open(streamUrl());
}

void ExchangeConnector::closeStream()
{
    m_closing = true;
    m_watchdog.stop();
    m_socket.abort();
    onStreamClosed();
}

void ExchangeConnector::sendRequest(RestRequest request)
{
    m_requests.push_back(std::move(request));
    dispatchRequests();
}

void ExchangeConnector::retryAfterPause(RestRequest request, qint64 untilMs)
{
    m_pausedUntilMs = std::max(m_pausedUntilMs, untilMs);
    m_requests.push_front(std::move(request));
    dispatchRequests();
}

void ExchangeConnector::dispatchRequests()
{
    while (!m_requests.empty()) {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const qint64 waitMs = now < m_pausedUntilMs ? m_pausedUntilMs - now
                                                    : requestDelayMs(m_requests.front(), now);
        if (waitMs > 0) {
            if (!m_dispatchTimer.isActive())
                m_dispatchTimer.start(static_cast<int>(waitMs));
            return;
        }
        RestRequest request = std::move(m_requests.front());
        m_requests.pop_front();
        QUrl url = m_endpoints.restUrl;
        QString path = url.path();
        if (path.endsWith(QLatin1Char('/')))
            path.chop(1);
        url.setPath(path + request.path);
        QUrlQuery query;
        query.setQueryItems(request.query);
        url.setQuery(query);
        QNetworkRequest networkRequest(url);
        networkRequest.setTransferTimeout(kTransferTimeoutMs);
        QNetworkReply *reply = m_network.get(networkRequest);
        connect(reply, &QNetworkReply::finished, this,
                [this, reply, request = std::move(request)]() mutable {
            reply->deleteLater();
            onRestReply(reply, std::move(request));
        });
    }
}

Error ExchangeConnector::httpError(const RestRequest &request, QNetworkReply *reply, int status,
                                   const QByteArray &body, ErrorCode code)
{
    std::string message = "GET " + request.path.toStdString() + " failed: ";
    message += status != 0 ? "HTTP " + std::to_string(status) + " " + body.left(200).toStdString()
                           : reply->errorString().toStdString();
    return {code, std::move(message)};
}

void ExchangeConnector::start(std::vector<SymbolStart> symbols, Channels channels)
{
    stop();
    m_symbols = std::move(symbols);
    m_channels = channels;
    for (const auto &start : m_symbols) {
        auto &state = m_state[start.symbol];
        state.nextCandle = start.candlesFrom;
        state.lastTradeId = start.lastTradeId;
    }
    m_running = true;
    openStream();
}

void ExchangeConnector::stop()
{
    ++m_generation;
    m_running = false;
    m_reconnectTimer->stop();
    m_streaming = false;
    closeStream(); // also a connection still being opened
    m_requests.clear();
    m_state.clear();
    m_books.clear();
    m_pendingFills = 0;
}

const model::OrderBook *ExchangeConnector::book(const std::string &symbol) const
{
    const auto found = m_books.find(symbol);
    return found != m_books.end() && found->second.synced() ? &found->second : nullptr;
}

void ExchangeConnector::onStreamConnected()
{
    if (!m_running)
        return;
    m_streaming = true;
    m_backoff.reset();
    server::logger("connector")->info("msg=\"stream connected\" exchange={}", exchange());
    emit streamConnected();
    if (m_channels.book)
        resetBooks();
    backfillEverything();
}

void ExchangeConnector::onStreamLost(const QString &reason)
{
    if (!m_running)
        return;
    const bool wasStreaming = m_streaming;
    m_streaming = false;
    if (m_reconnectTimer->isActive())
        return; // a failed connection reports both an error and a disconnect
    if (wasStreaming)
        ++m_counters.reconnects;
    scheduleReconnect(reason);
}

void ExchangeConnector::scheduleReconnect(const QString &reason)
{
    const auto delay = m_backoff.nextDelay();
    server::logger("connector")->warn("msg=\"stream lost; reconnecting\" exchange={} reason={} "
                                      "in_ms={}",
                                      exchange(), server::quoted(reason.toStdString()),
                                      delay.count());
    emit streamLost(reason);
    m_reconnectTimer->start(delay);
}

void ExchangeConnector::backfillEverything()
{
    // Every symbol's candle and trade gaps are filled concurrently; caughtUp() after the last.
    const auto generation = m_generation;
    auto finished = [this, generation] {
        if (generation != m_generation)
            return;
        if (--m_pendingFills == 0)
            emit caughtUp();
    };
    ++m_pendingFills; // held until every fill has been started
    for (const auto &start : m_symbols) {
        if (m_channels.candles) {
            ++m_pendingFills;
            fillCandles(start.symbol, finished);
        }
        if (m_channels.trades && m_state[start.symbol].lastTradeId != 0) {
            ++m_pendingFills;
            fillTrades(start.symbol, m_state[start.symbol].lastTradeId, finished);
        }
    }
    finished();
}

void ExchangeConnector::fillCandles(const std::string &symbol, std::function<void()> then)
{
    auto &state = m_state[symbol];
    if (state.fillingCandles)
        return then(); // the fill in flight reaches the present anyway
    state.fillingCandles = true;
    const auto generation = m_generation;
    fetchCandles(symbol, state.nextCandle,
                 [this, symbol, generation, then](Result<std::vector<model::Candle>> page) {
        if (generation != m_generation)
            return;
        auto &filled = m_state[symbol];
        filled.fillingCandles = false;
        if (!page) {
            // The stream is still up; the next closed candle finds the gap again. A dead
            // exchange shows up as a lost stream, whose reconnect fills everything.
            server::logger("connector")->warn("msg=\"candle backfill failed\" exchange={} "
                                              "symbol={} error={}",
                                              exchange(), symbol,
                                              server::quoted(page.error().message));
            return then();
        }
        const bool full = page->size() >= static_cast<std::size_t>(maxCandlesPerRequest());
        bool advanced = false;
        for (const auto &candle : *page) {
            emit candleReceived(QString::fromStdString(symbol), candle);
            if (candle.closed && candle.openTime >= filled.nextCandle) {
                filled.nextCandle = candle.openTime + kMinute;
                advanced = true;
            }
        }
        if (full && advanced)
            return fillCandles(symbol, then); // more pages up to the present
        ++m_counters.gapsFilled;
        then();
    });
}

void ExchangeConnector::fillTrades(const std::string &symbol, std::int64_t after,
                                   std::function<void()> then)
{
    auto &state = m_state[symbol];
    if (state.fillingTrades)
        return then();
    state.fillingTrades = true;
    const auto generation = m_generation;
    fetchTrades(symbol, after,
                [this, symbol, generation, after, then](Result<std::vector<model::Trade>> page) {
        if (generation != m_generation)
            return;
        auto &filled = m_state[symbol];
        filled.fillingTrades = false;
        if (!page) {
            server::logger("connector")->warn("msg=\"trade backfill failed\" exchange={} "
                                              "symbol={} error={}",
                                              exchange(), symbol,
                                              server::quoted(page.error().message));
            return then();
        }
        std::int64_t newest = after;
        for (const auto &trade : *page) {
            if (trade.id <= after)
                continue; // a recent-window answer overlaps what is held
            emit tradeReceived(QString::fromStdString(symbol), trade);
            newest = std::max(newest, trade.id);
        }
        // Where ids are consecutive the exchange pages by id: go on while the page was full or
        // the stream has already delivered later trades (state.lastTradeId, raised meanwhile).
        const bool full = page->size() >= static_cast<std::size_t>(maxTradesPerRequest());
        const bool more = tradeIdsConsecutive() && newest > after
                          && (full || newest + 1 < filled.lastTradeId);
        filled.lastTradeId = std::max(filled.lastTradeId, newest);
        if (more)
            return fillTrades(symbol, newest, then);
        ++m_counters.gapsFilled;
        then();
    });
}

void ExchangeConnector::deliverCandle(const std::string &symbol, const model::Candle &candle)
{
    if (!m_running)
        return;
    emit candleReceived(QString::fromStdString(symbol), candle);
    if (!candle.closed)
        return;
    auto &state = m_state[symbol];
    if (state.fillingCandles)
        return;
    if (candle.openTime > state.nextCandle) {
        server::logger("connector")->info("msg=\"candle gap; backfilling\" exchange={} symbol={} "
                                          "from_ms={} to_ms={}",
                                          exchange(), symbol, toUnixMillis(state.nextCandle),
                                          toUnixMillis(candle.openTime));
        fillCandles(symbol, [] {});
        return;
    }
    if (candle.openTime == state.nextCandle)
        state.nextCandle = candle.openTime + kMinute;
}

void ExchangeConnector::deliverTrade(const std::string &symbol, const model::Trade &trade)
{
    if (!m_running)
        return;
    auto &state = m_state[symbol];
    const std::int64_t last = state.lastTradeId;
    if (trade.id <= last && tradeIdsConsecutive())
        return; // already delivered (the stream overlapping a backfill)
    emit tradeReceived(QString::fromStdString(symbol), trade);
    if (state.fillingTrades) {
        state.lastTradeId = std::max(last, trade.id);
        return;
    }
    if (tradeIdsConsecutive() && last != 0 && trade.id > last + 1) {
        server::logger("connector")->info("msg=\"trade gap; backfilling\" exchange={} symbol={} "
                                          "after_id={} next_id={}",
                                          exchange(), symbol, last, trade.id);
        state.lastTradeId = trade.id; // the fill goes on until it reaches this one
        fillTrades(symbol, last, [] {});
        return;
    }
    state.lastTradeId = std::max(last, trade.id);
}

void ExchangeConnector::reportMalformed(const std::string &kind, const std::string &error)
{
    ++m_counters.malformed;
    if (auto &logged = m_loggedMalformed[kind]; !logged) {
        logged = true; // logged once per kind; counted always
        server::logger("connector")->warn("msg=\"malformed exchange data\" exchange={} kind={} "
                                          "error={}",
                                          exchange(), kind, server::quoted(error));
    }
}

void ExchangeConnector::reportBookResync(const std::string &symbol, const std::string &reason)
{
    ++m_counters.bookResyncs;
    server::logger("connector")->info("msg=\"order book resync\" exchange={} symbol={} reason={}",
                                      exchange(), symbol, server::quoted(reason));
    emit bookResyncing(QString::fromStdString(symbol), QString::fromStdString(reason));
}

} // namespace bcf::connectors
