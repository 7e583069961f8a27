#pragma once

#include "core/job_types.h"

#include <QLocale>
#include <QWidget>

#include <vector>

class QLabel;
class QStackedWidget;

namespace bcf::app {

class BacktestCharts;
class ThemeManager;

// One line of a job's result: "Sharpe ratio" → "1.42".
struct JobResultRow {
  QString label;
  QString value;

  friend bool operator==(const JobResultRow &, const JobResultRow &) = default;
};

// The jobs dock's view of the selected job: a heading (label, kind, state) and
//  - for a succeeded backtest: total return, Sharpe, Sortino, max drawdown,
//  trades, win rate,
//    profit factor, net profit, fees and bars, beside its equity curve
//    (BacktestCharts);
//  - for a succeeded optimization: the trials (and how many failed), the best
//  trial's
//    objective, parameters and metrics, the probability of backtest overfitting
//    and the deflated Sharpe ratio;
//  - for a succeeded training run: the model and version, test MSE and
//  directional accuracy
//    against the naive baseline, the best epoch, the device, and the signal
//    backtest's return against buy-and-hold over the test range;
//  - for a failed, timed out or cancelled job: its error;
//  - for a queued or running job, or while a result loads: a note.
// Numbers follow the locale. GUI thread only.
class JobResultView final : public QWidget {
  Q_OBJECT
  Q_DISABLE_COPY_MOVE(JobResultView)

public:
  explicit JobResultView(ThemeManager &theme, QWidget *parent = nullptr);
  ~JobResultView() override;

  // The lines shown for `job` (empty when it has no result to show).
  static std::vector<JobResultRow>
  resultRows(const Job &job, const QLocale &locale = QLocale());

  // Shows `job` (with its result when it has one).
  void showJob(const Job &job);
  // Shows `job`'s heading with `note` in place of the result ("Loading the
  // result…", an error).
  void showNote(const Job &job, const QString &note, bool error = false);
  // Nothing selected.
  void clear();

  // The texts shown, for tests: the heading, the note, and the result's lines.
  QString heading() const;
  QString note() const;
  const std::vector<JobResultRow> &rows() const { return m_rows; }
  // The points of the equity curve shown (0 unless a backtest's result is
  // shown).
  int equityPointCount() const;

protected:
  void changeEvent(QEvent *event) override;

private:
  void setHeading(const Job *job);
  void render();
  void retranslateUi();

  ThemeManager &m_theme;
  QLabel *m_heading = nullptr;
  QLabel *m_note = nullptr;
  QLabel *m_table = nullptr;
  BacktestCharts *m_charts = nullptr;
  std::vector<JobResultRow> m_rows;
  Job m_job;
  bool m_hasJob = false;
  QString m_noteText;
  bool m_noteError = false;
  bool m_noteFromJob =
      false; // the note was derived from the job (retranslated with it)
};

} // namespace bcf::app
