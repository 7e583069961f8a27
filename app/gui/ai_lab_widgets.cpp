#include "gui/ai_lab_widgets.h"

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
    QColor legendFill = m_theme.color(u"panel"_s);
    legendFill.setAlpha(220);
    m_plot->legend->setBrush(legendFill);
    m_plot->legend->setBorderPen(QPen(border));
    m_plot->legend->setTextColor(text);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void AiLabTrainingChart::retranslateUi()
{
    m_train->setName(tr("Training loss"));
    m_validation->setName(tr("Validation loss"));
    m_accuracy->setName(tr("Validation direction % (right)"));
    m_plot->axisRect()->axis(QCPAxis::atBottom)->setLabel(tr("Epoch"));
    m_plot->axisRect()->axis(QCPAxis::atLeft)->setLabel(tr("Loss"));
    m_plot->axisRect()->axis(QCPAxis::atRight)->setLabel(tr("Direction %"));
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void AiLabTrainingChart::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void AiLabTrainingChart::setHistory(const std::vector<ModelEpoch>& history)
{
    QVector<double> epochs, train, validation, accuracy;
    double lossMax = 0;
    double lossMin = std::numeric_limits<double>::max();
    double accuracyMin = 100;
    double accuracyMax = 0;
    m_bestEpoch = 0;
    double bestLoss = std::numeric_limits<double>::max();
    for (const ModelEpoch& point : history) {
        epochs.append(point.epoch);
        train.append(point.trainLoss);
        validation.append(point.validationLoss);
        accuracy.append(point.validationAccuracy * 100.0);
        lossMax = std::max({lossMax, point.trainLoss, point.validationLoss});
        lossMin = std::min({lossMin, point.trainLoss, point.validationLoss});
        accuracyMin = std::min(accuracyMin, point.validationAccuracy * 100.0);
        accuracyMax = std::max(accuracyMax, point.validationAccuracy * 100.0);
        if (point.best && point.validationLoss <= bestLoss) {
            bestLoss = point.validationLoss;
            m_bestEpoch = point.epoch;
        }
    }
    m_train->setData(epochs, train, true);
    m_validation->setData(epochs, validation, true);
    m_accuracy->setData(epochs, accuracy, true);
    QCPAxisRect* rect = m_plot->axisRect();
    const int last = history.empty() ? 0 : history.back().epoch;
    rect->axis(QCPAxis::atBottom)->setRange(0.5, std::max(10, last) + 0.5);
    if (!history.empty()) {
        // Room above for the legend.
        const double span = std::max(lossMax - lossMin, 1e-6);
        rect->axis(QCPAxis::atLeft)->setRange(std::max(0.0, lossMin - span * 0.15),
                                              lossMax + span * 0.45);
        const double accSpan = std::max(accuracyMax - accuracyMin, 2.0);
        rect->axis(QCPAxis::atRight)->setRange(std::max(0.0, accuracyMin - accSpan * 0.6),
                                               std::min(100.0, accuracyMax + accSpan * 0.9));
    } else {
        rect->axis(QCPAxis::atLeft)->setRange(0, 1);
        rect->axis(QCPAxis::atRight)->setRange(0, 100);
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

// --- AiLabTrainForm --------------------------------------------------------------------------

AiLabTrainForm::AiLabTrainForm(QWidget* parent)
    : QWidget(parent)
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
    for (const QString& name : {u"lstm"_s, u"gru"_s, u"transformer"_s, u"mlp"_s})
        m_architecture->addItem(QString(), name);
    m_task = new QComboBox(this);
    m_task->setObjectName(u"aiLabTask"_s);
    m_task->addItem(QString(), u"regression"_s);
    m_task->addItem(QString(), u"direction"_s);
    m_hidden = spinBox(1, 4096, 32, u"aiLabHidden"_s, this);
    m_layers = spinBox(1, 16, 1, u"aiLabLayers"_s, this);
    m_epochs = spinBox(1, 10000, 30, u"aiLabEpochs"_s, this);
    m_learningRate = new QDoubleSpinBox(this);
    m_learningRate->setObjectName(u"aiLabLearningRate"_s);
    m_learningRate->setDecimals(5);
    m_learningRate->setRange(0.00001, 1);
    m_learningRate->setSingleStep(0.0005);
    m_learningRate->setValue(0.001);
    m_patience = spinBox(1, 1000, 5, u"aiLabPatience"_s, this);
    m_seed = spinBox(1, 1'000'000'000, 1, u"aiLabSeed"_s, this);

    // Three label–field pairs per line; the features take a whole line.
    const std::vector<std::vector<QWidget*>> lines = {
        {m_name, m_symbol, m_timeframe},
        {m_from, m_to, m_window},
        {m_features},
        {m_horizon, m_architecture, m_task},
        {m_hidden, m_layers, m_epochs},
        {m_learningRate, m_patience, m_seed}};
    for (int row = 0; row < int(lines.size()); ++row) {
        for (int i = 0; i < int(lines[std::size_t(row)].size()); ++i) {
            QWidget* field = lines[std::size_t(row)][std::size_t(i)];
            auto* label = new QLabel(this);
            label->setBuddy(field);
            m_labels.push_back(label);
            m_grid->addWidget(label, row, i * 2);
            if (lines[std::size_t(row)].size() == 1)
                m_grid->addWidget(field, row, 1, 1, 5);
            else
                m_grid->addWidget(field, row, i * 2 + 1);
        }
    }
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
    retranslateUi();
}

AiLabTrainForm::~AiLabTrainForm() = default;

void AiLabTrainForm::retranslateUi()
{
    const QStringList names = {tr("Model name"),    tr("Symbol"),   tr("Timeframe"),
                               tr("From"),          tr("To"),       tr("Window (bars)"),
                               tr("Features"),      tr("Horizon (bars)"), tr("Architecture"),
                               tr("Task"),          tr("Hidden"),   tr("Layers"),
                               tr("Epochs"),        tr("Learning rate"), tr("Patience"),
                               tr("Seed")};
    for (std::size_t i = 0; i < m_labels.size() && i < std::size_t(names.size()); ++i)
        m_labels[i]->setText(names[qsizetype(i)]);
    m_features->setToolTip(tr("Comma-separated: return(k), range, body, volume_ratio(n) or any "
                              "indicator, e.g. ema(20)/close"));
    m_architecture->setItemText(0, u"LSTM"_s);
    m_architecture->setItemText(1, u"GRU"_s);
    m_architecture->setItemText(2, u"Transformer"_s);
    m_architecture->setItemText(3, u"MLP"_s);
    m_task->setItemText(0, tr("Regression (log return)"));
    m_task->setItemText(1, tr("Direction (probability of a rise)"));
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
    return ModelTrainingSpec{.modelName = m_name->text().trimmed(),
                             .exchange = {},
                             .symbol = m_symbol->currentText().trimmed().toUpper(),
                             .timeframe = m_timeframe->currentText(),
                             .fromUnixMs = from.toMSecsSinceEpoch(),
                             .toUnixMs = to.toMSecsSinceEpoch(),
                             .features = splitModelFeatures(m_features->text()),
                             .window = m_window->value(),
                             .horizon = m_horizon->value(),
                             .architecture = m_architecture->currentData().toString(),
                             .task = m_task->currentData().toString(),
                             .hidden = m_hidden->value(),
                             .layers = m_layers->value(),
                             .epochs = m_epochs->value(),
                             .learningRate = m_learningRate->value(),
                             .patience = m_patience->value(),
                             .seed = quint64(m_seed->value())};
}

QString AiLabTrainForm::problem() const
{
    if (m_name->text().trimmed().isEmpty())
        return tr("Give the model a name (a-z, 0-9, '-', '_', '.').");
    if (m_symbol->currentText().trimmed().isEmpty())
        return tr("Pick a symbol.");
    if (m_from->date() > m_to->date())
        return tr("The range ends before it starts.");
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
