#include "gui/jobs_result_view.h"

#include "core/market_types.h"
#include "gui/backtest_charts.h"
#include "gui/theme_manager.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace bcf::app {

namespace {

QString percent(double fraction, const QLocale &locale, bool sign = false,
                int decimals = 2) {
  const QString number = locale.toString(fraction * 100.0, 'f', decimals);
  return (sign && fraction > 0 ? locale.positiveSign() + number : number) +
         u" %"_s;
}

QString number(double value, const QLocale &locale, int decimals = 2) {
  return locale.toString(value, 'f', decimals);
}

QString amount(const QString &text, const QLocale &locale) {
  return text.isEmpty() ? u"—"_s : formatAmount(text, 2, 0, locale);
}

} // namespace

JobResultView::JobResultView(ThemeManager &theme, QWidget *parent)
    : QWidget(parent), m_theme(theme) {
  setObjectName(u"jobsResult"_s);
  auto *layout = new QVBoxLayout(this);
  layout->setContentsMargins(10, 6, 10, 6);
  layout->setSpacing(6);
  m_heading = new QLabel(this);
  m_heading->setObjectName(u"jobsResultHeading"_s);
  m_heading->setTextFormat(Qt::RichText);
  m_heading->setWordWrap(true);
  m_heading->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
  layout->addWidget(m_heading);
  m_note = new QLabel(this);
  m_note->setObjectName(u"jobsResultNote"_s);
  m_note->setWordWrap(true);
  m_note->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_note->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
  layout->addWidget(m_note);
  auto *body = new QHBoxLayout;
  body->setSpacing(10);
  m_table = new QLabel(this);
  m_table->setObjectName(u"jobsResultTable"_s);
  m_table->setTextFormat(Qt::RichText);
  m_table->setAlignment(Qt::AlignLeft | Qt::AlignTop);
  m_table->setTextInteractionFlags(Qt::TextSelectableByMouse);
  body->addWidget(m_table);
  m_charts = new BacktestCharts(m_theme, this);
  m_charts->setObjectName(u"jobsResultEquity"_s);
  m_charts->setMinimumWidth(220);
  body->addWidget(m_charts, 1);
  layout->addLayout(body, 1);
  connect(&m_theme, &ThemeManager::themeChanged, this, &JobResultView::render);
  clear();
}

JobResultView::~JobResultView() = default;

std::vector<JobResultRow> JobResultView::resultRows(const Job &job,
                                                    const QLocale &locale) {
  std::vector<JobResultRow> rows;
  if (const auto *backtest = std::get_if<BacktestJobResult>(&job.result)) {
    const JobMetrics &m = backtest->metrics;
    rows = {{tr("Total return"), percent(m.totalReturn, locale, true)},
            {tr("Sharpe ratio"), number(m.sharpe, locale)},
            {tr("Sortino ratio"), number(m.sortino, locale)},
            {tr("Max drawdown"), percent(m.maxDrawdown, locale)},
            {tr("Trades"), locale.toString(m.tradeCount)},
            {tr("Win rate"), percent(m.winRate, locale, false, 1)},
            {tr("Profit factor"), number(m.profitFactor, locale)},
            {tr("Net profit"), amount(m.netProfit, locale)},
            {tr("Fees"), amount(m.feesPaid, locale)},
            {tr("Bars"), locale.toString(backtest->bars)}};
  } else if (const auto *search =
                 std::get_if<OptimizationJobResult>(&job.result)) {
    rows.push_back(
        {tr("Trials"), search->failedTrials > 0
                           ? tr("%1 (%2 failed)")
                                 .arg(locale.toString(search->totalTrials),
                                      locale.toString(search->failedTrials))
                           : locale.toString(search->totalTrials)});
    if (!search->hasBest) {
      rows.push_back({tr("Best trial"), tr("No trial succeeded.")});
    } else {
      QStringList params;
      for (const auto &[name, value] : search->bestParams)
        params << u"%1 = %2"_s.arg(name, locale.toString(value, 'g', 10));
      const JobMetrics &m = search->bestMetrics;
      rows.push_back({tr("Best parameters"), params.join(u", "_s)});
      rows.push_back(
          {tr("Objective"), number(search->bestObjective, locale, 3)});
      rows.push_back(
          {tr("Total return"), percent(m.totalReturn, locale, true)});
      rows.push_back({tr("Sharpe ratio"), number(m.sharpe, locale)});
      rows.push_back({tr("Max drawdown"), percent(m.maxDrawdown, locale)});
      rows.push_back({tr("Trades"), locale.toString(m.tradeCount)});
      rows.push_back({tr("Win rate"), percent(m.winRate, locale, false, 1)});
    }
    rows.push_back(
        {tr("Probability of backtest overfitting"),
         percent(search->probabilityOfOverfitting, locale, false, 1)});
    rows.push_back({tr("Deflated Sharpe ratio"),
                    number(search->deflatedSharpe, locale, 3)});
  } else if (const auto *training =
                 std::get_if<TrainingJobResult>(&job.result)) {
    const TrainingJobResult &t = *training;
    rows.push_back(
        {tr("Model"), tr("%1, version %2").arg(t.modelName).arg(t.version)});
    // An agent has no loss metrics: it is judged by its signal backtest.
    if (!t.agent) {
      rows.push_back(
          {tr("Test MSE"), tr("%1 (baseline %2)")
                               .arg(locale.toString(t.testMse, 'g', 4),
                                    locale.toString(t.baselineMse, 'g', 4))});
      rows.push_back({tr("Directional accuracy"),
                      tr("%1 (baseline %2)")
                          .arg(percent(t.testAccuracy, locale, false, 1),
                               percent(t.baselineAccuracy, locale, false, 1))});
    }
    rows.push_back(
        {t.agent ? tr("Best episode or generation") : tr("Best epoch"),
         (t.stoppedEarly ? tr("%1 of %2, stopped early") : tr("%1 of %2"))
             .arg(locale.toString(t.bestEpoch), locale.toString(t.epochs))});
    rows.push_back({tr("Device"), t.device.isEmpty() ? u"—"_s : t.device});
    rows.push_back(
        {tr("Signal backtest return"),
         tr("%1 (buy and hold %2)")
             .arg(percent(t.signalBacktest.totalReturn, locale, true),
                  percent(t.buyAndHold.totalReturn, locale, true))});
  }
  return rows;
}

void JobResultView::showJob(const Job &job) {
  m_noteFromJob = true;
  m_job = job;
  m_hasJob = true;
  m_rows = resultRows(job);
  m_noteError = false;
  m_noteText.clear();
  if (m_rows.empty()) {
    switch (job.state) {
    case JobState::Queued:
      m_noteText = tr("Waiting for a compute node. The result appears here "
                      "when it succeeds.");
      break;
    case JobState::Running:
      m_noteText = tr("Running. The result appears here when it succeeds.");
      break;
    case JobState::Failed:
    case JobState::TimedOut:
      m_noteText = job.error.isEmpty() ? jobStateName(job.state) : job.error;
      m_noteError = true;
      break;
    case JobState::Cancelled:
      m_noteText =
          job.error.isEmpty() ? tr("Cancelled before it finished.") : job.error;
      break;
    case JobState::Succeeded:
      m_noteText = tr("The job succeeded without a result to show.");
      break;
    case JobState::Unspecified:
      break;
    }
  }
  render();
}

void JobResultView::showNote(const Job &job, const QString &note, bool error) {
  m_noteFromJob = false;
  m_job = job;
  m_job.result = std::monostate{};
  m_hasJob = true;
  m_rows.clear();
  m_noteText = note;
  m_noteError = error;
  render();
}

void JobResultView::clear() {
  m_job = Job{};
  m_hasJob = false;
  m_rows.clear();
  m_noteText.clear();
  m_noteError = false;
  render();
}

QString JobResultView::heading() const { return m_heading->text(); }

QString JobResultView::note() const {
  return m_note->isHidden() ? QString() : m_note->text();
}

int JobResultView::equityPointCount() const {
  return m_charts->isHidden() ? 0 : m_charts->pointCount();
}

void JobResultView::render() {
  const QString muted = m_theme.color(u"muted"_s).name();
  if (!m_hasJob) {
    m_heading->setText(u"<span style='color:%1'>%2</span>"_s.arg(
        muted, tr("Select a job to see its result.").toHtmlEscaped()));
  } else {
    const QString kind = m_job.parentId != 0
                             ? jobKindName(JobKind::OptimizationPart)
                             : jobKindName(m_job.kind);
    m_heading->setText(
        u"<b>%1</b> &nbsp;<span style='color:%2'>%3 · %4</span>"_s.arg(
            (m_job.label.isEmpty() ? tr("Job %1").arg(m_job.id) : m_job.label)
                .toHtmlEscaped(),
            muted, kind.toHtmlEscaped(),
            jobStateName(m_job.state).toHtmlEscaped()));
  }
  m_note->setText(m_noteText);
  m_note->setVisible(!m_noteText.isEmpty());
  m_note->setStyleSheet(m_noteError ? u"QLabel { color: %1; }"_s.arg(
                                          m_theme.color(u"danger"_s).name())
                                    : u"QLabel { color: %1; }"_s.arg(muted));
  QString html;
  if (!m_rows.empty()) {
    html = u"<table cellspacing='0' cellpadding='2'>"_s;
    for (const JobResultRow &row : m_rows) {
      html +=
          u"<tr><td style='color:%1; padding-right:14px'>%2</td><td>%3</td></tr>"_s
              .arg(muted, row.label.toHtmlEscaped(), row.value.toHtmlEscaped());
    }
    html += u"</table>"_s;
  }
  m_table->setText(html);
  m_table->setVisible(!html.isEmpty());

  const auto *backtest = std::get_if<BacktestJobResult>(&m_job.result);
  std::vector<bt::EquityPoint> equity;
  if (backtest) {
    equity.reserve(backtest->equity.size());
    for (const EquityPoint &point : backtest->equity) {
      if (const auto value = parseProtocolDecimal(point.equity)) {
        equity.push_back(
            {.time = TimePoint(std::chrono::milliseconds(point.timeMs)),
             .equity = Money::fromRaw(value->raw())});
      }
    }
  }
  if (equity.empty()) {
    m_charts->clear();
    m_charts->hide();
  } else {
    m_charts->setEquity(equity, QString());
    m_charts->show();
  }
}

void JobResultView::retranslateUi() {
  if (m_hasJob && m_noteFromJob)
    showJob(Job(m_job)); // the lines and the note in the new language
  else
    render();
}

void JobResultView::changeEvent(QEvent *event) {
  if (event->type() == QEvent::LanguageChange)
    retranslateUi();
  QWidget::changeEvent(event);
}

} // namespace bcf::app
