#include "core/model_types.h"

#include "core/model_proto.h"

using namespace Qt::StringLiterals;

namespace bcf::app {

namespace {

QString text(const std::string& value)
{
    return QString::fromStdString(value);
}


ModelMetricsValues fromProtoModelMetrics(const v1::ModelMetrics& metrics)
{
    return {.samples = metrics.samples(),
            .loss = metrics.loss(),
            .mse = metrics.mse(),
            .directionalAccuracy = metrics.directional_accuracy()};
}

} // namespace

JobMetrics fromProtoMetrics(const v1::BacktestMetrics& metrics)
{
    return JobMetrics{.totalReturn = metrics.total_return(),
                      .cagr = metrics.cagr(),
                      .volatility = metrics.volatility(),
                      .sharpe = metrics.sharpe(),
                      .sortino = metrics.sortino(),
                      .calmar = metrics.calmar(),
                      .maxDrawdown = metrics.max_drawdown(),
                      .netProfit = text(metrics.net_profit()),
                      .tradeCount = metrics.trade_count(),
                      .winningTrades = metrics.winning_trades(),
                      .losingTrades = metrics.losing_trades(),
                      .winRate = metrics.win_rate(),
                      .profitFactor = metrics.profit_factor(),
                      .expectancy = metrics.expectancy(),
                      .feesPaid = text(metrics.fees_paid()),
                      .exposure = metrics.exposure()};
}

bool isAgentArchitecture(const QString& architecture)
{
    return isEpisodicAgent(architecture) || architecture == u"neuroevolution";
}

bool isEpisodicAgent(const QString& architecture)
{
    return architecture == u"dqn" || architecture == u"ppo";
}

QStringList defaultModelFeatures()
{
    return {u"return(1)"_s, u"range"_s, u"rsi(14)"_s, u"volume_ratio(20)"_s};
}

QStringList splitModelFeatures(const QString& text)
{
    QStringList features;
    QString current;
    int depth = 0;
    const auto flush = [&] {
        const QString trimmed = current.trimmed();
        if (!trimmed.isEmpty())
            features.push_back(trimmed);
        current.clear();
    };
    for (const QChar c : text) {
        if (c == u'(')
            ++depth;
        else if (c == u')' && depth > 0)
            --depth;
        if (c == u',' && depth == 0)
            flush();
        else
            current += c;
    }
    flush();
    return features;
}

QString modelVersionName(const QString& name, int version)
{
    return u"%1 v%2"_s.arg(name).arg(version);
}

void toProtoTrainingSpec(const ModelTrainingSpec& spec, v1::TrainingSpec* out)
{
    out->set_model_name(spec.modelName.toStdString());
    out->set_exchange(spec.exchange.toStdString());
    out->set_symbol(spec.symbol.toStdString());
    out->set_timeframe(spec.timeframe.toStdString());
    out->set_from_unix_ms(spec.fromUnixMs);
    out->set_to_unix_ms(spec.toUnixMs);
    for (const QString& feature : spec.features)
        out->add_features(feature.toStdString());
    out->set_window(spec.window);
    out->set_horizon(spec.horizon);
    out->set_architecture(spec.architecture.toStdString());
    out->set_task(spec.task.toStdString());
    out->set_hidden(spec.hidden);
    out->set_layers(spec.layers);
    out->set_epochs(spec.epochs);
    out->set_learning_rate(spec.learningRate);
    out->set_patience(spec.patience);
    out->set_seed(spec.seed);
    if (spec.gamma)
        out->set_gamma(*spec.gamma);
    out->set_population(spec.population);
    out->set_elite(spec.elite);
    out->set_mutation(spec.mutation);
}

ModelTrainingSpec fromProtoTrainingSpec(const v1::TrainingSpec& spec)
{
    ModelTrainingSpec result{.modelName = text(spec.model_name()),
                             .exchange = text(spec.exchange()),
                             .symbol = text(spec.symbol()),
                             .timeframe = text(spec.timeframe()),
                             .fromUnixMs = spec.from_unix_ms(),
                             .toUnixMs = spec.to_unix_ms(),
                             .features = {},
                             .window = spec.window(),
                             .horizon = spec.horizon(),
                             .architecture = text(spec.architecture()),
                             .task = text(spec.task()),
                             .hidden = spec.hidden(),
                             .layers = spec.layers(),
                             .epochs = spec.epochs(),
                             .learningRate = spec.learning_rate(),
                             .patience = spec.patience(),
                             .seed = spec.seed(),
                             .gamma = spec.has_gamma() ? std::optional(spec.gamma()) : std::nullopt,
                             .population = spec.population(),
                             .elite = spec.elite(),
                             .mutation = spec.mutation()};
    for (const std::string& feature : spec.features())
        result.features.push_back(text(feature));
    return result;
}

ModelTrainingReport fromProtoTrainingReport(const v1::TrainingReport& report)
{
    ModelTrainingReport result{.modelName = text(report.model_name()),
                               .version = report.version(),
                               .history = {},
                               .bestEpoch = report.best_epoch(),
                               .stoppedEarly = report.stopped_early(),
                               .validation = fromProtoModelMetrics(report.validation()),
                               .test = fromProtoModelMetrics(report.test()),
                               .baselineTest = fromProtoModelMetrics(report.baseline_test()),
                               .signalBacktest = fromProtoMetrics(report.signal_backtest()),
                               .buyAndHold = fromProtoMetrics(report.buy_and_hold()),
                               .device = text(report.device()),
                               .parameters = report.parameters(),
                               .seconds = report.seconds(),
                               .testFromUnixMs = report.test_from_unix_ms(),
                               .testToUnixMs = report.test_to_unix_ms()};
    result.history.reserve(std::size_t(report.history_size()));
    for (const v1::EpochPoint& point : report.history())
        result.history.push_back({.epoch = point.epoch(),
                                  .trainLoss = point.train_loss(),
                                  .validationLoss = point.validation_loss(),
                                  .validationAccuracy = point.validation_accuracy(),
                                  .learningRate = point.learning_rate(),
                                  .seconds = point.seconds(),
                                  .best = point.best(),
                                  .trainReward = point.train_reward(),
                                  .validationReturn = point.validation_return()});
    return result;
}

ModelVersionInfo fromProtoModelVersion(const v1::ModelVersion& version)
{
    ModelVersionInfo result{.id = version.id(),
                            .name = text(version.name()),
                            .version = version.version(),
                            .architecture = text(version.architecture()),
                            .task = text(version.task()),
                            .hasDetails = version.has_spec() && version.has_report(),
                            .spec = {},
                            .report = {},
                            .live = version.live(),
                            .jobId = version.job_id(),
                            .artifactBytes = version.artifact_bytes(),
                            .owner = text(version.owner()),
                            .createdMs = version.created_at_unix_ms()};
    if (version.has_spec())
        result.spec = fromProtoTrainingSpec(version.spec());
    if (version.has_report())
        result.report = fromProtoTrainingReport(version.report());
    return result;
}

ModelPredictions fromProtoPredictions(const v1::GetPredictionsResponse& response)
{
    ModelPredictions result{.name = text(response.name()),
                            .version = response.version(),
                            .task = text(response.task()),
                            .points = {}};
    result.points.reserve(std::size_t(response.points_size()));
    for (const v1::PredictionPoint& point : response.points())
        result.points.push_back({.barTimeMs = point.bar_time_unix_ms(), .value = point.value()});
    return result;
}

} // namespace bcf::app
