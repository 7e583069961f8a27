// Names and checks of model and training specs: no LibTorch, so bcf-core checks a training request
// with the same code before queueing it.
#include "model.h"
#include "neuroevolution.h"
#include "rl.h"

namespace bcf::ml {

const char *architectureName(Architecture architecture)
{
    switch (architecture) {
    case Architecture::Lstm: return "lstm";
    case Architecture::Gru: return "gru";
    case Architecture::Transformer: return "transformer";
    case Architecture::Mlp: return "mlp";
    }
    return "lstm";
}

const char *taskName(Task task) { return task == Task::Direction ? "direction" : "regression"; }

const char *scheduleName(Schedule schedule)
{
    switch (schedule) {
    case Schedule::Constant: return "constant";
    case Schedule::Cosine: return "cosine";
    case Schedule::Step: return "step";
    }
    return "cosine";
}

bool parseArchitecture(const std::string &name, Architecture &out)
{
    for (auto a : {Architecture::Lstm, Architecture::Gru, Architecture::Transformer,
                   Architecture::Mlp})
        if (name == architectureName(a)) {
            out = a;
            return true;
        }
    return false;
}

bool parseTask(const std::string &name, Task &out)
{
    for (auto t : {Task::Regression, Task::Direction})
        if (name == taskName(t)) {
            out = t;
            return true;
        }
    return false;
}

bool parseSchedule(const std::string &name, Schedule &out)
{
    for (auto s : {Schedule::Constant, Schedule::Cosine, Schedule::Step})
        if (name == scheduleName(s)) {
            out = s;
            return true;
        }
    return false;
}

std::string checkModelSpec(const ModelSpec &model, int window)
{
    if (model.hidden < 1 || model.hidden > 1024)
        return "hidden: must be between 1 and 1024";
    if (model.layers < 1 || model.layers > 8)
        return "layers: must be between 1 and 8";
    if (!(model.dropout >= 0.0 && model.dropout < 1.0))
        return "dropout: must be at least 0 and below 1";
    if (model.architecture == Architecture::Transformer) {
        if (model.heads < 1 || model.heads > 16)
            return "heads: must be between 1 and 16";
        if (model.hidden % model.heads != 0)
            return "heads: hidden (" + std::to_string(model.hidden)
                   + ") must be a multiple of heads (" + std::to_string(model.heads) + ")";
    }
    if (model.architecture == Architecture::Mlp && window > 512)
        return "window: an MLP sees the whole window at once; at most 512 bars";
    return {};
}

std::string checkTrainSpec(const TrainSpec &train)
{
    if (train.epochs < 1 || train.epochs > 10000)
        return "epochs: must be between 1 and 10000";
    if (train.batchSize < 1 || train.batchSize > 65536)
        return "batch_size: must be between 1 and 65536";
    if (!(train.learningRate > 0 && train.learningRate <= 1))
        return "learning_rate: must be above 0 and at most 1";
    if (!(train.weightDecay >= 0 && train.weightDecay < 1))
        return "weight_decay: must be at least 0 and below 1";
    if (train.patience < 1 || train.patience > 10000)
        return "patience: must be between 1 and 10000 epochs";
    return {};
}

std::string checkDqnSpec(const DqnSpec &spec)
{
    if (spec.hidden < 1 || spec.hidden > 4096)
        return "hidden: must be between 1 and 4096";
    if (spec.episodes < 1 || spec.episodes > 10000)
        return "episodes: must be between 1 and 10000";
    if (!(spec.gamma >= 0 && spec.gamma < 1))
        return "gamma: must be at least 0 and below 1";
    if (!(spec.learningRate > 0 && spec.learningRate <= 1))
        return "learning_rate: must be above 0 and at most 1";
    if (spec.batchSize < 1 || spec.batchSize > spec.replayCapacity)
        return "batch_size: must be between 1 and the replay capacity";
    if (spec.learnEvery < 1 || spec.targetSyncSteps < 1)
        return "learn_every / target_sync_steps: must be at least 1";
    if (!(spec.epsilonEnd >= 0 && spec.epsilonEnd <= spec.epsilonStart && spec.epsilonStart <= 1))
        return "epsilon: 0 ≤ end ≤ start ≤ 1";
    return {};
}

std::string checkPpoSpec(const PpoSpec &spec)
{
    if (spec.hidden < 1 || spec.hidden > 4096)
        return "hidden: must be between 1 and 4096";
    if (spec.episodes < 1 || spec.episodes > 10000)
        return "episodes: must be between 1 and 10000";
    if (!(spec.gamma >= 0 && spec.gamma < 1))
        return "gamma: must be at least 0 and below 1";
    if (!(spec.lambda >= 0 && spec.lambda <= 1))
        return "lambda: must be between 0 and 1";
    if (!(spec.clip > 0 && spec.clip < 1))
        return "clip: must be above 0 and below 1";
    if (!(spec.learningRate > 0 && spec.learningRate <= 1))
        return "learning_rate: must be above 0 and at most 1";
    if (spec.updateEpochs < 1 || spec.updateEpochs > 100)
        return "update_epochs: must be between 1 and 100";
    if (spec.batchSize < 1 || spec.batchSize > 65536)
        return "batch_size: must be between 1 and 65536";
    if (!(spec.entropy >= 0 && spec.entropy <= 1))
        return "entropy: must be between 0 and 1";
    return {};
}

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

} // namespace bcf::ml
