#pragma once

// Trading policies (docs/ml.md, "Agents as models"): what a DQN or neuro-evolution run leaves is
// a small dense network that maps an observation (the window of normalised features and whether
// the instrument is held) to an action, 0 be flat or 1 be long. Its artifact ("BCF-POLICY 1")
// holds the dataset's features, window and normaliser and the layers' weights as text; serving
// it needs no LibTorch. Free of C++20 headers, like trading_env.h.
#include "dataset.h"
#include "trading_env.h"

#include <cstdint>
#include <string>
#include <vector>

namespace bcf::ml {

enum class Activation { None, Relu, Tanh };

struct DenseLayer {
    int inputs = 0;
    int outputs = 0;
    std::vector<double> weights;     // outputs × inputs, row by row
    std::vector<double> bias;        // outputs
    Activation activation = Activation::None;
};

struct PolicyNetwork {
    std::vector<DenseLayer> layers;  // the last one gives two scores: flat, long

    int inputs() const { return layers.empty() ? 0 : layers.front().inputs; }
    // The action whose score is larger; a tie is flat.
    int act(const float *observation) const;
};

struct PolicyArtifact {
    std::string method;              // dqn or neuroevolution: what trained it
    DatasetSpec dataset;             // features and window matter when serving
    Normaliser normaliser;
    PolicyNetwork network;
};

bool isPolicyArtifact(const std::string &artifact);
std::string writePolicyArtifact(const PolicyArtifact &policy);
// Throws std::invalid_argument ("policy artifact: …") for anything else or a damaged one.
PolicyArtifact readPolicyArtifact(const std::string &artifact);

// The policy's actions (0 or 1) at the closes of bars[first…], starting flat at `first` unless
// `longAtFirst`, each made from the bars up to that close and the position the previous action
// left (an order at a close fills at the next bar's open, as in TradingEnvironment). NaN before
// `first` and where the features are not warmed up (the position then stays as it was).
// Runs the network over the environment's whole range from a reset; returns Σ rewards (the
// metrics are then the environment's).
double runPolicy(const PolicyNetwork &network, TradingEnvironment &environment);

std::vector<double> policyActions(const PolicyArtifact &policy, const std::vector<Bar> &bars, std::size_t first,
                                  bool longAtFirst = false);

} // namespace bcf::ml
