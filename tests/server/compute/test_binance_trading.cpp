// Binance's SIGNED trading API as the live venue speaks it: the signature of Binance's own
// documented example, and the decoders over payloads in Binance's documented format
// (tests/data/binance); malformed payloads fail with the field named, never crash.
#include "binance_trading.h"

#include <QFile>
#include <QTest>

using namespace bcf;
using namespace bcf::connectors;

namespace {

std::string recorded(const char *name)
{
    QFile file(QStringLiteral(BCF_TEST_DATA_DIR "/binance/") + QString::fromLatin1(name));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing test data %s", name);
    return file.readAll().toStdString();
}

} // namespace

class TestBinanceTrading final : public QObject {
    Q_OBJECT

private slots:
    void signatureOfBinancesExample()
    {
        // "SIGNED Endpoint Examples for POST /api/v3/order" in Binance's API documentation.
        const binance::Params params{{"symbol", "LTCBTC"},   {"side", "BUY"},         {"type", "LIMIT"},
                                     {"timeInForce", "GTC"}, {"quantity", "1"},       {"price", "0.1"},
                                     {"recvWindow", "5000"}, {"timestamp", "1499827319559"}};
        const std::string secret = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";
        QCOMPARE(binance::signedQuery(params, secret),
                 std::string("symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000"
                             "&timestamp=1499827319559&signature="
                             "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71"));
        // Values outside Binance's unreserved alphabet are percent-encoded.
        QCOMPARE(binance::queryString({{"a", "x y/z"}}), std::string("a=x%20y%2Fz"));
    }

    void fullOrderAnswer()
    {
        const auto order = binance::parseOrder(recorded("order_full.json"));
        QVERIFY2(order.has_value(), order ? "" : order.error().message.c_str());
        QCOMPARE(order->orderId, std::int64_t(28));
        QCOMPARE(order->clientOrderId, std::string("bcf0123456789abcdef01234567"));
        QCOMPARE(order->status, std::string("FILLED"));
        QCOMPARE(order->executedQuantity, *Quantity::parse("10"));
        QCOMPARE(order->updateTimeMs, std::int64_t(1507725176595));
        QCOMPARE(order->fills.size(), std::size_t(5));
        QCOMPARE(order->fills[1].price, *Price::parse("3999"));
        QCOMPARE(order->fills[1].quantity, *Quantity::parse("5"));
        QCOMPARE(order->fills[1].commission, *Money::parse("19.995"));
        QCOMPARE(order->fills[1].commissionAsset, std::string("USDT"));
        QCOMPARE(order->fills[1].tradeId, std::int64_t(57));
    }

    void executionReport()
    {
        const auto event = binance::parseUserEvent(recorded("execution_report.json"));
        QVERIFY2(event.has_value(), event ? "" : event.error().message.c_str());
        const auto *report = std::get_if<binance::ExecutionReport>(&*event);
        QVERIFY(report);
        QCOMPARE(report->orderClientId(), std::string("mUvoqJxFIILMdfAW5iGSOW"));
        QCOMPARE(report->executionType, std::string("TRADE"));
        QCOMPARE(report->orderStatus, std::string("PARTIALLY_FILLED"));
        QCOMPARE(report->orderId, std::int64_t(4293153));
        QCOMPARE(report->lastQuantity, *Quantity::parse("0.25"));
        QCOMPARE(report->lastPrice, *Price::parse("0.1026441"));
        QCOMPARE(report->commission, *Money::parse("0.00025"));
        QCOMPARE(report->commissionAsset, std::string("ETH"));
        QCOMPARE(report->tradeId, std::int64_t(718));
        QVERIFY(!report->maker);

        // A cancel names the cancelled order in "C".
        const auto cancel = binance::parseUserEvent(
            R"({"e":"executionReport","E":1,"s":"BTCUSDT","c":"cancel-request-1","S":"SELL","o":"LIMIT","x":"CANCELED",)"
            R"("X":"CANCELED","C":"bcf-original","i":9,"l":"0","z":"0","L":"0","n":"0","N":null,"T":2,"t":-1,"m":false})");
        QVERIFY2(cancel.has_value(), cancel ? "" : cancel.error().message.c_str());
        QCOMPARE(std::get<binance::ExecutionReport>(*cancel).orderClientId(), std::string("bcf-original"));
    }

    void accountAndBalances()
    {
        const auto account = binance::parseAccount(recorded("account.json"));
        QVERIFY2(account.has_value(), account ? "" : account.error().message.c_str());
        QVERIFY(account->canTrade);
        QVERIFY(account->canWithdraw);
        QCOMPARE(account->balances.size(), std::size_t(2)); // XRP is empty
        QCOMPARE(account->balances.at("BTC").free, *Money::parse("4723846.89208129"));

        const auto position = binance::parseUserEvent(
            R"({"e":"outboundAccountPosition","E":1564034571105,"u":1564034571073,"B":[{"a":"ETH","f":"10000.000000","l":"0.000000"}]})");
        QVERIFY2(position.has_value(), position ? "" : position.error().message.c_str());
        QCOMPARE(std::get<binance::AccountPosition>(*position).balances.at("ETH").free, *Money::parse("10000"));
        const auto other = binance::parseUserEvent(R"({"e":"balanceUpdate","E":1,"a":"BTC","d":"100.00000000","T":2})");
        QVERIFY(other.has_value());
        QCOMPARE(std::get<binance::OtherUserEvent>(*other).type, std::string("balanceUpdate"));
    }

    // POST /api/v3/orderList/oco's answer in Binance's documented shape (the below leg first).
    void ocoOrderList()
    {
        const auto list = binance::parseOrderList(
            R"({"orderListId":1,"contingencyType":"OCO","listStatusType":"EXEC_STARTED","listOrderStatus":"EXECUTING",)"
            R"("listClientOrderId":"lH1YDkuQKWiXVXHPSKYEIp","transactionTime":1710485608839,"symbol":"LTCBTC",)"
            R"("orders":[{"symbol":"LTCBTC","orderId":10,"clientOrderId":"44nZvqpemY7sVYgPYbvPih"},)"
            R"({"symbol":"LTCBTC","orderId":11,"clientOrderId":"NuMp0nVYnciDiFmVqfpBqK"}],)"
            R"("orderReports":[{"symbol":"LTCBTC","orderId":10,"orderListId":1,"clientOrderId":"44nZvqpemY7sVYgPYbvPih",)"
            R"("transactTime":1710485608839,"price":"1.00000000","origQty":"5.00000000","executedQty":"0.00000000",)"
            R"("origQuoteOrderQty":"0.000000","cummulativeQuoteQty":"0.00000000","status":"NEW","timeInForce":"GTC",)"
            R"("type":"STOP_LOSS_LIMIT","side":"SELL","stopPrice":"1.00000000","workingTime":-1,"selfTradePreventionMode":"NONE"},)"
            R"({"symbol":"LTCBTC","orderId":11,"orderListId":1,"clientOrderId":"NuMp0nVYnciDiFmVqfpBqK",)"
            R"("transactTime":1710485608839,"price":"3.00000000","origQty":"5.00000000","executedQty":"0.00000000",)"
            R"("origQuoteOrderQty":"0.000000","cummulativeQuoteQty":"0.00000000","status":"NEW","timeInForce":"GTC",)"
            R"("type":"LIMIT_MAKER","side":"SELL","workingTime":1710485608839,"selfTradePreventionMode":"NONE"}]})");
        QVERIFY2(list.has_value(), list ? "" : list.error().message.c_str());
        QCOMPARE(list->orderListId, std::int64_t(1));
        QCOMPARE(list->listClientOrderId, std::string("lH1YDkuQKWiXVXHPSKYEIp"));
        QCOMPARE(list->listOrderStatus, std::string("EXECUTING"));
        QCOMPARE(list->orderReports.size(), std::size_t(2));
        QCOMPARE(list->orderReports[0].type, std::string("STOP_LOSS_LIMIT"));
        QCOMPARE(list->orderReports[1].clientOrderId, std::string("NuMp0nVYnciDiFmVqfpBqK"));
        QCOMPARE(list->orderReports[1].updateTimeMs, std::int64_t(1710485608839));
        const auto missing = binance::parseOrderList(R"({"orderListId":1,"listClientOrderId":"x","listOrderStatus":"EXECUTING"})");
        QVERIFY(!missing);
        QVERIFY2(missing.error().message.find("orderReports") != std::string::npos, missing.error().message.c_str());

        const auto leg = binance::parseUserEvent(
            R"({"e":"executionReport","E":1,"s":"LTCBTC","c":"44nZvqpemY7sVYgPYbvPih","S":"SELL","o":"STOP_LOSS_LIMIT",)"
            R"("x":"EXPIRED","X":"EXPIRED","i":10,"l":"0","z":"0","L":"0","n":"0","T":2,"t":-1,"m":false,"g":1})");
        QVERIFY(leg.has_value());
        QCOMPARE(std::get<binance::ExecutionReport>(*leg).orderListId, std::int64_t(1));
    }

    void keyRestrictions()
    {
        const auto restrictions = binance::parseKeyRestrictions(
            R"({"ipRestrict":false,"createTime":1698645219000,"enableReading":true,"enableWithdrawals":false,)"
            R"("enableInternalTransfer":true,"enableMargin":false,"enableFutures":false,"permitsUniversalTransfer":true,)"
            R"("enableVanillaOptions":false,"enableFixApiTrade":false,"enableFixReadOnly":true,)"
            R"("enableSpotAndMarginTrading":true,"enablePortfolioMarginTrading":false})");
        QVERIFY2(restrictions.has_value(), restrictions ? "" : restrictions.error().message.c_str());
        QVERIFY(restrictions->enableReading);
        QVERIFY(restrictions->enableSpotAndMarginTrading);
        QVERIFY(!restrictions->enableWithdrawals);
        QVERIFY(!binance::parseKeyRestrictions(R"({"enableReading":true})"));
    }

    void errors()
    {
        const auto error = binance::parseApiError(R"({"code":-2010,"msg":"Account has insufficient balance for requested action."})");
        QVERIFY(error.has_value());
        QCOMPARE(error->code, -2010);
        QVERIFY(!binance::parseApiError("<html>502</html>").has_value());
    }

    // The WebSocket API signs its params sorted by name: Binance's documented example (order.place,
    // HMAC key), given here in the order the request lists them.
    void webSocketApiSignatureOfBinancesExample()
    {
        const binance::Params params{{"symbol", "BTCUSDT"},
                                     {"side", "SELL"},
                                     {"type", "LIMIT"},
                                     {"timeInForce", "GTC"},
                                     {"quantity", "0.01000000"},
                                     {"price", "52000.00"},
                                     {"newOrderRespType", "ACK"},
                                     {"recvWindow", "100"},
                                     {"timestamp", "1645423376532"},
                                     {"apiKey", "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A"},
                                     {"signature", "ignored"}};
        QCOMPARE(binance::webSocketApiSignature(params, "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"),
                 std::string("cc15477742bd704c29492d96c7ead9414dfd8e0ec4a00f947bb5bb454ddbd08a"));
    }

    void userStreamRequestsAndAnswers()
    {
        const std::string subscribe =
            binance::userStreamSubscribeRequest("s1-1", "key\"1", "secret", 1747385641636, 5000);
        const std::string expectedSignature =
            binance::hmacSha256Hex("secret", "apiKey=key\"1&recvWindow=5000&timestamp=1747385641636");
        QCOMPARE(subscribe, std::string(R"({"id":"s1-1","method":"userDataStream.subscribe.signature",)"
                                        R"("params":{"apiKey":"key\"1","recvWindow":5000,"timestamp":1747385641636,)"
                                        R"("signature":")") + expectedSignature + "\"}}");
        QCOMPARE(binance::userStreamUnsubscribeRequest("u7", 3),
                 std::string(R"({"id":"u7","method":"userDataStream.unsubscribe","params":{"subscriptionId":3}})"));

        const auto accepted = binance::parseWebSocketApiMessage(
            R"({"id":"s1-1","status":200,"result":{"subscriptionId":0},)"
            R"("rateLimits":[{"rateLimitType":"REQUEST_WEIGHT","interval":"MINUTE","intervalNum":1,"limit":6000,"count":2}]})");
        QVERIFY2(accepted.has_value(), accepted ? "" : accepted.error().message.c_str());
        const auto &answer = std::get<binance::WebSocketApiAnswer>(*accepted);
        QCOMPARE(answer.id, std::string("s1-1"));
        QCOMPARE(answer.status, 200);
        QCOMPARE(answer.subscriptionId, std::optional<std::int64_t>(0));
        QVERIFY(!answer.error);

        const auto refused = binance::parseWebSocketApiMessage(
            R"({"id":"s2-1","status":401,"error":{"code":-2015,"msg":"Invalid API-key, IP, or permissions for action."}})");
        QVERIFY(refused.has_value());
        const auto &error = std::get<binance::WebSocketApiAnswer>(*refused);
        QCOMPARE(error.status, 401);
        QVERIFY(!error.subscriptionId);
        QCOMPARE(error.error->code, -2015);

        const std::string eventText =
            R"({"subscriptionId":4,"event":{"e":"outboundAccountPosition","E":1564034571105,"u":1564034571073,)"
            R"("B":[{"a":"ETH","f":"10000.000000","l":"0.000000"}]}})";
        const auto event = binance::parseWebSocketApiMessage(eventText);
        QVERIFY(event.has_value());
        QCOMPARE(std::get<binance::WebSocketApiEvent>(*event).subscriptionId, std::int64_t(4));
        QCOMPARE(std::get<binance::WebSocketApiEvent>(*event).type, std::string("outboundAccountPosition"));
        const auto position = binance::parseUserEvent(eventText); // the event inside the envelope
        QVERIFY(position.has_value());
        QCOMPARE(std::get<binance::AccountPosition>(*position).balances.at("ETH").free, *Money::parse("10000"));

        QVERIFY(!binance::parseWebSocketApiMessage(R"({"id":"x","status":400})")); // an error without its error
        QVERIFY(!binance::parseWebSocketApiMessage(R"({"subscriptionId":1,"event":{}})"));
        QVERIFY(!binance::parseWebSocketApiMessage("[]"));
    }

    void malformedPayloadsNameTheField()
    {
        const auto missing = binance::parseOrder(R"({"symbol":"BTCUSDT","clientOrderId":"x","status":"NEW","executedQty":"0"})");
        QVERIFY(!missing);
        QVERIFY2(missing.error().message.find("orderId") != std::string::npos, missing.error().message.c_str());
        const auto badNumber = binance::parseUserEvent(
            R"({"e":"executionReport","E":1,"s":"BTCUSDT","c":"a","S":"BUY","o":"LIMIT","x":"TRADE","X":"FILLED","i":1,)"
            R"("l":"abc","z":"1","L":"1","n":"0","T":2,"t":3,"m":true})");
        QVERIFY(!badNumber);
        QVERIFY2(badNumber.error().message.find("\"l\"") != std::string::npos ||
                     badNumber.error().message.find("l:") != std::string::npos,
                 badNumber.error().message.c_str());
        QVERIFY(!binance::parseAccount("[1,2"));
        QVERIFY(!binance::parseOrders("{}"));
        QVERIFY(!binance::parseAccountTrades(R"([{"symbol":"BTCUSDT"}])"));
    }
};

QTEST_APPLESS_MAIN(TestBinanceTrading)
#include "test_binance_trading.moc"
