#pragma once

#include "common/node_registry.h"

#include <bcf/v1/system.grpc.pb.h>

#include <functional>
#include <map>
#include <string>

namespace bcf::server {

// bcf.v1.SystemService, the same on every node: facts about this node and the live compute nodes.
class SystemRpc final : public bcf::v1::SystemService::Service {
public:
    using DetailsProvider = std::function<std::map<std::string, std::string>()>;

    SystemRpc(std::string component, std::string nodeName, NodeRegistry &registry,
              DetailsProvider details);

    grpc::Status GetServerInfo(grpc::ServerContext *context,
                               const v1::GetServerInfoRequest *request,
                               v1::ServerInfo *response) override;
    grpc::Status ListComputeNodes(grpc::ServerContext *context,
                                  const v1::ListComputeNodesRequest *request,
                                  v1::ListComputeNodesResponse *response) override;

private:
    std::string m_component;
    std::string m_nodeName;
    std::int64_t m_startedAtUnixMs;
    NodeRegistry &m_registry;
    DetailsProvider m_details;
};

} // namespace bcf::server
