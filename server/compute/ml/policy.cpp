#include "policy.h"

#include "artifact_text.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>

namespace bcf::ml {

namespace {

constexpr const char *kMagic = "BCF-POLICY 1";

const char *activationName(Activation activation)
{
    switch (activation) {
    case Activation::Relu:
        return "relu";
    case Activation::Tanh:
        return "tanh";
    case Activation::None:
        break;
    }
    return "none";
}

bool parseActivation(const std::string &name, Activation &out)
{
    for (const Activation a : {Activation::None, Activation::Relu, Activation::Tanh})
        if (name == activationName(a)) {
            out = a;
            return true;
        }
    return false;
}

} // namespace

int PolicyNetwork::act(const float *observation) const
{
    thread_local std::vector<double> input, output; // no allocation per step once warm
    input.assign(observation, observation + inputs());
    for (const DenseLayer &layer : layers) {
        output.assign(std::size_t(layer.outputs), 0.0);
        for (int o = 0; o < layer.outputs; ++o) {
            const double *row = layer.weights.data() + std::size_t(o) * std::size_t(layer.inputs);
            double sum = 0;
            for (int i = 0; i < layer.inputs; ++i)
                sum += row[i] * input[std::size_t(i)];
            sum += layer.bias[std::size_t(o)];
            if (layer.activation == Activation::Relu)
                sum = sum > 0 ? sum : 0;
            else if (layer.activation == Activation::Tanh)
                sum = std::tanh(sum);
            output[std::size_t(o)] = sum;
        }
        input.swap(output);
    }
    return input.size() == 2 && input[1] > input[0] ? 1 : 0;
}

double runPolicy(const PolicyNetwork &network, TradingEnvironment &environment)
{
    std::vector<float> observation(std::size_t(environment.observationSize()));
    environment.reset();
    double total = 0;
    bool done = false;
    while (!done) {
        environment.observe(observation.data());
        total += environment.step(network.act(observation.data()), done);
    }
    return total;
}

bool isPolicyArtifact(const std::string &artifact) { return hasMagic(artifact, kMagic); }

std::string writePolicyArtifact(const PolicyArtifact &policy)
{
    ArtifactWriter out(kMagic);
    out.put("method", policy.method);
    out.putDataset(policy.dataset, policy.normaliser);
    out.put("layers", std::to_string(policy.network.layers.size()));
    // The body: per layer a line "inputs outputs activation", a line of weights, a line of biases.
    std::string body;
    for (const DenseLayer &layer : policy.network.layers) {
        body += std::to_string(layer.inputs) + " " + std::to_string(layer.outputs) + " " +
                activationName(layer.activation) + "\n";
        body += artifactNumbers(layer.weights) + "\n";
        body += artifactNumbers(layer.bias) + "\n";
    }
    return out.finish(body);
}

PolicyArtifact readPolicyArtifact(const std::string &artifact)
{
    const ArtifactReader in(artifact, kMagic, "policy artifact");
    PolicyArtifact policy;
    policy.method = in.field("method");
    in.dataset(policy.dataset, policy.normaliser);
    const int count = in.integer("layers");
    const std::string &body = in.body();
    std::size_t pos = 0;
    const auto line = [&]() {
        const auto end = body.find('\n', pos);
        if (end == std::string::npos)
            in.fail("the layers are cut short");
        std::string text = body.substr(pos, end - pos);
        pos = end + 1;
        return text;
    };
    int expectedInputs = int(policy.dataset.features.size()) * policy.dataset.window + 1;
    for (int l = 0; l < count; ++l) {
        DenseLayer layer;
        const std::string shape = line();
        char activation[16] = {};
        if (std::sscanf(shape.c_str(), "%d %d %15s", &layer.inputs, &layer.outputs, activation) != 3
            || !parseActivation(activation, layer.activation))
            in.fail("layer " + std::to_string(l + 1) + ": malformed shape \"" + shape + "\"");
        if (layer.inputs != expectedInputs || layer.outputs < 1)
            in.fail("layer " + std::to_string(l + 1) + ": " + std::to_string(layer.inputs) + " inputs where " +
                    std::to_string(expectedInputs) + " are needed");
        layer.weights = parseArtifactNumbers(line());
        layer.bias = parseArtifactNumbers(line());
        if (layer.weights.size() != std::size_t(layer.inputs) * std::size_t(layer.outputs)
            || layer.bias.size() != std::size_t(layer.outputs))
            in.fail("layer " + std::to_string(l + 1) + ": wrong number of weights");
        expectedInputs = layer.outputs;
        policy.network.layers.push_back(std::move(layer));
    }
    if (policy.network.layers.empty() || expectedInputs != 2)
        in.fail("the last layer must give two scores (flat, long)");
    return policy;
}

std::vector<double> policyActions(const PolicyArtifact &policy, const std::vector<Bar> &bars, std::size_t first,
                                  bool longAtFirst)
{
    std::vector<char> ready;
    const std::vector<float> rows = normalisedRows(policy.dataset.features, policy.normaliser, bars, ready);
    const std::size_t window = std::size_t(policy.dataset.window);
    const std::size_t width = policy.dataset.features.size();
    std::vector<double> actions(bars.size(), std::numeric_limits<double>::quiet_NaN());
    std::vector<float> observation(window * width + 1);
    bool held = longAtFirst;
    std::size_t readyRun = 0; // consecutive warmed-up bars ending at t
    for (std::size_t t = 0; t < bars.size(); ++t) {
        readyRun = ready[t] ? readyRun + 1 : 0;
        if (t < first || readyRun < window)
            continue;
        std::copy_n(rows.begin() + std::ptrdiff_t((t + 1 - window) * width), window * width, observation.begin());
        observation.back() = held ? 1.0f : 0.0f;
        const int action = policy.network.act(observation.data());
        actions[t] = action;
        held = action == 1;
    }
    return actions;
}

} // namespace bcf::ml
