#pragma once

#include "bots/bot_logic.h"
#include "core/decimal.h"
#include "core/result.h"

#include <memory>
#include <string>
#include <vector>

// The built-in spot grid bot (docs/bots-grid-dca.md): buy limits below the price and sell limits
// above it on fixed price levels; every filled buy is answered by a sell one level higher and
// every filled sell by a buy one level lower, so each round trip earns one grid step. Long-only
// spot: the sells are backed by base asset the bot holds. Pure domain code: no clock, no I/O,
// deterministic, not thread-safe (the runtime calls one bot from one thread at a time).
namespace bcf::bots {

struct GridConfig {
    Price lowerPrice;       // the lowest level; a multiple of the tick size
    Price upperPrice;       // the highest level; a multiple of the tick size, above lowerPrice
    int levels = 0;         // number of price levels, lowerPrice and upperPrice included (2..200)
    bool geometric = false; // false: equal price steps; true: equal percentage steps
    Quantity quantityPerLevel; // base quantity of every buy (and at most of every sell)
};

// The level prices of a grid, lowest first, each rounded to the tick (half away from zero):
//   arithmetic: lower + tick × round((upper − lower) / tick × i / (levels − 1))
//   geometric:  lower × r^i, r = (upper / lower)^(1 / (levels − 1)), computed in integer
//               arithmetic (64-bit binary mantissa) so every platform gets the same ticks.
// The first level is lowerPrice and the last upperPrice exactly. InvalidArgument naming the field
// when the config is not a grid (see makeGridBot), including levels that collapse onto the same
// tick after rounding.
Result<std::vector<Price>> gridLevelPrices(const GridConfig &config, Price tickSize);

class GridBot final : public BotLogic {
public:
    // Use makeGridBot(); the config must have been validated.
    GridBot(GridConfig config, InstrumentRules rules, std::vector<Price> levelPrices);

    void onStart(const BotView &view, BotActions &out) override;
    void onBar(const model::Candle &bar, TimePoint closeTime, const BotView &view,
        BotActions &out) override;
    void onFill(const BotFill &fill, const BotView &view, BotActions &out) override;
    void onOrderClosed(const BotOrderClosed &closed, const BotView &view, BotActions &out) override;

    // "bcf-grid-bot 1" followed by key=value lines; restore() refuses text that is malformed or
    // belongs to a grid with other levels or quantity (InvalidArgument), leaving the bot unchanged.
    std::string snapshot() const override;
    Status restore(const std::string &snapshot) override;

    const GridConfig &config() const { return m_config; }
    const std::vector<Price> &levelPrices() const { return m_levelPrices; }
    bool started() const { return m_started; }
    // Σ (sell price − cost price) × quantity over every filled sell (quote asset, before fees).
    Money realizedProfit() const { return m_realizedProfit; }
    // Sells filled so far: each closes a buy→sell pair (or sells part of the starting holding).
    int completedPairs() const { return m_completedPairs; }

    enum class LevelSide : std::uint8_t { None, Buy, Sell };
    struct Level {
        LevelSide side = LevelSide::None; // the order working at this level, if any
        std::string key;                  // its key ("grid:b3#17"); empty when None
        Quantity quantity;                // ordered quantity
        Quantity filled;                  // filled so far (partial fills)
        Money filledNotional;             // Σ price × quantity of those fills
        Price costPrice;                  // sells: the price the base was bought at
        int failures = 0;                 // consecutive closures by the venue without a fill
        std::int64_t retryAfterBar = 0;   // bar number from which an empty level may be re-placed
        bool skipLogged = false;          // "not enough base" already logged for this empty level
        bool fromStart = false;           // a sell backed by the starting holding (cost: its buy)
    };
    const std::vector<Level> &levels() const { return m_levels; }

private:
    void start(Price price, const BotView &view, BotActions &out);
    void resume(const BotView &view, BotActions &out);
    void heal(Price close, const BotView &view, BotActions &out);
    // Closes the order of `level` after its last fill or its closure with `filled` base done.
    void completeOrder(int level, const BotView &view, BotActions &out);
    bool placeBuy(int level, BotActions &out);
    bool placeSell(int level, Quantity wanted, Price costPrice, const BotView &view,
        BotActions &out, bool logShortfall);
    void resetLevel(int level);
    Quantity committedSells() const;
    int levelOfKey(const std::string &key) const;
    std::string nextKey(char side, int level);
    std::string describeLevel(int level) const;

    GridConfig m_config;
    InstrumentRules m_rules;
    std::vector<Price> m_levelPrices;

    // State (snapshot()).
    bool m_started = false;
    bool m_waitLogged = false;
    std::int64_t m_sequence = 0;
    std::int64_t m_barCount = 0;
    Price m_startPrice;
    std::string m_marketKey; // the starting market buy while it has not completed
    Quantity m_marketFilled;
    Money m_marketNotional;
    Money m_realizedProfit;
    int m_completedPairs = 0;
    std::vector<Level> m_levels;
};

// Validates the config against the instrument and builds the bot. InvalidArgument naming the
// field ("upperPrice: …", "levels: …", "quantityPerLevel: …") when lowerPrice is not positive,
// upperPrice is not above it, either is not a multiple of the tick, levels is outside 2..200,
// quantityPerLevel is below or not a multiple of the lot, it is worth less than minNotional at
// lowerPrice, or the levels collapse after rounding to the tick; also when the rules themselves
// are not usable (tickSize, lotSize not positive).
Result<std::unique_ptr<GridBot>> makeGridBot(GridConfig config, InstrumentRules rules);

} // namespace bcf::bots
