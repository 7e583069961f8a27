#pragma once

#include "core/bot_types.h"
#include "core/strategy_types.h"

#include <QPointer>
#include <QWizard>

class QButtonGroup;
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QStackedWidget;
class QTableView;
class QTableWidget;

namespace bcf::app {

class InstrumentCatalog;
class SessionController;
class StrategyParamsModel;
class ThemeManager;

// The "New bot" wizard of the bots dock: the kind (strategy, grid or DCA, each explained in a line)
// and the bot's name; the market (a symbol of the instrument catalog, a timeframe for strategy and
// DCA bots, and the venue: Paper, or a live venue the user holds a key for, with a warning that its
// orders are real and use real money); the kind's settings (a saved strategy with its declared
// parameters, editable, defaults from compiling its source; a grid's range, levels, quantity and
// spacing with a live preview of the level prices and the quote they need; every DCA parameter with
// a preview of the safety-order plan); the budget and risk limits; and a summary that names the
// venue. Finishing sends CreateBot; a field the server refuses is shown on the page that holds it
// (the wizard goes back there), other errors on the summary. botCreated() reports the new (stopped)
// bot and the wizard closes. GUI thread only.
class BotWizard final : public QWizard
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BotWizard)

public:
    enum PageId { GeneralPage, MarketPage, SettingsPage, BudgetPage, SummaryPage };

    BotWizard(SessionController& session, InstrumentCatalog& instruments, ThemeManager& theme,
              QWidget* parent = nullptr);
    ~BotWizard() override;

    BotKind kind() const;
    void setKind(BotKind kind);
    // The symbol preselected (the chart's) and the last price known for it: the grid's preview
    // counts the capital at that price and proposes a range around it.
    void setSymbol(const QString& symbol);
    void setReferencePrice(const QString& symbol, const QString& price);
    // The strategy whose parameters the strategy settings show (what choosing a saved strategy
    // loads from the server). Returns false (with the compiler's message shown) when its source
    // does not compile.
    bool loadStrategy(const StrategyDocument& document);
    // The definition the fields describe, as CreateBot will send it.
    BotDefinition definition() const;
    // Shows a refused creation: on the page of its field (going back to it), or on the summary.
    // Returns the page it is shown on.
    int showServerError(const TradingError& error);
    // The error shown on a page ("" when none).
    QString pageError(int id) const;
    // The summary as plain text (for tests).
    QString summaryText() const;
    // Whether the timeframe row is shown (strategy and DCA bots); the settings shown.
    bool timeframeVisible() const;
    QWidget* currentSettings() const;

    // The fields, for tests and the screenshot mode.
    QLineEdit* nameEdit() const { return m_name; }
    QComboBox* symbolBox() const { return m_symbol; }
    QComboBox* timeframeBox() const { return m_timeframe; }
    QComboBox* venueBox() const { return m_venue; }
    // The venues offered (SessionController::venues(), which the wizard follows by itself):
    // the chosen one stays when it is still offered, otherwise Paper is chosen.
    void setVenues(const QStringList& venues);
    // False when `venue` is not offered.
    bool setVenue(const QString& venue);
    QComboBox* strategyBox() const { return m_strategy; }
    StrategyParamsModel* strategyParams() const { return m_params; }
    QLineEdit* gridLower() const { return m_lower; }
    QLineEdit* gridUpper() const { return m_upper; }
    QSpinBox* gridLevels() const { return m_levels; }
    QLineEdit* gridQuantity() const { return m_quantity; }
    QCheckBox* gridGeometric() const { return m_geometric; }
    QLabel* gridPreview() const { return m_gridPreview; }
    QLineEdit* dcaBaseOrder() const { return m_baseOrder; }
    QLineEdit* dcaSafetyOrder() const { return m_safetyOrder; }
    QSpinBox* dcaMaxSafetyOrders() const { return m_maxSafety; }
    QTableWidget* dcaPreview() const { return m_dcaPreview; }
    QLineEdit* budgetEdit() const { return m_budget; }
    QLineEdit* maxPositionEdit() const { return m_maxPosition; }
    QLineEdit* maxDailyLossEdit() const { return m_maxDailyLoss; }
    QDoubleSpinBox* maxDrawdownBox() const { return m_maxDrawdown; }
    QSpinBox* maxOpenOrdersBox() const { return m_maxOpenOrders; }

signals:
    void botCreated(const bcf::app::Bot& bot);

private:
    class Page;

    void buildGeneralPage();
    void buildMarketPage();
    void buildSettingsPage();
    void buildBudgetPage();
    void buildSummaryPage();
    QWidget* buildStrategySettings();
    QWidget* buildGridSettings();
    QWidget* buildDcaSettings();
    void updateKind();
    void loadStrategies();
    void strategyChosen();
    void updateGridPreview();
    void updateDcaPreview();
    void updateSummary();
    void updateVenue();
    void proposeGridRange();
    bool submit();
    void setPageError(int id, const QString& text);
    void clearPageErrors();
    QWidget* fieldWidget(const QString& field, const QString& message) const;
    QString quoteAsset() const;
    QLineEdit* decimalEdit(const QString& name, const QString& placeholder = {});

    SessionController& m_session;
    InstrumentCatalog& m_instruments;
    ThemeManager& m_theme;

    Page* m_pages[5] = {};
    QButtonGroup* m_kinds = nullptr;
    QLineEdit* m_name = nullptr;
    QComboBox* m_symbol = nullptr;
    QLabel* m_timeframeLabel = nullptr;
    QComboBox* m_timeframe = nullptr;
    QComboBox* m_venue = nullptr;
    QLabel* m_liveNote = nullptr;
    QStackedWidget* m_settings = nullptr;
    QWidget* m_strategySettings = nullptr;
    QWidget* m_gridSettings = nullptr;
    QWidget* m_dcaSettings = nullptr;
    QComboBox* m_strategy = nullptr;
    QLabel* m_strategyNote = nullptr;
    QTableView* m_paramsView = nullptr;
    StrategyParamsModel* m_params = nullptr;
    QString m_loadedStrategy; // the name whose parameters are shown
    bool m_strategiesLoaded = false;
    QLineEdit* m_lower = nullptr;
    QLineEdit* m_upper = nullptr;
    QSpinBox* m_levels = nullptr;
    QLineEdit* m_quantity = nullptr;
    QCheckBox* m_geometric = nullptr;
    QLabel* m_gridPreview = nullptr;
    QLineEdit* m_baseOrder = nullptr;
    QLineEdit* m_safetyOrder = nullptr;
    QSpinBox* m_maxSafety = nullptr;
    QSpinBox* m_deviation = nullptr;
    QSpinBox* m_stepScale = nullptr;
    QSpinBox* m_volumeScale = nullptr;
    QSpinBox* m_takeProfit = nullptr;
    QSpinBox* m_cooldown = nullptr;
    QTableWidget* m_dcaPreview = nullptr;
    QLabel* m_budgetLabel = nullptr;
    QLineEdit* m_budget = nullptr;
    QLineEdit* m_maxPosition = nullptr;
    QLineEdit* m_maxDailyLoss = nullptr;
    QDoubleSpinBox* m_maxDrawdown = nullptr;
    QSpinBox* m_maxOpenOrders = nullptr;
    QLabel* m_summary = nullptr;
    QString m_referenceSymbol;
    QString m_referencePrice;
    bool m_busy = false;
};

} // namespace bcf::app
