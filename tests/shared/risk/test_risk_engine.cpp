// RiskEngine: every check accepted and rejected at its boundary (a value equal to a limit passes),
// the reason and message of each rejection, the account and bot states, the kill switch, the
// automatic breaches, the order-rate window, the day rollover, resets, and a seeded property test
// (docs/risk.md).
#include "risk/risk_engine.h"

#include <QTest>

#include <algorithm>
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <tuple>
#include <vector>

using namespace bcf;
using namespace bcf::risk;

namespace {

constexpr long long kDayStart = 1'710'288'000'000LL; // 2024-03-13T00:00:00Z
constexpr long long kDay = 86'400'000;
constexpr AccountId kAccount = 7;
constexpr BotId kBot = 1;
constexpr BotId kOtherBot = 2;

TimePoint at(long long millisAfterDayStart)
{
    return fromUnixMillis(kDayStart + millisAfterDayStart);
}

// 10:00 on the test day.
TimePoint morning(long long extraMillis = 0)
{
    return at(10 * 3'600'000LL + extraMillis);
}

Price price(const char *text)
{
    return *Price::parse(text);
}

Quantity qty(const char *text)
{
    return *Quantity::parse(text);
}

Money money(const char *text)
{
    return *Money::parse(text);
}

model::Instrument btc()
{
    model::Instrument instrument;
    instrument.exchange = "binance";
    instrument.symbol = "BTCUSDT";
    instrument.base = "BTC";
    instrument.quote = "USDT";
    instrument.tickSize = price("0.01");
    instrument.lotSize = qty("0.00001");
    instrument.minNotional = money("5");
    instrument.pricePrecision = 2;
    instrument.quantityPrecision = 5;
    return instrument;
}

OrderCheck limitOrder(std::optional<BotId> bot, model::Side side, const char *quantity,
                      const char *limitPrice, const char *last = "50000")
{
    OrderCheck order;
    order.account = kAccount;
    order.bot = bot;
    order.instrument = btc();
    order.side = side;
    order.type = OrderType::Limit;
    order.limitPrice = price(limitPrice);
    order.quantity = qty(quantity);
    order.lastPrice = price(last);
    return order;
}

OrderCheck marketOrder(std::optional<BotId> bot, model::Side side, const char *quantity,
                       const char *last = "50000")
{
    OrderCheck order = limitOrder(bot, side, quantity, "0", last);
    order.type = OrderType::Market;
    order.limitPrice = Price();
    return order;
}

OrderCheck reduceOnly(OrderCheck order)
{
    order.reduceOnly = true;
    return order;
}

QString reasonOf(const Decision &decision)
{
    return QString::fromUtf8(describe(decision.reason).data(),
                             static_cast<qsizetype>(describe(decision.reason).size()));
}

QString qs(const std::string &text)
{
    return QString::fromStdString(text);
}

QString qs(std::string_view text)
{
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

// "bot 1 RUNNING->STOPPED_BY_RISK daily loss breached" / "account - ACTIVE->REDUCING ...".
QStringList lines(const std::vector<RiskEvent> &events)
{
    QStringList result;
    for (const RiskEvent &event : events) {
        std::string line = event.subject == RiskSubject::Bot ? "bot " : "account ";
        line += event.bot ? std::to_string(*event.bot) : std::string("-");
        line += " " + std::string(event.from) + "->" + std::string(event.to) + " "
                + std::string(describe(event.cause));
        result << qs(line);
    }
    return result;
}

struct Fixture {
    RiskEngine engine;

    explicit Fixture(RiskLimits accountLimits = {}, RiskLimits botLimits = {},
                     AccountState breachState = AccountState::Reducing,
                     Money capital = Money::fromUnits(10'000))
    {
        AccountConfig account;
        account.limits = accountLimits;
        account.breachState = breachState;
        if (!engine.addAccount(kAccount, account))
            qFatal("addAccount failed");
        if (!engine.addBot(kAccount, kBot, BotConfig{botLimits, capital}))
            qFatal("addBot failed");
    }

    std::vector<RiskEvent> fill(std::optional<BotId> bot, model::Side side, const char *quantity,
                                const char *at, TimePoint time = morning(), const char *fee = "0",
                                const char *symbol = "BTCUSDT")
    {
        auto events =
            engine.onFill(kAccount, bot, symbol, side, price(at), qty(quantity), money(fee), time);
        if (!events)
            qFatal("onFill failed: %s", events.error().message.c_str());
        return *events;
    }

    Decision check(const OrderCheck &order, TimePoint time = morning())
    {
        return engine.check(order, time);
    }
};

} // namespace

class TestRiskEngine final : public QObject {
    Q_OBJECT

private slots:
    void formatsAmounts()
    {
        QCOMPARE(qs(formatAmount(money("12500"), 2)), QStringLiteral("12,500.00"));
        QCOMPARE(qs(formatAmount(money("1234567.891"), 2)), QStringLiteral("1,234,567.891"));
        QCOMPARE(qs(formatAmount(money("-999.5"), 2)), QStringLiteral("-999.50"));
        QCOMPARE(qs(formatAmount(money("100"), 0)), QStringLiteral("100"));
        QCOMPARE(qs(formatAmount(qty("0.5"), 5)), QStringLiteral("0.50000"));
    }

    void configurationIsValidated()
    {
        RiskEngine engine;
        RiskLimits accountLimits;
        accountLimits.maxPosition = qty("1");
        auto status = engine.addAccount(kAccount, AccountConfig{accountLimits});
        QVERIFY(!status);
        QCOMPARE(qs(status.error().message),
                 QStringLiteral("limits.maxPosition: applies to bots, not to accounts"));

        RiskLimits throttle;
        throttle.maxOrders = 5;
        status = engine.addAccount(kAccount, AccountConfig{throttle});
        QVERIFY(!status);
        QVERIFY(status.error().message.starts_with("limits.maxOrders"));

        AccountConfig noBreachState;
        noBreachState.breachState = AccountState::Active;
        QVERIFY(!engine.addAccount(kAccount, noBreachState));

        QVERIFY(engine.addAccount(kAccount, AccountConfig{}));
        QCOMPARE(engine.addAccount(kAccount, AccountConfig{}).error().code,
                 ErrorCode::AlreadyExists);

        RiskLimits botLimits;
        botLimits.maxGrossExposure = money("1000");
        status = engine.addBot(kAccount, kBot, BotConfig{botLimits, money("100")});
        QVERIFY(!status);
        QCOMPARE(qs(status.error().message),
                 QStringLiteral("limits.maxGrossExposure: applies to accounts, not to bots"));

        RiskLimits drawdown;
        drawdown.maxDrawdownBasisPoints = 1000;
        QVERIFY(!engine.addBot(kAccount, kBot, BotConfig{drawdown, Money()}));
        QVERIFY(!engine.addBot(kAccount, 0, BotConfig{}));
        RiskLimits negative;
        negative.maxDailyLoss = money("-1");
        QVERIFY(!engine.addBot(kAccount, kBot, BotConfig{negative, money("100")}));
        QVERIFY(engine.addBot(kAccount, kBot, BotConfig{drawdown, money("100")}));
        QCOMPARE(engine.addBot(99, kBot, BotConfig{}).error().code, ErrorCode::NotFound);
    }

    void unknownAccountAndBotAreRejected()
    {
        Fixture f;
        OrderCheck order = limitOrder(kBot, model::Side::Buy, "0.1", "50000");
        order.account = 99;
        Decision decision = f.check(order);
        QVERIFY(!decision.accepted);
        QCOMPARE(decision.reason, RejectReason::UnknownAccount);
        QCOMPARE(
            qs(decision.message),
            QStringLiteral("Account 99 has no risk limits configured, so its orders are refused."));

        decision = f.check(limitOrder(42, model::Side::Buy, "0.1", "50000"));
        QCOMPARE(decision.reason, RejectReason::UnknownBot);
        QCOMPARE(
            qs(decision.message),
            QStringLiteral("Bot 42 has no risk limits configured, so its orders are refused."));
        QCOMPARE(f.check(limitOrder(BotId{0}, model::Side::Buy, "0.1", "50000")).reason,
                 RejectReason::UnknownBot);

        // A manual order (no bot) and a bot's order with no limits pass.
        QVERIFY(f.check(limitOrder(std::nullopt, model::Side::Buy, "0.1", "50000")).accepted);
        decision = f.check(limitOrder(kBot, model::Side::Buy, "0.1", "50000"));
        QVERIFY(decision.accepted);
        QCOMPARE(decision.reason, RejectReason::None);
        QVERIFY(decision.message.empty());
    }

    void quantityAndPricesMustFitTheInstrument()
    {
        Fixture f;
        f.fill(kBot, model::Side::Buy, "1", "50000");

        Decision decision = f.check(limitOrder(kBot, model::Side::Buy, "0.000015", "50000"));
        QCOMPARE(reasonOf(decision), QStringLiteral("invalid quantity"));
        QCOMPARE(
            qs(decision.message),
            QStringLiteral(
                "The quantity 0.000015 is not a multiple of the lot size 0.00001 of BTCUSDT."));
        QCOMPARE(f.check(limitOrder(kBot, model::Side::Buy, "0", "50000")).reason,
                 RejectReason::InvalidQuantity);

        decision = f.check(limitOrder(kBot, model::Side::Buy, "0.1", "50000.005"));
        QCOMPARE(decision.reason, RejectReason::InvalidPrice);
        QCOMPARE(
            qs(decision.message),
            QStringLiteral(
                "The limit price 50000.005 is not a multiple of the tick size 0.01 of BTCUSDT."));

        OrderCheck stop = marketOrder(kBot, model::Side::Sell, "0.1");
        stop.type = OrderType::Stop;
        decision = f.check(stop);
        QCOMPARE(decision.reason, RejectReason::InvalidPrice);
        QCOMPARE(qs(decision.message), QStringLiteral("The stop price must be positive, got 0."));
        stop.stopPrice = price("49000");
        QVERIFY(f.check(stop).accepted);

        OrderCheck stopLimit = limitOrder(kBot, model::Side::Sell, "0.1", "48900");
        stopLimit.type = OrderType::StopLimit;
        stopLimit.stopPrice = price("49000.001");
        QCOMPARE(f.check(stopLimit).reason, RejectReason::InvalidPrice);
        stopLimit.stopPrice = price("49000");
        QVERIFY(f.check(stopLimit).accepted);

        OrderCheck trailing = marketOrder(kBot, model::Side::Sell, "0.1");
        trailing.type = OrderType::TrailingStop; // no initial stop: fine
        QVERIFY(f.check(trailing).accepted);
        trailing.stopPrice = price("48000.5");
        QVERIFY(f.check(trailing).accepted);
        trailing.stopPrice = price("48000.505");
        QCOMPARE(f.check(trailing).reason, RejectReason::InvalidPrice);

        // Reduce-only orders are validated too.
        QCOMPARE(
            f.check(reduceOnly(limitOrder(kBot, model::Side::Sell, "0.000015", "50000"))).reason,
            RejectReason::InvalidQuantity);
    }

    void minimumNotionalAtItsBoundary()
    {
        Fixture f;
        // 0.0001 × 50000 = 5.00 exactly: the minimum is reached.
        QVERIFY(f.check(limitOrder(kBot, model::Side::Buy, "0.0001", "50000")).accepted);
        const Decision decision = f.check(limitOrder(kBot, model::Side::Buy, "0.0001", "49999.99"));
        QCOMPARE(decision.reason, RejectReason::BelowMinNotional);
        QCOMPARE(qs(decision.message),
                 QStringLiteral(
                     "The order value 4.999999 USDT is below the minimum of 5 USDT for BTCUSDT."));
        // A market order is valued at the last price.
        QVERIFY(f.check(marketOrder(kBot, model::Side::Buy, "0.0001", "50000")).accepted);
        QCOMPARE(f.check(marketOrder(kBot, model::Side::Buy, "0.0001", "49999.99")).reason,
                 RejectReason::BelowMinNotional);
    }

    void theLastPriceIsRequired()
    {
        Fixture f;
        const Decision decision = f.check(limitOrder(kBot, model::Side::Buy, "0.1", "50000", "0"));
        QCOMPARE(decision.reason, RejectReason::NoLastPrice);
        QCOMPARE(
            qs(decision.message),
            QStringLiteral("There is no last price for BTCUSDT, so the order cannot be checked."));
    }

    void priceBandAtItsBoundary()
    {
        RiskLimits botLimits;
        botLimits.priceBandBasisPoints = 200; // 2 %: 49,000.00 to 51,000.00 around 50,000
        Fixture f({}, botLimits);
        QVERIFY(f.check(limitOrder(kBot, model::Side::Buy, "0.1", "51000")).accepted);
        QVERIFY(f.check(limitOrder(kBot, model::Side::Sell, "0.1", "49000")).accepted);
        Decision decision = f.check(limitOrder(kBot, model::Side::Buy, "0.1", "51000.01"));
        QCOMPARE(decision.reason, RejectReason::PriceOutsideBand);
        QCOMPARE(qs(decision.message),
                 QStringLiteral(
                     "The limit price 51,000.01 is outside the bot's band of 2.00% around the last "
                     "price 50,000.00 of BTCUSDT (49,000.00 to 51,000.00)."));
        QCOMPARE(f.check(limitOrder(kBot, model::Side::Sell, "0.1", "48999.99")).reason,
                 RejectReason::PriceOutsideBand);
        // Market orders have no limit price to check.
        QVERIFY(f.check(marketOrder(kBot, model::Side::Buy, "0.1")).accepted);

        // The account's band applies to manual orders and to every bot.
        RiskLimits accountLimits;
        accountLimits.priceBandBasisPoints = 50; // 0.5 %: 49,750 to 50,250
        Fixture g(accountLimits);
        QVERIFY(g.check(limitOrder(std::nullopt, model::Side::Buy, "0.1", "50250")).accepted);
        decision = g.check(limitOrder(std::nullopt, model::Side::Buy, "0.1", "50250.01"));
        QCOMPARE(decision.reason, RejectReason::PriceOutsideBand);
        QCOMPARE(qs(decision.message),
                 QStringLiteral(
                     "The limit price 50,250.01 is outside the account's band of 0.50% around the "
                     "last price 50,000.00 of BTCUSDT (49,750.00 to 50,250.00)."));
        QCOMPARE(g.check(limitOrder(kBot, model::Side::Sell, "0.1", "49749.99")).reason,
                 RejectReason::PriceOutsideBand);
    }

    void maxOrderNotionalAtItsBoundary()
    {
        RiskLimits botLimits;
        botLimits.maxOrderNotional = money("10000");
        RiskLimits accountLimits;
        accountLimits.maxOrderNotional = money("20000");
        Fixture f(accountLimits, botLimits);
        QVERIFY(f.check(limitOrder(kBot, model::Side::Buy, "0.2", "50000"))
                    .accepted); // 10,000.00 exactly
        Decision decision = f.check(limitOrder(kBot, model::Side::Buy, "0.25", "50000"));
        QCOMPARE(decision.reason, RejectReason::MaxOrderNotional);
        QCOMPARE(
            qs(decision.message),
            QStringLiteral(
                "The order notional 12,500.00 USDT exceeds the bot's limit of 10,000.00 USDT."));
        QCOMPARE(f.check(limitOrder(kBot, model::Side::Buy, "0.20001", "50000")).reason,
                 RejectReason::MaxOrderNotional);

        QVERIFY(f.check(limitOrder(std::nullopt, model::Side::Buy, "0.4", "50000")).accepted);
        decision = f.check(marketOrder(std::nullopt, model::Side::Buy, "0.40001"));
        QCOMPARE(decision.reason, RejectReason::MaxOrderNotional);
        QCOMPARE(qs(decision.message), QStringLiteral("The order notional 20,000.50 USDT exceeds "
                                                      "the account's limit of 20,000.00 USDT."));
    }

    void maxOpenOrdersAtItsBoundary()
    {
        RiskLimits botLimits;
        botLimits.maxOpenOrders = 2;
        Fixture f({}, botLimits);
        QVERIFY(f.engine.onOrderOpened(kAccount, kBot, morning()));
        QVERIFY(f.check(limitOrder(kBot, model::Side::Buy, "0.1", "50000")).accepted); // the 2nd
        QVERIFY(f.engine.onOrderOpened(kAccount, kBot, morning()));
        const Decision decision = f.check(limitOrder(kBot, model::Side::Buy, "0.1", "50000"));
        QCOMPARE(decision.reason, RejectReason::MaxOpenOrders);
        QCOMPARE(qs(decision.message),
                 QStringLiteral("The bot already has 2 open orders, its limit of 2."));
        QVERIFY(f.engine.onOrderClosed(kAccount, kBot, morning()));
        QVERIFY(f.check(limitOrder(kBot, model::Side::Buy, "0.1", "50000")).accepted);

        QVERIFY(f.engine.onOrderClosed(kAccount, kBot, morning()));
        const Status status = f.engine.onOrderClosed(kAccount, kBot, morning());
        QVERIFY(!status);
        QCOMPARE(status.error().code, ErrorCode::FailedPrecondition);
    }

    void maxPositionAtItsBoundary()
    {
        RiskLimits botLimits;
        botLimits.maxPosition = qty("1");
        Fixture f({}, botLimits);
        f.fill(kBot, model::Side::Buy, "0.6", "50000");
        QVERIFY(
            f.check(limitOrder(kBot, model::Side::Buy, "0.4", "50000")).accepted); // to 1 exactly
        Decision decision = f.check(limitOrder(kBot, model::Side::Buy, "0.40001", "50000"));
        QCOMPARE(decision.reason, RejectReason::MaxPosition);
        QCOMPARE(qs(decision.message),
                 QStringLiteral(
                     "The order would take the bot's BTCUSDT position to 1.00001 BTC, beyond its "
                     "limit of 1.00000 BTC."));
        // Short side: 0.6 − 1.6 = −1.
        QVERIFY(f.check(limitOrder(kBot, model::Side::Sell, "1.6", "50000")).accepted);
        decision = f.check(limitOrder(kBot, model::Side::Sell, "1.60001", "50000"));
        QCOMPARE(decision.reason, RejectReason::MaxPosition);
        QVERIFY(decision.message.find("-1.00001 BTC") != std::string::npos);

        // A position above a lowered limit can still be reduced with a reduce-only order.
        botLimits.maxPosition = qty("0.1");
        QVERIFY(f.engine.setBotLimits(kAccount, kBot, botLimits));
        QCOMPARE(f.check(limitOrder(kBot, model::Side::Sell, "0.1", "50000")).reason,
                 RejectReason::MaxPosition);
        QVERIFY(f.check(reduceOnly(limitOrder(kBot, model::Side::Sell, "0.1", "50000"))).accepted);
    }

    void reduceOnlyMustShrinkThePosition()
    {
        Fixture f;
        Decision decision = f.check(reduceOnly(marketOrder(kBot, model::Side::Sell, "0.1")));
        QCOMPARE(decision.reason, RejectReason::ReduceOnlyWouldIncrease);
        QCOMPARE(
            qs(decision.message),
            QStringLiteral("The reduce-only sell of 0.10000 BTC would not shrink the bot's BTCUSDT "
                           "position of 0.00000 BTC."));
        f.fill(kBot, model::Side::Buy, "0.5", "50000");
        QVERIFY(f.check(reduceOnly(marketOrder(kBot, model::Side::Sell, "0.5"))).accepted);
        QCOMPARE(f.check(reduceOnly(marketOrder(kBot, model::Side::Sell, "0.50001"))).reason,
                 RejectReason::ReduceOnlyWouldIncrease);
        QCOMPARE(f.check(reduceOnly(marketOrder(kBot, model::Side::Buy, "0.1"))).reason,
                 RejectReason::ReduceOnlyWouldIncrease);
        // The manual ledger is separate from the bot's.
        QCOMPARE(f.check(reduceOnly(marketOrder(std::nullopt, model::Side::Sell, "0.1"))).reason,
                 RejectReason::ReduceOnlyWouldIncrease);
    }

    void dailyLossBreachStopsTheBotAndReducesTheAccount()
    {
        RiskLimits botLimits;
        botLimits.maxDailyLoss = money("500");
        Fixture f({}, botLimits);
        QVERIFY(f.fill(kBot, model::Side::Buy, "1", "50000").empty());
        // A loss of exactly 500 is at the limit: no breach.
        QVERIFY(f.engine.onMark("BTCUSDT", price("49500"), morning(1000)).empty());
        QCOMPARE(*f.engine.botDailyPnl(kAccount, kBot), money("-500"));
        QVERIFY(f.check(limitOrder(kBot, model::Side::Buy, "0.1", "49500", "49500")).accepted);

        const auto events = f.engine.onMark("BTCUSDT", price("49499.99"), morning(2000));
        QCOMPARE(lines(events),
                 (QStringList{QStringLiteral("bot 1 RUNNING->STOPPED_BY_RISK daily loss breached"),
                              QStringLiteral("account 1 ACTIVE->REDUCING daily loss breached")}));
        QCOMPARE(events[0].time, morning(2000));
        QCOMPARE(events[0].account, kAccount);
        QVERIFY(events[0].actor.empty());
        QCOMPARE(qs(events[0].message),
                 QStringLiteral(
                     "Bot 1 has lost 500.01 USDT today, more than its daily limit of 500.00 USDT; "
                     "it is stopped."));
        QCOMPARE(qs(events[1].message),
                 QStringLiteral(
                     "Bot 1 has lost 500.01 USDT today, more than its daily limit of 500.00 USDT; "
                     "it is stopped. The account goes REDUCING."));
        QCOMPARE(*f.engine.botState(kAccount, kBot), BotState::StoppedByRisk);
        QCOMPARE(*f.engine.accountState(kAccount), AccountState::Reducing);

        // Further losses change nothing more.
        QVERIFY(f.engine.onMark("BTCUSDT", price("49000"), morning(3000)).empty());

        // New exposure is refused; the reduce-only close passes.
        Decision decision =
            f.check(marketOrder(kBot, model::Side::Buy, "0.1", "49000"), morning(4000));
        QCOMPARE(decision.reason, RejectReason::AccountReducing);
        QCOMPARE(qs(decision.message),
                 QStringLiteral("The account is REDUCING: only reduce-only orders that shrink a "
                                "position are accepted."));
        QCOMPARE(f.check(marketOrder(kBot, model::Side::Sell, "1", "49000"), morning(4000)).reason,
                 RejectReason::AccountReducing);
        QVERIFY(
            f.check(reduceOnly(marketOrder(kBot, model::Side::Sell, "1", "49000")), morning(4000))
                .accepted);
        QCOMPARE(f.check(marketOrder(std::nullopt, model::Side::Buy, "0.1", "49000"), morning(4000))
                     .reason,
                 RejectReason::AccountReducing);
    }

    void breachCanHaltTheAccount()
    {
        RiskLimits botLimits;
        botLimits.maxDailyLoss = money("500");
        Fixture f({}, botLimits, AccountState::Halted);
        f.fill(kBot, model::Side::Buy, "1", "50000");
        const auto events = f.engine.onMark("BTCUSDT", price("49000"), morning(1000));
        QCOMPARE(lines(events),
                 (QStringList{QStringLiteral("bot 1 RUNNING->STOPPED_BY_RISK daily loss breached"),
                              QStringLiteral("account 1 ACTIVE->HALTED daily loss breached")}));
        // HALTED refuses everything, reduce-only included.
        const Decision decision =
            f.check(reduceOnly(marketOrder(kBot, model::Side::Sell, "1", "49000")), morning(2000));
        QCOMPARE(decision.reason, RejectReason::AccountHalted);
        QCOMPARE(qs(decision.message), QStringLiteral("The account is HALTED: no order is accepted "
                                                      "until it is reset (cancels still are)."));
        QCOMPARE(f.check(limitOrder(std::nullopt, model::Side::Buy, "0.1", "49000", "49000"),
                         morning(2000))
                     .reason,
                 RejectReason::AccountHalted);
        // Even an invalid order: the state is checked first.
        QCOMPARE(
            f.check(limitOrder(kBot, model::Side::Buy, "0.000015", "49000"), morning(2000)).reason,
            RejectReason::AccountHalted);
    }

    void drawdownBreachAtItsBoundary()
    {
        RiskLimits botLimits;
        botLimits.maxDrawdownBasisPoints = 1000; // 10 %
        Fixture f({}, botLimits);
        f.fill(kBot, model::Side::Buy, "1", "50000");
        QVERIFY(f.engine.onMark("BTCUSDT", price("52000"), morning(1000))
                    .empty()); // equity 12,000: the peak
        QVERIFY(f.engine.onMark("BTCUSDT", price("50800"), morning(2000))
                    .empty()); // 10,800: 10 % exactly
        QCOMPARE(*f.engine.botEquity(kAccount, kBot), money("10800"));
        const auto events = f.engine.onMark("BTCUSDT", price("50799.99"), morning(3000));
        QCOMPARE(lines(events),
                 (QStringList{QStringLiteral("bot 1 RUNNING->STOPPED_BY_RISK drawdown breached"),
                              QStringLiteral("account 1 ACTIVE->REDUCING drawdown breached")}));
        QCOMPARE(qs(events[0].message),
                 QStringLiteral(
                     "Bot 1's equity 10,799.99 USDT is 10.00% below its peak of 12,000.00 USDT, "
                     "beyond its drawdown limit of 10.00%; it is stopped."));
    }

    void lossLimitsAreCheckedBeforeTrading()
    {
        // Limits lowered below the loss already made: check() refuses new exposure even before the
        // next mark moves the states.
        Fixture f;
        f.fill(kBot, model::Side::Buy, "1", "50000");
        QVERIFY(f.engine.onMark("BTCUSDT", price("49000"), morning(1000)).empty());
        RiskLimits botLimits;
        botLimits.maxDailyLoss = money("999.99");
        QVERIFY(f.engine.setBotLimits(kAccount, kBot, botLimits));
        Decision decision =
            f.check(marketOrder(kBot, model::Side::Buy, "0.1", "49000"), morning(2000));
        QCOMPARE(decision.reason, RejectReason::MaxDailyLoss);
        QCOMPARE(
            qs(decision.message),
            QStringLiteral(
                "The bot has lost 1,000.00 USDT today, more than its daily limit of 999.99 USDT."));
        botLimits.maxDailyLoss = money("1000");
        QVERIFY(f.engine.setBotLimits(kAccount, kBot, botLimits));
        QVERIFY(
            f.check(marketOrder(kBot, model::Side::Buy, "0.1", "49000"), morning(2000)).accepted);

        botLimits = {};
        botLimits.maxDrawdownBasisPoints = 999; // the drawdown is 10.00 % of 10,000
        QVERIFY(f.engine.setBotLimits(kAccount, kBot, botLimits));
        decision = f.check(marketOrder(kBot, model::Side::Buy, "0.1", "49000"), morning(2000));
        QCOMPARE(decision.reason, RejectReason::MaxDrawdown);
        QCOMPARE(qs(decision.message),
                 QStringLiteral(
                     "The bot's equity 9,000.00 USDT is 10.00% below its peak of 10,000.00 USDT, "
                     "beyond its drawdown limit of 9.99%."));
        // A reduce-only close passes the loss limits.
        QVERIFY(
            f.check(reduceOnly(marketOrder(kBot, model::Side::Sell, "1", "49000")), morning(2000))
                .accepted);

        RiskLimits accountLimits;
        accountLimits.maxDailyLoss = money("999");
        QVERIFY(f.engine.setBotLimits(kAccount, kBot, {}));
        QVERIFY(f.engine.setAccountLimits(kAccount, accountLimits));
        decision =
            f.check(marketOrder(std::nullopt, model::Side::Buy, "0.1", "49000"), morning(2000));
        QCOMPARE(decision.reason, RejectReason::MaxDailyLoss);
        QCOMPARE(qs(decision.message), QStringLiteral("The account has lost 1,000.00 USDT today, "
                                                      "more than its daily limit of 999.00 USDT."));
    }

    void accountDailyLossStopsEveryBot()
    {
        RiskLimits accountLimits;
        accountLimits.maxDailyLoss = money("500");
        Fixture f(accountLimits);
        QVERIFY(f.engine.addBot(kAccount, kOtherBot, BotConfig{{}, money("5000")}));
        QCOMPARE(*f.engine.accountDailyPnl(kAccount), Money());
        f.fill(kBot, model::Side::Buy, "0.1", "50000");
        f.fill(kOtherBot, model::Side::Buy, "0.1", "50000", morning(), "0", "BTCUSDT");
        // Each bot loses 250: 500 in all, the limit.
        QVERIFY(f.engine.onMark("BTCUSDT", price("47500"), morning(1000)).empty());
        QCOMPARE(*f.engine.accountDailyPnl(kAccount), money("-500"));
        const auto events = f.engine.onMark("BTCUSDT", price("47499.99"), morning(2000));
        QCOMPARE(lines(events),
                 (QStringList{
                     QStringLiteral("bot 1 RUNNING->STOPPED_BY_RISK account daily loss breached"),
                     QStringLiteral("bot 2 RUNNING->STOPPED_BY_RISK account daily loss breached"),
                     QStringLiteral("account - ACTIVE->REDUCING account daily loss breached")}));
        QCOMPARE(qs(events[2].message),
                 QStringLiteral(
                     "The account has lost 500.002 USDT today, more than its daily limit of 500.00 "
                     "USDT. The account goes REDUCING."));
        QVERIFY(f.engine.onMark("BTCUSDT", price("47000"), morning(3000)).empty());
    }

    void grossExposureAtItsBoundary()
    {
        RiskLimits accountLimits;
        accountLimits.maxGrossExposure = money("100000");
        Fixture f(accountLimits);
        QVERIFY(f.engine.addBot(kAccount, kOtherBot, BotConfig{{}, money("5000")}));
        f.fill(kBot, model::Side::Buy, "1", "50000");
        f.fill(kOtherBot, model::Side::Buy, "10", "2000", morning(), "0", "ETHUSDT");
        QCOMPARE(*f.engine.grossExposure(kAccount), money("70000"));
        // 70,000 + 0.6 × 50,000 = 100,000 exactly.
        QVERIFY(f.check(limitOrder(kBot, model::Side::Buy, "0.6", "50000")).accepted);
        Decision decision = f.check(limitOrder(kBot, model::Side::Buy, "0.60001", "50000"));
        QCOMPARE(decision.reason, RejectReason::MaxGrossExposure);
        QCOMPARE(qs(decision.message),
                 QStringLiteral(
                     "The order would take the account's gross exposure to 100,000.50 USDT, beyond "
                     "its limit of 100,000.00 USDT."));
        // Exposure nets the account's ledgers per symbol: a short of 1 BTC in the manual ledger takes
        // the BTC exposure to zero, and a short of 2.6 to 1.6.
        QVERIFY(f.check(marketOrder(std::nullopt, model::Side::Sell, "1")).accepted);
        QVERIFY(f.check(marketOrder(std::nullopt, model::Side::Sell, "2.6")).accepted);
        QCOMPARE(f.check(marketOrder(std::nullopt, model::Side::Sell, "2.60001")).reason,
                 RejectReason::MaxGrossExposure);
        // The marks move the exposure.
        QVERIFY(f.engine.onMark("ETHUSDT", price("2500"), morning(1000)).empty());
        QCOMPARE(*f.engine.grossExposure(kAccount), money("75000"));
        QCOMPARE(f.check(limitOrder(kBot, model::Side::Buy, "0.6", "50000"), morning(1000)).reason,
                 RejectReason::MaxGrossExposure);
        QVERIFY(
            f.check(limitOrder(kBot, model::Side::Buy, "0.5", "50000"), morning(1000)).accepted);
    }

    void orderRateOverARollingWindow()
    {
        RiskLimits accountLimits;
        accountLimits.maxOrders = 3;
        accountLimits.orderRateWindow = std::chrono::milliseconds(1000);
        Fixture f(accountLimits);
        const OrderCheck order = limitOrder(kBot, model::Side::Buy, "0.1", "50000");
        QVERIFY(f.check(order, morning(0)).accepted);
        QVERIFY(f.check(order, morning(100)).accepted);
        QVERIFY(f.check(order, morning(200)).accepted);
        Decision decision = f.check(order, morning(300));
        QCOMPARE(decision.reason, RejectReason::OrderRateExceeded);
        QCOMPARE(qs(decision.message),
                 QStringLiteral(
                     "The account has sent 3 orders in the last 1000 ms, its limit of 3; the next "
                     "order can go in 700 ms."));
        QCOMPARE(f.check(order, morning(999)).reason, RejectReason::OrderRateExceeded);
        // Rejected orders take no slot; the first order leaves the window 1000 ms after it was sent.
        QVERIFY(f.check(order, morning(1000)).accepted);
        QCOMPARE(f.check(order, morning(1099)).reason, RejectReason::OrderRateExceeded);
        QVERIFY(f.check(order, morning(1100)).accepted);
        // Orders refused by another check take no slot either.
        QCOMPARE(
            f.check(limitOrder(kBot, model::Side::Buy, "0.000015", "50000"), morning(5000)).reason,
            RejectReason::InvalidQuantity);
        QVERIFY(f.check(order, morning(5000)).accepted);
        QVERIFY(f.check(order, morning(5000)).accepted);
        QVERIFY(f.check(order, morning(5000)).accepted);
        QCOMPARE(f.check(order, morning(5000)).reason, RejectReason::OrderRateExceeded);
        // A time that goes backwards counts as the latest time seen.
        QCOMPARE(f.check(order, morning(0)).reason, RejectReason::OrderRateExceeded);
    }

    void killSwitchCancelsFlattensAndHalts()
    {
        Fixture f;
        QVERIFY(f.engine.addBot(kAccount, kOtherBot, BotConfig{{}, money("5000")}));
        f.fill(kBot, model::Side::Buy, "1", "50000");
        f.fill(kOtherBot, model::Side::Sell, "10", "2000", morning(), "0", "ETHUSDT");
        f.fill(kOtherBot, model::Side::Buy, "0.25", "50000");
        f.fill(std::nullopt, model::Side::Buy, "0.5", "50000");
        f.fill(kBot, model::Side::Buy, "2", "2000", morning(), "0", "ETHUSDT");
        f.fill(kBot, model::Side::Sell, "2", "2100", morning(), "0", "ETHUSDT"); // closed: no order

        auto actions = f.engine.killSwitch(kAccount, KillMode{true, true, true}, morning(5000),
                                           "alice", "exchange outage");
        QVERIFY(actions);
        QCOMPARE(actions->account, kAccount);
        QVERIFY(actions->cancelAllOrders);
        QStringList closes;
        for (const CloseOrder &close : actions->closeOrders) {
            QCOMPARE(close.account, kAccount);
            QCOMPARE(close.type, OrderType::Market);
            QVERIFY(close.reduceOnly);
            closes << qs((close.bot ? std::to_string(*close.bot) : std::string("manual")) + " "
                         + close.symbol + (close.side == model::Side::Buy ? " buy " : " sell ")
                         + close.quantity.toString());
        }
        QCOMPARE(closes, (QStringList{QStringLiteral("manual BTCUSDT sell 0.5"),
                                      QStringLiteral("1 BTCUSDT sell 1"),
                                      QStringLiteral("2 BTCUSDT sell 0.25"),
                                      QStringLiteral("2 ETHUSDT buy 10")}));
        QCOMPARE(lines(actions->events),
                 (QStringList{QStringLiteral("account - ACTIVE->HALTED kill switch"),
                              QStringLiteral("bot 1 RUNNING->STOPPED_BY_RISK kill switch"),
                              QStringLiteral("bot 2 RUNNING->STOPPED_BY_RISK kill switch")}));
        QCOMPARE(qs(actions->events[0].actor), QStringLiteral("alice"));
        QCOMPARE(actions->events[0].time, morning(5000));
        QCOMPARE(qs(actions->events[0].message),
                 QStringLiteral(
                     "Kill switch pulled by alice (exchange outage): the account goes HALTED."));
        QCOMPARE(*f.engine.accountState(kAccount), AccountState::Halted);
        QCOMPARE(
            f.check(reduceOnly(marketOrder(kBot, model::Side::Sell, "1")), morning(6000)).reason,
            RejectReason::AccountHalted);

        // Again, without halting: a HALTED account never goes down to REDUCING; nothing to flatten
        // is asked.
        actions =
            f.engine.killSwitch(kAccount, KillMode{false, false, false}, morning(7000), "bob", "");
        QVERIFY(actions);
        QVERIFY(!actions->cancelAllOrders);
        QVERIFY(actions->closeOrders.empty());
        QVERIFY(actions->events.empty());
        QCOMPARE(*f.engine.accountState(kAccount), AccountState::Halted);

        QCOMPARE(f.engine.killSwitch(kAccount, KillMode{}, morning(), "", "why").error().code,
                 ErrorCode::InvalidArgument);
        QCOMPARE(f.engine.killSwitch(99, KillMode{}, morning(), "alice", "").error().code,
                 ErrorCode::NotFound);
    }

    void killSwitchWithoutHaltReduces()
    {
        Fixture f;
        f.fill(kBot, model::Side::Buy, "1", "50000");
        const auto actions =
            f.engine.killSwitch(kAccount, KillMode{true, false, false}, morning(), "alice", "");
        QVERIFY(actions);
        QVERIFY(actions->cancelAllOrders);
        QVERIFY(actions->closeOrders.empty());
        QCOMPARE(lines(actions->events),
                 (QStringList{QStringLiteral("account - ACTIVE->REDUCING kill switch"),
                              QStringLiteral("bot 1 RUNNING->STOPPED_BY_RISK kill switch")}));
        QCOMPARE(qs(actions->events[0].message),
                 QStringLiteral("Kill switch pulled by alice: the account goes REDUCING."));
        QCOMPARE(f.check(limitOrder(kBot, model::Side::Buy, "0.1", "50000")).reason,
                 RejectReason::AccountReducing);
        QVERIFY(f.check(reduceOnly(limitOrder(kBot, model::Side::Sell, "0.1", "50000"))).accepted);
    }

    void resetReturnsToActive()
    {
        RiskLimits botLimits;
        botLimits.maxDailyLoss = money("500");
        Fixture f({}, botLimits);
        f.fill(kBot, model::Side::Buy, "1", "50000");
        QCOMPARE(f.engine.onMark("BTCUSDT", price("49000"), morning(1000)).size(), std::size_t(2));

        QCOMPARE(f.engine.resetAccount(kAccount, morning(2000), "", "x").error().code,
                 ErrorCode::InvalidArgument);
        auto events = f.engine.resetAccount(kAccount, morning(2000), "alice", "loss reviewed");
        QVERIFY(events);
        QCOMPARE(lines(*events), (QStringList{QStringLiteral("account - REDUCING->ACTIVE reset")}));
        QCOMPARE(qs((*events)[0].actor), QStringLiteral("alice"));
        QCOMPARE(qs((*events)[0].message),
                 QStringLiteral("Account reset to ACTIVE by alice: loss reviewed."));
        QCOMPARE(*f.engine.accountState(kAccount), AccountState::Active);
        // The bot stays stopped until it is reset itself.
        Decision decision =
            f.check(marketOrder(kBot, model::Side::Buy, "0.1", "49000"), morning(2000));
        QCOMPARE(decision.reason, RejectReason::BotStopped);
        QCOMPARE(
            qs(decision.message),
            QStringLiteral(
                "The bot was stopped by risk management: only reduce-only orders that shrink its "
                "positions are accepted until it is reset."));
        QVERIFY(
            f.check(reduceOnly(marketOrder(kBot, model::Side::Sell, "0.1", "49000")), morning(2000))
                .accepted);
        QVERIFY(f.check(marketOrder(std::nullopt, model::Side::Buy, "0.1", "49000"), morning(2000))
                    .accepted);

        events = f.engine.resetBot(kAccount, kBot, morning(3000), "alice", "resume");
        QVERIFY(events);
        QCOMPARE(lines(*events),
                 (QStringList{QStringLiteral("bot 1 STOPPED_BY_RISK->RUNNING reset")}));
        QCOMPARE(qs((*events)[0].message),
                 QStringLiteral("Bot 1 reset to RUNNING by alice: resume."));
        QVERIFY(
            f.check(marketOrder(kBot, model::Side::Buy, "0.1", "49000"), morning(3000)).accepted);
        // The loss counts from the reset: 500 more is still within the limit.
        QCOMPARE(*f.engine.botDailyPnl(kAccount, kBot), Money());
        QVERIFY(f.engine.onMark("BTCUSDT", price("48500"), morning(4000)).empty());
        QCOMPARE(f.engine.onMark("BTCUSDT", price("48499.99"), morning(5000)).size(),
                 std::size_t(2));

        // Resetting what is already ACTIVE / RUNNING records nothing.
        QVERIFY(f.engine.resetAccount(kAccount, morning(6000), "alice", "")->size() == 1);
        QVERIFY(f.engine.resetAccount(kAccount, morning(6000), "alice", "")->empty());
        QVERIFY(f.engine.resetBot(kAccount, kBot, morning(6000), "alice", "")->size() == 1);
        QVERIFY(f.engine.resetBot(kAccount, kBot, morning(6000), "alice", "")->empty());
        QCOMPARE(f.engine.resetBot(kAccount, 0, morning(6000), "alice", "").error().code,
                 ErrorCode::NotFound);
    }

    void dailyLossResetsAtUtcMidnight()
    {
        RiskLimits botLimits;
        botLimits.maxDailyLoss = money("500");
        Fixture f({}, botLimits);
        f.fill(kBot, model::Side::Buy, "1", "50000", morning());
        QVERIFY(
            f.engine.onMark("BTCUSDT", price("49600"), at(kDay - 1)).empty()); // 23:59:59.999: −400
        QCOMPARE(*f.engine.botDailyPnl(kAccount, kBot), money("-400"));
        // 00:00:00.000 the next day: the loss counts from the equity at the last mark.
        QVERIFY(f.engine.onMark("BTCUSDT", price("49200"), at(kDay))
                    .empty()); // −400 today, −800 in all
        QCOMPARE(*f.engine.botDailyPnl(kAccount, kBot), money("-400"));
        QCOMPARE(*f.engine.botEquity(kAccount, kBot), money("9200"));
        QVERIFY(f.engine.onMark("BTCUSDT", price("49100"), at(kDay + 1000)).empty()); // −500 today
        QCOMPARE(f.engine.onMark("BTCUSDT", price("49099.99"), at(kDay + 2000)).size(),
                 std::size_t(2));

        // advanceTime alone rolls the day over.
        Fixture g({}, botLimits);
        g.fill(kBot, model::Side::Buy, "1", "50000", morning());
        QVERIFY(g.engine.onMark("BTCUSDT", price("49600"), morning(1000)).empty());
        g.engine.advanceTime(at(2 * kDay + 5));
        QCOMPARE(*g.engine.botDailyPnl(kAccount, kBot), Money());
        QCOMPARE(g.engine.state().day, static_cast<std::int64_t>((kDayStart + 2 * kDay) / kDay));
    }

    void fillsKeepPositionsAndRealizedPnl()
    {
        Fixture f;
        f.fill(kBot, model::Side::Buy, "2", "100", morning(), "0.5", "ETHUSDT");
        f.fill(kBot, model::Side::Buy, "1", "130", morning(), "0", "ETHUSDT");       // average 110
        f.fill(kBot, model::Side::Sell, "1.5", "120", morning(), "0.25", "ETHUSDT"); // +15 realized
        QCOMPARE(*f.engine.position(kAccount, kBot, "ETHUSDT"), qty("1.5"));
        const BotRiskState &bot = f.engine.state().accounts.at(kAccount).bots.at(kBot);
        QCOMPARE(bot.realizedPnl, money("14.25"));
        QCOMPARE(bot.positions.at("ETHUSDT").cost, money("165"));
        // Through zero: sell 2.5 at 100 closes 1.5 (−15) and opens a short of 1 at 100.
        f.fill(kBot, model::Side::Sell, "2.5", "100", morning(), "0", "ETHUSDT");
        QCOMPARE(*f.engine.position(kAccount, kBot, "ETHUSDT"), qty("-1"));
        QCOMPARE(bot.realizedPnl, money("-0.75"));
        QCOMPARE(bot.positions.at("ETHUSDT").cost, money("-100"));
        // The first fill set the mark (100); the short gains when the price falls.
        QVERIFY(f.engine.onMark("ETHUSDT", price("90"), morning(1000)).empty());
        QCOMPARE(*f.engine.botEquity(kAccount, kBot), money("10009.25"));
        f.fill(kBot, model::Side::Buy, "1", "90", morning(2000), "0", "ETHUSDT");
        QCOMPARE(*f.engine.position(kAccount, kBot, "ETHUSDT"), Quantity());
        QVERIFY(!bot.positions.contains("ETHUSDT"));
        QCOMPARE(bot.realizedPnl, money("9.25"));

        QCOMPARE(f.engine
                     .onFill(99, kBot, "ETHUSDT", model::Side::Buy, price("1"), qty("1"), Money(),
                             morning())
                     .error()
                     .code,
                 ErrorCode::NotFound);
        QCOMPARE(f.engine
                     .onFill(kAccount, 42, "ETHUSDT", model::Side::Buy, price("1"), qty("1"),
                             Money(), morning())
                     .error()
                     .code,
                 ErrorCode::NotFound);
        QCOMPARE(f.engine
                     .onFill(kAccount, kBot, "ETHUSDT", model::Side::Buy, price("1"), qty("0"),
                             Money(), morning())
                     .error()
                     .code,
                 ErrorCode::InvalidArgument);
    }

    void stateCanBeRestored()
    {
        RiskLimits botLimits;
        botLimits.maxDailyLoss = money("500");
        Fixture f({}, botLimits);
        f.fill(kBot, model::Side::Buy, "1", "50000");
        QCOMPARE(f.engine.onMark("BTCUSDT", price("49000"), morning(1000)).size(), std::size_t(2));
        RiskEngine restored(f.engine.state());
        QCOMPARE(*restored.accountState(kAccount), AccountState::Reducing);
        QCOMPARE(*restored.botState(kAccount, kBot), BotState::StoppedByRisk);
        QCOMPARE(*restored.botDailyPnl(kAccount, kBot), money("-1000"));
        QCOMPARE(restored.check(marketOrder(kBot, model::Side::Buy, "0.1", "49000"), morning(2000))
                     .reason,
                 RejectReason::AccountReducing);
    }

    // Random fills, marks, orders, open/close counts and rare resets over two accounts and three
    // ledgers each: the states only climb automatically (ACTIVE → REDUCING → HALTED, RUNNING →
    // STOPPED_BY_RISK) and go back only through a reset, every event continues from the state
    // before it, a HALTED account refuses everything, REDUCING accounts and stopped bots accept
    // only reduce-only orders, and positions, open-order counts and exposure match a model kept here.
    void propertyStatesOnlyClimbAndExposureMatches()
    {
        std::mt19937_64 random(20240313);
        const std::vector<std::string> symbols{"BTCUSDT", "ETHUSDT", "SOLUSDT"};
        RiskEngine engine;
        for (AccountId account : {AccountId{1}, AccountId{2}}) {
            AccountConfig config;
            config.limits.maxDailyLoss = money("3000");
            config.limits.maxGrossExposure = money("60000");
            config.limits.maxOrders = 20;
            config.limits.orderRateWindow = std::chrono::milliseconds(10'000);
            config.limits.priceBandBasisPoints = 500;
            config.breachState = account == 1 ? AccountState::Reducing : AccountState::Halted;
            QVERIFY(engine.addAccount(account, config));
            for (BotId bot : {BotId{1}, BotId{2}}) {
                RiskLimits limits;
                limits.maxDailyLoss = money("1500");
                limits.maxDrawdownBasisPoints = 1500;
                limits.maxPosition = qty("40");
                limits.maxOpenOrders = 5;
                limits.maxOrderNotional = money("8000");
                QVERIFY(engine.addBot(account, bot, BotConfig{limits, money("10000")}));
            }
        }
        // model: (account, bot or 0, symbol) → position raw; symbol → mark
        std::map<std::tuple<AccountId, BotId, std::string>, std::int64_t> positions;
        std::map<std::string, Price> marks;
        std::map<std::pair<AccountId, BotId>, int> openOrders;
        std::map<AccountId, AccountState> accountStates{{1, AccountState::Active},
                                                        {2, AccountState::Active}};
        std::map<std::pair<AccountId, BotId>, BotState> botStates;
        std::map<RiskCause, int> causes;
        const auto rank = [](AccountState state) { return static_cast<int>(state); };
        const auto applyEvents = [&](const std::vector<RiskEvent> &events) {
            for (const RiskEvent &event : events) {
                QVERIFY(event.cause != RiskCause::Reset && event.cause != RiskCause::KillSwitch);
                ++causes[event.cause];
                QVERIFY(event.actor.empty());
                QVERIFY(!event.message.empty());
                if (event.subject == RiskSubject::Account) {
                    AccountState &state = accountStates[event.account];
                    QCOMPARE(qs(event.from), qs(stateName(state)));
                    const AccountState next =
                        event.to == "REDUCING" ? AccountState::Reducing : AccountState::Halted;
                    QCOMPARE(qs(event.to), qs(stateName(next)));
                    QVERIFY(rank(next) > rank(state));
                    state = next;
                } else {
                    QVERIFY(event.bot.has_value());
                    BotState &state =
                        botStates.try_emplace({event.account, *event.bot}, BotState::Running)
                            .first->second;
                    QCOMPARE(qs(event.from), QStringLiteral("RUNNING"));
                    QCOMPARE(qs(event.to), QStringLiteral("STOPPED_BY_RISK"));
                    QCOMPARE(state, BotState::Running);
                    state = BotState::StoppedByRisk;
                }
            }
        };
        const auto randomPrice = [&](const std::string &symbol) {
            const std::int64_t base = symbol == "BTCUSDT" ? 2000 : symbol == "ETHUSDT" ? 200 : 20;
            const auto found = marks.find(symbol);
            const std::int64_t center =
                found == marks.end() ? base * 100 : found->second.raw() / 1'000'000;
            // ±3 % steps in cents, kept within [base/2, base×2].
            std::int64_t cents = center
                                 + static_cast<std::int64_t>(random() % 601) * center / 10'000
                                 - 3 * center / 100;
            cents = std::clamp<std::int64_t>(cents, base * 50, base * 200);
            return Price::fromRaw(cents * 1'000'000);
        };

        long long time = 0;
        int accepted = 0;
        int rejected = 0;
        int resets = 0;
        for (int step = 0; step < 20'000; ++step) {
            time +=
                static_cast<long long>(random() % 60'000); // up to a minute: several days in all
            const TimePoint now = at(time);
            const AccountId account = 1 + random() % 2;
            const BotId bot = random() % 3; // 0: manual
            const std::optional<BotId> botId = bot == 0 ? std::nullopt : std::optional<BotId>(bot);
            const std::string &symbol = symbols[random() % symbols.size()];
            const auto kind = random() % 10;
            if (kind < 4) {
                const Price fillPrice = randomPrice(symbol);
                const Quantity quantity =
                    Quantity::fromRaw(static_cast<std::int64_t>(1 + random() % 400) * 1'000'000);
                const model::Side side = random() % 2 ? model::Side::Buy : model::Side::Sell;
                auto events =
                    engine.onFill(account, botId, symbol, side, fillPrice, quantity, Money(), now);
                QVERIFY(events);
                positions[{account, bot, symbol}] +=
                    side == model::Side::Buy ? quantity.raw() : -quantity.raw();
                marks.try_emplace(symbol, fillPrice);
                applyEvents(*events);
            } else if (kind < 7) {
                const Price mark = randomPrice(symbol);
                marks[symbol] = mark;
                applyEvents(engine.onMark(symbol, mark, now));
            } else if (kind < 9) {
                OrderCheck order;
                order.account = account;
                order.bot = botId;
                order.instrument = btc();
                order.instrument.symbol = symbol;
                order.instrument.lotSize = qty("0.01");
                order.side = random() % 2 ? model::Side::Buy : model::Side::Sell;
                order.type = random() % 2 ? OrderType::Market : OrderType::Limit;
                order.quantity =
                    Quantity::fromRaw(static_cast<std::int64_t>(1 + random() % 300) * 1'000'000);
                order.lastPrice = marks.contains(symbol) ? marks[symbol] : randomPrice(symbol);
                order.limitPrice = order.type == OrderType::Limit ? randomPrice(symbol) : Price();
                order.reduceOnly = random() % 3 == 0;
                const Decision decision = engine.check(order, now);
                QCOMPARE(decision.accepted, decision.reason == RejectReason::None);
                QCOMPARE(decision.message.empty(), decision.accepted);
                const AccountState state = accountStates[account];
                if (state == AccountState::Halted)
                    QCOMPARE(decision.reason, RejectReason::AccountHalted);
                if (decision.accepted && state == AccountState::Reducing)
                    QVERIFY(order.reduceOnly);
                if (decision.accepted && bot != 0 && botStates.contains({account, bot})
                    && botStates[{account, bot}] == BotState::StoppedByRisk)
                    QVERIFY(order.reduceOnly);
                decision.accepted ? ++accepted : ++rejected;
            } else if (random() % 10 == 0) {
                // A rare explicit reset: the only way down.
                const auto events =
                    bot == 0 ? engine.resetAccount(account, now, "operator", "property test")
                             : engine.resetBot(account, bot, now, "operator", "property test");
                QVERIFY(events);
                for (const RiskEvent &event : *events) {
                    QCOMPARE(event.cause, RiskCause::Reset);
                    QCOMPARE(qs(event.actor), QStringLiteral("operator"));
                    QCOMPARE(qs(event.to),
                             bot == 0 ? QStringLiteral("ACTIVE") : QStringLiteral("RUNNING"));
                    ++resets;
                }
                if (bot == 0)
                    accountStates[account] = AccountState::Active;
                else
                    botStates[{account, bot}] = BotState::Running;
            } else {
                const int count = openOrders[{account, bot}];
                if (random() % 2 || count == 0) {
                    QVERIFY(engine.onOrderOpened(account, botId, now));
                    ++openOrders[{account, bot}];
                } else {
                    QVERIFY(engine.onOrderClosed(account, botId, now));
                    --openOrders[{account, bot}];
                }
            }

            if (QTest::currentTestFailed())
                return;
            // Invariants after every step.
            for (AccountId a : {AccountId{1}, AccountId{2}}) {
                QCOMPARE(*engine.accountState(a), accountStates[a]);
                std::map<std::string, std::int64_t> net;
                for (BotId b : {BotId{0}, BotId{1}, BotId{2}}) {
                    for (const std::string &s : symbols) {
                        const auto found = positions.find({a, b, s});
                        const std::int64_t expected = found == positions.end() ? 0 : found->second;
                        const std::optional<BotId> id =
                            b == 0 ? std::nullopt : std::optional<BotId>(b);
                        QCOMPARE(engine.position(a, id, s)->raw(), expected);
                        net[s] += expected;
                    }
                    if (b != 0) {
                        const auto found = botStates.find({a, b});
                        QCOMPARE(*engine.botState(a, b),
                                 found == botStates.end() ? BotState::Running : found->second);
                        QCOMPARE(engine.state().accounts.at(a).bots.at(b).openOrders,
                                 static_cast<std::uint32_t>(openOrders[{a, b}]));
                    }
                }
                Money exposure;
                for (const auto &[s, quantity] : net) {
                    if (quantity == 0)
                        continue;
                    const Money value = notional(marks.at(s), Quantity::fromRaw(quantity));
                    exposure += value.isNegative() ? -value : value;
                }
                QCOMPARE(*engine.grossExposure(a), exposure);
            }
            if (QTest::currentTestFailed())
                return;
        }
        // The run went through every kind of outcome.
        QVERIFY(accepted > 100);
        QVERIFY(rejected > 100);
        QVERIFY(resets > 10);
        QVERIFY(causes[RiskCause::DailyLossBreached] > 0);
        QVERIFY(causes[RiskCause::DrawdownBreached] > 0);
        QVERIFY(causes[RiskCause::AccountDailyLossBreached] > 0);
        qInfo("%d accepted, %d rejected, %d resets; breaches: %d daily loss, %d drawdown, %d "
              "account daily loss",
              accepted, rejected, resets, causes[RiskCause::DailyLossBreached],
              causes[RiskCause::DrawdownBreached], causes[RiskCause::AccountDailyLossBreached]);
    }
};

QTEST_APPLESS_MAIN(TestRiskEngine)
#include "test_risk_engine.moc"
