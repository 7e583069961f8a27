#pragma once

#include "core/decimal.h"
#include "core/result.h"
#include "model/market_data.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

// Binance spot's SIGNED trading API as bcf-core's live venue speaks it (docs/live-venue.md):
// request signing and the decoders of its order, trade, account and user-data-stream payloads.
// Pure functions over text; no I/O, no clock. Decoding failures are InvalidArgument naming the
// field ("malformed Binance payload: …").
namespace bcf::connectors::binance {

// Parameters in the order they are sent (Binance signs the query string as sent).
using Params = std::vector<std::pair<std::string, std::string>>;

// Lower-case hex HMAC-SHA256 of `payload` with `secret`.
std::string hmacSha256Hex(std::string_view secret, std::string_view payload);
// "a=1&b=2" with values percent-encoded (Binance's alphabet needs none for our parameters).
std::string queryString(const Params &params);
// queryString(params) + "&signature=" + the HMAC of it: a SIGNED endpoint's query.
std::string signedQuery(const Params &params, std::string_view secret);

// {"code":-2010,"msg":"…"}: Binance's error answer.
struct ApiError {
    int code = 0;
    std::string message;
};
std::optional<ApiError> parseApiError(std::string_view json);

struct OrderFill { // one element of a FULL newOrder answer's "fills"
    Price price;
    Quantity quantity;
    Money commission;
    std::string commissionAsset;
    std::int64_t tradeId = 0;
};

// An order as POST/GET /api/v3/order and GET /api/v3/openOrders report it.
struct OrderStatus {
    std::string symbol;
    std::int64_t orderId = 0;
    std::string clientOrderId;
    std::string status;        // NEW, PARTIALLY_FILLED, FILLED, CANCELED, REJECTED, EXPIRED, …
    std::string type;          // LIMIT, MARKET, STOP_LOSS, …
    std::string side;          // BUY, SELL
    Quantity executedQuantity;
    std::int64_t updateTimeMs = 0; // "updateTime", or "transactTime" in a newOrder answer
    std::vector<OrderFill> fills;  // FULL newOrder answers only
};
Result<OrderStatus> parseOrder(std::string_view json);
Result<std::vector<OrderStatus>> parseOrders(std::string_view json); // openOrders / allOrders

// An order list (OCO) as POST /api/v3/orderList/oco and DELETE /api/v3/orderList answer it.
struct OrderList {
    std::int64_t orderListId = 0;
    std::string listClientOrderId;
    std::string listOrderStatus;          // EXECUTING, ALL_DONE, REJECT
    std::vector<OrderStatus> orderReports; // each leg, as a newOrder answer reports an order
};
Result<OrderList> parseOrderList(std::string_view json);

// GET /api/v3/myTrades
struct AccountTrade {
    std::string symbol;
    std::int64_t id = 0;
    std::int64_t orderId = 0;
    Price price;
    Quantity quantity;
    Money commission;
    std::string commissionAsset;
    std::int64_t timeMs = 0;
    bool buyer = false;
    bool maker = false;
};
Result<std::vector<AccountTrade>> parseAccountTrades(std::string_view json);

struct AssetBalance {
    Money free;
    Money locked;
};

// GET /api/v3/account
struct AccountInfo {
    bool canTrade = false;
    bool canWithdraw = false;
    std::map<std::string, AssetBalance> balances; // assets with free or locked > 0
};
Result<AccountInfo> parseAccount(std::string_view json);

// GET /sapi/v1/account/apiRestrictions: what the API key itself may do (the account's own
// canWithdraw says what the account may do, not the key).
struct KeyRestrictions {
    bool enableReading = false;
    bool enableSpotAndMarginTrading = false;
    bool enableWithdrawals = false;
};
Result<KeyRestrictions> parseKeyRestrictions(std::string_view json);

// A user data stream message.
struct ExecutionReport { // "executionReport"
    std::string symbol;
    std::string clientOrderId;         // "c"; for a cancel, the cancel request's id
    std::string originalClientOrderId; // "C"; for a cancel, the order's id
    std::string side, orderType;
    std::string executionType;         // "x": NEW, CANCELED, REPLACED, REJECTED, TRADE, EXPIRED, TRADE_PREVENTION
    std::string orderStatus;           // "X"
    std::string rejectReason;          // "r"
    std::int64_t orderId = 0;
    Quantity lastQuantity;             // "l"
    Quantity cumulativeQuantity;       // "z"
    Price lastPrice;                   // "L"
    Money commission;                  // "n"
    std::string commissionAsset;       // "N"
    std::int64_t transactionTimeMs = 0;
    std::int64_t tradeId = -1;         // "t"
    bool maker = false;                // "m"
    std::int64_t orderListId = -1;     // "g": the OCO the order belongs to, -1 for none
    // The order the report is about: "C" when it is set (cancels), "c" otherwise.
    const std::string &orderClientId() const
    {
        return originalClientOrderId.empty() ? clientOrderId : originalClientOrderId;
    }
};
struct AccountPosition { // "outboundAccountPosition": the new balances of the assets that changed
    std::int64_t eventTimeMs = 0;
    std::map<std::string, AssetBalance> balances;
};
struct OtherUserEvent { // balanceUpdate, listStatus, eventStreamTerminated, …
    std::string type;
};
using UserEvent = std::variant<ExecutionReport, AccountPosition, OtherUserEvent>;
Result<UserEvent> parseUserEvent(std::string_view json);

// Binance's WebSocket API (wss://ws-api.binance.com:443/ws-api/v3), where user data streams live
// since listen keys were discontinued for spot on 2026-02-20. A SIGNED request signs its params
// sorted by name as "name=value" joined with '&' (the signature itself left out).
std::string webSocketApiSignature(Params params, std::string_view secret);

// The text of a userDataStream.subscribe.signature request for one account, signed.
std::string userStreamSubscribeRequest(std::string_view id, std::string_view apiKey, std::string_view secret,
                                       std::int64_t timestampMs, std::int64_t recvWindowMs);
// The text of a userDataStream.unsubscribe request for one subscription.
std::string userStreamUnsubscribeRequest(std::string_view id, std::int64_t subscriptionId);

// A message of a WebSocket API session: the answer to one of our requests…
struct WebSocketApiAnswer {
    std::string id; // the request's id as we sent it (empty when Binance answers null)
    int status = 0; // HTTP-like: 200 when the request succeeded
    std::optional<std::int64_t> subscriptionId; // result.subscriptionId, when the result has one
    std::optional<ApiError> error;
};
// … or an event of a user data stream subscription ({"subscriptionId":…,"event":{"e":…}}); the
// whole message then goes to parseUserEvent.
struct WebSocketApiEvent {
    std::int64_t subscriptionId = 0;
    std::string type; // event.e
};
using WebSocketApiMessage = std::variant<WebSocketApiAnswer, WebSocketApiEvent>;
Result<WebSocketApiMessage> parseWebSocketApiMessage(std::string_view json);

} // namespace bcf::connectors::binance
