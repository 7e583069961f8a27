#pragma once

#include "core/job_types.h"
#include "gui/kept_stream.h"

#include <QTimer>
#include <QWidget>

#include <map>
#include <vector>

class QAction;
class QLabel;
class QPushButton;
class QSplitter;
class QTableView;

namespace bcf::app {

class JobResultView;
class JobsModel;
class SessionController;
class ThemeManager;

// The jobs dock's content (docs/workstation-jobs.md): a toolbar (Cancel job,
// enabled for a queued or running job and the user's "jobs.write"; a status
// line), the table of the user's compute jobs (JobsModel, progress drawn as a
// bar with the node's message) and, beside it, the selected job's result
// (JobResultView): a succeeded job's result is fetched once with
// GetJob(include_result) and kept; a failed one shows its error.
//
// After login (for a user with "jobs.read") it opens StreamJobs first, then
// lists the jobs; jobs streamed while the list loads are applied after it. A
// stream lost to a transport failure is opened again after
// KeptStream::retryIntervalMs and the list is loaded again. GUI thread only.
class JobsPanel final : public QWidget {
  Q_OBJECT
  Q_DISABLE_COPY_MOVE(JobsPanel)

public:
  // How many jobs ListJobs is asked for.
  static constexpr int listLimit = 200;

  JobsPanel(SessionController &session, ThemeManager &theme,
            QWidget *parent = nullptr);
  ~JobsPanel() override;

  JobsModel *model() const { return m_model; }
  QTableView *table() const { return m_table; }
  JobResultView *resultView() const { return m_result; }
  QPushButton *cancelButton() const { return m_cancel; }
  QAction *cancelAction() const { return m_cancelAction; }
  // Whether the first list of jobs has arrived.
  bool isLoaded() const { return m_loaded; }
  // The selected job's id (0 when none); selects a job.
  qint64 selectedJob() const;
  void selectJob(qint64 id);

  // Applies one job as StreamJobs, CancelJob or a submission reports it; a job
  // that arrives with its result (GetJob) has the result kept for the result
  // view.
  void applyJob(const Job &job);
  // Asks the server to cancel the selected job.
  void cancelSelected();
  // Whether Cancel is enabled for `job` (null: none selected) when the user may
  // or may not change jobs ("jobs.write"): a queued or running job not already
  // being cancelled.
  static bool cancelAllowed(const Job *job, bool mayWrite);

signals:
  // A short message for the status bar.
  void noteRequested(const QString &message);
  void loaded();

protected:
  void changeEvent(QEvent *event) override;

private:
  void buildUi();
  void start();
  void stop();
  void onLoggedIn();
  void selectionChanged();
  void showSelected();
  void updateActions();
  void showStatus(const QString &text);
  void applyTheme();
  void retranslateUi();

  SessionController &m_session;
  ThemeManager &m_theme;
  KeptStream m_stream;

  JobsModel *m_model = nullptr;
  QPushButton *m_cancel = nullptr;
  QAction *m_cancelAction = nullptr;
  QLabel *m_status = nullptr;
  QLabel *m_empty = nullptr;
  QSplitter *m_splitter = nullptr;
  QTableView *m_table = nullptr;
  JobResultView *m_result = nullptr;
  QTimer m_clockTimer;

  bool m_loaded = false;
  bool m_listing = false;
  std::vector<Job> m_pending;
  // Results fetched with GetJob, by job id (a succeeded job's result never
  // changes).
  std::map<qint64, Job> m_results;
  qint64 m_fetching = 0; // the job whose result is being fetched
  quint64 m_detailsSerial = 0;
  qint64 m_shownJob = 0;
  QString m_error;
  bool m_streamProblem = false;
};

} // namespace bcf::app
