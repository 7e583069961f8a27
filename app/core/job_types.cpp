#include "core/job_types.h"

#include <QCoreApplication>

#include <algorithm>

namespace bcf::app {

QString jobKindName(JobKind kind) {
  switch (kind) {
  case JobKind::Backtest:
    return QCoreApplication::translate("bcf::app::Jobs", "Backtest");
  case JobKind::Optimization:
    return QCoreApplication::translate("bcf::app::Jobs", "Optimization");
  case JobKind::OptimizationPart:
    return QCoreApplication::translate("bcf::app::Jobs", "Part");
  case JobKind::Training:
    return QCoreApplication::translate("bcf::app::Jobs", "Training");
  case JobKind::Unspecified:
    break;
  }
  return QCoreApplication::translate("bcf::app::Jobs", "Unknown");
}

QString jobStateName(JobState state) {
  switch (state) {
  case JobState::Queued:
    return QCoreApplication::translate("bcf::app::Jobs", "Queued");
  case JobState::Running:
    return QCoreApplication::translate("bcf::app::Jobs", "Running");
  case JobState::Succeeded:
    return QCoreApplication::translate("bcf::app::Jobs", "Succeeded");
  case JobState::Failed:
    return QCoreApplication::translate("bcf::app::Jobs", "Failed");
  case JobState::Cancelled:
    return QCoreApplication::translate("bcf::app::Jobs", "Cancelled");
  case JobState::TimedOut:
    return QCoreApplication::translate("bcf::app::Jobs", "Timed out");
  case JobState::Unspecified:
    break;
  }
  return QCoreApplication::translate("bcf::app::Jobs", "Unknown");
}

bool canCancelJob(JobState state) {
  return state == JobState::Queued || state == JobState::Running;
}

bool isJobFinished(JobState state) {
  return state == JobState::Succeeded || state == JobState::Failed ||
         state == JobState::Cancelled || state == JobState::TimedOut;
}

std::optional<qint64> jobDurationMs(const Job &job, qint64 nowMs) {
  if (job.startedMs <= 0)
    return std::nullopt;
  const qint64 end = job.finishedMs > 0 ? job.finishedMs : nowMs;
  return std::max<qint64>(0, end - job.startedMs);
}

QString formatJobDuration(qint64 milliseconds) {
  const qint64 seconds = std::max<qint64>(0, milliseconds) / 1000;
  if (seconds < 60)
    return QCoreApplication::translate("bcf::app::Jobs", "%1 s").arg(seconds);
  if (seconds < 3600) {
    return QCoreApplication::translate("bcf::app::Jobs", "%1 min %2 s")
        .arg(seconds / 60)
        .arg(seconds % 60, 2, 10, QLatin1Char('0'));
  }
  return QCoreApplication::translate("bcf::app::Jobs", "%1 h %2 min")
      .arg(seconds / 3600)
      .arg((seconds % 3600) / 60, 2, 10, QLatin1Char('0'));
}

} // namespace bcf::app
