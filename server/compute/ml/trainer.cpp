// Training: Adam, a learning-rate schedule, early stopping on the validation loss, a checkpoint of
// every new best epoch, fixed seeds.
#include "artifact_text.h"
#include "network.h"

#include <chrono>
#include <cmath>
#include <cstring>
#include <mutex>
#include <sstream>
#include <stdexcept>

namespace bcf::ml {

namespace {

// Inputs and targets of one segment, on the training device.
struct Tensors {
    torch::Tensor x;        // [n, window, features]
    torch::Tensor y;        // [n]: scaled return, or 1/0 for up/down
    std::vector<double> returns; // the realised log returns, for metrics
};

Tensors tensorsOf(const Dataset &dataset, const std::vector<int> &bars, Task task,
                  double targetMean, double targetStd, const torch::Device &device)
{
    const int n = int(bars.size());
    const int window = dataset.spec.window;
    const int width = dataset.featureCount;
    torch::Tensor x = torch::empty({n, window, width}, torch::kFloat);
    torch::Tensor y = torch::empty({n}, torch::kFloat);
    float *xp = x.data_ptr<float>();
    float *yp = y.data_ptr<float>();
    Tensors out;
    out.returns.reserve(std::size_t(n));
    for (int i = 0; i < n; ++i) {
        dataset.sample(bars[std::size_t(i)], xp + std::size_t(i) * std::size_t(window * width));
        const double r = dataset.targets[std::size_t(bars[std::size_t(i)])];
        out.returns.push_back(r);
        yp[i] = task == Task::Direction ? (r > 0 ? 1.0f : 0.0f)
                                        : float((r - targetMean) / targetStd);
    }
    out.x = x.to(device);
    out.y = y.to(device);
    return out;
}

torch::Tensor lossOf(Task task, const torch::Tensor &output, const torch::Tensor &target)
{
    return task == Task::Direction
               ? torch::binary_cross_entropy_with_logits(output, target)
               : torch::mse_loss(output, target);
}

// Runs the network over a segment in batches; returns the raw outputs on the CPU.
torch::Tensor outputsOf(detail::Net &net, const torch::Tensor &x)
{
    torch::NoGradGuard noGrad;
    net->eval();
    std::vector<torch::Tensor> parts;
    const std::int64_t n = x.size(0);
    for (std::int64_t first = 0; first < n; first += 1024)
        parts.push_back(net->forward(x.slice(0, first, std::min(n, first + 1024))));
    return torch::cat(parts).to(torch::kCPU);
}

// Metrics of raw outputs (scaled returns or logits) against a segment's targets.
Metrics metricsOf(Task task, const torch::Tensor &outputs, const Tensors &segment,
                  double targetMean, double targetStd, std::vector<double> *predictions)
{
    Metrics m;
    m.samples = int(segment.returns.size());
    m.loss = lossOf(task, outputs, segment.y.to(torch::kCPU)).item<double>();
    const float *raw = outputs.data_ptr<float>();
    double squares = 0;
    int right = 0;
    for (int i = 0; i < m.samples; ++i) {
        const double actual = segment.returns[std::size_t(i)];
        double value = 0;
        bool up = false;
        if (task == Task::Direction) {
            value = 1.0 / (1.0 + std::exp(-double(raw[i])));
            up = value > 0.5;
        } else {
            value = double(raw[i]) * targetStd + targetMean;
            up = value > 0;
            squares += (value - actual) * (value - actual);
        }
        right += up == (actual > 0) ? 1 : 0;
        if (predictions)
            predictions->push_back(value);
    }
    m.mse = task == Task::Regression ? squares / m.samples : 0.0;
    m.directionalAccuracy = double(right) / m.samples;
    return m;
}

// The naive baseline on a segment: the training mean return, or the training majority direction
// with the training share of up moves as its probability.
Metrics baselineOf(Task task, const Dataset &dataset, const Tensors &segment, double targetMean,
                   double targetStd)
{
    const Baseline baseline = fitBaseline(dataset);
    double upShare = 0;
    for (const int t : dataset.train)
        upShare += dataset.targets[std::size_t(t)] > 0 ? 1.0 : 0.0;
    upShare /= double(dataset.train.size());
    upShare = std::min(std::max(upShare, 1e-6), 1 - 1e-6);
    const double constant = task == Task::Direction
                                ? std::log(upShare / (1 - upShare))
                                : (baseline.meanReturn - targetMean) / targetStd;
    const torch::Tensor outputs =
        torch::full({std::int64_t(segment.returns.size())}, constant, torch::kFloat);
    return metricsOf(task, outputs, segment, targetMean, targetStd, nullptr);
}

double scheduledRate(const TrainSpec &spec, int epoch) // epoch is 0-based
{
    switch (spec.schedule) {
    case Schedule::Constant: return spec.learningRate;
    case Schedule::Step: return spec.learningRate * std::pow(0.5, epoch / 10);
    case Schedule::Cosine: {
        const double floor = 0.05 * spec.learningRate;
        const double progress = spec.epochs > 1 ? double(epoch) / double(spec.epochs - 1) : 0.0;
        return floor + 0.5 * (spec.learningRate - floor) * (1 + std::cos(M_PI * progress));
    }
    }
    return spec.learningRate;
}

constexpr const char *kResumeMagic = "BCF-RESUME 1";
constexpr int kHistoryFields = 9;

std::string archived(const std::function<void(torch::serialize::OutputArchive &)> &save)
{
    torch::serialize::OutputArchive archive;
    save(archive);
    std::ostringstream out;
    archive.save_to(out);
    return out.str();
}

void unarchive(const std::string &bytes, const torch::Device &device,
               const std::function<void(torch::serialize::InputArchive &)> &load)
{
    std::istringstream in(bytes);
    torch::serialize::InputArchive archive;
    archive.load_from(in, device);
    load(archive);
}

// Where a run stands after an epoch: counters and history as text, then the weights, the
// optimiser's state, the CPU random state and the best model so far.
struct RunState {
    double bestLoss = std::numeric_limits<double>::infinity();
    int sinceBest = 0;
};

std::string resumeState(detail::Net &net, torch::optim::Adam &optimizer, const TrainResult &result,
                        const RunState &run)
{
    const std::string weights = archived([&](auto &archive) { net->save(archive); });
    const std::string moments = archived([&](auto &archive) { optimizer.save(archive); });
    torch::Tensor random;
    {
        at::Generator generator = at::detail::getDefaultCPUGenerator();
        std::lock_guard<std::mutex> lock(generator.mutex());
        random = generator.get_state();
    }
    const std::string randomBytes(static_cast<const char *>(random.data_ptr()), std::size_t(random.numel()));
    std::vector<double> history;
    for (const EpochReport &epoch : result.history)
        history.insert(history.end(), {double(epoch.epoch), epoch.trainLoss, double(epoch.validation.samples),
                                       epoch.validation.loss, epoch.validation.mse,
                                       epoch.validation.directionalAccuracy, epoch.learningRate, epoch.seconds,
                                       epoch.best ? 1.0 : 0.0});
    ArtifactWriter out(kResumeMagic);
    out.put("best_epoch", std::to_string(result.bestEpoch));
    out.put("best_loss", artifactNumber(std::isfinite(run.bestLoss) ? run.bestLoss : 1e308));
    out.put("since_best", std::to_string(run.sinceBest));
    out.put("history", artifactNumbers(history));
    out.put("weights_bytes", std::to_string(weights.size()));
    out.put("optimizer_bytes", std::to_string(moments.size()));
    out.put("random_bytes", std::to_string(randomBytes.size()));
    return out.finish(weights + moments + randomBytes + result.artifact);
}

// Restores what resumeState saved; throws std::invalid_argument "resume point: …".
void restore(const std::string &state, detail::Net &net, torch::optim::Adam &optimizer, const torch::Device &device,
             TrainResult &result, RunState &run)
{
    const ArtifactReader in(state, kResumeMagic, "resume point");
    const std::string &body = in.body();
    const std::size_t weights = std::size_t(std::stoull(in.field("weights_bytes")));
    const std::size_t moments = std::size_t(std::stoull(in.field("optimizer_bytes")));
    const std::size_t random = std::size_t(std::stoull(in.field("random_bytes")));
    if (weights + moments + random > body.size())
        in.fail("cut short");
    try {
        unarchive(body.substr(0, weights), device, [&](auto &archive) { net->load(archive); });
        unarchive(body.substr(weights, moments), device, [&](auto &archive) { optimizer.load(archive); });
    } catch (const c10::Error &error) {
        in.fail(std::string("weights or optimiser state unreadable: ") + error.what_without_backtrace());
    }
    torch::Tensor randomState = torch::empty({std::int64_t(random)}, torch::kUInt8);
    std::memcpy(randomState.data_ptr(), body.data() + weights + moments, random);
    {
        at::Generator generator = at::detail::getDefaultCPUGenerator();
        std::lock_guard<std::mutex> lock(generator.mutex());
        generator.set_state(randomState);
    }
    result.artifact = body.substr(weights + moments + random);
    result.bestEpoch = in.integer("best_epoch");
    run.bestLoss = in.real("best_loss");
    run.sinceBest = in.integer("since_best");
    const std::vector<double> history = parseArtifactNumbers(in.field("history"));
    if (history.size() % kHistoryFields != 0)
        in.fail("malformed history");
    for (std::size_t i = 0; i < history.size(); i += kHistoryFields) {
        EpochReport epoch;
        epoch.epoch = int(history[i]);
        epoch.trainLoss = history[i + 1];
        epoch.validation.samples = int(history[i + 2]);
        epoch.validation.loss = history[i + 3];
        epoch.validation.mse = history[i + 4];
        epoch.validation.directionalAccuracy = history[i + 5];
        epoch.learningRate = history[i + 6];
        epoch.seconds = history[i + 7];
        epoch.best = history[i + 8] != 0;
        result.history.push_back(epoch);
    }
}

} // namespace

TrainResult train(const Dataset &dataset, const ModelSpec &model, const TrainSpec &spec,
                  const TrainingCallbacks &callbacks)
{
    if (std::string problem = checkModelSpec(model, dataset.spec.window); !problem.empty())
        throw std::invalid_argument(problem);
    if (std::string problem = checkTrainSpec(spec); !problem.empty())
        throw std::invalid_argument(problem);
    if (dataset.train.empty() || dataset.validation.empty() || dataset.test.empty())
        throw std::invalid_argument("dataset: train, validation and test must not be empty");

    const DeviceInfo device = configureDevice(spec.device);
    if (!device.ok)
        throw std::runtime_error(device.error);
    const torch::Device torchDevice(device.device);

    // Fixed seeds and deterministic kernels: the same run gives the same model.
    torch::manual_seed(spec.seed);
    if (torchDevice.is_cuda())
        torch::cuda::manual_seed_all(spec.seed);
    at::globalContext().setDeterministicCuDNN(true);
    at::globalContext().setDeterministicAlgorithms(true, /*warn_only=*/true);
    at::globalContext().setBenchmarkCuDNN(false);

    ArtifactInfo info;
    info.model = model;
    info.dataset = dataset.spec;
    info.normaliser = dataset.normaliser;
    if (model.task == Task::Regression) {
        double sum = 0;
        for (const int t : dataset.train)
            sum += dataset.targets[std::size_t(t)];
        info.targetMean = sum / double(dataset.train.size());
        double squares = 0;
        for (const int t : dataset.train) {
            const double d = dataset.targets[std::size_t(t)] - info.targetMean;
            squares += d * d;
        }
        const double stddev = std::sqrt(squares / double(dataset.train.size()));
        info.targetStd = stddev > 1e-12 ? stddev : 1.0;
    }

    const Task task = model.task;
    const Tensors train = tensorsOf(dataset, dataset.train, task, info.targetMean,
                                    info.targetStd, torchDevice);
    const Tensors validation = tensorsOf(dataset, dataset.validation, task, info.targetMean,
                                         info.targetStd, torchDevice);
    const Tensors test = tensorsOf(dataset, dataset.test, task, info.targetMean, info.targetStd,
                                   torchDevice);

    detail::Net net(model, dataset.featureCount, dataset.spec.window);
    net->to(torchDevice);
    torch::optim::Adam optimizer(
        net->parameters(),
        torch::optim::AdamOptions(spec.learningRate).weight_decay(spec.weightDecay));

    TrainResult result;
    result.device = device.device;
    RunState run;
    if (!spec.resumeFrom.empty()) {
        restore(spec.resumeFrom, net, optimizer, torchDevice, result, run);
        for (const EpochReport &epoch : result.history)
            if (callbacks.onEpoch && !callbacks.onEpoch(epoch)) {
                result.cancelled = true;
                break;
            }
    }
    double &bestLoss = run.bestLoss;
    int &sinceBest = run.sinceBest;
    const std::int64_t n = train.x.size(0);
    const bool finished = !result.history.empty() && (sinceBest >= spec.patience);
    const int firstEpoch = result.cancelled || finished ? spec.epochs : int(result.history.size());
    for (int epoch = firstEpoch; epoch < spec.epochs; ++epoch) {
        const auto started = std::chrono::steady_clock::now();
        const double rate = scheduledRate(spec, epoch);
        for (auto &group : optimizer.param_groups())
            static_cast<torch::optim::AdamOptions &>(group.options()).lr(rate);

        net->train();
        const torch::Tensor order = torch::randperm(n, torch::kLong).to(torchDevice);
        double lossSum = 0;
        std::int64_t seen = 0;
        for (std::int64_t first = 0; first < n; first += spec.batchSize) {
            const torch::Tensor index = order.slice(0, first, std::min(n, first + spec.batchSize));
            const torch::Tensor xb = train.x.index_select(0, index);
            const torch::Tensor yb = train.y.index_select(0, index);
            optimizer.zero_grad();
            const torch::Tensor loss = lossOf(task, net->forward(xb), yb);
            loss.backward();
            torch::nn::utils::clip_grad_norm_(net->parameters(), 1.0);
            optimizer.step();
            lossSum += loss.item<double>() * double(index.size(0));
            seen += index.size(0);
        }

        EpochReport report;
        report.epoch = epoch + 1;
        report.trainLoss = lossSum / double(seen);
        report.learningRate = rate;
        report.validation = metricsOf(task, outputsOf(net, validation.x), validation,
                                      info.targetMean, info.targetStd, nullptr);
        report.seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        if (report.validation.loss < bestLoss - 1e-9) {
            bestLoss = report.validation.loss;
            sinceBest = 0;
            report.best = true;
            result.bestEpoch = report.epoch;
            result.artifact = detail::writeArtifact(net, info);
            if (callbacks.onCheckpoint)
                callbacks.onCheckpoint(report.epoch, result.artifact);
        } else {
            ++sinceBest;
        }
        result.history.push_back(report);
        if (callbacks.onEpoch && !callbacks.onEpoch(report)) {
            result.cancelled = true;
            break;
        }
        if (sinceBest >= spec.patience) {
            result.stoppedEarly = epoch + 1 < spec.epochs;
            break;
        }
        if (callbacks.onResumePoint && epoch + 1 < spec.epochs)
            callbacks.onResumePoint(report.epoch, resumeState(net, optimizer, result, run));
    }

    // The best epoch's model is the result.
    if (result.artifact.empty())
        throw std::runtime_error("training diverged: the validation loss was never a number "
                                 "(try a lower learning_rate)");
    ArtifactInfo loaded;
    detail::Net best = detail::readArtifact(result.artifact, torchDevice, loaded);
    result.validation = metricsOf(task, outputsOf(best, validation.x), validation,
                                  info.targetMean, info.targetStd, nullptr);
    result.test = metricsOf(task, outputsOf(best, test.x), test, info.targetMean, info.targetStd,
                            &result.testPredictions);
    result.baselineTest = baselineOf(task, dataset, test, info.targetMean, info.targetStd);
    return result;
}

} // namespace bcf::ml
