#pragma once

// A trading policy written by hand, for tests of how agents are served: its answers are known.
#include "policy.h"

namespace bcf::test {

// return(1) → two scores, flat 0 and long 1000 × the bar's log return: long after a bar that
// closed up, flat after one that closed down or unchanged; the position does not matter.
inline ml::PolicyArtifact upDownPolicy()
{
    ml::PolicyArtifact policy;
    policy.method = "neuroevolution";
    policy.dataset.features = {"return(1)"};
    policy.dataset.window = 1;
    policy.normaliser.mean = {0.0};
    policy.normaliser.stddev = {1.0};
    policy.network.layers = {ml::DenseLayer{2, 2, {0, 0, 1000, 0}, {0, 0}, ml::Activation::None}};
    return policy;
}

} // namespace bcf::test
