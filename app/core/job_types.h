#pragma once

#include "core/trading_types.h"

#include <QMetaType>
#include <QString>
#include <QtGlobal>

#include <optional>
#include <utility>
#include <variant>
#include <vector>

// Compute jobs as the workstation shows them (bcf.v1.JobService, docs/jobs.md):
// a job's kind, state, progress and times, and its result once it succeeded (a
// backtest's metrics and equity, an optimization's best trial and overfitting
// statistics, a training run's report), plus what the strategy dock submits.
// Amounts keep the server's decimal strings. Pure values and functions, usable
// on any thread.
namespace bcf::app {

enum class JobKind {
  Unspecified,
  Backtest,
  Optimization,
  OptimizationPart,
  Training
};
enum class JobState {
  Unspecified,
  Queued,
  Running,
  Succeeded,
  Failed,
  Cancelled,
  TimedOut
};

// Translated names ("Backtest", "Optimization", "Part", "Training"; "Queued",
// "Running" …).
QString jobKindName(JobKind kind);
QString jobStateName(JobState state);
// A queued or running job may be cancelled (CancelJob); the other states are
// final.
bool canCancelJob(JobState state);
bool isJobFinished(JobState state);

// The metrics of a backtest run on a compute node (bcf.v1.BacktestMetrics).
// Ratios are fractions (0.12 = 12 %); net profit and fees are quote amounts as
// decimal text.
struct JobMetrics {
  double totalReturn = 0;
  double cagr = 0;
  double volatility = 0;
  double sharpe = 0;
  double sortino = 0;
  double calmar = 0;
  double maxDrawdown = 0;
  QString netProfit;
  qint64 tradeCount = 0;
  qint64 winningTrades = 0;
  qint64 losingTrades = 0;
  double winRate = 0;
  double profitFactor = 0;
  double expectancy = 0;
  QString feesPaid;
  double exposure = 0;

  friend bool operator==(const JobMetrics &, const JobMetrics &) = default;
};

struct BacktestJobResult {
  JobMetrics metrics;
  qint64 bars = 0;
  std::vector<EquityPoint> equity; // at most 2000 points, oldest first

  friend bool operator==(const BacktestJobResult &,
                         const BacktestJobResult &) = default;
};

struct OptimizationJobResult {
  qint64 totalTrials = 0;  // the search's trial count
  qint64 failedTrials = 0; // trials whose backtest could not run
  bool hasBest = false;    // false when no trial succeeded
  std::vector<std::pair<QString, double>> bestParams; // by name
  double bestObjective = 0;
  JobMetrics bestMetrics;
  double probabilityOfOverfitting = 0;
  double deflatedSharpe = 0;

  friend bool operator==(const OptimizationJobResult &,
                         const OptimizationJobResult &) = default;
};

struct TrainingJobResult {
  QString modelName;
  int version = 0;
  int epochs = 0; // epochs run
  int bestEpoch = 0;
  bool stoppedEarly = false;
  double testMse = 0;
  double baselineMse = 0;
  double testAccuracy = 0; // directional accuracy, 0 … 1
  double baselineAccuracy = 0;
  // An agent (dqn, neuroevolution): its report has no loss metrics (test samples 0), only
  // the signal backtest; its epochs are episodes or generations.
  bool agent = false;
  QString device;
  qint64 parameters = 0;
  double seconds = 0;
  JobMetrics signalBacktest;
  JobMetrics buyAndHold;

  friend bool operator==(const TrainingJobResult &,
                         const TrainingJobResult &) = default;
};

using JobResult = std::variant<std::monostate, BacktestJobResult,
                               OptimizationJobResult, TrainingJobResult>;

struct Job {
  qint64 id = 0;
  JobKind kind = JobKind::Unspecified;
  JobState state = JobState::Unspecified;
  QString label;
  double progress = 0; // 0 … 1
  QString message;     // what the node is doing ("512 of 1000 trials")
  QString error;       // why it failed, timed out or was given up
  int attempt = 0;
  QString node;
  qint64 parentId = 0;
  bool cancelRequested = false;
  qint64 createdMs = 0;
  qint64 startedMs = 0;  // 0 until it starts
  qint64 finishedMs = 0; // 0 until it ends
  int timeoutSeconds = 0;
  JobResult result; // GetJob with its result only

  friend bool operator==(const Job &, const Job &) = default;
};

// How long a job has run: until it finished, or until `nowMs` while it runs;
// nullopt before it started.
std::optional<qint64> jobDurationMs(const Job &job, qint64 nowMs);
// A duration as "42 s", "3 min 05 s", "2 h 07 min".
QString formatJobDuration(qint64 milliseconds);

// What the strategy dock submits (SubmitBacktest; with a method,
// SubmitOptimization).
struct JobBacktestSpec {
  QString strategySource;
  std::vector<std::pair<QString, double>> params;
  QString exchange;
  QString symbol;
  QString timeframe;
  qint64 fromUnixMs = 0;
  qint64 toUnixMs = 0; // exclusive
  QString initialCash; // quote units, decimal text
  qint64 feeMicros = 0;
  qint64 slippageMicros = 0;
  QString label; // "" = the server's default
};

struct JobOptimizationSpec {
  JobBacktestSpec backtest;
  QString method;    // grid, random, genetic
  QString objective; // "" = sharpe
  qint64 maxTrials = 0;
};

} // namespace bcf::app

Q_DECLARE_METATYPE(bcf::app::Job)
