#include "collector/collector_service.h"

#include "binance_connector.h"
#include "bybit_connector.h"
#include "common/logging.h"

#include <QDateTime>

namespace bcf::compute {
namespace {

connectors::ConnectorEndpoints endpointsOf(const ExchangeConfig &exchange)
{
    return {QUrl(QString::fromStdString(exchange.restUrl)),
            QUrl(QString::fromStdString(exchange.webSocketUrl))};
}

} // namespace

CollectorService::CollectorService(const ComputeConfig &config, server::Database &database,
                                   server::RedisClient &redis, server::Metrics &metrics,
                                   QObject *parent)
    : QObject(parent), m_database(database),
      m_retention{config.collector.tradeRetentionDays, config.collector.candleRetentionDays},
      m_candles(database), m_trades(database), m_instruments(database)
{
    CollectorSettings settings;
    settings.backfillMinutes = static_cast<int>(config.collector.backfillMinutes);
    settings.bookDepth = static_cast<int>(config.collector.bookDepth);
    auto add = [&](std::unique_ptr<connectors::ExchangeConnector> connector,
                   const ExchangeConfig &exchange) {
        CollectorSettings own = settings;
        own.symbols = splitSymbols(exchange.symbols);
        Exchange entry;
        entry.collector = std::make_unique<MarketCollector>(*connector, own, m_candles, m_trades,
                                                            m_instruments, redis);
        entry.connector = std::move(connector);
        m_exchanges.push_back(std::move(entry));
    };
    if (config.binance.enabled)
        add(std::make_unique<connectors::BinanceConnector>(endpointsOf(config.binance)),
            config.binance);
    if (config.bybit.enabled)
        add(std::make_unique<connectors::BybitConnector>(endpointsOf(config.bybit)), config.bybit);

    auto &registry = metrics.registry();
    m_connectorTotals = & prometheus::BuildCounter()
                                .Name("bcf_connector_events_total")
                                .Help("Exchange connector events by kind: stream messages, "
                                      "malformed data, book resyncs, reconnects, gaps filled.")
                                .Register(registry);
    m_collectorTotals = & prometheus::BuildCounter()
                                .Name("bcf_collector_rows_total")
                                .Help("Rows the collector stored, books it published, and "
                                      "failed writes (kept and retried).")
                                .Register(registry);
    m_weight = & prometheus::BuildGauge()
                       .Name("bcf_connector_request_weight")
                       .Help("The exchange's request-weight meter for the current minute.")
                       .Register(registry);
    m_metricsTimer.setInterval(5000);
    connect(&m_metricsTimer, &QTimer::timeout, this, &CollectorService::exportMetrics);
    m_retentionTimer.setInterval(3600 * 1000);
    connect(&m_retentionTimer, &QTimer::timeout, this, &CollectorService::applyRetention);
}

CollectorService::~CollectorService()
{
    for (auto &exchange : m_exchanges)
        exchange.collector.reset(); // before its connector
}

void CollectorService::start()
{
    for (auto &exchange : m_exchanges) {
        exchange.collector->start();
        server::logger("collector")->info("msg=\"collector started\" exchange={}",
                                          exchange.connector->exchange());
    }
    m_metricsTimer.start();
    m_retentionTimer.start();
    applyRetention();
}

void CollectorService::exportMetrics()
{
    auto &connectorTotals = *m_connectorTotals;
    auto &collectorTotals = *m_collectorTotals;
    auto &weight = *m_weight;
    for (auto &exchange : m_exchanges) {
        const std::string name = exchange.connector->exchange();
        const auto &now = std::as_const(*exchange.connector).counters();
        auto bump = [&](prometheus::Family<prometheus::Counter> &family, const char *kind,
                        std::int64_t current, std::int64_t &seen) {
            if (current > seen)
                family.Add({{"exchange", name}, {"kind", kind}})
                    .Increment(static_cast<double>(current - seen));
            seen = current;
        };
        bump(connectorTotals, "message", now.messages, exchange.exported.messages);
        bump(connectorTotals, "malformed", now.malformed, exchange.exported.malformed);
        bump(connectorTotals, "book_resync", now.bookResyncs, exchange.exported.bookResyncs);
        bump(connectorTotals, "reconnect", now.reconnects, exchange.exported.reconnects);
        bump(connectorTotals, "gap_filled", now.gapsFilled, exchange.exported.gapsFilled);
        weight.Add({{"exchange", name}}).Set(now.usedWeight);
        const auto &stored = exchange.collector->counters();
        bump(collectorTotals, "candle", stored.candlesStored,
             exchange.exportedCollector.candlesStored);
        bump(collectorTotals, "trade", stored.tradesStored, exchange.exportedCollector.tradesStored);
        bump(collectorTotals, "book_published", stored.booksPublished,
             exchange.exportedCollector.booksPublished);
        bump(collectorTotals, "store_failure", stored.storeFailures,
             exchange.exportedCollector.storeFailures);
    }
}

void CollectorService::applyRetention()
{
    auto log = server::logger("retention");
    auto report = server::applyRetention(m_database, m_retention,
                                         fromUnixMillis(QDateTime::currentMSecsSinceEpoch()));
    if (!report) {
        log->warn("msg=\"retention failed; next try in an hour\" error={}",
                  server::quoted(report.error().message));
        return;
    }
    for (const auto &partition : report->dropped)
        log->info("msg=\"dropped data past retention\" partition_or_chunk={}", partition);
}

} // namespace bcf::compute
