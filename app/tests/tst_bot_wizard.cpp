// The create-bot wizard without a server: its pages, which fields each kind shows, the
// definition it builds for a grid, a DCA and a strategy bot (parameters with their declared
// defaults, edits applied), the grid and DCA previews, and a server's field error shown on the
// page of that field.
#include "core/instrument_catalog.h"
#include "core/preferences.h"
#include "core/session_controller.h"
#include "gui/bot_wizard.h"
#include "gui/strategy_params_model.h"
#include "gui/theme_manager.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace bcf::app;
using namespace Qt::StringLiterals;

namespace {

struct Fixture {
    QTemporaryDir dir;
    Preferences preferences{std::make_unique<QSettings>(dir.filePath(u"settings.ini"_s),
                                                        QSettings::IniFormat)};
    ThemeManager theme{preferences};
    SessionController session{ConnectionProfile{}};
    InstrumentCatalog instruments{session, u"binance"_s};

    Fixture()
    {
        instruments.setInstruments(
            {{.exchange = u"binance"_s, .symbol = u"BTCUSDT"_s, .base = u"BTC"_s,
              .quote = u"USDT"_s, .tickSize = u"0.01"_s, .lotSize = u"0.001"_s,
              .minNotional = u"5"_s, .pricePrecision = 2, .quantityPrecision = 3},
             {.exchange = u"binance"_s, .symbol = u"ETHUSDT"_s, .base = u"ETH"_s,
              .quote = u"USDT"_s, .tickSize = u"0.01"_s, .lotSize = u"0.0001"_s,
              .minNotional = u"5"_s, .pricePrecision = 2, .quantityPrecision = 4}});
    }
};

const char* const strategySource = R"(strategy "SMA cross"
param fast = 10 range 5..50 step 5
param slow = 30 range 20..200 step 10

let fastMa = sma(close, fast)
let slowMa = sma(close, slow)

long entry when crossover(fastMa, slowMa)
long exit  when crossunder(fastMa, slowMa)
)";

} // namespace

class TestBotWizard final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }

    void pagesAndVisibilityPerKind()
    {
        Fixture f;
        BotWizard wizard(f.session, f.instruments, f.theme);
        QCOMPARE(wizard.pageIds(),
                 (QList<int>{BotWizard::GeneralPage, BotWizard::MarketPage,
                             BotWizard::SettingsPage, BotWizard::BudgetPage,
                             BotWizard::SummaryPage}));
        wizard.show();
        QCOMPARE(wizard.currentId(), int(BotWizard::GeneralPage));
        // A name is needed before going on.
        QVERIFY(!wizard.currentPage()->isComplete());
        wizard.nameEdit()->setText(u"My grid"_s);
        QVERIFY(wizard.currentPage()->isComplete());

        wizard.setKind(BotKind::Grid);
        QVERIFY(!wizard.timeframeVisible());
        QCOMPARE(wizard.currentSettings()->objectName(), u"botGridSettings"_s);
        wizard.setKind(BotKind::Dca);
        QVERIFY(wizard.timeframeVisible());
        QCOMPARE(wizard.currentSettings()->objectName(), u"botDcaSettings"_s);
        wizard.setKind(BotKind::Strategy);
        QVERIFY(wizard.timeframeVisible());
        QCOMPARE(wizard.currentSettings()->objectName(), u"botStrategySettings"_s);
        QCOMPARE(wizard.page(BotWizard::SettingsPage)->title(), u"Strategy"_s);
    }

    void gridDefinitionAndPreview()
    {
        Fixture f;
        BotWizard wizard(f.session, f.instruments, f.theme);
        wizard.setSymbol(u"BTCUSDT"_s);
        wizard.setReferencePrice(u"BTCUSDT"_s, u"104.9"_s);
        wizard.show();
        wizard.setKind(BotKind::Grid);
        wizard.nameEdit()->setText(u"BTC grid"_s);
        wizard.next();
        QCOMPARE(wizard.currentId(), int(BotWizard::MarketPage));
        wizard.next();
        QCOMPARE(wizard.currentId(), int(BotWizard::SettingsPage));
        // A range around the last price is proposed; the user types their own.
        QVERIFY(!wizard.gridLower()->text().isEmpty());
        wizard.gridLower()->setText(u"100"_s);
        wizard.gridUpper()->setText(u"110"_s);
        wizard.gridLevels()->setValue(6);
        QVERIFY(!wizard.currentPage()->isComplete()); // no quantity yet
        wizard.gridQuantity()->setText(u"0,1"_s); // a comma as the decimal point is taken
        QVERIFY(wizard.currentPage()->isComplete());
        const QString preview = wizard.gridPreview()->text();
        for (const char* level : {"100.00", "102.00", "104.00", "106.00", "108.00", "110.00"})
            QVERIFY2(preview.contains(QLatin1StringView(level)), qPrintable(preview));
        QVERIFY2(preview.contains(u"51.67"_s), qPrintable(preview)); // at the last price
        wizard.next();
        QCOMPARE(wizard.currentId(), int(BotWizard::BudgetPage));
        QVERIFY(!wizard.currentPage()->isComplete()); // a budget is required
        wizard.budgetEdit()->setText(u"1000"_s);
        wizard.maxPositionEdit()->setText(u"0.5"_s);
        wizard.maxDrawdownBox()->setValue(12.5);
        wizard.maxOpenOrdersBox()->setValue(20);
        wizard.next();
        QCOMPARE(wizard.currentId(), int(BotWizard::SummaryPage));
        QVERIFY2(wizard.summaryText().contains(u"BTC grid"_s), qPrintable(wizard.summaryText()));
        QVERIFY(wizard.summaryText().contains(u"12.50 %"_s));

        const BotDefinition d = wizard.definition();
        QCOMPARE(d.name, u"BTC grid"_s);
        QCOMPARE(d.kind, BotKind::Grid);
        QCOMPARE(d.exchange, u"binance"_s);
        QCOMPARE(d.symbol, u"BTCUSDT"_s);
        QCOMPARE(d.venue, u"paper"_s);
        QVERIFY(d.timeframe.isEmpty());
        QCOMPARE(d.parameters,
                 (std::vector<BotParameter>{{u"lower"_s, u"100"_s},
                                            {u"upper"_s, u"110"_s},
                                            {u"levels"_s, u"6"_s},
                                            {u"quantity"_s, u"0.1"_s},
                                            {u"geometric"_s, u"0"_s}}));
        QCOMPARE(d.budget, u"1000"_s);
        QCOMPARE(d.limits.maxPosition, u"0.5"_s);
        QVERIFY(d.limits.maxDailyLoss.isEmpty());
        QCOMPARE(d.limits.maxDrawdownBasisPoints, 1250);
        QCOMPARE(d.limits.maxOpenOrders, 20);
    }

    void dcaDefinitionAndPlan()
    {
        Fixture f;
        BotWizard wizard(f.session, f.instruments, f.theme);
        wizard.setKind(BotKind::Dca);
        wizard.symbolBox()->setCurrentText(u"ETHUSDT"_s);
        wizard.timeframeBox()->setCurrentText(u"1h"_s);
        wizard.dcaBaseOrder()->setText(u"100"_s);
        wizard.dcaSafetyOrder()->setText(u"50"_s);
        wizard.dcaMaxSafetyOrders()->setValue(2);
        QCOMPARE(wizard.dcaPreview()->rowCount(), 2);
        QCOMPARE(wizard.dcaPreview()->item(1, 3)->text(), u"200.00"_s); // 100 + 50 + 50
        const BotDefinition d = wizard.definition();
        QCOMPARE(d.kind, BotKind::Dca);
        QCOMPARE(d.symbol, u"ETHUSDT"_s);
        QCOMPARE(d.timeframe, u"1h"_s);
        QCOMPARE(d.parameter(u"base_order"_s), u"100"_s);
        QCOMPARE(d.parameter(u"safety_order"_s), u"50"_s);
        QCOMPARE(d.parameter(u"max_safety_orders"_s), u"2"_s);
        QCOMPARE(d.parameter(u"deviation_bps"_s), u"100"_s);
        QCOMPARE(d.parameter(u"step_scale_percent"_s), u"100"_s);
        QCOMPARE(d.parameter(u"volume_scale_percent"_s), u"100"_s);
        QCOMPARE(d.parameter(u"take_profit_bps"_s), u"150"_s);
        QCOMPARE(d.parameter(u"cooldown_bars"_s), u"0"_s);
    }

    void strategyParametersWithDefaults()
    {
        Fixture f;
        BotWizard wizard(f.session, f.instruments, f.theme);
        wizard.setKind(BotKind::Strategy);
        StrategyDocument document;
        document.name = u"SMA cross"_s;
        document.version = 3;
        document.source = QString::fromUtf8(strategySource);
        QVERIFY(wizard.loadStrategy(document));
        QCOMPARE(wizard.strategyBox()->currentText(), u"SMA cross"_s);
        QCOMPARE(wizard.strategyParams()->rowCount(), 2);
        // An edit inside the declared range is taken.
        QVERIFY(wizard.strategyParams()->setData(
            wizard.strategyParams()->index(0, StrategyParamsModel::ValueColumn), u"15"_s));
        const BotDefinition d = wizard.definition();
        QCOMPARE(d.kind, BotKind::Strategy);
        QCOMPARE(d.strategyName, u"SMA cross"_s);
        QCOMPARE(d.timeframe, u"15m"_s);
        QCOMPARE(d.parameter(u"fast"_s), u"15"_s);
        QCOMPARE(d.parameter(u"slow"_s), u"30"_s); // the declared default

        StrategyDocument broken = document;
        broken.name = u"Broken"_s;
        broken.source = u"long entry when nonsense("_s;
        QVERIFY(!wizard.loadStrategy(broken));
    }

    void serverErrorsGoToTheirPage()
    {
        Fixture f;
        BotWizard wizard(f.session, f.instruments, f.theme);
        wizard.setSymbol(u"BTCUSDT"_s);
        wizard.show();
        wizard.setKind(BotKind::Grid);
        wizard.nameEdit()->setText(u"grid"_s);
        wizard.next();
        wizard.next();
        wizard.gridLower()->setText(u"100"_s);
        wizard.gridUpper()->setText(u"110"_s);
        wizard.gridQuantity()->setText(u"0.01"_s);
        wizard.next();
        wizard.budgetEdit()->setText(u"1000"_s);
        wizard.next();
        QCOMPARE(wizard.currentId(), int(BotWizard::SummaryPage));

        const int settings = wizard.showServerError(
            {.message = u"levels: …"_s,
             .field = u"quantityPerLevel"_s,
             .fieldMessage = u"0.01 at lowerPrice 100 is worth 1, below the minimum notional 5"_s});
        QCOMPARE(settings, int(BotWizard::SettingsPage));
        QCOMPARE(wizard.currentId(), int(BotWizard::SettingsPage));
        QVERIFY(wizard.pageError(BotWizard::SettingsPage).contains(u"minimum notional"_s));
        QVERIFY(wizard.pageError(BotWizard::SummaryPage).isEmpty());

        wizard.next();
        wizard.next();
        QCOMPARE(wizard.showServerError({.message = u"budget: must be greater than zero."_s,
                                         .field = u"budget"_s,
                                         .fieldMessage = u"must be greater than zero."_s}),
                 int(BotWizard::BudgetPage));
        QCOMPARE(wizard.currentId(), int(BotWizard::BudgetPage));
        QVERIFY(wizard.pageError(BotWizard::SettingsPage).isEmpty()); // the old one is gone
        QCOMPARE(wizard.pageError(BotWizard::BudgetPage), u"budget: must be greater than zero."_s);

        wizard.next();
        QCOMPARE(wizard.showServerError({.message = u"symbol: XYZ is not listed on binance."_s,
                                         .field = u"symbol"_s,
                                         .fieldMessage = u"XYZ is not listed on binance."_s}),
                 int(BotWizard::MarketPage));
        QCOMPARE(wizard.currentId(), int(BotWizard::MarketPage));

        wizard.next();
        wizard.next();
        wizard.next();
        // Without a field: on the summary, where the user is.
        QCOMPARE(wizard.showServerError(
                     {.message = u"The server cannot be reached."_s, .field = {}, .fieldMessage = {}}),
                 int(BotWizard::SummaryPage));
        QCOMPARE(wizard.currentId(), int(BotWizard::SummaryPage));
        QCOMPARE(wizard.pageError(BotWizard::SummaryPage), u"The server cannot be reached."_s);
    }

    void venueFollowsTheUsersVenues()
    {
        Fixture f;
        BotWizard wizard(f.session, f.instruments, f.theme);
        // Not logged in: paper only, and paper is what a bot gets unless the user chooses.
        QCOMPARE(wizard.venueBox()->count(), 1);
        QCOMPARE(wizard.definition().venue, u"paper"_s);
        QVERIFY(!wizard.setVenue(u"binance"_s));
        wizard.setVenues({u"paper"_s, u"binance"_s});
        QCOMPARE(wizard.venueBox()->count(), 2);
        QCOMPARE(wizard.definition().venue, u"paper"_s);
        QVERIFY2(wizard.summaryText().contains(u"Venue: Paper — simulated fills"_s),
                 qPrintable(wizard.summaryText()));
        QVERIFY(wizard.setVenue(u"binance"_s));
        QCOMPARE(wizard.definition().venue, u"binance"_s);
        QVERIFY2(wizard.summaryText().contains(
                     u"Venue: Binance (live) — real orders with real money"_s),
                 qPrintable(wizard.summaryText()));
        QVERIFY(!wizard.findChild<QLabel*>(u"botLiveNote"_s)->text().isEmpty());
        // The key is deleted meanwhile: back to paper, never a live venue by surprise.
        wizard.setVenues({u"paper"_s});
        QCOMPARE(wizard.definition().venue, u"paper"_s);
        QVERIFY(wizard.findChild<QLabel*>(u"botLiveNote"_s)->text().isEmpty());
    }
};

QTEST_MAIN(TestBotWizard)
#include "tst_bot_wizard.moc"
