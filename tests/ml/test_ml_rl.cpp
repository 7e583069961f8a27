// Tests of the reinforcement-learning environment and its agents: DQN, PPO, neuro-evolution
// (docs/ml.md). Plain C++ like test_ml_models (it runs in the ML-only build on GPU hosts too;
// BCF_ML_DEVICE=cuda trains there).
#include "dataset.h"
#include "ml_check.h"
#include "neuroevolution.h"
#include "policy.h"
#include "rl.h"
#include "trading_env.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

namespace {

using bcf::ml::testing::check;
using bcf::ml::testing::text;

// Log returns r[t] = phi r[t-1] + noise: the next bar's direction is predictable from the last.
std::vector<bcf::ml::Bar> ar1Bars(int count, double phi, unsigned seed)
{
    std::mt19937_64 random(seed);
    std::normal_distribution<double> noise(0.0, 0.01);
    std::vector<bcf::ml::Bar> bars;
    double close = 100.0, r = 0;
    for (int t = 0; t < count; ++t) {
        r = phi * r + noise(random);
        const double open = close;
        close = open * std::exp(r);
        // The next bar opens where this one closed: a decision at the close fills at that price.
        bars.push_back({1'700'000'000'000 + std::int64_t(t) * 3'600'000, open, std::max(open, close) * 1.001,
                        std::min(open, close) * 0.999, close, 10});
    }
    return bars;
}

// Steps a fresh environment over the test range with the actions a stored policy gives at each
// bar (policyActions, walked from flat at the range's first bar): what predict() of an agent
// trades on in a backtest.
bcf::ml::EnvironmentMetrics followStoredActions(const bcf::ml::PolicyArtifact &policy, const bcf::ml::Dataset &dataset,
                                                const std::vector<bcf::ml::Bar> &bars,
                                                const bcf::ml::EnvironmentSettings &settings)
{
    using namespace bcf::ml;
    const int first = dataset.test.front();
    const std::vector<double> actions = policyActions(policy, bars, std::size_t(first));
    TradingEnvironment environment(dataset, bars, first, dataset.test.back(), settings);
    bool done = false;
    for (int t = first; !done; ++t)
        environment.step(actions[std::size_t(t)] > 0.5 ? 1 : 0, done);
    return environment.metrics();
}

// The artifact of a trained agent: written, read back, and serving the same actions.
void checkPolicyArtifact(const bcf::ml::PolicyNetwork &network, const char *method, const bcf::ml::Dataset &dataset,
                         const std::vector<bcf::ml::Bar> &bars, const bcf::ml::EnvironmentSettings &settings,
                         const bcf::ml::EnvironmentMetrics &test)
{
    using namespace bcf::ml;
    PolicyArtifact policy{method, dataset.spec, dataset.normaliser, network};
    const std::string artifact = writePolicyArtifact(policy);
    check(isPolicyArtifact(artifact), std::string(method) + ": the artifact is a policy's");
    const PolicyArtifact loaded = readPolicyArtifact(artifact);
    check(loaded.method == method && loaded.network.layers.size() == network.layers.size() &&
              loaded.network.layers.back().weights == network.layers.back().weights,
          std::string(method) + ": read back with every weight exact");
    const auto before = policyActions(policy, bars, std::size_t(dataset.validation.front()));
    const auto after = policyActions(loaded, bars, std::size_t(dataset.validation.front()));
    bool same = before.size() == after.size();
    for (std::size_t t = 0; same && t < before.size(); ++t)
        same = std::isnan(before[t]) ? std::isnan(after[t]) : before[t] == after[t];
    check(same, std::string(method) + ": save and load give identical actions");
    const EnvironmentMetrics followed = followStoredActions(loaded, dataset, bars, settings);
    check(followed.totalReturn == test.totalReturn && followed.trades == test.trades,
          std::string(method) + ": the stored actions trade exactly as the agent did on the test range (" +
              text(followed.totalReturn) + " vs " + text(test.totalReturn) + ")");
    try {
        readPolicyArtifact(artifact.substr(0, artifact.size() - 10));
        check(false, std::string(method) + ": a cut artifact is refused");
    } catch (const std::invalid_argument &error) {
        check(std::string(error.what()).find("policy artifact:") == 0,
              std::string(method) + ": a cut artifact is refused (" + error.what() + ")");
    }
}

} // namespace

int main()
{
    using namespace bcf::ml;
    try {
        const auto bars = ar1Bars(2400, 0.6, 5);
        DatasetSpec data;
        data.features = {"return(1)"};
        data.window = 2;
        data.trainFraction = 0.6;
        data.validationFraction = 0.2;
        const Dataset dataset = buildDataset(data, bars);
        EnvironmentSettings settings;
        settings.feeMicros = 500; // 0.05 %

        // The environment is the backtester's venue: flat earns nothing, long follows the price
        // less the fees of one round trip.
        TradingEnvironment environment(dataset, bars, dataset.test.front(), dataset.test.back(), settings);
        bool done = false;
        while (!done)
            environment.step(0, done);
        const EnvironmentMetrics flat = environment.metrics();
        check(flat.totalReturn == 0 && flat.trades == 0 && flat.feesPaid == 0, "always flat: no return, no trade");
        environment.reset();
        done = false;
        int steps = 0;
        while (!done) {
            environment.step(1, done);
            ++steps;
        }
        const EnvironmentMetrics hold = environment.metrics();
        const double priceChange = bars[std::size_t(dataset.test.back())].close /
                                       bars[std::size_t(dataset.test.front()) + 1].open - 1;
        check(std::abs(hold.totalReturn - 0.95 * priceChange) < 0.01 && hold.feesPaid > 0,
              "always long: 95 % of the price change (" + text(hold.totalReturn) + " vs " + text(priceChange) +
                  "), fees paid");
        check(steps == dataset.test.back() - dataset.test.front(), "an episode steps over every bar of its range");
        std::vector<float> observation(std::size_t(environment.observationSize()));
        environment.observe(observation.data());
        check(environment.observationSize() == 3 && observation.back() == 1.0f,
              "the observation is the window of features and the held position");

        DqnSpec spec;
        spec.hidden = 32;
        spec.episodes = 8;
        spec.seed = 3;
        if (const char *device = std::getenv("BCF_ML_DEVICE"))
            spec.device = {device, 1};
        const DqnResult result = trainDqn(dataset, bars, settings, spec, [](const EpisodeReport &episode) {
            std::printf("  episode %d: reward %.3f, epsilon %.2f, return %.3f, trades %lld\n", episode.episode,
                        episode.reward, episode.epsilon, episode.metrics.totalReturn,
                        static_cast<long long>(episode.metrics.trades));
            return true;
        });
        std::printf("  on %s, best episode %d: test return %.3f (Sharpe %.2f, %lld trades) vs buy and hold %.3f\n",
                    result.device.c_str(), result.bestEpisode, result.test.totalReturn, result.test.sharpe,
                    static_cast<long long>(result.test.trades), result.buyAndHoldTest.totalReturn);
        check(result.episodes.size() == 8 && result.bestEpisode >= 1, "every episode ran, the best one was kept");
        check(result.test.totalReturn > 0.05 && result.test.totalReturn > result.buyAndHoldTest.totalReturn + 0.05,
              "the agent beats buying and holding on the held-out range, after fees (" + text(result.test.totalReturn) +
                  " vs " + text(result.buyAndHoldTest.totalReturn) + ")");
        check(result.test.trades > 10 && result.test.feesPaid > 0, "it trades, and pays the venue's fees");

        checkPolicyArtifact(result.policy, "dqn", dataset, bars, settings, result.test);

        const DqnResult again = trainDqn(dataset, bars, settings, spec);
        check(again.test.totalReturn == result.test.totalReturn, "the same seed trains the same agent");

        spec.episodes = 50;
        const DqnResult cancelled = trainDqn(dataset, bars, settings, spec, [](const EpisodeReport &) { return false; });
        check(cancelled.cancelled && cancelled.episodes.size() == 1, "a cancel stops after the episode");
        // PPO in the same environment: on-policy, stochastic while it learns, greedy when it is run.
        PpoSpec ppo;
        ppo.hidden = 32;
        ppo.episodes = 30;
        ppo.seed = 3;
        ppo.device = spec.device;
        const DqnResult proximal = trainPpo(dataset, bars, settings, ppo);
        std::printf("  PPO on %s, best episode %d: test return %.3f (Sharpe %.2f, %lld trades) vs buy and hold %.3f\n",
                    proximal.device.c_str(), proximal.bestEpisode, proximal.test.totalReturn, proximal.test.sharpe,
                    static_cast<long long>(proximal.test.trades), proximal.buyAndHoldTest.totalReturn);
        check(proximal.episodes.size() == 30 && proximal.bestEpisode >= 1, "PPO: every episode ran, the best one kept");
        check(proximal.test.totalReturn > proximal.buyAndHoldTest.totalReturn + 0.05 && proximal.test.trades > 10,
              "PPO beats buying and holding on the held-out range, after fees (" + text(proximal.test.totalReturn) +
                  " vs " + text(proximal.buyAndHoldTest.totalReturn) + ")");
        checkPolicyArtifact(proximal.policy, "ppo", dataset, bars, settings, proximal.test);
        check(trainPpo(dataset, bars, settings, ppo).test.totalReturn == proximal.test.totalReturn,
              "PPO: the same seed trains the same agent");
        ppo.clip = 0;
        try {
            trainPpo(dataset, bars, settings, ppo);
            check(false, "PPO: clip 0 is refused");
        } catch (const std::invalid_argument &error) {
            check(std::string(error.what()).find("clip:") == 0, "PPO: clip 0 is refused naming the field");
        }

        // Neuro-evolution of a small policy network in the same environment.
        NeuroEvolutionSpec evolution;
        evolution.hidden = 6;
        evolution.population = 24;
        evolution.generations = 15;
        evolution.seed = 4;
        const NeuroEvolutionResult evolved = evolvePolicy(dataset, bars, settings, evolution);
        const GenerationReport &first = evolved.generations.front();
        const GenerationReport &last = evolved.generations.back();
        std::printf("  neuro-evolution: fitness %.3f → %.3f (best generation %d); test return %.3f (%lld trades) vs "
                    "buy and hold %.3f\n",
                    first.bestFitness, last.bestFitness, evolved.bestGeneration, evolved.test.totalReturn,
                    static_cast<long long>(evolved.test.trades), evolved.buyAndHoldTest.totalReturn);
        check(last.bestFitness >= first.bestFitness && last.meanFitness > first.meanFitness,
              "evolution improves the population's fitness (mean " + text(first.meanFitness) + " → " +
                  text(last.meanFitness) + ")");
        check(evolved.test.totalReturn > evolved.buyAndHoldTest.totalReturn + 0.05,
              "the evolved policy beats buying and holding on the held-out range (" + text(evolved.test.totalReturn) +
                  ")");
        checkPolicyArtifact(evolved.network, "neuroevolution", dataset, bars, settings, evolved.test);
        check(evolvePolicy(dataset, bars, settings, evolution).test.totalReturn == evolved.test.totalReturn,
              "the same seed evolves the same policy");
        evolution.elite = 24;
        try {
            evolvePolicy(dataset, bars, settings, evolution);
            check(false, "an elite as large as the population is refused");
        } catch (const std::invalid_argument &error) {
            check(std::string(error.what()).find("elite:") == 0, "an elite as large as the population is refused");
        }

        spec.gamma = 1.5;
        try {
            trainDqn(dataset, bars, settings, spec);
            check(false, "gamma 1.5 is refused");
        } catch (const std::invalid_argument &error) {
            check(std::string(error.what()).find("gamma:") == 0, "gamma 1.5 is refused naming the field");
        }
    } catch (const std::exception &error) {
        std::printf("FAIL: unexpected exception: %s\n", error.what());
        return 1;
    }
    return bcf::ml::testing::finish();
}
