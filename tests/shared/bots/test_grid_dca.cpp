// The grid and DCA bot logics (docs/bots-grid-dca.md): config validation and its messages, the
// level and safety-order math against hand-computed values, initial placement, the buy→sell→buy
// cycle and its profit, healing after venue rejections, take-profit replacement, the cooldown,
// snapshot/restore (round trip, malformed text, resuming), and seeded property runs over a random
// price walk against a small fake venue: no key is ever placed twice, a grid level never has two
// orders, and a restart in the middle changes nothing.
#include "bots/dca_bot.h"
#include "bots/grid_bot.h"

#include <QTest>

#include <algorithm>
#include <cstdint>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

using namespace bcf;
using namespace bcf::bots;
using trading::OrderState;
using trading::OrderType;
using trading::Side;

namespace {

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

QString qs(const std::string &text)
{
    return QString::fromStdString(text);
}

InstrumentRules rules()
{
    return InstrumentRules{price("0.01"), qty("0.001"), money("5")};
}

// "LIMIT SELL 0.1 @ 106 grid:s3#2", "MARKET BUY 0.3 grid:m#1".
QString describe(const BotOrder &order)
{
    std::string text = order.type == OrderType::Market ? "MARKET " : "LIMIT ";
    text += order.side == Side::Buy ? "BUY " : "SELL ";
    text += order.quantity.toString();
    if (order.type != OrderType::Market)
        text += " @ " + order.price.toString();
    return qs(text + " " + order.key);
}

QStringList placed(const BotActions &actions)
{
    QStringList result;
    for (const BotOrder &order : actions.place)
        result << describe(order);
    return result;
}

QStringList cancelled(const BotActions &actions)
{
    QStringList result;
    for (const std::string &key : actions.cancel)
        result << qs(key);
    return result;
}

QString joinedLog(const BotActions &actions)
{
    QStringList result;
    for (const std::string &line : actions.log)
        result << qs(line);
    return result.join(QStringLiteral(" | "));
}

BotView view(const char *position, const char *last, std::set<std::string> working = {})
{
    BotView result;
    result.position = qty(position);
    result.lastPrice = price(last);
    result.working = std::move(working);
    return result;
}

model::Candle candle(const char *close)
{
    model::Candle bar;
    bar.open = bar.high = bar.low = bar.close = price(close);
    bar.closed = true;
    return bar;
}

BotFill fillOf(
    const std::string &key, Side side, const char *at, const char *quantity, bool done = true)
{
    return BotFill{key, side, price(at), qty(quantity), done};
}

BotOrderClosed closedOf(const std::string &key, OrderState state, const char *reason)
{
    return BotOrderClosed{key, state, Quantity(), reason};
}

GridConfig gridConfig(const char *lower = "100", const char *upper = "110", int levels = 6,
    bool geometric = false, const char *perLevel = "0.1")
{
    return GridConfig{price(lower), price(upper), levels, geometric, qty(perLevel)};
}

std::unique_ptr<GridBot> grid(GridConfig config = gridConfig())
{
    auto bot = makeGridBot(config, rules());
    if (!bot)
        qFatal("makeGridBot failed: %s", bot.error().message.c_str());
    return std::move(*bot);
}

QString gridError(GridConfig config, InstrumentRules instrument = rules())
{
    auto bot = makeGridBot(config, instrument);
    if (bot)
        return QStringLiteral("(accepted)");
    if (bot.error().code != ErrorCode::InvalidArgument)
        return QStringLiteral("(not InvalidArgument)");
    return qs(bot.error().message);
}

QStringList levelTexts(const std::vector<Price> &levels)
{
    QStringList result;
    for (Price level : levels)
        result << qs(level.toString());
    return result;
}

DcaConfig dcaConfig()
{
    DcaConfig config;
    config.baseOrderQuote = money("100");
    config.safetyOrderQuote = money("50");
    config.maxSafetyOrders = 2;
    config.priceDeviationBasisPoints = 200;
    config.stepScalePercent = 100;
    config.volumeScalePercent = 200;
    config.takeProfitBasisPoints = 150;
    config.cooldownBars = 2;
    return config;
}

std::unique_ptr<DcaBot> dca(DcaConfig config = dcaConfig())
{
    auto bot = makeDcaBot(config, rules());
    if (!bot)
        qFatal("makeDcaBot failed: %s", bot.error().message.c_str());
    return std::move(*bot);
}

QString dcaError(DcaConfig config)
{
    auto bot = makeDcaBot(config, rules());
    if (bot)
        return QStringLiteral("(accepted)");
    if (bot.error().code != ErrorCode::InvalidArgument)
        return QStringLiteral("(not InvalidArgument)");
    return qs(bot.error().message);
}

// ---- A tiny venue: holds the bot's orders, fills limits the bar crosses -----------------------

// Fills market orders at once at the last price and limit orders when a bar's path crosses them
// (open → high → low → close on a falling bar, open → low → high → close on a rising one). Locks
// quote for buys and base for sells like a spot exchange and rejects what the balance does not
// cover. Processes cancels before places. Every fill is delivered to the bot with the position
// already updated; some fills arrive in two parts.
class FakeVenue {
public:
    FakeVenue(BotLogic &bot, Money cash, std::int64_t baseFeeBasisPoints, std::uint32_t seed)
        : m_bot(&bot), m_cash(cash), m_feeBasisPoints(baseFeeBasisPoints), m_random(seed)
    {
    }

    void setBot(BotLogic &bot) { m_bot = &bot; }
    BotView view() const
    {
        BotView result;
        result.position = m_position;
        result.cash = m_cash;
        result.lastPrice = m_last;
        for (const auto &[key, order] : m_working)
            result.working.insert(key);
        return result;
    }

    void start(Price last)
    {
        m_last = last;
        BotActions actions;
        m_bot->onStart(view(), actions);
        apply(actions);
    }

    void resume()
    {
        BotActions actions;
        m_bot->onStart(view(), actions);
        m_resumeActions = actions.place.size() + actions.cancel.size();
        apply(actions);
    }

    void bar(Price open, Price high, Price low, Price close)
    {
        const bool falling = close < open;
        const Price path[] = {open, falling ? high : low, falling ? low : high, close};
        for (int segment = 0; segment < 3; ++segment)
            walk(path[segment], path[segment + 1]);
        m_last = close;
        model::Candle candle;
        candle.open = open;
        candle.high = high;
        candle.low = low;
        candle.close = close;
        candle.closed = true;
        ++m_bars;
        BotActions actions;
        m_bot->onBar(candle, fromUnixMillis(m_bars * 60'000), view(), actions);
        apply(actions);
    }

    // What the bot asked for, in order, for comparing two runs.
    const std::vector<std::string> &journal() const { return m_journal; }
    int duplicateKeys() const { return m_duplicateKeys; }
    int secondOrderOnLevel() const { return m_secondOrderOnLevel; }
    int rejections() const { return m_rejections; }
    int fills() const { return m_fills; }
    int mostTakeProfitsWorking() const { return m_mostTakeProfits; }
    std::size_t resumeActions() const { return m_resumeActions; }
    Quantity position() const { return m_position; }
    Money cash() const { return m_cash; }

private:
    void apply(const BotActions &actions)
    {
        for (const std::string &line : actions.log)
            m_journal.push_back("log " + line);
        for (const std::string &key : actions.cancel) {
            m_journal.push_back("cancel " + key);
            const auto found = m_working.find(key);
            if (found == m_working.end())
                continue;
            m_working.erase(found);
            BotActions next;
            m_bot->onOrderClosed(
                BotOrderClosed{key, OrderState::Cancelled, m_filled[key], "cancelled by the bot"},
                view(), next);
            apply(next);
        }
        for (const BotOrder &order : actions.place) {
            m_journal.push_back("place " + describe(order).toStdString());
            if (!m_everPlaced.insert(order.key).second)
                ++m_duplicateKeys;
            checkLevel(order.key);
            if (order.type == OrderType::Market) {
                marketFill(order);
                continue;
            }
            if (!covered(order)) {
                ++m_rejections;
                BotActions next;
                m_bot->onOrderClosed(BotOrderClosed{order.key, OrderState::Rejected, Quantity(),
                                         "insufficient balance"},
                    view(), next);
                apply(next);
                continue;
            }
            m_working.emplace(order.key, order);
        }
        int takeProfits = 0;
        for (const auto &[key, order] : m_working)
            takeProfits += key.find(":tp#") != std::string::npos ? 1 : 0;
        m_mostTakeProfits = std::max(m_mostTakeProfits, takeProfits);
    }

    // "grid:b3#17" and "grid:s3#18" share level 3: never two at once.
    void checkLevel(const std::string &key)
    {
        if (!key.starts_with("grid:") || key[5] == 'm')
            return;
        const std::string level = key.substr(6, key.find('#') - 6);
        for (const auto &[other, order] : m_working) {
            if (other.starts_with("grid:") && other[5] != 'm'
                && other.substr(6, other.find('#') - 6) == level)
                ++m_secondOrderOnLevel;
        }
    }

    Money lockedQuote() const
    {
        Money total;
        for (const auto &[key, order] : m_working) {
            if (order.side == Side::Buy)
                total += notional(order.price, order.quantity - filledOf(key));
        }
        return total;
    }

    Quantity lockedBase() const
    {
        Quantity total;
        for (const auto &[key, order] : m_working) {
            if (order.side == Side::Sell)
                total += order.quantity - filledOf(key);
        }
        return total;
    }

    Quantity filledOf(const std::string &key) const
    {
        const auto found = m_filled.find(key);
        return found == m_filled.end() ? Quantity() : found->second;
    }

    bool covered(const BotOrder &order) const
    {
        if (order.side == Side::Buy)
            return m_cash - lockedQuote() >= notional(order.price, order.quantity);
        return m_position - lockedBase() >= order.quantity;
    }

    void marketFill(const BotOrder &order)
    {
        BotOrder copy = order;
        copy.price = m_last;
        if ((order.side == Side::Buy && m_cash - lockedQuote() < notional(m_last, order.quantity))
            || (order.side == Side::Sell && m_position - lockedBase() < order.quantity)) {
            ++m_rejections;
            BotActions next;
            m_bot->onOrderClosed(
                BotOrderClosed{order.key, OrderState::Rejected, Quantity(), "insufficient balance"},
                view(), next);
            apply(next);
            return;
        }
        m_working.emplace(order.key, copy);
        fill(order.key, m_last);
    }

    // Moves the price from `from` to `to`, filling the crossed orders nearest first.
    void walk(Price from, Price to)
    {
        Price at = from;
        while (true) {
            std::string next;
            Price nextPrice;
            for (const auto &[key, order] : m_working) {
                if (order.type != OrderType::Limit)
                    continue;
                const bool crossed = to < at
                    ? (order.side == Side::Buy && order.price <= at && to < order.price)
                    : (order.side == Side::Sell && order.price >= at && to > order.price);
                if (!crossed)
                    continue;
                const bool nearer
                    = next.empty() || (to < at ? order.price > nextPrice : order.price < nextPrice);
                if (nearer) {
                    next = key;
                    nextPrice = order.price;
                }
            }
            if (next.empty())
                return;
            at = nextPrice;
            m_last = at;
            fill(next, nextPrice);
        }
    }

    void fill(const std::string &key, Price at)
    {
        const BotOrder order = m_working.at(key);
        const Quantity left = order.quantity - filledOf(key);
        // One fill in three arrives in two parts.
        std::vector<Quantity> parts;
        const Quantity half = Quantity::fromRaw(left.raw() / 2).floorTo(qty("0.001"));
        if (m_random() % 3 == 0 && !half.isZero() && half < left)
            parts = {half, left - half};
        else
            parts = {left};
        for (std::size_t i = 0; i < parts.size(); ++i) {
            const Quantity part = parts[i];
            const bool done = i + 1 == parts.size();
            if (order.side == Side::Buy) {
                const Quantity fee = Quantity::fromRaw(part.raw() * m_feeBasisPoints / 10'000);
                m_position += part - fee;
                m_cash -= notional(at, part);
            } else {
                m_position -= part;
                m_cash += notional(at, part);
            }
            m_filled[key] += part;
            if (done)
                m_working.erase(key);
            ++m_fills;
            BotActions next;
            m_bot->onFill(BotFill{key, order.side, at, part, done}, view(), next);
            apply(next);
        }
    }

    BotLogic *m_bot;
    Money m_cash;
    Quantity m_position;
    Price m_last;
    std::int64_t m_feeBasisPoints;
    std::mt19937 m_random;
    std::map<std::string, BotOrder> m_working;
    std::map<std::string, Quantity> m_filled;
    std::set<std::string> m_everPlaced;
    std::vector<std::string> m_journal;
    long long m_bars = 0;
    int m_duplicateKeys = 0;
    int m_secondOrderOnLevel = 0;
    int m_rejections = 0;
    int m_fills = 0;
    int m_mostTakeProfits = 0;
    std::size_t m_resumeActions = 0;
};

struct WalkBar {
    Price open, high, low, close;
};

// A seeded mean-reverting walk in cents around `centre` (only the generator's raw output is used,
// which the standard fixes, so every platform walks the same path).
std::vector<WalkBar> randomWalk(std::uint32_t seed, int bars, std::int64_t centreCents,
    std::int64_t stepCents, std::int64_t bandCents)
{
    std::mt19937 random(seed);
    std::vector<WalkBar> result;
    std::int64_t last = centreCents;
    for (int i = 0; i < bars; ++i) {
        std::int64_t next
            = last + static_cast<std::int64_t>(random() % (2 * stepCents + 1)) - stepCents;
        if (next > centreCents + bandCents)
            next -= stepCents;
        if (next < centreCents - bandCents)
            next += stepCents;
        next = std::max<std::int64_t>(next, 100);
        const std::int64_t high
            = std::max(last, next) + static_cast<std::int64_t>(random() % (stepCents / 2 + 1));
        const std::int64_t low = std::max<std::int64_t>(
            std::min(last, next) - static_cast<std::int64_t>(random() % (stepCents / 2 + 1)), 1);
        auto cents = [](std::int64_t value) { return Price::fromRaw(value * 1'000'000); };
        result.push_back({cents(last), cents(high), cents(low), cents(next)});
        last = next;
    }
    return result;
}

struct RunResult {
    std::vector<std::string> journal;
    int duplicateKeys = 0;
    int secondOrderOnLevel = 0;
    int rejections = 0;
    int fills = 0;
    int mostTakeProfits = 0;
    std::size_t resumeActions = 0;
    std::string finalSnapshot;
};

// Runs a bot over the walk; with restartAt ≥ 0 the bot is replaced at that bar by a fresh one
// restored from the snapshot, as the runtime does after a crash.
template <typename MakeBot>
RunResult runWalk(MakeBot makeBot, const std::vector<WalkBar> &walk, Money cash,
    std::int64_t feeBasisPoints, int restartAt)
{
    std::unique_ptr<BotLogic> bot = makeBot();
    FakeVenue venue(*bot, cash, feeBasisPoints, 7);
    venue.start(walk.front().open);
    for (int i = 0; i < static_cast<int>(walk.size()); ++i) {
        if (i == restartAt) {
            const std::string text = bot->snapshot();
            bot = makeBot();
            if (!bot->restore(text))
                qFatal("restore failed");
            venue.setBot(*bot);
            venue.resume();
        }
        const WalkBar &bar = walk[static_cast<std::size_t>(i)];
        venue.bar(bar.open, bar.high, bar.low, bar.close);
    }
    RunResult result;
    result.journal = venue.journal();
    result.duplicateKeys = venue.duplicateKeys();
    result.secondOrderOnLevel = venue.secondOrderOnLevel();
    result.rejections = venue.rejections();
    result.fills = venue.fills();
    result.mostTakeProfits = venue.mostTakeProfitsWorking();
    result.resumeActions = venue.resumeActions();
    result.finalSnapshot = bot->snapshot();
    return result;
}

// The journal without the "Grid resumed" / "DCA … resumed" sentence of the restart.
std::vector<std::string> withoutResumeLog(std::vector<std::string> journal)
{
    std::erase_if(
        journal, [](const std::string &line) { return line.find("resumed") != std::string::npos; });
    return journal;
}

} // namespace

class TestGridDca final : public QObject {
    Q_OBJECT

private slots:
    // ---- Grid ------------------------------------------------------------------------------

    void gridConfigIsValidated()
    {
        QCOMPARE(
            gridError(gridConfig("0")), QStringLiteral("lowerPrice: must be positive (got 0)"));
        QCOMPARE(gridError(gridConfig("110", "110")),
            QStringLiteral("upperPrice: 110 must be above lowerPrice 110"));
        QCOMPARE(gridError(gridConfig("100.005")),
            QStringLiteral("lowerPrice: 100.005 is not a multiple of the tick size 0.01"));
        QCOMPARE(gridError(gridConfig("100", "110.001")),
            QStringLiteral("upperPrice: 110.001 is not a multiple of the tick size 0.01"));
        QCOMPARE(gridError(gridConfig("100", "110", 1)),
            QStringLiteral("levels: must be between 2 and 200 (got 1)"));
        QCOMPARE(gridError(gridConfig("100", "110", 201)),
            QStringLiteral("levels: must be between 2 and 200 (got 201)"));
        QCOMPARE(gridError(gridConfig("100", "110", 6, false, "0.0005")),
            QStringLiteral("quantityPerLevel: 0.0005 is below the lot size 0.001"));
        QCOMPARE(gridError(gridConfig("100", "110", 6, false, "0.0505")),
            QStringLiteral("quantityPerLevel: 0.0505 is not a multiple of the lot size 0.001"));
        QCOMPARE(gridError(gridConfig("100", "110", 6, false, "0.049")),
            QStringLiteral("quantityPerLevel: 0.049 at lowerPrice 100 is worth 4.9, below the "
                           "minimum notional 5"));
        // 10 ticks cannot hold 20 distinct levels.
        QCOMPARE(gridError(gridConfig("100", "100.1", 20)),
            QStringLiteral("levels: 20 levels between 100 and 100.1 collapse after rounding to "
                           "the tick 0.01 (levels 1 and 2 are both 100.01); use fewer levels or a "
                           "wider range"));
        QVERIFY(gridError(gridConfig("100", "101", 150, true))
                    .startsWith(QStringLiteral("levels: 150 levels")));
        QCOMPARE(gridError(gridConfig("100", "100.1", 11)), QStringLiteral("(accepted)"));
        QCOMPARE(gridError(gridConfig(), InstrumentRules{Price(), qty("0.001"), money("5")}),
            QStringLiteral("tickSize: must be positive"));
        QCOMPARE(gridError(gridConfig(), InstrumentRules{price("0.01"), Quantity(), money("5")}),
            QStringLiteral("lotSize: must be positive"));
        QCOMPARE(gridError(gridConfig()), QStringLiteral("(accepted)"));
    }

    void gridArithmeticLevels()
    {
        QCOMPARE(levelTexts(grid()->levelPrices()),
            QStringList({QStringLiteral("100"), QStringLiteral("102"), QStringLiteral("104"),
                QStringLiteral("106"), QStringLiteral("108"), QStringLiteral("110")}));
        // 100 ticks in 3 steps: 33.33 → 33, 66.67 → 67 ticks.
        auto levels = gridLevelPrices(gridConfig("100", "101", 4), price("0.01"));
        QVERIFY(levels);
        QCOMPARE(levelTexts(*levels),
            QStringList({QStringLiteral("100"), QStringLiteral("100.33"), QStringLiteral("100.67"),
                QStringLiteral("101")}));
        // 5 ticks in 2 steps: 2.5 rounds half away from zero to 3.
        levels = gridLevelPrices(gridConfig("100", "100.05", 3), price("0.01"));
        QVERIFY(levels);
        QCOMPARE(levelTexts(*levels),
            QStringList(
                {QStringLiteral("100"), QStringLiteral("100.03"), QStringLiteral("100.05")}));
    }

    void gridGeometricLevels()
    {
        auto levels = gridLevelPrices(gridConfig("100", "1600", 5, true), price("0.01"));
        QVERIFY(levels);
        QCOMPARE(levelTexts(*levels),
            QStringList({QStringLiteral("100"), QStringLiteral("200"), QStringLiteral("400"),
                QStringLiteral("800"), QStringLiteral("1600")}));
        // r = 2^(1/3) = 1.259921…: 125.9921 → 125.99, 158.7401 → 158.74.
        levels = gridLevelPrices(gridConfig("100", "200", 4, true), price("0.01"));
        QVERIFY(levels);
        QCOMPARE(levelTexts(*levels),
            QStringList({QStringLiteral("100"), QStringLiteral("125.99"), QStringLiteral("158.74"),
                QStringLiteral("200")}));
        // √2 × 1000 = 1414.2135…; 1.1^k × 100 with 10 steps of 10 %: 110, 121, 133.1, 146.41,
        // 161.051.
        levels = gridLevelPrices(gridConfig("1000", "2000", 3, true), price("0.01"));
        QVERIFY(levels);
        QCOMPARE(levelTexts(*levels),
            QStringList(
                {QStringLiteral("1000"), QStringLiteral("1414.21"), QStringLiteral("2000")}));
        levels = gridLevelPrices(gridConfig("100", "161.051", 6, true), price("0.001"));
        QVERIFY(levels);
        QCOMPARE(levelTexts(*levels),
            QStringList({QStringLiteral("100"), QStringLiteral("110"), QStringLiteral("121"),
                QStringLiteral("133.1"), QStringLiteral("146.41"), QStringLiteral("161.051")}));
        // Every step is the same percentage (to the tick) and the prices strictly increase.
        levels = gridLevelPrices(gridConfig("0.5", "90000", 200, true), price("0.00001"));
        QVERIFY(levels);
        QCOMPARE(levels->size(), std::size_t(200));
        for (std::size_t i = 1; i < levels->size(); ++i)
            QVERIFY((*levels)[i] > (*levels)[i - 1]);
    }

    void gridInitialPlacement()
    {
        // Levels 100 102 104 106 108 110; 104.9 is nearest to 104 (level 2), which stays empty.
        auto bot = grid();
        BotActions actions;
        bot->onStart(view("0", "104.9"), actions);
        QCOMPARE(placed(actions),
            QStringList({QStringLiteral("MARKET BUY 0.301 grid:m#1"),
                QStringLiteral("LIMIT SELL 0.1 @ 106 grid:s3#2"),
                QStringLiteral("LIMIT SELL 0.1 @ 108 grid:s4#3"),
                QStringLiteral("LIMIT SELL 0.1 @ 110 grid:s5#4"),
                QStringLiteral("LIMIT BUY 0.1 @ 102 grid:b1#5"),
                QStringLiteral("LIMIT BUY 0.1 @ 100 grid:b0#6")}));
        QVERIFY(actions.cancel.empty());
        QCOMPARE(joinedLog(actions),
            QStringLiteral("Grid started at 104.9: level 2 (104) left empty, market buy "
                           "of 0.301 for the sells, 3 sells and 2 buys placed"));

        // The holding already covers the sells: no market buy.
        bot = grid();
        actions = {};
        bot->onStart(view("0.3", "104.9"), actions);
        QCOMPARE(actions.place.size(), std::size_t(5));
        QCOMPARE(describe(actions.place.front()), QStringLiteral("LIMIT SELL 0.1 @ 106 grid:s3#1"));

        // Part of it: only the shortfall plus 0.25 % for a fee in the base asset (0.05 → 0.050125,
        // up to the lot: 0.051), raised to the minimum notional when it is smaller.
        bot = grid();
        actions = {};
        bot->onStart(view("0.25", "104.9"), actions);
        QCOMPARE(describe(actions.place.front()), QStringLiteral("MARKET BUY 0.051 grid:m#1"));
        bot = grid();
        actions = {};
        bot->onStart(view("0.28", "104.9"), actions);
        // 5 / 104.9 = 0.04766… → 0.048.
        QCOMPARE(describe(actions.place.front()), QStringLiteral("MARKET BUY 0.048 grid:m#1"));

        // A tie (105 is 1 from 104 and from 106) leaves the lower level empty.
        bot = grid();
        actions = {};
        bot->onStart(view("0", "105"), actions);
        QCOMPARE(describe(actions.place.front()), QStringLiteral("MARKET BUY 0.301 grid:m#1"));
        QCOMPARE(describe(actions.place[1]), QStringLiteral("LIMIT SELL 0.1 @ 106 grid:s3#2"));

        // Above the range: the top level is empty, everything else buys.
        bot = grid();
        actions = {};
        bot->onStart(view("0", "120"), actions);
        QCOMPARE(placed(actions),
            QStringList({QStringLiteral("LIMIT BUY 0.1 @ 108 grid:b4#1"),
                QStringLiteral("LIMIT BUY 0.1 @ 106 grid:b3#2"),
                QStringLiteral("LIMIT BUY 0.1 @ 104 grid:b2#3"),
                QStringLiteral("LIMIT BUY 0.1 @ 102 grid:b1#4"),
                QStringLiteral("LIMIT BUY 0.1 @ 100 grid:b0#5")}));
    }

    void gridWaitsForAPrice()
    {
        auto bot = grid();
        BotActions actions;
        bot->onStart(view("0", "0"), actions);
        QVERIFY(actions.place.empty());
        QCOMPARE(joinedLog(actions),
            QStringLiteral("Grid waiting for the first price before placing its orders"));
        QVERIFY(!bot->started());
        // The first bar starts it at its close (103.5 is nearest to 104).
        actions = {};
        bot->onBar(candle("103.5"), TimePoint{}, view("0", "0"), actions);
        QVERIFY(bot->started());
        QCOMPARE(describe(actions.place.front()), QStringLiteral("MARKET BUY 0.301 grid:m#1"));
        QCOMPARE(actions.place.size(), std::size_t(6));
    }

    void gridBuySellCycleAndProfit()
    {
        auto bot = grid();
        BotActions actions;
        bot->onStart(view("0", "104.9"), actions);

        actions = {};
        bot->onFill(fillOf("grid:m#1", Side::Buy, "104.9", "0.3"), view("0.3", "104.9"), actions);
        QVERIFY(actions.place.empty());
        QCOMPARE(
            joinedLog(actions), QStringLiteral("Grid bought 0.3 at 104.9 for its sell orders"));

        // Buy at level 1 → sell one level up.
        actions = {};
        bot->onFill(fillOf("grid:b1#5", Side::Buy, "102", "0.1"), view("0.4", "102"), actions);
        QCOMPARE(placed(actions), QStringList({QStringLiteral("LIMIT SELL 0.1 @ 104 grid:s2#7")}));
        QCOMPARE(joinedLog(actions), QStringLiteral("Grid level 1 (102) bought 0.1 at 102"));

        // That sell → buy one level down; profit (104 − 102) × 0.1.
        actions = {};
        bot->onFill(fillOf("grid:s2#7", Side::Sell, "104", "0.1"), view("0.3", "104"), actions);
        QCOMPARE(placed(actions), QStringList({QStringLiteral("LIMIT BUY 0.1 @ 102 grid:b1#8")}));
        QCOMPARE(joinedLog(actions),
            QStringLiteral("Grid level 2 (104) sold 0.1 at 104 (bought at 102): profit 0.2, "
                           "grid profit 0.2 over 1 sells"));
        QCOMPARE(bot->realizedProfit(), money("0.2"));

        // A starting sell earns against the market buy's price: (106 − 104.9) × 0.1.
        actions = {};
        bot->onFill(fillOf("grid:s3#2", Side::Sell, "106", "0.1"), view("0.2", "106"), actions);
        QCOMPARE(placed(actions), QStringList({QStringLiteral("LIMIT BUY 0.1 @ 104 grid:b2#9")}));
        QCOMPARE(bot->realizedProfit(), money("0.31"));
        QCOMPARE(bot->completedPairs(), 2);

        // Partial fills wait for the last part; the sell carries the average price.
        actions = {};
        bot->onFill(
            fillOf("grid:b2#9", Side::Buy, "104", "0.04", false), view("0.24", "104"), actions);
        QVERIFY(actions.place.empty());
        QVERIFY(actions.log.empty());
        bot->onFill(fillOf("grid:b2#9", Side::Buy, "103.9", "0.06"), view("0.3", "103.9"), actions);
        QCOMPARE(placed(actions), QStringList({QStringLiteral("LIMIT SELL 0.1 @ 106 grid:s3#10")}));
        QCOMPARE(bot->levels()[3].costPrice, price("103.94"));
        actions = {};
        bot->onFill(fillOf("grid:s3#10", Side::Sell, "106", "0.1"), view("0.2", "106"), actions);
        QCOMPARE(bot->realizedProfit(), money("0.516")); // 0.31 + (106 − 103.94) × 0.1
        QCOMPARE(placed(actions), QStringList({QStringLiteral("LIMIT BUY 0.1 @ 104 grid:b2#11")}));

        // A fee taken in the base asset: the sell is what the bot holds free, not what it bought.
        actions = {};
        bot->onFill(fillOf("grid:b2#11", Side::Buy, "104", "0.1"), view("0.2999", "104"), actions);
        QCOMPARE(
            placed(actions), QStringList({QStringLiteral("LIMIT SELL 0.099 @ 106 grid:s3#12")}));

        // Fills of keys the bot does not know change nothing.
        actions = {};
        bot->onFill(fillOf("grid:b2#5", Side::Buy, "104", "0.1"), view("0.3999", "104"), actions);
        QVERIFY(actions.place.empty());
    }

    void gridEdgesOfTheRange()
    {
        auto bot = grid();
        BotActions actions;
        bot->onStart(view("0.3", "104.9"), actions); // s3#1 s4#2 s5#3 b1#4 b0#5, no market buy
        actions = {};
        bot->onFill(fillOf("grid:s3#1", Side::Sell, "106", "0.1"), view("0.2", "106"), actions);
        QCOMPARE(placed(actions), QStringList({QStringLiteral("LIMIT BUY 0.1 @ 104 grid:b2#6")}));
        actions = {};
        bot->onFill(fillOf("grid:b2#6", Side::Buy, "104", "0.1"), view("0.3", "104"), actions);
        QCOMPARE(placed(actions), QStringList({QStringLiteral("LIMIT SELL 0.1 @ 106 grid:s3#7")}));
        // The lowest buy fills before the one above it (out of order): its sell would go to
        // level 1, which still has a buy, so no second order is placed there.
        actions = {};
        bot->onFill(fillOf("grid:b0#5", Side::Buy, "100", "0.1"), view("0.4", "100"), actions);
        QVERIFY(actions.place.empty());
        QCOMPARE(joinedLog(actions),
            QStringLiteral("Grid level 0 (100) bought 0.1 at 100 | Grid level 1 (102) "
                           "already has an order; no second one placed"));
        actions = {};
        bot->onFill(fillOf("grid:b1#4", Side::Buy, "102", "0.1"), view("0.5", "102"), actions);
        QCOMPARE(placed(actions), QStringList({QStringLiteral("LIMIT SELL 0.1 @ 104 grid:s2#8")}));
        // Started above the range: the first buy that fills is sold at the top level.
        auto high = grid();
        actions = {};
        high->onStart(view("0", "120"), actions);
        actions = {};
        high->onFill(fillOf("grid:b4#1", Side::Buy, "108", "0.1"), view("0.1", "108"), actions);
        QCOMPARE(placed(actions), QStringList({QStringLiteral("LIMIT SELL 0.1 @ 110 grid:s5#6")}));
        // Started below the range: the lowest level is empty and bought back into.
        auto low = grid();
        actions = {};
        low->onStart(view("0.5", "99"), actions); // level 0 empty, sells s1#1 … s5#5
        actions = {};
        low->onFill(fillOf("grid:s1#1", Side::Sell, "102", "0.1"), view("0.4", "102"), actions);
        QCOMPARE(placed(actions), QStringList({QStringLiteral("LIMIT BUY 0.1 @ 100 grid:b0#6")}));
        actions = {};
        low->onFill(fillOf("grid:b0#6", Side::Buy, "100", "0.1"), view("0.5", "100"), actions);
        QCOMPARE(placed(actions), QStringList({QStringLiteral("LIMIT SELL 0.1 @ 102 grid:s1#7")}));
    }

    void gridHealsAfterRejections()
    {
        auto bot = grid();
        BotActions actions;
        bot->onStart(view("0", "104.9"), actions);
        bot->onFill(fillOf("grid:m#1", Side::Buy, "104.9", "0.3"), view("0.3", "104.9"), actions);

        // The venue rejects the lowest buy: logged, level left empty, nothing re-placed now.
        actions = {};
        bot->onOrderClosed(closedOf("grid:b0#6", OrderState::Rejected, "insufficient balance"),
            view("0.3", "104.9"), actions);
        QVERIFY(actions.place.empty());
        QCOMPARE(joinedLog(actions),
            QStringLiteral("Grid buy at level 0 (100) was rejected (insufficient balance); "
                           "the level stays empty until the price moves away from it"));
        QCOMPARE(bot->levels()[0].side, GridBot::LevelSide::None);
        // Told twice: nothing more.
        actions = {};
        bot->onOrderClosed(closedOf("grid:b0#6", OrderState::Rejected, "insufficient balance"),
            view("0.3", "104.9"), actions);
        QVERIFY(actions.place.empty() && actions.log.empty());

        // The next bar, the price a level or more above it: placed again under a new key. The
        // empty level next to the price (104) is not touched.
        actions = {};
        bot->onBar(candle("104.9"), TimePoint{}, view("0.3", "104.9"), actions);
        QCOMPARE(placed(actions), QStringList({QStringLiteral("LIMIT BUY 0.1 @ 100 grid:b0#7")}));

        // Rejected again: it waits 2 bars, then 4 …
        actions = {};
        bot->onOrderClosed(closedOf("grid:b0#7", OrderState::Rejected, "insufficient balance"),
            view("0.3", "104.9"), actions);
        bot->onBar(candle("104.9"), TimePoint{}, view("0.3", "104.9"), actions);
        QVERIFY(actions.place.empty());
        bot->onBar(candle("104.9"), TimePoint{}, view("0.3", "104.9"), actions);
        QCOMPARE(placed(actions), QStringList({QStringLiteral("LIMIT BUY 0.1 @ 100 grid:b0#8")}));

        // A buy next to the price waits until the price is a level away from it.
        actions = {};
        bot->onOrderClosed(
            closedOf("grid:b1#5", OrderState::Expired, ""), view("0.3", "103"), actions);
        bot->onBar(candle("103"), TimePoint{}, view("0.3", "103"), actions);
        QVERIFY(actions.place.empty());
        bot->onBar(candle("104.5"), TimePoint{}, view("0.3", "104.5"), actions);
        QCOMPARE(placed(actions), QStringList({QStringLiteral("LIMIT BUY 0.1 @ 102 grid:b1#9")}));

        // A rejected sell comes back with what the bot holds free: here 0.05 of the 0.1.
        actions = {};
        bot->onOrderClosed(closedOf("grid:s5#4", OrderState::Rejected, "insufficient balance"),
            view("0.25", "104.9"), actions);
        bot->onBar(candle("104.9"), TimePoint{}, view("0.25", "104.9"), actions);
        QCOMPARE(
            placed(actions), QStringList({QStringLiteral("LIMIT SELL 0.05 @ 110 grid:s5#10")}));
        // Too little to sell: logged once, not placed, not logged again.
        actions = {};
        bot->onOrderClosed(closedOf("grid:s5#10", OrderState::Rejected, "insufficient balance"),
            view("0.22", "104.9"), actions);
        bot->onBar(candle("104.9"), TimePoint{}, view("0.22", "104.9"), actions);
        bot->onBar(candle("104.9"), TimePoint{}, view("0.22", "104.9"), actions);
        bot->onBar(candle("104.9"), TimePoint{}, view("0.22", "104.9"), actions);
        QVERIFY(actions.place.empty());
        QCOMPARE(std::count_if(actions.log.begin(), actions.log.end(),
                     [](const std::string &line) {
                         return line.find("not placed") != std::string::npos;
                     }),
            std::ptrdiff_t(1));

        // Cancelled after a partial fill: the part bought is sold one level up.
        actions = {};
        bot->onFill(
            fillOf("grid:b1#9", Side::Buy, "102", "0.06", false), view("0.28", "102"), actions);
        bot->onOrderClosed(BotOrderClosed{"grid:b1#9", OrderState::Cancelled, qty("0.06"), "user"},
            view("0.28", "102"), actions);
        QCOMPARE(
            placed(actions), QStringList({QStringLiteral("LIMIT SELL 0.06 @ 104 grid:s2#11")}));
    }

    void gridResumesAfterRestore()
    {
        auto bot = grid();
        BotActions actions;
        bot->onStart(view("0", "104.9"), actions);
        bot->onFill(fillOf("grid:m#1", Side::Buy, "104.9", "0.3"), view("0.3", "104.9"), actions);
        const std::string text = bot->snapshot();

        // Everything still working: nothing placed.
        auto restored = grid();
        QVERIFY(restored->restore(text));
        QCOMPARE(restored->snapshot(), text);
        actions = {};
        const std::set<std::string> all
            = {"grid:s3#2", "grid:s4#3", "grid:s5#4", "grid:b1#5", "grid:b0#6"};
        restored->onStart(view("0.3", "104.9", all), actions);
        QVERIFY(actions.place.empty());
        QCOMPARE(joinedLog(actions),
            QStringLiteral("Grid resumed: 5 orders still working, 0 re-placed"));

        // Two orders vanished while it was stopped (no fill delivered): placed again, new keys.
        restored = grid();
        QVERIFY(restored->restore(text));
        actions = {};
        restored->onStart(view("0.3", "104.9", {"grid:s3#2", "grid:s5#4", "grid:b1#5"}), actions);
        QCOMPARE(placed(actions),
            QStringList({QStringLiteral("LIMIT BUY 0.1 @ 100 grid:b0#7"),
                QStringLiteral("LIMIT SELL 0.1 @ 108 grid:s4#8")}));

        // A fill delivered before onStart: the level is answered, not re-placed.
        restored = grid();
        QVERIFY(restored->restore(text));
        actions = {};
        restored->onFill(fillOf("grid:b1#5", Side::Buy, "102", "0.1"), view("0.4", "102"), actions);
        restored->onStart(
            view("0.4", "102", {"grid:s3#2", "grid:s4#3", "grid:s5#4", "grid:b0#6", "grid:s2#7"}),
            actions);
        QCOMPARE(placed(actions), QStringList({QStringLiteral("LIMIT SELL 0.1 @ 104 grid:s2#7")}));

        // Restored before it ever started: onStart starts it.
        auto fresh = grid();
        restored = grid();
        QVERIFY(restored->restore(fresh->snapshot()));
        actions = {};
        restored->onStart(view("0", "104.9"), actions);
        QCOMPARE(actions.place.size(), std::size_t(6));
    }

    void gridSnapshotIsStrict()
    {
        auto bot = grid();
        BotActions actions;
        bot->onStart(view("0", "104.9"), actions);
        const std::string text = bot->snapshot();
        QVERIFY(text.starts_with("bcf-grid-bot 1\ngrid=100 110 6 arithmetic 0.1\nstarted=1\n"));
        QVERIFY(text.find("\nlevel.3=S grid:s3#2 0.1 0 0 104.9 0 0 0 1\n") != std::string::npos);

        auto refused = [&](const std::string &candidate) {
            auto other = grid();
            const std::string before = other->snapshot();
            const Status status = other->restore(candidate);
            if (status || status.error().code != ErrorCode::InvalidArgument)
                return QStringLiteral("(accepted)");
            if (other->snapshot() != before)
                return QStringLiteral("(changed the bot)");
            return qs(status.error().message);
        };
        QCOMPARE(refused(""),
            QStringLiteral("grid snapshot: it does not start with \"bcf-grid-bot 1\""));
        QCOMPARE(refused("bcf-dca-bot 1\n"),
            QStringLiteral("grid snapshot: it does not start with \"bcf-grid-bot 1\""));
        auto replace = [&](const std::string &from, const std::string &to) {
            std::string copy = text;
            copy.replace(copy.find(from), from.size(), to);
            return copy;
        };
        QCOMPARE(refused(replace("sequence=6", "sequence=six")),
            QStringLiteral(
                "grid snapshot: sequence \"six\" is not an integer in 0..9223372036854775807"));
        QCOMPARE(refused(replace("barCount=0\n", "")),
            QStringLiteral("grid snapshot: barCount is missing"));
        QCOMPARE(refused(text + "extra=1\n"), QStringLiteral("grid snapshot: unknown key extra"));
        QCOMPARE(
            refused(text + "started=1\n"), QStringLiteral("grid snapshot: started appears twice"));
        QCOMPARE(
            refused(text + "garbage\n"), QStringLiteral("grid snapshot: line 17 is not key=value"));
        QVERIFY(refused(replace("grid:s3#2 0.1", "grid:s3#2 0.1x"))
                    .startsWith(QStringLiteral("grid snapshot: level.3: ")));
        QCOMPARE(refused(replace("level.3=S", "level.3=X")),
            QStringLiteral("grid snapshot: level.3 side \"X\" is not B, S or -"));
        QCOMPARE(refused(replace("level.3=S grid:s3#2", "level.3=S grid:b3#2")),
            QStringLiteral("grid snapshot: level.3 \"grid:b3#2\" is not a key of this bot"));
        QVERIFY(refused(replace("level.5=S grid:s5#4 0.1", "level.5=S grid:s5#4"))
                    .contains(QStringLiteral("needs 10 values")));
        QCOMPARE(refused(replace("grid=100 110 6", "grid=100 112 6")),
            QStringLiteral(
                "grid snapshot: it is of another grid (100 112 6 arithmetic 0.1; this bot is "
                "100 110 6 arithmetic 0.1)"));
        // Round trip, twice.
        auto other = grid();
        QVERIFY(other->restore(text));
        QCOMPARE(other->snapshot(), text);
    }

    void gridPropertyRandomWalk()
    {
        // 3000 bars around 105 through a 100–110 grid of 11 levels, with a 0.1 % fee in the base
        // asset, some fills in two parts, and a cash budget that cannot cover every buy.
        const std::vector<WalkBar> walk = randomWalk(2024, 3000, 10'500, 150, 700);
        auto makeBot = [] {
            return std::unique_ptr<BotLogic>(grid(gridConfig("100", "110", 11, false, "0.1")));
        };
        const RunResult straight = runWalk(makeBot, walk, money("80"), 10, -1);
        QCOMPARE(straight.duplicateKeys, 0);
        QCOMPARE(straight.secondOrderOnLevel, 0);
        QVERIFY2(straight.fills > 500, qPrintable(QString::number(straight.fills)));
        QVERIFY(straight.rejections > 0); // the budget ran out at times: healing was exercised

        // A restart in the middle (snapshot → new bot → restore → onStart with the working
        // orders) gives exactly the same orders as never stopping.
        const RunResult restarted = runWalk(makeBot, walk, money("80"), 10, 1500);
        QCOMPARE(restarted.resumeActions, std::size_t(0));
        QCOMPARE(restarted.duplicateKeys, 0);
        QVERIFY(withoutResumeLog(restarted.journal) == withoutResumeLog(straight.journal));
        QCOMPARE(restarted.finalSnapshot, straight.finalSnapshot);

        // Deterministic: the same run twice is the same journal; a geometric grid too.
        QVERIFY(runWalk(makeBot, walk, money("80"), 10, -1).journal == straight.journal);
        auto makeGeometric = [] {
            return std::unique_ptr<BotLogic>(grid(gridConfig("95", "118", 30, true, "0.06")));
        };
        const RunResult geometric = runWalk(makeGeometric, walk, money("1000"), 0, 1000);
        QCOMPARE(geometric.duplicateKeys, 0);
        QCOMPARE(geometric.secondOrderOnLevel, 0);
        QCOMPARE(geometric.rejections, 0);
        QVERIFY(geometric.fills > 500);
    }

    // ---- DCA -------------------------------------------------------------------------------

    void dcaConfigIsValidated()
    {
        DcaConfig config = dcaConfig();
        QCOMPARE(dcaError(config), QStringLiteral("(accepted)"));
        config.baseOrderQuote = Money();
        QCOMPARE(dcaError(config), QStringLiteral("baseOrderQuote: must be positive (got 0)"));
        config.baseOrderQuote = money("4.99");
        QCOMPARE(dcaError(config),
            QStringLiteral("baseOrderQuote: 4.99 is below the minimum notional 5"));
        config = dcaConfig();
        config.safetyOrderQuote = Money();
        QCOMPARE(dcaError(config), QStringLiteral("safetyOrderQuote: must be positive (got 0)"));
        config.safetyOrderQuote = money("3");
        QCOMPARE(dcaError(config),
            QStringLiteral("safetyOrderQuote: 3 is below the minimum notional 5"));
        config.maxSafetyOrders = 0; // without safety orders their size does not matter
        QCOMPARE(dcaError(config), QStringLiteral("(accepted)"));
        config = dcaConfig();
        config.maxSafetyOrders = 51;
        QCOMPARE(
            dcaError(config), QStringLiteral("maxSafetyOrders: must be between 0 and 50 (got 51)"));
        config.maxSafetyOrders = -1;
        QCOMPARE(
            dcaError(config), QStringLiteral("maxSafetyOrders: must be between 0 and 50 (got -1)"));
        config = dcaConfig();
        config.priceDeviationBasisPoints = 0;
        QCOMPARE(dcaError(config),
            QStringLiteral("priceDeviationBasisPoints: must be between 1 and 9999 (got 0)"));
        config.priceDeviationBasisPoints = 10'000;
        QCOMPARE(dcaError(config),
            QStringLiteral("priceDeviationBasisPoints: must be between 1 and 9999 (got 10000)"));
        config = dcaConfig();
        config.stepScalePercent = 9;
        QCOMPARE(dcaError(config),
            QStringLiteral("stepScalePercent: must be between 10 and 1000 (got 9)"));
        config = dcaConfig();
        config.volumeScalePercent = 1001;
        QCOMPARE(dcaError(config),
            QStringLiteral("volumeScalePercent: must be between 10 and 1000 (got 1001)"));
        // 30 %, 30 + 60 = 90 %, 90 + 120 = 210 %: the third would be below zero.
        config = dcaConfig();
        config.maxSafetyOrders = 3;
        config.priceDeviationBasisPoints = 3'000;
        config.stepScalePercent = 200;
        QCOMPARE(dcaError(config),
            QStringLiteral(
                "priceDeviationBasisPoints: with stepScalePercent 200 safety order 3 would be "
                "210.00% below the base price; lower the deviation, the step scale or "
                "maxSafetyOrders"));
        config.maxSafetyOrders = 2;
        QCOMPARE(dcaError(config), QStringLiteral("(accepted)"));
        // 10^9, 10^10, 10^11 > the largest amount.
        config = dcaConfig();
        config.maxSafetyOrders = 5;
        config.priceDeviationBasisPoints = 1;
        config.safetyOrderQuote = money("1000000000");
        config.volumeScalePercent = 1000;
        QCOMPARE(dcaError(config),
            QStringLiteral(
                "volumeScalePercent: safety order 3 would be larger than any amount of money"));
        config = dcaConfig();
        config.takeProfitBasisPoints = 0;
        QCOMPARE(dcaError(config),
            QStringLiteral("takeProfitBasisPoints: must be between 1 and 100000 (got 0)"));
        config = dcaConfig();
        config.cooldownBars = -1;
        QCOMPARE(dcaError(config),
            QStringLiteral("cooldownBars: must be between 0 and 100000 (got -1)"));
        QCOMPARE(qs(makeDcaBot(dcaConfig(), InstrumentRules{price("0.01"), qty("0"), money("5")})
                         .error()
                         .message),
            QStringLiteral("lotSize: must be positive"));
    }

    void dcaDeviationAndVolumeMath()
    {
        // dev 1 %, step ×1.5: 1 %, 1 + 1.5 = 2.5 %, 2.5 + 2.25 = 4.75 %; volume ×2: 10, 20, 40.
        DcaConfig config = dcaConfig();
        config.safetyOrderQuote = money("10");
        config.maxSafetyOrders = 3;
        config.priceDeviationBasisPoints = 100;
        config.stepScalePercent = 150;
        config.volumeScalePercent = 200;
        auto bot = dca(config);
        QCOMPARE(bot->plan().size(), std::size_t(3));
        QCOMPARE(bot->plan()[0].deviationE18, std::int64_t(10'000'000'000'000'000));
        QCOMPARE(bot->plan()[1].deviationE18, std::int64_t(25'000'000'000'000'000));
        QCOMPARE(bot->plan()[2].deviationE18, std::int64_t(47'500'000'000'000'000));
        QCOMPARE(bot->plan()[2].volume, money("40"));
        // Base 100: 99, 97.5, 95.25; quantities 10/99 = 0.10101 → 0.101, 20/97.5 = 0.2051 → 0.205,
        // 40/95.25 = 0.41994 → 0.419.
        QCOMPARE(bot->safetyPrice(1, price("100")), price("99"));
        QCOMPARE(bot->safetyPrice(2, price("100")), price("97.5"));
        QCOMPARE(bot->safetyPrice(3, price("100")), price("95.25"));
        QCOMPARE(bot->safetyQuantity(1, price("99")), qty("0.101"));
        QCOMPARE(bot->safetyQuantity(2, price("97.5")), qty("0.205"));
        QCOMPARE(bot->safetyQuantity(3, price("95.25")), qty("0.419"));
        // Prices floor to the tick: 101.37 × 0.99 = 100.3563 → 100.35.
        QCOMPARE(bot->safetyPrice(1, price("101.37")), price("100.35"));

        // Step ×0.5: 1 %, 1.5 %, 1.75 %; step ×1.33: 1 %, 2.33 %, 4.0989 %. Volume ×1.5: 10,
        // 15, 22.5, 33.75.
        config.maxSafetyOrders = 4;
        config.stepScalePercent = 50;
        config.volumeScalePercent = 150;
        bot = dca(config);
        QCOMPARE(bot->plan()[2].deviationE18, std::int64_t(17'500'000'000'000'000));
        QCOMPARE(bot->plan()[1].volume, money("15"));
        QCOMPARE(bot->plan()[2].volume, money("22.5"));
        QCOMPARE(bot->plan()[3].volume, money("33.75"));
        config.stepScalePercent = 133;
        bot = dca(config);
        QCOMPARE(bot->plan()[1].deviationE18, std::int64_t(23'300'000'000'000'000));
        QCOMPARE(bot->plan()[2].deviationE18, std::int64_t(40'989'000'000'000'000));

        // Take-profit: exact average × (1 + tp) rounded up to the tick.
        bot = dca();
        QCOMPARE(bot->takeProfitPrice(money("100"), qty("1")), price("101.5"));
        // 149.98 / 1.51 × 1.015 = 100.81437… → 100.82.
        QCOMPARE(bot->takeProfitPrice(money("149.98"), qty("1.51")), price("100.82"));
    }

    void dcaCycleWithSafetyFillAndTakeProfit()
    {
        auto bot = dca();
        BotActions actions;
        bot->onStart(view("0", "100"), actions);
        QCOMPARE(placed(actions), QStringList({QStringLiteral("MARKET BUY 1 dca:c1:base#1")}));
        QCOMPARE(
            joinedLog(actions), QStringLiteral("DCA cycle 1 opened: market buy of 1 at about 100"));

        // Base filled at 100 in two parts: take-profit at 101.5, safety orders 2 % and 4 % down,
        // 50 and 100 quote: 50/98 = 0.5102 → 0.51, 100/96 = 1.0416 → 1.041.
        actions = {};
        bot->onFill(fillOf("dca:c1:base#1", Side::Buy, "100.1", "0.5", false), view("0.5", "100.1"),
            actions);
        QVERIFY(actions.place.empty());
        bot->onFill(fillOf("dca:c1:base#1", Side::Buy, "99.9", "0.5"), view("1", "99.9"), actions);
        QCOMPARE(placed(actions),
            QStringList({QStringLiteral("LIMIT SELL 1 @ 101.5 dca:c1:tp#1"),
                QStringLiteral("LIMIT BUY 0.51 @ 98 dca:c1:so1#1"),
                QStringLiteral("LIMIT BUY 1.041 @ 96 dca:c1:so2#1")}));
        QCOMPARE(bot->averageEntry(), price("100"));

        // Safety 1 fills: the take-profit is cancelled and replaced for the new holding (a base
        // fee left 1.5085) at 149.98 / 1.51 × 1.015 → 100.82.
        actions = {};
        bot->onFill(fillOf("dca:c1:so1#1", Side::Buy, "98", "0.51"), view("1.5085", "98"), actions);
        QCOMPARE(cancelled(actions), QStringList({QStringLiteral("dca:c1:tp#1")}));
        QCOMPARE(placed(actions),
            QStringList({QStringLiteral("LIMIT SELL 1.508 @ 100.82 dca:c1:tp#2")}));
        QCOMPARE(bot->averageEntry(), price("99.32450331"));
        QVERIFY(joinedLog(actions).startsWith(QStringLiteral(
            "DCA cycle 1 safety order 1 bought 0.51 at 98; average entry now 99.32450331")));

        // The take-profit fills: the other safety order is cancelled, the profit logged:
        // 1.508 × 100.82 − 149.98 = 2.05656.
        actions = {};
        bot->onFill(fillOf("dca:c1:tp#2", Side::Sell, "100.82", "1.508"), view("0.0005", "100.82"),
            actions);
        QCOMPARE(cancelled(actions), QStringList({QStringLiteral("dca:c1:so2#1")}));
        QVERIFY(actions.place.empty());
        QCOMPARE(joinedLog(actions),
            QStringLiteral("DCA cycle 1 closed: bought 1.51 for 149.98, sold 1.508 for "
                           "152.03656, profit 2.05656 (1.37%)"));
        QCOMPARE(bot->totalProfit(), money("2.05656"));
        QCOMPARE(bot->cyclesCompleted(), 1);
        QCOMPARE(bot->phase(), DcaBot::Phase::Idle);

        // Cooldown of 2 bars: the third bar close opens cycle 2 (the 0.0005 left is dust).
        actions = {};
        bot->onBar(candle("101"), TimePoint{}, view("0.0005", "101"), actions);
        bot->onBar(candle("101"), TimePoint{}, view("0.0005", "101"), actions);
        QVERIFY(actions.place.empty());
        bot->onBar(candle("101"), TimePoint{}, view("0.0005", "101"), actions);
        QCOMPARE(placed(actions), QStringList({QStringLiteral("MARKET BUY 0.99 dca:c2:base#1")}));
        QCOMPARE(bot->cycle(), 2);
    }

    void dcaWaitsAndSkips()
    {
        // No price yet: waits, logs once; the first bar opens the cycle at its close.
        auto bot = dca();
        BotActions actions;
        bot->onStart(view("0", "0"), actions);
        QVERIFY(actions.place.empty());
        QCOMPARE(joinedLog(actions),
            QStringLiteral("DCA waiting for the first price before opening a cycle"));
        actions = {};
        bot->onBar(candle("50"), TimePoint{}, view("0", "0"), actions);
        QCOMPARE(placed(actions), QStringList({QStringLiteral("MARKET BUY 2 dca:c1:base#1")}));

        // A holding or working orders keep it from opening; each reason is logged once.
        bot = dca();
        actions = {};
        bot->onStart(view("1", "100"), actions);
        bot->onBar(candle("100"), TimePoint{}, view("1", "100"), actions);
        QVERIFY(actions.place.empty());
        QCOMPARE(joinedLog(actions),
            QStringLiteral(
                "DCA not opening a cycle: the bot still holds 1; it opens one once that is sold"));
        actions = {};
        bot->onBar(candle("100"), TimePoint{}, view("0", "100", {"other"}), actions);
        QVERIFY(actions.place.empty());
        QCOMPARE(joinedLog(actions),
            QStringLiteral("DCA waiting for its 1 working orders to close before opening a cycle"));

        // Safety orders below the minimum notional are not placed: 10, then 10 × 0.4 = 4 quote.
        DcaConfig config = dcaConfig();
        config.safetyOrderQuote = money("10");
        config.volumeScalePercent = 40;
        bot = dca(config);
        actions = {};
        bot->onStart(view("0", "100"), actions);
        actions = {};
        bot->onFill(fillOf("dca:c1:base#1", Side::Buy, "100", "1"), view("1", "100"), actions);
        QCOMPARE(placed(actions),
            QStringList({QStringLiteral("LIMIT SELL 1 @ 101.5 dca:c1:tp#1"),
                QStringLiteral("LIMIT BUY 0.102 @ 98 dca:c1:so1#1")}));
        QVERIFY(joinedLog(actions).contains(
            QStringLiteral("DCA safety order 2 at 96 not placed: 0.041 is below the lot or the "
                           "minimum notional 5")));
        QCOMPARE(bot->safeties()[1].state, DcaBot::SafetyState::Skipped);
    }

    void dcaVenueClosures()
    {
        auto bot = dca();
        BotActions actions;
        bot->onStart(view("0", "100"), actions);
        // The base order is rejected: no cycle; after the cooldown it tries again (cycle 2).
        actions = {};
        bot->onOrderClosed(closedOf("dca:c1:base#1", OrderState::Rejected, "insufficient balance"),
            view("0", "100"), actions);
        QCOMPARE(joinedLog(actions),
            QStringLiteral("DCA cycle 1 base order was rejected (insufficient balance); a new "
                           "cycle opens after the cooldown"));
        QCOMPARE(bot->phase(), DcaBot::Phase::Idle);
        actions = {};
        for (int i = 0; i < 3; ++i)
            bot->onBar(candle("100"), TimePoint{}, view("0", "100"), actions);
        QCOMPARE(placed(actions), QStringList({QStringLiteral("MARKET BUY 1 dca:c2:base#1")}));

        bot->onFill(fillOf("dca:c2:base#1", Side::Buy, "100", "1"), view("1", "100"), actions);
        // A rejected safety order stays closed for this cycle; a rejected take-profit comes back
        // at the next bar under a new key.
        actions = {};
        bot->onOrderClosed(closedOf("dca:c2:so2#1", OrderState::Rejected, "insufficient balance"),
            view("1", "100"), actions);
        QVERIFY(actions.place.empty());
        QCOMPARE(bot->safeties()[1].state, DcaBot::SafetyState::Closed);
        bot->onOrderClosed(
            closedOf("dca:c2:tp#1", OrderState::Expired, ""), view("1", "100"), actions);
        QVERIFY(actions.place.empty());
        bot->onBar(candle("100"), TimePoint{}, view("1", "100"), actions);
        QCOMPARE(
            placed(actions), QStringList({QStringLiteral("LIMIT SELL 1 @ 101.5 dca:c2:tp#2")}));
        // Our own cancel of a replaced take-profit is not a closure of the current one.
        actions = {};
        bot->onOrderClosed(
            closedOf("dca:c2:tp#1", OrderState::Cancelled, ""), view("1", "100"), actions);
        QVERIFY(actions.place.empty() && actions.log.empty());
        // The take-profit fills in part, then a safety order: the new take-profit sells what is
        // left at the average of what is left (average cost: the sale does not move it).
        bot->onFill(fillOf("dca:c2:tp#2", Side::Sell, "101.5", "0.4", false), view("0.6", "101.5"),
            actions);
        actions = {};
        bot->onFill(fillOf("dca:c2:so1#1", Side::Buy, "98", "0.51"), view("1.11", "98"), actions);
        QCOMPARE(cancelled(actions), QStringList({QStringLiteral("dca:c2:tp#2")}));
        // (0.6 × 100 + 0.51 × 98) / 1.11 = 109.98 / 1.11 = 99.0810… × 1.015 = 100.5673… → 100.57.
        QCOMPARE(
            placed(actions), QStringList({QStringLiteral("LIMIT SELL 1.11 @ 100.57 dca:c2:tp#3")}));
    }

    void dcaSnapshotRestoreContinuesIdentically()
    {
        auto bot = dca();
        BotActions actions;
        bot->onStart(view("0", "100"), actions);
        bot->onFill(fillOf("dca:c1:base#1", Side::Buy, "100", "1"), view("1", "100"), actions);
        bot->onFill(fillOf("dca:c1:so1#1", Side::Buy, "98", "0.51"), view("1.51", "98"), actions);
        const std::string text = bot->snapshot();
        QVERIFY(text.starts_with("bcf-dca-bot 1\nstarted=1\nwaitReason=0\nphase=open\ncycle=1\n"));
        QVERIFY(text.find("\ntakeProfit=dca:c1:tp#2 2\n") != std::string::npos);

        auto restored = dca();
        QVERIFY(restored->restore(text));
        QCOMPARE(restored->snapshot(), text);
        actions = {};
        restored->onStart(view("1.51", "98", {"dca:c1:so2#1", "dca:c1:tp#2"}), actions);
        QVERIFY(actions.place.empty() && actions.cancel.empty());

        // From here both behave the same.
        BotActions original;
        BotActions copy;
        bot->onFill(
            fillOf("dca:c1:tp#2", Side::Sell, "100.82", "1.51"), view("0", "100.82"), original);
        restored->onFill(
            fillOf("dca:c1:tp#2", Side::Sell, "100.82", "1.51"), view("0", "100.82"), copy);
        QCOMPARE(cancelled(copy), cancelled(original));
        QCOMPARE(joinedLog(copy), joinedLog(original));
        QCOMPARE(restored->snapshot(), bot->snapshot());

        // Orders that vanished while stopped: the safety order comes back under a new key, the
        // take-profit too.
        restored = dca();
        QVERIFY(restored->restore(text));
        actions = {};
        restored->onStart(view("1.51", "98", {}), actions);
        QCOMPARE(placed(actions),
            QStringList({QStringLiteral("LIMIT BUY 1.041 @ 96 dca:c1:so2#2"),
                QStringLiteral("LIMIT SELL 1.51 @ 100.82 dca:c1:tp#3")}));

        // Malformed text is refused and leaves the bot as it was.
        auto refused = [&](const std::string &candidate) {
            auto other = dca();
            const std::string before = other->snapshot();
            const Status status = other->restore(candidate);
            if (status || status.error().code != ErrorCode::InvalidArgument
                || other->snapshot() != before)
                return QStringLiteral("(accepted or changed)");
            return qs(status.error().message);
        };
        auto replace = [&](const std::string &from, const std::string &to) {
            std::string result = text;
            result.replace(result.find(from), from.size(), to);
            return result;
        };
        QCOMPARE(refused("bcf-grid-bot 1\n"),
            QStringLiteral("dca snapshot: it does not start with \"bcf-dca-bot 1\""));
        QCOMPARE(refused(replace("phase=open", "phase=closing")),
            QStringLiteral("dca snapshot: phase \"closing\" is not idle, opening or open"));
        QCOMPARE(refused(replace("safeties=2", "safeties=3")),
            QStringLiteral("dca snapshot: safety.3 is missing"));
        QCOMPARE(refused(replace("takeProfit=dca:c1:tp#2", "takeProfit=dca:c9:tp#2")),
            QStringLiteral("dca snapshot: takeProfit \"dca:c9:tp#2\" is not a key of this bot"));
        QCOMPARE(refused(replace("safety.1=F", "safety.1=Q")),
            QStringLiteral("dca snapshot: safety.1 state \"Q\" is not W, F, S or C"));
        QVERIFY(refused(replace("holding=1.51", "holding=1,51"))
                    .startsWith(QStringLiteral("dca snapshot: holding: ")));
        QCOMPARE(refused(text + "x=1\n"), QStringLiteral("dca snapshot: unknown key x"));
    }

    void dcaPropertyRandomWalk()
    {
        // 4000 bars of a wider walk around 100 with 5 safety orders, a base fee, split fills and
        // a cooldown: cycles open and close, keys never repeat, never two take-profits working,
        // a restart in the middle changes nothing.
        DcaConfig config = dcaConfig();
        config.safetyOrderQuote = money("20");
        config.maxSafetyOrders = 5;
        config.priceDeviationBasisPoints = 100;
        config.stepScalePercent = 120;
        config.volumeScalePercent = 150;
        config.takeProfitBasisPoints = 100;
        config.cooldownBars = 3;
        const std::vector<WalkBar> walk = randomWalk(77, 4000, 10'000, 70, 1'200);
        auto makeBot = [config] { return std::unique_ptr<BotLogic>(dca(config)); };
        const RunResult straight = runWalk(makeBot, walk, money("10000"), 10, -1);
        QCOMPARE(straight.duplicateKeys, 0);
        QCOMPARE(straight.mostTakeProfits, 1);
        QCOMPARE(straight.rejections, 0);
        const auto closedCycles = std::count_if(
            straight.journal.begin(), straight.journal.end(), [](const std::string &line) {
                return line.find(" closed: bought ") != std::string::npos;
            });
        QVERIFY2(closedCycles > 20, qPrintable(QString::number(closedCycles)));

        const RunResult restarted = runWalk(makeBot, walk, money("10000"), 10, 2000);
        QCOMPARE(restarted.resumeActions, std::size_t(0));
        QVERIFY(withoutResumeLog(restarted.journal) == withoutResumeLog(straight.journal));
        QCOMPARE(restarted.finalSnapshot, straight.finalSnapshot);

        // A budget too small for all safety orders: rejections are absorbed, keys stay unique.
        const RunResult poor = runWalk(makeBot, walk, money("200"), 10, 1234);
        QCOMPARE(poor.duplicateKeys, 0);
        QVERIFY(poor.rejections > 0);
        QCOMPARE(poor.mostTakeProfits, 1);
    }
};

QTEST_APPLESS_MAIN(TestGridDca)
#include "test_grid_dca.moc"
