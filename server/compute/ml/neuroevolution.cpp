#include "neuroevolution.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <stdexcept>

namespace bcf::ml {

namespace {

std::size_t weightCount(int inputs, int hidden) { return std::size_t(inputs * hidden + hidden + hidden * 2 + 2); }

} // namespace

PolicyNetwork neuroEvolutionNetwork(const std::vector<double> &weights, int inputs, int hidden)
{
    if (weights.size() != weightCount(inputs, hidden))
        throw std::invalid_argument("neuro-evolution: wrong number of weights");
    // inputs → hidden (tanh) → 2 scores, the weights laid out layer by layer, each layer's
    // weights row by row and then its biases.
    PolicyNetwork network;
    auto next = weights.begin();
    const auto take = [&](std::size_t n) {
        std::vector<double> part(next, next + std::ptrdiff_t(n));
        next += std::ptrdiff_t(n);
        return part;
    };
    DenseLayer first{inputs, hidden, {}, {}, Activation::Tanh};
    first.weights = take(std::size_t(inputs) * std::size_t(hidden));
    first.bias = take(std::size_t(hidden));
    DenseLayer scores{hidden, 2, {}, {}, Activation::None};
    scores.weights = take(std::size_t(hidden) * 2);
    scores.bias = take(2);
    network.layers = {std::move(first), std::move(scores)};
    return network;
}

namespace {

double run(const std::vector<double> &weights, int inputs, int hidden, TradingEnvironment &environment)
{
    return runPolicy(neuroEvolutionNetwork(weights, inputs, hidden), environment);
}

} // namespace

NeuroEvolutionResult evolvePolicy(const Dataset &dataset, const std::vector<Bar> &bars,
                                  const EnvironmentSettings &environment, const NeuroEvolutionSpec &spec,
                                  const std::function<bool(const GenerationReport &)> &onGeneration)
{
    if (std::string problem = checkNeuroEvolutionSpec(spec); !problem.empty())
        throw std::invalid_argument(problem);
    TradingEnvironment train(dataset, bars, dataset.train.front(), dataset.train.back(), environment);
    TradingEnvironment validation(dataset, bars, dataset.validation.front(), dataset.validation.back(), environment);
    TradingEnvironment test(dataset, bars, dataset.test.front(), dataset.test.back(), environment);
    const int inputs = train.observationSize();
    const std::size_t size = weightCount(inputs, spec.hidden);

    std::mt19937_64 random(spec.seed);
    std::normal_distribution<double> gaussian(0.0, 1.0);
    std::vector<std::vector<double>> population(std::size_t(spec.population), std::vector<double>(size));
    const double scale = 1.0 / std::sqrt(double(inputs));
    for (auto &weights : population)
        for (double &w : weights)
            w = gaussian(random) * scale;

    NeuroEvolutionResult result;
    double bestValidation = -std::numeric_limits<double>::infinity();
    std::vector<double> fitness(population.size());
    std::vector<std::size_t> order(population.size());
    for (int generation = 0; generation < spec.generations; ++generation) {
        for (std::size_t i = 0; i < population.size(); ++i)
            fitness[i] = run(population[i], inputs, spec.hidden, train);
        std::iota(order.begin(), order.end(), std::size_t(0));
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return fitness[a] > fitness[b]; });

        GenerationReport report;
        report.generation = generation + 1;
        report.bestFitness = fitness[order.front()];
        report.meanFitness = std::accumulate(fitness.begin(), fitness.end(), 0.0) / double(fitness.size());
        run(population[order.front()], inputs, spec.hidden, validation);
        const EnvironmentMetrics checked = validation.metrics();
        report.validationReturn = checked.totalReturn;
        result.generations.push_back(report);
        if (checked.totalReturn > bestValidation) {
            bestValidation = checked.totalReturn;
            result.bestGeneration = generation + 1;
            result.weights = population[order.front()];
            result.validation = checked;
        }
        if (onGeneration && !onGeneration(report)) {
            result.cancelled = true;
            break;
        }
        // The next generation: the elite as they are, the rest children of two elite parents
        // (uniform crossover) with Gaussian mutation.
        std::vector<std::vector<double>> next;
        next.reserve(population.size());
        for (int e = 0; e < spec.elite; ++e)
            next.push_back(population[order[std::size_t(e)]]);
        while (next.size() < population.size()) {
            const auto &a = population[order[random() % std::size_t(spec.elite)]];
            const auto &b = population[order[random() % std::size_t(spec.elite)]];
            std::vector<double> child(size);
            for (std::size_t k = 0; k < size; ++k)
                child[k] = ((random() & 1) ? a[k] : b[k]) + spec.mutation * gaussian(random);
            next.push_back(std::move(child));
        }
        population.swap(next);
    }
    result.network = neuroEvolutionNetwork(result.weights, inputs, spec.hidden);
    runPolicy(result.network, test);
    result.test = test.metrics();
    result.buyAndHoldTest = test.buyAndHold();
    return result;
}

} // namespace bcf::ml
