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

// The live loss chart of a training run: training and validation loss per epoch on the left
// axis, validation direction accuracy (%) on the right axis, the best epoch marked with a
// dashed line. GUI thread only.
class AiLabTrainingChart final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AiLabTrainingChart)

public:
    explicit AiLabTrainingChart(ThemeManager& theme, QWidget* parent = nullptr);
    ~AiLabTrainingChart() override;

    // Draws the history so far (replaces what was drawn); `bestEpoch` 0: none marked.
    void setHistory(const std::vector<ModelEpoch>& history);
    void clear();

    int pointCount() const;
    // The drawn values of point `index` (epoch, train loss, validation loss, accuracy in %).
    double epochAt(int index) const;
    double trainLossAt(int index) const;
    double validationLossAt(int index) const;
    double accuracyAt(int index) const;
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
    int m_bestEpoch = 0;
};

// The training form of the AI lab: a model name, a market and range, the features, the window
// and horizon, the network and the training settings; spec() is what SubmitTraining sends. A
// refusal of the server is shown under the form (showError()). GUI thread only.
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
    // The problem of the form itself (no model name, an empty range), or "".
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
    QPushButton* trainButton() const { return m_train; }

signals:
    void trainRequested();

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();

    QGridLayout* m_grid = nullptr;
    std::vector<QLabel*> m_labels;
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
    QPushButton* m_train = nullptr;
    QLabel* m_error = nullptr;
};

} // namespace bcf::app
