// Deep Q-learning (Mnih et al. 2015): an experience replay buffer, a target network, epsilon-greedy
// exploration, the Huber loss, Adam. Proximal policy optimisation (Schulman et al. 2017): an
// actor and a critic, generalised advantage estimates, the clipped surrogate objective. One
// translation unit for both (LibTorch's headers are slow to compile).
#include "rl.h"

#include <torch/torch.h>

#include <random>

namespace bcf::ml {

namespace {

struct QNetImpl : torch::nn::Module {
    QNetImpl(int inputs, int hidden)
        : first(register_module("first", torch::nn::Linear(inputs, hidden))),
          second(register_module("second", torch::nn::Linear(hidden, hidden))),
          out(register_module("out", torch::nn::Linear(hidden, 2)))
    {}
    torch::Tensor forward(torch::Tensor x)
    {
        return out->forward(torch::relu(second->forward(torch::relu(first->forward(x)))));
    }
    torch::nn::Linear first, second, out;
};
TORCH_MODULE(QNet);

void copyWeights(QNet &from, QNet &to)
{
    torch::NoGradGuard noGrad;
    auto source = from->parameters();
    auto target = to->parameters();
    for (std::size_t i = 0; i < source.size(); ++i)
        target[i].copy_(source[i]);
}

// Runs the greedy policy over an environment's whole range.
EnvironmentMetrics evaluate(QNet &net, TradingEnvironment &environment, const torch::Device &device)
{
    torch::NoGradGuard noGrad;
    net->eval();
    environment.reset();
    std::vector<float> observation(std::size_t(environment.observationSize()));
    bool done = false;
    while (!done) {
        environment.observe(observation.data());
        const torch::Tensor q =
            net->forward(torch::from_blob(observation.data(), {1, environment.observationSize()}).to(device));
        environment.step(int(q.argmax(1).item<std::int64_t>()), done);
    }
    net->train();
    return environment.metrics();
}

// Dense layers as a PolicyNetwork (weights copied to the CPU, in double).
PolicyNetwork policyOf(const std::vector<std::pair<torch::nn::Linear *, Activation>> &layers)
{
    torch::NoGradGuard noGrad;
    PolicyNetwork policy;
    for (const auto &[linear, activation] : layers) {
        const torch::Tensor w = (*linear)->weight.detach().to(torch::kCPU, torch::kDouble).contiguous();
        const torch::Tensor b = (*linear)->bias.detach().to(torch::kCPU, torch::kDouble).contiguous();
        DenseLayer layer;
        layer.outputs = int(w.size(0));
        layer.inputs = int(w.size(1));
        layer.weights.assign(w.data_ptr<double>(), w.data_ptr<double>() + w.numel());
        layer.bias.assign(b.data_ptr<double>(), b.data_ptr<double>() + b.numel());
        layer.activation = activation;
        policy.layers.push_back(std::move(layer));
    }
    return policy;
}

} // namespace

DqnResult trainDqn(const Dataset &dataset, const std::vector<Bar> &bars, const EnvironmentSettings &environment,
                   const DqnSpec &spec, const std::function<bool(const EpisodeReport &)> &onEpisode)
{
    if (std::string problem = checkDqnSpec(spec); !problem.empty())
        throw std::invalid_argument(problem);
    const DeviceInfo info = configureDevice(spec.device);
    if (!info.ok)
        throw std::runtime_error(info.error);
    const torch::Device device(info.device);
    torch::manual_seed(spec.seed);
    std::mt19937_64 random(spec.seed);

    TradingEnvironment train(dataset, bars, dataset.train.front(), dataset.train.back(), environment);
    TradingEnvironment validation(dataset, bars, dataset.validation.front(), dataset.validation.back(), environment);
    TradingEnvironment test(dataset, bars, dataset.test.front(), dataset.test.back(), environment);
    const int inputs = train.observationSize();

    QNet online(inputs, spec.hidden);
    QNet target(inputs, spec.hidden);
    online->to(device);
    target->to(device);
    copyWeights(online, target);
    torch::optim::Adam optimizer(online->parameters(), torch::optim::AdamOptions(spec.learningRate));

    // The replay buffer, as flat arrays (a ring).
    const std::size_t capacity = std::size_t(spec.replayCapacity);
    std::vector<float> states(capacity * std::size_t(inputs)), nextStates(capacity * std::size_t(inputs));
    std::vector<std::int64_t> actions(capacity);
    std::vector<float> rewards(capacity), dones(capacity);
    std::size_t stored = 0, next = 0;

    DqnResult result;
    result.device = info.device;
    double bestValidation = -std::numeric_limits<double>::infinity();
    QNet best(inputs, spec.hidden);
    best->to(device);
    std::int64_t steps = 0, updates = 0;
    std::vector<float> observation(static_cast<std::size_t>(inputs));
    std::vector<float> following(static_cast<std::size_t>(inputs));
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    for (int episode = 0; episode < spec.episodes; ++episode) {
        const double epsilon =
            spec.episodes > 1 ? spec.epsilonStart + (spec.epsilonEnd - spec.epsilonStart) * episode / (spec.episodes - 1)
                              : spec.epsilonEnd;
        train.reset();
        bool done = false;
        double total = 0;
        train.observe(observation.data());
        while (!done) {
            int action = 0;
            if (unit(random) < epsilon) {
                action = int(random() % 2);
            } else {
                torch::NoGradGuard noGrad;
                action = int(online->forward(torch::from_blob(observation.data(), {1, inputs}).to(device))
                                 .argmax(1)
                                 .item<std::int64_t>());
            }
            const double reward = train.step(action, done);
            total += reward;
            train.observe(following.data());
            std::copy(observation.begin(), observation.end(), states.begin() + std::ptrdiff_t(next * inputs));
            std::copy(following.begin(), following.end(), nextStates.begin() + std::ptrdiff_t(next * inputs));
            actions[next] = action;
            rewards[next] = float(reward * 100.0); // log returns in percent: a scale the network learns well
            dones[next] = done ? 1.0f : 0.0f;
            next = (next + 1) % capacity;
            stored = std::min(stored + 1, capacity);
            observation.swap(following);

            if (++steps % spec.learnEvery != 0 || stored < std::size_t(spec.batchSize))
                continue;
            std::vector<std::int64_t> picks(std::size_t(spec.batchSize));
            for (auto &pick : picks)
                pick = std::int64_t(random() % stored);
            const torch::Tensor index = torch::tensor(picks, torch::kLong);
            const auto all = [&](std::vector<float> &data, int width) {
                return torch::from_blob(data.data(), {std::int64_t(capacity), width}).index_select(0, index).to(device);
            };
            const torch::Tensor s = all(states, inputs);
            const torch::Tensor s2 = all(nextStates, inputs);
            const torch::Tensor a = torch::from_blob(actions.data(), {std::int64_t(capacity)}, torch::kLong)
                                        .index_select(0, index)
                                        .to(device);
            const torch::Tensor r = torch::from_blob(rewards.data(), {std::int64_t(capacity)}).index_select(0, index).to(device);
            const torch::Tensor d = torch::from_blob(dones.data(), {std::int64_t(capacity)}).index_select(0, index).to(device);
            torch::Tensor goal;
            {
                torch::NoGradGuard noGrad;
                goal = r + spec.gamma * (1 - d) * std::get<0>(target->forward(s2).max(1));
            }
            const torch::Tensor q = online->forward(s).gather(1, a.unsqueeze(1)).squeeze(1);
            const torch::Tensor loss = torch::smooth_l1_loss(q, goal);
            optimizer.zero_grad();
            loss.backward();
            torch::nn::utils::clip_grad_norm_(online->parameters(), 10.0);
            optimizer.step();
            if (++updates % spec.targetSyncSteps == 0)
                copyWeights(online, target);
        }
        EpisodeReport report;
        report.episode = episode + 1;
        report.reward = total;
        report.epsilon = epsilon;
        report.metrics = train.metrics();
        const EnvironmentMetrics checked = evaluate(online, validation, device);
        report.validationReturn = checked.totalReturn;
        result.episodes.push_back(report);
        if (checked.totalReturn > bestValidation) {
            bestValidation = checked.totalReturn;
            result.bestEpisode = episode + 1;
            result.validation = checked;
            copyWeights(online, best);
        }
        if (onEpisode && !onEpisode(report)) {
            result.cancelled = true;
            break;
        }
    }
    // The test run is the exported policy's (what is stored and served), not the network's.
    // The greedy policy: relu, relu, then the two Q-values.
    result.policy = policyOf({{&best->first, Activation::Relu}, {&best->second, Activation::Relu},
                              {&best->out, Activation::None}});
    runPolicy(result.policy, test);
    result.test = test.metrics();
    result.buyAndHoldTest = test.buyAndHold();
    return result;
}

namespace {

// obs → hidden → hidden (tanh) → outputs: the actor (two logits, flat and long) or the critic (one
// value).
struct MlpImpl : torch::nn::Module {
    MlpImpl(int inputs, int hidden, int outputs)
        : first(register_module("first", torch::nn::Linear(inputs, hidden))),
          second(register_module("second", torch::nn::Linear(hidden, hidden))),
          out(register_module("out", torch::nn::Linear(hidden, outputs)))
    {}
    torch::Tensor forward(torch::Tensor x)
    {
        return out->forward(torch::tanh(second->forward(torch::tanh(first->forward(x)))));
    }
    torch::nn::Linear first, second, out;
};
TORCH_MODULE(Mlp);

PolicyNetwork greedyActor(Mlp &actor)
{
    return policyOf({{&actor->first, Activation::Tanh}, {&actor->second, Activation::Tanh},
                     {&actor->out, Activation::None}});
}

} // namespace

DqnResult trainPpo(const Dataset &dataset, const std::vector<Bar> &bars, const EnvironmentSettings &environment,
                   const PpoSpec &spec, const std::function<bool(const EpisodeReport &)> &onEpisode)
{
    if (std::string problem = checkPpoSpec(spec); !problem.empty())
        throw std::invalid_argument(problem);
    const DeviceInfo info = configureDevice(spec.device);
    if (!info.ok)
        throw std::runtime_error(info.error);
    const torch::Device device(info.device);
    torch::manual_seed(spec.seed);

    TradingEnvironment train(dataset, bars, dataset.train.front(), dataset.train.back(), environment);
    TradingEnvironment validation(dataset, bars, dataset.validation.front(), dataset.validation.back(), environment);
    TradingEnvironment test(dataset, bars, dataset.test.front(), dataset.test.back(), environment);
    const int inputs = train.observationSize();
    Mlp actor(inputs, spec.hidden, 2);
    Mlp critic(inputs, spec.hidden, 1);
    actor->to(device);
    critic->to(device);
    std::vector<torch::Tensor> parameters = actor->parameters();
    for (const torch::Tensor &p : critic->parameters())
        parameters.push_back(p);
    torch::optim::Adam optimizer(parameters, torch::optim::AdamOptions(spec.learningRate));

    DqnResult result;
    result.device = info.device;
    double bestValidation = -std::numeric_limits<double>::infinity();
    Mlp best(inputs, spec.hidden, 2);
    std::vector<float> observation(static_cast<std::size_t>(inputs));
    for (int episode = 0; episode < spec.episodes; ++episode) {
        // A rollout over the training range with the stochastic policy.
        std::vector<float> states;
        std::vector<std::int64_t> actions;
        std::vector<float> rewards, values, logProbabilities;
        train.reset();
        bool done = false;
        double total = 0;
        {
            torch::NoGradGuard noGrad;
            actor->eval();
            critic->eval();
            while (!done) {
                train.observe(observation.data());
                const torch::Tensor x = torch::from_blob(observation.data(), {1, inputs}).to(device);
                const torch::Tensor logits = actor->forward(x);
                const torch::Tensor probabilities = torch::softmax(logits, 1);
                const std::int64_t action = torch::multinomial(probabilities.cpu(), 1).item<std::int64_t>();
                states.insert(states.end(), observation.begin(), observation.end());
                actions.push_back(action);
                logProbabilities.push_back(torch::log_softmax(logits, 1)[0][action].item<float>());
                values.push_back(critic->forward(x).item<float>());
                const double reward = train.step(int(action), done);
                total += reward;
                rewards.push_back(float(reward * 100.0)); // log returns in percent, as for the DQN
            }
            actor->train();
            critic->train();
        }
        // Generalised advantage estimates and the returns they imply (the episode ends at the
        // range's last bar: no value after it).
        const std::size_t steps = rewards.size();
        std::vector<float> advantages(steps), returns(steps);
        double running = 0;
        for (std::size_t t = steps; t-- > 0;) {
            const double next = t + 1 < steps ? values[t + 1] : 0.0;
            const double delta = rewards[t] + spec.gamma * next - values[t];
            running = delta + spec.gamma * spec.lambda * (t + 1 < steps ? running : 0.0);
            advantages[t] = float(running);
            returns[t] = float(running + values[t]);
        }
        const auto n = std::int64_t(steps);
        const torch::Tensor allStates = torch::from_blob(states.data(), {n, inputs}).to(device);
        const torch::Tensor allActions = torch::from_blob(actions.data(), {n}, torch::kLong).to(device);
        const torch::Tensor oldLog = torch::from_blob(logProbabilities.data(), {n}).to(device);
        torch::Tensor allAdvantages = torch::from_blob(advantages.data(), {n}).to(device);
        allAdvantages = (allAdvantages - allAdvantages.mean()) / (allAdvantages.std() + 1e-8);
        const torch::Tensor allReturns = torch::from_blob(returns.data(), {n}).to(device);
        for (int pass = 0; pass < spec.updateEpochs; ++pass) {
            const torch::Tensor order = torch::randperm(n, torch::kLong).to(device);
            for (std::int64_t first = 0; first < n; first += spec.batchSize) {
                const torch::Tensor index = order.slice(0, first, std::min(n, first + spec.batchSize));
                const torch::Tensor logits = actor->forward(allStates.index_select(0, index));
                const torch::Tensor logProbability = torch::log_softmax(logits, 1);
                const torch::Tensor taken =
                    logProbability.gather(1, allActions.index_select(0, index).unsqueeze(1)).squeeze(1);
                const torch::Tensor ratio = torch::exp(taken - oldLog.index_select(0, index));
                const torch::Tensor advantage = allAdvantages.index_select(0, index);
                const torch::Tensor surrogate =
                    torch::min(ratio * advantage, torch::clamp(ratio, 1 - spec.clip, 1 + spec.clip) * advantage);
                const torch::Tensor entropy = -(torch::exp(logProbability) * logProbability).sum(1).mean();
                const torch::Tensor value = critic->forward(allStates.index_select(0, index)).squeeze(1);
                const torch::Tensor loss = -surrogate.mean() +
                                           0.5 * torch::mse_loss(value, allReturns.index_select(0, index)) -
                                           spec.entropy * entropy;
                optimizer.zero_grad();
                loss.backward();
                torch::nn::utils::clip_grad_norm_(parameters, 0.5);
                optimizer.step();
            }
        }

        EpisodeReport report;
        report.episode = episode + 1;
        report.reward = total;
        report.metrics = train.metrics();
        const PolicyNetwork greedy = greedyActor(actor);
        runPolicy(greedy, validation);
        const EnvironmentMetrics checked = validation.metrics();
        report.validationReturn = checked.totalReturn;
        result.episodes.push_back(report);
        if (checked.totalReturn > bestValidation) {
            bestValidation = checked.totalReturn;
            result.bestEpisode = episode + 1;
            result.validation = checked;
            result.policy = greedy;
        }
        if (onEpisode && !onEpisode(report)) {
            result.cancelled = true;
            break;
        }
    }
    runPolicy(result.policy, test);
    result.test = test.metrics();
    result.buyAndHoldTest = test.buyAndHold();
    return result;
}

} // namespace bcf::ml
