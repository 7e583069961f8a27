#include "spot_trading.h"

#include "binance_trading.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>


#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <tuple>

namespace bcf::exchange_sim {

using matching::MatchingEngine;
using model::Side;

namespace {

// Engine ids at or above this are the synthetic market's liquidity, below it user order ids.
constexpr std::uint64_t kLiquidityBase = std::uint64_t(1) << 62;
constexpr std::uint64_t kMarketOwner = 0; // the synthetic market's account in the engines
constexpr std::int64_t kCommissionDivisor = 1000; // 0.1 %
const std::string kIdCharacters =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

template <typename Tag>
std::string quoted(Decimal<Tag> value)
{
    return '"' + value.toString(8) + '"';
}

std::string quotedText(const std::string &value)
{
    return '"' + value + '"'; // ids, symbols and enum names: never need escaping
}

Money asMoney(Quantity quantity)
{
    return Money::fromRaw(quantity.raw());
}

Money commissionOf(Money amount)
{
    return Money::fromRaw(roundedDivide(amount.raw(), kCommissionDivisor));
}

std::string sideName(Side side)
{
    return side == Side::Buy ? "BUY" : "SELL";
}

// A trailing stop's stop price: `delta` basis points below the reference for a sell (rounded
// down to the tick), above it for a buy (rounded up).
Price trailingStop(Side side, Price reference, int delta, Price tick)
{
    const Int128 scaled = static_cast<Int128>(reference.raw()) * (side == Side::Sell ? 10'000 - delta : 10'000 + delta);
    std::int64_t raw = static_cast<std::int64_t>(scaled / 10'000);
    const std::int64_t step = tick.raw() > 0 ? tick.raw() : 1;
    raw = side == Side::Sell ? raw / step * step : (raw + step - 1) / step * step;
    return Price::fromRaw(raw);
}

bool isStopType(const std::string &type)
{
    return type == "STOP_LOSS" || type == "STOP_LOSS_LIMIT" || type == "TAKE_PROFIT"
           || type == "TAKE_PROFIT_LIMIT";
}

bool hasLimitPrice(const std::string &type)
{
    return type == "LIMIT" || type == "LIMIT_MAKER" || type == "STOP_LOSS_LIMIT"
           || type == "TAKE_PROFIT_LIMIT";
}

std::string mandatory(const std::string &name)
{
    return "Mandatory parameter '" + name + "' was not sent, was empty/null, or malformed.";
}

const std::string *param(const SpotTrading::Params &params, const std::string &name)
{
    const auto found = params.find(name);
    return found == params.end() || found->second.empty() ? nullptr : &found->second;
}

// Binance's decimal parameters: digits with an optional fraction. More than 8 fractional
// digits (that are not zeros) is -1111, anything else malformed is -1100.
template <typename Tag>
std::variant<Decimal<Tag>, Reply> parseDecimal(const std::string &name, const std::string &value)
{
    const auto dot = value.find('.');
    const bool wellFormed =
        !value.empty() && value.size() <= 41
        && std::all_of(value.begin(), value.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; })
        && std::count(value.begin(), value.end(), '.') <= 1 && dot != 0 && dot != value.size() - 1;
    if (!wellFormed)
        return errorReply(-1100, "Illegal characters found in parameter '" + name
                                     + "'; legal range is '^([0-9]{1,20})(\\.[0-9]{1,20})?$'.");
    auto parsed = Decimal<Tag>::parse(value);
    if (!parsed)
        return errorReply(-1111, "Precision is over the maximum defined for this asset.");
    return *parsed;
}

std::variant<long long, Reply> parseInteger(const std::string &name, const std::string &value)
{
    char *end = nullptr;
    const long long number = std::strtoll(value.c_str(), &end, 10);
    if (value.empty() || end != value.c_str() + value.size() || value.size() > 19)
        return errorReply(-1100, "Illegal characters found in parameter '" + name
                                     + "'; legal range is '^[0-9]{1,20}$'.");
    return number;
}

// A quantity parameter: LOT_SIZE's step, minimum and maximum (9000).
std::variant<Quantity, Reply> parseOrderQuantity(const std::string &name, const std::string &text,
                                                 Quantity lotSize)
{
    auto parsed = parseDecimal<QuantityTag>(name, text);
    if (auto *error = std::get_if<Reply>(&parsed))
        return *error;
    const Quantity quantity = std::get<Quantity>(parsed);
    if (quantity.isZero())
        return errorReply(-1013, "Invalid quantity.");
    if (!quantity.isMultipleOf(lotSize) || quantity < lotSize || quantity > *Quantity::parse("9000"))
        return errorReply(-1013, "Filter failure: LOT_SIZE");
    return quantity;
}

// A limit price parameter: PRICE_FILTER's tick and maximum (1000000).
std::variant<Price, Reply> parseLimitPrice(const std::string &name, const std::string &text, Price tick)
{
    auto parsed = parseDecimal<PriceTag>(name, text);
    if (auto *error = std::get_if<Reply>(&parsed))
        return *error;
    const Price price = std::get<Price>(parsed);
    if (price.isZero())
        return errorReply(-1013, "Invalid price.");
    if (!price.isMultipleOf(tick) || price > *Price::parse("1000000"))
        return errorReply(-1013, "Filter failure: PRICE_FILTER");
    return price;
}

// A stop price parameter: PRICE_FILTER's tick.
std::variant<Price, Reply> parseStopPrice(const std::string &name, const std::string &text, Price tick)
{
    auto parsed = parseDecimal<PriceTag>(name, text);
    if (auto *error = std::get_if<Reply>(&parsed))
        return *error;
    const Price price = std::get<Price>(parsed);
    if (price.isZero())
        return errorReply(-1013, "Stop price is invalid.");
    if (!price.isMultipleOf(tick))
        return errorReply(-1013, "Filter failure: PRICE_FILTER");
    return price;
}

std::string illegalClientId(const std::string &name)
{
    return "Illegal characters found in parameter '" + name + "'; legal range is '^[a-zA-Z0-9-_]{1,36}$'.";
}

bool validClientOrderId(const std::string &id)
{
    return !id.empty() && id.size() <= 36 && std::all_of(id.begin(), id.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
    });
}

Result<Money> parseAmount(const std::string &text)
{
    auto amount = Money::parse(text);
    if (!amount || amount->isNegative())
        return makeError(ErrorCode::InvalidArgument, "not a non-negative amount: \"" + text + "\"");
    return *amount;
}

} // namespace

Reply errorReply(int code, const std::string &message, int httpStatus)
{
    std::string escaped;
    for (char c : message) {
        if (c == '"' || c == '\\')
            escaped += '\\';
        escaped += c;
    }
    return {httpStatus, "{\"code\":" + std::to_string(code) + ",\"msg\":\"" + escaped + "\"}"};
}

std::string hmacSha256Hex(const std::string &key, const std::string &payload)
{
    return connectors::binance::hmacSha256Hex(key, payload); // the signing bcf-core's live venue uses
}

Result<AccountSpec> parseAccountSpec(const std::string &specText)
{
    const auto first = specText.find(':');
    const auto second = first == std::string::npos ? first : specText.find(':', first + 1);
    if (second == std::string::npos || first == 0 || second == first + 1)
        return makeError(ErrorCode::InvalidArgument,
                         "--account takes KEY:SECRET:ASSET=AMOUNT[,ASSET=AMOUNT…], not \"" + specText
                             + "\"");
    AccountSpec spec{specText.substr(0, first), specText.substr(first + 1, second - first - 1), {}, false};
    std::string rest = specText.substr(second + 1);
    // An optional fourth part, ":withdraw", gives the key withdrawal permission (canWithdraw).
    if (const auto third = rest.find(':'); third != std::string::npos) {
        if (rest.substr(third + 1) != "withdraw")
            return makeError(ErrorCode::InvalidArgument,
                             "--account takes an optional \":withdraw\" after the balances, not \"" +
                                 rest.substr(third + 1) + "\"");
        spec.canWithdraw = true;
        rest = rest.substr(0, third);
    }
    while (!rest.empty()) {
        const auto comma = rest.find(',');
        const std::string item = rest.substr(0, comma);
        rest = comma == std::string::npos ? std::string() : rest.substr(comma + 1);
        const auto equals = item.find('=');
        if (equals == std::string::npos || equals == 0)
            return makeError(ErrorCode::InvalidArgument,
                             "--account balance \"" + item + "\" is not ASSET=AMOUNT");
        auto amount = parseAmount(item.substr(equals + 1));
        if (!amount)
            return makeError(ErrorCode::InvalidArgument, "--account " + amount.error().message);
        std::string asset = item.substr(0, equals);
        std::transform(asset.begin(), asset.end(), asset.begin(),
                       [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
        spec.balances[asset] = *amount;
    }
    return spec;
}

Result<std::vector<AccountSpec>> loadAccountFile(const std::string &path)
{
    QFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::NotFound, "cannot read accounts file " + path);
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isArray())
        return makeError(ErrorCode::InvalidArgument,
                         path + ": expected a JSON array of {apiKey, secretKey, balances}");
    std::vector<AccountSpec> accounts;
    for (const QJsonValue &value : document.array()) {
        const QJsonObject object = value.toObject();
        AccountSpec spec{object.value(QLatin1String("apiKey")).toString().toStdString(),
                         object.value(QLatin1String("secretKey")).toString().toStdString(),
                         {},
                         object.value(QLatin1String("canWithdraw")).toBool()};
        if (spec.apiKey.empty() || spec.secretKey.empty())
            return makeError(ErrorCode::InvalidArgument,
                             path + ": every account needs apiKey and secretKey");
        const QJsonObject balances = object.value(QLatin1String("balances")).toObject();
        for (auto it = balances.begin(); it != balances.end(); ++it) {
            const QString amountText = it.value().isString() ? it.value().toString()
                                                             : QString::number(it.value().toDouble(), 'f', 8);
            auto amount = parseAmount(amountText.toStdString());
            if (!amount)
                return makeError(ErrorCode::InvalidArgument, path + ": " + amount.error().message);
            spec.balances[it.key().toUpper().toStdString()] = *amount;
        }
        accounts.push_back(std::move(spec));
    }
    return accounts;
}

AccountSpec demoAccount()
{
    const auto amount = [](const char *value) { return *Money::parse(value); };
    return {"bcf-demo-api-key",
            "bcf-demo-secret-key",
            {{"USDT", amount("100000")},
             {"BTC", amount("1")},
             {"ETH", amount("10")},
             {"BNB", amount("50")},
             {"SOL", amount("100")}},
            false};
}

struct SpotTrading::Order {
    std::int64_t id = 0;
    std::uint64_t account = 0;
    std::string clientOrderId;
    Side side = Side::Buy;
    std::string type;        // Binance's order type
    std::string timeInForce; // GTC, IOC, FOK ("GTC" for LIMIT_MAKER and market orders)
    Price price;
    Price stopPrice;
    Quantity quantity;
    Quantity executed;
    Money cumulativeQuote;
    Money originalQuoteQuantity;
    std::string status = "NEW";
    long long time = 0;
    long long updateTime = 0;
    long long workingTime = -1;
    int trailingDelta = 0;   // basis points: a trailing stop (its stopPrice follows the market)
    Price trailingReference; // the best price since placement (highest for a sell, lowest for a buy)
    bool working = true; // false: a stop order not triggered yet
    bool open = true;
    bool inEngine = false;
    Money reserved; // locked for this order, in reservedAsset
    std::string reservedAsset;
    std::int64_t listId = -1; // the order list (OCO) it is a leg of
};

// An OCO order list: two legs, the one priced below the market and the one above. The list
// locks once: the LIMIT_MAKER leg holds what it locks as a single order, the stop leg the rest
// (nothing for a sell, quote up to the higher price for a buy).
struct SpotTrading::OrderList {
    std::int64_t id = 0;
    std::uint64_t account = 0;
    std::string clientId;
    std::int64_t below = 0; // order ids
    std::int64_t above = 0;
    long long transactionTime = 0;
    bool done = false; // ALL_DONE: no leg open
};

struct SpotTrading::SymbolBook {
    model::Instrument instrument;
    std::unique_ptr<MatchingEngine> engine;
    std::map<std::int64_t, Order> orders; // every order of the symbol, by id
    std::vector<std::int64_t> stops;      // untriggered stop orders, oldest first
    std::vector<matching::OrderId> liquidity;
    std::vector<UserTrade> trades;
    std::map<std::int64_t, OrderList> lists; // the symbol's order lists, by id
    std::int64_t nextTradeId = 1;
    std::vector<matching::Event> scratch;
};

SpotTrading::SpotTrading(const sim::SyntheticMarket &market, std::vector<AccountSpec> accounts)
    : m_market(market)
{
    for (auto &spec : accounts) {
        Account account{std::move(spec), {}, 0};
        for (const auto &[asset, amount] : account.spec.balances)
            account.balances[asset] = Balance{amount, Money()};
        m_accounts.push_back(std::move(account));
    }
    for (const auto &instrument : market.instruments()) {
        auto book = std::make_unique<SymbolBook>();
        book->instrument = instrument;
        book->engine = std::make_unique<MatchingEngine>(
            matching::SymbolRules{instrument.tickSize, instrument.lotSize, instrument.lotSize, Money()});
        m_books[instrument.symbol] = std::move(book);
    }
}

SpotTrading::~SpotTrading() = default;

std::optional<std::uint64_t> SpotTrading::accountOf(const std::string &apiKey) const
{
    for (std::size_t i = 0; i < m_accounts.size(); ++i)
        if (m_accounts[i].spec.apiKey == apiKey)
            return i + 1;
    return std::nullopt;
}

const AccountSpec &SpotTrading::spec(std::uint64_t account) const
{
    return m_accounts.at(account - 1).spec;
}

SpotTrading::SymbolBook *SpotTrading::book(const std::string &symbol)
{
    const auto found = m_books.find(symbol);
    return found == m_books.end() ? nullptr : found->second.get();
}

const SpotTrading::SymbolBook *SpotTrading::book(const std::string &symbol) const
{
    const auto found = m_books.find(symbol);
    return found == m_books.end() ? nullptr : found->second.get();
}

std::variant<std::uint64_t, Reply> SpotTrading::authenticate(const std::string &apiKey,
                                                             const std::string &totalParams,
                                                             const Params &params,
                                                             long long nowMs) const
{
    if (apiKey.empty() || apiKey.size() > 64)
        return errorReply(-2014, "API-key format invalid.", 401);
    const auto account = accountOf(apiKey);
    if (!account)
        return errorReply(-2015, "Invalid API-key, IP, or permissions for action.", 401);
    const std::string *timestampText = param(params, "timestamp");
    if (!timestampText)
        return errorReply(-1102, mandatory("timestamp"));
    const auto timestamp = parseInteger("timestamp", *timestampText);
    if (const auto *error = std::get_if<Reply>(&timestamp))
        return *error;
    long long recvWindow = 5000;
    if (const std::string *windowText = param(params, "recvWindow")) {
        const auto window = parseInteger("recvWindow", *windowText);
        if (const auto *error = std::get_if<Reply>(&window))
            return *error;
        recvWindow = std::get<long long>(window);
        if (recvWindow > 60000 || recvWindow <= 0)
            return errorReply(-1131, "recvWindow must be less than 60000");
    }
    const std::string *signature = param(params, "signature");
    if (!signature)
        return errorReply(-1102, mandatory("signature"));
    const long long sent = std::get<long long>(timestamp);
    if (sent >= nowMs + 1000)
        return errorReply(-1021, "Timestamp for this request was 1000ms ahead of the server's time.");
    if (nowMs - sent > recvWindow)
        return errorReply(-1021, "Timestamp for this request is outside of the recvWindow.");
    std::string expected = hmacSha256Hex(m_accounts[*account - 1].spec.secretKey, totalParams);
    std::string given = *signature;
    std::transform(given.begin(), given.end(), given.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (given != expected)
        return errorReply(-1022, "Signature for this request is not valid.");
    return *account;
}

std::string SpotTrading::generateClientOrderId()
{
    std::string id;
    for (int i = 0; i < 22; ++i)
        id += kIdCharacters[m_random() % kIdCharacters.size()];
    return id;
}

void SpotTrading::lock(std::uint64_t account, const std::string &asset, Money amount)
{
    Balance &balance = m_accounts[account - 1].balances[asset];
    balance.free -= amount;
    balance.locked += amount;
}

void SpotTrading::releaseReserve(Order &order)
{
    if (order.reserved.isZero())
        return;
    Balance &balance = m_accounts[order.account - 1].balances[order.reservedAsset];
    balance.locked -= order.reserved;
    balance.free += order.reserved;
    order.reserved = Money();
}

void SpotTrading::injectLiquidity(SymbolBook &book, Side takerSide)
{
    // The synthetic book's opposite side rests behind the users' orders of the same price (they
    // arrived first). Levels that would cross a resting user order are left out: those orders
    // fill from market trades only.
    const model::OrderBook &synthetic = m_market.book(book.instrument.symbol);
    MatchingEngine &engine = *book.engine;
    const Side side = takerSide == Side::Buy ? Side::Sell : Side::Buy;
    const auto levels = side == Side::Sell ? synthetic.asks(1000) : synthetic.bids(1000);
    const auto ownBest = side == Side::Sell ? engine.bestBid() : engine.bestAsk();
    for (const auto &level : levels) {
        if (ownBest && (side == Side::Sell ? level.price <= *ownBest : level.price >= *ownBest))
            continue;
        const matching::OrderId id = kLiquidityBase + ++m_nextLiquidityId;
        book.scratch.clear();
        engine.submit(matching::NewOrder{id, kMarketOwner, side, matching::OrderType::Limit,
                                         matching::TimeInForce::GoodTillCancel, level.price,
                                         level.quantity, false, matching::SelfTradePrevention::None},
                      book.scratch);
        book.liquidity.push_back(id);
    }
}

void SpotTrading::removeLiquidity(SymbolBook &book)
{
    for (const matching::OrderId id : book.liquidity) {
        book.scratch.clear();
        if (book.engine->order(id))
            book.engine->cancel(id, book.scratch);
    }
    book.liquidity.clear();
}

std::optional<Reply> SpotTrading::execute(SymbolBook &book, Order &order, long long nowMs,
                                          std::vector<Fill> *fills, std::vector<UserEvent> &events)
{
    MatchingEngine &engine = *book.engine;
    const bool market = !hasLimitPrice(order.type);
    const std::string &base = book.instrument.base;
    const std::string &quote = book.instrument.quote;
    injectLiquidity(book, order.side);
    const auto reject = [&](int code, const std::string &message) {
        removeLiquidity(book);
        return std::optional<Reply>(errorReply(code, message));
    };

    // quoteOrderQty: the base quantity that spends (buy) or raises (sell) at most that much
    // quote at the prices now in the book, whole lots.
    if (market && !order.originalQuoteQuantity.isZero() && order.quantity.isZero()) {
        const auto depth = engine.depth(1000);
        const auto &levels = order.side == Side::Buy ? depth.asks : depth.bids;
        Int128 left = order.originalQuoteQuantity.raw();
        std::int64_t quantity = 0;
        for (const auto &level : levels) {
            const Int128 affordable = left * Quantity::kScale / level.price.raw();
            std::int64_t take = static_cast<std::int64_t>(std::min<Int128>(affordable, level.quantity.raw()));
            take -= take % book.instrument.lotSize.raw();
            quantity += take;
            left -= notional(level.price, Quantity::fromRaw(take)).raw();
            if (take < level.quantity.raw())
                break;
        }
        order.quantity = Quantity::fromRaw(quantity);
        if (quantity == 0)
            return reject(-1013, "Filter failure: LOT_SIZE");
    }

    // Balance: a limit order locks what it may spend; a market order needs it free now (a buy
    // costs what the book ahead of it holds, exactly: fills happen at those prices).
    Balance &quoteBalance = m_accounts[order.account - 1].balances[quote];
    Balance &baseBalance = m_accounts[order.account - 1].balances[base];
    Money need;
    if (order.side == Side::Sell) {
        need = asMoney(order.quantity);
    } else if (!market) {
        need = notional(order.price, order.quantity);
    } else {
        const auto depth = engine.depth(1000);
        std::int64_t left = order.quantity.raw();
        for (const auto &level : depth.asks) {
            const std::int64_t take = std::min(left, level.quantity.raw());
            need += notional(level.price, Quantity::fromRaw(take));
            left -= take;
            if (left == 0)
                break;
        }
    }
    if ((order.side == Side::Sell ? baseBalance.free : quoteBalance.free) < need)
        return reject(-2010, "Account has insufficient balance for requested action.");
    if (!market) {
        order.reservedAsset = order.side == Side::Sell ? base : quote;
        lock(order.account, order.reservedAsset, need);
        order.reserved = need;
    }

    matching::NewOrder request;
    request.id = static_cast<matching::OrderId>(order.id);
    request.owner = order.account;
    request.side = order.side;
    request.type = market ? matching::OrderType::Market : matching::OrderType::Limit;
    request.timeInForce = order.timeInForce == "IOC"   ? matching::TimeInForce::ImmediateOrCancel
                          : order.timeInForce == "FOK" ? matching::TimeInForce::FillOrKill
                                                       : matching::TimeInForce::GoodTillCancel;
    request.price = order.price;
    request.quantity = order.quantity;
    request.postOnly = order.type == "LIMIT_MAKER";
    std::vector<matching::Event> engineEvents;
    engine.submit(request, engineEvents);
    if (const auto *rejected = std::get_if<matching::event::Rejected>(&engineEvents.front())) {
        releaseReserve(order);
        using matching::RejectReason;
        switch (rejected->reason) {
        case RejectReason::PostOnlyWouldTake:
            return reject(-2010, "Order would immediately match and take.");
        case RejectReason::PriceNotTickMultiple:
        case RejectReason::NonPositivePrice:
            return reject(-1013, "Filter failure: PRICE_FILTER");
        case RejectReason::NotionalBelowMinimum:
            return reject(-1013, "Filter failure: NOTIONAL");
        case RejectReason::DuplicateOrderId:
            return reject(-2010, "Duplicate order sent.");
        default:
            return reject(-1013, "Filter failure: LOT_SIZE");
        }
    }
    order.inEngine = true;
    if (order.workingTime < 0)
        order.workingTime = nowMs;
    processEngineEvents(book, engineEvents, nowMs, fills, events);
    removeLiquidity(book);
    if (order.open && !engine.order(request.id))
        finish(book, order, "EXPIRED", nowMs, events); // never happens: every exit is an event
    return std::nullopt;
}

void SpotTrading::processEngineEvents(SymbolBook &book,
                                      const std::vector<matching::Event> &engineEvents,
                                      long long nowMs, std::vector<Fill> *fills,
                                      std::vector<UserEvent> &events)
{
    const auto userOrder = [&](matching::OrderId id) -> Order * {
        if (id >= kLiquidityBase)
            return nullptr;
        const auto found = book.orders.find(static_cast<std::int64_t>(id));
        return found == book.orders.end() ? nullptr : &found->second;
    };
    for (const auto &engineEvent : engineEvents) {
        if (const auto *accepted = std::get_if<matching::event::Accepted>(&engineEvent)) {
            Order *order = userOrder(accepted->order);
            if (order && order->workingTime == order->time && !isStopType(order->type))
                events.push_back({order->account,
                                  executionReport(book, *order, "NEW", nowMs, std::nullopt, false, {})});
        } else if (const auto *trade = std::get_if<matching::event::Trade>(&engineEvent)) {
            // The maker fills first: its report is older in Binance's sequence as well.
            if (Order *maker = userOrder(trade->maker))
                applyFill(book, *maker, trade->price, trade->quantity, true, nowMs, nullptr, events);
            if (Order *taker = userOrder(trade->taker))
                applyFill(book, *taker, trade->price, trade->quantity, false, nowMs, fills, events);
        } else if (const auto *cancelled = std::get_if<matching::event::Cancelled>(&engineEvent)) {
            Order *order = userOrder(cancelled->order);
            if (!order || !order->open)
                continue;
            using matching::CancelReason;
            const std::string status = cancelled->reason == CancelReason::User ? "CANCELED"
                                       : cancelled->reason == CancelReason::SelfTradePrevention
                                           ? "EXPIRED_IN_MATCH"
                                           : "EXPIRED";
            order->inEngine = false;
            finish(book, *order, status, nowMs, events);
        }
    }
}

void SpotTrading::applyFill(SymbolBook &book, Order &order, Price price, Quantity quantity,
                            bool maker, long long nowMs, std::vector<Fill> *fills,
                            std::vector<UserEvent> &events)
{
    Account &account = m_accounts[order.account - 1];
    const std::string &base = book.instrument.base;
    const std::string &quote = book.instrument.quote;
    const Money quoteAmount = notional(price, quantity);
    const bool done = order.executed + quantity == order.quantity;
    // Release the part of the reserve this fill used, all of it on the last fill.
    if (!order.reserved.isZero()) {
        const Money used = order.side == Side::Buy ? notional(order.price, quantity) : asMoney(quantity);
        const Money release = done ? order.reserved : std::min(order.reserved, used);
        Balance &reserved = account.balances[order.reservedAsset];
        reserved.locked -= release;
        reserved.free += release;
        order.reserved -= release;
    }
    Fill fill{price, quantity, Money(), {}, book.nextTradeId++};
    if (order.side == Side::Buy) {
        account.balances[quote].free -= quoteAmount;
        fill.commission = commissionOf(asMoney(quantity));
        fill.commissionAsset = base;
        account.balances[base].free += asMoney(quantity) - fill.commission;
    } else {
        account.balances[base].free -= asMoney(quantity);
        fill.commission = commissionOf(quoteAmount);
        fill.commissionAsset = quote;
        account.balances[quote].free += quoteAmount - fill.commission;
    }
    account.updateTime = nowMs;
    order.executed += quantity;
    order.cumulativeQuote += quoteAmount;
    order.updateTime = nowMs;
    order.status = done ? "FILLED" : "PARTIALLY_FILLED";
    if (done) {
        order.open = false;
        order.inEngine = false;
    }
    book.trades.push_back(UserTrade{book.instrument.symbol, fill.tradeId, order.id, order.listId,
                                    order.account, price, quantity, quoteAmount, fill.commission,
                                    fill.commissionAsset, nowMs, order.side == Side::Buy, maker});
    events.push_back({order.account, executionReport(book, order, "TRADE", nowMs, fill, maker, {})});
    accountPosition(order.account, {base, quote}, nowMs, events);
    if (fills)
        fills->push_back(std::move(fill));
    if (order.listId >= 0) {
        expireOtherLeg(book, order, nowMs, events); // the first fill of a leg decides the list
        if (done)
            listLegClosed(book, order, nowMs, events);
    }
}

void SpotTrading::finish(SymbolBook &book, Order &order, const std::string &status,
                         long long nowMs, std::vector<UserEvent> &events,
                         const std::string &cancelClientId)
{
    order.status = status;
    order.open = false;
    order.updateTime = nowMs;
    std::erase(book.stops, order.id);
    const bool released = !order.reserved.isZero();
    const std::string asset = order.reservedAsset;
    releaseReserve(order);
    const std::string executionType = status == "EXPIRED_IN_MATCH" ? "TRADE_PREVENTION"
                                      : status == "CANCELED"       ? "CANCELED"
                                                                   : "EXPIRED";
    events.push_back({order.account, executionReport(book, order, executionType, nowMs,
                                                     std::nullopt, false, cancelClientId)});
    if (released)
        accountPosition(order.account, {asset}, nowMs, events);
    listLegClosed(book, order, nowMs, events);
}

void SpotTrading::cancelOne(SymbolBook &book, Order &order, const std::string &cancelClientId,
                            long long nowMs, std::vector<UserEvent> &events)
{
    if (order.inEngine) {
        book.scratch.clear();
        book.engine->cancel(static_cast<matching::OrderId>(order.id), book.scratch);
        order.inEngine = false;
    }
    finish(book, order, "CANCELED", nowMs, events, cancelClientId);
}

void SpotTrading::expireOtherLeg(SymbolBook &book, const Order &order, long long nowMs,
                                 std::vector<UserEvent> &events)
{
    const auto list = book.lists.find(order.listId);
    if (list == book.lists.end())
        return;
    Order &other = book.orders.at(list->second.below == order.id ? list->second.above
                                                                 : list->second.below);
    if (!other.open)
        return;
    if (other.inEngine) {
        book.scratch.clear();
        book.engine->cancel(static_cast<matching::OrderId>(other.id), book.scratch);
        other.inEngine = false;
    }
    finish(book, other, "EXPIRED", nowMs, events);
}

void SpotTrading::listLegClosed(SymbolBook &book, const Order &order, long long nowMs,
                                std::vector<UserEvent> &events)
{
    if (order.listId < 0)
        return;
    const auto found = book.lists.find(order.listId);
    if (found == book.lists.end() || found->second.done)
        return; // not placed yet (a leg being placed), or already over
    OrderList &list = found->second;
    if (book.orders.at(list.below).open || book.orders.at(list.above).open)
        return;
    list.done = true;
    listStatus(book, list, nowMs, events);
}

// ---- requests ----

Reply SpotTrading::newOrder(std::uint64_t account, const Params &params, long long nowMs,
                            std::vector<UserEvent> &events)
{
    const std::string *symbol = param(params, "symbol");
    if (!symbol)
        return errorReply(-1102, mandatory("symbol"));
    SymbolBook *symbolBook = book(*symbol);
    if (!symbolBook)
        return errorReply(-1121, "Invalid symbol.");
    const model::Instrument &instrument = symbolBook->instrument;
    const std::string *side = param(params, "side");
    if (!side)
        return errorReply(-1102, mandatory("side"));
    if (*side != "BUY" && *side != "SELL")
        return errorReply(-1117, "Invalid side.");
    const std::string *typeText = param(params, "type");
    if (!typeText)
        return errorReply(-1102, mandatory("type"));
    const std::string type = *typeText;
    if (type != "LIMIT" && type != "MARKET" && type != "LIMIT_MAKER" && !isStopType(type))
        return errorReply(-1116, "Invalid orderType.");

    Order order;
    order.id = m_nextOrderId; // taken only when the order is accepted
    order.account = account;
    order.side = *side == "BUY" ? Side::Buy : Side::Sell;
    order.type = type;
    order.time = nowMs;
    order.updateTime = nowMs;

    const std::string *timeInForce = param(params, "timeInForce");
    const bool needsTimeInForce = type == "LIMIT" || type == "STOP_LOSS_LIMIT" || type == "TAKE_PROFIT_LIMIT";
    if (needsTimeInForce) {
        if (!timeInForce)
            return errorReply(-1102, mandatory("timeInForce"));
        if (*timeInForce != "GTC" && *timeInForce != "IOC" && *timeInForce != "FOK")
            return errorReply(-1115, "Invalid timeInForce.");
        order.timeInForce = *timeInForce;
    } else {
        if (timeInForce)
            return errorReply(-1106, "Parameter 'timeInForce' sent when not required.");
        order.timeInForce = "GTC";
    }

    const std::string *quantityText = param(params, "quantity");
    const std::string *quoteText = param(params, "quoteOrderQty");
    if (quoteText && type != "MARKET")
        return errorReply(-1106, "Parameter 'quoteOrderQty' sent when not required.");
    if (quantityText && quoteText)
        return errorReply(-1106, "Parameter 'quoteOrderQty' sent when not required.");
    if (!quantityText && !quoteText)
        return type == "MARKET"
                   ? errorReply(-1102, "Param 'quantity' or 'quoteOrderQty' must be sent, but both were empty/null!")
                   : errorReply(-1102, mandatory("quantity"));
    if (quantityText) {
        auto parsed = parseOrderQuantity("quantity", *quantityText, instrument.lotSize);
        if (auto *error = std::get_if<Reply>(&parsed))
            return *error;
        order.quantity = std::get<Quantity>(parsed);
    } else {
        auto parsed = parseDecimal<MoneyTag>("quoteOrderQty", *quoteText);
        if (auto *error = std::get_if<Reply>(&parsed))
            return *error;
        order.originalQuoteQuantity = std::get<Money>(parsed);
        if (order.originalQuoteQuantity.isZero())
            return errorReply(-1013, "Invalid quoteOrderQty.");
        if (order.originalQuoteQuantity < instrument.minNotional)
            return errorReply(-1013, "Filter failure: NOTIONAL");
    }
    if (hasLimitPrice(type)) {
        const std::string *priceText = param(params, "price");
        if (!priceText)
            return errorReply(-1102, mandatory("price"));
        auto parsed = parseLimitPrice("price", *priceText, instrument.tickSize);
        if (auto *error = std::get_if<Reply>(&parsed))
            return *error;
        order.price = std::get<Price>(parsed);
    } else if (param(params, "price")) {
        return errorReply(-1106, "Parameter 'price' sent when not required.");
    }
    if (const std::string *deltaText = param(params, "trailingDelta")) {
        // A trailing stop (Binance's trailingDelta, in basis points, on a stop type); without a
        // stopPrice it starts trailing from the last trade at once.
        char *end = nullptr;
        const long delta = std::strtol(deltaText->c_str(), &end, 10);
        if (!isStopType(type))
            return errorReply(-1106, "Parameter 'trailingDelta' sent when not required.");
        if (deltaText->empty() || *end != '\0' || delta < 1 || delta > 2000)
            return errorReply(-2010, "Invalid trailingDelta.");
        order.trailingDelta = static_cast<int>(delta);
    }
    if (isStopType(type) && order.trailingDelta > 0 && !param(params, "stopPrice")) {
        const auto recentTrade = m_market.recentTrades(*symbol, 1);
        if (recentTrade.empty())
            return errorReply(-2010, "No trade yet to trail from.");
        order.trailingReference = recentTrade.back().price;
        order.stopPrice = trailingStop(order.side, order.trailingReference, order.trailingDelta, instrument.tickSize);
    } else if (isStopType(type)) {
        const std::string *stopText = param(params, "stopPrice");
        if (!stopText)
            return errorReply(-1102, mandatory("stopPrice"));
        auto parsed = parseStopPrice("stopPrice", *stopText, instrument.tickSize);
        if (auto *error = std::get_if<Reply>(&parsed))
            return *error;
        order.stopPrice = std::get<Price>(parsed);
    }
    // NOTIONAL (applyMinToMarket): limit orders at their price, market orders at the last
    // trade price, stop-market orders at the stop price.
    const auto recent = m_market.recentTrades(*symbol, 1);
    const std::optional<Price> lastPrice = recent.empty() ? std::nullopt
                                                          : std::optional<Price>(recent.back().price);
    if (!order.quantity.isZero()) {
        const std::optional<Price> reference = hasLimitPrice(type) ? std::optional<Price>(order.price)
                                               : isStopType(type)  ? std::optional<Price>(order.stopPrice)
                                                                   : lastPrice;
        if (reference && notional(*reference, order.quantity) < instrument.minNotional)
            return errorReply(-1013, "Filter failure: NOTIONAL");
    }

    // Binance: FULL by default for MARKET and LIMIT, ACK for the other types.
    std::string responseType = type == "LIMIT" || type == "MARKET" ? "FULL" : "ACK";
    if (const std::string *requested = param(params, "newOrderRespType")) {
        if (*requested != "ACK" && *requested != "RESULT" && *requested != "FULL")
            return errorReply(-1100, "Illegal characters found in parameter 'newOrderRespType'; legal range is 'ACK, RESULT, FULL'.");
        responseType = *requested;
    }
    if (const std::string *clientId = param(params, "newClientOrderId")) {
        if (!validClientOrderId(*clientId))
            return errorReply(-1100, illegalClientId("newClientOrderId"));
        for (const auto &[id, other] : symbolBook->orders)
            if (other.open && other.account == account && other.clientOrderId == *clientId)
                return errorReply(-2010, "Duplicate order sent.");
        order.clientOrderId = *clientId;
    } else {
        order.clientOrderId = generateClientOrderId();
    }

    std::vector<Fill> fills;
    if (isStopType(type)) {
        // Held here until a market trade reaches the stop price; one that would trigger at once
        // is refused as Binance does.
        const bool stopLoss = type.starts_with("STOP_LOSS");
        if (lastPrice) {
            const bool above = *lastPrice >= order.stopPrice;
            const bool below = *lastPrice <= order.stopPrice;
            const bool triggers = order.side == Side::Sell ? (stopLoss ? below : above)
                                                           : (stopLoss ? above : below);
            if (triggers)
                return errorReply(-2010, "Stop price would trigger immediately.");
        }
        const bool buy = order.side == Side::Buy;
        const Money need = buy ? notional(hasLimitPrice(type) ? order.price : order.stopPrice, order.quantity)
                               : asMoney(order.quantity);
        const std::string &asset = buy ? instrument.quote : instrument.base;
        if (m_accounts[account - 1].balances[asset].free < need)
            return errorReply(-2010, "Account has insufficient balance for requested action.");
        ++m_nextOrderId;
        order.working = false;
        order.reservedAsset = asset;
        order.reserved = need;
        lock(account, asset, need);
        Order &stored = symbolBook->orders.emplace(order.id, std::move(order)).first->second;
        symbolBook->stops.push_back(stored.id);
        events.push_back({account, executionReport(*symbolBook, stored, "NEW", nowMs, std::nullopt, false, {})});
        accountPosition(account, {asset}, nowMs, events);
        return {200, orderResultJson(*symbolBook, stored, responseType, nowMs, fills)};
    }

    order.workingTime = nowMs;
    Order &stored = symbolBook->orders.emplace(order.id, std::move(order)).first->second;
    const std::vector<UserEvent>::size_type eventsBefore = events.size();
    if (auto rejected = execute(*symbolBook, stored, nowMs, &fills, events)) {
        symbolBook->orders.erase(stored.id);
        events.resize(eventsBefore);
        return *rejected;
    }
    ++m_nextOrderId;
    if (!stored.reserved.isZero() && stored.open)
        accountPosition(account, {stored.reservedAsset}, nowMs, events);
    return {200, orderResultJson(*symbolBook, stored, responseType, nowMs, fills)};
}

SpotTrading::Order *SpotTrading::findOrder(std::uint64_t account, const SymbolBook &symbolBook,
                                           const Params &params, Reply *error, int notFoundCode,
                                           const char *notFoundText)
{
    const Order *found = findOrder(account, symbolBook, params, error);
    if (!found && error->body.empty())
        *error = errorReply(notFoundCode, notFoundText);
    return const_cast<Order *>(found);
}

const SpotTrading::Order *SpotTrading::findOrder(std::uint64_t account,
                                                 const SymbolBook &symbolBook, const Params &params,
                                                 Reply *error) const
{
    if (const std::string *idText = param(params, "orderId")) {
        const auto id = parseInteger("orderId", *idText);
        if (const auto *bad = std::get_if<Reply>(&id)) {
            *error = *bad;
            return nullptr;
        }
        const auto found = symbolBook.orders.find(std::get<long long>(id));
        if (found == symbolBook.orders.end() || found->second.account != account)
            return nullptr;
        return &found->second;
    }
    if (const std::string *clientId = param(params, "origClientOrderId")) {
        // The newest order with that client id (an open one is unique).
        for (auto it = symbolBook.orders.rbegin(); it != symbolBook.orders.rend(); ++it)
            if (it->second.account == account && it->second.clientOrderId == *clientId)
                return &it->second;
        return nullptr;
    }
    *error = errorReply(-1102, "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!");
    return nullptr;
}

Reply SpotTrading::cancelOrder(std::uint64_t account, const Params &params, long long nowMs,
                               std::vector<UserEvent> &events)
{
    const std::string *symbol = param(params, "symbol");
    if (!symbol)
        return errorReply(-1102, mandatory("symbol"));
    SymbolBook *symbolBook = book(*symbol);
    if (!symbolBook)
        return errorReply(-1121, "Invalid symbol.");
    Reply error{400, {}};
    Order *order = findOrder(account, *symbolBook, params, &error, -2011, "Unknown order sent.");
    if (!order)
        return error;
    if (!order->open)
        return errorReply(-2011, "Unknown order sent.");
    std::string cancelId;
    if (const std::string *clientId = param(params, "newClientOrderId")) {
        if (!validClientOrderId(*clientId))
            return errorReply(-1100, illegalClientId("newClientOrderId"));
        cancelId = *clientId;
    } else {
        cancelId = generateClientOrderId();
    }
    if (order->listId >= 0) {
        // A leg of an order list: the whole list is cancelled, as on Binance.
        std::string answer;
        cancelList(*symbolBook, symbolBook->lists.at(order->listId), nowMs, events, order->id,
                   cancelId, &answer);
        return {200, answer};
    }
    cancelOne(*symbolBook, *order, cancelId, nowMs, events);
    return {200, cancelJson(*symbolBook, *order, cancelId, nowMs)};
}

Reply SpotTrading::cancelOpenOrders(std::uint64_t account, const Params &params, long long nowMs,
                                    std::vector<UserEvent> &events)
{
    const std::string *symbol = param(params, "symbol");
    if (!symbol)
        return errorReply(-1102, mandatory("symbol"));
    SymbolBook *symbolBook = book(*symbol);
    if (!symbolBook)
        return errorReply(-1121, "Invalid symbol.");
    std::vector<std::int64_t> ids;
    for (const auto &[id, order] : symbolBook->orders)
        if (order.open && order.account == account)
            ids.push_back(id);
    if (ids.empty())
        return errorReply(-2011, "Unknown order sent.");
    // Orders answer as DELETE /api/v3/order, order lists (once, for both legs) as DELETE
    // /api/v3/orderList.
    std::string out = "[";
    for (const std::int64_t id : ids) {
        Order &order = symbolBook->orders.at(id);
        if (!order.open)
            continue; // the other leg of a list cancelled just before
        if (out.size() > 1)
            out += ',';
        if (order.listId >= 0) {
            out += cancelList(*symbolBook, symbolBook->lists.at(order.listId), nowMs, events);
        } else {
            const std::string cancelId = generateClientOrderId();
            cancelOne(*symbolBook, order, cancelId, nowMs, events);
            out += cancelJson(*symbolBook, order, cancelId, nowMs);
        }
    }
    return {200, out + "]"};
}

// ---- order lists (OCO) ----

Reply SpotTrading::newOrderListOco(std::uint64_t account, const Params &params, long long nowMs,
                                   std::vector<UserEvent> &events)
{
    const std::string *symbol = param(params, "symbol");
    if (!symbol)
        return errorReply(-1102, mandatory("symbol"));
    SymbolBook *symbolBook = book(*symbol);
    if (!symbolBook)
        return errorReply(-1121, "Invalid symbol.");
    const model::Instrument &instrument = symbolBook->instrument;
    const std::string *side = param(params, "side");
    if (!side)
        return errorReply(-1102, mandatory("side"));
    if (*side != "BUY" && *side != "SELL")
        return errorReply(-1117, "Invalid side.");
    const bool buy = *side == "BUY";
    const std::string *quantityText = param(params, "quantity");
    if (!quantityText)
        return errorReply(-1102, mandatory("quantity"));
    auto parsedQuantity = parseOrderQuantity("quantity", *quantityText, instrument.lotSize);
    if (auto *error = std::get_if<Reply>(&parsedQuantity))
        return *error;
    const Quantity quantity = std::get<Quantity>(parsedQuantity);

    // The legs' types: a sell takes profit above (LIMIT_MAKER) and stops its loss below, a buy
    // the other way round.
    const std::string *aboveType = param(params, "aboveType");
    if (!aboveType)
        return errorReply(-1102, mandatory("aboveType"));
    const std::string *belowType = param(params, "belowType");
    if (!belowType)
        return errorReply(-1102, mandatory("belowType"));
    for (const std::string *type : {aboveType, belowType})
        if (*type != "LIMIT" && *type != "MARKET" && *type != "LIMIT_MAKER" && !isStopType(*type))
            return errorReply(-1116, "Invalid orderType.");
    const std::string &makerType = buy ? *belowType : *aboveType;
    const std::string &stopType = buy ? *aboveType : *belowType;
    if (makerType != "LIMIT_MAKER" || (stopType != "STOP_LOSS" && stopType != "STOP_LOSS_LIMIT"))
        return errorReply(-2010, "Unsupported order combination");

    Order below;
    Order above;
    for (const auto &[prefix, leg, type] :
         {std::tuple<std::string, Order *, const std::string *>{"below", &below, belowType},
          {"above", &above, aboveType}}) {
        leg->account = account;
        leg->side = buy ? Side::Buy : Side::Sell;
        leg->type = *type;
        leg->quantity = quantity;
        leg->time = nowMs;
        leg->updateTime = nowMs;
        const std::string priceName = prefix + "Price";
        const std::string stopName = prefix + "StopPrice";
        const std::string timeInForceName = prefix + "TimeInForce";
        if (hasLimitPrice(*type)) {
            const std::string *priceText = param(params, priceName);
            if (!priceText)
                return errorReply(-1102, mandatory(priceName));
            auto parsed = parseLimitPrice(priceName, *priceText, instrument.tickSize);
            if (auto *error = std::get_if<Reply>(&parsed))
                return *error;
            leg->price = std::get<Price>(parsed);
        } else if (param(params, priceName)) {
            return errorReply(-1106, "Parameter '" + priceName + "' sent when not required.");
        }
        if (isStopType(*type)) {
            const std::string *stopText = param(params, stopName);
            if (!stopText)
                return errorReply(-1102, mandatory(stopName));
            auto parsed = parseStopPrice(stopName, *stopText, instrument.tickSize);
            if (auto *error = std::get_if<Reply>(&parsed))
                return *error;
            leg->stopPrice = std::get<Price>(parsed);
        } else if (param(params, stopName)) {
            return errorReply(-1106, "Parameter '" + stopName + "' sent when not required.");
        }
        const std::string *timeInForce = param(params, timeInForceName);
        if (*type == "STOP_LOSS_LIMIT") {
            if (!timeInForce)
                return errorReply(-1102, mandatory(timeInForceName));
            if (*timeInForce != "GTC" && *timeInForce != "IOC" && *timeInForce != "FOK")
                return errorReply(-1115, "Invalid timeInForce.");
            leg->timeInForce = *timeInForce;
        } else if (timeInForce) {
            return errorReply(-1106, "Parameter '" + timeInForceName + "' sent when not required.");
        } else {
            leg->timeInForce = "GTC";
        }
        // NOTIONAL: a limit price, else the stop price.
        if (notional(hasLimitPrice(*type) ? leg->price : leg->stopPrice, quantity) < instrument.minNotional)
            return errorReply(-1013, "Filter failure: NOTIONAL");
    }
    Order &maker = buy ? below : above;
    Order &stop = buy ? above : below;

    if (const std::string *requested = param(params, "newOrderRespType"))
        if (*requested != "ACK" && *requested != "RESULT" && *requested != "FULL")
            return errorReply(-1100, "Illegal characters found in parameter 'newOrderRespType'; legal range is 'ACK, RESULT, FULL'.");
    for (const char *name : {"listClientOrderId", "belowClientOrderId", "aboveClientOrderId"})
        if (const std::string *clientId = param(params, name); clientId && !validClientOrderId(*clientId))
            return errorReply(-1100, illegalClientId(name));

    // Prices: the LIMIT_MAKER leg on the far side of the last trade from the stop.
    const auto recent = m_market.recentTrades(*symbol, 1);
    const bool ordered = buy ? maker.price < stop.stopPrice : maker.price > stop.stopPrice;
    const bool aroundLast = recent.empty()
                            || (buy ? maker.price < recent.back().price && recent.back().price < stop.stopPrice
                                    : maker.price > recent.back().price && recent.back().price > stop.stopPrice);
    if (!ordered || !aroundLast)
        return errorReply(-2010, "The relationship of the prices for the orders is not correct.");

    std::string listClientId;
    if (const std::string *given = param(params, "listClientOrderId")) {
        for (const auto &[id, list] : symbolBook->lists)
            if (!list.done && list.account == account && list.clientId == *given)
                return errorReply(-2010, "Duplicate order sent.");
        listClientId = *given;
    } else {
        listClientId = generateClientOrderId();
    }
    for (const auto &[name, leg] : {std::pair<const char *, Order *>{"belowClientOrderId", &below},
                                    {"aboveClientOrderId", &above}}) {
        if (const std::string *given = param(params, name)) {
            for (const auto &[id, other] : symbolBook->orders)
                if (other.open && other.account == account && other.clientOrderId == *given)
                    return errorReply(-2010, "Duplicate order sent.");
            leg->clientOrderId = *given;
        } else {
            leg->clientOrderId = generateClientOrderId();
        }
    }
    if (below.clientOrderId == above.clientOrderId)
        return errorReply(-2010, "Duplicate order sent.");

    // The list locks once: the base quantity for a sell, for a buy the quote at the higher of
    // the LIMIT_MAKER price and the stop leg's price (its limit price, else its stop price).
    const std::string &asset = buy ? instrument.quote : instrument.base;
    const Money makerLock = buy ? notional(maker.price, quantity) : asMoney(quantity);
    const Price stopReference = hasLimitPrice(stop.type) ? stop.price : stop.stopPrice;
    const Money listLock = buy ? notional(std::max(maker.price, stopReference), quantity) : makerLock;
    if (m_accounts[account - 1].balances[asset].free < listLock)
        return errorReply(-2010, "Account has insufficient balance for requested action.");

    // The LIMIT_MAKER leg goes to the engine (locking its own part), the stop leg waits here
    // with the rest of the lock. Below gets the lower order id.
    const std::int64_t listId = m_nextOrderListId;
    const std::int64_t belowId = m_nextOrderId;
    const std::int64_t aboveId = m_nextOrderId + 1;
    below.id = belowId;
    above.id = aboveId;
    below.listId = above.listId = listId;
    maker.workingTime = nowMs;
    stop.working = false;
    const std::int64_t makerId = maker.id;
    const std::int64_t stopId = stop.id;
    Order &placedMaker = symbolBook->orders.emplace(makerId, std::move(maker)).first->second;
    std::vector<UserEvent> makerEvents;
    if (auto rejected = execute(*symbolBook, placedMaker, nowMs, nullptr, makerEvents)) {
        symbolBook->orders.erase(makerId);
        return *rejected;
    }
    m_nextOrderId += 2;
    ++m_nextOrderListId;
    Order &placedStop = symbolBook->orders.emplace(stopId, std::move(stop)).first->second;
    placedStop.reservedAsset = asset;
    placedStop.reserved = listLock - makerLock;
    lock(account, asset, placedStop.reserved);
    symbolBook->stops.push_back(stopId);
    OrderList &list = symbolBook->lists.emplace(
        listId, OrderList{listId, account, listClientId, belowId, aboveId, nowMs, false}).first->second;

    // NEW for each leg (below first), the list's EXEC_STARTED, the locked balance.
    std::vector<UserEvent> stopEvents{
        {account, executionReport(*symbolBook, placedStop, "NEW", nowMs, std::nullopt, false, {})}};
    for (auto *part : buy ? std::array{&makerEvents, &stopEvents} : std::array{&stopEvents, &makerEvents})
        events.insert(events.end(), part->begin(), part->end());
    listStatus(*symbolBook, list, nowMs, events);
    accountPosition(account, {asset}, nowMs, events);

    std::string out = orderListJson(*symbolBook, list, nowMs) + R"(,"orderReports":[)";
    for (const std::int64_t id : {list.below, list.above})
        out += orderResultJson(*symbolBook, symbolBook->orders.at(id), "RESULT", nowMs, {})
               + (id == list.below ? "," : "");
    return {200, out + "]}"};
}

std::string SpotTrading::cancelList(SymbolBook &symbolBook, OrderList &list, long long nowMs,
                                    std::vector<UserEvent> &events, std::int64_t namedLeg,
                                    const std::string &namedCancelId, std::string *namedAnswer)
{
    std::string reports;
    for (const std::int64_t id : {list.below, list.above}) {
        Order &leg = symbolBook.orders.at(id);
        std::string cancelId = leg.clientOrderId; // a leg already over answers as it is
        if (leg.open) {
            cancelId = id == namedLeg ? namedCancelId : generateClientOrderId();
            cancelOne(symbolBook, leg, cancelId, nowMs, events);
        }
        const std::string answer = cancelJson(symbolBook, leg, cancelId, nowMs);
        if (id == namedLeg && namedAnswer)
            *namedAnswer = answer;
        reports += answer + (id == list.below ? "," : "");
    }
    return orderListJson(symbolBook, list, nowMs) + R"(,"orderReports":[)" + reports + "]}";
}

const SpotTrading::OrderList *SpotTrading::findList(std::uint64_t account,
                                                    const SymbolBook &symbolBook,
                                                    const Params &params, const char *clientIdName,
                                                    Reply *error) const
{
    if (const std::string *idText = param(params, "orderListId")) {
        const auto id = parseInteger("orderListId", *idText);
        if (const auto *bad = std::get_if<Reply>(&id)) {
            *error = *bad;
            return nullptr;
        }
        const auto found = symbolBook.lists.find(std::get<long long>(id));
        return found == symbolBook.lists.end() || found->second.account != account ? nullptr
                                                                                   : &found->second;
    }
    if (const std::string *clientId = param(params, clientIdName)) {
        // The newest list with that client id (an open one is unique).
        for (auto it = symbolBook.lists.rbegin(); it != symbolBook.lists.rend(); ++it)
            if (it->second.account == account && it->second.clientId == *clientId)
                return &it->second;
        return nullptr;
    }
    *error = errorReply(-1102, std::string("Param '") + clientIdName
                                   + "' or 'orderListId' must be sent, but both were empty/null!");
    return nullptr;
}

Reply SpotTrading::cancelOrderList(std::uint64_t account, const Params &params, long long nowMs,
                                   std::vector<UserEvent> &events)
{
    const std::string *symbol = param(params, "symbol");
    if (!symbol)
        return errorReply(-1102, mandatory("symbol"));
    SymbolBook *symbolBook = book(*symbol);
    if (!symbolBook)
        return errorReply(-1121, "Invalid symbol.");
    Reply error{400, {}};
    const OrderList *list = findList(account, *symbolBook, params, "listClientOrderId", &error);
    if (!list)
        return error.body.empty() ? errorReply(-2011, "Unknown order sent.") : error;
    if (list->done)
        return errorReply(-2011, "Unknown order sent.");
    return {200, cancelList(*symbolBook, symbolBook->lists.at(list->id), nowMs, events)};
}

Reply SpotTrading::queryOrderList(std::uint64_t account, const Params &params) const
{
    // No symbol on Binance: every symbol's lists (ids are unique across them).
    Reply error{400, {}};
    for (const auto &[name, symbolBook] : m_books) {
        if (const OrderList *list = findList(account, *symbolBook, params, "origClientOrderId", &error))
            return {200, orderListJson(*symbolBook, *list, list->transactionTime) + "}"};
        if (!error.body.empty())
            return error;
    }
    return errorReply(-2013, "Order list does not exist.");
}

Reply SpotTrading::queryOrder(std::uint64_t account, const Params &params) const
{
    const std::string *symbol = param(params, "symbol");
    if (!symbol)
        return errorReply(-1102, mandatory("symbol"));
    const SymbolBook *symbolBook = book(*symbol);
    if (!symbolBook)
        return errorReply(-1121, "Invalid symbol.");
    Reply error{400, {}};
    const Order *order = findOrder(account, *symbolBook, params, &error);
    if (!order)
        return error.body.empty() ? errorReply(-2013, "Order does not exist.") : error;
    return {200, orderJson(*symbolBook, *order)};
}

Reply SpotTrading::openOrders(std::uint64_t account, const Params &params) const
{
    const std::string *symbol = param(params, "symbol");
    if (symbol && !book(*symbol))
        return errorReply(-1121, "Invalid symbol.");
    std::string out = "[";
    for (const auto &[name, symbolBook] : m_books) {
        if (symbol && name != *symbol)
            continue;
        for (const auto &[id, order] : symbolBook->orders) {
            if (!order.open || order.account != account)
                continue;
            if (out.size() > 1)
                out += ',';
            out += orderJson(*symbolBook, order);
        }
    }
    return {200, out + "]"};
}

Reply SpotTrading::allOrders(std::uint64_t account, const Params &params) const
{
    const std::string *symbol = param(params, "symbol");
    if (!symbol)
        return errorReply(-1102, mandatory("symbol"));
    const SymbolBook *symbolBook = book(*symbol);
    if (!symbolBook)
        return errorReply(-1121, "Invalid symbol.");
    long long fromId = 0;
    long long limit = 500;
    if (const std::string *text = param(params, "orderId")) {
        const auto parsed = parseInteger("orderId", *text);
        if (const auto *error = std::get_if<Reply>(&parsed))
            return *error;
        fromId = std::get<long long>(parsed);
    }
    if (const std::string *text = param(params, "limit")) {
        const auto parsed = parseInteger("limit", *text);
        if (const auto *error = std::get_if<Reply>(&parsed))
            return *error;
        limit = std::get<long long>(parsed);
        if (limit < 1 || limit > 1000)
            return errorReply(-1100, "Illegal characters found in parameter 'limit'; legal range is '1' to '1000'.");
    }
    std::vector<const Order *> selected;
    for (const auto &[id, order] : symbolBook->orders)
        if (order.account == account && id >= fromId)
            selected.push_back(&order);
    // Without orderId the newest `limit`, with it the oldest from it.
    if (static_cast<long long>(selected.size()) > limit) {
        if (param(params, "orderId"))
            selected.resize(static_cast<std::size_t>(limit));
        else
            selected.erase(selected.begin(), selected.end() - limit);
    }
    std::string out = "[";
    for (const Order *order : selected) {
        if (out.size() > 1)
            out += ',';
        out += orderJson(*symbolBook, *order);
    }
    return {200, out + "]"};
}

Reply SpotTrading::accountInformation(std::uint64_t account, long long nowMs) const
{
    const Account &holder = m_accounts[account - 1];
    std::string balances;
    for (const auto &[asset, balance] : holder.balances) {
        if (!balances.empty())
            balances += ',';
        balances += R"({"asset":")" + asset + R"(","free":)" + quoted(balance.free)
                    + R"(,"locked":)" + quoted(balance.locked) + "}";
    }
    return {200, R"({"makerCommission":10,"takerCommission":10,"buyerCommission":0,"sellerCommission":0,)"
                 R"("commissionRates":{"maker":"0.00100000","taker":"0.00100000","buyer":"0.00000000","seller":"0.00000000"},)"
                 R"("canTrade":true,"canWithdraw":)" + std::string(holder.spec.canWithdraw ? "true" : "false")
                     + R"(,"canDeposit":false,"brokered":false,)"
                 R"("requireSelfTradePrevention":false,"preventSor":false,"updateTime":)"
                     + std::to_string(holder.updateTime > 0 ? holder.updateTime : nowMs)
                     + R"(,"accountType":"SPOT","balances":[)" + balances
                     + R"(],"permissions":["SPOT"],"uid":)" + std::to_string(account) + "}"};
}

Reply SpotTrading::apiRestrictions(std::uint64_t account) const
{
    const Account &holder = m_accounts[account - 1];
    return {200, std::string(R"({"ipRestrict":false,"createTime":1698645219000,"enableReading":true,)")
                     + R"("enableSpotAndMarginTrading":true,"enableWithdrawals":)"
                     + (holder.spec.canWithdraw ? "true" : "false")
                     + R"(,"enableInternalTransfer":false,"enableMargin":false,"enableFutures":false,)"
                       R"("permitsUniversalTransfer":false,"enableVanillaOptions":false,"enablePortfolioMarginTrading":false})"};
}

Reply SpotTrading::myTrades(std::uint64_t account, const Params &params) const
{
    const std::string *symbol = param(params, "symbol");
    if (!symbol)
        return errorReply(-1102, mandatory("symbol"));
    const SymbolBook *symbolBook = book(*symbol);
    if (!symbolBook)
        return errorReply(-1121, "Invalid symbol.");
    std::optional<long long> orderId;
    std::optional<long long> fromId;
    long long limit = 500;
    for (const auto &[name, target] :
         {std::pair<const char *, std::optional<long long> *>{"orderId", &orderId}, {"fromId", &fromId}}) {
        if (const std::string *text = param(params, name)) {
            const auto parsed = parseInteger(name, *text);
            if (const auto *error = std::get_if<Reply>(&parsed))
                return *error;
            *target = std::get<long long>(parsed);
        }
    }
    if (const std::string *text = param(params, "limit")) {
        const auto parsed = parseInteger("limit", *text);
        if (const auto *error = std::get_if<Reply>(&parsed))
            return *error;
        limit = std::get<long long>(parsed);
        if (limit < 1 || limit > 1000)
            return errorReply(-1100, "Illegal characters found in parameter 'limit'; legal range is '1' to '1000'.");
    }
    std::vector<const UserTrade *> selected;
    for (const auto &trade : symbolBook->trades)
        if (trade.account == account && (!orderId || trade.orderId == *orderId)
            && (!fromId || trade.id >= *fromId))
            selected.push_back(&trade);
    if (static_cast<long long>(selected.size()) > limit) {
        if (fromId)
            selected.resize(static_cast<std::size_t>(limit));
        else
            selected.erase(selected.begin(), selected.end() - limit);
    }
    std::string out = "[";
    for (const UserTrade *trade : selected) {
        if (out.size() > 1)
            out += ',';
        out += R"({"symbol":")" + trade->symbol + R"(","id":)" + std::to_string(trade->id)
               + R"(,"orderId":)" + std::to_string(trade->orderId) + R"(,"orderListId":)"
               + std::to_string(trade->orderListId) + R"(,"price":)"
               + quoted(trade->price) + R"(,"qty":)" + quoted(trade->quantity) + R"(,"quoteQty":)"
               + quoted(trade->quoteQuantity) + R"(,"commission":)" + quoted(trade->commission)
               + R"(,"commissionAsset":")" + trade->commissionAsset + R"(","time":)"
               + std::to_string(trade->time) + R"(,"isBuyer":)" + (trade->buyer ? "true" : "false")
               + R"(,"isMaker":)" + (trade->maker ? "true" : "false") + R"(,"isBestMatch":true})";
    }
    return {200, out + "]"};
}

// ---- the market drives resting and stop orders ----

void SpotTrading::onMarketTrade(const std::string &symbol, const model::Trade &trade,
                                long long nowMs, std::vector<UserEvent> &events)
{
    SymbolBook *symbolBook = book(symbol);
    if (!symbolBook)
        return;
    fillFromTrade(*symbolBook, trade, nowMs, events);
    triggerStops(*symbolBook, trade.price, nowMs, events);
}

void SpotTrading::fillFromTrade(SymbolBook &symbolBook, const model::Trade &trade, long long nowMs,
                                std::vector<UserEvent> &events)
{
    // A market trade at price T and quantity Q fills resting buys priced ≥ T and resting sells
    // priced ≤ T, up to Q on each side, by price then time: an IOC order of the market's at T
    // for Q against the engine.
    MatchingEngine &engine = *symbolBook.engine;
    for (const Side takerSide : {Side::Sell, Side::Buy}) {
        const auto best = takerSide == Side::Sell ? engine.bestBid() : engine.bestAsk();
        if (!best || (takerSide == Side::Sell ? *best < trade.price : *best > trade.price))
            continue;
        std::vector<matching::Event> engineEvents;
        engine.submit(matching::NewOrder{kLiquidityBase + ++m_nextLiquidityId, kMarketOwner,
                                         takerSide, matching::OrderType::Limit,
                                         matching::TimeInForce::ImmediateOrCancel, trade.price,
                                         trade.quantity, false, matching::SelfTradePrevention::None},
                      engineEvents);
        processEngineEvents(symbolBook, engineEvents, nowMs, nullptr, events);
    }
}

void SpotTrading::triggerStops(SymbolBook &symbolBook, Price lastPrice, long long nowMs,
                               std::vector<UserEvent> &events)
{
    const std::vector<std::int64_t> waiting = symbolBook.stops;
    for (const std::int64_t id : waiting) {
        Order &order = symbolBook.orders.at(id);
        if (!order.open)
            continue; // a list leg expired by an earlier stop's fills
        if (order.trailingDelta > 0) {
            const bool better = order.side == Side::Sell ? lastPrice > order.trailingReference
                                                         : lastPrice < order.trailingReference;
            if (better || order.trailingReference.isZero()) {
                order.trailingReference = lastPrice;
                order.stopPrice = trailingStop(order.side, lastPrice, order.trailingDelta,
                                               symbolBook.instrument.tickSize);
            }
        }
        const bool stopLoss = order.type.starts_with("STOP_LOSS");
        const bool above = lastPrice >= order.stopPrice;
        const bool below = lastPrice <= order.stopPrice;
        const bool triggers = order.side == Side::Sell ? (stopLoss ? below : above)
                                                       : (stopLoss ? above : below);
        if (!triggers)
            continue;
        // Triggered: the reserve is handed back and the order runs as the limit or market order
        // it becomes; one that cannot (the balance went elsewhere) expires.
        // A list's stop leg takes over the list's lock: the other leg expires first.
        std::erase(symbolBook.stops, id);
        releaseReserve(order);
        if (order.listId >= 0)
            expireOtherLeg(symbolBook, order, nowMs, events);
        order.working = true;
        order.workingTime = nowMs;
        if (execute(symbolBook, order, nowMs, nullptr, events))
            finish(symbolBook, order, "EXPIRED", nowMs, events);
        else if (order.listId >= 0 && order.open && !order.reserved.isZero())
            accountPosition(order.account, {order.reservedAsset}, nowMs, events);
    }
}

// ---- JSON ----

std::string SpotTrading::executionReport(const SymbolBook &symbolBook, const Order &order,
                                         const std::string &executionType, long long nowMs,
                                         const std::optional<Fill> &fill, bool maker,
                                         const std::string &cancelClientId) const
{
    const bool cancel = !cancelClientId.empty();
    const Quantity lastQuantity = fill ? fill->quantity : Quantity();
    const Price lastPrice = fill ? fill->price : Price();
    return R"({"e":"executionReport","E":)" + std::to_string(nowMs) + R"(,"s":")"
           + symbolBook.instrument.symbol + R"(","c":")"
           + (cancel ? cancelClientId : order.clientOrderId) + R"(","S":")" + sideName(order.side)
           + R"(","o":")" + order.type + R"(","f":")" + order.timeInForce + R"(","q":)"
           + quoted(order.quantity) + R"(,"p":)" + quoted(order.price) + R"(,"P":)"
           + quoted(order.stopPrice) + R"(,"F":"0.00000000","g":)" + std::to_string(order.listId)
           + R"(,"C":")"
           + (cancel ? order.clientOrderId : std::string()) + R"(","x":")" + executionType
           + R"(","X":")" + order.status + R"(","r":"NONE","i":)" + std::to_string(order.id)
           + R"(,"l":)" + quoted(lastQuantity) + R"(,"z":)" + quoted(order.executed) + R"(,"L":)"
           + quoted(lastPrice) + R"(,"n":)" + (fill ? quoted(fill->commission) : std::string("\"0\""))
           + R"(,"N":)" + (fill ? quotedText(fill->commissionAsset) : std::string("null"))
           + R"(,"T":)" + std::to_string(nowMs) + R"(,"t":)"
           + std::to_string(fill ? fill->tradeId : -1) + R"(,"v":)" + std::to_string(order.id)
           + R"(,"I":)" + std::to_string(order.id) + R"(,"w":)"
           + (order.open && order.working ? "true" : "false") + R"(,"m":)"
           + (maker ? "true" : "false") + R"(,"M":false,"O":)" + std::to_string(order.time)
           + R"(,"Z":)" + quoted(order.cumulativeQuote) + R"(,"Y":)"
           + quoted(fill ? notional(lastPrice, lastQuantity) : Money()) + R"(,"Q":)"
           + quoted(order.originalQuoteQuantity) + R"(,"W":)" + std::to_string(order.workingTime)
           + R"(,"V":"NONE"})";
}

void SpotTrading::accountPosition(std::uint64_t account, const std::vector<std::string> &assets,
                                  long long nowMs, std::vector<UserEvent> &events) const
{
    const Account &holder = m_accounts[account - 1];
    std::string balances;
    for (const std::string &asset : assets) {
        const auto found = holder.balances.find(asset);
        const Balance balance = found == holder.balances.end() ? Balance{} : found->second;
        if (!balances.empty())
            balances += ',';
        balances += R"({"a":")" + asset + R"(","f":)" + quoted(balance.free) + R"(,"l":)"
                    + quoted(balance.locked) + "}";
    }
    events.push_back({account, R"({"e":"outboundAccountPosition","E":)" + std::to_string(nowMs)
                                   + R"(,"u":)" + std::to_string(nowMs) + R"(,"B":[)" + balances + "]}"});
}

std::string SpotTrading::orderJson(const SymbolBook &symbolBook, const Order &order) const
{
    return R"({"symbol":")" + symbolBook.instrument.symbol + R"(","orderId":)"
           + std::to_string(order.id) + R"(,"orderListId":)" + std::to_string(order.listId)
           + R"(,"clientOrderId":")" + order.clientOrderId + R"(","price":)" + quoted(order.price) + R"(,"origQty":)"
           + quoted(order.quantity) + R"(,"executedQty":)" + quoted(order.executed)
           + R"(,"cummulativeQuoteQty":)" + quoted(order.cumulativeQuote) + R"(,"status":")"
           + order.status + R"(","timeInForce":")" + order.timeInForce + R"(","type":")"
           + order.type + R"(","side":")" + sideName(order.side) + R"(","stopPrice":)"
           + quoted(order.stopPrice) + R"(,"icebergQty":"0.00000000","time":)"
           + std::to_string(order.time) + R"(,"updateTime":)" + std::to_string(order.updateTime)
           + R"(,"isWorking":)" + (order.working ? "true" : "false") + R"(,"workingTime":)"
           + std::to_string(order.workingTime) + R"(,"origQuoteOrderQty":)"
           + quoted(order.originalQuoteQuantity) + R"(,"selfTradePreventionMode":"NONE"})";
}

std::string SpotTrading::cancelJson(const SymbolBook &symbolBook, const Order &order,
                                    const std::string &cancelClientId, long long nowMs) const
{
    return R"({"symbol":")" + symbolBook.instrument.symbol + R"(","origClientOrderId":")"
           + order.clientOrderId + R"(","orderId":)" + std::to_string(order.id)
           + R"(,"orderListId":)" + std::to_string(order.listId) + R"(,"clientOrderId":")"
           + cancelClientId + R"(","transactTime":)" + std::to_string(nowMs) + R"(,"price":)"
           + quoted(order.price) + R"(,"origQty":)" + quoted(order.quantity)
           + R"(,"executedQty":)" + quoted(order.executed) + R"(,"cummulativeQuoteQty":)"
           + quoted(order.cumulativeQuote) + R"(,"status":")" + order.status
           + R"(","timeInForce":")" + order.timeInForce + R"(","type":")" + order.type
           + R"(","side":")" + sideName(order.side)
           + (isStopType(order.type) ? R"(","stopPrice":)" + quoted(order.stopPrice) + ","
                                     : std::string(R"(",)"))
           + R"("selfTradePreventionMode":"NONE"})";
}

std::string SpotTrading::orderListJson(const SymbolBook &symbolBook, const OrderList &list,
                                       long long transactionTime) const
{
    std::string out = R"({"orderListId":)" + std::to_string(list.id)
                      + R"(,"contingencyType":"OCO","listStatusType":")"
                      + (list.done ? "ALL_DONE" : "EXEC_STARTED") + R"(","listOrderStatus":")"
                      + (list.done ? "ALL_DONE" : "EXECUTING") + R"(","listClientOrderId":")"
                      + list.clientId + R"(","transactionTime":)" + std::to_string(transactionTime)
                      + R"(,"symbol":")" + symbolBook.instrument.symbol + R"(","orders":[)";
    for (const std::int64_t id : {list.below, list.above}) {
        const Order &leg = symbolBook.orders.at(id);
        out += R"({"symbol":")" + symbolBook.instrument.symbol + R"(","orderId":)"
               + std::to_string(leg.id) + R"(,"clientOrderId":")" + leg.clientOrderId + "\"}"
               + (id == list.below ? "," : "");
    }
    return out + "]";
}

void SpotTrading::listStatus(const SymbolBook &symbolBook, const OrderList &list, long long nowMs,
                             std::vector<UserEvent> &events) const
{
    std::string legs;
    for (const std::int64_t id : {list.below, list.above}) {
        const Order &leg = symbolBook.orders.at(id);
        legs += R"({"s":")" + symbolBook.instrument.symbol + R"(","i":)" + std::to_string(leg.id)
                + R"(,"c":")" + leg.clientOrderId + "\"}" + (id == list.below ? "," : "");
    }
    events.push_back({list.account,
                      R"({"e":"listStatus","E":)" + std::to_string(nowMs) + R"(,"s":")"
                          + symbolBook.instrument.symbol + R"(","g":)" + std::to_string(list.id)
                          + R"(,"c":"OCO","l":")" + (list.done ? "ALL_DONE" : "EXEC_STARTED")
                          + R"(","L":")" + (list.done ? "ALL_DONE" : "EXECUTING")
                          + R"(","r":"NONE","C":")" + list.clientId + R"(","T":)"
                          + std::to_string(nowMs) + R"(,"O":[)" + legs + "]}"});
}

std::string SpotTrading::orderResultJson(const SymbolBook &symbolBook, const Order &order,
                                         const std::string &responseType, long long nowMs,
                                         const std::vector<Fill> &fills) const
{
    std::string out = R"({"symbol":")" + symbolBook.instrument.symbol + R"(","orderId":)"
                      + std::to_string(order.id) + R"(,"orderListId":)" + std::to_string(order.listId)
                      + R"(,"clientOrderId":")" + order.clientOrderId + R"(","transactTime":)"
                      + std::to_string(nowMs);
    if (responseType == "ACK")
        return out + "}";
    out += R"(,"price":)" + quoted(order.price) + R"(,"origQty":)" + quoted(order.quantity)
           + R"(,"executedQty":)" + quoted(order.executed) + R"(,"origQuoteOrderQty":)"
           + quoted(order.originalQuoteQuantity) + R"(,"cummulativeQuoteQty":)"
           + quoted(order.cumulativeQuote) + R"(,"status":")" + order.status
           + R"(","timeInForce":")" + order.timeInForce + R"(","type":")" + order.type
           + R"(","side":")" + sideName(order.side) + '"';
    if (isStopType(order.type))
        out += R"(,"stopPrice":)" + quoted(order.stopPrice);
    out += R"(,"workingTime":)" + std::to_string(order.workingTime)
           + R"(,"selfTradePreventionMode":"NONE")";
    if (responseType == "FULL") {
        out += R"(,"fills":[)";
        for (std::size_t i = 0; i < fills.size(); ++i) {
            if (i > 0)
                out += ',';
            out += R"({"price":)" + quoted(fills[i].price) + R"(,"qty":)" + quoted(fills[i].quantity)
                   + R"(,"commission":)" + quoted(fills[i].commission) + R"(,"commissionAsset":")"
                   + fills[i].commissionAsset + R"(","tradeId":)" + std::to_string(fills[i].tradeId)
                   + "}";
        }
        out += "]";
    }
    return out + "}";
}

} // namespace bcf::exchange_sim
