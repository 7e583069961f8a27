#include "common/node_registry.h"

#include <algorithm>
#include <map>

namespace bcf::server {
namespace {

constexpr const char *kPrefix = "bcf:compute:node:";

std::int64_t toInteger(const std::string &text)
{
    try {
        return std::stoll(text);
    } catch (const std::exception &) {
        return 0;
    }
}

} // namespace

Status NodeRegistry::heartbeat(const ComputeNodeInfo &node, int ttlSeconds)
{
    const std::string key = kPrefix + node.nodeName;
    auto set = m_redis.command({"HSET", key, "node_name", node.nodeName, "address", node.address,
                                "device", node.device, "threads", std::to_string(node.threads),
                                "started_at_unix_ms", std::to_string(node.startedAtUnixMs),
                                "last_heartbeat_unix_ms",
                                std::to_string(node.lastHeartbeatUnixMs)});
    if (!set)
        return std::unexpected(set.error());
    auto expire = m_redis.command({"EXPIRE", key, std::to_string(ttlSeconds)});
    if (!expire)
        return std::unexpected(expire.error());
    return {};
}

Status NodeRegistry::remove(const std::string &nodeName)
{
    auto removed = m_redis.command({"DEL", kPrefix + nodeName});
    if (!removed)
        return std::unexpected(removed.error());
    return {};
}

Result<std::vector<ComputeNodeInfo>> NodeRegistry::liveNodes()
{
    std::vector<std::string> keys;
    std::string cursor = "0";
    do {
        auto page = m_redis.command({"SCAN", cursor, "MATCH", std::string(kPrefix) + "*",
                                     "COUNT", "100"});
        if (!page)
            return std::unexpected(page.error());
        if (page->elements.size() != 2)
            return makeError(ErrorCode::Internal, "unexpected SCAN reply from Redis");
        cursor = page->elements[0].text;
        for (const auto &key : page->elements[1].elements)
            keys.push_back(key.text);
    } while (cursor != "0");

    std::vector<ComputeNodeInfo> nodes;
    for (const auto &key : keys) {
        auto fields = m_redis.command({"HGETALL", key});
        if (!fields)
            return std::unexpected(fields.error());
        std::map<std::string, std::string> values;
        for (size_t i = 0; i + 1 < fields->elements.size(); i += 2)
            values[fields->elements[i].text] = fields->elements[i + 1].text;
        if (values.empty())
            continue; // expired between SCAN and HGETALL
        ComputeNodeInfo node;
        node.nodeName = values["node_name"];
        node.address = values["address"];
        node.device = values["device"];
        node.threads = static_cast<int>(toInteger(values["threads"]));
        node.startedAtUnixMs = toInteger(values["started_at_unix_ms"]);
        node.lastHeartbeatUnixMs = toInteger(values["last_heartbeat_unix_ms"]);
        nodes.push_back(std::move(node));
    }
    std::ranges::sort(nodes, {}, &ComputeNodeInfo::nodeName);
    return nodes;
}

} // namespace bcf::server
