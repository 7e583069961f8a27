#include "binance_trading.h"

#include "payload_reader.h"

#include <algorithm>

#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace bcf::connectors::binance {
namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

constexpr PayloadReader payload{"Binance"};

bool unreserved(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.' || c == '~';
}

void appendEncoded(std::string &out, std::string_view text)
{
    static constexpr char kHex[] = "0123456789ABCDEF";
    for (char c : text) {
        if (unreserved(c)) {
            out.push_back(c);
        } else {
            const auto byte = static_cast<unsigned char>(c);
            out.push_back('%');
            out.push_back(kHex[byte >> 4]);
            out.push_back(kHex[byte & 0x0f]);
        }
    }
}

// `text` as a JSON string literal.
void appendJsonString(std::string &out, std::string_view text)
{
    static constexpr char kHex[] = "0123456789abcdef";
    out.push_back('"');
    for (char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out.push_back('\\');
            out.push_back(c);
        } else if (byte < 0x20) {
            out += "\\u00";
            out.push_back(kHex[byte >> 4]);
            out.push_back(kHex[byte & 0x0f]);
        } else {
            out.push_back(c);
        }
    }
    out.push_back('"');
}

// An optional string field (absent or null → empty).
std::string optionalString(const object &source, const char *name)
{
    std::string_view value;
    if (source[name].get_string().get(value))
        return {};
    return std::string(value);
}

// A decimal that may be negative (never in these payloads, but the error should say so).
template <typename T>
Result<T> decimalField(const object &source, const char *name)
{
    return payload.decimalField<T>(source, name);
}

Result<std::map<std::string, AssetBalance>> balancesOf(const object &source, const char *field,
                                                       const char *assetName, const char *freeName,
                                                       const char *lockedName)
{
    BCF_TRY(entries, payload.arrayField(source, field));
    std::map<std::string, AssetBalance> out;
    for (element entry : entries) {
        object balance;
        if (entry.get_object().get(balance))
            return std::unexpected(payload.malformed(std::string(field) + ": an entry is not an object"));
        BCF_TRY(asset, payload.stringField(balance, assetName));
        BCF_TRY(free, decimalField<Money>(balance, freeName));
        BCF_TRY(locked, decimalField<Money>(balance, lockedName));
        out[std::string(asset)] = AssetBalance{free, locked};
    }
    return out;
}

Result<OrderStatus> orderOf(const object &source)
{
    OrderStatus order;
    BCF_TRY(symbol, payload.stringField(source, "symbol"));
    BCF_TRY(orderId, payload.integerField(source, "orderId"));
    BCF_TRY(clientOrderId, payload.stringField(source, "clientOrderId"));
    BCF_TRY(status, payload.stringField(source, "status"));
    BCF_TRY(executed, decimalField<Quantity>(source, "executedQty"));
    order.symbol = std::string(symbol);
    order.orderId = orderId;
    order.clientOrderId = std::string(clientOrderId);
    order.status = std::string(status);
    order.type = optionalString(source, "type");
    order.side = optionalString(source, "side");
    order.executedQuantity = executed;
    std::int64_t time = 0;
    if (!source["updateTime"].get_int64().get(time) || !source["transactTime"].get_int64().get(time))
        order.updateTimeMs = time;
    array fills;
    if (!source["fills"].get_array().get(fills)) {
        for (element entry : fills) {
            object fill;
            if (entry.get_object().get(fill))
                return std::unexpected(payload.malformed("fills: an entry is not an object"));
            BCF_TRY(price, decimalField<Price>(fill, "price"));
            BCF_TRY(quantity, decimalField<Quantity>(fill, "qty"));
            BCF_TRY(commission, decimalField<Money>(fill, "commission"));
            BCF_TRY(commissionAsset, payload.stringField(fill, "commissionAsset"));
            BCF_TRY(tradeId, payload.integerField(fill, "tradeId"));
            order.fills.push_back({price, quantity, commission, std::string(commissionAsset), tradeId});
        }
    }
    return order;
}

} // namespace

std::string hmacSha256Hex(std::string_view secret, std::string_view message)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
         reinterpret_cast<const unsigned char *>(message.data()), message.size(), digest, &length);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(length * 2);
    for (unsigned int i = 0; i < length; ++i) {
        out.push_back(kHex[digest[i] >> 4]);
        out.push_back(kHex[digest[i] & 0x0f]);
    }
    return out;
}

std::string queryString(const Params &params)
{
    std::string out;
    for (const auto &[name, value] : params) {
        if (!out.empty())
            out.push_back('&');
        appendEncoded(out, name);
        out.push_back('=');
        appendEncoded(out, value);
    }
    return out;
}

std::string signedQuery(const Params &params, std::string_view secret)
{
    std::string query = queryString(params);
    const std::string signature = hmacSha256Hex(secret, query);
    return query + (query.empty() ? "" : "&") + "signature=" + signature;
}

std::optional<ApiError> parseApiError(std::string_view json)
{
    auto document = payload.parse(json);
    if (!document)
        return std::nullopt;
    object source;
    std::int64_t code = 0;
    std::string_view message;
    if (document->get_object().get(source) || source["code"].get_int64().get(code) ||
        source["msg"].get_string().get(message))
        return std::nullopt;
    return ApiError{static_cast<int>(code), std::string(message)};
}

Result<OrderStatus> parseOrder(std::string_view json)
{
    BCF_TRY(document, payload.parse(json));
    object source;
    if (document.get_object().get(source))
        return std::unexpected(payload.malformed("an order is not an object"));
    return orderOf(source);
}

Result<std::vector<OrderStatus>> parseOrders(std::string_view json)
{
    BCF_TRY(document, payload.parse(json));
    array entries;
    if (document.get_array().get(entries))
        return std::unexpected(payload.malformed("the order list is not an array"));
    std::vector<OrderStatus> out;
    for (element entry : entries) {
        object source;
        if (entry.get_object().get(source))
            return std::unexpected(payload.malformed("an order is not an object"));
        BCF_TRY(order, orderOf(source));
        out.push_back(std::move(order));
    }
    return out;
}

Result<OrderList> parseOrderList(std::string_view json)
{
    BCF_TRY(document, payload.parse(json));
    object source;
    if (document.get_object().get(source))
        return std::unexpected(payload.malformed("the order list answer is not an object"));
    OrderList list;
    BCF_TRY(listId, payload.integerField(source, "orderListId"));
    BCF_TRY(listClientOrderId, payload.stringField(source, "listClientOrderId"));
    BCF_TRY(status, payload.stringField(source, "listOrderStatus"));
    BCF_TRY(reports, payload.arrayField(source, "orderReports"));
    list.orderListId = listId;
    list.listClientOrderId = std::string(listClientOrderId);
    list.listOrderStatus = std::string(status);
    for (element entry : reports) {
        object report;
        if (entry.get_object().get(report))
            return std::unexpected(payload.malformed("orderReports: an entry is not an object"));
        BCF_TRY(order, orderOf(report));
        list.orderReports.push_back(std::move(order));
    }
    return list;
}

Result<std::vector<AccountTrade>> parseAccountTrades(std::string_view json)
{
    BCF_TRY(document, payload.parse(json));
    array entries;
    if (document.get_array().get(entries))
        return std::unexpected(payload.malformed("myTrades is not an array"));
    std::vector<AccountTrade> out;
    for (element entry : entries) {
        object source;
        if (entry.get_object().get(source))
            return std::unexpected(payload.malformed("a trade is not an object"));
        AccountTrade trade;
        BCF_TRY(symbol, payload.stringField(source, "symbol"));
        BCF_TRY(id, payload.integerField(source, "id"));
        BCF_TRY(orderId, payload.integerField(source, "orderId"));
        BCF_TRY(price, decimalField<Price>(source, "price"));
        BCF_TRY(quantity, decimalField<Quantity>(source, "qty"));
        BCF_TRY(commission, decimalField<Money>(source, "commission"));
        BCF_TRY(commissionAsset, payload.stringField(source, "commissionAsset"));
        BCF_TRY(time, payload.integerField(source, "time"));
        BCF_TRY(buyer, payload.boolField(source, "isBuyer"));
        BCF_TRY(maker, payload.boolField(source, "isMaker"));
        trade.symbol = std::string(symbol);
        trade.id = id;
        trade.orderId = orderId;
        trade.price = price;
        trade.quantity = quantity;
        trade.commission = commission;
        trade.commissionAsset = std::string(commissionAsset);
        trade.timeMs = time;
        trade.buyer = buyer;
        trade.maker = maker;
        out.push_back(std::move(trade));
    }
    return out;
}

Result<AccountInfo> parseAccount(std::string_view json)
{
    BCF_TRY(document, payload.parse(json));
    object source;
    if (document.get_object().get(source))
        return std::unexpected(payload.malformed("the account is not an object"));
    AccountInfo info;
    BCF_TRY(canTrade, payload.boolField(source, "canTrade"));
    BCF_TRY(canWithdraw, payload.boolField(source, "canWithdraw"));
    BCF_TRY(balances, balancesOf(source, "balances", "asset", "free", "locked"));
    info.canTrade = canTrade;
    info.canWithdraw = canWithdraw;
    for (auto &[asset, balance] : balances) {
        if (balance.free > Money() || balance.locked > Money())
            info.balances.emplace(asset, balance);
    }
    return info;
}

Result<KeyRestrictions> parseKeyRestrictions(std::string_view json)
{
    BCF_TRY(document, payload.parse(json));
    object source;
    if (document.get_object().get(source))
        return std::unexpected(payload.malformed("apiRestrictions is not an object"));
    BCF_TRY(reading, payload.boolField(source, "enableReading"));
    BCF_TRY(trading, payload.boolField(source, "enableSpotAndMarginTrading"));
    BCF_TRY(withdrawals, payload.boolField(source, "enableWithdrawals"));
    return KeyRestrictions{reading, trading, withdrawals};
}

Result<UserEvent> parseUserEvent(std::string_view json)
{
    BCF_TRY(document, payload.parse(json));
    object source;
    if (document.get_object().get(source))
        return std::unexpected(payload.malformed("a user data event is not an object"));
    // Binance's WebSocket API wraps events in {"event": …}; the raw stream does not.
    object inner;
    if (!source["event"].get_object().get(inner))
        source = inner;
    BCF_TRY(type, payload.stringField(source, "e"));
    if (type == "outboundAccountPosition") {
        AccountPosition position;
        BCF_TRY(time, payload.integerField(source, "E"));
        BCF_TRY(balances, balancesOf(source, "B", "a", "f", "l"));
        position.eventTimeMs = time;
        position.balances = std::move(balances);
        return position;
    }
    if (type != "executionReport")
        return OtherUserEvent{std::string(type)};
    ExecutionReport report;
    BCF_TRY(symbol, payload.stringField(source, "s"));
    BCF_TRY(clientOrderId, payload.stringField(source, "c"));
    BCF_TRY(side, payload.stringField(source, "S"));
    BCF_TRY(orderType, payload.stringField(source, "o"));
    BCF_TRY(executionType, payload.stringField(source, "x"));
    BCF_TRY(orderStatus, payload.stringField(source, "X"));
    BCF_TRY(orderId, payload.integerField(source, "i"));
    BCF_TRY(lastQuantity, decimalField<Quantity>(source, "l"));
    BCF_TRY(cumulative, decimalField<Quantity>(source, "z"));
    BCF_TRY(lastPrice, decimalField<Price>(source, "L"));
    BCF_TRY(commission, decimalField<Money>(source, "n"));
    BCF_TRY(time, payload.integerField(source, "T"));
    BCF_TRY(tradeId, payload.integerField(source, "t"));
    BCF_TRY(maker, payload.boolField(source, "m"));
    report.symbol = std::string(symbol);
    report.clientOrderId = std::string(clientOrderId);
    report.originalClientOrderId = optionalString(source, "C");
    report.side = std::string(side);
    report.orderType = std::string(orderType);
    report.executionType = std::string(executionType);
    report.orderStatus = std::string(orderStatus);
    report.rejectReason = optionalString(source, "r");
    report.orderId = orderId;
    report.lastQuantity = lastQuantity;
    report.cumulativeQuantity = cumulative;
    report.lastPrice = lastPrice;
    report.commission = commission;
    report.commissionAsset = optionalString(source, "N");
    report.transactionTimeMs = time;
    report.tradeId = tradeId;
    report.maker = maker;
    std::int64_t listId = -1;
    if (!source["g"].get_int64().get(listId))
        report.orderListId = listId;
    return report;
}

std::string webSocketApiSignature(Params params, std::string_view secret)
{
    std::stable_sort(params.begin(), params.end(),
                     [](const auto &left, const auto &right) { return left.first < right.first; });
    std::string payloadText;
    for (const auto &[name, value] : params) {
        if (name == "signature")
            continue;
        if (!payloadText.empty())
            payloadText.push_back('&');
        payloadText += name + "=" + value;
    }
    return hmacSha256Hex(secret, payloadText);
}

std::string userStreamSubscribeRequest(std::string_view id, std::string_view apiKey, std::string_view secret,
                                       std::int64_t timestampMs, std::int64_t recvWindowMs)
{
    const std::string signature = webSocketApiSignature(
        {{"apiKey", std::string(apiKey)},
         {"recvWindow", std::to_string(recvWindowMs)},
         {"timestamp", std::to_string(timestampMs)}},
        secret);
    std::string out = R"({"id":)";
    appendJsonString(out, id);
    out += R"(,"method":"userDataStream.subscribe.signature","params":{"apiKey":)";
    appendJsonString(out, apiKey);
    out += ",\"recvWindow\":" + std::to_string(recvWindowMs) + ",\"timestamp\":" + std::to_string(timestampMs) +
           ",\"signature\":\"" + signature + "\"}}";
    return out;
}

std::string userStreamUnsubscribeRequest(std::string_view id, std::int64_t subscriptionId)
{
    std::string out = R"({"id":)";
    appendJsonString(out, id);
    out += R"(,"method":"userDataStream.unsubscribe","params":{"subscriptionId":)" +
           std::to_string(subscriptionId) + "}}";
    return out;
}

Result<WebSocketApiMessage> parseWebSocketApiMessage(std::string_view json)
{
    BCF_TRY(document, payload.parse(json));
    object source;
    if (document.get_object().get(source))
        return std::unexpected(payload.malformed("a WebSocket API message is not an object"));
    object event;
    if (!source["event"].get_object().get(event)) {
        BCF_TRY(subscriptionId, payload.integerField(source, "subscriptionId"));
        BCF_TRY(type, payload.stringField(event, "e"));
        return WebSocketApiEvent{subscriptionId, std::string(type)};
    }
    WebSocketApiAnswer answer;
    answer.id = optionalString(source, "id");
    BCF_TRY(status, payload.integerField(source, "status"));
    answer.status = static_cast<int>(status);
    object result;
    std::int64_t subscriptionId = 0;
    if (!source["result"].get_object().get(result) && !result["subscriptionId"].get_int64().get(subscriptionId))
        answer.subscriptionId = subscriptionId;
    object error;
    if (!source["error"].get_object().get(error)) {
        BCF_TRY(code, payload.integerField(error, "code"));
        answer.error = ApiError{static_cast<int>(code), optionalString(error, "msg")};
    } else if (status != 200) {
        return std::unexpected(payload.malformed("a WebSocket API answer with status " + std::to_string(status) +
                                                 " has no \"error\""));
    }
    return answer;
}

} // namespace bcf::connectors::binance
