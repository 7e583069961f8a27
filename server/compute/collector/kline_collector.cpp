#include "kline_collector.h"

#include "binance_messages.h"
#include "common/logging.h"

#include <QDateTime>
#include <QNetworkReply>
#include <QUrlQuery>

namespace bcf::compute {
namespace {

std::string marketDataMessage(const std::string &exchange, const std::string &symbol,
                              const model::Candle &candle)
{
    return R"({"type":"candle","exchange":")" + exchange + R"(","symbol":")" + symbol
           + R"(","timeframe":")" + std::string(model::timeframeName(candle.timeframe))
           + R"(","open_time":)" + std::to_string(toUnixMillis(candle.openTime)) + R"(,"open":")"
           + candle.open.toString() + R"(","high":")" + candle.high.toString() + R"(","low":")"
           + candle.low.toString() + R"(","close":")" + candle.close.toString()
           + R"(","volume":")" + candle.volume.toString() + R"(","quote_volume":")"
           + candle.quoteVolume.toString() + R"(","trade_count":)"
           + std::to_string(candle.tradeCount) + R"(,"closed":)"
           + (candle.closed ? "true" : "false") + "}";
}

} // namespace

KlineCollector::KlineCollector(CollectorSettings settings, server::CandleStore &store,
                               server::RedisClient &redis, QObject *parent)
    : QObject(parent), m_settings(std::move(settings)), m_store(store), m_redis(redis)
{
    m_reconnectTimer.setSingleShot(true);
    connect(&m_reconnectTimer, &QTimer::timeout, this, [this] {
        backfillAll([this] { openStream(); });
    });
    connect(&m_socket, &QWebSocket::textMessageReceived, this, &KlineCollector::onStreamMessage);
    connect(&m_socket, &QWebSocket::disconnected, this, &KlineCollector::onStreamClosed);
    connect(&m_socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this, [this] {
        if (m_socket.state() == QAbstractSocket::UnconnectedState)
            onStreamClosed();
    });
    connect(&m_socket, &QWebSocket::connected, this, [this] {
        m_streaming = true;
        m_backoff.reset();
        server::logger("collector")->info("msg=\"stream connected\" url={}",
                                          m_socket.requestUrl().toString().toStdString());
        emit streamConnected();
    });
}

void KlineCollector::start()
{
    backfillAll([this] { openStream(); });
}

void KlineCollector::backfillAll(std::function<void()> then)
{
    // One symbol after another, then `then`.
    auto remaining = std::make_shared<QStringList>(m_settings.symbols);
    auto next = std::make_shared<std::function<void()>>();
    *next = [this, remaining, next, then] {
        if (remaining->isEmpty())
            return then();
        const QString symbol = remaining->takeFirst();
        const TimePoint now = fromUnixMillis(QDateTime::currentMSecsSinceEpoch());
        auto stored = m_store.latest(m_settings.exchange, symbol.toStdString(),
                                     model::Timeframe::M1, fromUnixMillis(0), now, 1);
        qint64 from = QDateTime::currentMSecsSinceEpoch()
                      - qint64(m_settings.backfillMinutes) * 60'000;
        if (stored && !stored->empty())
            from = toUnixMillis(stored->back().openTime); // re-fetch the newest: it may have grown
        backfill(symbol, from, 0, [next] { (*next)(); });
    };
    (*next)();
}

void KlineCollector::backfill(const QString &symbol, qint64 fromMs, int fetched,
                              std::function<void()> then)
{
    QUrl url = m_settings.restUrl;
    url.setPath(QStringLiteral("/api/v3/klines"));
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("symbol"), symbol);
    query.addQueryItem(QStringLiteral("interval"), QStringLiteral("1m"));
    query.addQueryItem(QStringLiteral("startTime"), QString::number(fromMs));
    query.addQueryItem(QStringLiteral("limit"), QStringLiteral("1000"));
    url.setQuery(query);
    QNetworkReply *reply = m_network.get(QNetworkRequest(url));
    connect(reply, &QNetworkReply::finished, this, [this, reply, symbol, fetched, then] {
        reply->deleteLater();
        auto log = server::logger("collector");
        if (reply->error() != QNetworkReply::NoError) {
            log->warn("msg=\"backfill failed\" symbol={} error={}", symbol.toStdString(),
                      server::quoted(reply->errorString().toStdString()));
            m_reconnectTimer.start(m_backoff.nextDelay());
            return;
        }
        const int weight = reply->rawHeader(QByteArrayLiteral("X-MBX-USED-WEIGHT-1M")).toInt();
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        auto candles = connectors::binance::parseKlines(reply->readAll().toStdString(),
                                                        model::Timeframe::M1, fromUnixMillis(now));
        if (!candles) {
            ++m_malformed;
            log->warn("msg=\"malformed klines\" symbol={} error={}", symbol.toStdString(),
                      server::quoted(candles.error().message));
            m_reconnectTimer.start(m_backoff.nextDelay());
            return;
        }
        std::vector<model::Candle> closed;
        for (const auto &candle : *candles) {
            if (candle.closed)
                closed.push_back(candle);
        }
        if (auto stored = m_store.ingest(m_settings.exchange, symbol.toStdString(), closed);
            !stored) {
            log->warn("msg=\"storing candles failed\" error={}",
                      server::quoted(stored.error().message));
            m_reconnectTimer.start(m_backoff.nextDelay());
            return;
        }
        m_stored += qint64(closed.size());
        const int total = fetched + int(closed.size());
        // A full page means more may follow; stay under 80% of the request weight limit.
        if (candles->size() == 1000 && !closed.empty()) {
            const qint64 nextFrom = toUnixMillis(closed.back().openTime) + 60'000;
            const int pause = weight > 4800 ? 10'000 : 0;
            QTimer::singleShot(pause, this, [this, symbol, nextFrom, total, then] {
                backfill(symbol, nextFrom, total, then);
            });
            return;
        }
        log->info("msg=\"backfill done\" symbol={} candles={}", symbol.toStdString(), total);
        emit backfillFinished(symbol, total);
        then();
    });
}

void KlineCollector::openStream()
{
    QStringList streams;
    for (const QString &symbol : std::as_const(m_settings.symbols))
        streams << symbol.toLower() + QStringLiteral("@kline_1m");
    QUrl url = m_settings.webSocketUrl;
    url.setPath(QStringLiteral("/stream"));
    url.setQuery(QStringLiteral("streams=") + streams.join(QLatin1Char('/')));
    m_socket.open(url);
}

void KlineCollector::onStreamMessage(const QString &message)
{
    auto event = connectors::binance::parseStreamEvent(message.toStdString());
    if (!event) {
        if (m_malformed++ == 0) // logged once; counted always
            server::logger("collector")->warn("msg=\"malformed stream message\" error={}",
                                              server::quoted(event.error().message));
        return;
    }
    const auto *kline = std::get_if<connectors::binance::KlineEvent>(&*event);
    if (!kline)
        return;
    if (kline->candle.closed) {
        if (auto stored = m_store.ingest(m_settings.exchange, kline->symbol, {kline->candle});
            stored) {
            ++m_stored;
            emit candleStored(QString::fromStdString(kline->symbol),
                              toUnixMillis(kline->candle.openTime));
        }
    }
    (void)m_redis.command({"PUBLISH", "market_data",
                           marketDataMessage(m_settings.exchange, kline->symbol, kline->candle)});
}

void KlineCollector::onStreamClosed()
{
    m_streaming = false;
    if (m_reconnectTimer.isActive())
        return; // a failed connection reports both an error and a disconnect
    const auto delay = m_backoff.nextDelay();
    server::logger("collector")->warn("msg=\"stream closed; reconnecting\" in_ms={}",
                                      delay.count());
    m_reconnectTimer.start(delay);
}

} // namespace bcf::compute
