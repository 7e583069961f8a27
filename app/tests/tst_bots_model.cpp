// The bots dock without a server: the table's states and their colours (a failed bot's reason
// as the tooltip), merging StreamBots reports (stale ones change nothing), deletions, the life
// cycle's allowed actions, the dock applying stream updates, and the bot types' helpers (field
// errors, grid levels and capital, the DCA plan).
#include "core/bot_types.h"
#include "core/instrument_catalog.h"
#include "core/preferences.h"
#include "core/session_controller.h"
#include "gui/bots_model.h"
#include "gui/bots_panel.h"
#include "gui/theme_manager.h"

#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace bcf::app;
using namespace Qt::StringLiterals;

namespace {

Bot bot(qint64 id, const QString& name, BotState state, qint64 updatedMs = 1000)
{
    Bot result;
    result.id = id;
    result.definition.name = name;
    result.definition.kind = BotKind::Grid;
    result.definition.exchange = u"binance"_s;
    result.definition.symbol = u"BTCUSDT"_s;
    result.definition.venue = u"paper"_s;
    result.definition.budget = u"1000"_s;
    result.state = state;
    result.position = u"0.301"_s;
    result.equity = u"1000.5"_s;
    result.realizedPnl = u"1.25"_s;
    result.unrealizedPnl = u"-0.4"_s;
    result.fees = u"0.03"_s;
    result.openOrders = 4;
    result.updatedMs = updatedMs;
    return result;
}

QString cell(const QAbstractItemModel& model, int row, int column, int role = Qt::DisplayRole)
{
    return model.data(model.index(row, column), role).toString();
}

QColor color(const QAbstractItemModel& model, int row, int column)
{
    return model.data(model.index(row, column), Qt::ForegroundRole).value<QColor>();
}

const QColor running(0x11, 0xaa, 0x11);
const QColor paused(0xaa, 0xaa, 0x11);
const QColor failed(0xaa, 0x11, 0x11);
const QColor muted(0x77, 0x77, 0x77);

} // namespace

class TestBotsModel final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }

    void statesAreColoured()
    {
        BotsModel model;
        model.setColors(running, paused, failed, muted);
        Bot broken = bot(4, u"d"_s, BotState::Failed);
        broken.stateReason = u"Risk: max drawdown 10% reached"_s;
        model.setBots({bot(3, u"c"_s, BotState::Paused), bot(1, u"a"_s, BotState::Running),
                       bot(2, u"b"_s, BotState::Stopped), broken});
        QCOMPARE(model.rowCount(), 4);
        // In the order they were created.
        QCOMPARE(cell(model, 0, BotsModel::NameColumn), u"a"_s);
        QCOMPARE(cell(model, 3, BotsModel::NameColumn), u"d"_s);
        QCOMPARE(cell(model, 0, BotsModel::StateColumn), u"Running"_s);
        QCOMPARE(color(model, 0, BotsModel::StateColumn), running);
        QCOMPARE(cell(model, 2, BotsModel::StateColumn), u"Paused"_s);
        QCOMPARE(color(model, 2, BotsModel::StateColumn), paused);
        QCOMPARE(color(model, 1, BotsModel::StateColumn), muted);
        QCOMPARE(cell(model, 3, BotsModel::StateColumn), u"Failed"_s);
        QCOMPARE(color(model, 3, BotsModel::StateColumn), failed);
        QCOMPARE(cell(model, 3, BotsModel::StateColumn, Qt::ToolTipRole),
                 u"Risk: max drawdown 10% reached"_s);
        QVERIFY(cell(model, 0, BotsModel::StateColumn, Qt::ToolTipRole).isEmpty());
        // PnL by sign; amounts exact, two places for money.
        QCOMPARE(cell(model, 0, BotsModel::RealizedColumn), u"+1.25"_s);
        QCOMPARE(color(model, 0, BotsModel::RealizedColumn), running);
        QVERIFY(cell(model, 0, BotsModel::UnrealizedColumn).endsWith(u"0.40"_s));
        QCOMPARE(color(model, 0, BotsModel::UnrealizedColumn), failed);
        QCOMPARE(cell(model, 0, BotsModel::EquityColumn), u"1000.50"_s);
        QCOMPARE(cell(model, 0, BotsModel::PositionColumn), u"0.301"_s);
        QCOMPARE(cell(model, 0, BotsModel::OpenOrdersColumn), u"4"_s);
        QCOMPARE(cell(model, 0, BotsModel::KindColumn), u"Grid"_s);
        QCOMPARE(cell(model, 0, BotsModel::TimeframeColumn), u"—"_s); // grids have none
        QCOMPARE(model.data(model.index(2, 0), BotsModel::BotIdRole).toLongLong(), 3);
    }

    void streamReportsMerge()
    {
        BotsModel model;
        model.setBots({bot(1, u"a"_s, BotState::Stopped, 1000)});
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        Bot started = bot(1, u"a"_s, BotState::Running, 2000);
        started.openOrders = 5;
        QVERIFY(model.applyBot(started));
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.bot(0).state, BotState::Running);
        QCOMPARE(model.bot(0).openOrders, 5);
        QCOMPARE(changed.count(), 1);
        // The same report again, or an older one, changes nothing.
        QVERIFY(!model.applyBot(started));
        QVERIFY(!model.applyBot(bot(1, u"a"_s, BotState::Stopped, 1500)));
        QCOMPARE(model.bot(0).state, BotState::Running);
        // A PnL change at the same update time is news.
        Bot moved = started;
        moved.unrealizedPnl = u"3.5"_s;
        QVERIFY(model.applyBot(moved));
        QCOMPARE(model.bot(0).unrealizedPnl, u"3.5"_s);
        // A new bot is inserted in id order.
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QVERIFY(model.applyBot(bot(7, u"g"_s, BotState::Stopped)));
        QVERIFY(model.applyBot(bot(5, u"e"_s, BotState::Stopped)));
        QCOMPARE(inserted.count(), 2);
        QCOMPARE(model.rowOf(5), 1);
        QCOMPARE(model.rowOf(7), 2);
        QVERIFY(model.find(7) != nullptr);
        QVERIFY(model.find(9) == nullptr);
    }

    void deletionRemovesTheRow()
    {
        BotsModel model;
        model.setBots({bot(1, u"a"_s, BotState::Stopped), bot(2, u"b"_s, BotState::Running)});
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QVERIFY(model.removeBot(1));
        QCOMPARE(removed.count(), 1);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.bot(0).id, 2);
        QVERIFY(!model.removeBot(1)); // already gone
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void lifeCycleActions()
    {
        QVERIFY(canStartBot(BotState::Stopped));
        QVERIFY(canStartBot(BotState::Failed));
        QVERIFY(canStartBot(BotState::Paused));
        QVERIFY(!canStartBot(BotState::Running));
        QVERIFY(canPauseBot(BotState::Running));
        QVERIFY(!canPauseBot(BotState::Paused));
        QVERIFY(canStopBot(BotState::Running));
        QVERIFY(canStopBot(BotState::Paused));
        QVERIFY(!canStopBot(BotState::Stopped));
        QVERIFY(canDeleteBot(BotState::Stopped));
        QVERIFY(canDeleteBot(BotState::Failed));
        QVERIFY(!canDeleteBot(BotState::Running));
        QVERIFY(!canDeleteBot(BotState::Paused));
    }

    void panelAppliesStreamUpdates()
    {
        QTemporaryDir dir;
        Preferences preferences{std::make_unique<QSettings>(dir.filePath(u"settings.ini"_s),
                                                            QSettings::IniFormat)};
        ThemeManager theme{preferences};
        SessionController session{ConnectionProfile{}};
        InstrumentCatalog instruments{session, u"binance"_s};
        BotsPanel panel(session, instruments, theme);
        panel.applyUpdate(bot(1, u"grid"_s, BotState::Running));
        QCOMPARE(panel.model()->rowCount(), 1);
        QCOMPARE(panel.selectedBot(), 1); // the only bot is selected
        // Not logged in: nothing may be changed.
        QVERIFY(!panel.findChild<QPushButton*>(u"botsStart"_s)->isEnabled());
        // Lines of the selected bot's log are shown newest first; another bot's are not.
        panel.applyUpdate(BotEvent{.botId = 1, .timeMs = 1000, .level = u"INFO"_s,
                                   .message = u"Grid started at 100"_s});
        panel.applyUpdate(BotEvent{.botId = 2, .timeMs = 1001, .level = u"INFO"_s,
                                   .message = u"another bot"_s});
        panel.applyUpdate(BotEvent{.botId = 1, .timeMs = 2000, .level = u"ERROR"_s,
                                   .message = u"Order rejected: insufficient balance"_s});
        QCOMPARE(panel.log()->count(), 2);
        QVERIFY(panel.log()->item(0)->text().endsWith(u"insufficient balance"_s));
        QCOMPARE(panel.log()->item(0)->foreground().color(), theme.color(u"danger"_s));
        panel.applyUpdate(BotDeleted{.id = 1});
        QCOMPARE(panel.model()->rowCount(), 0);
        QCOMPARE(panel.selectedBot(), 0);
    }

    void fieldErrors()
    {
        auto split = splitBotFieldError(u"quantityPerLevel: 0.049 at lowerPrice 100 is worth 4.9"_s);
        QVERIFY(split.has_value());
        QCOMPARE(split->first, u"quantityPerLevel"_s);
        split = splitBotFieldError(u"max daily loss: \"x\" is not a decimal number ≥ 0."_s);
        QVERIFY(split.has_value());
        QCOMPARE(split->first, u"max daily loss"_s);
        QVERIFY(!splitBotFieldError(u"There is no bot 7."_s).has_value());
        QCOMPARE(botFieldSection(u"name"_s), BotFormSection::General);
        QCOMPARE(botFieldSection(u"symbol"_s), BotFormSection::Market);
        QCOMPARE(botFieldSection(u"timeframe"_s), BotFormSection::Market);
        QCOMPARE(botFieldSection(u"budget"_s), BotFormSection::Budget);
        QCOMPARE(botFieldSection(u"limits"_s), BotFormSection::Budget);
        QCOMPARE(botFieldSection(u"levels"_s), BotFormSection::Settings);
        QCOMPARE(botFieldSection(u"strategy"_s), BotFormSection::Settings);
        QCOMPARE(botFieldSection(u"parameters"_s), BotFormSection::Settings);
    }

    // The examples of docs/bots-grid-dca.md.
    void gridLevels()
    {
        QCOMPARE(gridLevelPrices(u"100", u"110", 6, false, u"0.01"),
                 (QStringList{u"100"_s, u"102"_s, u"104"_s, u"106"_s, u"108"_s, u"110"_s}));
        QCOMPARE(gridLevelPrices(u"100", u"101", 4, false, u"0.01"),
                 (QStringList{u"100"_s, u"100.33"_s, u"100.67"_s, u"101"_s}));
        QCOMPARE(gridLevelPrices(u"100", u"200", 4, true, u"0.01"),
                 (QStringList{u"100"_s, u"125.99"_s, u"158.74"_s, u"200"_s}));
        QCOMPARE(gridLevelPrices(u"100", u"1600", 5, true, u"0.01"),
                 (QStringList{u"100"_s, u"200"_s, u"400"_s, u"800"_s, u"1600"_s}));
        QVERIFY(!gridLevelPrices(u"110", u"100", 6, false, u"0.01"));        // upside down
        QVERIFY(!gridLevelPrices(u"100", u"110", 1, false, u"0.01"));        // too few levels
        QVERIFY(!gridLevelPrices(u"100", u"100.1", 20, false, u"0.01"));     // collapse
        QVERIFY(!gridLevelPrices(u"abc", u"110", 6, false, u"0.01"));
    }

    void gridCapital()
    {
        const QStringList levels{u"100"_s, u"102"_s, u"104"_s, u"106"_s, u"108"_s, u"110"_s};
        // At 104.9: 104 stays empty; buys at 100 and 102 (0.1 each = 20.2), and 0.3 bought at
        // the price for the sells at 106, 108 and 110 (31.47).
        QCOMPARE(gridCapitalNeeded(levels, u"0.1", u"104.9"), u"51.67"_s);
        QVERIFY(!gridCapitalNeeded(levels, u"0", u"104.9"));
        QVERIFY(gridCapitalNeeded(levels, u"0.1", u"").has_value()); // the middle of the range
    }

    void dcaPlanFollowsTheFormulas()
    {
        // d = 1 %, step 150 %, volume 200 %, first safety order 10: 1 %, 2.5 %, 4.75 %.
        const auto plan = dcaPlan(u"100", u"10", 3, 100, 150, 200);
        QCOMPARE(plan.size(), std::size_t(3));
        QCOMPARE(plan[0].deviationPercent, 1.0);
        QCOMPARE(plan[1].deviationPercent, 2.5);
        QCOMPARE(plan[2].deviationPercent, 4.75);
        QCOMPARE(plan[0].quote, u"10"_s);
        QCOMPARE(plan[1].quote, u"20"_s);
        QCOMPARE(plan[2].quote, u"40"_s);
        QCOMPARE(plan[2].totalQuote, u"170"_s);
        QVERIFY(dcaPlan(u"100", u"10", 0, 100, 150, 200).empty());
        QVERIFY(dcaPlan(u"x", u"10", 3, 100, 150, 200).empty());
    }
};

QTEST_MAIN(TestBotsModel)
#include "tst_bots_model.moc"
