#include "common/metrics.h"

#include <chrono>

namespace bcf::server {

Metrics::Metrics(const std::string &component, const std::string &version,
                 const std::string &listen)
    : m_registry(std::make_shared<prometheus::Registry>()),
      m_rpcTotal(prometheus::BuildCounter()
                     .Name("bcf_rpc_requests_total")
                     .Help("gRPC requests handled, by method and status code")
                     .Register(*m_registry)),
      m_rpcDuration(prometheus::BuildHistogram()
                        .Name("bcf_rpc_duration_seconds")
                        .Help("gRPC request latency from first byte to status, by method")
                        .Register(*m_registry)),
      m_dependencyUp(prometheus::BuildGauge()
                         .Name("bcf_dependency_up")
                         .Help("1 when the dependency (postgresql, redis) answers, 0 otherwise")
                         .Register(*m_registry))
{
    prometheus::BuildGauge()
        .Name("bcf_build_info")
        .Help("Constant 1, labelled with the component and version")
        .Register(*m_registry)
        .Add({{"component", component}, {"version", version}})
        .Set(1);
    if (!listen.empty()) {
        m_exposer = std::make_unique<prometheus::Exposer>(listen);
        m_exposer->RegisterCollectable(m_registry);
    }
}

Result<std::unique_ptr<Metrics>> startMetrics(const std::string &component,
                                              const std::string &metricsListen)
{
    try {
        return std::make_unique<Metrics>(component, BCF_VERSION, metricsListen);
    } catch (const std::exception &error) {
        // prometheus-cpp (civetweb) reports a port it cannot bind by throwing.
        return makeError(ErrorCode::InvalidArgument, "node.metrics_listen: cannot listen on "
                                                         + metricsListen + ": " + error.what());
    }
}

void Metrics::recordRpc(const std::string &method, const std::string &code, double seconds)
{
    m_rpcTotal.Add({{"method", method}, {"code", code}}).Increment();
    static const prometheus::Histogram::BucketBoundaries buckets{
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    m_rpcDuration.Add({{"method", method}}, buckets).Observe(seconds);
}

void Metrics::setDependencyUp(const std::string &dependency, bool up)
{
    m_dependencyUp.Add({{"dependency", dependency}}).Set(up ? 1 : 0);
}

int Metrics::boundPort() const
{
    if (!m_exposer)
        return 0;
    const auto ports = m_exposer->GetListeningPorts();
    return ports.empty() ? 0 : ports.front();
}

const char *statusCodeName(grpc::StatusCode code)
{
    switch (code) {
    case grpc::OK: return "OK";
    case grpc::CANCELLED: return "CANCELLED";
    case grpc::UNKNOWN: return "UNKNOWN";
    case grpc::INVALID_ARGUMENT: return "INVALID_ARGUMENT";
    case grpc::DEADLINE_EXCEEDED: return "DEADLINE_EXCEEDED";
    case grpc::NOT_FOUND: return "NOT_FOUND";
    case grpc::ALREADY_EXISTS: return "ALREADY_EXISTS";
    case grpc::PERMISSION_DENIED: return "PERMISSION_DENIED";
    case grpc::UNAUTHENTICATED: return "UNAUTHENTICATED";
    case grpc::RESOURCE_EXHAUSTED: return "RESOURCE_EXHAUSTED";
    case grpc::FAILED_PRECONDITION: return "FAILED_PRECONDITION";
    case grpc::ABORTED: return "ABORTED";
    case grpc::OUT_OF_RANGE: return "OUT_OF_RANGE";
    case grpc::UNIMPLEMENTED: return "UNIMPLEMENTED";
    case grpc::INTERNAL: return "INTERNAL";
    case grpc::UNAVAILABLE: return "UNAVAILABLE";
    case grpc::DATA_LOSS: return "DATA_LOSS";
    default: return "UNKNOWN";
    }
}

namespace {

class RpcMetricsInterceptor final : public grpc::experimental::Interceptor {
public:
    RpcMetricsInterceptor(Metrics &metrics, std::string method)
        : m_metrics(metrics), m_method(std::move(method)),
          m_started(std::chrono::steady_clock::now())
    {
    }

    void Intercept(grpc::experimental::InterceptorBatchMethods *methods) override
    {
        using Point = grpc::experimental::InterceptionHookPoints;
        if (methods->QueryInterceptionHookPoint(Point::PRE_SEND_STATUS)) {
            const double seconds = std::chrono::duration<double>(
                                       std::chrono::steady_clock::now() - m_started)
                                       .count();
            m_metrics.recordRpc(m_method, statusCodeName(methods->GetSendStatus().error_code()),
                                seconds);
        }
        methods->Proceed();
    }

private:
    Metrics &m_metrics;
    std::string m_method;
    std::chrono::steady_clock::time_point m_started;
};

} // namespace

grpc::experimental::Interceptor *
RpcMetricsInterceptorFactory::CreateServerInterceptor(grpc::experimental::ServerRpcInfo *info)
{
    return new RpcMetricsInterceptor(m_metrics, info->method());
}

} // namespace bcf::server
