#pragma once

#include "bots/bot_logic.h"
#include "core/decimal.h"
#include "core/result.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

// The built-in long-only spot DCA bot (docs/bots-grid-dca.md), as 3Commas runs it: a cycle
// opens with a market buy, rests safety limit buys at growing distances below the base fill, and
// a take-profit limit sell of the whole holding above the average entry; every safety fill moves
// the take-profit down with the average; the take-profit fill closes the cycle, and a new one
// opens after a cooldown. Pure domain code: no clock, no I/O, deterministic, not thread-safe.
namespace bcf::bots {

struct DcaConfig {
    // Quote spent by the base (market) order that opens a cycle.
    Money baseOrderQuote;
    // Quote of the first safety order.
    Money safetyOrderQuote;
    // Safety orders per cycle, 0..50.
    int maxSafetyOrders = 0;
    // Distance of the first safety order below the base fill (1..9999).
    std::int32_t priceDeviationBasisPoints = 0;
    // Each next distance step is the previous one × this / 100 (10..1000; 100 = equal steps).
    std::int32_t stepScalePercent = 100;
    // Each next safety order's quote is the previous one × this / 100 (10..1000).
    std::int32_t volumeScalePercent = 100;
    // Take-profit distance above the average entry (1..100000).
    std::int32_t takeProfitBasisPoints = 0;
    // Bar closes skipped after a take-profit before the next cycle opens (0..100000).
    int cooldownBars = 0;
};

// One safety order of the plan, from the config alone.
struct DcaSafetyStep {
    // Cumulative distance below the base fill as a fraction × 10^18:
    //   deviation_k = d × (1 + s + s² + … + s^(k−1)),  d = deviation bp / 10^4, s = step % / 100
    // (0.025 → 25'000'000'000'000'000).
    std::int64_t deviationE18 = 0;
    // Quote of the order: safetyOrderQuote × v^(k−1), v = volume % / 100, rounded to 10^-8.
    Money volume;
};

class DcaBot final : public BotLogic {
public:
    // Use makeDcaBot(); the config must have been validated.
    DcaBot(DcaConfig config, InstrumentRules rules, std::vector<DcaSafetyStep> plan);

    void onStart(const BotView &view, BotActions &out) override;
    void onBar(const model::Candle &bar, TimePoint closeTime, const BotView &view,
        BotActions &out) override;
    void onFill(const BotFill &fill, const BotView &view, BotActions &out) override;
    void onOrderClosed(const BotOrderClosed &closed, const BotView &view, BotActions &out) override;

    // "bcf-dca-bot 1" followed by key=value lines; restore() refuses malformed text or the
    // snapshot of a bot with another number of safety orders (InvalidArgument), leaving the bot
    // unchanged.
    std::string snapshot() const override;
    Status restore(const std::string &snapshot) override;

    const DcaConfig &config() const { return m_config; }
    const std::vector<DcaSafetyStep> &plan() const { return m_plan; }
    // Safety order k (1-based) for a base fill at `basePrice`: price floored to the tick,
    // quantity = volume / price floored to the lot.
    Price safetyPrice(int k, Price basePrice) const;
    Quantity safetyQuantity(int k, Price safetyOrderPrice) const;
    // ceil(cost / quantity × (1 + tp)) to the tick: the take-profit for a holding bought for
    // `cost`.
    Price takeProfitPrice(Money cost, Quantity quantity) const;

    enum class Phase : std::uint8_t { Idle, Opening, Open };
    enum class SafetyState : std::uint8_t { Working, Filled, Skipped, Closed };
    struct Safety {
        SafetyState state = SafetyState::Skipped;
        std::string key;
        int attempt = 0;
        Price price;
        Quantity quantity;
        Quantity filled;
    };

    Phase phase() const { return m_phase; }
    int cycle() const { return m_cycle; }
    int cyclesCompleted() const { return m_cyclesCompleted; }
    Money totalProfit() const { return m_totalProfit; }
    // The current cycle's average entry (cost / quantity of what it holds), zero when flat.
    Price averageEntry() const;
    const std::vector<Safety> &safeties() const { return m_safeties; }
    const std::string &takeProfitKey() const { return m_takeProfitKey; }

private:
    void tryOpen(Price price, const BotView &view, BotActions &out);
    void baseDone(const BotView &view, BotActions &out);
    void placeTakeProfit(const BotView &view, BotActions &out);
    void closeCycle(BotActions &out);
    void resume(const BotView &view, BotActions &out);
    void recordBuy(Price price, Quantity quantity);
    void recordSell(Price price, Quantity quantity);
    bool isFlat(const BotView &view, Price price) const;
    std::string cyclePrefix() const;

    DcaConfig m_config;
    InstrumentRules m_rules;
    std::vector<DcaSafetyStep> m_plan;

    // State (snapshot()).
    bool m_started = false;
    int m_waitReason = 0; // why it last logged that it is not opening a cycle
    Phase m_phase = Phase::Idle;
    int m_cycle = 0;
    int m_cyclesCompleted = 0;
    std::int64_t m_barsSinceClose = 0;
    bool m_cooling = false; // a cycle closed (or failed to open): wait cooldownBars
    std::string m_baseKey;
    int m_baseAttempt = 0;
    Quantity m_baseFilled;
    Money m_baseNotional;
    Price m_basePrice;
    Quantity m_boughtQuantity; // this cycle: Σ buy fills
    Money m_boughtCost;
    Quantity m_soldQuantity; // this cycle: Σ sell fills
    Money m_soldProceeds;
    Quantity m_holdingQuantity; // average-cost holding from the fills (fees not deducted)
    Money m_holdingCost;
    std::vector<Safety> m_safeties;
    std::string m_takeProfitKey; // empty: none working (placed again on the next bar)
    int m_takeProfitAttempt = 0;
    Money m_totalProfit;
};

// The safety-order plan of a config; InvalidArgument naming the field (see makeDcaBot).
Result<std::vector<DcaSafetyStep>> dcaSafetyPlan(const DcaConfig &config);

// Validates every field and builds the bot. InvalidArgument naming the field
// ("baseOrderQuote: …") when baseOrderQuote is not positive or below minNotional, safetyOrderQuote
// is not positive or below minNotional while safety orders are used, maxSafetyOrders is outside
// 0..50, priceDeviationBasisPoints outside 1..9999 (0..9999 without safety orders), a scale outside
// 10..1000, the last safety order would be at or below zero, the volumes overflow,
// takeProfitBasisPoints outside 1..100000 or cooldownBars outside 0..100000; also when tickSize or
// lotSize is not positive.
Result<std::unique_ptr<DcaBot>> makeDcaBot(DcaConfig config, InstrumentRules rules);

} // namespace bcf::bots
