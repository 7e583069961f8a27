#include "inference_rpc.h"

#include "common/grpc_status.h"
#include "common/json_text.h"
#include "common/logging.h"
#include "dataset.h"
#include "jobs/training_jobs.h"
#include "model.h"
#include "model/timeframe.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace bcf::compute {

namespace {

constexpr std::size_t kMaxLoaded = 16;

grpc::Status invalid(const std::string &message) { return {grpc::INVALID_ARGUMENT, message}; }

} // namespace

InferenceRpc::InferenceRpc(server::ModelRegistry &models, server::CandleStore &candles, server::RedisClient &redis,
                           ml::DeviceRequest device, const Clock &clock)
    : m_models(models), m_candles(candles), m_redis(redis), m_device(std::move(device)), m_clock(clock)
{}

InferenceRpc::~InferenceRpc() = default;

Result<std::shared_ptr<InferenceRpc::Loaded>> InferenceRpc::load(const server::ModelVersionRecord &version)
{
    {
        std::lock_guard lock(m_cacheMutex);
        if (const auto found = m_cache.find(version.id); found != m_cache.end())
            return found->second;
    }
    auto withArtifact = m_models.get(version.name, version.version, true);
    if (!withArtifact)
        return std::unexpected(withArtifact.error());
    auto loaded = std::make_shared<Loaded>();
    try {
        if (ml::isPolicyArtifact(*withArtifact->artifact))
            loaded->policy = std::make_unique<ml::PolicyArtifact>(ml::readPolicyArtifact(*withArtifact->artifact));
        else
            loaded->predictor = std::make_unique<ml::Predictor>(*withArtifact->artifact, m_device);
    } catch (const std::exception &error) {
        return makeError(ErrorCode::Internal, "model '" + version.name + "' version " +
                                                  std::to_string(version.version) + " could not be loaded: " +
                                                  error.what());
    }
    std::lock_guard lock(m_cacheMutex);
    if (m_cache.size() >= kMaxLoaded)
        m_cache.erase(m_cache.begin()); // the oldest version id: usually a superseded version
    return m_cache.emplace(version.id, std::move(loaded)).first->second;
}

Result<double> InferenceRpc::policyAction(const Loaded &loaded, const server::ModelVersionRecord &version,
                                          const PredictTarget &target, const std::vector<ml::Bar> &bars)
{
    auto stored = m_models.predictions(version.id, target.exchange, target.symbol,
                                       std::string(model::timeframeName(target.timeframe)),
                                       fromUnixMillis(bars.front().timeMs), fromUnixMillis(bars.back().timeMs));
    if (!stored)
        return std::unexpected(stored.error());
    std::size_t first = 0;
    bool held = false;
    if (!stored->empty()) {
        const std::int64_t lastStored = toUnixMillis(stored->back().barTime);
        const auto at = std::lower_bound(bars.begin(), bars.end(), lastStored,
                                         [](const ml::Bar &bar, std::int64_t time) { return bar.timeMs < time; });
        if (at != bars.end() && at->timeMs == lastStored) {
            first = std::size_t(at - bars.begin()) + 1;
            held = stored->back().value > 0.5;
        }
    }
    return ml::policyActions(*loaded.policy, bars, first, held).back();
}

grpc::Status InferenceRpc::Predict(grpc::ServerContext *context, const v1::PredictRequest *request,
                                   v1::PredictResponse *response)
{
    const auto peer = context->auth_context();
    if (!peer || !peer->IsPeerAuthenticated())
        return {grpc::UNAUTHENTICATED, "Predict is for servers: connect with a client certificate signed by this "
                                       "node's tls.client_ca (mutual TLS)."};
    if (!server::ModelRegistry::validName(request->model_name()))
        return invalid("model name: '" + request->model_name() + "' is not a model name.");
    if (request->version() < 0)
        return invalid("version: 0 (the live one) or a version number.");
    if (request->exchange().empty() || request->symbol().empty())
        return invalid("exchange and symbol: both required.");
    const auto timeframe = model::parseTimeframe(request->timeframe());
    if (!timeframe)
        return invalid("timeframe: '" + request->timeframe() + "' is not a timeframe (1m, 5m, 1h, …).");

    auto version = m_models.get(request->model_name(), request->version(), false);
    if (!version)
        return server::toGrpcStatus(version.error());
    PredictTarget target{request->exchange(), request->symbol(), *timeframe,
                         request->as_of_unix_ms() > 0 ? fromUnixMillis(request->as_of_unix_ms()) : m_clock.now(),
                         std::nullopt};
    auto made = predict(*version, target);
    if (!made)
        return server::toGrpcStatus(made.error());
    *response = std::move(*made);
    return grpc::Status::OK;
}

Result<v1::PredictResponse> InferenceRpc::predict(const server::ModelVersionRecord &version,
                                                  const PredictTarget &target)
{
    auto loaded = load(version);
    if (!loaded)
        return std::unexpected(loaded.error());
    const std::string timeframe(model::timeframeName(target.timeframe));
    const std::string what = fmt::format("{} candles of {} {}", timeframe, target.exchange, target.symbol);

    // The bars closed by as_of: the one containing as_of is still open.
    const TimePoint now = m_clock.now();
    const TimePoint openBar = model::bucketStart(target.timeframe, target.asOf);
    auto candles = m_candles.latestBars(target.exchange, target.symbol, target.timeframe, openBar, kHistoryBars);
    if (!candles)
        return std::unexpected(candles.error());
    if (target.bar && (candles->empty() || candles->back().openTime != *target.bar))
        return makeError(ErrorCode::FailedPrecondition,
                         fmt::format("no stored candle of the bar at {} yet ({})", toUnixMillis(*target.bar), what));
    const std::vector<ml::Bar> bars = barsOf(*candles);

    double value = std::nan("");
    ml::DatasetSpec dataset;
    if ((*loaded)->policy) {
        dataset = (*loaded)->policy->dataset;
        if (!bars.empty()) {
            auto action = policyAction(**loaded, version, target, bars);
            if (!action)
                return std::unexpected(action.error());
            value = *action;
        }
    } else {
        std::lock_guard lock((*loaded)->mutex);
        dataset = (*loaded)->predictor->info().dataset;
        if (!bars.empty())
            value = (*loaded)->predictor->predictBars(bars).back();
    }
    if (std::isnan(value))
        return makeError(ErrorCode::FailedPrecondition,
                         fmt::format("not enough stored {} before {}: the model needs a window of {} bars after its "
                                     "features warm up, and {} are stored.",
                                     what, toUnixMillis(openBar), dataset.window, bars.size()));
    // Regression: a log return around 0; direction: P(up) around ½; an agent: 1 long, 0 flat.
    const double neutral = version.task == "regression" ? 0.0 : 0.5;
    const std::string signal = value > neutral ? "buy" : (value < neutral ? "sell" : "flat");
    const TimePoint barTime = candles->back().openTime;

    if (auto stored = m_models.storePredictions(version.id, target.exchange, target.symbol, timeframe,
                                                {{barTime, value, now}});
        !stored)
        server::logger("inference")->warn("msg=\"prediction not stored\" model={} version={} error={}", version.name,
                                          version.version, server::quoted(stored.error().message));

    const std::string common = "\"model\":" + server::jsonString(version.name) +
                               ",\"version\":" + std::to_string(version.version) +
                               ",\"exchange\":" + server::jsonString(target.exchange) +
                               ",\"symbol\":" + server::jsonString(target.symbol) +
                               ",\"timeframe\":" + server::jsonString(timeframe) +
                               ",\"bar_time\":" + std::to_string(toUnixMillis(barTime)) +
                               ",\"made_at\":" + std::to_string(toUnixMillis(now));
    {
        std::lock_guard lock(m_redisMutex);
        for (const auto &[channel, message] :
             {std::pair<std::string, std::string>{"ai_prediction", "{" + common + ",\"task\":" +
                                                                       server::jsonString(version.task) +
                                                                       ",\"value\":" + fmt::format("{}", value) + "}"},
              std::pair<std::string, std::string>{"trading_signal", "{\"source\":\"model\"," + common +
                                                                        ",\"signal\":\"" + signal + "\"}"}})
            if (auto sent = m_redis.command({"PUBLISH", channel, message}); !sent)
                server::logger("inference")->warn("msg=\"prediction not published\" channel={} error={}", channel,
                                                  server::quoted(sent.error().message));
    }

    v1::PredictResponse response;
    response.set_model_name(version.name);
    response.set_version(version.version);
    response.set_task(version.task);
    response.set_bar_time_unix_ms(toUnixMillis(barTime));
    response.set_value(value);
    response.set_signal(signal);
    response.set_made_at_unix_ms(toUnixMillis(now));
    response.set_horizon(dataset.horizon);
    return response;
}

} // namespace bcf::compute
