#pragma once

#include "common/redis_client.h"
#include "core/result.h"

#include <cstdint>
#include <string>
#include <vector>

namespace bcf::server {

struct ComputeNodeInfo {
    std::string nodeName;
    std::string address;
    std::string device;
    int threads = 0;
    std::int64_t startedAtUnixMs = 0;
    std::int64_t lastHeartbeatUnixMs = 0;
};

// Live compute nodes, kept in Redis as one hash per node (`bcf:compute:node:<name>`) that expires
// unless its node renews it: a node that dies drops out of the list after the TTL.
class NodeRegistry final {
public:
    explicit NodeRegistry(RedisClient &redis) : m_redis(redis) {}

    Status heartbeat(const ComputeNodeInfo &node, int ttlSeconds);
    Status remove(const std::string &nodeName);
    Result<std::vector<ComputeNodeInfo>> liveNodes();

private:
    RedisClient &m_redis;
};

} // namespace bcf::server
