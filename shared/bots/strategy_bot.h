#pragma once

#include "bots/bot_logic.h"
#include "strategy/kernel.h"

#include <memory>

namespace bcf::bots {

// A bot that runs a strategy of the language with the same StrategyKernel as the backtester
// (docs/bots.md): at each closed bar the kernel decides, and its orders go out as market orders
// (entries, exits, reversals); when an entry has filled, its protective orders (stop-loss,
// take-profit, trailing stop) go out as one OCO group priced from the average entry.
//
// Keys: "<role>@<bar close ms>" ("entry@1732600800000", "exit@…", "sl@…", "tp@…", "trail@…"),
// so a decision is one order whatever happens to the process.
//
// Indicators cannot be stored as text, so a restarted bot is rebuilt by replaying the stored
// bars since it started through replayBar() (deterministic: the same bars give the same state);
// snapshot() keeps what the bars cannot give back (the entry still waiting for its fill).
class StrategyBot final : public BotLogic {
public:
    StrategyBot(std::shared_ptr<const strategy::Program> program, InstrumentRules rules);

    void onStart(const BotView &view, BotActions &out) override;
    void onBar(const model::Candle &bar, TimePoint closeTime, const BotView &view, BotActions &out) override;
    void onFill(const BotFill &fill, const BotView &view, BotActions &out) override;
    void onOrderClosed(const BotOrderClosed &closed, const BotView &view, BotActions &out) override;
    std::string snapshot() const override;
    Status restore(const std::string &snapshot) override;

    // A bar seen again after a restart (or for warm-up before the first start): the kernel's
    // state moves as it did, nothing is ordered. `position` is what the bot held then.
    void replayBar(const model::Candle &bar, TimePoint closeTime, Quantity position, Money equity);

    const strategy::StrategyKernel &kernel() const { return m_kernel; }

    // The values of the program's external series (predict()) for the next onBar / replayBar,
    // one per Program::externals entry (NaN where there is none).
    void setExternals(std::vector<double> values) { m_externals = std::move(values); }

private:
    const double *currentExternals() const;
    void submit(const std::vector<strategy::OrderIntent> &intents, TimePoint closeTime,
                const BotView &view, BotActions &out);

    strategy::StrategyKernel m_kernel;
    std::vector<strategy::OrderIntent> m_intents;
    std::vector<double> m_externals;
    // The entry (or reversal) decision whose fill brings the protective orders, and the
    // decision orders still working.
    std::string m_entryKey;
    std::set<std::string> m_decisionKeys;
    std::int64_t m_protectionSequence = 0;
};

} // namespace bcf::bots
