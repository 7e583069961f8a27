#include "gui/ai_lab_widgets.h"

#include "gui/ai_lab_models.h"
#include "gui/form_helpers.h"
#include "gui/theme_manager.h"

#include <qcustomplot.h>

#include <QComboBox>
#include <QDateEdit>
#include <QDateTime>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTimeZone>
#include <QVBoxLayout>

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

namespace bcf::app {

namespace {

const QStringList timeframes = {u"1m"_s, u"5m"_s, u"15m"_s, u"1h"_s, u"4h"_s, u"1d"_s};

QSpinBox* spinBox(int minimum, int maximum, int value, const QString& name, QWidget* parent)
{
    auto* box = new QSpinBox(parent);
    box->setObjectName(name);
    box->setRange(minimum, maximum);
    box->setValue(value);
    return box;
}

} // namespace

// --- AiLabTrainingChart ----------------------------------------------------------------------

AiLabTrainingChart::AiLabTrainingChart(ThemeManager& theme, QWidget* parent)
    : QWidget(parent)
    , m_theme(theme)
{
    setObjectName(u"aiLabTrainingChart"_s);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_plot = new QCustomPlot(this);
    m_plot->setObjectName(u"aiLabLossPlot"_s);
    layout->addWidget(m_plot);
    QCPAxisRect* rect = m_plot->axisRect();
    m_train = m_plot->addGraph(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
    m_validation = m_plot->addGraph(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
    m_accuracy = m_plot->addGraph(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atRight));
    rect->axis(QCPAxis::atRight)->setVisible(true);
    rect->axis(QCPAxis::atRight)->setRange(0, 100);
    QSharedPointer<QCPAxisTickerFixed> epochs(new QCPAxisTickerFixed);
    epochs->setTickStep(1);
    epochs->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    rect->axis(QCPAxis::atBottom)->setTicker(epochs);
    rect->axis(QCPAxis::atBottom)->setRange(0.5, 10.5);
    rect->axis(QCPAxis::atLeft)->setRange(0, 1);
    for (QCPGraph* graph : {m_train, m_validation, m_accuracy}) {
        graph->setAdaptiveSampling(false);
        graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 5));
    }
    m_bestLine = new QCPItemStraightLine(m_plot);
    m_bestLine->setVisible(false);
    m_zeroLine = new QCPItemStraightLine(m_plot);
    m_zeroLine->point1->setAxes(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atRight));
    m_zeroLine->point2->setAxes(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atRight));
    m_zeroLine->point1->setCoords(0, 0);
    m_zeroLine->point2->setCoords(1, 0);
    m_zeroLine->setVisible(false);
    m_plot->legend->setVisible(true);
    m_plot->legend->setFillOrder(QCPLegend::foColumnsFirst);
    m_plot->legend->setWrap(3);
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignHCenter);
    applyTheme();
    retranslateUi();
    connect(&m_theme, &ThemeManager::themeChanged, this, &AiLabTrainingChart::applyTheme);
}

AiLabTrainingChart::~AiLabTrainingChart() = default;

void AiLabTrainingChart::applyTheme()
{
    const QColor background = m_theme.color(u"window"_s);
    const QColor border = m_theme.color(u"border"_s);
    const QColor muted = m_theme.color(u"muted"_s);
    const QColor text = m_theme.color(u"text"_s);
    m_plot->setBackground(background);
    for (QCPAxis* axis : m_plot->axisRect()->axes()) {
        axis->setBasePen(QPen(border));
        axis->setTickPen(QPen(border));
        axis->setSubTickPen(Qt::NoPen);
        axis->setTickLabelColor(muted);
        axis->setLabelColor(muted);
        QColor grid = border;
        grid.setAlpha(150);
        axis->grid()->setPen(QPen(grid));
        axis->grid()->setZeroLinePen(Qt::NoPen);
    }
    m_plot->axisRect()->axis(QCPAxis::atRight)->grid()->setVisible(false);
    const QColor accent = m_theme.color(u"accent"_s);
    const QColor warning = m_theme.color(u"warning"_s);
    const QColor success = m_theme.color(u"success"_s);
    m_train->setPen(QPen(accent, 1.8));
    m_train->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, accent, 5));
    m_validation->setPen(QPen(warning, 1.8));
    m_validation->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, warning, 5));
    m_accuracy->setPen(QPen(success, 1.4, Qt::DashLine));
    m_accuracy->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, success, 5));
    m_bestLine->setPen(QPen(muted, 1, Qt::DotLine));
    QColor zero = success;
    zero.setAlpha(140);
    m_zeroLine->setPen(QPen(zero, 1, Qt::DashLine));
    QColor legendFill = m_theme.color(u"panel"_s);
    legendFill.setAlpha(220);
    m_plot->legend->setBrush(legendFill);
    m_plot->legend->setBorderPen(QPen(border));
    m_plot->legend->setTextColor(text);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void AiLabTrainingChart::retranslateUi()
{
    QCPAxisRect* rect = m_plot->axisRect();
    rect->axis(QCPAxis::atBottom)->setLabel(AiLabText::epochTitle(m_architecture));
    if (m_agent) {
        m_train->setName(tr("Training reward"));
        m_accuracy->setName(tr("Validation return % (right)"));
        rect->axis(QCPAxis::atLeft)->setLabel(tr("Training reward"));
        rect->axis(QCPAxis::atRight)->setLabel(tr("Validation return %"));
    } else {
        m_train->setName(tr("Training loss"));
        m_validation->setName(tr("Validation loss"));
        m_accuracy->setName(tr("Validation direction % (right)"));
        rect->axis(QCPAxis::atLeft)->setLabel(tr("Loss"));
        rect->axis(QCPAxis::atRight)->setLabel(tr("Direction %"));
    }
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void AiLabTrainingChart::setArchitecture(const QString& architecture)
{
    m_architecture = architecture;
    m_agent = isAgentArchitecture(architecture);
    // An agent has no validation loss: its line leaves the chart and the legend.
    m_plot->legend->clearItems();
    m_validation->setVisible(!m_agent);
    for (QCPGraph* graph : {m_train, m_validation, m_accuracy}) {
        if (graph->visible())
            graph->addToLegend();
    }
    m_zeroLine->setVisible(m_agent);
    retranslateUi();
    clear();
}

void AiLabTrainingChart::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void AiLabTrainingChart::setHistory(const std::vector<ModelEpoch>& history)
{
    // Left: the losses (a model) or the training reward (an agent); right: the direction
    // accuracy or the validation return, in %.
    QVector<double> epochs, left, validation, right;
    double leftMin = std::numeric_limits<double>::max();
    double leftMax = std::numeric_limits<double>::lowest();
    double rightMin = std::numeric_limits<double>::max();
    double rightMax = std::numeric_limits<double>::lowest();
    m_bestEpoch = 0;
    // The best so far: the lowest validation loss, or the highest validation return, among the
    // points flagged best (each one flagged was the best when it came).
    double bestScore = std::numeric_limits<double>::lowest();
    for (const ModelEpoch& point : history) {
        epochs.append(point.epoch);
        const double leftValue = m_agent ? point.trainReward : point.trainLoss;
        const double rightValue = (m_agent ? point.validationReturn : point.validationAccuracy)
                                  * 100.0;
        left.append(leftValue);
        validation.append(point.validationLoss);
        right.append(rightValue);
        leftMin = std::min(leftMin, leftValue);
        leftMax = std::max(leftMax, leftValue);
        if (!m_agent) {
            leftMin = std::min(leftMin, point.validationLoss);
            leftMax = std::max(leftMax, point.validationLoss);
        }
        rightMin = std::min(rightMin, rightValue);
        rightMax = std::max(rightMax, rightValue);
        const double score = m_agent ? point.validationReturn : -point.validationLoss;
        if (point.best && score >= bestScore) {
            bestScore = score;
            m_bestEpoch = point.epoch;
        }
    }
    m_train->setData(epochs, left, true);
    if (m_agent)
        m_validation->data()->clear();
    else
        m_validation->setData(epochs, validation, true);
    m_accuracy->setData(epochs, right, true);
    QCPAxisRect* rect = m_plot->axisRect();
    const int last = history.empty() ? 0 : history.back().epoch;
    rect->axis(QCPAxis::atBottom)->setRange(0.5, std::max(10, last) + 0.5);
    if (history.empty()) {
        rect->axis(QCPAxis::atLeft)->setRange(0, 1);
        rect->axis(QCPAxis::atRight)->setRange(m_agent ? -5 : 0, m_agent ? 5 : 100);
    } else if (m_agent) {
        // Rewards and returns may be negative; room above for the legend, and the 0 % line in
        // view so that a losing policy shows as one.
        const double span = std::max(leftMax - leftMin, 1e-6);
        rect->axis(QCPAxis::atLeft)->setRange(leftMin - span * 0.15, leftMax + span * 0.5);
        rightMin = std::min(rightMin, 0.0);
        rightMax = std::max(rightMax, 0.0);
        const double returnSpan = std::max(rightMax - rightMin, 1.0);
        rect->axis(QCPAxis::atRight)->setRange(rightMin - returnSpan * 0.15,
                                               rightMax + returnSpan * 0.5);
    } else {
        // Room above for the legend.
        const double span = std::max(leftMax - leftMin, 1e-6);
        rect->axis(QCPAxis::atLeft)->setRange(std::max(0.0, leftMin - span * 0.15),
                                              leftMax + span * 0.45);
        const double accSpan = std::max(rightMax - rightMin, 2.0);
        rect->axis(QCPAxis::atRight)->setRange(std::max(0.0, rightMin - accSpan * 0.6),
                                               std::min(100.0, rightMax + accSpan * 0.9));
    }
    if (m_bestEpoch > 0) {
        m_bestLine->point1->setCoords(m_bestEpoch, 0);
        m_bestLine->point2->setCoords(m_bestEpoch, 1);
        m_bestLine->setVisible(true);
    } else {
        m_bestLine->setVisible(false);
    }
    m_plot->replot();
}

void AiLabTrainingChart::clear()
{
    setHistory({});
}

int AiLabTrainingChart::pointCount() const
{
    return m_train->dataCount();
}

double AiLabTrainingChart::epochAt(int index) const
{
    return m_train->data()->at(index)->key;
}

double AiLabTrainingChart::trainLossAt(int index) const
{
    return m_train->data()->at(index)->value;
}

double AiLabTrainingChart::validationLossAt(int index) const
{
    return m_validation->data()->at(index)->value;
}

double AiLabTrainingChart::accuracyAt(int index) const
{
    return m_accuracy->data()->at(index)->value;
}

double AiLabTrainingChart::trainRewardAt(int index) const
{
    return m_train->data()->at(index)->value;
}

double AiLabTrainingChart::validationReturnAt(int index) const
{
    return m_accuracy->data()->at(index)->value;
}

// --- AiLabTrainForm --------------------------------------------------------------------------

namespace {

QDoubleSpinBox* doubleSpinBox(double minimum, double maximum, double value, int decimals,
                              double step, const QString& name, QWidget* parent)
{
    auto* box = new QDoubleSpinBox(parent);
    box->setObjectName(name);
    box->setDecimals(decimals);
    box->setRange(minimum, maximum);
    box->setSingleStep(step);
    box->setValue(value);
    return box;
}

const QStringList architectures = {u"lstm"_s, u"gru"_s, u"transformer"_s, u"mlp"_s,
                                   u"dqn"_s,  u"ppo"_s, u"neuroevolution"_s};

} // namespace

AiLabTrainForm::AiLabTrainForm(QWidget* parent)
    : QWidget(parent)
    , m_modelTask(u"regression"_s)
{
    setObjectName(u"aiLabTrainForm"_s);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 8, 10, 8);
    layout->setSpacing(6);
    m_grid = new QGridLayout;
    m_grid->setHorizontalSpacing(8);
    m_grid->setVerticalSpacing(6);
    layout->addLayout(m_grid);

    m_name = new QLineEdit(this);
    m_name->setObjectName(u"aiLabName"_s);
    m_name->setPlaceholderText(u"btc-lstm"_s);
    m_symbol = new QComboBox(this);
    m_symbol->setObjectName(u"aiLabSymbol"_s);
    m_symbol->setEditable(true);
    m_symbol->setInsertPolicy(QComboBox::NoInsert);
    m_symbol->setMinimumContentsLength(9);
    m_timeframe = new QComboBox(this);
    m_timeframe->setObjectName(u"aiLabTimeframe"_s);
    m_timeframe->addItems(timeframes);
    m_timeframe->setCurrentText(u"1h"_s);
    const QDate today = QDateTime::currentDateTimeUtc().date();
    m_from = new QDateEdit(today.addDays(-90), this);
    m_from->setObjectName(u"aiLabFrom"_s);
    m_to = new QDateEdit(today, this);
    m_to->setObjectName(u"aiLabTo"_s);
    for (QDateEdit* edit : {m_from, m_to}) {
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(u"yyyy-MM-dd"_s);
    }
    m_features = new QLineEdit(defaultModelFeatures().join(u", "_s), this);
    m_features->setObjectName(u"aiLabFeatures"_s);
    m_window = spinBox(1, 4096, 32, u"aiLabWindow"_s, this);
    m_horizon = spinBox(1, 1000, 1, u"aiLabHorizon"_s, this);
    m_architecture = new QComboBox(this);
    m_architecture->setObjectName(u"aiLabArchitecture"_s);
    for (const QString& name : architectures)
        m_architecture->addItem(QString(), name);
    m_task = new QComboBox(this);
    m_task->setObjectName(u"aiLabTask"_s);
    m_task->addItem(QString(), u"regression"_s);
    m_task->addItem(QString(), u"direction"_s);
    m_hidden = spinBox(1, 4096, 32, u"aiLabHidden"_s, this);
    m_layers = spinBox(1, 16, 1, u"aiLabLayers"_s, this);
    m_epochs = spinBox(1, 10000, 30, u"aiLabEpochs"_s, this);
    m_learningRate = doubleSpinBox(0.00001, 1, 0.001, 5, 0.0005, u"aiLabLearningRate"_s, this);
    m_patience = spinBox(1, 1000, 5, u"aiLabPatience"_s, this);
    m_seed = spinBox(1, 1'000'000'000, 1, u"aiLabSeed"_s, this);
    // The agents' settings, with the server's defaults and bounds (docs/ml.md); the elite is
    // checked against the population by problem() rather than clamped behind the user's back.
    m_gamma = doubleSpinBox(0, 0.999, 0.95, 3, 0.01, u"aiLabGamma"_s, this);
    m_population = spinBox(2, 10000, 32, u"aiLabPopulation"_s, this);
    m_elite = spinBox(1, 9999, 4, u"aiLabElite"_s, this);
    m_mutation = doubleSpinBox(0.001, 10, 0.1, 3, 0.01, u"aiLabMutation"_s, this);

    // Three label–field pairs per line in this order; layoutFields() places the ones that apply.
    // The features take a line, the architecture and the task another (the task's long items
    // spread over the two columns on its right, not widening the last one), so that neither
    // moves when the architecture changes the fields below.
    const auto field = [this](QWidget* widget, bool newLine = false, bool fill = false) {
        auto* label = new QLabel(this);
        label->setBuddy(widget);
        m_fields.push_back({.label = label, .widget = widget, .newLine = newLine, .fill = fill});
    };
    for (QWidget* widget :
         std::initializer_list<QWidget*>{m_name, m_symbol, m_timeframe, m_from, m_to, m_window})
        field(widget);
    field(m_features, true, true);
    field(m_architecture, true);
    field(m_task, false, true);
    for (QWidget* widget : std::initializer_list<QWidget*>{m_hidden, m_layers, m_epochs, m_horizon,
                                                           m_learningRate, m_patience, m_seed,
                                                           m_gamma})
        field(widget);
    field(m_population, true);
    field(m_elite);
    field(m_mutation);
    for (int column : {1, 3, 5})
        m_grid->setColumnStretch(column, 1);

    auto* bottom = new QHBoxLayout;
    m_train = new QPushButton(this);
    m_train->setObjectName(u"aiLabTrain"_s);
    m_train->setProperty("accent", true);
    connect(m_train, &QPushButton::clicked, this, &AiLabTrainForm::trainRequested);
    bottom->addWidget(m_train);
    m_error = new QLabel(this);
    m_error->setObjectName(u"aiLabFormError"_s);
    m_error->setProperty("role", u"error"_s);
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    bottom->addWidget(m_error, 1);
    layout->addLayout(bottom);
    layout->addStretch(1);
    connect(m_architecture, &QComboBox::currentIndexChanged, this,
            &AiLabTrainForm::architectureChanged);
    architectureChanged();
}

AiLabTrainForm::~AiLabTrainForm() = default;

QLabel* AiLabTrainForm::labelFor(const QWidget* field) const
{
    const auto found = std::find_if(m_fields.begin(), m_fields.end(),
                                    [field](const Field& f) { return f.widget == field; });
    return found == m_fields.end() ? nullptr : found->label;
}

void AiLabTrainForm::architectureChanged()
{
    const QString architecture = m_architecture->currentData().toString();
    const bool agent = isAgentArchitecture(architecture);
    const bool episodic = isEpisodicAgent(architecture);
    const bool evolution = architecture == u"neuroevolution";
    // An agent learns a long/flat policy: the task box shows it, fixed; back to a model, the
    // task picked before comes back.
    const int policy = m_task->findData(u"policy"_s);
    if (agent && policy < 0) {
        m_modelTask = m_task->currentData().toString();
        m_task->addItem(QString(), u"policy"_s);
        m_task->setCurrentIndex(m_task->count() - 1);
    } else if (!agent && policy >= 0) {
        m_task->removeItem(policy);
        m_task->setCurrentIndex(std::max(0, m_task->findData(m_modelTask)));
    }
    m_task->setEnabled(!agent);
    // The evolved network is small (the server takes at most 256 hidden units).
    m_hidden->setMaximum(evolution ? 256 : 4096);
    m_name->setPlaceholderText(u"btc-"_s + (evolution ? u"evolved"_s : architecture));

    const std::vector<std::pair<QWidget*, bool>> shown = {
        {m_horizon, !agent},          {m_layers, !agent},
        {m_patience, !agent},         {m_learningRate, !evolution},
        {m_gamma, episodic},          {m_population, evolution},
        {m_elite, evolution},         {m_mutation, evolution}};
    for (Field& f : m_fields) {
        const auto found = std::find_if(shown.begin(), shown.end(),
                                        [&f](const auto& s) { return s.first == f.widget; });
        f.shown = found == shown.end() || found->second;
        f.widget->setVisible(f.shown);
        f.label->setVisible(f.shown);
    }
    layoutFields();
    retranslateUi();
}

void AiLabTrainForm::layoutFields()
{
    // Placed again from scratch, so that hidden fields leave no holes.
    for (const Field& f : m_fields) {
        m_grid->removeWidget(f.label);
        m_grid->removeWidget(f.widget);
    }
    int row = 0;
    int column = 0; // pairs placed on the current line
    for (const Field& f : m_fields) {
        if (!f.shown)
            continue;
        if (column > 0 && (f.newLine || column == 3)) {
            ++row;
            column = 0;
        }
        m_grid->addWidget(f.label, row, column * 2);
        if (f.fill) {
            m_grid->addWidget(f.widget, row, column * 2 + 1, 1, 5 - column * 2);
            column = 3;
        } else {
            m_grid->addWidget(f.widget, row, column * 2 + 1);
            ++column;
        }
    }
}

void AiLabTrainForm::retranslateUi()
{
    const QString architecture = m_architecture->currentData().toString();
    const std::vector<std::pair<QWidget*, QString>> names = {
        {m_name, tr("Model name")},
        {m_symbol, tr("Symbol")},
        {m_timeframe, tr("Timeframe")},
        {m_from, tr("From")},
        {m_to, tr("To")},
        {m_window, tr("Window (bars)")},
        {m_features, tr("Features")},
        {m_horizon, tr("Horizon (bars)")},
        {m_architecture, tr("Architecture")},
        {m_task, tr("Task")},
        {m_hidden, tr("Hidden")},
        {m_layers, tr("Layers")},
        {m_epochs, isEpisodicAgent(architecture)       ? tr("Episodes")
                   : architecture == u"neuroevolution" ? tr("Generations")
                                                       : tr("Epochs")},
        {m_learningRate, tr("Learning rate")},
        {m_patience, tr("Patience")},
        {m_seed, tr("Seed")},
        {m_gamma, tr("Gamma")},
        {m_population, tr("Population")},
        {m_elite, tr("Elite")},
        {m_mutation, tr("Mutation")}};
    for (const auto& [widget, name] : names)
        labelFor(widget)->setText(name);
    m_features->setToolTip(tr("Comma-separated: return(k), range, body, volume_ratio(n) or any "
                              "indicator, e.g. ema(20)/close"));
    m_epochs->setToolTip(isEpisodicAgent(architecture)
                             ? tr("Passes of the agent over the training range")
                         : architecture == u"neuroevolution"
                             ? tr("Rounds of selection, crossover and mutation")
                             : QString());
    m_gamma->setToolTip(tr("How much the agent values later rewards (0: only the next bar)"));
    m_population->setToolTip(tr("Networks tried in each generation"));
    m_elite->setToolTip(tr("The best networks of a generation, kept and bred; below the "
                           "population"));
    m_mutation->setToolTip(tr("Standard deviation of the noise added to each weight of a child"));
    for (int i = 0; i < m_architecture->count(); ++i) {
        const QString name = m_architecture->itemData(i).toString();
        m_architecture->setItemText(i, AiLabText::architectureName(name));
    }
    const auto setTaskText = [this](const QString& task, const QString& text) {
        if (const int index = m_task->findData(task); index >= 0)
            m_task->setItemText(index, text);
    };
    setTaskText(u"regression"_s, tr("Regression (log return)"));
    setTaskText(u"direction"_s, tr("Direction (probability of a rise)"));
    setTaskText(u"policy"_s, tr("Policy (long / flat)"));
    m_train->setText(tr("Train"));
}

void AiLabTrainForm::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void AiLabTrainForm::setSymbols(const QStringList& symbols)
{
    const QString current = m_symbol->currentText();
    m_symbol->clear();
    m_symbol->addItems(symbols);
    const int index = m_symbol->findText(current);
    if (index >= 0)
        m_symbol->setCurrentIndex(index);
    else if (!current.isEmpty())
        m_symbol->setEditText(current);
    else if (const int btc = m_symbol->findText(u"BTCUSDT"_s); btc >= 0)
        m_symbol->setCurrentIndex(btc);
}

ModelTrainingSpec AiLabTrainForm::spec() const
{
    const QDateTime from(m_from->date(), QTime(0, 0), QTimeZone::utc());
    const QDateTime to(m_to->date().addDays(1), QTime(0, 0), QTimeZone::utc());
    const QString architecture = m_architecture->currentData().toString();
    const bool agent = isAgentArchitecture(architecture);
    const bool episodic = isEpisodicAgent(architecture);
    const bool evolution = architecture == u"neuroevolution";
    // The fields that do not apply are sent as 0: the server's default.
    return ModelTrainingSpec{.modelName = m_name->text().trimmed(),
                             .exchange = {},
                             .symbol = m_symbol->currentText().trimmed().toUpper(),
                             .timeframe = m_timeframe->currentText(),
                             .fromUnixMs = from.toMSecsSinceEpoch(),
                             .toUnixMs = to.toMSecsSinceEpoch(),
                             .features = splitModelFeatures(m_features->text()),
                             .window = m_window->value(),
                             .horizon = agent ? 0 : m_horizon->value(),
                             .architecture = architecture,
                             .task = agent ? u"policy"_s : m_task->currentData().toString(),
                             .hidden = m_hidden->value(),
                             .layers = agent ? 0 : m_layers->value(),
                             .epochs = m_epochs->value(),
                             .learningRate = evolution ? 0 : m_learningRate->value(),
                             .patience = agent ? 0 : m_patience->value(),
                             .seed = quint64(m_seed->value()),
                             .gamma = episodic ? std::optional(m_gamma->value()) : std::nullopt,
                             .population = evolution ? m_population->value() : 0,
                             .elite = evolution ? m_elite->value() : 0,
                             .mutation = evolution ? m_mutation->value() : 0};
}

QString AiLabTrainForm::problem() const
{
    if (m_name->text().trimmed().isEmpty())
        return tr("Give the model a name (a-z, 0-9, '-', '_', '.').");
    if (m_symbol->currentText().trimmed().isEmpty())
        return tr("Pick a symbol.");
    if (m_from->date() > m_to->date())
        return tr("The range ends before it starts.");
    if (m_architecture->currentData().toString() == u"neuroevolution"
        && m_elite->value() >= m_population->value())
        return tr("The elite (%1) must be below the population (%2).")
            .arg(m_elite->value())
            .arg(m_population->value());
    return {};
}

void AiLabTrainForm::showError(const QString& message)
{
    m_error->setText(message);
    m_error->setToolTip(message);
}

QString AiLabTrainForm::errorText() const
{
    return m_error->text();
}

void AiLabTrainForm::setBusy(bool busy)
{
    m_train->setEnabled(!busy);
}

} // namespace bcf::app
