#include "compute_config.h"

namespace bcf::compute {

const server::ConfigSchema<ComputeConfig> &computeConfigSchema()
{
    static const server::ConfigSchema<ComputeConfig> schema = [] {
        server::ConfigSchema<ComputeConfig> s;
        server::addCommonFields(s, "compute-1", "127.0.0.1:50061", "127.0.0.1:9465");
        s.addString("compute.device", "LibTorch device: auto (CUDA when present), cpu or cuda.",
                    "auto", [](ComputeConfig &c) -> std::string & { return c.compute.device; },
                    [](const std::string &value) -> Status {
                        if (value == "auto" || value == "cpu" || value == "cuda")
                            return {};
                        return makeError(ErrorCode::InvalidArgument,
                                         "must be auto, cpu or cuda, got \"" + value + "\"");
                    });
        s.addInteger("compute.threads", "LibTorch intra-op CPU threads; 0 uses one per core.", 0,
                     0, 1024, [](ComputeConfig &c) -> std::int64_t & { return c.compute.threads; });
        s.addInteger("compute.heartbeat_seconds",
                     "Interval of the node's heartbeat in Redis; the entry expires after three.",
                     5, 1, 300,
                     [](ComputeConfig &c) -> std::int64_t & { return c.compute.heartbeatSeconds; });
        s.addString("compute.advertise_address",
                    "host:port other nodes use to reach this one; empty uses node.listen.", "",
                    [](ComputeConfig &c) -> std::string & { return c.compute.advertiseAddress; },
                    [](const std::string &value) -> Status {
                        return value.empty() ? Status{} : server::validateHostPort(value);
                    });
        auto url = [](const std::string &value) -> Status {
            if (value.starts_with("http://") || value.starts_with("https://")
                || value.starts_with("ws://") || value.starts_with("wss://"))
                return {};
            return makeError(ErrorCode::InvalidArgument,
                             "must be an http(s):// or ws(s):// URL, got \"" + value + "\"");
        };
        s.addBool("collector.enabled", "Collect 1m candles of collector.symbols into PostgreSQL.",
                  false, [](ComputeConfig &c) -> bool & { return c.collector.enabled; });
        s.addString("collector.exchange", "Exchange name the candles are stored under.", "binance",
                    [](ComputeConfig &c) -> std::string & { return c.collector.exchange; },
                    server::validateNonEmpty);
        s.addString("collector.rest_url", "Base URL of the exchange's Binance-compatible REST API.",
                    "https://api.binance.com",
                    [](ComputeConfig &c) -> std::string & { return c.collector.restUrl; }, url);
        s.addString("collector.websocket_url", "Base URL of its WebSocket streams.",
                    "wss://stream.binance.com:9443",
                    [](ComputeConfig &c) -> std::string & { return c.collector.webSocketUrl; },
                    url);
        s.addString("collector.symbols", "Comma-separated symbols, e.g. \"BTCUSDT,ETHUSDT\".",
                    "BTCUSDT,ETHUSDT",
                    [](ComputeConfig &c) -> std::string & { return c.collector.symbols; },
                    server::validateNonEmpty);
        s.addInteger("collector.backfill_minutes",
                     "History fetched for a symbol that has no stored candle.", 1440, 0,
                     60 * 24 * 365,
                     [](ComputeConfig &c) -> std::int64_t & { return c.collector.backfillMinutes; });
        return s;
    }();
    return schema;
}

} // namespace bcf::compute
