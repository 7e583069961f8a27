#include "binance_connector.h"

#include "common/logging.h"

#include <QDateTime>
#include <QNetworkReply>
#include <QUrlQuery>

namespace bcf::connectors {
namespace {

constexpr int kKlineLimit = 1000;
constexpr int kTradeLimit = 1000;
constexpr int kDepthLimit = 1000;
constexpr int kDepthWeight = 50;           // limit 501-1000
constexpr int kMaxBufferedDiffs = 10'000;

QString lower(const std::string &symbol)
{
    return QString::fromStdString(symbol).toLower();
}

} // namespace

// --- REST ------------------------------------------------------------------------------------

qint64 BinanceConnector::requestDelayMs(const RestRequest &request, qint64 nowMs)
{
    if (nowMs / 60'000 != m_weightMinute) {
        m_weightMinute = nowMs / 60'000;
        m_usedWeight = 0;
    }
    if (m_usedWeight + request.weight > m_weightLimit * 8 / 10)
        return (m_weightMinute + 1) * 60'000 - nowMs + 50; // into the next minute
    m_usedWeight += request.weight; // it goes now; the answer's header says exactly
    mutableCounters().usedWeight = m_usedWeight;
    return 0;
}

void BinanceConnector::onRestReply(QNetworkReply *reply, RestRequest request)
{
    const QByteArray used = reply->rawHeader(QByteArrayLiteral("X-MBX-USED-WEIGHT-1M"));
    bool numeric = false;
    if (const int weight = used.toInt(&numeric); numeric) {
        m_usedWeight = weight;
        mutableCounters().usedWeight = weight;
    }
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    if (status == 429 && ++request.attempts <= 3) {
        // Over the limit: Binance says how long to back off; requests wait, this one retries.
        const int retryAfter = std::max(1, reply->rawHeader(QByteArrayLiteral("Retry-After"))
                                               .toInt());
        server::logger("connector")->warn("msg=\"request weight exceeded; pausing\" "
                                          "exchange=binance retry_after_s={}",
                                          retryAfter);
        retryAfterPause(std::move(request),
                        QDateTime::currentMSecsSinceEpoch() + retryAfter * 1000LL);
        return;
    }
    if (reply->error() != QNetworkReply::NoError || status != 200) {
        // 4xx other than rate limits is our mistake (bad symbol…); the rest may pass.
        const bool ours = status >= 400 && status < 500 && status != 429 && status != 418;
        request.done(std::unexpected(httpError(
            request, reply, status, body,
            ours ? ErrorCode::InvalidArgument : ErrorCode::Unavailable)));
        return;
    }
    request.done(body);
}

void BinanceConnector::fetchInstruments(Callback<std::vector<model::Instrument>> done)
{
    sendRequest({QStringLiteral("/api/v3/exchangeInfo"), {}, 20,
          [this, done = std::move(done)](Result<QByteArray> body) {
              if (!body)
                  return done(std::unexpected(body.error()));
              const std::string json = body->toStdString();
              if (auto limit = binance::parseRequestWeightLimit(json))
                  m_weightLimit = *limit;
              auto instruments = binance::parseExchangeInfo(json);
              if (!instruments)
                  reportMalformed("exchangeInfo", instruments.error().message);
              done(std::move(instruments));
          }});
}

void BinanceConnector::fetchCandles(const std::string &symbol, TimePoint from,
                                    Callback<std::vector<model::Candle>> done)
{
    sendRequest({QStringLiteral("/api/v3/klines"),
          {{QStringLiteral("symbol"), QString::fromStdString(symbol)},
           {QStringLiteral("interval"), QStringLiteral("1m")},
           {QStringLiteral("startTime"), QString::number(toUnixMillis(from))},
           {QStringLiteral("limit"), QString::number(kKlineLimit)}},
          2,
          [this, done = std::move(done)](Result<QByteArray> body) {
              if (!body)
                  return done(std::unexpected(body.error()));
              auto candles = binance::parseKlines(body->toStdString(), model::Timeframe::M1,
                                                  fromUnixMillis(
                                                      QDateTime::currentMSecsSinceEpoch()));
              if (!candles)
                  reportMalformed("klines", candles.error().message);
              done(std::move(candles));
          }});
}

void BinanceConnector::fetchTrades(const std::string &symbol, std::int64_t afterId,
                                   Callback<std::vector<model::Trade>> done)
{
    QList<std::pair<QString, QString>> query{
        {QStringLiteral("symbol"), QString::fromStdString(symbol)},
        {QStringLiteral("limit"), QString::number(kTradeLimit)}};
    if (afterId > 0)
        query.append({QStringLiteral("fromId"), QString::number(afterId + 1)});
    sendRequest({QStringLiteral("/api/v3/aggTrades"), query, 4,
          [this, done = std::move(done)](Result<QByteArray> body) {
              if (!body)
                  return done(std::unexpected(body.error()));
              auto trades = binance::parseAggTrades(body->toStdString());
              if (!trades)
                  reportMalformed("aggTrades", trades.error().message);
              done(std::move(trades));
          }});
}

// --- Stream ----------------------------------------------------------------------------------

QUrl BinanceConnector::streamUrl() const
{
    QStringList streams;
    for (const auto &start : symbols()) {
        const QString name = lower(start.symbol);
        if (channels().candles)
            streams << name + QStringLiteral("@kline_1m");
        if (channels().trades)
            streams << name + QStringLiteral("@aggTrade");
        if (channels().book)
            streams << name + QStringLiteral("@depth@100ms");
    }
    QUrl url = endpoints().webSocketUrl;
    url.setPath(QStringLiteral("/stream"));
    url.setQuery(QStringLiteral("streams=") + streams.join(QLatin1Char('/')));
    return url;
}

void BinanceConnector::onStreamClosed()
{
    m_bookSync.clear();
}

void BinanceConnector::resetBooks()
{
    m_bookSync.clear();
    for (const auto &start : symbols()) {
        bookOf(start.symbol).clear();
        m_bookSync[start.symbol];
        requestSnapshot(start.symbol);
    }
}

void BinanceConnector::onStreamMessage(const QString &message)
{
    auto event = binance::parseStreamEvent(message.toStdString());
    if (!event) {
        // A lost depth diff shows up as a sequence gap on the next one, which resyncs the book.
        reportMalformed("stream", event.error().message);
        return;
    }
    if (auto *kline = std::get_if<binance::KlineEvent>(&*event))
        deliverCandle(kline->symbol, kline->candle);
    else if (auto *trade = std::get_if<binance::TradeEvent>(&*event))
        deliverTrade(trade->symbol, trade->trade);
    else if (auto *depth = std::get_if<binance::DepthEvent>(&*event))
        onDepth(std::move(*depth));
}

void BinanceConnector::onDepth(binance::DepthEvent event)
{
    const auto found = m_bookSync.find(event.symbol);
    if (found == m_bookSync.end())
        return; // not a followed symbol
    auto &sync = found->second;
    model::OrderBook &book = bookOf(event.symbol);
    if (!book.synced()) {
        if (sync.buffered.size() >= kMaxBufferedDiffs)
            sync.buffered.pop_front();
        sync.buffered.push_back(std::move(event));
        return;
    }
    auto applied = book.applyDiff(event.firstUpdateId, event.finalUpdateId, event.bids,
                                  event.asks);
    if (!applied) {
        resyncBook(event.symbol, applied.error().message);
        return;
    }
    if (*applied == model::BookUpdate::Applied)
        emit bookUpdated(QString::fromStdString(event.symbol));
}

void BinanceConnector::resyncBook(const std::string &symbol, const std::string &reason)
{
    reportBookResync(symbol, reason);
    bookOf(symbol).clear();
    auto &sync = m_bookSync[symbol];
    sync.buffered.clear();
    requestSnapshot(symbol);
}

void BinanceConnector::requestSnapshot(const std::string &symbol)
{
    auto &sync = m_bookSync[symbol];
    if (sync.snapshotRequested)
        return;
    sync.snapshotRequested = true;
    const auto generationAtRequest = generation();
    sendRequest({QStringLiteral("/api/v3/depth"),
          {{QStringLiteral("symbol"), QString::fromStdString(symbol)},
           {QStringLiteral("limit"), QString::number(kDepthLimit)}},
          kDepthWeight,
          [this, symbol, generationAtRequest](Result<QByteArray> body) {
              if (generationAtRequest != generation())
                  return;
              const auto found = m_bookSync.find(symbol);
              if (found == m_bookSync.end())
                  return; // the stream was reset meanwhile; its own request is on the way
              auto &pending = found->second;
              pending.snapshotRequested = false;
              if (!body) {
                  server::logger("connector")->warn("msg=\"depth snapshot failed\" "
                                                    "exchange=binance symbol={} error={}",
                                                    symbol, server::quoted(body.error().message));
                  QTimer::singleShot(5000, this, [this, symbol, generationAtRequest] {
                      if (generationAtRequest == generation() && !bookOf(symbol).synced())
                          requestSnapshot(symbol);
                  });
                  return;
              }
              auto snapshot = binance::parseDepthSnapshot(body->toStdString());
              if (!snapshot) {
                  reportMalformed("depth", snapshot.error().message);
                  return resyncBook(symbol, "malformed depth snapshot");
              }
              // The documented procedure: a snapshot that ends before the first buffered diff
              // begins (lastUpdateId + 1 < U) misses the updates in between — fetch another.
              if (!pending.buffered.empty()
                  && snapshot->lastUpdateId + 1 < pending.buffered.front().firstUpdateId) {
                  return requestSnapshot(symbol);
              }
              model::OrderBook &book = bookOf(symbol);
              book.applySnapshot(snapshot->lastUpdateId, snapshot->bids, snapshot->asks);
              std::deque<binance::DepthEvent> buffered;
              buffered.swap(pending.buffered);
              for (const auto &diff : buffered) {
                  auto applied = book.applyDiff(diff.firstUpdateId, diff.finalUpdateId,
                                                diff.bids, diff.asks);
                  if (!applied)
                      return resyncBook(symbol, applied.error().message);
              }
              if (book.synced())
                  emit bookUpdated(QString::fromStdString(symbol));
          }});
}

} // namespace bcf::connectors
