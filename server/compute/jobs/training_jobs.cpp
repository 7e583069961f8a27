#include "jobs/training_jobs.h"

#include "backtest/runner.h"
#include "common/training_spec.h"
#include "jobs/backtest_jobs.h"
#include "model.h"
#include "model/timeframe.h"
#include "strategy/compiler.h"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
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
                                          const std::atomic<bool> &cancel)
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

    ml::TrainingCallbacks callbacks;
    const bool direction = model.task == ml::Task::Direction;
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
    const auto started = std::chrono::steady_clock::now();
    ml::TrainResult result;
    try {
        result = ml::train(dataset, model, train, callbacks);
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

    // Predictions at every bar from the bars up to it; out of sample from the bar where the
    // last training label ends (the model knows nothing of that bar or later ones).
    std::vector<double> predictions;
    try {
        ml::Predictor predictor(result.artifact, device);
        report.set_parameters(predictor.info().parameters);
        predictions = predictor.predictBars(bars);
    } catch (const std::exception &error) {
        return makeError(ErrorCode::Internal, std::string("the trained model could not be loaded: ") + error.what());
    }
    const std::size_t firstOutOfSample = std::size_t(dataset.train.back() + spec.horizon());

    // The model's signals over the test range, through the backtester: long while it predicts a
    // rise (a positive log return, or a probability above one half).
    const std::size_t testFirst = std::size_t(dataset.test.front());
    const std::vector<model::Candle> testCandles(stored->begin() + std::ptrdiff_t(testFirst), stored->end());
    const std::vector<double> testPredictions(predictions.begin() + std::ptrdiff_t(testFirst), predictions.end());
    const std::string threshold = direction ? "0.5" : "0";
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
    version.artifact = result.artifact;
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
