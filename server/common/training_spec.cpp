#include "common/training_spec.h"

#include "common/agent_spec.h"
#include "common/model_registry.h"
#include "dataset.h"
#include "model.h"
#include "model/timeframe.h"

namespace bcf::server {

namespace {

std::unexpected<Error> invalid(const std::string &message)
{
    return makeError(ErrorCode::InvalidArgument, message);
}

// The optimiser settings, the fee and the description: checked for every kind of run.
Status completeTraining(v1::TrainingSpec &spec)
{
    if (spec.epochs() == 0)
        spec.set_epochs(30);
    if (spec.batch_size() == 0)
        spec.set_batch_size(64);
    if (spec.learning_rate() == 0)
        spec.set_learning_rate(1e-3);
    if (spec.patience() == 0)
        spec.set_patience(5);
    if (spec.seed() == 0)
        spec.set_seed(1);
    if (spec.fee_micros() == 0)
        spec.set_fee_micros(1000);
    if (spec.fee_micros() < 0 || spec.fee_micros() > 100'000)
        return invalid("fee: from 0 to 100000 millionths (10 %).");
    ml::TrainSpec train;
    train.epochs = spec.epochs();
    train.batchSize = spec.batch_size();
    train.learningRate = spec.learning_rate();
    train.weightDecay = spec.weight_decay();
    train.patience = spec.patience();
    if (std::string problem = ml::checkTrainSpec(train); !problem.empty())
        return invalid(problem + ".");
    if (spec.description().size() > 500)
        return invalid("description: at most 500 characters.");
    return {};
}

// An agent: long or flat, so no task but "policy"; its own settings.
Status completeAgentSpec(v1::TrainingSpec &spec)
{
    if (spec.task() != "policy")
        return invalid("task: an agent (" + spec.architecture() + ") learns a policy; leave the task empty or "
                       "set it to policy.");
    if (spec.hidden() == 0)
        spec.set_hidden(32);
    if (!spec.has_gamma())
        spec.set_gamma(0.95);
    if (spec.population() == 0)
        spec.set_population(32);
    if (spec.elite() == 0)
        spec.set_elite(4);
    if (spec.mutation() == 0)
        spec.set_mutation(0.1);
    if (auto done = completeTraining(spec); !done)
        return done;
    const std::string problem = spec.architecture() == "dqn"   ? ml::checkDqnSpec(dqnSpecOf(spec))
                                : spec.architecture() == "ppo" ? ml::checkPpoSpec(ppoSpecOf(spec))
                                                               : ml::checkNeuroEvolutionSpec(neuroEvolutionSpecOf(spec));
    if (!problem.empty())
        return invalid(problem + ".");
    return {};
}

} // namespace

Status completeTrainingSpec(v1::TrainingSpec &spec)
{
    if (!ModelRegistry::validName(spec.model_name()))
        return invalid("model name: '" + spec.model_name()
                       + "' must be 1 to 64 of a-z, 0-9, '.', '_' and '-', starting with a letter "
                         "or digit.");
    if (spec.symbol().empty())
        return invalid("symbol: required.");
    if (!model::parseTimeframe(spec.timeframe()))
        return invalid("timeframe: '" + spec.timeframe() + "' is not a timeframe (1m, 5m, 1h, 1d, …).");
    if (spec.from_unix_ms() <= 0 || spec.to_unix_ms() <= spec.from_unix_ms())
        return invalid("range: 'to' must come after 'from'.");
    if (spec.features().empty())
        for (const char *feature : {"return(1)", "range", "rsi(14)", "volume_ratio(20)"})
            spec.add_features(feature);
    if (spec.features_size() > 64)
        return invalid("features: at most 64.");
    const std::vector<std::string> features(spec.features().begin(), spec.features().end());
    for (const std::string &feature : features)
        if (feature.find('\n') != std::string::npos)
            return invalid("features: a feature may not hold a line break.");
    if (std::string problem = ml::checkFeatures(features); !problem.empty())
        return invalid("features: " + problem + ".");
    if (spec.window() == 0)
        spec.set_window(32);
    if (spec.horizon() == 0)
        spec.set_horizon(1);
    if (spec.window() < 1 || spec.window() > 4096)
        return invalid("window: from 1 to 4096 bars.");
    if (spec.horizon() < 1 || spec.horizon() > 1000)
        return invalid("horizon: from 1 to 1000 bars.");
    if (spec.train_fraction() == 0)
        spec.set_train_fraction(0.70);
    if (spec.validation_fraction() == 0)
        spec.set_validation_fraction(0.15);
    if (!(spec.train_fraction() > 0) || !(spec.validation_fraction() > 0)
        || spec.train_fraction() + spec.validation_fraction() >= 1.0)
        return invalid("train fraction / validation fraction: both above 0, and their sum below 1 "
                       "(the rest is the test range).");
    if (spec.has_embargo() && (spec.embargo() < 0 || spec.embargo() > 100000))
        return invalid("embargo: from 0 to 100000 bars.");
    if (spec.architecture().empty())
        spec.set_architecture("lstm");
    const bool agent = isAgentSpec(spec);
    if (spec.task().empty())
        spec.set_task(agent ? "policy" : "regression");
    if (spec.schedule().empty())
        spec.set_schedule("cosine");
    if (agent)
        return completeAgentSpec(spec);
    ml::ModelSpec model;
    if (!ml::parseArchitecture(spec.architecture(), model.architecture))
        return invalid("architecture: '" + spec.architecture()
                       + "' is not lstm, gru, transformer, mlp, dqn, ppo or neuroevolution.");
    if (!ml::parseTask(spec.task(), model.task))
        return invalid("task: '" + spec.task() + "' is not regression or direction.");
    ml::Schedule schedule;
    if (!ml::parseSchedule(spec.schedule(), schedule))
        return invalid("schedule: '" + spec.schedule() + "' is not constant, cosine or step.");
    if (spec.hidden() == 0)
        spec.set_hidden(32);
    if (spec.layers() == 0)
        spec.set_layers(1);
    if (spec.heads() == 0)
        spec.set_heads(4);
    model.hidden = spec.hidden();
    model.layers = spec.layers();
    model.heads = spec.heads();
    model.dropout = spec.dropout();
    if (std::string problem = ml::checkModelSpec(model, spec.window()); !problem.empty())
        return invalid(problem + ".");
    return completeTraining(spec);
}

bool isAgentSpec(const v1::TrainingSpec &spec)
{
    return spec.architecture() == "dqn" || spec.architecture() == "ppo" || spec.architecture() == "neuroevolution";
}

ml::DqnSpec dqnSpecOf(const v1::TrainingSpec &spec)
{
    ml::DqnSpec dqn;
    dqn.hidden = spec.hidden();
    dqn.episodes = spec.epochs();
    dqn.gamma = spec.gamma();
    dqn.learningRate = spec.learning_rate();
    dqn.batchSize = spec.batch_size();
    dqn.seed = spec.seed();
    return dqn;
}

ml::PpoSpec ppoSpecOf(const v1::TrainingSpec &spec)
{
    ml::PpoSpec ppo;
    ppo.hidden = spec.hidden();
    ppo.episodes = spec.epochs();
    ppo.gamma = spec.gamma();
    ppo.learningRate = spec.learning_rate();
    ppo.batchSize = spec.batch_size();
    ppo.seed = spec.seed();
    return ppo;
}

ml::NeuroEvolutionSpec neuroEvolutionSpecOf(const v1::TrainingSpec &spec)
{
    ml::NeuroEvolutionSpec evolution;
    evolution.hidden = spec.hidden();
    evolution.population = spec.population();
    evolution.generations = spec.epochs();
    evolution.elite = spec.elite();
    evolution.mutation = spec.mutation();
    evolution.seed = spec.seed();
    return evolution;
}

} // namespace bcf::server
