#pragma once

// The LibTorch side of the models, shared by model.cpp and trainer.cpp only (it includes
// <torch/torch.h>; nothing else in bcf-compute may include this header).
#include "model.h"

#include <torch/torch.h>

#include <string>

namespace bcf::ml::detail {

// One network for every architecture: [batch, window, features] → [batch] (a scaled return, or
// the logit of an up move).
class NetImpl : public torch::nn::Module {
public:
    NetImpl(const ModelSpec &spec, int features, int window);
    torch::Tensor forward(torch::Tensor x);

    const ModelSpec spec;
    const int features;
    const int window;
    torch::nn::LSTM lstm{nullptr};
    torch::nn::GRU gru{nullptr};
    torch::nn::Linear input{nullptr};          // Transformer: features → model width
    torch::Tensor position;                    // Transformer: learned position embedding
    torch::nn::TransformerEncoder encoder{nullptr};
    torch::nn::Sequential mlp{nullptr};
    torch::nn::Linear head{nullptr};
};
TORCH_MODULE(Net);

// The artifact: a text header (format version, specs, normaliser, target scale) then the weights
// as a LibTorch archive. The inverse is readArtifact.
std::string writeArtifact(Net &net, const ArtifactInfo &info);

// Parses the header into `info` and loads the weights into a new network on `device`. Throws
// std::invalid_argument naming what is wrong.
Net readArtifact(const std::string &artifact, const torch::Device &device, ArtifactInfo &info);

std::int64_t parameterCount(Net &net);

} // namespace bcf::ml::detail
