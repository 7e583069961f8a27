#pragma once

#include <grpcpp/support/server_interceptor.h>
#include <prometheus/counter.h>
#include <prometheus/exposer.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include "core/result.h"

#include <memory>
#include <string>

namespace bcf::server {

// The process's Prometheus registry and its /metrics endpoint (prometheus-cpp's exposer), plus
// the families every server has: RPC counts and latencies, dependency states, build info.
// Thread-safe; one instance a process, created in main and passed by reference.
class Metrics final {
public:
    // listen "" keeps the registry but serves nothing (tests).
    Metrics(const std::string &component, const std::string &version, const std::string &listen);

    prometheus::Registry &registry() { return *m_registry; }

    void recordRpc(const std::string &method, const std::string &code, double seconds);
    void setDependencyUp(const std::string &dependency, bool up);

    // Port actually bound (useful when the config asks for port 0); 0 when not serving.
    int boundPort() const;

private:
    std::shared_ptr<prometheus::Registry> m_registry;
    std::unique_ptr<prometheus::Exposer> m_exposer;
    prometheus::Family<prometheus::Counter> &m_rpcTotal;
    prometheus::Family<prometheus::Histogram> &m_rpcDuration;
    prometheus::Family<prometheus::Gauge> &m_dependencyUp;
};

// Creates the process's Metrics serving /metrics on node.metrics_listen; a port that cannot be
// bound is an error naming that setting.
Result<std::unique_ptr<Metrics>> startMetrics(const std::string &component,
                                              const std::string &metricsListen);

// "OK", "PERMISSION_DENIED", … as in the gRPC spec.
const char *statusCodeName(grpc::StatusCode code);

// gRPC server interceptor that records every RPC into Metrics: bcf_rpc_requests_total{method,code}
// and bcf_rpc_duration_seconds{method}.
class RpcMetricsInterceptorFactory final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
public:
    explicit RpcMetricsInterceptorFactory(Metrics &metrics) : m_metrics(metrics) {}
    grpc::experimental::Interceptor *
    CreateServerInterceptor(grpc::experimental::ServerRpcInfo *info) override;

private:
    Metrics &m_metrics;
};

} // namespace bcf::server
