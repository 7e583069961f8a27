#include "gui/ai_lab_panel.h"

#include "core/instrument_catalog.h"
#include "core/session_controller.h"
#include "gui/ai_lab_models.h"
#include "gui/ai_lab_widgets.h"
#include "gui/form_helpers.h"
#include "gui/theme_manager.h"

#include <QDateTime>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTimeZone>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace bcf::app {

AiLabPanel::AiLabPanel(SessionController& session, InstrumentCatalog& instruments,
                       ThemeManager& theme, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
    , m_instruments(instruments)
    , m_theme(theme)
{
    setObjectName(u"aiLabPanel"_s);
    m_model = new AiLabRegistryModel(this);
    buildUi();
    m_poll.setInterval(pollIntervalMs);
    connect(&m_poll, &QTimer::timeout, this, &AiLabPanel::poll);
    connect(&m_instruments, &InstrumentCatalog::instrumentsChanged, this,
            [this] { setFormSymbols(); });
    connect(&m_session, &SessionController::loggedIn, this, &AiLabPanel::onLoggedIn);
    connect(&m_session, &SessionController::loggedOut, this, &AiLabPanel::stop);
    connect(&m_session, &SessionController::sessionExpired, this, &AiLabPanel::stop);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &AiLabPanel::selectionChanged);
    connect(m_model, &QAbstractItemModel::modelReset, this, &AiLabPanel::selectionChanged);
    connect(m_form, &AiLabTrainForm::trainRequested, this, &AiLabPanel::train);
    setFormSymbols();
    retranslateUi();
    updateActions();
    if (m_session.isLoggedIn())
        onLoggedIn();
}

AiLabPanel::~AiLabPanel() = default;

void AiLabPanel::setFormSymbols()
{
    // A few common ones while the exchange's list loads, as the chart offers.
    const QStringList symbols = m_instruments.symbols();
    m_form->setSymbols(symbols.isEmpty()
                           ? QStringList{u"BTCUSDT"_s, u"ETHUSDT"_s, u"BNBUSDT"_s, u"SOLUSDT"_s}
                           : symbols);
}

void AiLabPanel::buildUi()
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(u"aiLabSplitter"_s);
    m_splitter->setChildrenCollapsible(false);
    layout->addWidget(m_splitter);

    // Registry.
    auto* left = new QWidget(m_splitter);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->setSpacing(0);
    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(8, 4, 8, 4);
    bar->setSpacing(6);
    m_refresh = new QPushButton(left);
    m_refresh->setObjectName(u"aiLabRefresh"_s);
    m_allVersions = new QPushButton(left);
    m_allVersions->setObjectName(u"aiLabAllVersions"_s);
    m_allVersions->setCheckable(true);
    m_promote = new QPushButton(left);
    m_promote->setObjectName(u"aiLabPromote"_s);
    connect(m_refresh, &QPushButton::clicked, this, &AiLabPanel::refresh);
    connect(m_allVersions, &QPushButton::toggled, this, [this](bool on) {
        const ModelVersionInfo* selected = nullptr;
        if (const auto rows = m_table->selectionModel()->selectedRows(); !rows.isEmpty())
            selected = m_model->version(rows.front().row());
        m_versionsOf = on && selected ? selected->name : QString();
        if (on && !selected) {
            const QSignalBlocker blocker(m_allVersions);
            m_allVersions->setChecked(false);
            showStatus(tr("Select a model to list its versions."));
            return;
        }
        retranslateUi();
        refresh();
    });
    connect(m_promote, &QPushButton::clicked, this, &AiLabPanel::promoteSelected);
    bar->addWidget(m_refresh);
    bar->addWidget(m_allVersions);
    bar->addWidget(m_promote);
    m_status = new QLabel(left);
    m_status->setObjectName(u"aiLabStatus"_s);
    m_status->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_status->setWordWrap(true);
    bar->addWidget(m_status, 1);
    leftLayout->addLayout(bar);

    auto* registrySplit = new QSplitter(Qt::Vertical, left);
    registrySplit->setChildrenCollapsible(false);
    m_table = new QTableView(registrySplit);
    m_table->setObjectName(u"aiLabRegistry"_s);
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setShowGrid(false);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->horizontalHeader()->setHighlightSections(false);
    // Every column as wide as its contents, the names too: when the dock is narrow the table
    // scrolls sideways rather than cutting the names to "b…"; when it is wide the last column
    // takes the rest.
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    auto* compareBox = new QWidget(registrySplit);
    auto* compareLayout = new QVBoxLayout(compareBox);
    compareLayout->setContentsMargins(0, 0, 0, 0);
    compareLayout->setSpacing(0);
    m_compareTitle = new QLabel(compareBox);
    m_compareTitle->setObjectName(u"aiLabCompareTitle"_s);
    m_compareTitle->setContentsMargins(8, 4, 8, 4);
    m_compareTitle->setProperty("role", u"muted"_s);
    m_compareTitle->setWordWrap(true);
    compareLayout->addWidget(m_compareTitle);
    m_compare = new QTableWidget(0, 3, compareBox);
    m_compare->setObjectName(u"aiLabCompare"_s);
    m_compare->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_compare->setSelectionMode(QAbstractItemView::NoSelection);
    m_compare->setShowGrid(false);
    m_compare->setWordWrap(false);
    m_compare->verticalHeader()->hide();
    m_compare->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_compare->verticalHeader()->setDefaultSectionSize(m_compare->fontMetrics().height() + 6);
    m_compare->horizontalHeader()->setHighlightSections(false);
    m_compare->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_compare->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_compare->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);
    compareLayout->addWidget(m_compare, 1);
    registrySplit->addWidget(m_table);
    registrySplit->addWidget(compareBox);
    registrySplit->setStretchFactor(0, 2);
    registrySplit->setStretchFactor(1, 3);
    leftLayout->addWidget(registrySplit, 1);

    // Training.
    m_tabs = new QTabWidget(m_splitter);
    m_tabs->setObjectName(u"aiLabTabs"_s);
    m_tabs->setDocumentMode(true);
    m_form = new AiLabTrainForm(m_tabs);
    m_tabs->addTab(m_form, QString());
    m_progressPage = new QWidget(m_tabs);
    auto* page = new QVBoxLayout(m_progressPage);
    page->setContentsMargins(8, 6, 8, 6);
    page->setSpacing(4);
    auto* top = new QHBoxLayout;
    m_jobTitle = new QLabel(m_progressPage);
    m_jobTitle->setObjectName(u"aiLabJobTitle"_s);
    m_jobTitle->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    top->addWidget(m_jobTitle, 1);
    m_progress = new QProgressBar(m_progressPage);
    m_progress->setObjectName(u"aiLabProgress"_s);
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(false);
    m_progress->setFixedWidth(160);
    top->addWidget(m_progress);
    m_cancel = new QPushButton(m_progressPage);
    m_cancel->setObjectName(u"aiLabCancel"_s);
    connect(m_cancel, &QPushButton::clicked, this, &AiLabPanel::cancelTraining);
    top->addWidget(m_cancel);
    page->addLayout(top);
    m_message = new QLabel(m_progressPage);
    m_message->setObjectName(u"aiLabMessage"_s);
    m_message->setProperty("role", u"muted"_s);
    m_message->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    page->addWidget(m_message);
    m_chart = new AiLabTrainingChart(m_theme, m_progressPage);
    page->addWidget(m_chart, 1);
    m_summary = new QLabel(m_progressPage);
    m_summary->setObjectName(u"aiLabSummary"_s);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->hide();
    page->addWidget(m_summary);
    m_tabs->addTab(m_progressPage, QString());
    m_splitter->addWidget(left);
    m_splitter->addWidget(m_tabs);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setSizes({3000, 2000});
}

void AiLabPanel::retranslateUi()
{
    m_refresh->setText(tr("Refresh"));
    m_allVersions->setText(m_versionsOf.isEmpty() ? tr("All versions")
                                                  : tr("All versions of %1").arg(m_versionsOf));
    m_promote->setText(tr("Promote"));
    m_promote->setToolTip(tr("Make the selected version the live one (the one predict() uses)"));
    m_tabs->setTabText(0, tr("Train"));
    m_tabs->setTabText(1, tr("Training"));
    m_cancel->setText(tr("Cancel"));
    m_compare->setHorizontalHeaderLabels({QString(), QString(), QString()});
    if (m_jobId == 0)
        m_jobTitle->setText(tr("No training submitted in this session."));
    updateCompare();
}

void AiLabPanel::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void AiLabPanel::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (m_jobId != 0 && !isJobFinished(m_jobState) && !m_poll.isActive()) {
        m_poll.start();
        poll();
    }
}

void AiLabPanel::hideEvent(QHideEvent* event)
{
    // Nobody sees the chart: stop asking; showing the panel again resumes.
    m_poll.stop();
    QWidget::hideEvent(event);
}

void AiLabPanel::onLoggedIn()
{
    refresh();
}

void AiLabPanel::stop()
{
    m_poll.stop();
    ++m_listSerial;
}

void AiLabPanel::refresh()
{
    if (!m_session.isLoggedIn())
        return;
    const quint64 serial = ++m_listSerial;
    showStatus(tr("Loading models…"));
    m_session.listModels(
        m_versionsOf, this,
        [this, serial](SessionController::Outcome<std::vector<ModelVersionInfo>> result) {
            if (serial != m_listSerial)
                return;
            if (!result) {
                showStatus(tr("The models could not be loaded: %1").arg(result.error()), true);
                return;
            }
            std::vector<std::pair<QString, int>> selected;
            for (const QModelIndex& index : m_table->selectionModel()->selectedRows()) {
                if (const ModelVersionInfo* v = m_model->version(index.row()))
                    selected.emplace_back(v->name, v->version);
            }
            const std::size_t count = result->size();
            m_model->setVersions(std::move(*result));
            showStatus(count == 0 ? tr("No models yet: train one with the form on the right.")
                                  : QString());
            if (!selected.empty())
                selectVersions(selected);
            else if (m_model->rowCount() > 0)
                m_table->selectRow(0);
        });
}

void AiLabPanel::selectVersions(const std::vector<std::pair<QString, int>>& versions)
{
    QItemSelection selection;
    for (const auto& [name, version] : versions) {
        const int row = m_model->rowOf(name, version);
        if (row >= 0)
            selection.select(m_model->index(row, 0),
                             m_model->index(row, AiLabRegistryModel::ColumnCount - 1));
    }
    m_table->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
}

void AiLabPanel::selectionChanged()
{
    updateActions();
    // Fetch the details (spec, report) of the selected versions not fetched yet.
    for (const QModelIndex& index : m_table->selectionModel()->selectedRows()) {
        const ModelVersionInfo* listed = m_model->version(index.row());
        if (!listed)
            continue;
        const ModelVersionInfo* known = m_model->details(listed->name, listed->version);
        if (known && known->hasDetails)
            continue;
        if (!m_session.isLoggedIn())
            continue;
        m_session.getModel(listed->name, listed->version, this,
                           [this](SessionController::Outcome<ModelVersionInfo> result) {
                               if (!result) {
                                   showStatus(tr("The model could not be loaded: %1")
                                                  .arg(result.error()),
                                              true);
                                   return;
                               }
                               m_model->setDetails(*result);
                               updateCompare();
                           });
    }
    updateCompare();
}

void AiLabPanel::updateCompare()
{
    std::vector<const ModelVersionInfo*> shown;
    QModelIndexList rows = m_table->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(),
              [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
    for (const QModelIndex& index : rows) {
        const ModelVersionInfo* listed = m_model->version(index.row());
        if (listed)
            shown.push_back(m_model->details(listed->name, listed->version));
    }
    const bool ready = !shown.empty() && shown.size() <= 2
                       && std::all_of(shown.begin(), shown.end(),
                                      [](const ModelVersionInfo* v) { return v && v->hasDetails; });
    if (!ready) {
        m_compare->setRowCount(0);
        m_compare->setColumnHidden(2, false);
        if (shown.empty())
            m_compareTitle->setText(tr("Select a version to see its metrics; select two to "
                                       "compare them side by side."));
        else if (shown.size() > 2)
            m_compareTitle->setText(tr("Select one or two versions (%1 are selected).")
                                        .arg(shown.size()));
        else
            m_compareTitle->setText(tr("Loading the metrics…"));
        return;
    }
    std::optional<ModelVersionInfo> right;
    if (shown.size() == 2)
        right = *shown[1];
    showCompare(*shown[0], right);
}

void AiLabPanel::showCompare(const ModelVersionInfo& left,
                             const std::optional<ModelVersionInfo>& right)
{
    const std::vector<AiLabCompareRow> rows = AiLabText::compareRows(left, right, QLocale());
    m_compareTitle->setText(right ? tr("%1 against %2")
                                        .arg(modelVersionName(left.name, left.version),
                                             modelVersionName(right->name, right->version))
                                  : tr("%1 — test range %2 to %3")
                                        .arg(modelVersionName(left.name, left.version),
                                             QDateTime::fromMSecsSinceEpoch(
                                                 left.report.testFromUnixMs, QTimeZone::utc())
                                                 .toString(u"yyyy-MM-dd"_s),
                                             QDateTime::fromMSecsSinceEpoch(
                                                 left.report.testToUnixMs, QTimeZone::utc())
                                                 .toString(u"yyyy-MM-dd"_s)));
    m_compare->setHorizontalHeaderLabels(
        {QString(), modelVersionName(left.name, left.version),
         right ? modelVersionName(right->name, right->version) : QString()});
    m_compare->setColumnHidden(2, !right);
    m_compare->setRowCount(int(rows.size()));
    QFont bold = m_compare->font();
    bold.setBold(true);
    for (int i = 0; i < int(rows.size()); ++i) {
        const AiLabCompareRow& row = rows[std::size_t(i)];
        auto* label = new QTableWidgetItem(row.label);
        if (row.heading) {
            label->setFont(bold);
            label->setForeground(m_theme.color(u"accent"_s));
        } else {
            label->setForeground(m_theme.color(u"muted"_s));
        }
        m_compare->setItem(i, 0, label);
        auto* leftItem = new QTableWidgetItem(row.left);
        leftItem->setToolTip(row.left);
        auto* rightItem = new QTableWidgetItem(row.right);
        rightItem->setToolTip(row.right);
        m_compare->setItem(i, 1, leftItem);
        m_compare->setItem(i, 2, rightItem);
    }
}

void AiLabPanel::updateActions()
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    const ModelVersionInfo* selected = rows.size() == 1 ? m_model->version(rows.front().row())
                                                        : nullptr;
    m_promote->setEnabled(selected && !selected->live && m_session.isLoggedIn());
    m_refresh->setEnabled(m_session.isLoggedIn());
}

void AiLabPanel::showStatus(const QString& text, bool error)
{
    m_status->setText(text);
    m_status->setToolTip(text);
    m_status->setProperty("role", error ? u"error"_s : u"muted"_s);
    repolish(m_status);
}

void AiLabPanel::promoteSelected()
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.size() != 1)
        return;
    const ModelVersionInfo* selected = m_model->version(rows.front().row());
    if (!selected)
        return;
    const QString name = selected->name;
    const int version = selected->version;
    m_promote->setEnabled(false);
    m_session.promoteModel(name, version, this,
                           [this, name, version](SessionController::Outcome<ModelVersionInfo> result) {
                               if (!result) {
                                   showStatus(tr("%1 could not be promoted: %2")
                                                  .arg(modelVersionName(name, version),
                                                       result.error()),
                                              true);
                                   updateActions();
                                   return;
                               }
                               emit noteRequested(tr("%1 is now live.")
                                                      .arg(modelVersionName(name, version)));
                               refresh();
                           });
}

void AiLabPanel::train()
{
    if (const QString problem = m_form->problem(); !problem.isEmpty()) {
        m_form->showError(problem);
        return;
    }
    m_form->showError({});
    const ModelTrainingSpec spec = m_form->spec();
    m_form->setBusy(true);
    m_session.submitTrainingJob(spec, this,
                                [this, architecture = spec.architecture,
                                 task = spec.task](SessionController::Outcome<Job> result) {
                                    m_form->setBusy(false);
                                    if (!result) {
                                        m_form->showError(result.error());
                                        return;
                                    }
                                    follow(*result, architecture, task);
                                });
}

void AiLabPanel::follow(const Job& job, const QString& architecture, const QString& task)
{
    m_jobId = job.id;
    m_jobArchitecture = architecture;
    m_jobTask = task;
    m_jobState = job.state;
    m_jobTitle->setText(tr("Job %1 · %2").arg(job.id).arg(job.label));
    m_summary->hide();
    m_chart->setArchitecture(architecture);
    m_progress->setValue(int(job.progress * 1000));
    m_message->setText(job.message.isEmpty() ? jobStateName(job.state) : job.message);
    m_cancel->setEnabled(canCancelJob(job.state));
    m_tabs->setCurrentWidget(m_progressPage);
    if (!isJobFinished(job.state)) {
        if (isVisible())
            m_poll.start();
    }
}

void AiLabPanel::poll()
{
    if (m_jobId == 0 || m_polling || !m_session.isLoggedIn())
        return;
    m_polling = true;
    const qint64 id = m_jobId;
    m_session.getTrainingProgress(id, this,
                                  [this, id](SessionController::Outcome<TrainingProgress> result) {
                                      m_polling = false;
                                      if (id != m_jobId)
                                          return;
                                      if (!result) {
                                          m_message->setText(tr("The job could not be read: %1")
                                                                 .arg(result.error()));
                                          return;
                                      }
                                      applyProgress(*result);
                                  });
}

void AiLabPanel::applyProgress(const TrainingProgress& progress)
{
    const Job& job = progress.job;
    if (job.id != m_jobId)
        return;
    m_jobState = job.state;
    m_progress->setValue(int(std::clamp(job.progress, 0.0, 1.0) * 1000));
    QString message = job.message.isEmpty() ? jobStateName(job.state) : job.message;
    if (job.state == JobState::Failed || job.state == JobState::TimedOut)
        message = tr("%1: %2").arg(jobStateName(job.state), job.error);
    else if (job.state == JobState::Cancelled)
        message = jobStateName(job.state);
    m_message->setText(message);
    m_message->setToolTip(message);
    m_message->setProperty("role", job.state == JobState::Failed
                                           || job.state == JobState::TimedOut
                                       ? u"error"_s
                                       : u"muted"_s);
    repolish(m_message);
    m_cancel->setEnabled(canCancelJob(job.state) && !job.cancelRequested);
    if (progress.hasReport)
        m_chart->setHistory(progress.report.history);
    if (isJobFinished(job.state)) {
        m_poll.stop();
        if (job.state == JobState::Succeeded && progress.hasReport) {
            m_progress->setValue(1000);
            m_summary->setText(
                AiLabText::reportSummary(progress.report, m_jobArchitecture, m_jobTask,
                                         QLocale()));
            m_summary->show();
            emit noteRequested(tr("Training finished: %1")
                                   .arg(modelVersionName(progress.report.modelName,
                                                         progress.report.version)));
            m_versionsOf.clear();
            {
                const QSignalBlocker blocker(m_allVersions);
                m_allVersions->setChecked(false);
            }
            retranslateUi();
            refresh();
        }
    }
}

void AiLabPanel::cancelTraining()
{
    if (m_jobId == 0)
        return;
    m_cancel->setEnabled(false);
    const qint64 id = m_jobId;
    m_session.cancelJob(id, this, [this, id](SessionController::Outcome<Job> result) {
        if (id != m_jobId)
            return;
        if (!result) {
            m_message->setText(tr("The job could not be cancelled: %1").arg(result.error()));
            m_cancel->setEnabled(true);
            return;
        }
        m_message->setText(
            isEpisodicAgent(m_jobArchitecture)
                ? tr("Cancel requested: the run stops after its current episode.")
            : m_jobArchitecture == u"neuroevolution"
                ? tr("Cancel requested: the run stops after its current generation.")
                : tr("Cancel requested: the run stops after its current epoch."));
    });
}

} // namespace bcf::app
