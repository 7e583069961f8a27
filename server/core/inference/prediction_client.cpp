#include "inference/prediction_client.h"

#include "common/grpc_status.h"
#include "common/tls.h"
#include "model/timeframe.h"

#include <grpcpp/grpcpp.h>

#include <thread>

namespace bcf::core {

namespace {

constexpr int kNotStoredRetries = 4;
constexpr auto kNotStoredDelay = std::chrono::milliseconds(300);

ErrorCode codeOf(grpc::StatusCode code)
{
    switch (code) {
    case grpc::INVALID_ARGUMENT: return ErrorCode::InvalidArgument;
    case grpc::NOT_FOUND: return ErrorCode::NotFound;
    case grpc::FAILED_PRECONDITION: return ErrorCode::FailedPrecondition;
    case grpc::UNAUTHENTICATED: return ErrorCode::Unauthenticated;
    case grpc::PERMISSION_DENIED: return ErrorCode::PermissionDenied;
    default: return ErrorCode::Unavailable;
    }
}

} // namespace

PredictionClient::PredictionClient(server::NodeRegistry &nodes, InferenceClientSettings settings)
    : m_nodes(nodes), m_settings(std::move(settings))
{}

v1::InferenceService::Stub *PredictionClient::stubFor(const std::string &address, Error &error)
{
    std::lock_guard lock(m_mutex);
    if (const auto found = m_stubs.find(address); found != m_stubs.end())
        return found->second.get();
    auto credentials =
        server::makeChannelCredentials(m_settings.caFile, m_settings.clientCertificate, m_settings.clientKey);
    if (!credentials) {
        error = credentials.error();
        return nullptr;
    }
    auto stub = v1::InferenceService::NewStub(grpc::CreateChannel(address, *credentials));
    return m_stubs.emplace(address, std::move(stub)).first->second.get();
}

Result<double> PredictionClient::predict(const std::string &key, const std::string &exchange,
                                         const std::string &symbol, const std::string &timeframe, TimePoint barOpen)
{
    if (!configured())
        return makeError(ErrorCode::FailedPrecondition,
                         "live predictions need inference.client_certificate, inference.client_key and "
                         "inference.ca_file in bcf-core's configuration (docs/ml.md)");
    const auto frame = model::parseTimeframe(timeframe);
    if (!frame)
        return makeError(ErrorCode::InvalidArgument, "timeframe: '" + timeframe + "' is not a timeframe");
    v1::PredictRequest request;
    std::string name = key.substr(key.find(':') + 1);
    if (const auto at = name.find('@'); at != std::string::npos) {
        request.set_version(std::stoi(name.substr(at + 1)));
        name.resize(at);
    }
    request.set_model_name(name);
    request.set_exchange(exchange);
    request.set_symbol(symbol);
    request.set_timeframe(timeframe);
    request.set_as_of_unix_ms(toUnixMillis(model::nextBucketStart(*frame, barOpen)));

    auto nodes = m_nodes.liveNodes();
    if (!nodes)
        return std::unexpected(nodes.error());
    if (nodes->empty())
        return makeError(ErrorCode::Unavailable, "no compute node is running");
    Error last{ErrorCode::Unavailable, "no compute node answered"};
    for (int attempt = 0; attempt <= kNotStoredRetries; ++attempt) {
        std::size_t start = 0;
        {
            std::lock_guard lock(m_mutex);
            start = m_next++;
        }
        bool answered = false;
        for (std::size_t i = 0; i < nodes->size() && !answered; ++i) {
            const server::ComputeNodeInfo &node = (*nodes)[(start + i) % nodes->size()];
            Error error;
            auto *stub = stubFor(node.address, error);
            if (!stub)
                return std::unexpected(error);
            grpc::ClientContext context;
            context.set_deadline(std::chrono::system_clock::now() +
                                 std::chrono::milliseconds(m_settings.timeoutMilliseconds));
            v1::PredictResponse response;
            const grpc::Status status = stub->Predict(&context, request, &response);
            if (status.ok()) {
                if (response.bar_time_unix_ms() == toUnixMillis(barOpen))
                    return response.value();
                // The node has not stored this bar's candle yet: ask again shortly.
                last = {ErrorCode::Unavailable, "the compute nodes have no candle of the bar opening at " +
                                                    std::to_string(toUnixMillis(barOpen)) + " (ms) yet"};
                answered = true;
                continue;
            }
            last = {codeOf(status.error_code()), node.nodeName + ": " + status.error_message()};
            if (last.code != ErrorCode::Unavailable)
                return std::unexpected(last); // the same answer from every node
        }
        if (attempt < kNotStoredRetries)
            std::this_thread::sleep_for(kNotStoredDelay);
    }
    return std::unexpected(last);
}

} // namespace bcf::core
