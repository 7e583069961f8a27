// The AI lab without a server (like the other dock tests): the registry table's rows from
// ModelVersion messages, the side-by-side compare of two versions, the live loss chart fed from
// a running job's TrainingReport history and its end, the training form's TrainingSpec and the
// refusals shown next to it, and the predictions pane under the candles.
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
#include <QLabel>
#include <QLineEdit>
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

QString compareValue(const std::vector<AiLabCompareRow>& rows, const QString& label, bool right)
{
    for (const AiLabCompareRow& row : rows) {
        if (row.label == label && !row.heading)
            return right ? row.right : row.left;
    }
    return u"<missing %1>"_s.arg(label);
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
        panel.follow(queued, u"regression"_s);
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
            .seed = 42};
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
            fromProtoModelVersion(modelVersion("btc-lstm", 2, "lstm", "regression", true)),
            fromProtoModelVersion(modelVersion("btc-dir-mlp", 1, "mlp", "direction", true)),
            fromProtoModelVersion(modelVersion("eth-transformer", 1, "transformer", "regression", true))};
        for (ModelVersionInfo& v : versions) {
            v.owner = v.name.startsWith(u"eth"_s) ? u"maria"_s : u"trader"_s;
            lab->registry()->setDetails(v);
        }
        lab->registry()->setVersions(versions);
        lab->selectVersions({{u"btc-gru"_s, 3}, {u"btc-lstm"_s, 2}});
        Job job;
        job.id = 57;
        job.kind = JobKind::Training;
        job.state = JobState::Running;
        job.label = u"btc-gru BTCUSDT 1h"_s;
        lab->form()->nameEdit()->setText(u"btc-gru"_s);
        lab->follow(job, u"regression"_s);
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
        }
        window.close();
        if (lang != u"en")
            QCoreApplication::removeTranslator(&translator);
    }
    QLocale::setDefault(QLocale::c());
}

QTEST_MAIN(TestAiLab)
#include "tst_ai_lab.moc"
