#pragma once

#include "collector/market_collector.h"
#include "common/metrics.h"
#include "compute_config.h"

#include <QObject>
#include <QTimer>

#include <memory>
#include <vector>

namespace bcf::compute {

// bcf-compute's market-data collection: one ExchangeConnector and MarketCollector per enabled
// exchange ([binance], [bybit]), their counters exported to Prometheus
// (bcf_connector_*_total{exchange}, bcf_connector_request_weight{exchange},
// bcf_collector_*_total{exchange}), and the retention policy applied at start and hourly.
class CollectorService final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CollectorService)

public:
    CollectorService(const ComputeConfig &config, server::Database &database,
                     server::RedisClient &redis, server::Metrics &metrics,
                     QObject *parent = nullptr);
    ~CollectorService() override;

    void start();

private:
    struct Exchange {
        std::unique_ptr<connectors::ExchangeConnector> connector;
        std::unique_ptr<MarketCollector> collector;
        connectors::ConnectorCounters exported;        // what Prometheus has been told
        MarketCollector::Counters exportedCollector;
    };

    void exportMetrics();
    void applyRetention();

    server::Database &m_database;
    prometheus::Family<prometheus::Counter> *m_connectorTotals = nullptr;
    prometheus::Family<prometheus::Counter> *m_collectorTotals = nullptr;
    prometheus::Family<prometheus::Gauge> *m_weight = nullptr;
    server::RetentionPolicy m_retention;
    server::CandleStore m_candles;
    server::TradeStore m_trades;
    server::InstrumentStore m_instruments;
    std::vector<Exchange> m_exchanges;
    QTimer m_metricsTimer;
    QTimer m_retentionTimer;
};

} // namespace bcf::compute
