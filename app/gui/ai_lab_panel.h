#pragma once

#include "core/model_types.h"

#include <QTimer>
#include <QWidget>

#include <optional>

class QLabel;
class QProgressBar;
class QPushButton;
class QSplitter;
class QTabWidget;
class QTableView;
class QTableWidget;

namespace bcf::app {

class AiLabRegistryModel;
class AiLabTrainForm;
class AiLabTrainingChart;
class InstrumentCatalog;
class SessionController;
class ThemeManager;

// The AI lab dock's content (docs/workstation-ai-lab.md). Left: the model registry (ListModels;
// the selected versions' metrics through GetModel), Refresh, All versions (every version of the
// selected model's name), Promote (PromoteModel), and below it the selected version's spec and
// metrics, or two selected versions side by side. Right: the training form (SubmitTraining) and
// the progress of the submitted run: while it runs GetJob(include_result) is asked every
// pollIntervalMs (only while the panel is visible) and its history drawn as a live loss chart
// (an agent's: reward and validation return), with a progress bar, the node's message and Cancel
// (CancelJob); once it succeeded its summary is shown and the registry loaded again. GUI thread
// only.
class AiLabPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AiLabPanel)

public:
    static constexpr int pollIntervalMs = 1000;

    AiLabPanel(SessionController& session, InstrumentCatalog& instruments, ThemeManager& theme,
               QWidget* parent = nullptr);
    ~AiLabPanel() override;

    AiLabRegistryModel* registry() const { return m_model; }
    QTableView* table() const { return m_table; }
    QTableWidget* compareTable() const { return m_compare; }
    AiLabTrainForm* form() const { return m_form; }
    AiLabTrainingChart* chart() const { return m_chart; }
    QProgressBar* progressBar() const { return m_progress; }
    QLabel* progressMessage() const { return m_message; }
    QLabel* summary() const { return m_summary; }
    QPushButton* cancelButton() const { return m_cancel; }
    QPushButton* promoteButton() const { return m_promote; }
    QLabel* registryStatus() const { return m_status; }
    QTabWidget* tabs() const { return m_tabs; }
    // The training job followed (0: none).
    qint64 trainingJob() const { return m_jobId; }
    bool isPolling() const { return m_poll.isActive(); }

    // Loads the registry (ListModels; with allVersions, every version of the selected name).
    void refresh();
    // Sends the form (SubmitTraining) and follows the queued job.
    void train();
    // Applies a GetJob(include_result) answer of the followed job: progress, message, chart;
    // stops polling and loads the registry again when it has ended.
    void applyProgress(const TrainingProgress& progress);
    // Follows a training job of this architecture and task: shows its progress tab and polls it.
    void follow(const Job& job, const QString& architecture, const QString& task);
    void cancelTraining();
    void promoteSelected();
    // Selects the rows of these versions (and shows them, fetching their details).
    void selectVersions(const std::vector<std::pair<QString, int>>& versions);
    // Shows `left` (and `right`) in the compare table.
    void showCompare(const ModelVersionInfo& left, const std::optional<ModelVersionInfo>& right);

signals:
    void noteRequested(const QString& message);

protected:
    void changeEvent(QEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;

private:
    void buildUi();
    void setFormSymbols();
    void retranslateUi();
    void onLoggedIn();
    void stop();
    void poll();
    void selectionChanged();
    void updateCompare();
    void updateActions();
    void showStatus(const QString& text, bool error = false);

    SessionController& m_session;
    InstrumentCatalog& m_instruments;
    ThemeManager& m_theme;

    AiLabRegistryModel* m_model = nullptr;
    QSplitter* m_splitter = nullptr;
    QPushButton* m_refresh = nullptr;
    QPushButton* m_allVersions = nullptr;
    QPushButton* m_promote = nullptr;
    QLabel* m_status = nullptr;
    QTableView* m_table = nullptr;
    QLabel* m_compareTitle = nullptr;
    QTableWidget* m_compare = nullptr;
    QTabWidget* m_tabs = nullptr;
    AiLabTrainForm* m_form = nullptr;
    QWidget* m_progressPage = nullptr;
    QLabel* m_jobTitle = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_message = nullptr;
    QPushButton* m_cancel = nullptr;
    AiLabTrainingChart* m_chart = nullptr;
    QLabel* m_summary = nullptr;

    QString m_versionsOf; // all versions of this name, or "" for every model's newest
    quint64 m_listSerial = 0;
    qint64 m_jobId = 0;
    QString m_jobArchitecture;
    QString m_jobTask;
    JobState m_jobState = JobState::Unspecified;
    bool m_polling = false; // a GetJob is in flight
    QTimer m_poll;
};

} // namespace bcf::app
