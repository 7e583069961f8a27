#include "compute_config.h"

#include <cctype>

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
        s.addInteger("jobs.workers", "Job worker threads; 0 = this node runs no jobs.", 1, 0, 64,
                     [](ComputeConfig &c) -> std::int64_t & { return c.jobs.workers; });
        s.addInteger("jobs.stale_after_seconds",
                     "A job whose node has not reported for this long is taken over by another "
                     "node.",
                     30, 5, 3600,
                     [](ComputeConfig &c) -> std::int64_t & { return c.jobs.staleAfterSeconds; });
        s.addInteger("jobs.report_seconds",
                     "How often a running job reports progress (and learns of a cancel).", 2, 1,
                     60, [](ComputeConfig &c) -> std::int64_t & { return c.jobs.reportSeconds; });
        s.addInteger("jobs.optimizer_threads",
                     "Threads of one optimization; 0 = hardware threads / jobs.workers.", 0, 0, 256,
                     [](ComputeConfig &c) -> std::int64_t & { return c.jobs.optimizerThreads; });
        auto url = [](const std::string &value) -> Status {
            if (value.starts_with("http://") || value.starts_with("https://")
                || value.starts_with("ws://") || value.starts_with("wss://"))
                return {};
            return makeError(ErrorCode::InvalidArgument,
                             "must be an http(s):// or ws(s):// URL, got \"" + value + "\"");
        };
        s.addBool("collector.enabled",
                  "Collect market data (instruments, 1m candles, trades, order books) of the "
                  "enabled exchanges into PostgreSQL and publish it on Redis.",
                  false, [](ComputeConfig &c) -> bool & { return c.collector.enabled; });
        s.addBool("news.enabled",
                  "Fetch the news feeds an admin added (bcfctl news add-feed), score their items' "
                  "sentiment and store them.",
                  true, [](ComputeConfig &c) -> bool & { return c.news.enabled; });
        s.addInteger("news.poll_seconds", "How often every feed is fetched.", 300, 30, 86400,
                     [](ComputeConfig &c) -> std::int64_t & { return c.news.pollSeconds; });
        s.addInteger("news.request_timeout_seconds", "Longest wait for one feed's answer.", 15, 1, 300,
                     [](ComputeConfig &c) -> std::int64_t & { return c.news.requestTimeoutSeconds; });
        s.addBool("predictions.live",
                  "Make, store and publish the predictions of every live model at each bar it closes "
                  "(one node makes each), whether or not a bot asks.",
                  true, [](ComputeConfig &c) -> bool & { return c.predictions.live; });
        s.addInteger("predictions.poll_seconds", "How often the live models are looked at for a newly closed bar.",
                     5, 1, 3600, [](ComputeConfig &c) -> std::int64_t & { return c.predictions.pollSeconds; });
        s.addInteger("collector.backfill_minutes",
                     "1m history fetched for a symbol that has no stored candle.", 1440, 0,
                     60 * 24 * 365,
                     [](ComputeConfig &c) -> std::int64_t & { return c.collector.backfillMinutes; });
        s.addInteger("collector.book_depth", "Order-book levels per side published to bcf-core.",
                     20, 1, 100,
                     [](ComputeConfig &c) -> std::int64_t & { return c.collector.bookDepth; });
        s.addInteger("collector.trade_retention_days",
                     "Trades older than this many days are dropped (whole days); 0 keeps them.",
                     30, 0, 36500, [](ComputeConfig &c) -> std::int64_t & {
                         return c.collector.tradeRetentionDays;
                     });
        s.addInteger("collector.candle_retention_days",
                     "Candles older than this many days are dropped (whole months); 0 keeps them.",
                     0, 0, 36500, [](ComputeConfig &c) -> std::int64_t & {
                         return c.collector.candleRetentionDays;
                     });
        auto symbols = [](const std::string &value) -> Status {
            for (const auto &symbol : splitSymbols(value)) {
                for (char c : symbol) {
                    if (!std::isalnum(static_cast<unsigned char>(c)))
                        return makeError(ErrorCode::InvalidArgument,
                                         "symbols are letters and digits, got \"" + symbol
                                             + "\"");
                }
            }
            return {};
        };
        auto exchange = [&](const std::string &name, ExchangeConfig ComputeConfig::*section,
                            bool enabled, const std::string &rest, const std::string &ws,
                            const std::string &label) {
            s.addBool(name + ".enabled", "Collect " + label + " (when collector.enabled).",
                      enabled, [section](ComputeConfig &c) -> bool & { return (c.*section).enabled; });
            s.addString(name + ".rest_url", "Base URL of " + label + "'s REST API.", rest,
                        [section](ComputeConfig &c) -> std::string & {
                            return (c.*section).restUrl;
                        },
                        url);
            s.addString(name + ".websocket_url", "Base URL of its public WebSocket streams.", ws,
                        [section](ComputeConfig &c) -> std::string & {
                            return (c.*section).webSocketUrl;
                        },
                        url);
            s.addString(name + ".symbols", "Comma-separated symbols, e.g. \"BTCUSDT,ETHUSDT\".",
                        "BTCUSDT,ETHUSDT",
                        [section](ComputeConfig &c) -> std::string & {
                            return (c.*section).symbols;
                        },
                        symbols);
        };
        exchange("binance", &ComputeConfig::binance, true, "https://api.binance.com",
                 "wss://stream.binance.com:9443", "Binance spot");
        exchange("bybit", &ComputeConfig::bybit, false, "https://api.bybit.com",
                 "wss://stream.bybit.com", "Bybit v5 spot");
        return s;
    }();
    return schema;
}

std::vector<std::string> splitSymbols(const std::string &list)
{
    std::vector<std::string> symbols;
    std::string current;
    auto finish = [&] {
        const auto first = current.find_first_not_of(' ');
        const auto last = current.find_last_not_of(' ');
        if (first != std::string::npos)
            symbols.push_back(current.substr(first, last - first + 1));
        current.clear();
    };
    for (char c : list) {
        if (c == ',')
            finish();
        else
            current += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    finish();
    return symbols;
}

} // namespace bcf::compute
