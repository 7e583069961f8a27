#pragma once

#include "core/decimal.h"
#include "core/result.h"
#include "matching/matching_engine.h"
#include "sim/synthetic_market.h"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <variant>
#include <vector>

namespace bcf::exchange_sim {

// A test account of the simulator: an API key, its secret and starting balances per asset.
struct AccountSpec {
    std::string apiKey;
    std::string secretKey;
    std::map<std::string, Money> balances; // asset → free amount at start
    bool canWithdraw = false;              // what GET /api/v3/account reports (refused by bcf-core)
};

// "KEY:SECRET:USDT=10000,BTC=1" (the balances part may be empty: "KEY:SECRET:"); a trailing
// ":withdraw" marks a key with withdrawal permission.
Result<AccountSpec> parseAccountSpec(const std::string &text);
// A JSON file: [{"apiKey":…,"secretKey":…,"balances":{"USDT":"10000","BTC":"1"}}, …].
Result<std::vector<AccountSpec>> loadAccountFile(const std::string &path);
// The demo account every simulator has (docs/exchange-simulator.md).
AccountSpec demoAccount();

// Lower-case hex HMAC-SHA256 of `payload` with `key` (Binance's SIGNED endpoint signature).
std::string hmacSha256Hex(const std::string &key, const std::string &payload);

// A Binance REST answer: HTTP status and JSON body.
struct Reply {
    int httpStatus = 200;
    std::string body;
};

// Binance error reply ({"code":…,"msg":…}).
Reply errorReply(int code, const std::string &message, int httpStatus = 400);

// An event for one account's user data stream (executionReport, outboundAccountPosition).
struct UserEvent {
    std::uint64_t account = 0;
    std::string json;
};

// Binance spot trading for bcf-exchange-sim: accounts with balances (free/locked), orders
// matched by one bcf::matching engine per symbol against the synthetic market's liquidity, stop
// orders held here and triggered by market trades, trades and commissions, and the user data
// stream's events. docs/exchange-simulator.md describes the fill model.
//
// Request parameters come in already authenticated (the caller checks the API key, signature and
// timestamp with authenticate()); every request answers a Reply exactly as Binance would.
// Events for user data streams are appended to the vector passed in. Not thread-safe: the
// simulator drives it from its own thread. Deterministic: the same market and the same requests
// at the same market times give the same answers.
class SpotTrading final {
public:
    using Params = std::map<std::string, std::string>;

    SpotTrading(const sim::SyntheticMarket &market, std::vector<AccountSpec> accounts);
    ~SpotTrading();
    SpotTrading(const SpotTrading &) = delete;
    SpotTrading &operator=(const SpotTrading &) = delete;

    // The account of `apiKey`, or nothing.
    std::optional<std::uint64_t> accountOf(const std::string &apiKey) const;
    const AccountSpec &spec(std::uint64_t account) const;

    // Checks a SIGNED request: API key, `timestamp` (within `recvWindow`, default 5000, max
    // 60000, of `nowMs`) and `signature` over `totalParams` (query string then body, signature
    // removed). The account, or the Binance error reply.
    std::variant<std::uint64_t, Reply> authenticate(const std::string &apiKey,
                                                    const std::string &totalParams,
                                                    const Params &params, long long nowMs) const;

    Reply newOrder(std::uint64_t account, const Params &params, long long nowMs,
                   std::vector<UserEvent> &events);
    Reply cancelOrder(std::uint64_t account, const Params &params, long long nowMs,
                      std::vector<UserEvent> &events);
    Reply cancelOpenOrders(std::uint64_t account, const Params &params, long long nowMs,
                           std::vector<UserEvent> &events);
    Reply queryOrder(std::uint64_t account, const Params &params) const;
    // Order lists (OCO): POST /api/v3/orderList/oco, DELETE and GET /api/v3/orderList.
    Reply newOrderListOco(std::uint64_t account, const Params &params, long long nowMs,
                          std::vector<UserEvent> &events);
    Reply cancelOrderList(std::uint64_t account, const Params &params, long long nowMs,
                          std::vector<UserEvent> &events);
    Reply queryOrderList(std::uint64_t account, const Params &params) const;
    Reply openOrders(std::uint64_t account, const Params &params) const;
    Reply allOrders(std::uint64_t account, const Params &params) const;
    Reply accountInformation(std::uint64_t account, long long nowMs) const;
    // GET /sapi/v1/account/apiRestrictions: the key may read and trade spot; withdrawals as its spec says.
    Reply apiRestrictions(std::uint64_t account) const;
    Reply myTrades(std::uint64_t account, const Params &params) const;

    // A market trade happened: fills resting orders it crosses and triggers stop orders.
    void onMarketTrade(const std::string &symbol, const model::Trade &trade, long long nowMs,
                       std::vector<UserEvent> &events);

private:
    struct Balance {
        Money free;
        Money locked;
    };
    struct Account {
        AccountSpec spec;
        std::map<std::string, Balance> balances;
        long long updateTime = 0;
    };
    struct Order;
    struct OrderList;
    struct SymbolBook;
    struct Fill {
        Price price;
        Quantity quantity;
        Money commission;
        std::string commissionAsset;
        std::int64_t tradeId = 0;
    };
    struct UserTrade {
        std::string symbol;
        std::int64_t id = 0;
        std::int64_t orderId = 0;
        std::int64_t orderListId = -1;
        std::uint64_t account = 0;
        Price price;
        Quantity quantity;
        Money quoteQuantity;
        Money commission;
        std::string commissionAsset;
        long long time = 0;
        bool buyer = false;
        bool maker = false;
    };

    SymbolBook *book(const std::string &symbol);
    const SymbolBook *book(const std::string &symbol) const;
    Order *findOrder(std::uint64_t account, const SymbolBook &book, const Params &params,
                     Reply *error, int notFoundCode, const char *notFoundText);
    const Order *findOrder(std::uint64_t account, const SymbolBook &book,
                           const Params &params, Reply *error) const;
    // Runs an order (new, or a triggered stop) through the engine with the synthetic book's
    // opposite side injected as liquidity; fills, balances and events follow. A non-empty
    // reply is a rejection (nothing changed).
    std::optional<Reply> execute(SymbolBook &book, Order &order, long long nowMs,
                                 std::vector<Fill> *fills, std::vector<UserEvent> &events);
    void processEngineEvents(SymbolBook &book, const std::vector<matching::Event> &engineEvents,
                             long long nowMs, std::vector<Fill> *fills,
                             std::vector<UserEvent> &events);
    void applyFill(SymbolBook &book, Order &order, Price price, Quantity quantity, bool maker,
                   long long nowMs, std::vector<Fill> *fills, std::vector<UserEvent> &events);
    void finish(SymbolBook &book, Order &order, const std::string &status, long long nowMs,
                std::vector<UserEvent> &events, const std::string &cancelClientId = {});
    // Cancels an open order (out of the engine if it is there) with `cancelClientId`.
    void cancelOne(SymbolBook &book, Order &order, const std::string &cancelClientId,
                   long long nowMs, std::vector<UserEvent> &events);
    // Order lists: a leg starts executing (a fill, or its stop triggered), so the other leg
    // expires; a leg closed, so the list may be ALL_DONE; every open leg cancelled (the named
    // one with `namedCancelId`), the list's cancel answer.
    void expireOtherLeg(SymbolBook &book, const Order &order, long long nowMs,
                        std::vector<UserEvent> &events);
    void listLegClosed(SymbolBook &book, const Order &order, long long nowMs,
                       std::vector<UserEvent> &events);
    std::string cancelList(SymbolBook &book, OrderList &list, long long nowMs,
                           std::vector<UserEvent> &events, std::int64_t namedLeg = -1,
                           const std::string &namedCancelId = {}, std::string *namedAnswer = nullptr);
    const OrderList *findList(std::uint64_t account, const SymbolBook &book, const Params &params,
                              const char *clientIdName, Reply *error) const;
    void releaseReserve(Order &order);
    void lock(std::uint64_t account, const std::string &asset, Money amount);
    void injectLiquidity(SymbolBook &book, model::Side takerSide);
    void removeLiquidity(SymbolBook &book);
    void triggerStops(SymbolBook &book, Price lastPrice, long long nowMs,
                      std::vector<UserEvent> &events);
    void fillFromTrade(SymbolBook &book, const model::Trade &trade, long long nowMs,
                       std::vector<UserEvent> &events);

    std::string executionReport(const SymbolBook &book, const Order &order,
                                const std::string &executionType, long long nowMs,
                                const std::optional<Fill> &fill, bool maker,
                                const std::string &cancelClientId) const;
    void accountPosition(std::uint64_t account, const std::vector<std::string> &assets,
                         long long nowMs, std::vector<UserEvent> &events) const;
    std::string orderJson(const SymbolBook &book, const Order &order) const;
    std::string cancelJson(const SymbolBook &book, const Order &order,
                           const std::string &cancelClientId, long long nowMs) const;
    // An order list answer up to and including "orders":[…], without the closing brace.
    std::string orderListJson(const SymbolBook &book, const OrderList &list,
                              long long transactionTime) const;
    void listStatus(const SymbolBook &book, const OrderList &list, long long nowMs,
                    std::vector<UserEvent> &events) const;
    std::string orderResultJson(const SymbolBook &book, const Order &order,
                                const std::string &responseType, long long nowMs,
                                const std::vector<Fill> &fills) const;
    std::string generateClientOrderId();

    const sim::SyntheticMarket &m_market;
    std::vector<Account> m_accounts; // index = account id - 1
    std::map<std::string, std::unique_ptr<SymbolBook>> m_books;
    std::int64_t m_nextOrderId = 1;
    std::int64_t m_nextOrderListId = 1;
    std::uint64_t m_nextLiquidityId = 0;
    std::mt19937_64 m_random{0x5eed};
};

} // namespace bcf::exchange_sim
