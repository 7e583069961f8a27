#include "gui/jobs_panel.h"

#include "core/session_controller.h"
#include "gui/jobs_model.h"
#include "gui/jobs_result_view.h"
#include "gui/theme_manager.h"

#include <QAction>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMenu>
#include <QPainter>
#include <QPainterPath>
#include <QPushButton>
#include <QSplitter>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;

namespace bcf::app {

namespace {

// The progress column: a bar filled to the job's fraction in its state's
// colour, with the model's text (the node's message or the percentage) over it.
class JobProgressDelegate final : public QStyledItemDelegate {
public:
  JobProgressDelegate(const JobsModel &model, QObject *parent)
      : QStyledItemDelegate(parent), m_model(model) {}

  void setColors(const QColor &track, const QColor &text) {
    m_track = track;
    m_text = text;
  }

  void paint(QPainter *painter, const QStyleOptionViewItem &option,
             const QModelIndex &index) const override {
    QStyleOptionViewItem background = option;
    initStyleOption(&background, index);
    background.text.clear();
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : nullptr;
    if (style)
      style->drawControl(QStyle::CE_ItemViewItem, &background, painter, widget);

    const qint64 id = index.data(JobsModel::JobIdRole).toLongLong();
    const Job *job = m_model.find(id);
    const double fraction =
        std::clamp(index.data(JobsModel::ProgressRole).toDouble(), 0.0, 1.0);
    const QRectF bar = QRectF(option.rect).adjusted(4, 4, -4, -4);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    QPainterPath track;
    track.addRoundedRect(bar, 3, 3);
    painter->fillPath(track, m_track);
    if (fraction > 0) {
      QColor fill = job ? m_model.stateColor(job->state) : m_text;
      fill.setAlpha(170);
      QRectF done = bar;
      done.setWidth(bar.width() * fraction);
      painter->setClipPath(track);
      painter->fillRect(done, fill);
      painter->setClipping(false);
    }
    painter->setPen(m_text);
    const QString text = painter->fontMetrics().elidedText(
        index.data(Qt::DisplayRole).toString(), Qt::ElideRight,
        int(bar.width()) - 8);
    painter->drawText(bar.adjusted(4, 0, -4, 0), Qt::AlignCenter, text);
    painter->restore();
  }

  QSize sizeHint(const QStyleOptionViewItem &option,
                 const QModelIndex &index) const override {
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.setWidth(std::max(size.width() + 16, 180));
    return size;
  }

private:
  const JobsModel &m_model;
  QColor m_track{0x2a, 0x2e, 0x39};
  QColor m_text{0xd1, 0xd4, 0xdc};
};

} // namespace

JobsPanel::JobsPanel(SessionController &session, ThemeManager &theme,
                     QWidget *parent)
    : QWidget(parent), m_session(session), m_theme(theme),
      m_stream(session, [this] { start(); }) {
  setObjectName(u"jobsPanel"_s);
  m_model = new JobsModel(this);
  buildUi();
  // The durations of running jobs grow each second.
  m_clockTimer.setInterval(1000);
  connect(&m_clockTimer, &QTimer::timeout, m_model,
          &JobsModel::refreshDurations);

  connect(&m_theme, &ThemeManager::themeChanged, this, &JobsPanel::applyTheme);
  connect(&m_session, &SessionController::loggedIn, this,
          &JobsPanel::onLoggedIn);
  connect(&m_session, &SessionController::loggedOut, this, &JobsPanel::stop);
  connect(&m_session, &SessionController::sessionExpired, this,
          &JobsPanel::stop);
  connect(&m_session, &SessionController::userInfoChanged, this,
          &JobsPanel::updateActions);
  connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged,
          this, &JobsPanel::selectionChanged);
  connect(m_model, &QAbstractItemModel::dataChanged, this, [this] {
    updateActions();
    showSelected();
  });
  connect(m_model, &QAbstractItemModel::rowsInserted, this,
          &JobsPanel::selectionChanged);
  connect(m_model, &QAbstractItemModel::modelReset, this,
          &JobsPanel::selectionChanged);

  applyTheme();
  retranslateUi();
  if (m_session.isLoggedIn())
    onLoggedIn();
}

JobsPanel::~JobsPanel() { stop(); }

void JobsPanel::buildUi() {
  auto *layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(0);

  auto *bar = new QHBoxLayout;
  bar->setContentsMargins(8, 4, 8, 4);
  bar->setSpacing(6);
  m_cancel = new QPushButton(this);
  m_cancel->setObjectName(u"jobsCancel"_s);
  connect(m_cancel, &QPushButton::clicked, this, &JobsPanel::cancelSelected);
  bar->addWidget(m_cancel);
  bar->addSpacing(10);
  m_status = new QLabel(this);
  m_status->setObjectName(u"jobsStatus"_s);
  m_status->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
  bar->addWidget(m_status, 1);
  layout->addLayout(bar);

  m_splitter = new QSplitter(Qt::Horizontal, this);
  m_splitter->setObjectName(u"jobsSplitter"_s);
  m_splitter->setChildrenCollapsible(false);
  auto *left = new QWidget(m_splitter);
  auto *leftLayout = new QVBoxLayout(left);
  leftLayout->setContentsMargins(0, 0, 0, 0);
  leftLayout->setSpacing(0);
  m_table = new QTableView(left);
  m_table->setObjectName(u"jobsTable"_s);
  m_table->setModel(m_model);
  m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
  m_table->setSelectionMode(QAbstractItemView::SingleSelection);
  m_table->setShowGrid(false);
  m_table->setWordWrap(false);
  m_table->verticalHeader()->hide();
  m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
  m_table->verticalHeader()->setDefaultSectionSize(
      m_table->fontMetrics().height() + 10);
  m_table->horizontalHeader()->setHighlightSections(false);
  m_table->horizontalHeader()->setSectionResizeMode(
      QHeaderView::ResizeToContents);
  m_table->horizontalHeader()->setMinimumSectionSize(50);
  // The spare width goes to the progress bars.
  m_table->horizontalHeader()->setStretchLastSection(false);
  m_table->horizontalHeader()->setSectionResizeMode(JobsModel::ProgressColumn,
                                                    QHeaderView::Stretch);
  m_table->setItemDelegateForColumn(JobsModel::ProgressColumn,
                                    new JobProgressDelegate(*m_model, m_table));
  m_table->setContextMenuPolicy(Qt::CustomContextMenu);
  m_cancelAction = new QAction(this);
  m_cancelAction->setObjectName(u"jobsCancelAction"_s);
  connect(m_cancelAction, &QAction::triggered, this,
          &JobsPanel::cancelSelected);
  connect(m_table, &QWidget::customContextMenuRequested, this,
          [this](const QPoint &at) {
            const QModelIndex index = m_table->indexAt(at);
            if (!index.isValid())
              return;
            m_table->selectRow(index.row());
            QMenu menu(this);
            menu.addAction(m_cancelAction);
            menu.exec(m_table->viewport()->mapToGlobal(at));
          });
  leftLayout->addWidget(m_table, 1);
  m_empty = new QLabel(left);
  m_empty->setObjectName(u"jobsEmpty"_s);
  m_empty->setAlignment(Qt::AlignCenter);
  m_empty->setWordWrap(true);
  m_empty->setProperty("role", u"muted"_s);
  m_empty->hide();
  leftLayout->addWidget(m_empty);

  m_result = new JobResultView(m_theme, m_splitter);
  // Wide enough for the result's lines beside a small equity chart.
  m_result->setMinimumWidth(620);
  m_splitter->addWidget(left);
  m_splitter->addWidget(m_result);
  m_splitter->setStretchFactor(0, 3);
  m_splitter->setStretchFactor(1, 2);
  layout->addWidget(m_splitter, 1);
}

qint64 JobsPanel::selectedJob() const {
  const QModelIndexList rows = m_table->selectionModel()->selectedRows();
  return rows.isEmpty() ? 0
                        : rows.front().data(JobsModel::JobIdRole).toLongLong();
}

void JobsPanel::selectJob(qint64 id) {
  const int row = m_model->rowOf(id);
  if (row < 0)
    return;
  m_table->selectRow(row);
  m_table->scrollTo(m_model->index(row, 0));
}

void JobsPanel::onLoggedIn() {
  stop();
  m_model->clear();
  m_results.clear();
  m_loaded = false;
  start();
}

void JobsPanel::stop() {
  m_stream.stop();
  m_pending.clear();
  m_listing = false;
  m_fetching = 0;
  ++m_detailsSerial;
}

void JobsPanel::start() {
  stop();
  updateActions();
  if (!m_session.isLoggedIn())
    return;
  if (!m_session.user().permissions.contains(u"jobs.read"_s)) {
    showStatus(tr("Your role does not include compute jobs."));
    return;
  }
  const quint64 serial = m_stream.generation();
  m_listing = true;
  // The stream first, so that no change falls between the list and the stream.
  const quint64 id = m_session.streamJobs(
      this,
      [this, serial](const Job &job) {
        if (!m_stream.current(serial))
          return;
        if (m_listing) {
          m_pending.push_back(job);
          return;
        }
        applyJob(job);
        if (m_streamProblem) {
          m_streamProblem = false;
          showStatus({});
        }
      },
      m_stream.endHandler([this](bool transient, const QString &message) {
        m_streamProblem = true;
        if (transient)
          showStatus(
              tr("Live job updates interrupted: %1 Reconnecting in %2 s.")
                  .arg(message)
                  .arg(KeptStream::retryIntervalMs / 1000));
        else
          showStatus(tr("Live job updates unavailable: %1").arg(message));
      }));
  if (!m_stream.opened(id)) {
    m_listing = false;
    return;
  }
  m_session.listJobs(
      listLimit, this,
      [this, serial](SessionController::Outcome<std::vector<Job>> result) {
        if (!m_stream.current(serial))
          return;
        m_listing = false;
        const qint64 selected = selectedJob();
        if (result) {
          m_model->setJobs(std::move(*result));
          if (!m_streamProblem)
            showStatus({});
        } else {
          showStatus(
              tr("Your jobs could not be loaded: %1").arg(result.error()));
        }
        for (const Job &job : std::exchange(m_pending, {}))
          applyJob(job);
        if (selected != 0 && m_model->rowOf(selected) >= 0)
          selectJob(selected);
        else if (m_model->rowCount() > 0)
          m_table->selectRow(0);
        const bool first = !m_loaded;
        m_loaded = true;
        selectionChanged();
        if (first)
          emit loaded();
      });
}

void JobsPanel::applyJob(const Job &job) {
  if (!std::holds_alternative<std::monostate>(job.result))
    m_results[job.id] = job;
  m_model->applyJob(job);
  if (m_model->hasActiveJobs()) {
    if (!m_clockTimer.isActive())
      m_clockTimer.start();
  } else {
    m_clockTimer.stop();
  }
}

void JobsPanel::selectionChanged() {
  if (selectedJob() == 0 && m_model->rowCount() > 0)
    m_table->selectRow(0);
  m_empty->setVisible(m_loaded && m_model->rowCount() == 0);
  if (m_model->hasActiveJobs() && !m_clockTimer.isActive())
    m_clockTimer.start();
  updateActions();
  showSelected();
}

void JobsPanel::showSelected() {
  const qint64 id = selectedJob();
  const Job *job = m_model->find(id);
  if (!job) {
    m_shownJob = 0;
    m_result->clear();
    return;
  }
  if (job->state != JobState::Succeeded) {
    m_shownJob = id;
    m_result->showJob(*job);
    return;
  }
  if (const auto kept = m_results.find(id); kept != m_results.end()) {
    if (m_shownJob != id || m_result->rows().empty()) {
      m_shownJob = id;
      m_result->showJob(kept->second);
    }
    return;
  }
  m_shownJob = id;
  if (m_fetching == id)
    return;
  if (!m_session.isLoggedIn()) {
    m_result->showJob(*job);
    return;
  }
  m_result->showNote(*job, tr("Loading the result…"));
  m_fetching = id;
  const quint64 serial = ++m_detailsSerial;
  m_session.getJob(
      id, true, this,
      [this, id, serial](SessionController::Outcome<Job> result) {
        if (serial != m_detailsSerial)
          return;
        m_fetching = 0;
        if (!result) {
          if (const Job *shown = m_model->find(id);
              shown && selectedJob() == id) {
            m_result->showNote(
                *shown,
                tr("The result could not be loaded: %1").arg(result.error()),
                true);
          }
          return;
        }
        m_results[id] = *result;
        m_model->applyJob(*result);
        if (selectedJob() == id) {
          m_shownJob = id;
          m_result->showJob(*result);
        }
      });
}

void JobsPanel::updateActions() {
  const Job *job = m_model->find(selectedJob());
  const bool write = m_session.isLoggedIn() &&
                     m_session.user().permissions.contains(u"jobs.write"_s);
  const bool enabled = cancelAllowed(job, write);
  m_cancel->setEnabled(enabled);
  m_cancelAction->setEnabled(enabled);
  const QString help = write ? tr("Stop the selected queued or running job.")
                             : tr("Your role may not change compute jobs.");
  m_cancel->setToolTip(help);
  m_cancelAction->setToolTip(help);
}

bool JobsPanel::cancelAllowed(const Job *job, bool mayWrite) {
  return mayWrite && job && canCancelJob(job->state) && !job->cancelRequested;
}

void JobsPanel::cancelSelected() {
  const Job *job = m_model->find(selectedJob());
  if (!job || !canCancelJob(job->state))
    return;
  const qint64 id = job->id;
  const QString label = job->label;
  m_cancel->setEnabled(false);
  m_cancelAction->setEnabled(false);
  m_session.cancelJob(
      id, this, [this, label](SessionController::Outcome<Job> result) {
        if (!result) {
          const QString text = tr("Cancel failed: %1").arg(result.error());
          showStatus(text);
          emit noteRequested(text);
          updateActions();
          return;
        }
        applyJob(*result);
        emit noteRequested(
            result->state == JobState::Cancelled
                ? tr("Job “%1” cancelled.").arg(label)
                : tr("Job “%1” stops at its node's next report.").arg(label));
        updateActions();
      });
}

void JobsPanel::showStatus(const QString &text) {
  if (text == m_error)
    return;
  m_error = text;
  m_status->setText(text);
  m_status->setToolTip(text);
}

void JobsPanel::applyTheme() {
  const QColor accent = m_theme.color(u"accent"_s);
  const QColor success = m_theme.color(u"success"_s);
  const QColor danger = m_theme.color(u"danger"_s);
  const QColor muted = m_theme.color(u"muted"_s);
  m_model->setColors(accent, success, danger, muted);
  if (auto *delegate = dynamic_cast<JobProgressDelegate *>(
          m_table->itemDelegateForColumn(JobsModel::ProgressColumn))) {
    delegate->setColors(m_theme.color(u"border"_s), m_theme.color(u"text"_s));
  }
  m_status->setStyleSheet(
      u"QLabel { color: %1; }"_s.arg(m_theme.color(u"warning"_s).name()));
  m_table->viewport()->update();
}

void JobsPanel::retranslateUi() {
  m_cancel->setText(tr("Cancel job"));
  m_cancelAction->setText(tr("Cancel job"));
  m_empty->setText(tr(
      "No compute jobs yet. Run a backtest or an optimization on the servers "
      "from the Strategy dock."));
  updateActions();
}

void JobsPanel::changeEvent(QEvent *event) {
  if (event->type() == QEvent::LanguageChange) {
    retranslateUi();
    emit m_model->headerDataChanged(Qt::Horizontal, 0,
                                    m_model->columnCount() - 1);
    if (m_model->rowCount() > 0)
      emit m_model->dataChanged(
          m_model->index(0, 0),
          m_model->index(m_model->rowCount() - 1, m_model->columnCount() - 1));
  }
  QWidget::changeEvent(event);
}

} // namespace bcf::app
