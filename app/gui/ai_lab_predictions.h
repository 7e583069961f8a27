#pragma once

#include "core/model_types.h"

#include <QObject>
#include <QPointer>
#include <QSharedPointer>

class QCPAxisRect;
class QCPAxisTicker;
class QCPAxisTickerText;
class QCPBars;
class QCPGraph;
class QCPItemStraightLine;
class QCPItemText;
class QMenu;
class QToolButton;
class QWidget;

namespace bcf::app {

class CandleChart;
class SessionController;
class ThemeManager;

// A model's stored predictions (ModelService.GetPredictions) under the candles of a chart, in a
// pane of their own below the volume that pans and zooms with the candles: a regression model's
// predicted log return as bars around 0 (in %), a direction model's probability of a rise as a
// line from 0 to 1 with a 0.5 guide, an agent's actions (task policy) as a shaded long/flat step
// held from each bar's close; a legend names the version ("btc-lstm v2 prediction", "btc-dqn v1 ·
// long / flat").
// The chart panel's "Predictions" button offers the registry's models (ListModels, when its menu
// opens) and removes the pane; another market removes it too. GUI thread only.
class AiLabPredictionsOverlay final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AiLabPredictionsOverlay)

public:
    AiLabPredictionsOverlay(SessionController& session, CandleChart& chart, ThemeManager& theme,
                            QObject* parent = nullptr);
    ~AiLabPredictionsOverlay() override;

    // The toolbar button with the menu of models (owned by `parent`).
    QToolButton* createButton(QWidget* parent);
    // The market shown: another one removes the predictions.
    void setMarket(const QString& exchange, const QString& symbol, const QString& timeframe);
    // Asks for the predictions of `name` `version` (0: live or newest) over the loaded candles.
    void request(const QString& name, int version);
    // Draws these predictions (replaces any shown).
    void setPredictions(const ModelPredictions& predictions);
    void clear();

    bool isShown() const { return m_shown; }
    QString legend() const;
    int pointCount() const;
    // The drawn value of point `index` (a % for regression, a probability, or 1 long / 0 flat).
    double valueAt(int index) const;
    const ModelPredictions& predictions() const { return m_predictions; }
    // A short problem line (no predictions in range, an error), or "".
    QString note() const { return m_note; }
    QMenu* menu() const { return m_menu; }

signals:
    void noteRequested(const QString& message);

private:
    void ensurePane();
    void applyTheme();
    void fillMenu();
    void rebuildMenu(bool loading, const QString& problem);
    void retranslate();

    SessionController& m_session;
    CandleChart& m_chart;
    ThemeManager& m_theme;
    QPointer<QToolButton> m_button;
    QMenu* m_menu = nullptr;

    QCPAxisRect* m_rect = nullptr;
    QCPBars* m_bars = nullptr;
    QCPGraph* m_line = nullptr;
    QCPItemStraightLine* m_guide = nullptr;
    QCPItemText* m_legend = nullptr;
    QSharedPointer<QCPAxisTicker> m_numberTicker;
    QSharedPointer<QCPAxisTickerText> m_actionTicker; // "flat", "long"
    bool m_shown = false;
    ModelPredictions m_predictions;
    QString m_note;
    QString m_exchange;
    QString m_symbol;
    QString m_timeframe;
    quint64 m_serial = 0;
    quint64 m_menuSerial = 0;
    std::vector<ModelVersionInfo> m_models;
};

} // namespace bcf::app
