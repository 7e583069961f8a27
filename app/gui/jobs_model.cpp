#include "gui/jobs_model.h"

#include <QDateTime>
#include <QLocale>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace bcf::app {

namespace {

// Newest first: by creation time, then by id (ids grow with time).
bool newerFirst(const Job &a, const Job &b) {
  if (a.createdMs != b.createdMs)
    return a.createdMs > b.createdMs;
  return a.id > b.id;
}

} // namespace

JobsModel::JobsModel(QObject *parent)
    : QAbstractTableModel(parent),
      m_clock([] { return QDateTime::currentMSecsSinceEpoch(); }),
      m_accent(0x29, 0x79, 0xff), m_success(0x26, 0xa6, 0x9a),
      m_failed(0xef, 0x53, 0x50), m_muted(0x86, 0x89, 0x93) {}

int JobsModel::rowOf(qint64 id) const {
  const auto it = std::find_if(m_jobs.begin(), m_jobs.end(),
                               [id](const Job &job) { return job.id == id; });
  return it == m_jobs.end() ? -1 : int(it - m_jobs.begin());
}

const Job *JobsModel::find(qint64 id) const {
  const int row = rowOf(id);
  return row < 0 ? nullptr : &m_jobs[std::size_t(row)];
}

void JobsModel::setJobs(std::vector<Job> jobs) {
  std::erase_if(jobs, [](const Job &job) { return job.parentId != 0; });
  for (Job &job : jobs)
    job.result = std::monostate{};
  std::sort(jobs.begin(), jobs.end(), newerFirst);
  beginResetModel();
  m_jobs = std::move(jobs);
  endResetModel();
}

bool JobsModel::applyJob(const Job &incoming) {
  if (incoming.parentId != 0 || incoming.id == 0)
    return false;
  Job job = incoming;
  job.result = std::monostate{};
  const int row = rowOf(job.id);
  if (row >= 0) {
    Job &shown = m_jobs[std::size_t(row)];
    // A final state is final: a stream message read before the end arrived
    // late.
    if (isJobFinished(shown.state) && !isJobFinished(job.state))
      return false;
    if (job == shown)
      return false;
    shown = std::move(job);
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
    return true;
  }
  const auto at =
      std::lower_bound(m_jobs.begin(), m_jobs.end(), job, newerFirst);
  const int insertRow = int(at - m_jobs.begin());
  beginInsertRows({}, insertRow, insertRow);
  m_jobs.insert(at, std::move(job));
  endInsertRows();
  return true;
}

void JobsModel::clear() { setJobs({}); }

bool JobsModel::hasActiveJobs() const {
  return std::any_of(m_jobs.begin(), m_jobs.end(),
                     [](const Job &job) { return canCancelJob(job.state); });
}

void JobsModel::refreshDurations() {
  for (int row = 0; row < rowCount(); ++row) {
    if (m_jobs[std::size_t(row)].state == JobState::Running)
      emit dataChanged(index(row, DurationColumn), index(row, DurationColumn));
  }
}

void JobsModel::setClock(Clock clock) { m_clock = std::move(clock); }

void JobsModel::setColors(const QColor &accent, const QColor &success,
                          const QColor &failed, const QColor &muted) {
  m_accent = accent;
  m_success = success;
  m_failed = failed;
  m_muted = muted;
  if (!m_jobs.empty())
    emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

QColor JobsModel::stateColor(JobState state) const {
  switch (state) {
  case JobState::Running:
    return m_accent;
  case JobState::Succeeded:
    return m_success;
  case JobState::Failed:
  case JobState::TimedOut:
    return m_failed;
  default:
    return m_muted;
  }
}

QString JobsModel::progressText(const Job &job) {
  // A failed job's bar says why (the state's tooltip holds the whole text).
  if ((job.state == JobState::Failed || job.state == JobState::TimedOut) &&
      !job.error.isEmpty())
    return job.error;
  if (!job.message.isEmpty())
    return job.message;
  if (job.state == JobState::Queued)
    return tr("Waiting for a compute node");
  const double percent = std::clamp(job.progress, 0.0, 1.0) * 100.0;
  return tr("%1 %").arg(QLocale().toString(std::floor(percent), 'f', 0));
}

int JobsModel::rowCount(const QModelIndex &parent) const {
  return parent.isValid() ? 0 : int(m_jobs.size());
}

int JobsModel::columnCount(const QModelIndex &parent) const {
  return parent.isValid() ? 0 : ColumnCount;
}

QVariant JobsModel::data(const QModelIndex &index, int role) const {
  if (!index.isValid() || index.row() >= rowCount())
    return {};
  const Job &shown = m_jobs[std::size_t(index.row())];
  switch (role) {
  case Qt::DisplayRole:
    switch (Column(index.column())) {
    case LabelColumn:
      return shown.label.isEmpty() ? tr("Job %1").arg(shown.id) : shown.label;
    case KindColumn:
      return jobKindName(shown.kind);
    case StateColumn:
      if (shown.cancelRequested && canCancelJob(shown.state))
        return tr("Cancelling");
      return jobStateName(shown.state);
    case ProgressColumn:
      return progressText(shown);
    case NodeColumn:
      return shown.node.isEmpty() ? u"—"_s : shown.node;
    case AttemptColumn:
      return shown.attempt > 0 ? QVariant(QLocale().toString(shown.attempt))
                               : QVariant(u"—"_s);
    case StartedColumn:
      if (shown.startedMs <= 0)
        return u"—"_s;
      return QLocale().toString(
          QDateTime::fromMSecsSinceEpoch(shown.startedMs).toLocalTime(),
          QLocale::ShortFormat);
    case DurationColumn: {
      const auto duration = jobDurationMs(shown, m_clock());
      return duration ? formatJobDuration(*duration) : u"—"_s;
    }
    case ColumnCount:
      break;
    }
    break;
  case Qt::ForegroundRole:
    if (index.column() == StateColumn)
      return stateColor(shown.state);
    if ((index.column() == NodeColumn && shown.node.isEmpty()) ||
        (index.column() == StartedColumn && shown.startedMs <= 0))
      return m_muted;
    break;
  case Qt::ToolTipRole:
    if (!shown.error.isEmpty() &&
        (index.column() == StateColumn || index.column() == ProgressColumn))
      return shown.error;
    if (index.column() == ProgressColumn)
      return progressText(shown);
    if (index.column() == LabelColumn)
      return tr("Job %1").arg(shown.id);
    break;
  case Qt::TextAlignmentRole:
    if (index.column() == AttemptColumn || index.column() == DurationColumn)
      return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    break;
  case JobIdRole:
    return shown.id;
  case ProgressRole:
    return shown.state == JobState::Succeeded
               ? 1.0
               : std::clamp(shown.progress, 0.0, 1.0);
  default:
    break;
  }
  return {};
}

QVariant JobsModel::headerData(int section, Qt::Orientation orientation,
                               int role) const {
  if (orientation != Qt::Horizontal)
    return {};
  if (role == Qt::TextAlignmentRole &&
      (section == AttemptColumn || section == DurationColumn))
    return QVariant(Qt::AlignRight | Qt::AlignVCenter);
  if (role != Qt::DisplayRole)
    return {};
  switch (Column(section)) {
  case LabelColumn:
    return tr("Label");
  case KindColumn:
    return tr("Kind");
  case StateColumn:
    return tr("State");
  case ProgressColumn:
    return tr("Progress");
  case NodeColumn:
    return tr("Node");
  case AttemptColumn:
    return tr("Attempt");
  case StartedColumn:
    return tr("Started");
  case DurationColumn:
    return tr("Duration");
  case ColumnCount:
    break;
  }
  return {};
}

} // namespace bcf::app
