#pragma once

// The agents' settings of a completed training spec (training_spec.h): epochs are episodes (dqn)
// (dqn, ppo) or generations (neuroevolution). For the compute node: it includes the ML headers.
#include "neuroevolution.h"
#include "rl.h"

#include <bcf/v1/jobs.pb.h>

namespace bcf::server {

ml::DqnSpec dqnSpecOf(const v1::TrainingSpec &spec);
ml::PpoSpec ppoSpecOf(const v1::TrainingSpec &spec);
ml::NeuroEvolutionSpec neuroEvolutionSpecOf(const v1::TrainingSpec &spec);

} // namespace bcf::server
