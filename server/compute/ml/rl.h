#pragma once

// Reinforcement-learning agents trained in the TradingEnvironment (the backtester's venue and
// fees), evaluated on a held-out range (docs/ml.md, "Reinforcement learning"): DQN and PPO. Free
// of LibTorch includes; rl.cpp and ppo.cpp have them.
#include "device.h"
#include "policy.h"
#include "trading_env.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace bcf::ml {

struct DqnSpec {
    int hidden = 64;                 // two hidden layers of this width
    int episodes = 20;               // passes over the training range
    double gamma = 0.95;             // discount
    double learningRate = 1e-3;
    int batchSize = 64;
    int replayCapacity = 50'000;
    int learnEvery = 4;              // environment steps per gradient step
    int targetSyncSteps = 500;       // gradient steps between target-network copies
    double epsilonStart = 1.0;       // exploration, decayed linearly over the episodes
    double epsilonEnd = 0.05;
    std::uint64_t seed = 1;
    DeviceRequest device{"cpu", 1};
};

// An empty string, or a message naming the field.
std::string checkDqnSpec(const DqnSpec &spec);

struct EpisodeReport {
    int episode = 0;                 // 1-based
    double reward = 0;               // Σ log equity changes
    double epsilon = 0;
    EnvironmentMetrics metrics;      // of the episode's run over the training range
    double validationReturn = 0;     // of the greedy policy after the episode
};

struct DqnResult {
    std::vector<EpisodeReport> episodes;
    EnvironmentMetrics validation;   // the greedy policy on the validation range (best episode)
    EnvironmentMetrics test;         // the greedy policy of the best episode on the test range
    EnvironmentMetrics buyAndHoldTest;
    int bestEpisode = 0;
    PolicyNetwork policy;            // the best episode's greedy policy (test is its run)
    bool cancelled = false;
    std::string device;
};

// Proximal policy optimisation (Schulman et al. 2017): an actor and a critic, on-policy rollouts
// over the training range, generalised advantage estimation, the clipped surrogate objective.
struct PpoSpec {
    int hidden = 64;                 // two tanh layers of this width, for the actor and the critic
    int episodes = 30;               // rollouts over the training range, one update each
    double gamma = 0.95;             // discount
    double lambda = 0.95;            // of the generalised advantage estimate
    double clip = 0.2;               // of the probability ratio
    double learningRate = 1e-3;
    int updateEpochs = 4;            // optimisation passes over each rollout
    int batchSize = 128;             // minibatch of a pass
    double entropy = 0.01;           // weight of the entropy bonus (exploration)
    std::uint64_t seed = 1;
    DeviceRequest device{"cpu", 1};
};

// An empty string, or a message naming the field.
std::string checkPpoSpec(const PpoSpec &spec);

// Trains on the dataset's training range; after each episode the greedy policy is run on the
// validation range and the best one is kept; that policy is then run on the test range, beside
// buying and holding it. `onEpisode` returning false cancels.
DqnResult trainDqn(const Dataset &dataset, const std::vector<Bar> &bars, const EnvironmentSettings &environment,
                   const DqnSpec &spec, const std::function<bool(const EpisodeReport &)> &onEpisode = {});

// The same for PPO: its result is reported like a DQN's (episodes, the best episode on
// validation, its greedy policy — the actor's likelier action — on the test range).
DqnResult trainPpo(const Dataset &dataset, const std::vector<Bar> &bars, const EnvironmentSettings &environment,
                   const PpoSpec &spec, const std::function<bool(const EpisodeReport &)> &onEpisode = {});

} // namespace bcf::ml
