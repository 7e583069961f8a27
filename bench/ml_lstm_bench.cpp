// LSTM inference latency (batch 1 and 256) and training throughput through bcf::ml, side by side
// with the same model in PyTorch (bench/ml_lstm_bench.py, run by this program in the same run).
// Plain C++ so it builds in the ML-only configuration on GPU hosts.
//
//   bench_ml_lstm [--threads 1,2] [--window 64] [--hidden 64] [--layers 2] [--features 8]
//                 [--calls 500] [--train-steps 20] [--python python3]
#include "network.h"

#include <ATen/Parallel.h>
#include <torch/cuda.h>
#include <torch/version.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
    std::vector<int> threads{1, 2};
    int window = 64;
    int hidden = 64;
    int layers = 2;
    int features = 8;
    int calls = 500;
    int trainSteps = 20;
    std::string python;
};

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

struct Numbers {
    double batch1Us = 0;
    double autoBatch1Us = 0;  // the path the Predictor chose at load
    bool autoFused = false;
    double fusedBatch1Us = 0; // CPU only
    double batch256Ms = 0;
    double trainSamplesPerS = 0;
};

Numbers measureLibTorch(const Options &o, const std::string &device, int threads)
{
    using namespace bcf::ml;
    Numbers n;
    torch::manual_seed(1);
    ModelSpec spec;
    spec.hidden = o.hidden;
    spec.layers = o.layers;
    bcf::ml::detail::Net net(spec, o.features, o.window);
    ArtifactInfo info;
    info.model = spec;
    info.dataset.window = o.window;
    for (int f = 0; f < o.features; ++f)
        info.dataset.features.push_back("return(" + std::to_string(f + 1) + ")");
    info.normaliser.mean.assign(std::size_t(o.features), 0.0);
    info.normaliser.stddev.assign(std::size_t(o.features), 1.0);
    const std::string artifact = bcf::ml::detail::writeArtifact(net, info);

    Predictor predictor(artifact, {device, threads});
    const bool cpu = predictor.device() == "cpu";
    n.autoFused = predictor.fusedLstm();
    const torch::Tensor x1 = torch::randn({1, o.window, o.features});
    const torch::Tensor x256 = torch::randn({256, o.window, o.features});
    const auto batch1 = [&](bool fused) {
        predictor.setFusedLstm(fused);
        for (int i = 0; i < 20; ++i)
            predictor.predict(x1.data_ptr<float>(), 1);
        std::vector<double> times;
        for (int i = 0; i < o.calls; ++i) {
            const auto start = Clock::now();
            predictor.predict(x1.data_ptr<float>(), 1);
            times.push_back(secondsSince(start));
        }
        return median(times) * 1e6;
    };
    n.batch1Us = batch1(false);
    if (cpu)
        n.fusedBatch1Us = batch1(true);
    n.autoBatch1Us = n.autoFused ? n.fusedBatch1Us : n.batch1Us;
    for (int i = 0; i < 3; ++i)
        predictor.predict(x256.data_ptr<float>(), 256);
    std::vector<double> times;
    for (int i = 0; i < std::max(10, o.calls / 20); ++i) {
        const auto start = Clock::now();
        predictor.predict(x256.data_ptr<float>(), 256);
        times.push_back(secondsSince(start));
    }
    n.batch256Ms = median(times) * 1e3;

    // Training steps: forward, MSE, backward, Adam, the loss read back (as the trainer does).
    const torch::Device torchDevice(predictor.device());
    net->to(torchDevice);
    net->train();
    torch::optim::Adam optimizer(net->parameters(), torch::optim::AdamOptions(1e-3));
    const torch::Tensor x = torch::randn({256, o.window, o.features}).to(torchDevice);
    const torch::Tensor y = torch::randn({256}).to(torchDevice);
    const auto step = [&] {
        optimizer.zero_grad();
        const torch::Tensor loss = torch::mse_loss(net->forward(x), y);
        loss.backward();
        optimizer.step();
        return loss.item<double>();
    };
    for (int i = 0; i < 3; ++i)
        step();
    const auto start = Clock::now();
    for (int i = 0; i < o.trainSteps; ++i)
        step();
    n.trainSamplesPerS = 256.0 * o.trainSteps / secondsSince(start);
    return n;
}

bool pythonHasTorch(const std::string &python)
{
    const std::string command = python + " -c 'import torch' >/dev/null 2>&1";
    return std::system(command.c_str()) == 0;
}

std::map<std::string, std::string> measurePyTorch(const Options &o, const std::string &device,
                                                  int threads)
{
    std::map<std::string, std::string> out;
    std::ostringstream command;
    command << o.python << " " << BCF_ML_LSTM_PY << " --device " << device << " --threads "
            << threads << " --features " << o.features << " --window " << o.window
            << " --hidden " << o.hidden << " --layers " << o.layers << " --calls " << o.calls
            << " --train-steps " << o.trainSteps;
    FILE *pipe = popen(command.str().c_str(), "r");
    if (!pipe)
        return out;
    char line[256];
    while (std::fgets(line, sizeof line, pipe)) {
        std::string text(line);
        while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
            text.pop_back();
        const auto eq = text.find('=');
        if (eq != std::string::npos)
            out[text.substr(0, eq)] = text.substr(eq + 1);
    }
    pclose(pipe);
    return out;
}

std::vector<int> parseList(const std::string &text)
{
    std::vector<int> out;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ','))
        out.push_back(std::atoi(item.c_str()));
    return out;
}

double number(const std::map<std::string, std::string> &values, const std::string &key)
{
    const auto it = values.find(key);
    return it == values.end() ? 0.0 : std::atof(it->second.c_str());
}

} // namespace

int main(int argc, char **argv)
{
    Options o;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string key = argv[i];
        const std::string value = argv[i + 1];
        if (key == "--threads") o.threads = parseList(value);
        else if (key == "--window") o.window = std::atoi(value.c_str());
        else if (key == "--hidden") o.hidden = std::atoi(value.c_str());
        else if (key == "--layers") o.layers = std::atoi(value.c_str());
        else if (key == "--features") o.features = std::atoi(value.c_str());
        else if (key == "--calls") o.calls = std::atoi(value.c_str());
        else if (key == "--train-steps") o.trainSteps = std::atoi(value.c_str());
        else if (key == "--python") o.python = value;
        else {
            std::fprintf(stderr, "unknown option %s\n", key.c_str());
            return 2;
        }
    }
    if (o.python.empty()) {
        for (const char *candidate : {"python3", "/usr/bin/python3"})
            if (pythonHasTorch(candidate)) {
                o.python = candidate;
                break;
            }
    }

    __builtin_cpu_init();
    std::printf("LSTM: %d features, window %d, hidden %d, %d layers; LibTorch %s; processor: "
                "avx2 %s, fma %s, avx512f %s\n",
                o.features, o.window, o.hidden, o.layers, TORCH_VERSION,
                __builtin_cpu_supports("avx2") ? "yes" : "no",
                __builtin_cpu_supports("fma") ? "yes" : "no",
                __builtin_cpu_supports("avx512f") ? "yes" : "no");
    std::vector<std::pair<std::string, int>> setups;
    for (int t : o.threads)
        setups.push_back({"cpu", t});
    if (torch::cuda::is_available())
        setups.push_back({"cuda", 1});
    std::printf("\n| device | threads | side | batch 1 (µs) | batch 256 (ms) | train (samples/s) "
                "|\n| --- | --- | --- | --- | --- | --- |\n");
    for (const auto &[device, threads] : setups) {
        const Numbers ours = measureLibTorch(o, device, threads);
        std::printf("| %s | %d | bcf::ml LibTorch | %.1f | %.3f | %.0f |\n", device.c_str(),
                    threads, ours.batch1Us, ours.batch256Ms, ours.trainSamplesPerS);
        if (ours.fusedBatch1Us > 0)
            std::printf("| %s | %d | bcf::ml fused LSTM%s | %.1f | | |\n", device.c_str(),
                        threads, ours.autoFused ? " (chosen at load)" : "", ours.fusedBatch1Us);
        if (o.python.empty()) {
            std::printf("| %s | %d | PyTorch | not installed (python3-torch) | | |\n",
                        device.c_str(), threads);
            continue;
        }
        const auto py = measurePyTorch(o, device, threads);
        const double pyBatch1 = number(py, "batch1_us");
        std::printf("| %s | %d | PyTorch %s | %.1f | %.3f | %.0f |\n", device.c_str(), threads,
                    py.count("version") ? py.at("version").c_str() : "?", pyBatch1,
                    number(py, "batch256_ms"), number(py, "train_samples_per_s"));
        const double best = ours.autoBatch1Us;
        if (pyBatch1 > 0)
            std::printf("| %s | %d | speed-up (PyTorch time ÷ ours) | %.2f× | %.2f× | %.2f× |\n",
                        device.c_str(), threads, pyBatch1 / best,
                        number(py, "batch256_ms") / ours.batch256Ms,
                        ours.trainSamplesPerS / std::max(1.0, number(py, "train_samples_per_s")));
    }
    return 0;
}
