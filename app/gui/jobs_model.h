#pragma once

#include "core/job_types.h"

#include <QAbstractTableModel>
#include <QColor>

#include <functional>
#include <vector>

namespace bcf::app {

// The user's compute jobs as the jobs dock's table, newest first (by creation
// time, then id): label, kind, state (coloured: running accent, succeeded
// green, failed and timed out red, queued and cancelled muted; the error as its
// tooltip), progress (ProgressRole holds the fraction for the delegate's bar,
// the display text is the node's message or the percentage, a failed job's
// error), node, attempt, start time and duration (until now while it runs:
// refreshDurations()).
//
// Only top-level jobs are rows: parts of a split optimization (parentId ≠ 0)
// are ignored. setJobs() replaces the rows with a ListJobs answer; applyJob()
// merges one job as StreamJobs, CancelJob or a submission reports it, in place
// by id (a finished job never goes back to queued or running: a late stream
// message is ignored). Rows hold no results. GUI thread only.
class JobsModel final : public QAbstractTableModel {
  Q_OBJECT
  Q_DISABLE_COPY_MOVE(JobsModel)

public:
  enum Column {
    LabelColumn,
    KindColumn,
    StateColumn,
    ProgressColumn,
    NodeColumn,
    AttemptColumn,
    StartedColumn,
    DurationColumn,
    ColumnCount
  };
  // The job's id (qint64) of any cell.
  static constexpr int JobIdRole = Qt::UserRole;
  // The progress column's fraction, 0 … 1 (double).
  static constexpr int ProgressRole = Qt::UserRole + 1;
  // The current time in ms since the epoch (the durations of running jobs).
  using Clock = std::function<qint64()>;

  explicit JobsModel(QObject *parent = nullptr);

  const std::vector<Job> &jobs() const { return m_jobs; }
  const Job &job(int row) const { return m_jobs.at(std::size_t(row)); }
  // The row of job `id`, or -1; the job or null.
  int rowOf(qint64 id) const;
  const Job *find(qint64 id) const;

  void setJobs(std::vector<Job> jobs);
  // Returns whether the model changed.
  bool applyJob(const Job &job);
  void clear();
  // Whether a shown job is queued or running (its duration grows).
  bool hasActiveJobs() const;
  // Repaints the durations of running jobs.
  void refreshDurations();
  void setClock(Clock clock);
  void setColors(const QColor &accent, const QColor &success,
                 const QColor &failed, const QColor &muted);
  QColor stateColor(JobState state) const;

  int rowCount(const QModelIndex &parent = {}) const override;
  int columnCount(const QModelIndex &parent = {}) const override;
  QVariant data(const QModelIndex &index,
                int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;

  // The progress column's text of `job`: a failed or timed out job's error,
  // else its message, else the percentage ("42 %").
  static QString progressText(const Job &job);

private:
  std::vector<Job> m_jobs;
  Clock m_clock;
  QColor m_accent;
  QColor m_success;
  QColor m_failed;
  QColor m_muted;
};

} // namespace bcf::app
