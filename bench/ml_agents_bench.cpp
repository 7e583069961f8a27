// The agents' engine (docs/ml.md, "Reinforcement learning"): the venue environment's step rate,
// a policy's decision latency and a path over 2,000 bars, the seconds per DQN and PPO episode and
// per neuro-evolution generation, and what a model's resume point costs per epoch. Plain C++
// (no LibTorch headers here) so it builds in the ML-only configuration on GPU hosts too.
//
//   bench_ml_agents [--bars 3000] [--device cpu] [--threads 1]
#include "model.h"
#include "neuroevolution.h"
#include "policy.h"
#include "rl.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// Hourly bars whose log returns follow r[t] = 0.6 r[t-1] + noise (the tests' planted signal).
std::vector<bcf::ml::Bar> ar1Bars(int count)
{
    std::mt19937_64 random(5);
    std::normal_distribution<double> noise(0.0, 0.01);
    std::vector<bcf::ml::Bar> bars;
    double close = 100.0, r = 0;
    for (int t = 0; t < count; ++t) {
        r = 0.6 * r + noise(random);
        const double open = close;
        close = open * std::exp(r);
        bars.push_back({1'700'000'000'000 + std::int64_t(t) * 3'600'000, open, std::max(open, close) * 1.001,
                        std::min(open, close) * 0.999, close, 10});
    }
    return bars;
}

} // namespace

int main(int argc, char **argv)
{
    using namespace bcf::ml;
    int barCount = 3000;
    DeviceRequest device{"cpu", 1};
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        if (flag == "--bars")
            barCount = std::atoi(argv[i + 1]);
        else if (flag == "--device")
            device.device = argv[i + 1];
        else if (flag == "--threads")
            device.threads = std::atoi(argv[i + 1]);
    }
    const std::vector<Bar> bars = ar1Bars(barCount);
    DatasetSpec data;
    data.features = {"return(1)", "range", "rsi(14)", "volume_ratio(20)"};
    data.window = 32;
    const Dataset dataset = buildDataset(data, bars);
    const EnvironmentSettings settings;
    const int trainingBars = int(dataset.train.size());
    std::printf("bars %d (training range %d), features 4 × window 32 + position = 129 inputs, device %s, "
                "threads %d\n\n",
                barCount, trainingBars, device.device.c_str(), device.threads);
    std::printf("| measure | value |\n| --- | --- |\n");

    // The environment: the backtester's venue stepped bar by bar.
    {
        TradingEnvironment environment(dataset, bars, dataset.train.front(), dataset.train.back(), settings);
        std::vector<float> observation(std::size_t(environment.observationSize()));
        const auto start = Clock::now();
        int steps = 0;
        for (int pass = 0; pass < 5; ++pass) {
            environment.reset();
            bool done = false;
            while (!done) {
                environment.observe(observation.data());
                environment.step(steps % 7 < 3 ? 1 : 0, done);
                ++steps;
            }
        }
        std::printf("| environment steps per second (observe + order + fill) | %.0f |\n", steps / secondsSince(start));
    }

    // DQN and PPO: seconds per episode over the training range; their policies' latency.
    DqnSpec dqn;
    dqn.episodes = 3;
    dqn.device = device;
    auto start = Clock::now();
    const DqnResult q = trainDqn(dataset, bars, settings, dqn);
    std::printf("| DQN: seconds per episode (hidden 64, a gradient step every 4 bars) | %.2f |\n",
                secondsSince(start) / dqn.episodes);
    PpoSpec ppo;
    ppo.episodes = 3;
    ppo.device = device;
    start = Clock::now();
    trainPpo(dataset, bars, settings, ppo);
    std::printf("| PPO: seconds per episode (hidden 64, 4 passes of minibatches 128) | %.2f |\n",
                secondsSince(start) / ppo.episodes);
    NeuroEvolutionSpec evolution;
    evolution.generations = 3;
    start = Clock::now();
    evolvePolicy(dataset, bars, settings, evolution);
    std::printf("| neuro-evolution: seconds per generation (32 networks of 8 hidden) | %.2f |\n",
                secondsSince(start) / evolution.generations);

    {
        const PolicyArtifact policy{"dqn", dataset.spec, dataset.normaliser, q.policy};
        std::vector<float> observation(std::size_t(q.policy.inputs()), 0.1f);
        int decisions = 0;
        start = Clock::now();
        for (; decisions < 200'000; ++decisions)
            observation[0] = float(policy.network.act(observation.data()) + decisions % 3);
        std::printf("| DQN policy: one decision (129 → 64 → 64 → 2, plain C++) | %.2f µs |\n",
                    1e6 * secondsSince(start) / decisions);
        start = Clock::now();
        const std::vector<double> path = policyActions(policy, bars, std::size_t(dataset.train.back() + 1));
        std::printf("| DQN policy: actions over %d bars (features computed from the bars) | %.1f ms |\n", barCount,
                    1e3 * secondsSince(start));
        const std::string artifact = writePolicyArtifact(policy);
        start = Clock::now();
        for (int i = 0; i < 20; ++i)
            (void)readPolicyArtifact(artifact);
        std::printf("| DQN policy artifact: size / read | %.0f KB / %.2f ms |\n", artifact.size() / 1024.0,
                    1e3 * secondsSince(start) / 20);
    }

    // A model's resume point after each epoch (docs/ml.md, "Training jobs"): the default LSTM.
    {
        ModelSpec model;
        TrainSpec train;
        train.epochs = 6;
        train.patience = 6;
        train.device = device;
        start = Clock::now();
        bcf::ml::train(dataset, model, train);
        const double plain = secondsSince(start);
        std::size_t bytes = 0;
        TrainingCallbacks callbacks;
        callbacks.onResumePoint = [&](int, const std::string &state) { bytes = state.size(); };
        start = Clock::now();
        bcf::ml::train(dataset, model, train, callbacks);
        const double resumable = secondsSince(start);
        std::printf("| LSTM (hidden 32) epoch: without / with its resume point | %.3f s / %.3f s |\n", plain / 6,
                    resumable / 6);
        std::printf("| LSTM resume point size | %.0f KB |\n", bytes / 1024.0);
    }
    return 0;
}
