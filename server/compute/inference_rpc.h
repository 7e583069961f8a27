#pragma once

#include "common/candle_store.h"
#include "common/model_registry.h"
#include "common/redis_client.h"
#include "core/clock.h"
#include "core/result.h"
#include "model/timeframe.h"
#include "device.h"
#include "policy.h"

#include <bcf/v1/inference.grpc.pb.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace bcf::ml {
class Predictor;
}

namespace bcf::compute {

// bcf.v1.InferenceService on bcf-compute (docs/ml.md, "Live inference"): a registered model's
// prediction at the last closed bar of an instrument, from the stored candles. Each prediction
// is stored (the first one made for a bar is kept) and published on Redis: `ai_prediction` with
// the value, `trading_signal` with its side. For servers only: a caller without a verified
// client certificate (mutual TLS, tls.client_ca) is UNAUTHENTICATED. Loaded models are cached
// per version (at most 16); thread-safe. An agent (dqn, neuroevolution) answers its action: 1 be
// long, 0 be flat.
class InferenceRpc final : public bcf::v1::InferenceService::Service {
public:
    InferenceRpc(server::ModelRegistry &models, server::CandleStore &candles, server::RedisClient &redis,
                 ml::DeviceRequest device, const Clock &clock);
    ~InferenceRpc() override;

    grpc::Status Predict(grpc::ServerContext *context, const v1::PredictRequest *request,
                         v1::PredictResponse *response) override;

    // What to predict: an instrument and timeframe, at the last bar closed by asOf; with `bar`,
    // only that bar (FailedPrecondition while its candle is not stored).
    struct PredictTarget {
        std::string exchange;
        std::string symbol;
        model::Timeframe timeframe;
        TimePoint asOf;
        std::optional<TimePoint> bar;
    };
    // A version's prediction, stored (the first one made for a bar is kept) and published on
    // ai_prediction and trading_signal: what Predict answers, and what LivePredictions makes for
    // live models. FailedPrecondition when there are too few candles.
    Result<v1::PredictResponse> predict(const server::ModelVersionRecord &version, const PredictTarget &target);

    // The candles a live prediction is computed from: enough for the window and for the
    // features' indicators to settle (documented in docs/ml.md).
    static constexpr std::size_t kHistoryBars = 2000;

private:
    struct Loaded {
        std::mutex mutex; // a Predictor is not thread-safe
        std::unique_ptr<ml::Predictor> predictor; // a model, or
        std::unique_ptr<ml::PolicyArtifact> policy; // an agent's policy
    };
    // An agent's action at the last bar: the position it holds there is the one its stored
    // action of an earlier bar left, walked forward over the bars since (flat when none is stored).
    Result<double> policyAction(const Loaded &loaded, const server::ModelVersionRecord &version,
                                const PredictTarget &target, const std::vector<ml::Bar> &bars);
    Result<std::shared_ptr<Loaded>> load(const server::ModelVersionRecord &version);

    server::ModelRegistry &m_models;
    server::CandleStore &m_candles;
    server::RedisClient &m_redis;
    ml::DeviceRequest m_device;
    const Clock &m_clock;
    std::mutex m_cacheMutex;
    std::map<std::int64_t, std::shared_ptr<Loaded>> m_cache; // by version id
    std::mutex m_redisMutex;                                 // RedisClient is one connection
};

} // namespace bcf::compute
