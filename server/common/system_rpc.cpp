#include "common/system_rpc.h"

#include "common/grpc_status.h"

#include <chrono>

namespace bcf::server {
namespace {

std::int64_t nowUnixMillis()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

} // namespace

SystemRpc::SystemRpc(std::string component, std::string nodeName, NodeRegistry &registry,
                     DetailsProvider details)
    : m_component(std::move(component)), m_nodeName(std::move(nodeName)),
      m_startedAtUnixMs(nowUnixMillis()), m_registry(registry), m_details(std::move(details))
{
}

grpc::Status SystemRpc::GetServerInfo(grpc::ServerContext * /*context*/,
                                      const v1::GetServerInfoRequest * /*request*/,
                                      v1::ServerInfo *response)
{
    response->set_component(m_component);
    response->set_version(BCF_VERSION);
    response->set_node_name(m_nodeName);
    response->set_started_at_unix_ms(m_startedAtUnixMs);
    response->set_now_unix_ms(nowUnixMillis());
    for (const auto &[key, value] : m_details())
        (*response->mutable_details())[key] = value;
    return grpc::Status::OK;
}

grpc::Status SystemRpc::ListComputeNodes(grpc::ServerContext * /*context*/,
                                         const v1::ListComputeNodesRequest * /*request*/,
                                         v1::ListComputeNodesResponse *response)
{
    auto nodes = m_registry.liveNodes();
    if (!nodes)
        return toGrpcStatus(nodes.error());
    for (const auto &node : *nodes) {
        auto *out = response->add_nodes();
        out->set_node_name(node.nodeName);
        out->set_address(node.address);
        out->set_device(node.device);
        out->set_threads(node.threads);
        out->set_started_at_unix_ms(node.startedAtUnixMs);
        out->set_last_heartbeat_unix_ms(node.lastHeartbeatUnixMs);
    }
    return grpc::Status::OK;
}

} // namespace bcf::server
