// The AI lab without a server (like the other dock tests): the registry table's rows from
// ModelVersion messages, the side-by-side compare of two versions, the live loss chart fed from
// a running job's TrainingReport history and its end, the training form's TrainingSpec and the
// refusals shown next to it, and the predictions pane under the candles; and the same for the
// agents (dqn, ppo, neuroevolution: a policy's form fields, reward chart, metrics and actions).
//
// With BCF_AI_LAB_SCREENSHOT_DIR set, screenshots() also writes the documentation's pictures of
// the dock and the chart (fed with the same kind of messages; BCF_AI_LAB_QM names the pt_BR .qm
// for the Portuguese one); without it that function is skipped.
#include "core/grpc_status_text.h"
#include "core/instrument_catalog.h"
#include "core/language_manager.h"
#include "core/model_proto.h"
#include "core/preferences.h"
#include "core/session_controller.h"
#include "gui/ai_lab_models.h"
#include "gui/ai_lab_panel.h"
#include "gui/ai_lab_predictions.h"
#include "gui/ai_lab_widgets.h"
#include "gui/candle_chart.h"
#include "gui/chart_panel.h"
#include "gui/main_window.h"
#include "gui/theme_manager.h"

#include <qcustomplot.h>

#include <QComboBox>
#include <QDateEdit>
#include <QDir>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <QTranslator>

#include <algorithm>
#include <cmath>

using namespace bcf;
using namespace bcf::app;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 day = 86'400'000;

void setMetrics(v1::BacktestMetrics* m, double totalReturn, double sharpe, double drawdown,
                qint64 trades)
{
    m->set_total_return(totalReturn);
    m->set_sharpe(sharpe);
    m->set_max_drawdown(drawdown);
    m->set_trade_count(trades);
}

// The loss curve of a plausible run: falling training loss, validation loss that flattens.
void addHistory(v1::TrainingReport* report, int epochs, int bestEpoch)
{
    for (int e = 1; e <= epochs; ++e) {
        v1::EpochPoint* point = report->add_history();
        point->set_epoch(e);
        point->set_train_loss(0.99 - 0.25 * (1 - std::exp(-e / 4.0)));
        point->set_validation_loss(1.02 - 0.14 * (1 - std::exp(-e / 3.0)) + (e > bestEpoch ? 0.004 * (e - bestEpoch) : 0));
        point->set_validation_accuracy(0.50 + 0.045 * (1 - std::exp(-e / 3.5)));
        point->set_learning_rate(0.001);
        point->set_seconds(2.5);
        point->set_best(e <= bestEpoch);
    }
    report->set_best_epoch(bestEpoch);
}

v1::ModelVersion modelVersion(const std::string& name, int version, const std::string& arch,
                              const std::string& task, bool live)
{
    v1::ModelVersion v;
    v.set_id(version + 10);
    v.set_name(name);
    v.set_version(version);
    v.set_architecture(arch);
    v.set_task(task);
    v.set_live(live);
    v.set_owner("trader");
    v.set_created_at_unix_ms(1'767'225'600'000 + version * day + day / 2); // 2026-01-01 + n days, noon UTC
    v1::TrainingSpec* spec = v.mutable_spec();
    spec->set_model_name(name);
    spec->set_symbol("BTCUSDT");
    spec->set_timeframe("1h");
    for (const char* f : {"return(1)", "range", "rsi(14)", "volume_ratio(20)"})
        spec->add_features(f);
    spec->set_window(32);
    spec->set_horizon(1);
    spec->set_architecture(arch);
    spec->set_task(task);
    spec->set_hidden(arch == "gru" ? 64 : 32);
    spec->set_layers(arch == "gru" ? 2 : 1);
    spec->set_epochs(30);
    v1::TrainingReport* report = v.mutable_report();
    report->set_model_name(name);
    report->set_version(version);
    addHistory(report, arch == "gru" ? 18 : 14, arch == "gru" ? 12 : 9);
    report->set_stopped_early(true);
    report->mutable_test()->set_loss(arch == "gru" ? 0.9712 : 0.9841);
    report->mutable_test()->set_mse(arch == "gru" ? 1.187e-5 : 1.213e-5);
    report->mutable_test()->set_directional_accuracy(arch == "gru" ? 0.5412 : 0.5287);
    report->mutable_baseline_test()->set_mse(1.262e-5);
    report->mutable_baseline_test()->set_directional_accuracy(0.5031);
    setMetrics(report->mutable_signal_backtest(), arch == "gru" ? 0.042 : 0.018,
               arch == "gru" ? 1.21 : 0.64, 0.031, arch == "gru" ? 57 : 73);
    setMetrics(report->mutable_buy_and_hold(), 0.011, 0.35, 0.087, 1);
    report->set_parameters(arch == "gru" ? 38'721 : 5'153);
    report->set_test_from_unix_ms(1'764'547'200'000); // 2025-12-01
    report->set_test_to_unix_ms(1'767'139'200'000);   // 2025-12-31
    return v;
}

// An agent's run: the training reward climbs, the validation return rises with some noise; a
// point is flagged best when its validation return beats every earlier one. Returns the best.
int addAgentHistory(v1::TrainingReport* report, int count)
{
    double best = -1;
    int bestEpoch = 0;
    for (int g = 1; g <= count; ++g) {
        v1::EpochPoint* point = report->add_history();
        point->set_epoch(g);
        point->set_train_reward(0.15 + 1.1 * (1 - std::exp(-g / 6.0)) + 0.09 * std::sin(g * 1.7));
        point->set_validation_return(-0.006 + 0.048 * (1 - std::exp(-g / 5.0))
                                     + 0.007 * std::sin(g * 1.3));
        point->set_seconds(1.5);
        point->set_best(point->validation_return() > best);
        if (point->best()) {
            best = point->validation_return();
            bestEpoch = g;
        }
    }
    report->set_best_epoch(bestEpoch);
    return bestEpoch;
}

// A registered agent: task policy, its own settings, no loss metrics (samples 0), its trading
// over the test range beside buy and hold.
v1::ModelVersion agentVersion(const std::string& name, int version, const std::string& arch,
                              int generations)
{
    v1::ModelVersion v = modelVersion(name, version, arch, "policy", false);
    v1::TrainingSpec* spec = v.mutable_spec();
    spec->set_horizon(1);
    spec->set_layers(1);
    spec->set_hidden(arch == "dqn" ? 64 : 16);
    spec->set_epochs(generations);
    spec->set_gamma(0.95);
    spec->set_population(arch == "neuroevolution" ? 48 : 32);
    spec->set_elite(arch == "neuroevolution" ? 6 : 4);
    spec->set_mutation(arch == "neuroevolution" ? 0.05 : 0.1);
    v1::TrainingReport* report = v.mutable_report();
    report->clear_history();
    report->clear_validation();
    report->clear_test();
    report->clear_baseline_test();
    report->set_stopped_early(false);
    addAgentHistory(report, generations);
    setMetrics(report->mutable_signal_backtest(), arch == "dqn" ? 0.037 : 0.051,
               arch == "dqn" ? 1.02 : 1.34, 0.024, arch == "dqn" ? 22 : 14);
    report->set_parameters(arch == "dqn" ? 12'866 : 2'114);
    report->set_device("cpu");
    return v;
}

QString compareValue(const std::vector<AiLabCompareRow>& rows, const QString& label, bool right)
{
    for (const AiLabCompareRow& row : rows) {
        if (row.label == label && !row.heading)
            return right ? row.right : row.left;
    }
    return u"<missing %1>"_s.arg(label);
}

bool hasRow(const std::vector<AiLabCompareRow>& rows, const QString& label)
{
    return std::any_of(rows.begin(), rows.end(),
                       [&label](const AiLabCompareRow& row) { return row.label == label; });
}

v1::Job agentJob(qint64 id, v1::JobState state, int generations, int of)
{
    v1::Job job;
    job.set_id(id);
    job.set_kind(v1::JOB_KIND_TRAINING);
    job.set_state(state);
    job.set_label("btc-evolved BTCUSDT 1h");
    job.set_progress(double(generations) / of);
    v1::TrainingReport* report = job.mutable_training();
    report->set_model_name("btc-evolved");
    addAgentHistory(report, generations);
    const v1::EpochPoint& last = report->history(generations - 1);
    const QString sign = last.validation_return() > 0 ? u"+"_s : QString();
    job.set_message(u"generation %1 of %2 · training reward %3 · validation return %4 %"_s
                        .arg(generations)
                        .arg(of)
                        .arg(QString::number(last.train_reward(), 'f', 2),
                             sign + QString::number(last.validation_return() * 100, 'f', 2))
                        .toStdString());
    return job;
}

v1::Job trainingJob(qint64 id, v1::JobState state, int epochs, int of)
{
    v1::Job job;
    job.set_id(id);
    job.set_kind(v1::JOB_KIND_TRAINING);
    job.set_state(state);
    job.set_label("btc-gru BTCUSDT 1h");
    job.set_progress(double(epochs) / of);
    job.set_message(QStringLiteral("epoch %1 of %2 · validation loss 0.91 · direction 53.8 %")
                        .arg(epochs)
                        .arg(of)
                        .toStdString());
    v1::TrainingReport* report = job.mutable_training();
    report->set_model_name("btc-gru");
    addHistory(report, epochs, std::min(epochs, 12));
    return job;
}

// What GetJob(include_result) answers, converted as the session converts it.
TrainingProgress progressOf(const v1::Job& job)
{
    TrainingProgress progress;
    progress.job.id = job.id();
    progress.job.kind = JobKind::Training;
    progress.job.state = job.state() == v1::JOB_STATE_SUCCEEDED ? JobState::Succeeded
                         : job.state() == v1::JOB_STATE_RUNNING ? JobState::Running
                                                                 : JobState::Queued;
    progress.job.label = QString::fromStdString(job.label());
    progress.job.progress = job.progress();
    progress.job.message = QString::fromStdString(job.message());
    progress.hasReport = job.has_training();
    progress.report = fromProtoTrainingReport(job.training());
    return progress;
}

CandleSeries candles(int count, qint64 startMs, qint64 stepMs)
{
    CandleSeries series;
    double price = 87'000;
    for (int i = 0; i < count; ++i) {
        const double drift = std::sin(i / 9.0) * 120 + std::sin(i / 2.3) * 45;
        const double open = price;
        const double close = 87'000 + drift + i * 4.0;
        const double high = std::max(open, close) + 35 + (i % 7) * 6;
        const double low = std::min(open, close) - 30 - (i % 5) * 7;
        auto candle = candleFromDecimals(startMs + i * stepMs, QString::number(open, 'f', 2),
                                         QString::number(high, 'f', 2),
                                         QString::number(low, 'f', 2),
                                         QString::number(close, 'f', 2),
                                         QString::number(12 + (i * 37 % 50), 'f', 3), true);
        series.push_back(*candle);
        price = close;
    }
    return series;
}

struct Fixture {
    QTemporaryDir dir;
    Preferences preferences{std::make_unique<QSettings>(dir.filePath(u"settings.ini"_s),
                                                        QSettings::IniFormat)};
    ThemeManager theme{preferences};
    SessionController session{ConnectionProfile{}};
    InstrumentCatalog instruments{session, u"binance"_s};
};

} // namespace

class TestAiLab final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }

    void featuresSplitOutsideParentheses()
    {
        QCOMPARE(splitModelFeatures(u" return(1), range ,, macd(12,26,9).histogram,ema(20)/close "_s),
                 QStringList({u"return(1)"_s, u"range"_s, u"macd(12,26,9).histogram"_s,
                              u"ema(20)/close"_s}));
    }

    void registryRows()
    {
        AiLabRegistryModel model;
        model.setVersions({fromProtoModelVersion(modelVersion("btc-lstm", 2, "lstm", "regression", true)),
                           fromProtoModelVersion(modelVersion("btc-gru", 3, "gru", "direction", false))});
        // ListModels leaves spec and report out.
        v1::ModelVersion listed = modelVersion("eth-mlp", 1, "mlp", "regression", false);
        listed.clear_spec();
        listed.clear_report();
        std::vector<ModelVersionInfo> versions{
            fromProtoModelVersion(modelVersion("btc-lstm", 2, "lstm", "regression", true)),
            fromProtoModelVersion(listed)};
        versions[0].hasDetails = false; // as listed
        model.setVersions(versions);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.columnCount(), int(AiLabRegistryModel::ColumnCount));
        const auto text = [&model](int row, int column) {
            return model.data(model.index(row, column), Qt::DisplayRole).toString();
        };
        QCOMPARE(text(0, AiLabRegistryModel::NameColumn), u"btc-lstm"_s);
        QCOMPARE(text(0, AiLabRegistryModel::VersionColumn), u"2"_s);
        QCOMPARE(text(0, AiLabRegistryModel::ArchitectureColumn), u"LSTM"_s);
        QCOMPARE(text(0, AiLabRegistryModel::TaskColumn), u"Regression"_s);
        QCOMPARE(text(0, AiLabRegistryModel::LiveColumn), u"✓"_s);
        QCOMPARE(text(0, AiLabRegistryModel::OwnerColumn), u"trader"_s);
        QCOMPARE(text(0, AiLabRegistryModel::CreatedColumn).left(10), u"2026-01-03"_s);
        QCOMPARE(text(1, AiLabRegistryModel::ArchitectureColumn), u"MLP"_s);
        QCOMPARE(text(1, AiLabRegistryModel::LiveColumn), QString());
        QVERIFY(!model.version(1)->hasDetails);
        // Metrics only once GetModel answered.
        QCOMPARE(text(1, AiLabRegistryModel::TestMseColumn), QString());
        QCOMPARE(text(0, AiLabRegistryModel::TestMseColumn), QString());
        model.setDetails(fromProtoModelVersion(modelVersion("btc-lstm", 2, "lstm", "regression", true)));
        QCOMPARE(text(0, AiLabRegistryModel::TestMseColumn), u"1.213e-05"_s);
        QCOMPARE(text(0, AiLabRegistryModel::TestDirectionColumn), u"52.9 %"_s);
        QCOMPARE(model.rowOf(u"eth-mlp"_s, 1), 1);
        QCOMPARE(model.rowOf(u"eth-mlp"_s, 2), -1);
        QCOMPARE(model.headerData(AiLabRegistryModel::TestDirectionColumn, Qt::Horizontal,
                                  Qt::DisplayRole)
                     .toString(),
                 u"Test direction"_s);
    }

    void compareTwoVersions()
    {
        const ModelVersionInfo lstm =
            fromProtoModelVersion(modelVersion("btc-lstm", 2, "lstm", "regression", true));
        const ModelVersionInfo gru =
            fromProtoModelVersion(modelVersion("btc-gru", 3, "gru", "regression", false));
        QVERIFY(lstm.hasDetails && gru.hasDetails);
        const auto rows = AiLabText::compareRows(lstm, gru, QLocale::c());
        QCOMPARE(compareValue(rows, u"Version"_s, false), u"btc-lstm v2"_s);
        QCOMPARE(compareValue(rows, u"Version"_s, true), u"btc-gru v3"_s);
        QCOMPARE(compareValue(rows, u"Architecture"_s, true), u"GRU"_s);
        QCOMPARE(compareValue(rows, u"Features"_s, false),
                 u"return(1), range, rsi(14), volume_ratio(20)"_s);
        QCOMPARE(compareValue(rows, u"Window (bars)"_s, false), u"32"_s);
        QCOMPARE(compareValue(rows, u"Horizon (bars)"_s, true), u"1"_s);
        QCOMPARE(compareValue(rows, u"Hidden units"_s, true), u"64"_s);
        QCOMPARE(compareValue(rows, u"Layers"_s, true), u"2"_s);
        QCOMPARE(compareValue(rows, u"Epochs run"_s, true), u"18 (stopped early)"_s);
        QCOMPARE(compareValue(rows, u"Best epoch"_s, false), u"9"_s);
        QCOMPARE(compareValue(rows, u"MSE"_s, true), u"1.187e-05 (baseline 1.262e-05)"_s);
        QCOMPARE(compareValue(rows, u"Direction accuracy"_s, false), u"52.9 % (baseline 50.3 %)"_s);
        QCOMPARE(compareValue(rows, u"Return"_s, true), u"+4.20 % (buy and hold +1.10 %)"_s);
        QCOMPARE(compareValue(rows, u"Sharpe"_s, false), u"0.64 (buy and hold 0.35)"_s);
        QCOMPARE(compareValue(rows, u"Max drawdown"_s, true), u"3.10 % (buy and hold 8.70 %)"_s);
        QCOMPARE(compareValue(rows, u"Trades"_s, false), u"73"_s);
        // The panel's table shows the same lines, headed by the two versions.
        Fixture f;
        AiLabPanel panel(f.session, f.instruments, f.theme);
        panel.showCompare(lstm, gru);
        QTableWidget* table = panel.compareTable();
        QCOMPARE(table->rowCount(), int(rows.size()));
        QCOMPARE(table->horizontalHeaderItem(2)->text(), u"btc-gru v3"_s);
        QVERIFY(!table->isColumnHidden(2));
        for (int i = 0; i < table->rowCount(); ++i) {
            QCOMPARE(table->item(i, 0)->text(), rows[std::size_t(i)].label);
            QCOMPARE(table->item(i, 2)->text(), rows[std::size_t(i)].right);
        }
        // One version alone: its column only.
        panel.showCompare(lstm, std::nullopt);
        QVERIFY(table->isColumnHidden(2));
    }

    void trainingChartFollowsTheHistory()
    {
        Fixture f;
        AiLabPanel panel(f.session, f.instruments, f.theme);
        Job queued;
        queued.id = 41;
        queued.kind = JobKind::Training;
        queued.state = JobState::Queued;
        queued.label = u"btc-gru BTCUSDT 1h"_s;
        panel.follow(queued, u"gru"_s, u"regression"_s);
        QCOMPARE(panel.trainingJob(), 41);
        QCOMPARE(panel.tabs()->currentIndex(), 1);
        QCOMPARE(panel.chart()->pointCount(), 0);

        const v1::Job four = trainingJob(41, v1::JOB_STATE_RUNNING, 4, 30);
        panel.applyProgress(progressOf(four));
        QCOMPARE(panel.chart()->pointCount(), 4);
        for (int i = 0; i < 4; ++i) {
            const v1::EpochPoint& point = four.training().history(i);
            QCOMPARE(panel.chart()->epochAt(i), double(point.epoch()));
            QCOMPARE(panel.chart()->trainLossAt(i), point.train_loss());
            QCOMPARE(panel.chart()->validationLossAt(i), point.validation_loss());
            QCOMPARE(panel.chart()->accuracyAt(i), point.validation_accuracy() * 100.0);
        }
        QCOMPARE(panel.chart()->markedBestEpoch(), 4);
        QCOMPARE(panel.progressBar()->value(), int(4.0 / 30 * 1000));
        QVERIFY(panel.progressMessage()->text().startsWith(u"epoch 4 of 30"_s));
        QVERIFY(panel.cancelButton()->isEnabled());
        QVERIFY(!panel.summary()->isVisible() && panel.summary()->isHidden());

        // A later answer replaces the points; another job's answer is ignored.
        panel.applyProgress(progressOf(trainingJob(41, v1::JOB_STATE_RUNNING, 15, 30)));
        QCOMPARE(panel.chart()->pointCount(), 15);
        QCOMPARE(panel.chart()->markedBestEpoch(), 12);
        panel.applyProgress(progressOf(trainingJob(99, v1::JOB_STATE_RUNNING, 2, 30)));
        QCOMPARE(panel.chart()->pointCount(), 15);

        v1::Job done = trainingJob(41, v1::JOB_STATE_SUCCEEDED, 18, 30);
        *done.mutable_training() = modelVersion("btc-gru", 3, "gru", "regression", false).report();
        panel.applyProgress(progressOf(done));
        QVERIFY(!panel.isPolling());
        QVERIFY(!panel.cancelButton()->isEnabled());
        QCOMPARE(panel.chart()->pointCount(), 18);
        QCOMPARE(panel.progressBar()->value(), 1000);
        QVERIFY(!panel.summary()->isHidden());
        QCOMPARE(panel.summary()->text(),
                 u"btc-gru v3 · best epoch 12 of 18 (stopped early) · test MSE 1.187e-05 "
                 u"(baseline 1.262e-05) · test direction 54.1 % (baseline 50.3 %) · signal "
                 u"+4.20 % against buy and hold +1.10 %"_s);
    }

    void formProducesTheSpec()
    {
        AiLabTrainForm form;
        form.setSymbols({u"BTCUSDT"_s, u"ETHUSDT"_s});
        QCOMPARE(form.symbolBox()->currentText(), u"BTCUSDT"_s);
        QVERIFY(!form.problem().isEmpty()); // no name yet
        form.nameEdit()->setText(u" eth-gru "_s);
        form.symbolBox()->setCurrentText(u"ETHUSDT"_s);
        form.timeframeBox()->setCurrentText(u"15m"_s);
        form.fromEdit()->setDate(QDate(2025, 6, 1));
        form.toEdit()->setDate(QDate(2025, 8, 31));
        form.featuresEdit()->setText(u"return(1), macd(12,26,9).histogram, ema(20)/close"_s);
        form.windowBox()->setValue(48);
        form.horizonBox()->setValue(4);
        form.architectureBox()->setCurrentIndex(1);
        form.taskBox()->setCurrentIndex(1);
        form.hiddenBox()->setValue(64);
        form.layersBox()->setValue(2);
        form.epochsBox()->setValue(40);
        form.learningRateBox()->setValue(0.0005);
        form.patienceBox()->setValue(7);
        form.seedBox()->setValue(42);
        QCOMPARE(form.problem(), QString());
        const ModelTrainingSpec expected{
            .modelName = u"eth-gru"_s,
            .exchange = {},
            .symbol = u"ETHUSDT"_s,
            .timeframe = u"15m"_s,
            .fromUnixMs = QDateTime(QDate(2025, 6, 1), QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch(),
            .toUnixMs = QDateTime(QDate(2025, 9, 1), QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch(),
            .features = {u"return(1)"_s, u"macd(12,26,9).histogram"_s, u"ema(20)/close"_s},
            .window = 48,
            .horizon = 4,
            .architecture = u"gru"_s,
            .task = u"direction"_s,
            .hidden = 64,
            .layers = 2,
            .epochs = 40,
            .learningRate = 0.0005,
            .patience = 7,
            .seed = 42,
            .gamma = std::nullopt,
            .population = 0,
            .elite = 0,
            .mutation = 0};
        QCOMPARE(form.spec(), expected);
        // And the request sent.
        v1::TrainingSpec proto;
        toProtoTrainingSpec(form.spec(), &proto);
        QCOMPARE(proto.model_name(), std::string("eth-gru"));
        QCOMPARE(proto.features_size(), 3);
        QCOMPARE(proto.features(1), std::string("macd(12,26,9).histogram"));
        QCOMPARE(proto.architecture(), std::string("gru"));
        QCOMPARE(proto.task(), std::string("direction"));
        QCOMPARE(proto.window(), 48);
        QCOMPARE(proto.seed(), quint64(42));
        QCOMPARE(fromProtoTrainingSpec(proto), expected);

        form.fromEdit()->setDate(QDate(2025, 9, 2));
        QCOMPARE(form.problem(), u"The range ends before it starts."_s);
    }

    void refusalsShownNextToTheForm()
    {
        Fixture f;
        AiLabPanel panel(f.session, f.instruments, f.theme);
        // The form's own check first.
        panel.train();
        QVERIFY(panel.form()->errorText().startsWith(u"Give the model a name"_s));
        QCOMPARE(panel.trainingJob(), 0);
        // The session's refusal (here: not logged in) lands under the form; nothing is followed.
        panel.form()->nameEdit()->setText(u"btc-lstm"_s);
        panel.form()->symbolBox()->setEditText(u"BTCUSDT"_s);
        panel.train();
        QCOMPARE(panel.form()->errorText(), u"You are not logged in."_s);
        QCOMPARE(panel.trainingJob(), 0);
        QVERIFY(panel.form()->trainButton()->isEnabled());
        // A server's INVALID_ARGUMENT names the field, and is shown as the server wrote it.
        const QString message = describeStatus(
            grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                         "features: feature \"rsi(0)\": rsi: period must be a whole number between 1 and 10000"),
            u"localhost:50051"_s);
        QVERIFY(message.contains(u"features: feature \"rsi(0)\""_s));
        panel.form()->showError(message);
        QCOMPARE(panel.form()->errorText(), message);
    }

    void predictionsPaneUnderTheCandles()
    {
        Fixture f;
        CandleChart chart(f.theme);
        const qint64 start = 1'767'225'600'000;
        chart.setCandles(candles(200, start, 3'600'000), false);
        AiLabPredictionsOverlay overlay(f.session, chart, f.theme);
        overlay.setMarket(u"binance"_s, u"BTCUSDT"_s, u"1h"_s);
        const int rows = chart.plot()->plotLayout()->rowCount();
        ModelPredictions direction{.name = u"btc-gru"_s, .version = 3, .task = u"direction"_s, .points = {}};
        for (int i = 100; i < 200; ++i)
            direction.points.push_back({.barTimeMs = start + i * 3'600'000, .value = 0.5 + 0.1 * std::sin(i)});
        overlay.setPredictions(direction);
        QVERIFY(overlay.isShown());
        QCOMPARE(chart.plot()->plotLayout()->rowCount(), rows + 1);
        QCOMPARE(overlay.pointCount(), 100);
        QCOMPARE(overlay.legend(), u"btc-gru v3 prediction · probability of a rise"_s);
        auto* pane = qobject_cast<QCPAxisRect*>(chart.plot()->plotLayout()->element(rows, 0));
        QVERIFY(pane);
        QCOMPARE(pane->axis(QCPAxis::atRight)->range().lower, 0.0);
        QCOMPARE(pane->axis(QCPAxis::atRight)->range().upper, 1.0);
        // The time labels are under the new pane only.
        QVERIFY(pane->axis(QCPAxis::atBottom)->tickLabels());
        QVERIFY(!chart.plot()->axisRect(1)->axis(QCPAxis::atBottom)->tickLabels());
        // It pans with the candles.
        chart.showLatest(50);
        QCOMPARE(pane->axis(QCPAxis::atBottom)->range(),
                 chart.plot()->axisRect(0)->axis(QCPAxis::atBottom)->range());

        ModelPredictions regression{.name = u"btc-lstm"_s, .version = 2, .task = u"regression"_s, .points = {}};
        for (int i = 150; i < 200; ++i)
            regression.points.push_back({.barTimeMs = start + i * 3'600'000, .value = 0.002 * std::cos(i)});
        overlay.setPredictions(regression);
        QCOMPARE(chart.plot()->plotLayout()->rowCount(), rows + 1); // replaced, not added
        QCOMPARE(overlay.pointCount(), 50);
        QCOMPARE(overlay.legend(), u"btc-lstm v2 prediction · log return, %"_s);
        QVERIFY(pane->axis(QCPAxis::atRight)->range().lower < 0);
        QVERIFY(overlay.note().isEmpty());

        // None stored in range: said so, pane kept with the legend.
        overlay.setPredictions({.name = u"btc-lstm"_s, .version = 2, .task = u"regression"_s, .points = {}});
        QVERIFY(overlay.note().contains(u"no stored predictions"_s));

        // Another market removes the pane.
        overlay.setMarket(u"binance"_s, u"ETHUSDT"_s, u"1h"_s);
        QVERIFY(!overlay.isShown());
        QCOMPARE(chart.plot()->plotLayout()->rowCount(), rows);
        QVERIFY(chart.plot()->axisRect(1)->axis(QCPAxis::atBottom)->tickLabels());
        overlay.setPredictions(direction);
        overlay.clear();
        QCOMPARE(chart.plot()->plotLayout()->rowCount(), rows);
    }

    void chartPanelOffersPredictions()
    {
        Fixture f;
        ChartPanel panel(f.session, f.instruments, f.theme);
        QVERIFY(panel.predictions());
        auto* button = panel.findChild<QToolButton*>(u"chartPredictions"_s);
        QVERIFY(button);
        QCOMPARE(button->text(), u"Predictions"_s);
        emit panel.predictions()->menu()->aboutToShow();
        const QList<QAction*> actions = panel.predictions()->menu()->actions();
        QCOMPARE(actions.size(), 1);
        QCOMPARE(actions.front()->text(), u"Not logged in"_s);
        QVERIFY(!actions.front()->isEnabled());
    }

    void agentSpecRoundTrip()
    {
        // The agents' fields of TrainingSpec and EpochPoint, there and back.
        ModelTrainingSpec spec{.modelName = u"btc-dqn"_s,
                               .exchange = {},
                               .symbol = u"BTCUSDT"_s,
                               .timeframe = u"1h"_s,
                               .fromUnixMs = 1,
                               .toUnixMs = 2,
                               .features = {u"return(1)"_s},
                               .window = 16,
                               .horizon = 0,
                               .architecture = u"dqn"_s,
                               .task = u"policy"_s,
                               .hidden = 64,
                               .layers = 0,
                               .epochs = 25,
                               .learningRate = 0.0005,
                               .patience = 0,
                               .seed = 7,
                               .gamma = 0.0, // set to 0 is not unset
                               .population = 40,
                               .elite = 5,
                               .mutation = 0.25};
        v1::TrainingSpec proto;
        toProtoTrainingSpec(spec, &proto);
        QVERIFY(proto.has_gamma());
        QCOMPARE(proto.gamma(), 0.0);
        QCOMPARE(proto.population(), 40);
        QCOMPARE(proto.elite(), 5);
        QCOMPARE(proto.mutation(), 0.25);
        QCOMPARE(proto.task(), std::string("policy"));
        QCOMPARE(fromProtoTrainingSpec(proto), spec);
        spec.gamma = std::nullopt;
        proto.Clear();
        toProtoTrainingSpec(spec, &proto);
        QVERIFY(!proto.has_gamma());
        QCOMPARE(fromProtoTrainingSpec(proto), spec);
        spec.gamma = 0.97;
        proto.Clear();
        toProtoTrainingSpec(spec, &proto);
        QCOMPARE(fromProtoTrainingSpec(proto).gamma, std::optional(0.97));

        v1::TrainingReport report;
        v1::EpochPoint* point = report.add_history();
        point->set_epoch(3);
        point->set_train_reward(1.25);
        point->set_validation_return(-0.0125);
        point->set_best(true);
        const ModelTrainingReport converted = fromProtoTrainingReport(report);
        QCOMPARE(converted.history.size(), std::size_t(1));
        QCOMPARE(converted.history[0].trainReward, 1.25);
        QCOMPARE(converted.history[0].validationReturn, -0.0125);
        QCOMPARE(converted.history[0].trainLoss, 0.0);
        QVERIFY(converted.history[0].best);
        const ModelVersionInfo agent =
            fromProtoModelVersion(agentVersion("btc-evolved", 1, "neuroevolution", 30));
        QCOMPARE(agent.spec.population, 48);
        QCOMPARE(agent.spec.elite, 6);
        QCOMPARE(agent.spec.mutation, 0.05);
        QCOMPARE(agent.report.test.samples, 0);
        QVERIFY(isAgentArchitecture(u"dqn"_s) && isAgentArchitecture(u"ppo"_s)
                && isAgentArchitecture(u"neuroevolution"_s));
        QVERIFY(isEpisodicAgent(u"ppo"_s) && !isEpisodicAgent(u"neuroevolution"_s));
        QVERIFY(!isAgentArchitecture(u"mlp"_s) && !isAgentArchitecture(QString()));
    }

    void formBuildsAnAgentSpec()
    {
        AiLabTrainForm form;
        form.setSymbols({u"BTCUSDT"_s});
        form.nameEdit()->setText(u"btc-dqn"_s);
        form.fromEdit()->setDate(QDate(2025, 1, 1));
        form.toEdit()->setDate(QDate(2025, 6, 30));
        form.horizonBox()->setValue(4);
        form.taskBox()->setCurrentIndex(1); // direction, remembered for later
        const auto shown = [&form](QWidget* field) {
            return !field->isHidden() && !form.labelFor(field)->isHidden();
        };
        const auto label = [&form](QWidget* field) { return form.labelFor(field)->text(); };
        QCOMPARE(label(form.epochsBox()), u"Epochs"_s);
        QVERIFY(!shown(form.gammaBox()) && !shown(form.populationBox()));
        QCOMPARE(form.architectureBox()->count(), 7);
        QCOMPARE(form.architectureBox()->itemText(4), u"DQN agent"_s);
        QCOMPARE(form.architectureBox()->itemText(5), u"PPO agent"_s);
        QCOMPARE(form.architectureBox()->itemText(6), u"Neuro-evolution agent"_s);

        // DQN: a policy, episodes, gamma; no layers, horizon, patience or evolution.
        form.architectureBox()->setCurrentIndex(form.architectureBox()->findData(u"dqn"_s));
        QCOMPARE(form.taskBox()->currentText(), u"Policy (long / flat)"_s);
        QVERIFY(!form.taskBox()->isEnabled());
        QCOMPARE(label(form.epochsBox()), u"Episodes"_s);
        QVERIFY(shown(form.gammaBox()) && shown(form.learningRateBox()));
        for (QWidget* field : std::initializer_list<QWidget*>{
                 form.layersBox(), form.patienceBox(), form.horizonBox(), form.populationBox(),
                 form.eliteBox(), form.mutationBox()})
            QVERIFY2(!shown(field), qPrintable(field->objectName()));
        QCOMPARE(form.gammaBox()->minimum(), 0.0);
        QCOMPARE(form.gammaBox()->maximum(), 0.999);
        form.gammaBox()->setValue(0.9);
        form.epochsBox()->setValue(25);
        form.hiddenBox()->setValue(64);
        form.learningRateBox()->setValue(0.0005);
        ModelTrainingSpec spec = form.spec();
        QCOMPARE(spec.architecture, u"dqn"_s);
        QCOMPARE(spec.task, u"policy"_s);
        QCOMPARE(spec.epochs, 25);
        QCOMPARE(spec.hidden, 64);
        QCOMPARE(spec.learningRate, 0.0005);
        QCOMPARE(spec.gamma, std::optional(0.9));
        // What does not apply goes as 0: the server's default.
        QCOMPARE(spec.layers, 0);
        QCOMPARE(spec.patience, 0);
        QCOMPARE(spec.horizon, 0);
        QCOMPARE(spec.population, 0);
        QCOMPARE(spec.elite, 0);
        QCOMPARE(spec.mutation, 0.0);
        QCOMPARE(form.problem(), QString());

        // PPO: the same fields as the DQN (episodes, gamma, learning rate).
        form.architectureBox()->setCurrentIndex(form.architectureBox()->findData(u"ppo"_s));
        QCOMPARE(form.taskBox()->currentText(), u"Policy (long / flat)"_s);
        QCOMPARE(label(form.epochsBox()), u"Episodes"_s);
        QVERIFY(shown(form.gammaBox()) && shown(form.learningRateBox()) && !shown(form.populationBox()));
        spec = form.spec();
        QCOMPARE(spec.architecture, u"ppo"_s);
        QCOMPARE(spec.task, u"policy"_s);
        QCOMPARE(spec.gamma, std::optional(0.9));
        QCOMPARE(spec.population, 0);

        // Neuro-evolution: generations, population, elite, mutation; no gamma, no learning rate.
        form.architectureBox()->setCurrentIndex(
            form.architectureBox()->findData(u"neuroevolution"_s));
        QCOMPARE(form.taskBox()->currentText(), u"Policy (long / flat)"_s);
        QCOMPARE(form.taskBox()->findData(u"policy"_s), form.taskBox()->count() - 1);
        QCOMPARE(label(form.epochsBox()), u"Generations"_s);
        QVERIFY(shown(form.populationBox()) && shown(form.eliteBox()) && shown(form.mutationBox()));
        QVERIFY(!shown(form.gammaBox()) && !shown(form.learningRateBox()));
        QCOMPARE(label(form.populationBox()), u"Population"_s);
        QCOMPARE(label(form.eliteBox()), u"Elite"_s);
        QCOMPARE(label(form.mutationBox()), u"Mutation"_s);
        QCOMPARE(form.populationBox()->minimum(), 2);
        QCOMPARE(form.populationBox()->maximum(), 10000);
        QCOMPARE(form.mutationBox()->minimum(), 0.001);
        QCOMPARE(form.mutationBox()->maximum(), 10.0);
        QCOMPARE(form.hiddenBox()->maximum(), 256);
        // The three evolution fields share a line, and no hidden field leaves a hole.
        auto* grid = form.findChild<QGridLayout*>();
        QVERIFY(grid);
        const auto cell = [grid](QWidget* widget) {
            int row = -1, column = -1, rowSpan = 0, columnSpan = 0;
            const int index = grid->indexOf(widget);
            if (index >= 0)
                grid->getItemPosition(index, &row, &column, &rowSpan, &columnSpan);
            return std::pair(row, column);
        };
        QCOMPARE(cell(form.populationBox()).second, 1);
        QCOMPARE(cell(form.eliteBox()), std::pair(cell(form.populationBox()).first, 3));
        QCOMPARE(cell(form.mutationBox()), std::pair(cell(form.populationBox()).first, 5));
        QCOMPARE(cell(form.layersBox()).first, -1); // not placed at all
        const int architectureRow = cell(form.architectureBox()).first;
        QCOMPARE(cell(form.taskBox()), std::pair(architectureRow, 3));
        QCOMPARE(cell(form.hiddenBox()), std::pair(architectureRow + 1, 1));
        QCOMPARE(cell(form.epochsBox()), std::pair(architectureRow + 1, 3));
        QCOMPARE(cell(form.seedBox()), std::pair(architectureRow + 1, 5));
        QCOMPARE(cell(form.populationBox()).first, architectureRow + 2);
        form.populationBox()->setValue(24);
        form.eliteBox()->setValue(3);
        form.mutationBox()->setValue(0.05);
        form.epochsBox()->setValue(40);
        form.hiddenBox()->setValue(16);
        spec = form.spec();
        QCOMPARE(spec.architecture, u"neuroevolution"_s);
        QCOMPARE(spec.task, u"policy"_s);
        QCOMPARE(spec.epochs, 40);
        QCOMPARE(spec.hidden, 16);
        QCOMPARE(spec.population, 24);
        QCOMPARE(spec.elite, 3);
        QCOMPARE(spec.mutation, 0.05);
        QCOMPARE(spec.gamma, std::nullopt);
        QCOMPARE(spec.learningRate, 0.0);
        QCOMPARE(spec.layers, 0);
        QCOMPARE(form.problem(), QString());
        // The elite must stay below the population.
        form.eliteBox()->setValue(24);
        QCOMPARE(form.problem(), u"The elite (24) must be below the population (24)."_s);
        form.eliteBox()->setValue(23);
        QCOMPARE(form.problem(), QString());
        v1::TrainingSpec proto;
        toProtoTrainingSpec(form.spec(), &proto);
        QCOMPARE(proto.population(), 24);
        QCOMPARE(proto.elite(), 23);
        QVERIFY(!proto.has_gamma());
        QCOMPARE(fromProtoTrainingSpec(proto), form.spec());

        // Back to a model: the task picked before, enabled; the model fields again.
        form.architectureBox()->setCurrentIndex(form.architectureBox()->findData(u"gru"_s));
        QVERIFY(form.taskBox()->isEnabled());
        QCOMPARE(form.taskBox()->currentData().toString(), u"direction"_s);
        QCOMPARE(form.taskBox()->findData(u"policy"_s), -1);
        QCOMPARE(label(form.epochsBox()), u"Epochs"_s);
        QVERIFY(shown(form.layersBox()) && shown(form.patienceBox()) && shown(form.horizonBox()));
        QVERIFY(!shown(form.populationBox()) && !shown(form.gammaBox()));
        QCOMPARE(form.hiddenBox()->maximum(), 4096);
        spec = form.spec();
        QCOMPARE(spec.task, u"direction"_s);
        QCOMPARE(spec.horizon, 4);
        QCOMPARE(spec.population, 0);
        QCOMPARE(spec.gamma, std::nullopt);
        // The elite is the evolution's only: a model with the same values has no problem.
        QCOMPARE(form.problem(), QString());
    }

    void agentChartDrawsRewardAndReturn()
    {
        Fixture f;
        AiLabPanel panel(f.session, f.instruments, f.theme);
        Job queued;
        queued.id = 77;
        queued.kind = JobKind::Training;
        queued.state = JobState::Queued;
        queued.label = u"btc-evolved BTCUSDT 1h"_s;
        panel.follow(queued, u"neuroevolution"_s, u"policy"_s);
        AiLabTrainingChart* chart = panel.chart();
        QVERIFY(chart->isAgent());
        QCustomPlot* plot = chart->plot();
        QCPAxisRect* rect = plot->axisRect();
        QCOMPARE(rect->axis(QCPAxis::atBottom)->label(), u"Generation"_s);
        QCOMPARE(rect->axis(QCPAxis::atLeft)->label(), u"Training reward"_s);
        QCOMPARE(rect->axis(QCPAxis::atRight)->label(), u"Validation return %"_s);
        // Two lines in the legend: the reward and the return, no loss.
        QCOMPARE(plot->legend->itemCount(), 2);
        QStringList names;
        for (int i = 0; i < plot->legend->itemCount(); ++i) {
            auto* item = qobject_cast<QCPPlottableLegendItem*>(plot->legend->item(i));
            QVERIFY(item);
            names << item->plottable()->name();
        }
        QCOMPARE(names, QStringList({u"Training reward"_s, u"Validation return % (right)"_s}));

        const v1::Job twelve = agentJob(77, v1::JOB_STATE_RUNNING, 12, 30);
        panel.applyProgress(progressOf(twelve));
        QCOMPARE(chart->pointCount(), 12);
        double bestReturn = -1;
        int bestEpoch = 0;
        for (int i = 0; i < 12; ++i) {
            const v1::EpochPoint& point = twelve.training().history(i);
            QCOMPARE(chart->epochAt(i), double(point.epoch()));
            QCOMPARE(chart->trainRewardAt(i), point.train_reward());
            QCOMPARE(chart->validationReturnAt(i), point.validation_return() * 100.0);
            if (point.best() && point.validation_return() > bestReturn) {
                bestReturn = point.validation_return();
                bestEpoch = point.epoch();
            }
        }
        QVERIFY(bestEpoch > 1);
        QCOMPARE(chart->markedBestEpoch(), bestEpoch);
        // Every value in view, the 0 % line too.
        const QCPRange right = rect->axis(QCPAxis::atRight)->range();
        QVERIFY(right.contains(0) && right.contains(bestReturn * 100));
        QVERIFY(rect->axis(QCPAxis::atLeft)->range().contains(chart->trainRewardAt(0)));
        QVERIFY(panel.progressMessage()->text().startsWith(u"generation 12 of 30"_s));

        // Finished: the agent's summary, no MSE or direction.
        v1::Job done = agentJob(77, v1::JOB_STATE_SUCCEEDED, 30, 30);
        *done.mutable_training() = agentVersion("btc-evolved", 1, "neuroevolution", 30).report();
        panel.applyProgress(progressOf(done));
        QCOMPARE(chart->pointCount(), 30);
        QCOMPARE(panel.summary()->text(),
                 u"btc-evolved v1 · best generation %1 of 30 · test return +5.10 % against buy "
                 u"and hold +1.10 % · Sharpe 1.34 · max drawdown 2.40 % · 14 trades"_s
                     .arg(done.training().best_epoch()));

        // A DQN run counts episodes; a model run is the loss chart again.
        panel.follow(queued, u"dqn"_s, u"policy"_s);
        QCOMPARE(rect->axis(QCPAxis::atBottom)->label(), u"Episode"_s);
        QCOMPARE(chart->pointCount(), 0);
        panel.follow(queued, u"lstm"_s, u"regression"_s);
        QVERIFY(!chart->isAgent());
        QCOMPARE(plot->legend->itemCount(), 3);
        QCOMPARE(rect->axis(QCPAxis::atBottom)->label(), u"Epoch"_s);
        QCOMPARE(rect->axis(QCPAxis::atLeft)->label(), u"Loss"_s);
        panel.applyProgress(progressOf(trainingJob(77, v1::JOB_STATE_RUNNING, 4, 30)));
        QCOMPARE(chart->pointCount(), 4);
        QCOMPARE(chart->validationLossAt(3), trainingJob(77, v1::JOB_STATE_RUNNING, 4, 30)
                                                 .training()
                                                 .history(3)
                                                 .validation_loss());
    }

    void agentMetricsShowDashes()
    {
        const ModelVersionInfo evolved =
            fromProtoModelVersion(agentVersion("btc-evolved", 1, "neuroevolution", 30));
        const ModelVersionInfo dqn = fromProtoModelVersion(agentVersion("btc-dqn", 2, "dqn", 20));
        const ModelVersionInfo gru =
            fromProtoModelVersion(modelVersion("btc-gru", 3, "gru", "regression", false));

        // The registry: no MSE or direction for an agent, its test return.
        AiLabRegistryModel model;
        model.setVersions({evolved, gru});
        const auto text = [&model](int row, int column) {
            return model.data(model.index(row, column), Qt::DisplayRole).toString();
        };
        QCOMPARE(text(0, AiLabRegistryModel::ArchitectureColumn), u"Neuro-evolution"_s);
        QCOMPARE(text(0, AiLabRegistryModel::TaskColumn), u"Policy"_s);
        QCOMPARE(text(0, AiLabRegistryModel::TestMseColumn), u"—"_s);
        QCOMPARE(text(0, AiLabRegistryModel::TestDirectionColumn), u"—"_s);
        QCOMPARE(text(0, AiLabRegistryModel::TestReturnColumn), u"+5.10 %"_s);
        QCOMPARE(text(1, AiLabRegistryModel::TestMseColumn), u"1.187e-05"_s);
        QCOMPARE(text(1, AiLabRegistryModel::TestReturnColumn), u"+4.20 %"_s);
        QCOMPARE(model.headerData(AiLabRegistryModel::TestReturnColumn, Qt::Horizontal,
                                  Qt::DisplayRole)
                     .toString(),
                 u"Test return"_s);

        // An agent beside a model: what applies to one side only is "—" on the other.
        auto rows = AiLabText::compareRows(evolved, gru, QLocale::c());
        QCOMPARE(compareValue(rows, u"Architecture"_s, false), u"Neuro-evolution agent"_s);
        QCOMPARE(compareValue(rows, u"Task"_s, false), u"Policy"_s);
        QCOMPARE(compareValue(rows, u"Loss"_s, false), u"—"_s);
        QCOMPARE(compareValue(rows, u"MSE"_s, false), u"—"_s);
        QCOMPARE(compareValue(rows, u"Direction accuracy"_s, false), u"—"_s);
        QCOMPARE(compareValue(rows, u"MSE"_s, true), u"1.187e-05 (baseline 1.262e-05)"_s);
        QCOMPARE(compareValue(rows, u"Layers"_s, false), u"—"_s);
        QCOMPARE(compareValue(rows, u"Layers"_s, true), u"2"_s);
        QCOMPARE(compareValue(rows, u"Horizon (bars)"_s, false), u"—"_s);
        QCOMPARE(compareValue(rows, u"Population"_s, false), u"48"_s);
        QCOMPARE(compareValue(rows, u"Population"_s, true), u"—"_s);
        QCOMPARE(compareValue(rows, u"Elite"_s, false), u"6"_s);
        QCOMPARE(compareValue(rows, u"Mutation"_s, false), u"0.05"_s);
        QVERIFY(!hasRow(rows, u"Gamma"_s)); // neither side is a DQN
        QCOMPARE(compareValue(rows, u"Trained for"_s, false), u"30 generations"_s);
        QCOMPARE(compareValue(rows, u"Trained for"_s, true), u"18 epochs (stopped early)"_s);
        QCOMPARE(compareValue(rows, u"Best"_s, false),
                 u"generation %1"_s.arg(evolved.report.bestEpoch));
        QCOMPARE(compareValue(rows, u"Best"_s, true), u"epoch 12"_s);
        QCOMPARE(compareValue(rows, u"Device"_s, false), u"cpu"_s);
        QCOMPARE(compareValue(rows, u"Return"_s, false), u"+5.10 % (buy and hold +1.10 %)"_s);
        QCOMPARE(compareValue(rows, u"Sharpe"_s, false), u"1.34 (buy and hold 0.35)"_s);
        QCOMPARE(compareValue(rows, u"Max drawdown"_s, false), u"2.40 % (buy and hold 8.70 %)"_s);
        QCOMPARE(compareValue(rows, u"Trades"_s, false), u"14"_s);
        QVERIFY(hasRow(rows, u"Test range (against the naive baseline)"_s));

        // Two agents: no loss rows at all; each one's own settings.
        rows = AiLabText::compareRows(dqn, evolved, QLocale::c());
        QVERIFY(!hasRow(rows, u"Test range (against the naive baseline)"_s));
        QVERIFY(!hasRow(rows, u"Loss"_s) && !hasRow(rows, u"MSE"_s) && !hasRow(rows, u"Layers"_s));
        QCOMPARE(rows.front().label, u"Agent"_s);
        QCOMPARE(compareValue(rows, u"Gamma"_s, false), u"0.95"_s);
        QCOMPARE(compareValue(rows, u"Gamma"_s, true), u"—"_s);
        QCOMPARE(compareValue(rows, u"Population"_s, false), u"—"_s);
        QCOMPARE(compareValue(rows, u"Trained for"_s, false), u"20 episodes"_s);
        // One agent alone: its own words.
        rows = AiLabText::compareRows(dqn, std::nullopt, QLocale::c());
        QCOMPARE(compareValue(rows, u"Episodes run"_s, false), u"20"_s);
        QCOMPARE(compareValue(rows, u"Best episode"_s, false),
                 QString::number(dqn.report.bestEpoch));
        QVERIFY(!hasRow(rows, u"Population"_s) && !hasRow(rows, u"MSE"_s));

        // The panel's table shows the dashes.
        Fixture f;
        AiLabPanel panel(f.session, f.instruments, f.theme);
        panel.showCompare(evolved, gru);
        QTableWidget* table = panel.compareTable();
        int mseRow = -1;
        for (int i = 0; i < table->rowCount(); ++i) {
            if (table->item(i, 0)->text() == u"MSE")
                mseRow = i;
        }
        QVERIFY(mseRow >= 0);
        QCOMPARE(table->item(mseRow, 1)->text(), u"—"_s);
        QCOMPARE(table->item(mseRow, 2)->text(), u"1.187e-05 (baseline 1.262e-05)"_s);
    }

    void predictionsPaneShowsActions()
    {
        Fixture f;
        CandleChart chart(f.theme);
        const qint64 start = 1'767'225'600'000;
        chart.setCandles(candles(200, start, 3'600'000), false);
        AiLabPredictionsOverlay overlay(f.session, chart, f.theme);
        overlay.setMarket(u"binance"_s, u"BTCUSDT"_s, u"1h"_s);
        const int rows = chart.plot()->plotLayout()->rowCount();
        ModelPredictions actions{.name = u"btc-dqn"_s, .version = 1, .task = u"policy"_s, .points = {}};
        for (int i = 120; i < 200; ++i)
            actions.points.push_back({.barTimeMs = start + i * 3'600'000,
                                      .value = (i / 7) % 2 == 0 ? 1.0 : 0.0});
        overlay.setPredictions(actions);
        QVERIFY(overlay.isShown());
        QCOMPARE(overlay.pointCount(), 80);
        QCOMPARE(overlay.legend(), u"btc-dqn v1 · long / flat"_s);
        for (int i = 0; i < overlay.pointCount(); ++i)
            QCOMPARE(overlay.valueAt(i), actions.points[std::size_t(i)].value);
        auto* pane = qobject_cast<QCPAxisRect*>(chart.plot()->plotLayout()->element(rows, 0));
        QVERIFY(pane);
        QCPAxis* right = pane->axis(QCPAxis::atRight);
        // Labelled long and flat, not a probability around ½.
        auto ticker = right->ticker().dynamicCast<QCPAxisTickerText>();
        QVERIFY(ticker);
        QCOMPARE(ticker->ticks().size(), 2);
        QCOMPARE(ticker->ticks().value(0.0), u"flat"_s);
        QCOMPARE(ticker->ticks().value(1.0), u"long"_s);
        QVERIFY(right->range().contains(0) && right->range().contains(1));
        QVERIFY(right->range().lower > -0.5 && right->range().upper < 2);
        // Drawn as steps: each action held until the next.
        QCPGraph* steps = nullptr;
        for (int i = 0; i < chart.plot()->graphCount(); ++i) {
            if (chart.plot()->graph(i)->valueAxis() == right && chart.plot()->graph(i)->visible())
                steps = chart.plot()->graph(i);
        }
        QVERIFY(steps);
        QCOMPARE(steps->lineStyle(), QCPGraph::lsStepLeft);
        QCOMPARE(steps->dataCount(), 80);

        // A direction model afterwards: a probability line with numbers again.
        ModelPredictions direction{.name = u"btc-gru"_s, .version = 3, .task = u"direction"_s, .points = {}};
        for (int i = 100; i < 200; ++i)
            direction.points.push_back({.barTimeMs = start + i * 3'600'000, .value = 0.55});
        overlay.setPredictions(direction);
        QVERIFY(!right->ticker().dynamicCast<QCPAxisTickerText>());
        QCOMPARE(steps->lineStyle(), QCPGraph::lsLine);
        QCOMPARE(right->range().upper, 1.0);
        QCOMPARE(overlay.valueAt(0), 0.55);
    }

    void screenshots();
};

void TestAiLab::screenshots()
{
    const QString directory = qEnvironmentVariable("BCF_AI_LAB_SCREENSHOT_DIR");
    if (directory.isEmpty())
        QSKIP("BCF_AI_LAB_SCREENSHOT_DIR is not set");
    QDir().mkpath(directory);
    QTemporaryDir dir;
    Preferences preferences{
        std::make_unique<QSettings>(dir.filePath(u"settings.ini"_s), QSettings::IniFormat)};
    ThemeManager theme{preferences};
    theme.apply();
    LanguageManager language{preferences};
    SessionController session{ConnectionProfile{}};
    for (const QString& lang : {u"en"_s, u"pt_BR"_s}) {
        QTranslator translator;
        if (lang != u"en") {
            QVERIFY2(translator.load(qEnvironmentVariable("BCF_AI_LAB_QM")), "BCF_AI_LAB_QM");
            QCoreApplication::installTranslator(&translator);
            QLocale::setDefault(QLocale(u"pt_BR"_s));
        } else {
            QLocale::setDefault(QLocale(u"en_US"_s));
        }
        MainWindow window(session, theme, language, preferences);
        window.resize(1600, 1000);
        window.show();
        window.aiLabDock()->show();
        window.aiLabDock()->raise();
        window.resizeDocks({window.aiLabDock()}, {480}, Qt::Vertical);
        AiLabPanel* lab = window.aiLab();
        const qint64 start = 1'767'225'600'000;
        QVERIFY(window.chart()->selectMarket(u"BTCUSDT"_s, u"1h"_s));
        window.chart()->chart()->setCandles(candles(400, start, 3'600'000), false);
        std::vector<ModelVersionInfo> versions{
            fromProtoModelVersion(modelVersion("btc-gru", 3, "gru", "regression", false)),
            fromProtoModelVersion(agentVersion("btc-evolved", 1, "neuroevolution", 30)),
            fromProtoModelVersion(modelVersion("btc-lstm", 2, "lstm", "regression", true)),
            fromProtoModelVersion(agentVersion("btc-dqn", 1, "dqn", 20)),
            fromProtoModelVersion(modelVersion("btc-dir-mlp", 1, "mlp", "direction", true)),
            fromProtoModelVersion(modelVersion("eth-transformer", 1, "transformer", "regression", true))};
        versions[1].live = true;
        for (ModelVersionInfo& v : versions) {
            v.owner = v.name.startsWith(u"eth"_s) ? u"maria"_s : u"trader"_s;
            lab->registry()->setDetails(v);
        }
        lab->registry()->setVersions(versions);
        lab->selectVersions({{u"btc-gru"_s, 3}, {u"btc-evolved"_s, 1}});
        Job job;
        job.id = 57;
        job.kind = JobKind::Training;
        job.state = JobState::Running;
        job.label = u"btc-gru BTCUSDT 1h"_s;
        lab->form()->nameEdit()->setText(u"btc-gru"_s);
        lab->follow(job, u"gru"_s, u"regression"_s);
        lab->applyProgress(progressOf(trainingJob(57, v1::JOB_STATE_RUNNING, 11, 30)));
        QTest::qWait(400);
        QVERIFY(window.grab().save(QDir(directory).filePath(u"ai_lab_training_%1.png"_s.arg(lang))));
        if (lang == u"en") {
            lab->tabs()->setCurrentIndex(0);
            // The metrics part of the compare table in view.
            QTableWidget* compare = lab->compareTable();
            for (int row = 0; row < compare->rowCount(); ++row) {
                if (compare->item(row, 0)->text().startsWith(u"Test range"_s)) {
                    compare->scrollToItem(compare->item(row, 0), QAbstractItemView::PositionAtTop);
                    break;
                }
            }
            QTest::qWait(200);
            QVERIFY(window.grab().save(QDir(directory).filePath(u"ai_lab_registry_en.png"_s)));

            // An agent: the form with the neuro-evolution fields, above its run after 17 of 30
            // generations (the dock taller for it).
            window.resizeDocks({window.aiLabDock()}, {640}, Qt::Vertical);
            AiLabTrainForm* form = lab->form();
            form->nameEdit()->setText(u"btc-evolved"_s);
            form->architectureBox()->setCurrentIndex(
                form->architectureBox()->findData(u"neuroevolution"_s));
            form->hiddenBox()->setValue(16);
            form->populationBox()->setValue(48);
            form->eliteBox()->setValue(6);
            form->mutationBox()->setValue(0.05);
            QTest::qWait(300);
            // Down to the Train button: the rest of the tab is empty.
            const int formHeight =
                form->trainButton()->mapTo(lab->tabs(), QPoint(0, form->trainButton()->height())).y()
                + 10;
            const QImage formPicture =
                lab->tabs()->grab(QRect(0, 0, lab->tabs()->width(), formHeight)).toImage();
            Job agent = job;
            agent.id = 58;
            agent.label = u"btc-evolved BTCUSDT 1h"_s;
            lab->follow(agent, u"neuroevolution"_s, u"policy"_s);
            lab->applyProgress(progressOf(agentJob(58, v1::JOB_STATE_RUNNING, 17, 30)));
            QTest::qWait(300);
            const QImage runPicture = lab->tabs()->grab().toImage();
            const qreal ratio = runPicture.devicePixelRatio();
            const int gap = int(6 * ratio);
            QImage picture(std::max(formPicture.width(), runPicture.width()),
                           formPicture.height() + gap + runPicture.height(),
                           QImage::Format_ARGB32);
            picture.fill(theme.color(u"border"_s));
            {
                QPainter painter(&picture);
                painter.drawImage(0, 0, formPicture);
                painter.drawImage(0, formPicture.height() + gap, runPicture);
            }
            QVERIFY(picture.save(QDir(directory).filePath(u"ai_lab_agent_en.png"_s)));

            ModelPredictions predictions{.name = u"btc-lstm"_s, .version = 2, .task = u"regression"_s, .points = {}};
            for (int i = 250; i < 400; ++i)
                predictions.points.push_back(
                    {.barTimeMs = start + i * 3'600'000,
                     .value = 0.0011 * std::sin(i / 3.0) + 0.0004 * std::cos(i / 1.7)});
            for (QDockWidget* dock : {window.aiLabDock(), window.jobsDock(), window.botsDock(),
                                      window.tradingDock()})
                dock->hide();
            window.chart()->predictions()->setMarket({}, u"BTCUSDT"_s, u"1h"_s);
            window.chart()->predictions()->setPredictions(predictions);
            QTest::qWait(300);
            QVERIFY(window.grab().save(QDir(directory).filePath(u"chart_predictions_en.png"_s)));
            // The chart alone (the bottom docks, the news too, out of the way).
            window.newsDock()->hide();
            // An agent's actions under the same candles.
            ModelPredictions actions{.name = u"btc-dqn"_s, .version = 1, .task = u"policy"_s, .points = {}};
            for (int i = 250; i < 400; ++i)
                actions.points.push_back({.barTimeMs = start + i * 3'600'000,
                                          .value = std::sin(i / 9.0 + 0.8) > -0.2 ? 1.0 : 0.0});
            window.chart()->predictions()->setPredictions(actions);
            QTest::qWait(300);
            QVERIFY(window.grab().save(QDir(directory).filePath(u"ai_lab_agent_actions_en.png"_s)));
        }
        window.close();
        if (lang != u"en")
            QCoreApplication::removeTranslator(&translator);
    }
    QLocale::setDefault(QLocale::c());
}

QTEST_MAIN(TestAiLab)
#include "tst_ai_lab.moc"
