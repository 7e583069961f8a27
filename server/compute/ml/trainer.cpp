// Training: Adam, a learning-rate schedule, early stopping on the validation loss, a checkpoint of
// every new best epoch, fixed seeds.
#include "network.h"

#include <chrono>
#include <cmath>
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
    double bestLoss = std::numeric_limits<double>::infinity();
    int sinceBest = 0;
    const std::int64_t n = train.x.size(0);
    for (int epoch = 0; epoch < spec.epochs; ++epoch) {
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
