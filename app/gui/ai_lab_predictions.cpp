#include "gui/ai_lab_predictions.h"

#include "core/session_controller.h"
#include "gui/ai_lab_models.h"
#include "gui/candle_chart.h"
#include "gui/chart_pane.h"
#include "gui/theme_manager.h"

#include <qcustomplot.h>

#include <QDateTime>
#include <QMenu>
#include <QToolButton>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace bcf::app {

AiLabPredictionsOverlay::AiLabPredictionsOverlay(SessionController& session, CandleChart& chart,
                                                 ThemeManager& theme, QObject* parent)
    : QObject(parent)
    , m_session(session)
    , m_chart(chart)
    , m_theme(theme)
{
    connect(&m_theme, &ThemeManager::themeChanged, this, &AiLabPredictionsOverlay::applyTheme);
}

AiLabPredictionsOverlay::~AiLabPredictionsOverlay() = default;

QToolButton* AiLabPredictionsOverlay::createButton(QWidget* parent)
{
    auto* button = new QToolButton(parent);
    button->setObjectName(u"chartPredictions"_s);
    button->setAutoRaise(true);
    button->setPopupMode(QToolButton::InstantPopup);
    m_menu = new QMenu(button);
    m_menu->setObjectName(u"chartPredictionsMenu"_s);
    button->setMenu(m_menu);
    connect(m_menu, &QMenu::aboutToShow, this, &AiLabPredictionsOverlay::fillMenu);
    m_button = button;
    retranslate();
    return button;
}

void AiLabPredictionsOverlay::retranslate()
{
    if (m_button) {
        m_button->setText(tr("Predictions"));
        m_button->setToolTip(tr("Show model predictions under the candles"));
    }
    if (m_legend && m_shown)
        m_legend->setText(legend());
    if (m_actionTicker) {
        m_actionTicker->clear();
        m_actionTicker->addTick(0, tr("flat"));
        m_actionTicker->addTick(1, tr("long"));
    }
}

void AiLabPredictionsOverlay::rebuildMenu(bool loading, const QString& problem)
{
    m_menu->clear();
    if (m_shown) {
        QAction* hide = m_menu->addAction(
            tr("Hide %1 predictions").arg(modelVersionName(m_predictions.name, m_predictions.version)));
        hide->setObjectName(u"chartPredictionsHide"_s);
        connect(hide, &QAction::triggered, this, &AiLabPredictionsOverlay::clear);
        m_menu->addSeparator();
    }
    for (const ModelVersionInfo& model : m_models) {
        QAction* show = m_menu->addAction(tr("Show model predictions: %1 (%2, %3)")
                                              .arg(modelVersionName(model.name, model.version),
                                                   AiLabText::architectureName(model.architecture),
                                                   AiLabText::taskName(model.task)));
        show->setCheckable(true);
        show->setChecked(m_shown && m_predictions.name == model.name
                         && m_predictions.version == model.version);
        const QString name = model.name;
        const int version = model.version;
        connect(show, &QAction::triggered, this, [this, name, version] { request(name, version); });
    }
    if (loading)
        m_menu->addAction(tr("Loading models…"))->setEnabled(false);
    else if (!problem.isEmpty())
        m_menu->addAction(problem)->setEnabled(false);
    else if (m_models.empty())
        m_menu->addAction(tr("No models in the registry"))->setEnabled(false);
}

void AiLabPredictionsOverlay::fillMenu()
{
    if (!m_session.isLoggedIn()) {
        rebuildMenu(false, tr("Not logged in"));
        return;
    }
    rebuildMenu(true, {});
    const quint64 serial = ++m_menuSerial;
    m_session.listModels(
        {}, this,
        [this, serial](SessionController::Outcome<std::vector<ModelVersionInfo>> result) {
            if (serial != m_menuSerial)
                return;
            if (!result) {
                rebuildMenu(false, tr("The models could not be loaded: %1").arg(result.error()));
                return;
            }
            m_models = std::move(*result);
            rebuildMenu(false, {});
            if (m_menu->isVisible())
                m_menu->adjustSize();
        });
}

void AiLabPredictionsOverlay::setMarket(const QString& exchange, const QString& symbol,
                                        const QString& timeframe)
{
    if (exchange == m_exchange && symbol == m_symbol && timeframe == m_timeframe)
        return;
    m_exchange = exchange;
    m_symbol = symbol;
    m_timeframe = timeframe;
    clear();
}

void AiLabPredictionsOverlay::request(const QString& name, int version)
{
    const CandleSeries& candles = m_chart.candles();
    SessionController::PredictionQuery query{.name = name,
                                             .version = version,
                                             .exchange = m_exchange,
                                             .symbol = m_symbol,
                                             .timeframe = m_timeframe,
                                             .fromUnixMs = 0,
                                             .toUnixMs = QDateTime::currentMSecsSinceEpoch() + 86400000};
    if (!candles.empty()) {
        query.fromUnixMs = candles.front().openTimeMs;
        query.toUnixMs = candles.back().openTimeMs + 1;
    }
    const quint64 serial = ++m_serial;
    m_session.getPredictions(
        query, this,
        [this, serial, name, version](SessionController::Outcome<ModelPredictions> result) {
            if (serial != m_serial)
                return;
            if (!result) {
                m_note = tr("The predictions of %1 could not be loaded: %2")
                             .arg(modelVersionName(name, version), result.error());
                emit noteRequested(m_note);
                return;
            }
            setPredictions(*result);
            if (result->points.empty()) {
                emit noteRequested(m_note);
            }
        });
}

void AiLabPredictionsOverlay::ensurePane()
{
    if (m_rect)
        return;
    QCustomPlot* plot = m_chart.plot();
    const ChartPane pane = makeChartPane(*plot, u"predictionsPane"_s);
    m_rect = pane.rect;
    m_legend = pane.legend;
    QCPAxis* right = pane.valueAxis();
    right->ticker()->setTickCount(3);
    QCPAxis* bottom = pane.timeAxis();
    m_numberTicker = right->ticker();
    m_actionTicker.reset(new QCPAxisTickerText);
    retranslate();
    m_bars = new QCPBars(bottom, right);
    m_bars->setWidthType(QCPBars::wtPlotCoords);
    m_line = new QCPGraph(bottom, right);
    m_line->setAdaptiveSampling(true);
    m_guide = new QCPItemStraightLine(plot);
    m_guide->setClipAxisRect(m_rect);
    m_guide->point1->setAxes(bottom, right);
    m_guide->point2->setAxes(bottom, right);
    applyTheme();
}

void AiLabPredictionsOverlay::applyTheme()
{
    if (!m_rect)
        return;
    styleChartPane({m_rect, m_legend}, m_theme);
    const QColor muted = m_theme.color(u"muted"_s);
    const QColor accent = m_theme.color(u"accent"_s);
    QColor fill = accent;
    fill.setAlpha(170);
    m_bars->setBrush(fill);
    m_bars->setPen(Qt::NoPen);
    m_line->setPen(QPen(accent, 1.5));
    if (m_predictions.task == u"policy") {
        // Long stretches shaded down to the flat line.
        QColor shade = m_theme.color(u"success"_s);
        m_line->setPen(QPen(shade, 1.5));
        shade.setAlpha(60);
        m_line->setBrush(shade);
    } else {
        m_line->setBrush(Qt::NoBrush);
    }
    m_guide->setPen(QPen(muted, 1, Qt::DashLine));
    m_chart.plot()->replot(QCustomPlot::rpQueuedReplot);
}

QString AiLabPredictionsOverlay::legend() const
{
    if (m_predictions.task == u"policy")
        return tr("%1 · long / flat")
            .arg(modelVersionName(m_predictions.name, m_predictions.version));
    QString text = tr("%1 prediction").arg(modelVersionName(m_predictions.name, m_predictions.version));
    text += m_predictions.task == u"direction" ? tr(" · probability of a rise")
                                                : tr(" · log return, %");
    return text;
}

int AiLabPredictionsOverlay::pointCount() const
{
    if (!m_shown)
        return 0;
    return m_predictions.task == u"regression" || m_predictions.task.isEmpty()
               ? m_bars->dataCount()
               : m_line->dataCount();
}

double AiLabPredictionsOverlay::valueAt(int index) const
{
    const bool bars = m_predictions.task == u"regression" || m_predictions.task.isEmpty();
    return bars ? m_bars->data()->at(index)->value : m_line->data()->at(index)->value;
}

void AiLabPredictionsOverlay::setPredictions(const ModelPredictions& predictions)
{
    ensurePane();
    m_predictions = predictions;
    QCustomPlot* plot = m_chart.plot();
    if (!m_shown) {
        m_chart.addPane(m_rect, 1.2); // the time labels move under it
        m_shown = true;
    }
    QCPAxisRect* price = plot->axisRect(0);
    m_rect->axis(QCPAxis::atBottom)->setRange(price->axis(QCPAxis::atBottom)->range());
    const bool direction = predictions.task == u"direction";
    const bool policy = predictions.task == u"policy";
    QVector<double> keys, values;
    keys.reserve(qsizetype(predictions.points.size()));
    values.reserve(qsizetype(predictions.points.size()));
    double extent = 0;
    for (const ModelPrediction& point : predictions.points) {
        keys.append(double(point.barTimeMs) / 1000.0);
        // An action is 1 (long) or 0 (flat); anything in between is drawn as the side it is on.
        const double value = policy      ? (point.value > 0.5 ? 1.0 : 0.0)
                             : direction ? point.value
                                         : point.value * 100.0;
        values.append(value);
        extent = std::max(extent, std::abs(value));
    }
    QCPAxis* right = m_rect->axis(QCPAxis::atRight);
    right->setTicker(policy ? QSharedPointer<QCPAxisTicker>(m_actionTicker) : m_numberTicker);
    m_line->setLineStyle(policy ? QCPGraph::lsStepLeft : QCPGraph::lsLine);
    applyTheme();
    if (policy) {
        // The position each action leaves, held until the next one.
        m_line->setData(keys, values, true);
        m_bars->data()->clear();
        m_line->setVisible(true);
        m_bars->setVisible(false);
        right->setRange(-0.15, 1.45); // room above for the legend
        m_guide->point1->setCoords(0, 0);
        m_guide->point2->setCoords(1, 0);
    } else if (direction) {
        m_line->setData(keys, values, true);
        m_bars->data()->clear();
        m_line->setVisible(true);
        m_bars->setVisible(false);
        right->setNumberFormat(u"f"_s);
        right->setNumberPrecision(2);
        right->setRange(0, 1);
        m_guide->point1->setCoords(0, 0.5);
        m_guide->point2->setCoords(1, 0.5);
    } else {
        m_bars->setData(keys, values, true);
        if (keys.size() > 1)
            m_bars->setWidth((keys.back() - keys.front()) / double(keys.size() - 1) * 0.7);
        m_line->data()->clear();
        m_bars->setVisible(true);
        m_line->setVisible(false);
        right->setNumberFormat(u"f"_s);
        right->setNumberPrecision(extent < 0.1 ? 3 : 2);
        const double half = extent > 0 ? extent * 1.15 : 0.1;
        right->setRange(-half, half);
        m_guide->point1->setCoords(0, 0);
        m_guide->point2->setCoords(1, 0);
    }
    m_legend->setText(legend());
    m_note = predictions.points.empty()
                 ? tr("%1 has no stored predictions for %2 %3 in the loaded range (they exist "
                      "only after its training range, on the market it was trained on).")
                       .arg(modelVersionName(predictions.name, predictions.version), m_symbol,
                            m_timeframe)
                 : QString();
    if (!m_note.isEmpty())
        m_legend->setText(legend() + u" — "_s + tr("none in this range"));
    plot->replot();
}

void AiLabPredictionsOverlay::clear()
{
    ++m_serial;
    if (!m_shown)
        return;
    m_chart.removePane(m_rect);
    m_shown = false;
    m_note.clear();
    m_chart.plot()->replot();
}

} // namespace bcf::app
