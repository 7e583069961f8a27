// The jobs dock without a server: the table's rows from Job messages (newest
// first, parts of a split search left out, progress and state texts, updates in
// place by id, a finished job never going back to running), the cancel rule and
// the button without "jobs.write", and the result view's lines for a backtest,
// an optimization, a training run and a failed job.
#include "core/job_types.h"
#include "core/preferences.h"
#include "core/session_controller.h"
#include "gui/jobs_model.h"
#include "gui/jobs_panel.h"
#include "gui/jobs_result_view.h"
#include "gui/theme_manager.h"

#include <QAction>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace bcf::app;
using namespace Qt::StringLiterals;

namespace {

Job job(qint64 id, JobState state, qint64 createdMs, double progress = 0,
        const QString &message = {}) {
  Job result;
  result.id = id;
  result.kind = JobKind::Optimization;
  result.state = state;
  result.label = u"BTCUSDT 1h grid %1"_s.arg(id);
  result.progress = progress;
  result.message = message;
  result.createdMs = createdMs;
  if (state != JobState::Queued) {
    result.startedMs = createdMs + 1000;
    result.node = u"compute-1"_s;
    result.attempt = 1;
  }
  return result;
}

JobMetrics metrics() {
  JobMetrics m;
  m.totalReturn = 0.1234;
  m.sharpe = 1.5;
  m.sortino = 2.25;
  m.maxDrawdown = 0.081;
  m.tradeCount = 42;
  m.winRate = 0.55;
  m.profitFactor = 1.8;
  m.netProfit = u"1234.5"_s;
  m.feesPaid = u"12.3456"_s;
  return m;
}

QString valueOf(const std::vector<JobResultRow> &rows, const QString &label) {
  for (const JobResultRow &row : rows) {
    if (row.label == label)
      return row.value;
  }
  return u"<missing>"_s;
}

const QLocale english(QLocale::English, QLocale::UnitedStates);

} // namespace

class TestJobsPanel : public QObject {
  Q_OBJECT

private slots:
  void modelMapsJobsNewestFirst() {
    JobsModel model;
    model.setClock([] { return qint64(100'000); });
    std::vector<Job> jobs{
        job(1, JobState::Succeeded, 1000, 1.0, u"1000 of 1000 trials"_s),
        job(3, JobState::Queued, 3000),
        job(2, JobState::Running, 2000, 0.512, u"512 of 1000 trials"_s)};
    Job part = job(4, JobState::Running, 4000, 0.3);
    part.kind = JobKind::OptimizationPart;
    part.parentId = 2;
    jobs.push_back(part);
    model.setJobs(jobs);
    // The part of a split search is not a row; the newest job is first.
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.job(0).id, 3);
    QCOMPARE(model.job(1).id, 2);
    QCOMPARE(model.job(2).id, 1);
    QCOMPARE(model.index(1, JobsModel::ProgressColumn).data().toString(),
             u"512 of 1000 trials"_s);
    QCOMPARE(model.index(1, JobsModel::ProgressColumn)
                 .data(JobsModel::ProgressRole)
                 .toDouble(),
             0.512);
    QCOMPARE(model.index(1, JobsModel::StateColumn).data().toString(),
             u"Running"_s);
    QCOMPARE(model.index(1, JobsModel::KindColumn).data().toString(),
             u"Optimization"_s);
    QCOMPARE(model.index(1, JobsModel::NodeColumn).data().toString(),
             u"compute-1"_s);
    QCOMPARE(model.index(1, JobsModel::AttemptColumn).data().toString(),
             u"1"_s);
    // Running since 3000 ms, now 100 000 ms: 97 s.
    QCOMPARE(model.index(1, JobsModel::DurationColumn).data().toString(),
             u"1 min 37 s"_s);
    QCOMPARE(model.index(1, 0).data(JobsModel::JobIdRole).toLongLong(), 2);
    // A queued job: no node, no start, waiting text, an empty bar.
    QCOMPARE(model.index(0, JobsModel::StateColumn).data().toString(),
             u"Queued"_s);
    QCOMPARE(model.index(0, JobsModel::NodeColumn).data().toString(), u"—"_s);
    QCOMPARE(model.index(0, JobsModel::DurationColumn).data().toString(),
             u"—"_s);
    QCOMPARE(model.index(0, JobsModel::ProgressColumn).data().toString(),
             u"Waiting for a compute node"_s);
    QCOMPARE(model.index(0, JobsModel::ProgressColumn)
                 .data(JobsModel::ProgressRole)
                 .toDouble(),
             0.0);
    QCOMPARE(model.index(2, JobsModel::StateColumn).data().toString(),
             u"Succeeded"_s);
    QVERIFY(model.hasActiveJobs());
  }

  void modelUpdatesInPlace() {
    JobsModel model;
    model.setJobs(
        {job(1, JobState::Running, 1000, 0.1), job(2, JobState::Queued, 2000)});
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    // Progress of job 1: the same row changes.
    QVERIFY(model.applyJob(job(1, JobState::Running, 1000, 0.75)));
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.first().at(0).toModelIndex().row(), 1);
    QCOMPARE(model.index(1, JobsModel::ProgressColumn).data().toString(),
             u"75 %"_s);
    // The same report again changes nothing.
    QVERIFY(!model.applyJob(job(1, JobState::Running, 1000, 0.75)));
    // A new job goes on top.
    QVERIFY(model.applyJob(job(5, JobState::Queued, 5000)));
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(model.job(0).id, 5);
    // A part of a split search is ignored.
    Job part = job(6, JobState::Running, 6000, 0.2);
    part.parentId = 5;
    QVERIFY(!model.applyJob(part));
    QCOMPARE(model.rowCount(), 3);
    // Failed with an error as the state's tooltip; a late "running" report is
    // ignored.
    Job failed = job(1, JobState::Failed, 1000, 0.75);
    failed.error = u"timeframe: '7m' is not a timeframe"_s;
    failed.finishedMs = 9000;
    QVERIFY(model.applyJob(failed));
    QVERIFY(!model.applyJob(job(1, JobState::Running, 1000, 0.8)));
    const int row = model.rowOf(1);
    QCOMPARE(model.index(row, JobsModel::StateColumn).data().toString(),
             u"Failed"_s);
    QCOMPARE(model.index(row, JobsModel::StateColumn)
                 .data(Qt::ToolTipRole)
                 .toString(),
             failed.error);
    QCOMPARE(model.index(row, JobsModel::ProgressColumn).data().toString(),
             failed.error);
    QCOMPARE(model.index(row, JobsModel::StateColumn)
                 .data(Qt::ForegroundRole)
                 .value<QColor>(),
             model.stateColor(JobState::Failed));
    // Finished: the duration is start to end (2000 → 9000).
    QCOMPARE(model.index(row, JobsModel::DurationColumn).data().toString(),
             u"7 s"_s);
    // A cancel asked of a running job shows as "Cancelling" until it stops.
    Job cancelling = job(2, JobState::Running, 2000, 0.4);
    cancelling.cancelRequested = true;
    QVERIFY(model.applyJob(cancelling));
    QCOMPARE(
        model.index(model.rowOf(2), JobsModel::StateColumn).data().toString(),
        u"Cancelling"_s);
  }

  void durations() {
    QCOMPARE(formatJobDuration(42'000), u"42 s"_s);
    QCOMPARE(formatJobDuration(185'000), u"3 min 05 s"_s);
    QCOMPARE(formatJobDuration(7'620'000), u"2 h 07 min"_s);
    Job queued = job(1, JobState::Queued, 1000);
    QVERIFY(!jobDurationMs(queued, 5000).has_value());
  }

  void cancelRule() {
    const Job queued = job(1, JobState::Queued, 1000);
    const Job running = job(2, JobState::Running, 1000, 0.5);
    Job cancelling = running;
    cancelling.cancelRequested = true;
    QVERIFY(JobsPanel::cancelAllowed(&queued, true));
    QVERIFY(JobsPanel::cancelAllowed(&running, true));
    QVERIFY(!JobsPanel::cancelAllowed(&cancelling, true));
    QVERIFY(!JobsPanel::cancelAllowed(&running,
                                      false)); // the role may not change jobs
    QVERIFY(!JobsPanel::cancelAllowed(nullptr, true));
    for (const JobState state : {JobState::Succeeded, JobState::Failed,
                                 JobState::Cancelled, JobState::TimedOut}) {
      const Job finished = job(3, state, 1000, 1.0);
      QVERIFY(!JobsPanel::cancelAllowed(&finished, true));
    }
  }

  void panelShowsJobsAndResults() {
    QTemporaryDir dir;
    Preferences preferences{std::make_unique<QSettings>(
        dir.filePath(u"settings.ini"_s), QSettings::IniFormat)};
    ThemeManager theme{preferences};
    SessionController session{ConnectionProfile{}};
    JobsPanel panel(session, theme);
    panel.applyJob(job(1, JobState::Running, 1000, 0.5, u"5 of 10 trials"_s));
    QCOMPARE(panel.model()->rowCount(), 1);
    QCOMPARE(panel.selectedJob(), 1); // the only job is selected
    // Not logged in (no "jobs.write"): a running job may not be cancelled from
    // here.
    QVERIFY(!panel.cancelButton()->isEnabled());
    QVERIFY(!panel.cancelAction()->isEnabled());
    QVERIFY(panel.resultView()->note().startsWith(u"Running."_s));
    QVERIFY(panel.resultView()->rows().empty());

    // A failed job shows its error.
    Job failed = job(2, JobState::Failed, 2000, 0.1);
    failed.error = u"no stored 1h candles of binance BTCUSDT between … and …"_s;
    panel.applyJob(failed);
    panel.selectJob(2);
    QCOMPARE(panel.resultView()->note(), failed.error);
    QVERIFY(panel.resultView()->heading().contains(u"Failed"_s));

    // A succeeded backtest with its result (as GetJob answers it): metrics and
    // equity.
    Job done = job(3, JobState::Succeeded, 3000, 1.0);
    done.kind = JobKind::Backtest;
    done.finishedMs = 9000;
    BacktestJobResult backtest{.metrics = metrics(), .bars = 720, .equity = {}};
    backtest.equity = {{.timeMs = 1'700'000'000'000, .equity = u"10000"_s},
                       {.timeMs = 1'700'003'600'000, .equity = u"10100.5"_s},
                       {.timeMs = 1'700'007'200'000, .equity = u"11234.5"_s}};
    done.result = backtest;
    panel.applyJob(done);
    panel.selectJob(3);
    QVERIFY(panel.resultView()->note().isEmpty());
    QCOMPARE(valueOf(panel.resultView()->rows(), u"Trades"_s), u"42"_s);
    QCOMPARE(panel.resultView()->equityPointCount(), 3);
    // The table rows hold no results; the panel keeps the fetched one.
    QVERIFY(
        std::holds_alternative<std::monostate>(panel.model()->find(3)->result));
    panel.selectJob(2);
    QCOMPARE(panel.resultView()->equityPointCount(), 0);
    panel.selectJob(3);
    QCOMPARE(panel.resultView()->equityPointCount(), 3);
  }

  void backtestResultLines() {
    Job done = job(1, JobState::Succeeded, 1000, 1.0);
    done.kind = JobKind::Backtest;
    done.result =
        BacktestJobResult{.metrics = metrics(), .bars = 720, .equity = {}};
    const auto rows = JobResultView::resultRows(done, english);
    QCOMPARE(valueOf(rows, u"Total return"_s), u"+12.34 %"_s);
    QCOMPARE(valueOf(rows, u"Sharpe ratio"_s), u"1.50"_s);
    QCOMPARE(valueOf(rows, u"Sortino ratio"_s), u"2.25"_s);
    QCOMPARE(valueOf(rows, u"Max drawdown"_s), u"8.10 %"_s);
    QCOMPARE(valueOf(rows, u"Trades"_s), u"42"_s);
    QCOMPARE(valueOf(rows, u"Win rate"_s), u"55.0 %"_s);
    QCOMPARE(valueOf(rows, u"Profit factor"_s), u"1.80"_s);
    QCOMPARE(valueOf(rows, u"Net profit"_s), u"1234.50"_s);
    QCOMPARE(valueOf(rows, u"Fees"_s), u"12.35"_s);
    QCOMPARE(valueOf(rows, u"Bars"_s), u"720"_s);
    // The locale's decimal comma.
    const auto brazilian = JobResultView::resultRows(
        done, QLocale(QLocale::Portuguese, QLocale::Brazil));
    QCOMPARE(brazilian.front().value, u"+12,34 %"_s);
    // Without a result: nothing.
    QVERIFY(JobResultView::resultRows(job(2, JobState::Running, 1000), english)
                .empty());
  }

  void optimizationResultLines() {
    Job done = job(1, JobState::Succeeded, 1000, 1.0);
    OptimizationJobResult search;
    search.totalTrials = 1000;
    search.failedTrials = 3;
    search.hasBest = true;
    search.bestParams = {{u"fast"_s, 12}, {u"slow"_s, 40.5}};
    search.bestObjective = 1.8765;
    search.bestMetrics = metrics();
    search.probabilityOfOverfitting = 0.125;
    search.deflatedSharpe = 0.9512;
    done.result = search;
    auto rows = JobResultView::resultRows(done, english);
    QCOMPARE(valueOf(rows, u"Trials"_s), u"1,000 (3 failed)"_s);
    QCOMPARE(valueOf(rows, u"Best parameters"_s), u"fast = 12, slow = 40.5"_s);
    QCOMPARE(valueOf(rows, u"Objective"_s), u"1.877"_s);
    QCOMPARE(valueOf(rows, u"Total return"_s), u"+12.34 %"_s);
    QCOMPARE(valueOf(rows, u"Sharpe ratio"_s), u"1.50"_s);
    QCOMPARE(valueOf(rows, u"Probability of backtest overfitting"_s),
             u"12.5 %"_s);
    QCOMPARE(valueOf(rows, u"Deflated Sharpe ratio"_s), u"0.951"_s);
    // No trial succeeded: said so, and no best metrics.
    search.hasBest = false;
    search.failedTrials = 0;
    done.result = search;
    rows = JobResultView::resultRows(done, english);
    QCOMPARE(valueOf(rows, u"Trials"_s), u"1,000"_s);
    QCOMPARE(valueOf(rows, u"Best trial"_s), u"No trial succeeded."_s);
    QCOMPARE(valueOf(rows, u"Sharpe ratio"_s), u"<missing>"_s);
  }

  void trainingResultLines() {
    Job done = job(1, JobState::Succeeded, 1000, 1.0);
    done.kind = JobKind::Training;
    TrainingJobResult training;
    training.modelName = u"btc-lstm"_s;
    training.version = 3;
    training.epochs = 30;
    training.bestEpoch = 12;
    training.stoppedEarly = true;
    training.testMse = 0.000123;
    training.baselineMse = 0.00013;
    training.testAccuracy = 0.542;
    training.baselineAccuracy = 0.501;
    training.device = u"cuda:0"_s;
    training.signalBacktest.totalReturn = 0.041;
    training.buyAndHold.totalReturn = -0.023;
    done.result = training;
    const auto rows = JobResultView::resultRows(done, english);
    QCOMPARE(valueOf(rows, u"Model"_s), u"btc-lstm, version 3"_s);
    QCOMPARE(valueOf(rows, u"Test MSE"_s), u"0.000123 (baseline 0.00013)"_s);
    QCOMPARE(valueOf(rows, u"Directional accuracy"_s),
             u"54.2 % (baseline 50.1 %)"_s);
    QCOMPARE(valueOf(rows, u"Best epoch"_s), u"12 of 30, stopped early"_s);
    QCOMPARE(valueOf(rows, u"Device"_s), u"cuda:0"_s);
    QCOMPARE(valueOf(rows, u"Signal backtest return"_s),
             u"+4.10 % (buy and hold -2.30 %)"_s);
    QCOMPARE(valueOf(rows, u"Best episode or generation"_s), u"<missing>"_s);
    // An agent: no loss metrics to show, its best episode or generation.
    training.agent = true;
    training.stoppedEarly = false;
    training.testMse = 0;
    training.testAccuracy = 0;
    done.result = training;
    const auto agentRows = JobResultView::resultRows(done, english);
    QCOMPARE(valueOf(agentRows, u"Test MSE"_s), u"<missing>"_s);
    QCOMPARE(valueOf(agentRows, u"Directional accuracy"_s), u"<missing>"_s);
    QCOMPARE(valueOf(agentRows, u"Best epoch"_s), u"<missing>"_s);
    QCOMPARE(valueOf(agentRows, u"Best episode or generation"_s), u"12 of 30"_s);
    QCOMPARE(valueOf(agentRows, u"Signal backtest return"_s),
             u"+4.10 % (buy and hold -2.30 %)"_s);
  }

  void failedAndCancelledNotes() {
    QTemporaryDir dir;
    Preferences preferences{std::make_unique<QSettings>(
        dir.filePath(u"settings.ini"_s), QSettings::IniFormat)};
    ThemeManager theme{preferences};
    JobResultView view(theme);
    QVERIFY(view.heading().contains(u"Select a job"_s));
    Job timedOut = job(1, JobState::TimedOut, 1000, 0.4);
    timedOut.error = u"Stopped after its 3600 s timeout."_s;
    view.showJob(timedOut);
    QCOMPARE(view.note(), timedOut.error);
    QVERIFY(view.rows().empty());
    view.showJob(job(2, JobState::Cancelled, 1000, 0.4));
    QCOMPARE(view.note(), u"Cancelled before it finished."_s);
    view.showNote(job(3, JobState::Succeeded, 1000, 1.0),
                  u"The result could not be loaded: Cannot reach the server."_s,
                  true);
    QCOMPARE(view.note(),
             u"The result could not be loaded: Cannot reach the server."_s);
    view.clear();
    QVERIFY(view.note().isEmpty());
  }
};

QTEST_MAIN(TestJobsPanel)
#include "tst_jobs_panel.moc"
