#include "neuroevolution.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <stdexcept>

namespace bcf::ml {

namespace {

// inputs → hidden (tanh) → 2 scores; the larger score is the action (0 flat, 1 long).
struct Policy {
    int inputs = 0;
    int hidden = 0;
    static std::size_t size(int inputs, int hidden)
    {
        return std::size_t(inputs * hidden + hidden + hidden * 2 + 2);
    }
    int act(const std::vector<double> &w, const std::vector<float> &x, std::vector<double> &h) const
    {
        std::size_t k = 0;
        for (int j = 0; j < hidden; ++j) {
            double sum = 0;
            for (int i = 0; i < inputs; ++i)
                sum += w[k++] * double(x[std::size_t(i)]);
            h[std::size_t(j)] = sum;
        }
        for (int j = 0; j < hidden; ++j)
            h[std::size_t(j)] = std::tanh(h[std::size_t(j)] + w[k++]);
        double score[2] = {0, 0};
        for (int a = 0; a < 2; ++a) {
            for (int j = 0; j < hidden; ++j)
                score[a] += w[k++] * h[std::size_t(j)];
        }
        score[0] += w[k++];
        score[1] += w[k++];
        return score[1] > score[0] ? 1 : 0;
    }
};

// Runs the network over the environment's range; returns Σ rewards.
double run(const Policy &policy, const std::vector<double> &weights, TradingEnvironment &environment)
{
    std::vector<float> observation(std::size_t(environment.observationSize()));
    std::vector<double> hidden(std::size_t(policy.hidden));
    environment.reset();
    double total = 0;
    bool done = false;
    while (!done) {
        environment.observe(observation.data());
        total += environment.step(policy.act(weights, observation, hidden), done);
    }
    return total;
}

} // namespace

std::string checkNeuroEvolutionSpec(const NeuroEvolutionSpec &spec)
{
    if (spec.hidden < 1 || spec.hidden > 256)
        return "hidden: must be between 1 and 256";
    if (spec.population < 2 || spec.population > 10000)
        return "population: must be between 2 and 10000";
    if (spec.generations < 1 || spec.generations > 10000)
        return "generations: must be between 1 and 10000";
    if (spec.elite < 1 || spec.elite >= spec.population)
        return "elite: must be at least 1 and below the population";
    if (!(spec.mutation > 0 && spec.mutation <= 10))
        return "mutation: must be above 0 and at most 10";
    return {};
}

NeuroEvolutionResult evolvePolicy(const Dataset &dataset, const std::vector<Bar> &bars,
                                  const EnvironmentSettings &environment, const NeuroEvolutionSpec &spec,
                                  const std::function<bool(const GenerationReport &)> &onGeneration)
{
    if (std::string problem = checkNeuroEvolutionSpec(spec); !problem.empty())
        throw std::invalid_argument(problem);
    TradingEnvironment train(dataset, bars, dataset.train.front(), dataset.train.back(), environment);
    TradingEnvironment validation(dataset, bars, dataset.validation.front(), dataset.validation.back(), environment);
    TradingEnvironment test(dataset, bars, dataset.test.front(), dataset.test.back(), environment);
    const Policy policy{train.observationSize(), spec.hidden};
    const std::size_t size = Policy::size(policy.inputs, policy.hidden);

    std::mt19937_64 random(spec.seed);
    std::normal_distribution<double> gaussian(0.0, 1.0);
    std::vector<std::vector<double>> population(std::size_t(spec.population), std::vector<double>(size));
    const double scale = 1.0 / std::sqrt(double(policy.inputs));
    for (auto &weights : population)
        for (double &w : weights)
            w = gaussian(random) * scale;

    NeuroEvolutionResult result;
    double bestValidation = -std::numeric_limits<double>::infinity();
    std::vector<double> fitness(population.size());
    std::vector<std::size_t> order(population.size());
    for (int generation = 0; generation < spec.generations; ++generation) {
        for (std::size_t i = 0; i < population.size(); ++i)
            fitness[i] = run(policy, population[i], train);
        std::iota(order.begin(), order.end(), std::size_t(0));
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return fitness[a] > fitness[b]; });

        GenerationReport report;
        report.generation = generation + 1;
        report.bestFitness = fitness[order.front()];
        report.meanFitness = std::accumulate(fitness.begin(), fitness.end(), 0.0) / double(fitness.size());
        run(policy, population[order.front()], validation);
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
    run(policy, result.weights, test);
    result.test = test.metrics();
    result.buyAndHoldTest = test.buyAndHold();
    return result;
}

} // namespace bcf::ml
