#include "gui/bot_wizard.h"

#include "core/instrument_catalog.h"
#include "core/session_controller.h"
#include "gui/form_helpers.h"
#include "gui/strategy_params_model.h"
#include "gui/theme_manager.h"
#include "strategy/compiler.h"

#include <QAbstractButton>
#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QRadioButton>
#include <QRegularExpressionValidator>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTableView>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QWizardPage>

#include <functional>

using namespace Qt::StringLiterals;

namespace bcf::app {

namespace {

const QStringList timeframes = {u"1m"_s,  u"3m"_s, u"5m"_s, u"15m"_s, u"30m"_s, u"1h"_s,
                                u"2h"_s,  u"4h"_s, u"6h"_s, u"8h"_s,  u"12h"_s, u"1d"_s};

QString number(double value, int decimals)
{
    return QLocale().toString(value, 'f', decimals);
}

// A decimal field's text as the protocol writes it: the user may type a comma or a dot.
QString decimalText(const QLineEdit* edit)
{
    return edit->text().trimmed().replace(u',', u'.');
}

} // namespace

// A page whose completeness and validation are functions of the wizard, with a line for the
// error of one of its fields.
class BotWizard::Page final : public QWizardPage
{
public:
    explicit Page(QWidget* parent = nullptr)
        : QWizardPage(parent)
    {
        auto* layout = new QVBoxLayout(this);
        layout->setContentsMargins(0, 0, 0, 0);
        m_error = new QLabel(this);
        m_error->setObjectName(u"botWizardError"_s);
        m_error->setWordWrap(true);
        m_error->hide();
        layout->addWidget(m_error);
    }

    QVBoxLayout* body() { return static_cast<QVBoxLayout*>(layout()); }
    void setError(const QString& text, const QColor& color)
    {
        m_error->setText(text);
        m_error->setStyleSheet(u"QLabel { color: %1; border: 1px solid %1; border-radius: 3px; "
                               "padding: 4px 8px; }"_s.arg(color.name()));
        m_error->setVisible(!text.isEmpty());
    }
    QString error() const { return m_error->text(); }
    void changed() { emit completeChanged(); }

    std::function<bool()> complete;
    std::function<bool()> validate;
    std::function<void()> initialize;

    bool isComplete() const override { return complete ? complete() : true; }
    bool validatePage() override { return validate ? validate() : true; }
    void initializePage() override
    {
        if (initialize)
            initialize();
    }

private:
    QLabel* m_error = nullptr;
};

BotWizard::BotWizard(SessionController& session, InstrumentCatalog& instruments,
                     ThemeManager& theme, QWidget* parent)
    : QWizard(parent)
    , m_session(session)
    , m_instruments(instruments)
    , m_theme(theme)
{
    setObjectName(u"botWizard"_s);
    setWindowTitle(tr("New bot"));
    setWizardStyle(QWizard::ClassicStyle);
    setOption(QWizard::NoBackButtonOnStartPage);
    setOption(QWizard::HaveHelpButton, false);
    setButtonText(QWizard::FinishButton, tr("Create bot"));
    setButtonText(QWizard::NextButton, tr("Next >"));
    setButtonText(QWizard::BackButton, tr("< Back"));
    setButtonText(QWizard::CancelButton, tr("Cancel"));
    for (int id = GeneralPage; id <= SummaryPage; ++id)
        m_pages[id] = new Page(this);
    buildGeneralPage();
    buildMarketPage();
    buildSettingsPage();
    buildBudgetPage();
    buildSummaryPage();
    for (int id = GeneralPage; id <= SummaryPage; ++id)
        setPage(id, m_pages[id]);
    setMinimumSize(720, 560);
    setKind(BotKind::Grid);
}

BotWizard::~BotWizard() = default;

QLineEdit* BotWizard::decimalEdit(const QString& name, const QString& placeholder)
{
    auto* edit = new QLineEdit(this);
    edit->setObjectName(name);
    edit->setValidator(new QRegularExpressionValidator(
        QRegularExpression(u"^\\d{0,12}([.,]\\d{0,8})?$"_s), edit));
    edit->setPlaceholderText(placeholder);
    return edit;
}

void BotWizard::buildGeneralPage()
{
    Page* page = m_pages[GeneralPage];
    page->setTitle(tr("Kind and name"));
    page->setSubTitle(tr("What the bot does. It is created stopped; you start it from the "
                         "Bots dock."));
    m_kinds = new QButtonGroup(this);
    const struct {
        BotKind kind;
        QString title;
        QString line;
    } kinds[] = {
        {BotKind::Strategy, tr("Strategy"),
         tr("Runs one of your saved strategies on every closed bar, as the backtester does.")},
        {BotKind::Grid, tr("Grid"),
         tr("Keeps buy limits below the price and sell limits above it across a range, and "
            "re-places each level as the other side fills.")},
        {BotKind::Dca, tr("DCA"),
         tr("Buys in, adds safety orders as the price falls, and sells everything at a "
            "take-profit above the average entry; then starts again.")},
    };
    auto* box = new QVBoxLayout;
    box->setSpacing(4);
    for (const auto& entry : kinds) {
        auto* button = new QRadioButton(entry.title, page);
        button->setObjectName(u"botKind"_s + QString::number(int(entry.kind)));
        m_kinds->addButton(button, int(entry.kind));
        auto* line = new QLabel(entry.line, page);
        line->setWordWrap(true);
        line->setProperty("role", u"muted"_s);
        line->setContentsMargins(24, 0, 0, 8);
        box->addWidget(button);
        box->addWidget(line);
    }
    connect(m_kinds, &QButtonGroup::idToggled, this, [this](int, bool checked) {
        if (checked)
            updateKind();
    });
    page->body()->addLayout(box);
    auto* form = new QFormLayout;
    m_name = new QLineEdit(page);
    m_name->setObjectName(u"botName"_s);
    m_name->setMaxLength(80);
    m_name->setPlaceholderText(tr("e.g. BTC grid 90–110"));
    connect(m_name, &QLineEdit::textChanged, page, &Page::changed);
    form->addRow(tr("Name"), m_name);
    centerFormLabels(form);
    page->body()->addLayout(form);
    page->body()->addStretch(1);
    page->complete = [this] { return !m_name->text().trimmed().isEmpty(); };
}

void BotWizard::buildMarketPage()
{
    Page* page = m_pages[MarketPage];
    page->setTitle(tr("Market"));
    page->setSubTitle(tr("The instrument the bot trades, and where: on the paper venue, or live "
                         "on an exchange you hold a key for."));
    auto* form = new QFormLayout;
    m_symbol = new QComboBox(page);
    m_symbol->setObjectName(u"botSymbol"_s);
    const auto fillSymbols = [this] {
        const QString current = m_symbol->currentText();
        m_symbol->clear();
        m_symbol->addItems(m_instruments.symbols());
        m_symbol->setEditable(m_symbol->count() == 0); // no catalog yet: typed
        if (!current.isEmpty())
            m_symbol->setCurrentText(current);
    };
    fillSymbols();
    connect(&m_instruments, &InstrumentCatalog::instrumentsChanged, this, fillSymbols);
    connect(m_symbol, &QComboBox::currentTextChanged, page, &Page::changed);
    connect(m_symbol, &QComboBox::currentTextChanged, this, [this] {
        updateGridPreview();
        updateDcaPreview();
    });
    form->addRow(tr("Symbol"), m_symbol);
    m_timeframe = new QComboBox(page);
    m_timeframe->setObjectName(u"botTimeframe"_s);
    m_timeframe->addItems(timeframes);
    m_timeframe->setCurrentText(u"15m"_s);
    m_timeframeLabel = new QLabel(tr("Timeframe"), page);
    form->addRow(m_timeframeLabel, m_timeframe);
    m_venue = new QComboBox(page);
    m_venue->setObjectName(u"botVenue"_s);
    m_venue->setToolTip(tr("Paper: simulated fills on the live order book. A live venue: real "
                           "orders on the exchange, with real money."));
    form->addRow(tr("Venue"), m_venue);
    m_liveNote = new QLabel(page);
    m_liveNote->setObjectName(u"botLiveNote"_s);
    m_liveNote->setProperty("role", u"warning"_s);
    m_liveNote->setWordWrap(true);
    form->addRow(m_liveNote);
    connect(m_venue, &QComboBox::currentIndexChanged, this, &BotWizard::updateVenue);
    connect(&m_session, &SessionController::venuesChanged, this, &BotWizard::setVenues);
    setVenues(m_session.venues());
    centerFormLabels(form);
    page->body()->addLayout(form);
    page->body()->addStretch(1);
    page->complete = [this] { return !m_symbol->currentText().trimmed().isEmpty(); };
    page->initialize = [this] { proposeGridRange(); };
}

QWidget* BotWizard::buildStrategySettings()
{
    auto* widget = new QWidget(this);
    widget->setObjectName(u"botStrategySettings"_s);
    auto* layout = new QVBoxLayout(widget);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* form = new QFormLayout;
    m_strategy = new QComboBox(widget);
    m_strategy->setObjectName(u"botStrategy"_s);
    form->addRow(tr("Saved strategy"), m_strategy);
    centerFormLabels(form);
    layout->addLayout(form);
    m_strategyNote = new QLabel(widget);
    m_strategyNote->setWordWrap(true);
    m_strategyNote->setProperty("role", u"muted"_s);
    layout->addWidget(m_strategyNote);
    m_params = new StrategyParamsModel(this);
    m_paramsView = new QTableView(widget);
    m_paramsView->setObjectName(u"botStrategyParams"_s);
    m_paramsView->setModel(m_params);
    m_paramsView->verticalHeader()->hide();
    m_paramsView->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_paramsView->setEditTriggers(QAbstractItemView::DoubleClicked
                                  | QAbstractItemView::EditKeyPressed
                                  | QAbstractItemView::AnyKeyPressed);
    layout->addWidget(m_paramsView, 1);
    connect(m_params, &StrategyParamsModel::editRejected, this,
            [this](const QString& message) { setPageError(SettingsPage, message); });
    connect(m_params, &StrategyParamsModel::valuesEdited, this,
            [this] { setPageError(SettingsPage, {}); });
    connect(m_strategy, &QComboBox::currentIndexChanged, this, &BotWizard::strategyChosen);
    return widget;
}

QWidget* BotWizard::buildGridSettings()
{
    auto* widget = new QWidget(this);
    widget->setObjectName(u"botGridSettings"_s);
    auto* layout = new QHBoxLayout(widget);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(16);
    auto* form = new QFormLayout;
    m_lower = decimalEdit(u"botGridLower"_s);
    m_upper = decimalEdit(u"botGridUpper"_s);
    m_levels = new QSpinBox(widget);
    m_levels->setObjectName(u"botGridLevels"_s);
    m_levels->setRange(2, 200);
    m_levels->setValue(10);
    m_quantity = decimalEdit(u"botGridQuantity"_s);
    m_geometric = new QCheckBox(tr("Geometric (equal percentage steps)"), widget);
    m_geometric->setObjectName(u"botGridGeometric"_s);
    form->addRow(tr("Lower price"), m_lower);
    form->addRow(tr("Upper price"), m_upper);
    form->addRow(tr("Levels"), m_levels);
    form->addRow(tr("Quantity per level"), m_quantity);
    form->addRow(QString(), m_geometric);
    centerFormLabels(form);
    auto* left = new QVBoxLayout;
    left->addLayout(form);
    auto* hint = new QLabel(tr("Levels count both ends. The level nearest to the price stays "
                               "empty; buys rest below it, sells above it."),
                            widget);
    hint->setWordWrap(true);
    hint->setProperty("role", u"muted"_s);
    left->addWidget(hint);
    left->addStretch(1);
    layout->addLayout(left, 3);
    m_gridPreview = new QLabel(widget);
    m_gridPreview->setObjectName(u"botGridPreview"_s);
    m_gridPreview->setTextFormat(Qt::RichText);
    m_gridPreview->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_gridPreview->setWordWrap(true);
    m_gridPreview->setMinimumWidth(240);
    layout->addWidget(m_gridPreview, 2);
    for (QLineEdit* edit : {m_lower, m_upper, m_quantity})
        connect(edit, &QLineEdit::textChanged, this, &BotWizard::updateGridPreview);
    connect(m_levels, &QSpinBox::valueChanged, this, &BotWizard::updateGridPreview);
    connect(m_geometric, &QCheckBox::toggled, this, &BotWizard::updateGridPreview);
    return widget;
}

QWidget* BotWizard::buildDcaSettings()
{
    auto* widget = new QWidget(this);
    widget->setObjectName(u"botDcaSettings"_s);
    auto* layout = new QHBoxLayout(widget);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(16);
    auto* form = new QFormLayout;
    const auto spin = [widget](const QString& name, int low, int high, int value,
                               const QString& suffix) {
        auto* box = new QSpinBox(widget);
        box->setObjectName(name);
        box->setRange(low, high);
        box->setValue(value);
        box->setSuffix(suffix);
        return box;
    };
    m_baseOrder = decimalEdit(u"botDcaBaseOrder"_s);
    m_safetyOrder = decimalEdit(u"botDcaSafetyOrder"_s);
    m_maxSafety = spin(u"botDcaMaxSafety"_s, 0, 50, 3, {});
    m_deviation = spin(u"botDcaDeviation"_s, 0, 9999, 100, tr(" bp"));
    m_stepScale = spin(u"botDcaStepScale"_s, 10, 1000, 100, u" %"_s);
    m_volumeScale = spin(u"botDcaVolumeScale"_s, 10, 1000, 100, u" %"_s);
    m_takeProfit = spin(u"botDcaTakeProfit"_s, 1, 100000, 150, tr(" bp"));
    m_cooldown = spin(u"botDcaCooldown"_s, 0, 100000, 0, tr(" bars"));
    form->addRow(tr("Base order"), m_baseOrder);
    form->addRow(tr("Safety order"), m_safetyOrder);
    form->addRow(tr("Safety orders"), m_maxSafety);
    form->addRow(tr("Price deviation"), m_deviation);
    form->addRow(tr("Step scale"), m_stepScale);
    form->addRow(tr("Volume scale"), m_volumeScale);
    form->addRow(tr("Take-profit"), m_takeProfit);
    form->addRow(tr("Cooldown"), m_cooldown);
    centerFormLabels(form);
    layout->addLayout(form, 3);
    m_deviation->setToolTip(tr("Distance of the first safety order below the base fill, in "
                               "basis points (100 bp = 1 %)."));
    m_stepScale->setToolTip(tr("Each next distance step is this share of the previous one "
                               "(100 % = equal steps)."));
    m_volumeScale->setToolTip(tr("Each next safety order spends this share of the previous "
                                 "one."));
    m_takeProfit->setToolTip(tr("The take-profit's distance above the average entry, in basis "
                                "points."));
    m_cooldown->setToolTip(tr("Bar closes skipped after a take-profit before the next cycle."));
    auto* right = new QVBoxLayout;
    auto* title = new QLabel(tr("Safety orders, below the base fill"), widget);
    title->setProperty("role", u"muted"_s);
    right->addWidget(title);
    m_dcaPreview = new QTableWidget(widget);
    m_dcaPreview->setObjectName(u"botDcaPreview"_s);
    m_dcaPreview->setColumnCount(4);
    m_dcaPreview->verticalHeader()->hide();
    m_dcaPreview->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_dcaPreview->setSelectionMode(QAbstractItemView::NoSelection);
    m_dcaPreview->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    right->addWidget(m_dcaPreview, 1);
    layout->addLayout(right, 3);
    for (QLineEdit* edit : {m_baseOrder, m_safetyOrder})
        connect(edit, &QLineEdit::textChanged, this, &BotWizard::updateDcaPreview);
    for (QSpinBox* box : {m_maxSafety, m_deviation, m_stepScale, m_volumeScale})
        connect(box, &QSpinBox::valueChanged, this, &BotWizard::updateDcaPreview);
    return widget;
}

void BotWizard::buildSettingsPage()
{
    Page* page = m_pages[SettingsPage];
    m_settings = new QStackedWidget(page);
    m_strategySettings = buildStrategySettings();
    m_gridSettings = buildGridSettings();
    m_dcaSettings = buildDcaSettings();
    m_settings->addWidget(m_strategySettings);
    m_settings->addWidget(m_gridSettings);
    m_settings->addWidget(m_dcaSettings);
    page->body()->addWidget(m_settings, 1);
    for (QLineEdit* edit : {m_lower, m_upper, m_quantity, m_baseOrder, m_safetyOrder})
        connect(edit, &QLineEdit::textChanged, page, &Page::changed);
    page->complete = [this] {
        switch (kind()) {
        case BotKind::Strategy:
            return !m_loadedStrategy.isEmpty() && m_loadedStrategy == m_strategy->currentText();
        case BotKind::Grid:
            return isPositiveDecimal(decimalText(m_lower)) && isPositiveDecimal(decimalText(m_upper))
                   && isPositiveDecimal(decimalText(m_quantity));
        case BotKind::Dca:
            return isPositiveDecimal(decimalText(m_baseOrder))
                   && (m_maxSafety->value() == 0 || isPositiveDecimal(decimalText(m_safetyOrder)));
        case BotKind::Unspecified:
            break;
        }
        return false;
    };
    page->validate = [this] {
        if (kind() != BotKind::Grid)
            return true;
        if (!gridLevelPrices(decimalText(m_lower), decimalText(m_upper), m_levels->value(),
                             m_geometric->isChecked(),
                             m_instruments.find(m_symbol->currentText())
                                 ? m_instruments.find(m_symbol->currentText())->tickSize
                                 : QString())) {
            setPageError(SettingsPage,
                         tr("The upper price must be above the lower price, and the levels "
                            "must stay apart at the instrument's tick."));
            return false;
        }
        return true;
    };
    page->initialize = [this] {
        if (kind() == BotKind::Strategy && !m_strategiesLoaded)
            loadStrategies();
        updateGridPreview();
        updateDcaPreview();
    };
}

void BotWizard::buildBudgetPage()
{
    Page* page = m_pages[BudgetPage];
    page->setTitle(tr("Budget and risk limits"));
    page->setSubTitle(tr("The quote the bot may use, and where the risk engine stops it. An "
                         "empty or zero limit means none."));
    auto* form = new QFormLayout;
    m_budget = decimalEdit(u"botBudget"_s);
    m_maxPosition = decimalEdit(u"botMaxPosition"_s, tr("None"));
    m_maxDailyLoss = decimalEdit(u"botMaxDailyLoss"_s, tr("None"));
    m_maxDrawdown = new QDoubleSpinBox(page);
    m_maxDrawdown->setObjectName(u"botMaxDrawdown"_s);
    m_maxDrawdown->setRange(0, 100);
    m_maxDrawdown->setDecimals(2);
    m_maxDrawdown->setSuffix(u" %"_s);
    m_maxDrawdown->setSpecialValueText(tr("None"));
    m_maxOpenOrders = new QSpinBox(page);
    m_maxOpenOrders->setObjectName(u"botMaxOpenOrders"_s);
    m_maxOpenOrders->setRange(0, 1000);
    m_maxOpenOrders->setSpecialValueText(tr("None"));
    m_budgetLabel = new QLabel(tr("Budget"), page);
    form->addRow(m_budgetLabel, m_budget);
    form->addRow(tr("Max position"), m_maxPosition);
    form->addRow(tr("Max daily loss"), m_maxDailyLoss);
    form->addRow(tr("Max drawdown"), m_maxDrawdown);
    form->addRow(tr("Max open orders"), m_maxOpenOrders);
    centerFormLabels(form);
    page->body()->addLayout(form);
    page->body()->addStretch(1);
    connect(m_budget, &QLineEdit::textChanged, page, &Page::changed);
    page->complete = [this] { return isPositiveDecimal(decimalText(m_budget)); };
    page->initialize = [this] {
        const QString quote = quoteAsset();
        m_budgetLabel->setText(quote.isEmpty() ? tr("Budget") : tr("Budget (%1)").arg(quote));
    };
}

void BotWizard::buildSummaryPage()
{
    Page* page = m_pages[SummaryPage];
    page->setTitle(tr("Summary"));
    page->setSubTitle(tr("The bot is created stopped. Check it, then create it."));
    page->setFinalPage(true);
    m_summary = new QLabel(page);
    m_summary->setObjectName(u"botSummary"_s);
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setWordWrap(true);
    m_summary->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    page->body()->addWidget(m_summary, 1);
    page->initialize = [this] { updateSummary(); };
    page->validate = [this] { return submit(); };
    page->complete = [this] { return !m_busy; };
}

BotKind BotWizard::kind() const
{
    const int id = m_kinds->checkedId();
    return id < 0 ? BotKind::Unspecified : BotKind(id);
}

void BotWizard::setKind(BotKind kind)
{
    if (QAbstractButton* button = m_kinds->button(int(kind)))
        button->setChecked(true);
    updateKind();
}

void BotWizard::updateKind()
{
    const BotKind current = kind();
    const bool timeframe = current != BotKind::Grid;
    m_timeframe->setVisible(timeframe);
    m_timeframeLabel->setVisible(timeframe);
    Page* page = m_pages[SettingsPage];
    switch (current) {
    case BotKind::Strategy:
        m_settings->setCurrentWidget(m_strategySettings);
        page->setTitle(tr("Strategy"));
        page->setSubTitle(tr("A saved strategy (its latest version is copied into the bot) and "
                             "its parameters; double-click a value to change it."));
        break;
    case BotKind::Grid:
        m_settings->setCurrentWidget(m_gridSettings);
        page->setTitle(tr("Grid"));
        page->setSubTitle(tr("The range, the number of levels and the quantity bought or sold "
                             "at each level."));
        break;
    case BotKind::Dca:
        m_settings->setCurrentWidget(m_dcaSettings);
        page->setTitle(tr("DCA"));
        page->setSubTitle(tr("The orders of one cycle: a base order, safety orders below it and "
                             "the take-profit."));
        break;
    case BotKind::Unspecified:
        break;
    }
    page->changed();
}

bool BotWizard::timeframeVisible() const
{
    return !m_timeframe->isHidden();
}

QWidget* BotWizard::currentSettings() const
{
    return m_settings->currentWidget();
}

void BotWizard::setSymbol(const QString& symbol)
{
    if (symbol.isEmpty())
        return;
    if (m_symbol->findText(symbol) < 0 && m_symbol->isEditable())
        m_symbol->setEditText(symbol);
    else
        m_symbol->setCurrentText(symbol);
}

void BotWizard::setReferencePrice(const QString& symbol, const QString& price)
{
    m_referenceSymbol = symbol;
    m_referencePrice = price;
    updateGridPreview();
}

QString BotWizard::quoteAsset() const
{
    const Instrument* instrument = m_instruments.find(m_symbol->currentText());
    return instrument ? instrument->quote : QString();
}

void BotWizard::proposeGridRange()
{
    // A range of ±5 % around the last price, when the user has not typed one.
    if (!m_lower->text().isEmpty() || !m_upper->text().isEmpty()
        || m_referenceSymbol != m_symbol->currentText())
        return;
    const auto price = decimalToDouble(m_referencePrice);
    if (!price || *price <= 0)
        return;
    const int decimals = m_instruments.pricePrecision(m_symbol->currentText());
    const QString point = QLocale().decimalPoint();
    m_lower->setText(QString::number(*price * 0.95, 'f', decimals).replace(u'.', point));
    m_upper->setText(QString::number(*price * 1.05, 'f', decimals).replace(u'.', point));
}

void BotWizard::loadStrategies()
{
    m_strategyNote->setText(tr("Loading your strategies…"));
    m_session.listStrategies(
        this, [this](SessionController::Outcome<std::vector<StrategySummary>> result) {
            if (!result) {
                m_strategyNote->setText(tr("Your strategies could not be loaded: %1")
                                            .arg(result.error()));
                return;
            }
            m_strategiesLoaded = true;
            const QSignalBlocker blocker(m_strategy);
            m_strategy->clear();
            for (const StrategySummary& summary : *result)
                m_strategy->addItem(summary.name);
            if (result->empty()) {
                m_strategyNote->setText(tr("You have no saved strategies. Save one from the "
                                           "Strategy dock first."));
                return;
            }
            m_strategy->setCurrentIndex(0);
            strategyChosen();
        });
}

void BotWizard::strategyChosen()
{
    const QString name = m_strategy->currentText();
    m_pages[SettingsPage]->changed();
    if (name.isEmpty() || name == m_loadedStrategy)
        return;
    m_strategyNote->setText(tr("Loading “%1”…").arg(name));
    m_session.getStrategy(name, 0, this,
                          [this, name](SessionController::Outcome<StrategyDocument> result) {
                              if (m_strategy->currentText() != name)
                                  return; // another one was chosen meanwhile
                              if (!result) {
                                  m_strategyNote->setText(
                                      tr("“%1” could not be loaded: %2").arg(name, result.error()));
                                  return;
                              }
                              loadStrategy(*result);
                          });
}

bool BotWizard::loadStrategy(const StrategyDocument& document)
{
    if (m_strategy->findText(document.name) < 0)
        m_strategy->addItem(document.name);
    {
        const QSignalBlocker blocker(m_strategy);
        m_strategy->setCurrentText(document.name);
    }
    const QByteArray source = document.source.toUtf8();
    auto program = strategy::compileStrategy(
        std::string_view(source.constData(), std::size_t(source.size())));
    if (!program) {
        m_loadedStrategy.clear();
        m_params->setParams({});
        m_strategyNote->setText(tr("“%1” does not compile: %2")
                                    .arg(document.name,
                                         QString::fromStdString(program.error().toString())));
        m_pages[SettingsPage]->changed();
        return false;
    }
    m_loadedStrategy = document.name;
    m_params->setParams((*program)->params);
    m_strategyNote->setText(
        (*program)->params.empty()
            ? tr("Version %1. It declares no parameters.").arg(document.version)
            : tr("Version %1. Its parameters, with their declared defaults:")
                  .arg(document.version));
    m_pages[SettingsPage]->changed();
    return true;
}

void BotWizard::updateGridPreview()
{
    if (!m_gridPreview)
        return;
    const Instrument* instrument = m_instruments.find(m_symbol->currentText());
    const auto levels = gridLevelPrices(decimalText(m_lower), decimalText(m_upper), m_levels->value(),
                                        m_geometric->isChecked(),
                                        instrument ? instrument->tickSize : QString());
    if (!levels) {
        m_gridPreview->setText(u"<p style='color:%1'>%2</p>"_s.arg(
            m_theme.color(u"muted"_s).name(),
            tr("Enter a lower and an upper price to see the levels.").toHtmlEscaped()));
        return;
    }
    const int decimals = m_instruments.pricePrecision(m_symbol->currentText());
    const bool atPrice = m_referenceSymbol == m_symbol->currentText()
                         && isPositiveDecimal(m_referencePrice);
    QString html = u"<b>%1</b><br>"_s.arg(tr("Level prices").toHtmlEscaped());
    // Highest first, as on an order book; at most 24 lines, then an ellipsis.
    const int count = int(levels->size());
    for (int i = count - 1, shown = 0; i >= 0; --i, ++shown) {
        if (shown == 12 && count > 24) {
            html += u"…<br>"_s;
            i = 11;
        }
        html += formatAmount(levels->at(i), decimals).toHtmlEscaped() + u"<br>"_s;
    }
    const QString quote = quoteAsset();
    if (const auto capital = gridCapitalNeeded(*levels, decimalText(m_quantity),
                                               atPrice ? QStringView(m_referencePrice)
                                                       : QStringView())) {
        html += u"<br><b>%1</b><br>%2 %3<br><span style='color:%4'>%5</span>"_s.arg(
            tr("Capital needed").toHtmlEscaped(), formatAmount(*capital, 2).toHtmlEscaped(),
            quote.toHtmlEscaped(), m_theme.color(u"muted"_s).name(),
            (atPrice ? tr("at the last price %1").arg(formatAmount(m_referencePrice, decimals))
                     : tr("at the middle of the range"))
                .toHtmlEscaped());
    }
    m_gridPreview->setText(html);
}

void BotWizard::updateDcaPreview()
{
    if (!m_dcaPreview)
        return;
    const QString quote = quoteAsset();
    m_dcaPreview->setHorizontalHeaderLabels(
        {tr("#"), tr("Below base"), quote.isEmpty() ? tr("Spend") : tr("Spend (%1)").arg(quote),
         tr("Total")});
    const auto plan = dcaPlan(decimalText(m_baseOrder), decimalText(m_safetyOrder), m_maxSafety->value(),
                              m_deviation->value(), m_stepScale->value(), m_volumeScale->value());
    m_dcaPreview->setRowCount(int(plan.size()));
    for (int row = 0; row < int(plan.size()); ++row) {
        const DcaStep& step = plan[std::size_t(row)];
        const QStringList cells = {QString::number(step.index),
                                   u"−"_s + number(step.deviationPercent, 2) + u" %"_s,
                                   formatAmount(step.quote, 2), formatAmount(step.totalQuote, 2)};
        for (int column = 0; column < cells.size(); ++column) {
            auto* item = new QTableWidgetItem(cells[column]);
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            if (column == 1 && step.deviationPercent >= 100)
                item->setForeground(m_theme.color(u"danger"_s));
            m_dcaPreview->setItem(row, column, item);
        }
    }
}

BotDefinition BotWizard::definition() const
{
    BotDefinition result;
    result.name = m_name->text().trimmed();
    result.kind = kind();
    result.exchange = m_instruments.exchange();
    result.symbol = m_symbol->currentText().trimmed();
    result.venue = m_venue->currentData().toString();
    if (result.venue.isEmpty())
        result.venue = paperVenue.toString();
    if (result.kind != BotKind::Grid)
        result.timeframe = m_timeframe->currentText();
    const auto add = [&result](const QString& name, const QString& value) {
        result.parameters.push_back({.name = name, .value = value.trimmed()});
    };
    switch (result.kind) {
    case BotKind::Strategy: {
        result.strategyName = m_strategy->currentText();
        for (const auto& [name, value] : m_params->values())
            add(QString::fromStdString(name), StrategyParamsModel::numberText(value));
        break;
    }
    case BotKind::Grid:
        add(u"lower"_s, decimalText(m_lower));
        add(u"upper"_s, decimalText(m_upper));
        add(u"levels"_s, QString::number(m_levels->value()));
        add(u"quantity"_s, decimalText(m_quantity));
        add(u"geometric"_s, m_geometric->isChecked() ? u"1"_s : u"0"_s);
        break;
    case BotKind::Dca:
        add(u"base_order"_s, decimalText(m_baseOrder));
        add(u"safety_order"_s,
            decimalText(m_safetyOrder).isEmpty() ? u"0"_s : decimalText(m_safetyOrder));
        add(u"max_safety_orders"_s, QString::number(m_maxSafety->value()));
        add(u"deviation_bps"_s, QString::number(m_deviation->value()));
        add(u"step_scale_percent"_s, QString::number(m_stepScale->value()));
        add(u"volume_scale_percent"_s, QString::number(m_volumeScale->value()));
        add(u"take_profit_bps"_s, QString::number(m_takeProfit->value()));
        add(u"cooldown_bars"_s, QString::number(m_cooldown->value()));
        break;
    case BotKind::Unspecified:
        break;
    }
    result.budget = decimalText(m_budget);
    result.limits.maxPosition = decimalText(m_maxPosition);
    result.limits.maxDailyLoss = decimalText(m_maxDailyLoss);
    result.limits.maxDrawdownBasisPoints = int(std::lround(m_maxDrawdown->value() * 100));
    result.limits.maxOpenOrders = m_maxOpenOrders->value();
    return result;
}

void BotWizard::setVenues(const QStringList& venues)
{
    const QStringList offered = tradableVenues(venues);
    QStringList current;
    for (int i = 0; i < m_venue->count(); ++i)
        current << m_venue->itemData(i).toString();
    if (offered == current)
        return;
    const QString chosen = m_venue->currentData().toString();
    {
        const QSignalBlocker blocker(m_venue);
        m_venue->clear();
        for (const QString& name : offered)
            m_venue->addItem(venueDisplayName(name), name);
        // Never a live venue by surprise: a venue that is gone falls back to paper.
        const int index = m_venue->findData(chosen);
        m_venue->setCurrentIndex(index >= 0 ? index : 0);
    }
    m_venue->setEnabled(m_venue->count() > 1);
    updateVenue();
}

bool BotWizard::setVenue(const QString& venue)
{
    const int index = m_venue->findData(normalizedVenue(venue));
    if (index < 0)
        return false;
    m_venue->setCurrentIndex(index);
    return true;
}

void BotWizard::updateVenue()
{
    const QString venue = m_venue->currentData().toString();
    const bool live = isLiveVenue(venue);
    m_liveNote->setText(live ? tr("The bot places real orders on %1 with real money, within "
                                  "its budget and limits.")
                                   .arg(exchangeDisplayName(venue))
                             : QString());
    m_liveNote->setVisible(live);
    if (m_summary)
        updateSummary();
}

void BotWizard::updateSummary()
{
    const BotDefinition d = definition();
    const QString quote = quoteAsset();
    const auto row = [](const QString& label, const QString& value) {
        return u"<tr><td style='padding-right:18px'>%1</td><td><b>%2</b></td></tr>"_s.arg(
            label.toHtmlEscaped(), value.toHtmlEscaped());
    };
    const auto orNone = [](const QString& value) { return value.isEmpty() ? tr("none") : value; };
    QString html = u"<table cellspacing='3'>"_s;
    html += row(tr("Name"), d.name);
    html += row(tr("Kind"), botKindName(d.kind));
    html += row(tr("Market"), d.kind == BotKind::Grid ? d.symbol
                                                      : tr("%1 %2").arg(d.symbol, d.timeframe));
    html += row(tr("Venue"), isLiveVenue(d.venue)
                                 ? tr("%1 — real orders with real money")
                                       .arg(venueDisplayName(d.venue))
                                 : tr("%1 — simulated fills").arg(venueDisplayName(d.venue)));
    if (d.kind == BotKind::Strategy)
        html += row(tr("Strategy"), tr("%1 (latest version)").arg(d.strategyName));
    QStringList parameters;
    for (const BotParameter& parameter : d.parameters)
        parameters << parameter.name + u" = "_s + parameter.value;
    html += row(tr("Parameters"), parameters.isEmpty() ? tr("none") : parameters.join(u", "_s));
    html += row(tr("Budget"), (d.budget + u' ' + quote).trimmed());
    html += row(tr("Max position"), orNone(d.limits.maxPosition));
    html += row(tr("Max daily loss"), orNone(d.limits.maxDailyLoss));
    html += row(tr("Max drawdown"),
                d.limits.maxDrawdownBasisPoints == 0
                    ? tr("none")
                    : number(d.limits.maxDrawdownBasisPoints / 100.0, 2) + u" %"_s);
    html += row(tr("Max open orders"), d.limits.maxOpenOrders == 0
                                           ? tr("none")
                                           : QString::number(d.limits.maxOpenOrders));
    html += u"</table>"_s;
    m_summary->setText(html);
}

QString BotWizard::summaryText() const
{
    QString text = m_summary->text();
    text.replace(u"</tr>"_s, u"\n"_s);
    text.replace(u"</td><td>"_s, u": "_s);
    static const QRegularExpression tags(u"<[^>]*>"_s);
    text.remove(tags);
    return text.trimmed();
}

bool BotWizard::submit()
{
    if (m_busy)
        return false;
    clearPageErrors();
    m_busy = true;
    m_pages[SummaryPage]->changed();
    m_session.createBot(definition(), this,
                        [this](SessionController::TradingOutcome<Bot> result) {
                            m_busy = false;
                            m_pages[SummaryPage]->changed();
                            if (!result) {
                                showServerError(result.error());
                                return;
                            }
                            emit botCreated(*result);
                            accept();
                        });
    return false; // the answer decides
}

int BotWizard::showServerError(const TradingError& error)
{
    clearPageErrors();
    int target = SummaryPage;
    QString text = error.message;
    if (!error.field.isEmpty()) {
        switch (botFieldSection(error.field)) {
        case BotFormSection::General:
            target = GeneralPage;
            break;
        case BotFormSection::Market:
            target = MarketPage;
            break;
        case BotFormSection::Settings:
            target = SettingsPage;
            break;
        case BotFormSection::Budget:
            target = BudgetPage;
            break;
        }
        text = tr("%1: %2").arg(error.field, error.fieldMessage);
    }
    setPageError(target, text);
    while (currentId() > target && currentId() != -1)
        back();
    if (QWidget* field = fieldWidget(error.field, error.fieldMessage))
        field->setFocus();
    return target;
}

QWidget* BotWizard::fieldWidget(const QString& field, const QString& message) const
{
    const QString name = field.toLower();
    QString parameter = name;
    if (name == u"parameters") // "parameters: lower is required."
        parameter = message.section(u' ', 0, 0).toLower();
    static const std::pair<const char*, const char*> aliases[] = {
        {"lowerprice", "lower"}, {"upperprice", "upper"}, {"quantityperlevel", "quantity"},
        {"baseorderquote", "base_order"}, {"safetyorderquote", "safety_order"},
        {"maxsafetyorders", "max_safety_orders"}, {"pricedeviationbasispoints", "deviation_bps"},
        {"stepscalepercent", "step_scale_percent"}, {"volumescalepercent", "volume_scale_percent"},
        {"takeprofitbasispoints", "take_profit_bps"}, {"cooldownbars", "cooldown_bars"}};
    for (const auto& [from, to] : aliases) {
        if (parameter == QLatin1StringView(from))
            parameter = QLatin1StringView(to);
    }
    const std::pair<QString, QWidget*> widgets[] = {
        {u"name"_s, m_name},           {u"symbol"_s, m_symbol},
        {u"timeframe"_s, m_timeframe}, {u"budget"_s, m_budget},
        {u"max position"_s, m_maxPosition}, {u"max daily loss"_s, m_maxDailyLoss},
        {u"limits"_s, m_maxDrawdown},  {u"strategy"_s, m_strategy},
        {u"lower"_s, m_lower},         {u"upper"_s, m_upper},
        {u"levels"_s, m_levels},       {u"quantity"_s, m_quantity},
        {u"base_order"_s, m_baseOrder}, {u"safety_order"_s, m_safetyOrder},
        {u"max_safety_orders"_s, m_maxSafety}, {u"deviation_bps"_s, m_deviation},
        {u"step_scale_percent"_s, m_stepScale}, {u"volume_scale_percent"_s, m_volumeScale},
        {u"take_profit_bps"_s, m_takeProfit}, {u"cooldown_bars"_s, m_cooldown}};
    for (const auto& [key, widget] : widgets) {
        if (key == parameter)
            return widget;
    }
    return nullptr;
}

void BotWizard::setPageError(int id, const QString& text)
{
    m_pages[id]->setError(text, m_theme.color(u"danger"_s));
}

QString BotWizard::pageError(int id) const
{
    return m_pages[id]->error();
}

void BotWizard::clearPageErrors()
{
    for (int id = GeneralPage; id <= SummaryPage; ++id)
        setPageError(id, {});
}

} // namespace bcf::app
