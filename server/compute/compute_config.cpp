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
        return s;
    }();
    return schema;
}

} // namespace bcf::compute
