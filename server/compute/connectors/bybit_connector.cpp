#include "bybit_connector.h"

#include "common/logging.h"

#include <QDateTime>
#include <QNetworkReply>
#include <QUrlQuery>

namespace bcf::connectors {
namespace {

constexpr int kKlineLimit = 1000;
constexpr int kTradeLimit = 60;             // the spot maximum of recent-trade
constexpr int kMaxAttempts = 5;
constexpr int kPingIntervalMs = 20'000;     // Bybit recommends a ping every 20 s
constexpr auto kMinute = std::chrono::minutes(1);

QString category()
{
    return QStringLiteral("spot");
}

// An answer that could not be decoded, as opposed to Bybit's own retCode errors.
template <typename T>
bool undecodable(const Result<T> &result)
{
    return !result && result.error().message.starts_with("malformed Bybit payload");
}

} // namespace

BybitConnector::BybitConnector(ConnectorEndpoints endpoints, QObject *parent)
    : ExchangeConnector(std::move(endpoints), parent)
{
    m_pingTimer.setInterval(kPingIntervalMs);
    connect(&m_pingTimer, &QTimer::timeout, this, [this] {
        socket().sendTextMessage(QString::fromStdString(bybit::pingRequest()));
    });
}

// --- REST ------------------------------------------------------------------------------------

void BybitConnector::pauseForRateLimit(RestRequest request, const QByteArray &resetHeader,
                                       const std::string &why)
{
    if (++request.attempts >= kMaxAttempts) {
        request.done(makeError(ErrorCode::Unavailable,
                               "GET " + request.path.toStdString() + " rate limited: " + why));
        return;
    }
    // Every request waits: Bybit's limits are per IP. Its reset timestamp says how long when it
    // sends one (bounded, in case of a clock far off); otherwise back off exponentially.
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    qint64 until = now + m_rateBackoff.nextDelay().count();
    bool numeric = false;
    if (const qint64 reset = resetHeader.toLongLong(&numeric); numeric && reset > now)
        until = std::min<qint64>(reset, now + 60'000);
    server::logger("connector")->warn("msg=\"rate limited; pausing requests\" exchange=bybit "
                                      "path={} pause_ms={} reason={}",
                                      request.path.toStdString(), until - now,
                                      server::quoted(why));
    retryAfterPause(std::move(request), until);
}

void BybitConnector::onRestReply(QNetworkReply *reply, RestRequest request)
{
    const QByteArray limit = reply->rawHeader(QByteArrayLiteral("X-Bapi-Limit"));
    const QByteArray remaining = reply->rawHeader(QByteArrayLiteral("X-Bapi-Limit-Status"));
    const QByteArray reset = reply->rawHeader(QByteArrayLiteral("X-Bapi-Limit-Reset-Timestamp"));
    bool limitOk = false, remainingOk = false;
    const int limitValue = limit.toInt(&limitOk);
    const int remainingValue = remaining.toInt(&remainingOk);
    if (limitOk && remainingOk)
        mutableCounters().usedWeight = limitValue - remainingValue;

    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    if (status == 403 || status == 429)
        return pauseForRateLimit(std::move(request), reset,
                                 "HTTP " + std::to_string(status) + " "
                                     + body.left(200).toStdString());
    if (reply->error() != QNetworkReply::NoError || status != 200) {
        const bool ours = status >= 400 && status < 500;
        request.done(std::unexpected(httpError(
            request, reply, status, body,
            ours ? ErrorCode::InvalidArgument : ErrorCode::Unavailable)));
        return;
    }
    // Endpoint limits come back as HTTP 200 with retCode 10006.
    if (const auto envelope = bybit::parseEnvelope(body.toStdString());
        envelope && bybit::isRateLimit(envelope->retCode)) {
        return pauseForRateLimit(std::move(request), reset,
                                 "retCode " + std::to_string(envelope->retCode) + " "
                                     + envelope->retMsg);
    }
    m_rateBackoff.reset();
    request.done(body);
}

void BybitConnector::fetchInstruments(Callback<std::vector<model::Instrument>> done)
{
    sendRequest({QStringLiteral("/v5/market/instruments-info"),
          {{QStringLiteral("category"), category()}},
          1,
          [this, done = std::move(done)](Result<QByteArray> body) {
              if (!body)
                  return done(std::unexpected(body.error()));
              auto instruments = bybit::parseInstruments(body->toStdString());
              if (undecodable(instruments))
                  reportMalformed("instruments-info", instruments.error().message);
              done(std::move(instruments));
          }});
}

void BybitConnector::fetchCandles(const std::string &symbol, TimePoint from,
                                  Callback<std::vector<model::Candle>> done)
{
    fetchCandleWindows(symbol, from, from, {}, std::move(done));
}

// Bybit lists klines newest first, so "the 1000 oldest from `from`" is asked for as the window
// [start, start + 1000 min). A window can hold fewer (the exchange was down, the symbol was not
// listed yet): the next windows are asked for until 1000 candles are gathered or the window
// reaches the present, so that a short page really means "nothing more yet".
void BybitConnector::fetchCandleWindows(std::string symbol, TimePoint from, TimePoint windowStart,
                                        std::vector<model::Candle> gathered,
                                        Callback<std::vector<model::Candle>> done)
{
    const TimePoint windowEnd = windowStart + kKlineLimit * kMinute; // exclusive
    sendRequest({QStringLiteral("/v5/market/kline"),
          {{QStringLiteral("category"), category()},
           {QStringLiteral("symbol"), QString::fromStdString(symbol)},
           {QStringLiteral("interval"), QStringLiteral("1")},
           {QStringLiteral("start"), QString::number(toUnixMillis(windowStart))},
           {QStringLiteral("end"), QString::number(toUnixMillis(windowEnd) - 1)},
           {QStringLiteral("limit"), QString::number(kKlineLimit)}},
          1,
          [this, symbol, from, windowEnd, gathered = std::move(gathered),
           done = std::move(done)](Result<QByteArray> body) mutable {
              if (!body)
                  return done(std::unexpected(body.error()));
              auto candles = bybit::parseKlines(body->toStdString(), model::Timeframe::M1);
              if (!candles) {
                  if (undecodable(candles))
                      reportMalformed("kline", candles.error().message);
                  return done(std::unexpected(candles.error()));
              }
              for (auto &candle : *candles) {
                  if (candle.openTime >= from
                      && (gathered.empty() || candle.openTime > gathered.back().openTime))
                      gathered.push_back(candle);
              }
              const bool formingSeen = !gathered.empty() && !gathered.back().closed;
              const bool present = formingSeen
                                   || windowEnd > fromUnixMillis(
                                          QDateTime::currentMSecsSinceEpoch());
              if (gathered.size() >= static_cast<std::size_t>(kKlineLimit) || present) {
                  if (gathered.size() > static_cast<std::size_t>(kKlineLimit))
                      gathered.resize(static_cast<std::size_t>(kKlineLimit));
                  return done(std::move(gathered));
              }
              fetchCandleWindows(std::move(symbol), from, windowEnd, std::move(gathered),
                                 std::move(done));
          }});
}

void BybitConnector::fetchTrades(const std::string &symbol, std::int64_t /*afterId*/,
                                 Callback<std::vector<model::Trade>> done)
{
    // Bybit has no public trade history by id: the recent window it is, oldest first; the base
    // class drops what it already holds.
    sendRequest({QStringLiteral("/v5/market/recent-trade"),
          {{QStringLiteral("category"), category()},
           {QStringLiteral("symbol"), QString::fromStdString(symbol)},
           {QStringLiteral("limit"), QString::number(kTradeLimit)}},
          1,
          [this, done = std::move(done)](Result<QByteArray> body) {
              if (!body)
                  return done(std::unexpected(body.error()));
              auto trades = bybit::parseRecentTrades(body->toStdString());
              if (undecodable(trades))
                  reportMalformed("recent-trade", trades.error().message);
              done(std::move(trades));
          }});
}

// --- Stream ----------------------------------------------------------------------------------

QUrl BybitConnector::streamUrl() const
{
    QUrl url = endpoints().webSocketUrl;
    QString path = url.path();
    if (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    url.setPath(path + QStringLiteral("/v5/public/spot"));
    return url;
}

void BybitConnector::onStreamClosed()
{
    m_pingTimer.stop();
    m_pendingOperations.clear();
    m_resyncing.clear();
}

void BybitConnector::resetBooks()
{
    // The subscription made on connecting brings every book's snapshot.
    m_resyncing.clear();
    for (const auto &start : symbols())
        bookOf(start.symbol).clear();
}

void BybitConnector::onStreamOpened()
{
    m_pingTimer.start();
    std::vector<std::string> topics;
    for (const auto &start : symbols()) {
        if (channels().candles)
            topics.push_back(bybit::klineTopic(start.symbol));
        if (channels().trades)
            topics.push_back(bybit::tradeTopic(start.symbol));
        if (channels().book)
            topics.push_back(bybit::orderbookTopic(start.symbol, kBookDepth));
    }
    sendOperation("subscribe", topics);
}

void BybitConnector::sendOperation(const char *op, const std::vector<std::string> &topics)
{
    for (std::size_t first = 0; first < topics.size(); first += bybit::kMaxArgsPerRequest) {
        const std::size_t last = std::min(topics.size(), first + bybit::kMaxArgsPerRequest);
        std::vector<std::string> chunk(topics.begin() + static_cast<long>(first),
                                       topics.begin() + static_cast<long>(last));
        const std::string requestId = std::to_string(m_nextRequestId++);
        socket().sendTextMessage(
            QString::fromStdString(bybit::operationRequest(op, chunk, requestId)));
        m_pendingOperations[requestId] = std::move(chunk);
    }
}

bool BybitConnector::follows(const std::string &symbol) const
{
    for (const auto &start : symbols()) {
        if (start.symbol == symbol)
            return true;
    }
    return false;
}

void BybitConnector::onStreamMessage(const QString &message)
{
    auto decoded = bybit::parseStreamMessage(message.toStdString());
    if (!decoded) {
        reportMalformed("stream", decoded.error().message);
        // A book message that cannot be read leaves its book behind: resync the one it names.
        const QString text = message.left(200);
        const qsizetype at = text.indexOf(QStringLiteral("\"topic\":\"orderbook."));
        if (at >= 0) {
            const qsizetype end = text.indexOf(QLatin1Char('"'), at + 9);
            const QString topic = text.mid(at + 9, end - at - 9);
            const std::string symbol = topic.section(QLatin1Char('.'), 2).toStdString();
            if (follows(symbol) && channels().book)
                resyncBook(symbol, "undecodable book message");
        }
        return;
    }
    if (auto *kline = std::get_if<bybit::KlineEvent>(&*decoded)) {
        for (const auto &candle : kline->candles) {
            if (candle.timeframe == model::Timeframe::M1)
                deliverCandle(kline->symbol, candle);
        }
    } else if (auto *trade = std::get_if<bybit::TradeEvent>(&*decoded)) {
        for (const auto &one : trade->trades)
            deliverTrade(trade->symbol, one);
    } else if (auto *book = std::get_if<bybit::BookEvent>(&*decoded)) {
        onBook(std::move(*book));
    } else if (auto *reply = std::get_if<bybit::OperationReply>(&*decoded)) {
        onOperationReply(*reply);
    }
    // A Pong only feeds the watchdog, above.
}

void BybitConnector::onOperationReply(const bybit::OperationReply &reply)
{
    std::vector<std::string> topics;
    if (const auto found = m_pendingOperations.find(reply.requestId);
        found != m_pendingOperations.end()) {
        topics = std::move(found->second);
        m_pendingOperations.erase(found);
    }
    if (reply.success)
        return;
    std::string names;
    for (const auto &topic : topics)
        names += (names.empty() ? "" : ",") + topic;
    server::logger("connector")->error("msg=\"subscription refused; reconnecting\" exchange=bybit "
                                       "op={} topics={} reason={}",
                                       reply.op, server::quoted(names),
                                       server::quoted(reply.message));
    // Without its topics the stream cannot keep the connector's promise; a new connection
    // subscribes everything again (with the base class's backoff).
    if (reply.op == "subscribe")
        socket().abort();
}

void BybitConnector::onBook(bybit::BookEvent event)
{
    const std::string &symbol = event.book.symbol;
    if (!channels().book || !follows(symbol) || event.depth != kBookDepth)
        return;
    model::OrderBook &book = bookOf(symbol);
    if (event.snapshot) {
        m_resyncing.erase(symbol);
        book.applySnapshot(event.book.updateId, event.book.bids, event.book.asks);
        if (!book.synced())
            return resyncBook(symbol, "crossed snapshot");
        emit bookUpdated(QString::fromStdString(symbol));
        return;
    }
    if (!book.synced())
        return; // waiting for the snapshot of a (re)subscription; deltas before it are moot
    // Bybit's u grows by one per message of a topic: each delta is its own one-id span.
    auto applied = book.applyDiff(event.book.updateId, event.book.updateId, event.book.bids,
                                  event.book.asks);
    if (!applied)
        return resyncBook(symbol, applied.error().message);
    if (*applied == model::BookUpdate::Applied)
        emit bookUpdated(QString::fromStdString(symbol));
}

void BybitConnector::resyncBook(const std::string &symbol, const std::string &reason)
{
    bookOf(symbol).clear();
    if (m_resyncing.contains(symbol))
        return; // the resubscription is on its way
    reportBookResync(symbol, reason);
    m_resyncing.insert(symbol);
    const std::vector<std::string> topic{bybit::orderbookTopic(symbol, kBookDepth)};
    sendOperation("unsubscribe", topic);
    sendOperation("subscribe", topic);
}

} // namespace bcf::connectors
