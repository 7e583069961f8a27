#include "bots/strategy_bot.h"

#include <algorithm>
#include <sstream>

namespace bcf::bots {
namespace {

std::string roleName(strategy::OrderRole role)
{
    switch (role) {
    case strategy::OrderRole::Entry: return "entry";
    case strategy::OrderRole::Exit: return "exit";
    case strategy::OrderRole::StopLoss: return "sl";
    case strategy::OrderRole::TakeProfit: return "tp";
    case strategy::OrderRole::TrailingStop: return "trail";
    }
    return "order";
}

} // namespace

StrategyBot::StrategyBot(std::shared_ptr<const strategy::Program> program, InstrumentRules rules)
    : m_kernel(std::move(program), strategy::SymbolRules{rules.tickSize, rules.lotSize})
{
}

void StrategyBot::onStart(const BotView & /*view*/, BotActions & /*out*/)
{
    // A strategy acts at bar closes only.
}

void StrategyBot::replayBar(const model::Candle &bar, TimePoint closeTime, Quantity position, Money equity)
{
    strategy::PositionView view;
    view.equity = equity;
    view.position = position;
    m_intents.clear();
    m_kernel.onBar(bar, closeTime, view, m_intents, currentExternals());
    m_externals.clear();
    m_intents.clear();
}

const double *StrategyBot::currentExternals() const
{
    const bool given = !m_externals.empty() && m_externals.size() == m_kernel.program().externals.size();
    return given ? m_externals.data() : nullptr;
}

void StrategyBot::onBar(const model::Candle &bar, TimePoint closeTime, const BotView &view, BotActions &out)
{
    // Decision orders that are no longer working have finished (their fills came first).
    std::erase_if(m_decisionKeys, [&](const std::string &key) { return !view.working.contains(key); });
    strategy::PositionView kernelView;
    kernelView.equity = view.equity;
    kernelView.position = view.position;
    kernelView.hasWorkingOrders = !m_decisionKeys.empty();
    m_intents.clear();
    m_kernel.onBar(bar, closeTime, kernelView, m_intents, currentExternals());
    m_externals.clear(); // a bar's predictions are for that bar only
    submit(m_intents, closeTime, view, out);
}

void StrategyBot::submit(const std::vector<strategy::OrderIntent> &intents, TimePoint closeTime,
                         const BotView &view, BotActions &out)
{
    const std::string at = "@" + std::to_string(toUnixMillis(closeTime));
    std::string group;
    for (const strategy::OrderIntent &intent : intents) {
        if (intent.kind == strategy::IntentKind::CancelAll) {
            // Exits and reversals first cancel the position's protective orders.
            for (const std::string &key : view.working) {
                if (!m_decisionKeys.contains(key))
                    out.cancel.push_back(key);
            }
            continue;
        }
        BotOrder order;
        order.key = roleName(intent.role) + at;
        order.side = intent.side;
        order.quantity = intent.quantity;
        order.reduceOnly = intent.reduceOnly;
        switch (intent.kind) {
        case strategy::IntentKind::Market: order.type = trading::OrderType::Market; break;
        case strategy::IntentKind::Stop:
            order.type = trading::OrderType::StopMarket;
            order.stopPrice = intent.price;
            break;
        case strategy::IntentKind::Limit:
            order.type = trading::OrderType::Limit;
            order.price = intent.price;
            break;
        case strategy::IntentKind::TrailingStop: {
            order.type = trading::OrderType::TrailingStop;
            std::int64_t bps = intent.trailBasisPoints;
            if (bps <= 0 && view.averageEntry > Price()) {
                // An absolute distance becomes the same distance in basis points of the entry:
                // exchanges trail by a percentage (Binance's trailingDelta).
                bps = roundedDivide(Int128(intent.trailDistance.raw()) * 10'000, view.averageEntry.raw());
            }
            order.trailingBasisPoints = static_cast<std::int32_t>(std::clamp<std::int64_t>(bps, 1, 2000));
            break;
        }
        case strategy::IntentKind::CancelAll: break;
        }
        if (intent.protective) {
            if (group.empty())
                group = "protect" + std::to_string(++m_protectionSequence) + at;
            order.group = group;
            order.key += "#" + std::to_string(m_protectionSequence);
        } else {
            m_decisionKeys.insert(order.key);
            if (intent.role == strategy::OrderRole::Entry)
                m_entryKey = order.key;
        }
        out.log.push_back(std::string(order.side == trading::Side::Buy ? "Buy " : "Sell ") +
                          order.quantity.toString() + " (" + roleName(intent.role) + ")");
        out.place.push_back(std::move(order));
    }
}

void StrategyBot::onFill(const BotFill &fill, const BotView &view, BotActions &out)
{
    if (!fill.orderDone)
        return;
    m_decisionKeys.erase(fill.key);
    // The entry has filled once no decision order of it is still working (a reversal is one order).
    if (!m_entryKey.empty() && m_decisionKeys.empty() && !view.position.isZero()) {
        const std::string entry = m_entryKey;
        m_entryKey.clear();
        m_intents.clear();
        m_kernel.onEntryFilled(view.averageEntry, view.position, m_intents);
        const std::size_t at = entry.find('@');
        const TimePoint decided = fromUnixMillis(std::stoll(entry.substr(at + 1)));
        submit(m_intents, decided, view, out);
    }
}

void StrategyBot::onOrderClosed(const BotOrderClosed &closed, const BotView & /*view*/, BotActions &out)
{
    if (m_decisionKeys.erase(closed.key) > 0) {
        out.log.push_back("Order " + closed.key + " ended " + std::string(trading::stateName(closed.state)) +
                          (closed.reason.empty() ? std::string() : ": " + closed.reason));
        if (closed.key == m_entryKey && closed.filled.isZero())
            m_entryKey.clear();
    }
}

std::string StrategyBot::snapshot() const
{
    std::ostringstream out;
    out << "entry=" << m_entryKey << "\nprotection=" << m_protectionSequence << "\ndecisions=";
    bool first = true;
    for (const auto &key : m_decisionKeys) {
        out << (first ? "" : ",") << key;
        first = false;
    }
    out << "\n";
    return out.str();
}

Status StrategyBot::restore(const std::string &snapshot)
{
    std::istringstream in(snapshot);
    std::string line;
    std::string entry;
    std::int64_t protection = -1;
    std::set<std::string> decisions;
    bool sawDecisions = false;
    while (std::getline(in, line)) {
        const std::size_t equals = line.find('=');
        if (equals == std::string::npos)
            return makeError(ErrorCode::InvalidArgument, "strategy bot snapshot: \"" + line + "\" is not key=value");
        const std::string key = line.substr(0, equals);
        const std::string value = line.substr(equals + 1);
        if (key == "entry") {
            entry = value;
        } else if (key == "protection") {
            try {
                protection = std::stoll(value);
            } catch (...) {
                return makeError(ErrorCode::InvalidArgument, "strategy bot snapshot: protection is not a number");
            }
        } else if (key == "decisions") {
            sawDecisions = true;
            std::size_t start = 0;
            while (start < value.size()) {
                const std::size_t comma = value.find(',', start);
                decisions.insert(value.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
                start = comma == std::string::npos ? value.size() : comma + 1;
            }
        } else {
            return makeError(ErrorCode::InvalidArgument, "strategy bot snapshot: unknown field " + key);
        }
    }
    if (protection < 0 || !sawDecisions)
        return makeError(ErrorCode::InvalidArgument, "strategy bot snapshot: incomplete");
    m_entryKey = entry;
    m_protectionSequence = protection;
    m_decisionKeys = std::move(decisions);
    return {};
}

} // namespace bcf::bots
