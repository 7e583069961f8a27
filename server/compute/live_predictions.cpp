#include "live_predictions.h"

#include "common/logging.h"
#include "model/timeframe.h"

#include <bcf/v1/jobs.pb.h>

#include <fmt/format.h>

namespace bcf::compute {

LivePredictions::LivePredictions(InferenceRpc &inference, server::ModelRegistry &models, server::RedisClient &redis,
                                 const Clock &clock, std::string node, std::chrono::milliseconds every)
    : m_inference(inference), m_models(models), m_redis(redis), m_clock(clock), m_node(std::move(node)),
      m_every(every)
{}

LivePredictions::~LivePredictions() { stop(); }

void LivePredictions::start()
{
    m_thread = std::thread(&LivePredictions::loop, this);
}

void LivePredictions::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

void LivePredictions::loop()
{
    std::unique_lock lock(m_mutex);
    while (!m_stopping) {
        lock.unlock();
        runOnce();
        lock.lock();
        m_wake.wait_for(lock, m_every, [this] { return m_stopping; });
    }
}

int LivePredictions::runOnce()
{
    auto log = server::logger("inference");
    auto versions = m_models.list("");
    if (!versions) {
        log->warn("msg=\"live models not listed\" error={}", server::quoted(versions.error().message));
        return 0;
    }
    int made = 0;
    const TimePoint now = m_clock.now();
    for (const server::ModelVersionRecord &listed : *versions) {
        if (!listed.live)
            continue;
        auto version = m_models.get(listed.name, listed.version, false);
        v1::TrainingSpec spec;
        if (!version || !spec.ParseFromString(version->spec))
            continue;
        const auto timeframe = model::parseTimeframe(spec.timeframe());
        if (!timeframe || spec.exchange().empty() || spec.symbol().empty())
            continue;
        // The last bar closed by now; predicted once, when its candle is stored.
        const TimePoint bar = model::bucketStart(*timeframe, model::bucketStart(*timeframe, now) - std::chrono::milliseconds(1));
        auto stored = m_models.predictions(version->id, spec.exchange(), spec.symbol(), spec.timeframe(), bar,
                                           bar + std::chrono::milliseconds(1));
        if (!stored || !stored->empty())
            continue;
        const std::string key = fmt::format("bcf:live-prediction:{}:{}", version->id, toUnixMillis(bar));
        auto claimed = m_redis.command({"SET", key, m_node, "NX", "PX", "600000"});
        if (!claimed || claimed->type == server::RedisReply::Type::Nil)
            continue; // another node makes it (or Redis is down: the next pass tries again)
        auto prediction = m_inference.predict(
            *version, {spec.exchange(), spec.symbol(), *timeframe, now, std::optional<TimePoint>(bar)});
        if (!prediction) {
            (void)m_redis.command({"DEL", key}); // not made: free for the next pass
            std::string &last = m_lastProblem[version->id];
            if (last != prediction.error().message) {
                last = prediction.error().message;
                log->info("msg=\"live prediction waits\" model={} version={} reason={}", version->name,
                          version->version, server::quoted(last));
            }
            continue;
        }
        m_lastProblem.erase(version->id);
        ++made;
        log->debug("msg=\"live prediction\" model={} version={} bar={} value={}", version->name, version->version,
                   toUnixMillis(bar), prediction->value());
    }
    return made;
}

} // namespace bcf::compute
