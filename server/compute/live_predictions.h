#pragma once

#include "common/model_registry.h"
#include "common/redis_client.h"
#include "core/clock.h"
#include "inference_rpc.h"

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>

namespace bcf::compute {

// Live models make their predictions on their own (docs/ml.md, "Live inference"): every
// `every`, for each model version that is live, at the last closed bar of the instrument and
// timeframe it was trained on, once that bar's candle is stored: the prediction is made, stored
// and published on ai_prediction / trading_signal, as Predict does, whether or not a bot asks.
// Every compute node runs the loop; a Redis key per version and bar lets one node make each
// prediction. A background thread.
class LivePredictions final {
public:
    LivePredictions(InferenceRpc &inference, server::ModelRegistry &models, server::RedisClient &redis,
                    const Clock &clock, std::string node, std::chrono::milliseconds every);
    ~LivePredictions();
    LivePredictions(const LivePredictions &) = delete;
    LivePredictions &operator=(const LivePredictions &) = delete;

    void start();
    void stop();

    // One pass over the live versions; returns how many predictions this node made.
    int runOnce();

private:
    void loop();

    InferenceRpc &m_inference;
    server::ModelRegistry &m_models;
    server::RedisClient &m_redis;
    const Clock &m_clock;
    std::string m_node;
    std::chrono::milliseconds m_every;
    std::thread m_thread;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    std::map<std::int64_t, std::string> m_lastProblem; // per version: logged once until it changes
};

} // namespace bcf::compute
