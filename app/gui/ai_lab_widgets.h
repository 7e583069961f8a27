#pragma once

#include "core/model_types.h"

#include <QWidget>

class QComboBox;
class QCPAxisRect;
class QCPGraph;
class QCPItemStraightLine;
class QCustomPlot;
class QDateEdit;
class QDoubleSpinBox;
class QGridLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace bcf::app {

class ThemeManager;

// The live chart of a training run. A model's: training and validation loss per epoch on the left
// axis, validation direction accuracy (%) on the right axis. An agent's (setArchitecture() dqn or
// neuroevolution): the training reward per episode or generation on the left axis, the
// validation return (%) on the right axis with its zero line. The best one is marked with a
// dotted line. GUI thread only.
class AiLabTrainingChart final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AiLabTrainingChart)

public:
    explicit AiLabTrainingChart(ThemeManager& theme, QWidget* parent = nullptr);
    ~AiLabTrainingChart() override;

    // What the run trains (lstm, …, dqn, neuroevolution; empty: a model): switches between the
    // loss and the reward chart and clears it.
    void setArchitecture(const QString& architecture);
    bool isAgent() const { return m_agent; }
    // Draws the history so far (replaces what was drawn).
    void setHistory(const std::vector<ModelEpoch>& history);
    void clear();

    int pointCount() const;
    // The drawn values of point `index`: epoch; a model's train loss, validation loss and
    // accuracy in %; an agent's training reward and validation return in %.
    double epochAt(int index) const;
    double trainLossAt(int index) const;
    double validationLossAt(int index) const;
    double accuracyAt(int index) const;
    double trainRewardAt(int index) const;
    double validationReturnAt(int index) const;
    // The epoch marked as the best (0: none).
    int markedBestEpoch() const { return m_bestEpoch; }
    QCustomPlot* plot() const { return m_plot; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void applyTheme();
    void retranslateUi();

    ThemeManager& m_theme;
    QCustomPlot* m_plot = nullptr;
    QCPGraph* m_train = nullptr;
    QCPGraph* m_validation = nullptr;
    QCPGraph* m_accuracy = nullptr;
    QCPItemStraightLine* m_bestLine = nullptr;
    QCPItemStraightLine* m_zeroLine = nullptr; // 0 % validation return (agents)
    int m_bestEpoch = 0;
    bool m_agent = false;
    QString m_architecture;
};

// The training form of the AI lab: a model name, a market and range, the features, the window
// and horizon, the network and the training settings; spec() is what SubmitTraining sends. An
// agent (architecture dqn or neuroevolution) learns a policy: the task is fixed, the model-only
// fields (horizon, layers, patience; the learning rate for neuro-evolution) are hidden and its
// own fields shown (gamma; population, elite, mutation), "Epochs" reads "Episodes" or
// "Generations". The fields shown flow three to a line. A refusal of the server is shown under
// the form (showError()). GUI thread only.
class AiLabTrainForm final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AiLabTrainForm)

public:
    explicit AiLabTrainForm(QWidget* parent = nullptr);
    ~AiLabTrainForm() override;

    // The symbols offered (the instrument catalog's); keeps the current one when it is listed.
    void setSymbols(const QStringList& symbols);
    ModelTrainingSpec spec() const;
    // The problem of the form itself (no model name, an empty range, an elite not below the
    // population), or "".
    QString problem() const;
    void showError(const QString& message);
    QString errorText() const;
    void setBusy(bool busy);

    QLineEdit* nameEdit() const { return m_name; }
    QComboBox* symbolBox() const { return m_symbol; }
    QComboBox* timeframeBox() const { return m_timeframe; }
    QDateEdit* fromEdit() const { return m_from; }
    QDateEdit* toEdit() const { return m_to; }
    QLineEdit* featuresEdit() const { return m_features; }
    QSpinBox* windowBox() const { return m_window; }
    QSpinBox* horizonBox() const { return m_horizon; }
    QComboBox* architectureBox() const { return m_architecture; }
    QComboBox* taskBox() const { return m_task; }
    QSpinBox* hiddenBox() const { return m_hidden; }
    QSpinBox* layersBox() const { return m_layers; }
    QSpinBox* epochsBox() const { return m_epochs; }
    QDoubleSpinBox* learningRateBox() const { return m_learningRate; }
    QSpinBox* patienceBox() const { return m_patience; }
    QSpinBox* seedBox() const { return m_seed; }
    QDoubleSpinBox* gammaBox() const { return m_gamma; }
    QSpinBox* populationBox() const { return m_population; }
    QSpinBox* eliteBox() const { return m_elite; }
    QDoubleSpinBox* mutationBox() const { return m_mutation; }
    QPushButton* trainButton() const { return m_train; }
    // The label in front of `field` (its text names it).
    QLabel* labelFor(const QWidget* field) const;

signals:
    void trainRequested();

protected:
    void changeEvent(QEvent* event) override;

private:
    struct Field {
        QLabel* label = nullptr;
        QWidget* widget = nullptr;
        bool newLine = false; // starts a line
        bool fill = false;    // takes the rest of its line
        bool shown = true;    // applies to the architecture picked
    };

    void retranslateUi();
    void architectureChanged();
    void layoutFields();

    QGridLayout* m_grid = nullptr;
    std::vector<Field> m_fields;
    QString m_modelTask; // the task picked before an agent was
    QLineEdit* m_name = nullptr;
    QComboBox* m_symbol = nullptr;
    QComboBox* m_timeframe = nullptr;
    QDateEdit* m_from = nullptr;
    QDateEdit* m_to = nullptr;
    QLineEdit* m_features = nullptr;
    QSpinBox* m_window = nullptr;
    QSpinBox* m_horizon = nullptr;
    QComboBox* m_architecture = nullptr;
    QComboBox* m_task = nullptr;
    QSpinBox* m_hidden = nullptr;
    QSpinBox* m_layers = nullptr;
    QSpinBox* m_epochs = nullptr;
    QDoubleSpinBox* m_learningRate = nullptr;
    QSpinBox* m_patience = nullptr;
    QSpinBox* m_seed = nullptr;
    QDoubleSpinBox* m_gamma = nullptr;
    QSpinBox* m_population = nullptr;
    QSpinBox* m_elite = nullptr;
    QDoubleSpinBox* m_mutation = nullptr;
    QPushButton* m_train = nullptr;
    QLabel* m_error = nullptr;
};

} // namespace bcf::app
