#pragma once

#include "common/node_registry.h"
#include "core/clock.h"
#include "core/result.h"

#include <bcf/v1/inference.grpc.pb.h>

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace bcf::core {

// Where the values of predict() come from for a live bot.
class PredictionSource {
public:
    virtual ~PredictionSource() = default;
    // The prediction of `key` (Program::externals: "predict:name" or "predict:name@3") made at
    // the close of the bar that opened at `barOpen`.
    virtual Result<double> predict(const std::string &key, const std::string &exchange, const std::string &symbol,
                                   const std::string &timeframe, TimePoint barOpen) = 0;
};

// [inference]: how bcf-core reaches the compute nodes' InferenceService (mutual TLS).
struct InferenceClientSettings {
    std::string caFile;            // CA of the compute nodes' certificates
    std::string clientCertificate; // bcf-core's client certificate (bcfctl certs issue --client)
    std::string clientKey;
    std::int64_t timeoutMilliseconds = 2000;
};

// Calls Predict on the live compute nodes (NodeRegistry), over mutual TLS, trying the next node
// when one is unreachable. A bar whose candle the node has not stored yet is asked again a few
// times (the collector writes it within a second or so of the close). Thread-safe.
class PredictionClient final : public PredictionSource {
public:
    PredictionClient(server::NodeRegistry &nodes, InferenceClientSettings settings);

    // FailedPrecondition when [inference] is not configured; the Predict errors otherwise
    // (NotFound for an unknown model, FailedPrecondition for too few candles, Unavailable when no
    // node answers).
    Result<double> predict(const std::string &key, const std::string &exchange, const std::string &symbol,
                           const std::string &timeframe, TimePoint barOpen) override;

    bool configured() const { return !m_settings.clientCertificate.empty(); }

private:
    v1::InferenceService::Stub *stubFor(const std::string &address, Error &error);

    server::NodeRegistry &m_nodes;
    InferenceClientSettings m_settings;
    std::mutex m_mutex;
    std::map<std::string, std::unique_ptr<v1::InferenceService::Stub>> m_stubs; // by address
    std::size_t m_next = 0;                                                     // round robin
};

} // namespace bcf::core
