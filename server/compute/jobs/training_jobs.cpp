#include "jobs/training_jobs.h"

#include "backtest/runner.h"
#include "common/agent_spec.h"
#include "common/logging.h"
#include "common/training_spec.h"
#include "jobs/backtest_jobs.h"
#include "model.h"
#include "neuroevolution.h"
#include "policy.h"
#include "rl.h"
#include "model/timeframe.h"
#include "strategy/compiler.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace bcf::compute {

namespace {

// 2 million bars: four years of 1m candles, about 50 MB of features with 4 of them.
constexpr std::size_t kMaxBars = 2'000'000;

std::unexpected<Error> invalid(const std::string &message)
{
    return makeError(ErrorCode::InvalidArgument, message);
}

void toProto(const ml::Metrics &metrics, v1::ModelMetrics *out)
{
    out->set_samples(metrics.samples);
    out->set_loss(metrics.loss);
    out->set_mse(metrics.mse);
    out->set_directional_accuracy(metrics.directionalAccuracy);
}

// Runs a strategy over `candles` with one external series (the model's predictions) and returns
// its metrics: the signal backtest and its buy-and-hold comparison.
Result<bt::Metrics> backtestOver(const std::string &source, const std::vector<model::Candle> &candles,
                                 const std::vector<double> *predictions, const v1::TrainingSpec &spec)
{
    auto program = strategy::compileStrategy(source);
    if (!program)
        return makeError(ErrorCode::Internal, "signal strategy: " + program.error().toString());
    bt::SymbolSeries series;
    series.spec.name = spec.symbol();
    series.spec.tickSize = finestTick(candles);
    series.spec.lotSize = Quantity::fromRaw(1);
    series.candles = candles;
    if (predictions)
        series.externals.push_back(*predictions);
    bt::BacktestOptions options;
    options.venue.initialCash = Money::fromUnits(10'000);
    options.venue.makerFeeMicros = spec.fee_micros();
    options.venue.takerFeeMicros = spec.fee_micros();
    options.keepOrders = false;
    options.keepEquity = false;
    auto run = bt::runBacktest(*program, std::span(&series, 1), options);
    if (!run)
        return std::unexpected(run.error());
    return run->metrics;
}

// What a training run leaves: the artifact and its value at every bar (NaN where it has none).
struct Trained {
    std::string artifact;
    std::vector<double> predictions;
};

Result<Trained> trainModel(const v1::TrainingSpec &spec, const ml::Dataset &dataset, const std::vector<ml::Bar> &bars,
                           const ml::DeviceRequest &device, v1::TrainingReport &report,
                           const TrainingProgress &progress, const std::atomic<bool> &cancel,
                           const TrainingResume &resume)
{
    ml::ModelSpec model;
    ml::parseArchitecture(spec.architecture(), model.architecture);
    ml::parseTask(spec.task(), model.task);
    model.hidden = spec.hidden();
    model.layers = spec.layers();
    model.heads = spec.heads();
    model.dropout = spec.dropout();
    ml::TrainSpec train;
    train.epochs = spec.epochs();
    train.batchSize = spec.batch_size();
    train.learningRate = spec.learning_rate();
    train.weightDecay = spec.weight_decay();
    ml::parseSchedule(spec.schedule(), train.schedule);
    train.patience = spec.patience();
    train.seed = spec.seed();
    train.device = device;
    train.resumeFrom = resume.from.value_or(std::string());

    ml::TrainingCallbacks callbacks;
    if (resume.save)
        callbacks.onResumePoint = [&resume](int, const std::string &state) { resume.save(state); };
    callbacks.onEpoch = [&](const ml::EpochReport &epoch) {
        v1::EpochPoint *point = report.add_history();
        point->set_epoch(epoch.epoch);
        point->set_train_loss(epoch.trainLoss);
        point->set_validation_loss(epoch.validation.loss);
        point->set_validation_accuracy(epoch.validation.directionalAccuracy);
        point->set_learning_rate(epoch.learningRate);
        point->set_seconds(epoch.seconds);
        point->set_best(epoch.best);
        if (progress)
            progress(double(epoch.epoch) / spec.epochs(),
                     fmt::format("epoch {} of {} · validation loss {:.4g} · direction {:.1f} %",
                                 epoch.epoch, spec.epochs(), epoch.validation.loss,
                                 100.0 * epoch.validation.directionalAccuracy),
                     report.SerializeAsString());
        return !cancel.load();
    };
    ml::TrainResult result;
    try {
        try {
            result = ml::train(dataset, model, train, callbacks);
        } catch (const std::invalid_argument &error) {
            if (train.resumeFrom.empty() || !std::string_view(error.what()).starts_with("resume point"))
                throw;
            // A resume point this build cannot read: the run starts again (fixed seeds: the same model).
            server::logger("jobs")->warn("msg=\"resume point unreadable; training starts again\" model={} error={}",
                                         spec.model_name(), server::quoted(error.what()));
            report.clear_history();
            train.resumeFrom.clear();
            result = ml::train(dataset, model, train, callbacks);
        }
    } catch (const std::invalid_argument &error) {
        return invalid(error.what());
    } catch (const std::exception &error) {
        return makeError(ErrorCode::Internal, std::string("training failed: ") + error.what());
    }
    if (result.cancelled || cancel.load())
        return makeError(ErrorCode::FailedPrecondition, std::string(kCancelledMessage));
    report.set_best_epoch(result.bestEpoch);
    report.set_stopped_early(result.stoppedEarly);
    toProto(result.validation, report.mutable_validation());
    toProto(result.test, report.mutable_test());
    toProto(result.baselineTest, report.mutable_baseline_test());
    report.set_device(result.device);

    // Predictions at every bar from the bars up to it.
    Trained trained;
    try {
        ml::Predictor predictor(result.artifact, device);
        report.set_parameters(predictor.info().parameters);
        trained.predictions = predictor.predictBars(bars);
    } catch (const std::exception &error) {
        return makeError(ErrorCode::Internal, std::string("the trained model could not be loaded: ") + error.what());
    }
    trained.artifact = std::move(result.artifact);
    return trained;
}

// A DQN, PPO or neuro-evolution agent in the backtester's venue (docs/ml.md, "Agents"). Its
// "predictions" are its actions (1 long, 0 flat), walked from flat at the first out-of-sample bar.
Result<Trained> trainAgent(const v1::TrainingSpec &spec, const ml::Dataset &dataset, const std::vector<ml::Bar> &bars,
                           std::size_t firstOutOfSample, const ml::DeviceRequest &device,
                           v1::TrainingReport &report, const TrainingProgress &progress,
                           const std::atomic<bool> &cancel)
{
    ml::EnvironmentSettings environment;
    environment.feeMicros = spec.fee_micros();
    const bool evolved = spec.architecture() == "neuroevolution";
    const char *unit = evolved ? "generation" : "episode";
    double bestValidation = -std::numeric_limits<double>::infinity();
    const auto record = [&](int epoch, double reward, double validationReturn, double seconds) {
        v1::EpochPoint *point = report.add_history();
        point->set_epoch(epoch);
        point->set_train_reward(reward);
        point->set_validation_return(validationReturn);
        point->set_seconds(seconds);
        point->set_best(validationReturn > bestValidation);
        bestValidation = std::max(bestValidation, validationReturn);
        if (progress)
            progress(double(epoch) / spec.epochs(),
                     fmt::format("{} {} of {} · training reward {:.4g} · validation return {:+.2f} %", unit, epoch,
                                 spec.epochs(), reward, 100.0 * validationReturn),
                     report.SerializeAsString());
        return !cancel.load();
    };
    auto last = std::chrono::steady_clock::now();
    const auto lap = [&] {
        const auto now = std::chrono::steady_clock::now();
        const double seconds = std::chrono::duration<double>(now - last).count();
        last = now;
        return seconds;
    };

    ml::PolicyArtifact policy;
    policy.method = spec.architecture();
    policy.dataset = dataset.spec;
    policy.normaliser = dataset.normaliser;
    try {
        if (!evolved) {
            const auto onEpisode = [&](const ml::EpisodeReport &episode) {
                return record(episode.episode, episode.reward, episode.validationReturn, lap());
            };
            ml::DqnResult result;
            if (spec.architecture() == "ppo") {
                ml::PpoSpec agent = server::ppoSpecOf(spec);
                agent.device = device;
                result = ml::trainPpo(dataset, bars, environment, agent, onEpisode);
            } else {
                ml::DqnSpec agent = server::dqnSpecOf(spec);
                agent.device = device;
                result = ml::trainDqn(dataset, bars, environment, agent, onEpisode);
            }
            if (result.cancelled || cancel.load())
                return makeError(ErrorCode::FailedPrecondition, std::string(kCancelledMessage));
            report.set_best_epoch(result.bestEpisode);
            report.set_device(result.device);
            policy.network = result.policy;
        } else {
            const ml::NeuroEvolutionResult result = ml::evolvePolicy(
                dataset, bars, environment, server::neuroEvolutionSpecOf(spec),
                [&](const ml::GenerationReport &generation) {
                    return record(generation.generation, generation.bestFitness, generation.validationReturn, lap());
                });
            if (result.cancelled || cancel.load())
                return makeError(ErrorCode::FailedPrecondition, std::string(kCancelledMessage));
            report.set_best_epoch(result.bestGeneration);
            report.set_device("cpu");
            policy.network = result.network;
        }
    } catch (const std::invalid_argument &error) {
        return invalid(error.what());
    } catch (const std::exception &error) {
        return makeError(ErrorCode::Internal, std::string("training failed: ") + error.what());
    }
    std::int64_t parameters = 0;
    for (const ml::DenseLayer &layer : policy.network.layers)
        parameters += std::int64_t(layer.weights.size() + layer.bias.size());
    report.set_parameters(parameters);
    Trained trained;
    trained.predictions = ml::policyActions(policy, bars, firstOutOfSample);
    trained.artifact = ml::writePolicyArtifact(policy);
    return trained;
}

} // namespace

std::vector<ml::Bar> barsOf(std::span<const model::Candle> candles)
{
    std::vector<ml::Bar> bars;
    bars.reserve(candles.size());
    for (const model::Candle &c : candles)
        bars.push_back({toUnixMillis(c.openTime), c.open.toDouble(), c.high.toDouble(), c.low.toDouble(),
                        c.close.toDouble(), c.volume.toDouble()});
    return bars;
}

Result<v1::TrainingReport> runTrainingJob(const server::Job &job, server::CandleStore &candles,
                                          server::ModelRegistry &models,
                                          const ml::DeviceRequest &device,
                                          const TrainingProgress &progress,
                                          const std::atomic<bool> &cancel, const TrainingResume &resume)
{
    v1::TrainingSpec spec;
    if (!spec.ParseFromString(job.spec))
        return invalid("the job's spec is not a training request");
    if (auto completed = server::completeTrainingSpec(spec); !completed)
        return std::unexpected(completed.error());
    if (spec.exchange().empty())
        return invalid("exchange: required.");
    const model::Timeframe timeframe = *model::parseTimeframe(spec.timeframe());
    const TimePoint from = fromUnixMillis(spec.from_unix_ms());
    const TimePoint to = fromUnixMillis(spec.to_unix_ms());
    auto stored = candles.bars(spec.exchange(), spec.symbol(), timeframe, from, to, kMaxBars + 1);
    if (!stored)
        return std::unexpected(stored.error());
    const std::string what = fmt::format("{} candles of {} {}", model::timeframeName(timeframe),
                                         spec.exchange(), spec.symbol());
    if (stored->empty())
        return invalid("no stored " + what + " in the training range.");
    if (stored->size() > kMaxBars)
        return invalid(fmt::format("more than {} {} in the range; shorten it or use a longer "
                                   "timeframe.", kMaxBars, what));
    const std::vector<ml::Bar> bars = barsOf(*stored);

    ml::DatasetSpec data;
    data.features.assign(spec.features().begin(), spec.features().end());
    data.window = spec.window();
    data.horizon = spec.horizon();
    data.trainFraction = spec.train_fraction();
    data.validationFraction = spec.validation_fraction();
    data.embargo = spec.has_embargo() ? spec.embargo() : -1;
    ml::Dataset dataset;
    try {
        dataset = ml::buildDataset(data, bars);
    } catch (const std::invalid_argument &error) {
        return invalid(std::string(error.what()) + " (" + what + ")");
    }

    v1::TrainingReport report;
    report.set_model_name(spec.model_name());
    report.set_train_from_unix_ms(dataset.times[std::size_t(dataset.train.front())]);
    report.set_train_to_unix_ms(dataset.times[std::size_t(dataset.train.back())]);
    report.set_validation_from_unix_ms(dataset.times[std::size_t(dataset.validation.front())]);
    report.set_validation_to_unix_ms(dataset.times[std::size_t(dataset.validation.back())]);
    report.set_test_from_unix_ms(dataset.times[std::size_t(dataset.test.front())]);
    report.set_test_to_unix_ms(dataset.times[std::size_t(dataset.test.back())]);
    report.set_purged(dataset.purged);
    report.set_embargoed(dataset.embargoed);

    // Out of sample from the bar where the last training label ends (the model knows nothing of
    // that bar or later ones).
    const std::size_t firstOutOfSample = std::size_t(dataset.train.back() + spec.horizon());
    const auto started = std::chrono::steady_clock::now();
    auto trained = server::isAgentSpec(spec)
                       ? trainAgent(spec, dataset, bars, firstOutOfSample, device, report, progress, cancel)
                       : trainModel(spec, dataset, bars, device, report, progress, cancel, resume);
    if (!trained)
        return std::unexpected(trained.error());
    const std::vector<double> &predictions = trained->predictions;

    // The model's signals over the test range, through the backtester: long while it predicts a
    // rise (a positive log return, or a probability above one half) or, for an agent, while it
    // chooses to be long.
    const std::size_t testFirst = std::size_t(dataset.test.front());
    const std::vector<model::Candle> testCandles(stored->begin() + std::ptrdiff_t(testFirst), stored->end());
    const std::vector<double> testPredictions(predictions.begin() + std::ptrdiff_t(testFirst), predictions.end());
    const std::string threshold = spec.task() == "regression" ? "0" : "0.5";
    const std::string signal = "predict(\"" + spec.model_name() + "\")";
    auto signals = backtestOver("strategy \"" + spec.model_name() + " signals\"\nlong entry when " + signal + " > " +
                                    threshold + "\nlong exit when " + signal + " <= " + threshold +
                                    "\nsize 95% of equity\n",
                                testCandles, &testPredictions, spec);
    if (!signals)
        return std::unexpected(signals.error());
    toProto(*signals, report.mutable_signal_backtest());
    auto hold = backtestOver("strategy \"buy and hold\"\nlong entry when close > 0\nsize 95% of equity\n",
                             testCandles, nullptr, spec);
    if (!hold)
        return std::unexpected(hold.error());
    toProto(*hold, report.mutable_buy_and_hold());
    report.set_seconds(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());

    server::NewModelVersion version;
    version.name = spec.model_name();
    version.owner = job.owner;
    version.jobId = job.id;
    version.architecture = spec.architecture();
    version.task = spec.task();
    version.spec = spec.SerializeAsString();
    version.report = report.SerializeAsString();
    version.artifact = trained->artifact;
    auto added = models.add(version);
    if (!added)
        return std::unexpected(added.error());
    report.set_version(added->version);

    std::vector<server::StoredPrediction> outOfSample;
    for (std::size_t t = firstOutOfSample; t < bars.size(); ++t) {
        if (std::isnan(predictions[t]))
            continue;
        const TimePoint open = (*stored)[t].openTime;
        outOfSample.push_back({open, predictions[t], model::nextBucketStart(timeframe, open)});
    }
    if (auto kept = models.storePredictions(added->id, spec.exchange(), spec.symbol(), spec.timeframe(), outOfSample);
        !kept)
        return std::unexpected(kept.error());
    return report;
}

} // namespace bcf::compute
