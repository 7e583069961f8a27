#pragma once

#include "core/clock.h"
#include "core/decimal.h"
#include "core/result.h"
#include "model/instrument.h"
#include "model/market_data.h"

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// The risk engine of bcf-core: pre-trade checks per order, per bot and per account, the account
// and bot states (ACTIVE / REDUCING / HALTED, RUNNING / STOPPED_BY_RISK), the kill switch and the
// automatic transitions on a breach (docs/risk.md has the limits, the check order, the messages
// and the state machine).
//
// Pure domain code: standard library only, no clock (every call takes the time), no I/O, no
// floating point; deterministic. Not thread-safe: one engine belongs to the caller's order path,
// which serialises calls. Expected failures (unknown account, bad configuration) are values;
// a rejected order is a Decision, not an error.
namespace bcf::risk {

using model::Side;
using AccountId = std::uint64_t; // same space as matching::AccountId
using BotId = std::uint64_t;     // > 0; orders without a bot are the account's manual ledger

// The same order types as the backtester and the order ticket (shared/backtest/sim_venue.h).
enum class OrderType : std::uint8_t { Market, Limit, Stop, StopLimit, TrailingStop };

enum class AccountState : std::uint8_t {
    Active,   // everything allowed
    Reducing, // only reduce-only orders that shrink a position
    Halted,   // every order rejected; cancels still go through (they are never checked)
};

enum class BotState : std::uint8_t {
    Running,
    StoppedByRisk, // only reduce-only orders that shrink a position, until resetBot()
};

// Every limit is optional: zero means "no limit". A field outside its scope must stay zero
// (addAccount / addBot / set*Limits reject it, naming the field). The boundary rule is the same
// for all: a value equal to the limit is allowed, only going beyond it is refused or breaches.
struct RiskLimits {
    // bot, account: a limit price may be at most this many basis points (1/100 %) away from the
    // last price.
    std::int32_t priceBandBasisPoints = 0;
    // bot, account: price × quantity of one order, in the quote currency.
    Money maxOrderNotional;
    // bot: |position| per symbol, in the base asset, after the order would fill completely.
    Quantity maxPosition;
    // bot, account: loss since the UTC day start (realized + unrealized, fees included), in the
    // account's currency. Going beyond it is a breach.
    Money maxDailyLoss;
    // bot: (peak equity − equity) / peak equity, in basis points. Going beyond it is a breach.
    std::int32_t maxDrawdownBasisPoints = 0;
    // bot: open orders of the bot, this order included.
    std::uint32_t maxOpenOrders = 0;
    // account: Σ over symbols |net position × mark| after the order would fill completely.
    Money maxGrossExposure;
    // account: at most maxOrders accepted orders in any rolling window of `orderRateWindow`
    // (a sliding window over the accepted orders' times). Both set or both zero.
    std::uint32_t maxOrders = 0;
    std::chrono::milliseconds orderRateWindow{0};
};

struct AccountConfig {
    RiskLimits limits;
    // Where an automatic breach moves the account: Reducing or Halted.
    AccountState breachState = AccountState::Reducing;
    // The currency PnL, equity and exposure are counted in (messages name it).
    std::string currency = "USDT";
};

struct BotConfig {
    RiskLimits limits;
    // The bot's budget: its equity before any trade (capital + realized + unrealized PnL later).
    // Must be positive when maxDrawdownBasisPoints is set.
    Money capital;
};

// One order as the OMS is about to send it.
struct OrderCheck {
    AccountId account = 0;
    std::optional<BotId> bot;     // none: a manual order (the account's manual ledger)
    model::Instrument instrument; // tick, lot and min-notional rules; `symbol` keys positions
    Side side = Side::Buy;
    OrderType type = OrderType::Limit;
    Price limitPrice; // Limit, StopLimit
    Price stopPrice;  // Stop, StopLimit; TrailingStop: initial stop (0 = none yet)
    Quantity quantity;
    bool reduceOnly = false;
    Price lastPrice; // the symbol's last (mark) price; required
};

// Why an order was refused. docs/risk.md lists them in check order with their messages.
enum class RejectReason : std::uint8_t {
    None, // accepted
    UnknownAccount,
    UnknownBot,
    AccountHalted,
    InvalidQuantity,         // not positive, or not a multiple of the lot size
    InvalidPrice,            // a limit or stop price not positive, or not a multiple of the tick
    ReduceOnlyWouldIncrease, // reduce-only, but it would not shrink the position
    AccountReducing,
    BotStopped,
    NoLastPrice,
    BelowMinNotional,
    PriceOutsideBand,
    MaxOrderNotional,
    MaxOpenOrders,
    MaxPosition,
    MaxDailyLoss,
    MaxDrawdown,
    MaxGrossExposure,
    OrderRateExceeded,
};

struct Decision {
    bool accepted = true;
    RejectReason reason = RejectReason::None;
    std::string message; // empty when accepted; otherwise one sentence naming the limit and numbers
};

// Why a state changed.
enum class RiskCause : std::uint8_t {
    DailyLossBreached,        // a bot's daily loss went beyond its limit
    DrawdownBreached,         // a bot's drawdown went beyond its limit
    AccountDailyLossBreached, // the account's daily loss went beyond its limit
    KillSwitch,
    Reset,
};

enum class RiskSubject : std::uint8_t { Account, Bot };

// One state change, for the journal. `from` / `to` are state names (stateName()).
struct RiskEvent {
    TimePoint time{};
    AccountId account = 0;
    // Bot events: the bot. Account events: the bot whose breach caused the change, if any.
    std::optional<BotId> bot;
    RiskSubject subject = RiskSubject::Account;
    std::string_view from;
    std::string_view to;
    RiskCause cause = RiskCause::Reset;
    std::string actor;   // who, for the kill switch and resets; empty when automatic
    std::string message; // a sentence: what happened, the numbers, and for manual changes why
};

struct KillMode {
    bool cancelAll = true; // the OMS cancels every open order of the account
    bool flatten = false;  // and closes every position with a market order
    bool halt = true;      // HALTED; otherwise REDUCING
};

// A market, reduce-only order that closes one position of one ledger (a bot's, or the manual one).
struct CloseOrder {
    AccountId account = 0;
    std::optional<BotId> bot;
    std::string symbol;
    Side side = Side::Sell;
    OrderType type = OrderType::Market;
    Quantity quantity;
    bool reduceOnly = true;
};

// What the OMS must do after a kill switch, as plain data. The close orders come from the risk
// engine itself and are sent without check() (a HALTED account would refuse them).
struct KillSwitchActions {
    AccountId account = 0;
    bool cancelAllOrders = false;
    std::vector<CloseOrder> closeOrders; // by bot id (manual first), then symbol
    std::vector<RiskEvent> events;
};

// The state the engine keeps; readable for snapshots and tests, and restorable (RiskEngine's
// constructor) so that a restarted core carries on where it stopped.
struct PositionState {
    Quantity quantity; // signed: long > 0, short < 0
    Money cost;        // signed cost of the open quantity (quantity × average entry)
};

struct BotRiskState {
    RiskLimits limits;
    BotState state = BotState::Running;
    Money capital;
    Money realizedPnl;    // since the bot was added, fees subtracted
    Money dayStartEquity; // equity at the UTC day start (or the last reset)
    Money peakEquity;     // highest equity seen (or equity at the last reset)
    std::uint32_t openOrders = 0;
    std::map<std::string, PositionState, std::less<>> positions;
};

struct AccountRiskState {
    AccountConfig config;
    AccountState state = AccountState::Active;
    Money dayStartEquity;               // Σ bot equity at the UTC day start (or the last reset)
    std::map<BotId, BotRiskState> bots; // 0: the manual ledger (no limits, always running)
    std::deque<TimePoint> recentOrders; // accepted orders inside the rate window, oldest first
};

struct RiskState {
    std::map<AccountId, AccountRiskState> accounts;
    std::map<std::string, Price, std::less<>> marks; // last price per symbol
    TimePoint latest{};                              // the latest time passed in
    std::int64_t day = 0;                            // UTC day number of `latest`
};

class RiskEngine final {
public:
    RiskEngine() = default;
    explicit RiskEngine(RiskState state) : m_state(std::move(state)) {}

    const RiskState &state() const { return m_state; }

    // Configuration. InvalidArgument naming the field for a negative limit or one outside its
    // scope, AlreadyExists / NotFound for the ids. Bot id 0 is reserved for the manual ledger.
    Status addAccount(AccountId account, AccountConfig config);
    Status setAccountLimits(AccountId account, const RiskLimits &limits);
    Status addBot(AccountId account, BotId bot, BotConfig config);
    Status setBotLimits(AccountId account, BotId bot, const RiskLimits &limits);

    // The pre-trade check. The first failing check in the documented order is reported. An
    // accepted order takes a slot in the account's rate window (rejected ones do not).
    Decision check(const OrderCheck &order, TimePoint now);

    // A fill of an order of `bot` (none: manual). Updates the position and realized PnL (fee in
    // the account's currency, subtracted), and evaluates the breaches. NotFound for an unknown
    // account or bot. The first fill of a symbol without a mark sets its mark.
    Result<std::vector<RiskEvent>> onFill(AccountId account, std::optional<BotId> bot,
                                          std::string_view symbol, Side side, Price price,
                                          Quantity quantity, Money fee, TimePoint now);
    // A new last price: unrealized PnL, drawdown and exposure of every ledger holding the symbol;
    // returns the state changes of the breaches it caused. A price ≤ 0 is ignored.
    std::vector<RiskEvent> onMark(std::string_view symbol, Price price, TimePoint now);
    // The open-order count of a bot (the manual ledger's is counted too, with no limit).
    // onOrderClosed: FailedPrecondition if the count is already zero.
    Status onOrderOpened(AccountId account, std::optional<BotId> bot, TimePoint now);
    Status onOrderClosed(AccountId account, std::optional<BotId> bot, TimePoint now);
    // Moves the day forward (daily loss counts from the new day's start); every other call does
    // this too, from the time it is given.
    void advanceTime(TimePoint now);

    // Kill switch: every running bot of the account is stopped, the account goes HALTED (halt)
    // or REDUCING (never down: a HALTED account stays HALTED), and the actions to perform come
    // back. `actor` (who) must not be empty.
    Result<KillSwitchActions> killSwitch(AccountId account, KillMode mode, TimePoint now,
                                         std::string_view actor, std::string_view reason);
    // Back to ACTIVE / RUNNING, only this way. From the reset on, the account's daily loss
    // (resetAccount) or the bot's daily loss and drawdown (resetBot) count afresh: the operator
    // has accepted the loss so far. resetAccount leaves the bots as they are. Nothing changes (no
    // event) when already ACTIVE / RUNNING. `actor` must not be empty.
    Result<std::vector<RiskEvent>> resetAccount(AccountId account, TimePoint now,
                                                std::string_view actor, std::string_view reason);
    Result<std::vector<RiskEvent>> resetBot(AccountId account, BotId bot, TimePoint now,
                                            std::string_view actor, std::string_view reason);

    // Queries (nullopt for an unknown account or bot).
    std::optional<AccountState> accountState(AccountId account) const;
    std::optional<BotState> botState(AccountId account, BotId bot) const;
    // A ledger's position in a symbol (zero if none).
    std::optional<Quantity> position(AccountId account, std::optional<BotId> bot,
                                     std::string_view symbol) const;
    // capital + realized + unrealized at the last marks.
    std::optional<Money> botEquity(AccountId account, std::optional<BotId> bot) const;
    // equity − equity at the day start (negative: a loss).
    std::optional<Money> botDailyPnl(AccountId account, std::optional<BotId> bot) const;
    std::optional<Money> accountDailyPnl(AccountId account) const;
    // Σ over symbols |net position of the account × mark|.
    std::optional<Money> grossExposure(AccountId account) const;

private:
    AccountRiskState *findAccount(AccountId account);
    const AccountRiskState *findAccount(AccountId account) const;
    TimePoint effectiveTime(TimePoint now);
    void evaluate(AccountId accountId, AccountRiskState &account, TimePoint now,
                  std::vector<RiskEvent> &events);
    Money equityOf(const BotRiskState &bot) const;
    Money equityOf(const AccountRiskState &account) const;
    Money grossExposureOf(const AccountRiskState &account) const;
    // Σ over the account's ledgers of the position (and cost) in a symbol.
    PositionState netPosition(const AccountRiskState &account, std::string_view symbol) const;
    Price markOf(std::string_view symbol, const PositionState &position) const;

    RiskState m_state;
};

// "ACTIVE", "REDUCING", "HALTED"; "RUNNING", "STOPPED_BY_RISK".
std::string_view stateName(AccountState state);
std::string_view stateName(BotState state);
// Static English name of a reason ("max order notional").
std::string_view describe(RejectReason reason);
std::string_view describe(RiskCause cause);

// 12500 → "12,500.00": at least `minimumDigits` fractional digits, more when needed to be exact,
// thousands grouped with commas. For messages.
std::string formatAmount(std::int64_t raw, int minimumDigits);
template <typename Tag>
std::string formatAmount(Decimal<Tag> value, int minimumDigits)
{
    return formatAmount(value.raw(), minimumDigits);
}

} // namespace bcf::risk
