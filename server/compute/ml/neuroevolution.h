#pragma once

// Neuro-evolution of a small policy network (docs/ml.md, "Neuro-evolution"): the weights of a
// one-hidden-layer network that maps the TradingEnvironment's observation to long or flat are
// evolved by a genetic algorithm (elitism, Gaussian mutation, uniform crossover), the fitness
// being the log return over the training range through the backtester's venue. No LibTorch: the
// network is a few hundred weights.
#include "policy.h"
#include "trading_env.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace bcf::ml {

struct NeuroEvolutionSpec {
    int hidden = 8;
    int population = 32;
    int generations = 30;
    int elite = 4;              // kept unchanged each generation; parents of the rest
    double mutation = 0.1;      // standard deviation of the Gaussian added to each weight
    std::uint64_t seed = 1;
};

// An empty string, or a message naming the field.
std::string checkNeuroEvolutionSpec(const NeuroEvolutionSpec &spec);

struct GenerationReport {
    int generation = 0;         // 1-based
    double bestFitness = 0;     // Σ log equity changes over the training range
    double meanFitness = 0;
    double validationReturn = 0; // of the generation's best network
};

struct NeuroEvolutionResult {
    std::vector<GenerationReport> generations;
    int bestGeneration = 0;     // by the validation return of each generation's best network
    std::vector<double> weights; // that network's
    PolicyNetwork network;       // the same, as a policy (policy.h)
    EnvironmentMetrics validation;
    EnvironmentMetrics test;
    EnvironmentMetrics buyAndHoldTest;
    bool cancelled = false;
};

// The network a weight vector of the evolution stands for: inputs → hidden (tanh) → 2 scores.
PolicyNetwork neuroEvolutionNetwork(const std::vector<double> &weights, int inputs, int hidden);

NeuroEvolutionResult evolvePolicy(const Dataset &dataset, const std::vector<Bar> &bars,
                                  const EnvironmentSettings &environment, const NeuroEvolutionSpec &spec,
                                  const std::function<bool(const GenerationReport &)> &onGeneration = {});

} // namespace bcf::ml
