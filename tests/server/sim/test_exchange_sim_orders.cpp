// bcf-exchange-sim's Binance-compatible trading over real HTTP and WebSockets on loopback: SIGNED
// request checks, every order type's life (resting limit orders filled by market trades, market
// orders with FULL fills and commissions, IOC/FOK, LIMIT_MAKER, stops triggered by trades, OCO
// order lists), cancels, open orders and balances after each step, filter failures, and the user
// data stream.
#include "exchange_simulator.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>
#include <QWebSocket>

namespace {

const QByteArray kKey = "test-key-1";
const QByteArray kSecret = "test-secret-1";

// A WebSocket API session (/ws-api/v3) as a test sees it: the answers to its requests and the
// user data stream events of its subscriptions, unwrapped (their subscriptionId kept apart).
struct UserStream {
    QWebSocket socket;
    QList<QJsonObject> answers;
    QList<QJsonObject> events;
    QList<qint64> eventSubscriptions; // events[i] came for subscription eventSubscriptions[i]
    int nextId = 0;

    bool open(quint16 port)
    {
        QObject::connect(&socket, &QWebSocket::textMessageReceived, &socket,
                         [this](const QString &message) {
            const QJsonObject object = QJsonDocument::fromJson(message.toUtf8()).object();
            if (object.contains(QLatin1String("event"))) {
                events.append(object.value(QLatin1String("event")).toObject());
                eventSubscriptions.append(object.value(QLatin1String("subscriptionId")).toInteger(-1));
            } else {
                answers.append(object);
            }
        });
        QSignalSpy connected(&socket, &QWebSocket::connected);
        socket.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws-api/v3").arg(port)));
        return connected.wait(10000);
    }
    // Sends {"id":…,"method":…,"params":…} and waits for its answer (empty on timeout).
    QJsonObject request(const QString &method, const QJsonObject &params = {})
    {
        const QString id = QStringLiteral("req-%1").arg(++nextId);
        QJsonObject out{{QStringLiteral("id"), id}, {QStringLiteral("method"), method}};
        if (!params.isEmpty())
            out.insert(QStringLiteral("params"), params);
        socket.sendTextMessage(QString::fromUtf8(QJsonDocument(out).toJson(QJsonDocument::Compact)));
        const auto answered = [&] {
            for (const QJsonObject &answer : answers)
                if (answer.value(QLatin1String("id")).toString() == id)
                    return answer;
            return QJsonObject();
        };
        (void)QTest::qWaitFor([&] { return !answered().isEmpty(); }, 10000);
        return answered(); // empty: the caller's comparison fails
    }
    // userDataStream.subscribe.signature, signed as Binance's WebSocket API wants: the params
    // sorted by name.
    QJsonObject subscribe(const QByteArray &apiKey, const QByteArray &secret, qint64 timestampOffset = 0)
    {
        const qint64 timestamp = QDateTime::currentMSecsSinceEpoch() + timestampOffset;
        const QByteArray payload = "apiKey=" + apiKey + "&timestamp=" + QByteArray::number(timestamp);
        const QByteArray signature =
            QMessageAuthenticationCode::hash(payload, secret, QCryptographicHash::Sha256).toHex();
        return request(QStringLiteral("userDataStream.subscribe.signature"),
                       QJsonObject{{QStringLiteral("apiKey"), QString::fromLatin1(apiKey)},
                                   {QStringLiteral("timestamp"), timestamp},
                                   {QStringLiteral("signature"), QString::fromLatin1(signature)}});
    }
    QList<QJsonObject> of(const QString &type) const
    {
        QList<QJsonObject> out;
        for (const QJsonObject &event : events)
            if (event.value(QLatin1String("e")).toString() == type)
                out.append(event);
        return out;
    }
};

QJsonObject errorOf(const QJsonObject &answer) { return answer.value(QLatin1String("error")).toObject(); }

QString str(const QJsonObject &object, const char *key)
{
    return object.value(QLatin1String(key)).toString();
}

double number(const QJsonObject &object, const char *key)
{
    return object.value(QLatin1String(key)).toString().toDouble();
}

} // namespace

using namespace bcf;

class TestExchangeSimOrders final : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<exchange_sim::ExchangeSimulator> m_simulator;
    QNetworkAccessManager m_network;
    int m_status = 0;
    QByteArray m_weight;

    QByteArray send(const QByteArray &verb, const QString &path, const QByteArray &query,
                    const QByteArray &apiKey, const QByteArray &body = {},
                    exchange_sim::ExchangeSimulator *simulator = nullptr)
    {
        simulator = simulator ? simulator : m_simulator.get();
        QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1%2?%3")
                                         .arg(simulator->restPort())
                                         .arg(path, QString::fromLatin1(query))));
        if (!apiKey.isEmpty())
            request.setRawHeader("X-MBX-APIKEY", apiKey);
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/x-www-form-urlencoded"));
        QNetworkReply *reply = m_network.sendCustomRequest(request, verb, body);
        QSignalSpy finished(reply, &QNetworkReply::finished);
        if (!finished.wait(10000))
            return {};
        m_status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        m_weight = reply->rawHeader(QByteArrayLiteral("X-MBX-USED-WEIGHT-1M"));
        const QByteArray out = reply->readAll();
        reply->deleteLater();
        return out;
    }

    static QByteArray sign(const QByteArray &payload, const QByteArray &secret = kSecret)
    {
        return QMessageAuthenticationCode::hash(payload, secret, QCryptographicHash::Sha256).toHex();
    }

    // A SIGNED request: `params` plus timestamp in the query string, signed with the secret.
    QByteArray signedCall(const QByteArray &verb, const QString &path, QByteArray params,
                          qint64 timestampOffset = 0, const QByteArray &secret = kSecret)
    {
        if (!params.isEmpty())
            params += '&';
        params += "timestamp=" + QByteArray::number(QDateTime::currentMSecsSinceEpoch() + timestampOffset);
        return send(verb, path, params + "&signature=" + sign(params, secret), kKey);
    }

    QJsonObject object(const QByteArray &body) { return QJsonDocument::fromJson(body).object(); }
    QJsonArray array(const QByteArray &body) { return QJsonDocument::fromJson(body).array(); }

    QJsonObject order(const QByteArray &params)
    {
        return object(signedCall("POST", QStringLiteral("/api/v3/order"), params));
    }

    // {free, locked} of an asset from /api/v3/account.
    std::pair<double, double> balance(const QString &asset)
    {
        const QJsonObject account = object(signedCall("GET", QStringLiteral("/api/v3/account"), {}));
        for (const QJsonValue &value : account.value(QLatin1String("balances")).toArray()) {
            const QJsonObject entry = value.toObject();
            if (str(entry, "asset") == asset)
                return {number(entry, "free"), number(entry, "locked")};
        }
        return {0, 0};
    }

    QJsonObject depth(const char *symbol = "BTCUSDT")
    {
        return object(send("GET", QStringLiteral("/api/v3/depth"),
                           QByteArray("symbol=") + symbol + "&limit=5", {}));
    }

    static QByteArray level(const QJsonObject &book, const char *side, int index = 0)
    {
        return book.value(QLatin1String(side)).toArray().at(index).toArray().at(0).toString().toLatin1();
    }

    static QByteArray offsetPrice(const QByteArray &price, std::int64_t ticks)
    {
        return Price::fromRaw(Price::parse(price.toStdString())->raw() + ticks * 1'000'000).toString(2).c_str();
    }

    void cancelEverything()
    {
        for (const char *symbol : {"BTCUSDT", "ETHUSDT"})
            signedCall("DELETE", QStringLiteral("/api/v3/openOrders"), QByteArray("symbol=") + symbol);
    }

private slots:
    void initTestCase()
    {
        exchange_sim::ExchangeSimulator::Options options;
        options.seed = 11;
        options.historyMinutes = 60;
        options.accounts.push_back(*exchange_sim::parseAccountSpec(
            (kKey + ':' + kSecret + ":USDT=1000000,BTC=5,ETH=20").toStdString()));
        m_simulator = std::make_unique<exchange_sim::ExchangeSimulator>(options);
        QString error;
        QVERIFY2(m_simulator->start(&error), qPrintable(error));
        QTest::qWait(500);
    }

    void cleanup() { cancelEverything(); }

    void accountSpecsParse()
    {
        const auto spec = exchange_sim::parseAccountSpec("K:S:usdt=10.5,BTC=1");
        QVERIFY(spec.has_value());
        QCOMPARE(spec->balances.at("USDT"), *Money::parse("10.5"));
        QVERIFY(exchange_sim::parseAccountSpec("K:S:").has_value());
        QVERIFY(!exchange_sim::parseAccountSpec("K").has_value());
        QVERIFY(!exchange_sim::parseAccountSpec("K:S:USDT=-1").has_value());
        // Binance's documented example signature.
        QCOMPARE(exchange_sim::hmacSha256Hex(
                     "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j",
                     "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&"
                     "recvWindow=5000&timestamp=1499827319559"),
                 std::string("c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71"));
    }

    void signedRequestsAreChecked()
    {
        QVERIFY(object(signedCall("GET", QStringLiteral("/api/v3/account"), {})).contains(QLatin1String("balances")));
        QCOMPARE(m_status, 200);
        QCOMPARE(m_weight.isEmpty(), false);

        QCOMPARE(signedCall("GET", QStringLiteral("/api/v3/account"), {}, 0, "wrong-secret"),
                 QByteArray(R"({"code":-1022,"msg":"Signature for this request is not valid."})"));
        QCOMPARE(m_status, 400);
        const QByteArray params = "timestamp=" + QByteArray::number(QDateTime::currentMSecsSinceEpoch());
        QCOMPARE(send("GET", QStringLiteral("/api/v3/account"), params + "&signature=" + sign(params), "nobody"),
                 QByteArray(R"({"code":-2015,"msg":"Invalid API-key, IP, or permissions for action."})"));
        QCOMPARE(m_status, 401);
        QVERIFY(send("GET", QStringLiteral("/api/v3/account"), params + "&signature=" + sign(params), {})
                    .contains("-2014"));
        QCOMPARE(m_status, 401);
        QCOMPARE(object(signedCall("GET", QStringLiteral("/api/v3/account"), {}, -10'000))
                     .value(QLatin1String("code")).toInt(), -1021);
        QCOMPARE(m_status, 400);
        QCOMPARE(object(signedCall("GET", QStringLiteral("/api/v3/account"), {}, 5'000))
                     .value(QLatin1String("code")).toInt(), -1021);
        // A wider recvWindow admits the old timestamp; one above 60000 is refused.
        QCOMPARE(m_status, 400);
        QVERIFY(object(signedCall("GET", QStringLiteral("/api/v3/account"), "recvWindow=20000", -10'000))
                    .contains(QLatin1String("balances")));
        QCOMPARE(object(signedCall("GET", QStringLiteral("/api/v3/account"), "recvWindow=70000"))
                     .value(QLatin1String("code")).toInt(), -1131);
        QCOMPARE(object(send("GET", QStringLiteral("/api/v3/account"), "signature=00", kKey))
                     .value(QLatin1String("code")).toInt(), -1102);
        // Parameters in the body: totalParams = query string + body.
        const QByteArray query = "symbol=BTCUSDT&side=BUY";
        const QByteArray body = "type=MARKET&quantity=0.0001&newOrderRespType=ACK&timestamp="
                                + QByteArray::number(QDateTime::currentMSecsSinceEpoch());
        const QJsonObject ack = object(send("POST", QStringLiteral("/api/v3/order"), query, kKey,
                                            body + "&signature=" + sign(query + body)));
        QCOMPARE(m_status, 200);
        QCOMPARE(ack.keys(), (QStringList{QStringLiteral("clientOrderId"), QStringLiteral("orderId"),
                                          QStringLiteral("orderListId"), QStringLiteral("symbol"),
                                          QStringLiteral("transactTime")}));
    }

    void filterFailuresAndBadParameters()
    {
        const auto code = [this](const QByteArray &params) {
            return QString::number(order(params).value(QLatin1String("code")).toInt()) + QLatin1Char(' ')
                   + QString::number(m_status);
        };
        const QByteArray limit = "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&";
        QCOMPARE(order(limit + "quantity=0.001&price=50000.001"),
                 object(R"({"code":-1013,"msg":"Filter failure: PRICE_FILTER"})"));
        QCOMPARE(code(limit + "quantity=0.001&price=50000.0000000001"), QStringLiteral("-1111 400"));
        QCOMPARE(order(limit + "quantity=0.001&price=50000.1").value(QLatin1String("code")).toInt(), 0);
        cancelEverything();
        QCOMPARE(order("symbol=BNBUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=500.05"),
                 object(R"({"code":-1013,"msg":"Filter failure: PRICE_FILTER"})"));
        QCOMPARE(order(limit + "quantity=0.000015&price=50000"),
                 object(R"({"code":-1013,"msg":"Filter failure: LOT_SIZE"})"));
        QCOMPARE(order(limit + "quantity=0.00001&price=50000"),
                 object(R"({"code":-1013,"msg":"Filter failure: NOTIONAL"})"));
        QCOMPARE(order("symbol=BTCUSDT&side=BUY&type=MARKET&quoteOrderQty=1"),
                 object(R"({"code":-1013,"msg":"Filter failure: NOTIONAL"})"));
        QCOMPARE(code("symbol=NOPE&side=BUY&type=MARKET&quantity=1"), QStringLiteral("-1121 400"));
        QCOMPARE(code("symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1&price=1"), QStringLiteral("-1102 400"));
        QCOMPARE(code("symbol=BTCUSDT&side=BUY&type=MARKET"), QStringLiteral("-1102 400"));
        QCOMPARE(code(limit + "quantity=abc&price=50000"), QStringLiteral("-1100 400"));
        QCOMPARE(code("symbol=BTCUSDT&side=UP&type=MARKET&quantity=1"), QStringLiteral("-1117 400"));
        QCOMPARE(code("symbol=BTCUSDT&side=BUY&type=ICEBERG&quantity=1"), QStringLiteral("-1116 400"));
        QCOMPARE(code("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTX&quantity=1&price=1"),
                 QStringLiteral("-1115 400"));
        QCOMPARE(order(limit + "quantity=100&price=70000"),
                 object(R"({"code":-2010,"msg":"Account has insufficient balance for requested action."})"));
        QCOMPARE(balance(QStringLiteral("USDT")).second, 0.0);
    }

    void marketOrderFillsWithCommissions()
    {
        const auto usdtBefore = balance(QStringLiteral("USDT"));
        const auto btcBefore = balance(QStringLiteral("BTC"));
        const QJsonObject book = depth();
        const QJsonObject result = order("symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.002");
        QCOMPARE(str(result, "status"), QStringLiteral("FILLED"));
        QCOMPARE(str(result, "executedQty"), QStringLiteral("0.00200000"));
        const QJsonArray fills = result.value(QLatin1String("fills")).toArray();
        QVERIFY(!fills.isEmpty());
        double quantity = 0;
        double commission = 0;
        double cost = 0;
        for (const QJsonValue &value : fills) {
            const QJsonObject fill = value.toObject();
            QCOMPARE(str(fill, "commissionAsset"), QStringLiteral("BTC"));
            QCOMPARE(number(fill, "commission"), number(fill, "qty") * 0.001);
            quantity += number(fill, "qty");
            commission += number(fill, "commission");
            cost += number(fill, "qty") * number(fill, "price");
        }
        QCOMPARE(quantity, 0.002);
        QVERIFY(qAbs(cost - number(result, "cummulativeQuoteQty")) < 1e-6);
        // The book had not moved much: the first fill is at (or near) the best ask it showed.
        QVERIFY(qAbs(number(fills.at(0).toObject(), "price") - level(book, "asks").toDouble()) < 500);
        const auto usdt = balance(QStringLiteral("USDT"));
        const auto btc = balance(QStringLiteral("BTC"));
        QVERIFY(qAbs(usdtBefore.first - number(result, "cummulativeQuoteQty") - usdt.first) < 1e-6);
        QVERIFY(qAbs(btcBefore.first + 0.002 - commission - btc.first) < 1e-9);

        // A sell pays its commission in the quote asset; quoteOrderQty spends at most that much.
        const QJsonObject sell = order("symbol=BTCUSDT&side=SELL&type=MARKET&quantity=0.001&newOrderRespType=FULL");
        QCOMPARE(str(sell.value(QLatin1String("fills")).toArray().at(0).toObject(), "commissionAsset"),
                 QStringLiteral("USDT"));
        const QJsonObject quote = order("symbol=BTCUSDT&side=BUY&type=MARKET&quoteOrderQty=100");
        QCOMPARE(str(quote, "status"), QStringLiteral("FILLED"));
        QVERIFY(number(quote, "cummulativeQuoteQty") <= 100.0);
        QVERIFY(number(quote, "cummulativeQuoteQty") > 90.0);
        QCOMPARE(str(quote, "origQuoteOrderQty"), QStringLiteral("100.00000000"));
        const QJsonObject resultOnly = order("symbol=BTCUSDT&side=SELL&type=MARKET&quantity=0.001&newOrderRespType=RESULT");
        QVERIFY(resultOnly.contains(QLatin1String("status")) && !resultOnly.contains(QLatin1String("fills")));

        const QJsonArray trades = array(signedCall("GET", QStringLiteral("/api/v3/myTrades"), "symbol=BTCUSDT"));
        QVERIFY(trades.size() >= 4);
        QCOMPARE(trades.last().toObject().value(QLatin1String("isBuyer")).toBool(), false);
        QCOMPARE(trades.last().toObject().value(QLatin1String("isMaker")).toBool(), false);
    }

    void immediateOrCancelAndFillOrKill()
    {
        QJsonObject book = depth();
        // IOC below the ask: nothing to take, expired.
        QJsonObject ioc = order("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=IOC&quantity=0.001&price="
                                + offsetPrice(level(book, "asks"), -200));
        QCOMPARE(str(ioc, "status"), QStringLiteral("EXPIRED"));
        QCOMPARE(str(ioc, "executedQty"), QStringLiteral("0.00000000"));
        // FOK for more than the best ask holds, limited to it: expired, nothing traded.
        book = depth();
        const QJsonArray ask = book.value(QLatin1String("asks")).toArray().at(0).toArray();
        const double more = ask.at(1).toString().toDouble() + 0.5;
        QJsonObject fok = order("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=FOK&quantity="
                                + QByteArray::number(more, 'f', 5) + "&price=" + ask.at(0).toString().toLatin1());
        QCOMPARE(str(fok, "status"), QStringLiteral("EXPIRED"));
        QCOMPARE(str(fok, "executedQty"), QStringLiteral("0.00000000"));
        QCOMPARE(balance(QStringLiteral("USDT")).second, 0.0);
        // FOK that fits: filled at once. (Well above the ask so a moving book still fills it.)
        fok = order("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=FOK&quantity=0.001&price="
                    + offsetPrice(level(depth(), "asks"), 50000));
        QCOMPARE(str(fok, "status"), QStringLiteral("FILLED"));
        QVERIFY(number(fok, "cummulativeQuoteQty") < 0.001 * (level(depth(), "asks").toDouble() + 1000));
        QCOMPARE(balance(QStringLiteral("USDT")).second, 0.0); // the lock was released in full
    }

    void limitMakerRejectsWhatWouldTake()
    {
        const QJsonObject book = depth();
        QCOMPARE(order("symbol=BTCUSDT&side=BUY&type=LIMIT_MAKER&quantity=0.001&price="
                       + offsetPrice(level(book, "asks"), 100)),
                 object(R"({"code":-2010,"msg":"Order would immediately match and take."})"));
        const QJsonObject maker = order("symbol=BTCUSDT&side=BUY&type=LIMIT_MAKER&quantity=0.001&price="
                                        + offsetPrice(level(book, "bids"), -100) + "&newOrderRespType=RESULT");
        QCOMPARE(str(maker, "status"), QStringLiteral("NEW"));
        QCOMPARE(str(maker, "type"), QStringLiteral("LIMIT_MAKER"));
    }

    void restingLimitFillsFromMarketTradesWithLockedBalance()
    {
        UserStream stream;
        QVERIFY(stream.open(m_simulator->webSocketPort()));
        const QJsonObject subscribed = stream.subscribe(kKey, kSecret);
        QCOMPARE(subscribed.value(QLatin1String("status")).toInt(), 200);
        const qint64 subscription =
            subscribed.value(QLatin1String("result")).toObject().value(QLatin1String("subscriptionId")).toInteger(-1);
        QVERIFY(subscription >= 0);

        // One tick above the best bid: the best bid now, below the ask so it rests. The market
        // moves in real time: if the ask came down onto the price meanwhile, the order filled at
        // once; place another.
        std::pair<double, double> usdtBefore, btcBefore;
        QByteArray price;
        QJsonObject placed;
        QString clientId;
        for (int attempt = 1; attempt <= 10; ++attempt) {
            usdtBefore = balance(QStringLiteral("USDT"));
            btcBefore = balance(QStringLiteral("BTC"));
            const QJsonObject book = depth();
            price = offsetPrice(level(book, "bids"), 1);
            if (price.toDouble() >= level(book, "asks").toDouble())
                price = offsetPrice(level(book, "bids"), 0);
            clientId = QStringLiteral("rest-%1").arg(attempt);
            placed = order("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.001&price=" + price +
                           "&newClientOrderId=" + clientId.toLatin1());
            if (str(placed, "status") == QLatin1String("NEW"))
                break;
        }
        QCOMPARE(str(placed, "status"), QStringLiteral("NEW"));
        QCOMPARE(str(placed, "clientOrderId"), clientId);
        const auto reportsOf = [&stream, &clientId] {
            QList<QJsonObject> out;
            for (const QJsonObject &report : stream.of(QStringLiteral("executionReport")))
                if (str(report, "c") == clientId)
                    out.append(report);
            return out;
        };
        const qint64 id = placed.value(QLatin1String("orderId")).toInteger();
        // Locked: price × quantity of USDT; listed as open; a second open rest-1 is a duplicate.
        const double notional = price.toDouble() * 0.001;
        auto usdt = balance(QStringLiteral("USDT"));
        QVERIFY(qAbs(usdt.second - notional) < 1e-6);
        QVERIFY(qAbs(usdtBefore.first - notional - usdt.first) < 1e-6);
        const QJsonArray open = array(signedCall("GET", QStringLiteral("/api/v3/openOrders"), "symbol=BTCUSDT"));
        QCOMPARE(open.size(), 1);
        QCOMPARE(open.at(0).toObject().value(QLatin1String("orderId")).toInteger(), id);
        QCOMPARE(order("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.001&price=50000&newClientOrderId=" +
                       clientId.toLatin1()),
                 object(R"({"code":-2010,"msg":"Duplicate order sent."})"));

        // Market trades at or below the price fill it: the maker, FIFO, at its own price.
        QTRY_COMPARE_WITH_TIMEOUT(
            str(object(signedCall("GET", QStringLiteral("/api/v3/order"),
                                  "symbol=BTCUSDT&orderId=" + QByteArray::number(id))), "status"),
            QStringLiteral("FILLED"), 90000);
        usdt = balance(QStringLiteral("USDT"));
        QCOMPARE(usdt.second, 0.0);
        QVERIFY(qAbs(usdtBefore.first - notional - usdt.first) < 1e-6);
        QVERIFY(qAbs(balance(QStringLiteral("BTC")).first - (btcBefore.first + 0.001 * 0.999)) < 1e-9);
        QVERIFY(array(signedCall("GET", QStringLiteral("/api/v3/openOrders"), {})).isEmpty());
        const QJsonArray trades = array(signedCall("GET", QStringLiteral("/api/v3/myTrades"),
                                                   "symbol=BTCUSDT&orderId=" + QByteArray::number(id)));
        QVERIFY(!trades.isEmpty());
        for (const QJsonValue &trade : trades) {
            QCOMPARE(trade.toObject().value(QLatin1String("isMaker")).toBool(), true);
            QCOMPARE(number(trade.toObject(), "price"), price.toDouble());
        }

        // The stream: NEW, then TRADE reports ending FILLED, with balances after each change.
        QTRY_VERIFY_WITH_TIMEOUT(!reportsOf().isEmpty() && str(reportsOf().last(), "X") == QLatin1String("FILLED"),
                                 10000);
        const auto reports = reportsOf();
        QCOMPARE(str(reports.first(), "x"), QStringLiteral("NEW"));
        QCOMPARE(str(reports.first(), "c"), clientId);
        QCOMPARE(str(reports.first(), "o"), QStringLiteral("LIMIT"));
        QCOMPARE(str(reports.first(), "f"), QStringLiteral("GTC"));
        for (const char *field : {"e", "E", "s", "c", "S", "o", "f", "q", "p", "P", "x", "X", "r", "i",
                                  "l", "z", "L", "n", "N", "T", "t", "O", "Z", "Y", "Q", "w", "m", "W"})
            QVERIFY2(reports.last().contains(QLatin1String(field)), field);
        double filled = 0;
        for (qsizetype i = 1; i < reports.size(); ++i) {
            QCOMPARE(str(reports[i], "x"), QStringLiteral("TRADE"));
            QCOMPARE(reports[i].value(QLatin1String("m")).toBool(), true);
            filled += number(reports[i], "l");
            QVERIFY(qAbs(number(reports[i], "z") - filled) < 1e-9);
            QCOMPARE(str(reports[i], "N"), QStringLiteral("BTC"));
        }
        QCOMPARE(str(reports.last(), "X"), QStringLiteral("FILLED"));
        const auto positions = stream.of(QStringLiteral("outboundAccountPosition"));
        QVERIFY(positions.size() >= 2);
        const QJsonArray last = positions.last().value(QLatin1String("B")).toArray();
        QVERIFY(!last.isEmpty());
        QVERIFY(last.at(0).toObject().contains(QLatin1String("f")) && last.at(0).toObject().contains(QLatin1String("l")));

        for (qint64 tagged : std::as_const(stream.eventSubscriptions))
            QCOMPARE(tagged, subscription);

        // Unsubscribed: no more events; a second unsubscribe names the inactive subscription.
        const QJsonObject subscriptions = stream.request(QStringLiteral("session.subscriptions"));
        const QJsonArray expected{QJsonObject{{QStringLiteral("subscriptionId"), subscription}}};
        QCOMPARE(subscriptions.value(QLatin1String("result")).toArray(), expected);
        const QJsonObject unsubscribe{{QStringLiteral("subscriptionId"), subscription}};
        QCOMPARE(stream.request(QStringLiteral("userDataStream.unsubscribe"), unsubscribe).value(QLatin1String("status")).toInt(), 200);
        QCOMPARE(errorOf(stream.request(QStringLiteral("userDataStream.unsubscribe"), unsubscribe)),
                 object(R"({"code":-2036,"msg":"User Data Stream subscription not active."})"));
        const qsizetype seen = stream.events.size();
        const QJsonObject more = order("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.001&price="
                                       + offsetPrice(level(depth(), "bids"), -50000));
        QCOMPARE(str(object(signedCall("DELETE", QStringLiteral("/api/v3/order"),
                                       "symbol=BTCUSDT&orderId=" + QByteArray::number(more.value(QLatin1String("orderId")).toInteger()))),
                     "status"),
                 QStringLiteral("CANCELED"));
        // Events are written before the REST answer and before a later request's answer.
        QCOMPARE(stream.request(QStringLiteral("ping")).value(QLatin1String("status")).toInt(), 200);
        QCOMPARE(stream.events.size(), seen);
    }

    void cancelsByOrderIdAndClientOrderIdOnTheStream()
    {
        UserStream stream;
        QVERIFY(stream.open(m_simulator->webSocketPort()));
        QCOMPARE(stream.subscribe(kKey, kSecret).value(QLatin1String("status")).toInt(), 200);
        const QByteArray low = offsetPrice(level(depth(), "bids"), -50000);
        const QJsonObject first = order("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.001&price=" + low);
        const QJsonObject second = order("symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=0.002&price="
                                         + offsetPrice(level(depth(), "asks"), 50000) + "&newClientOrderId=mine-2");
        QCOMPARE(str(second, "status"), QStringLiteral("NEW"));
        QCOMPARE(balance(QStringLiteral("BTC")).second, 0.002);
        QCOMPARE(array(signedCall("GET", QStringLiteral("/api/v3/openOrders"), {})).size(), 2);

        const QJsonObject cancelled = object(signedCall("DELETE", QStringLiteral("/api/v3/order"),
            "symbol=BTCUSDT&orderId=" + QByteArray::number(first.value(QLatin1String("orderId")).toInteger())));
        QCOMPARE(str(cancelled, "status"), QStringLiteral("CANCELED"));
        QCOMPARE(str(cancelled, "origClientOrderId"), str(first, "clientOrderId"));
        QCOMPARE(balance(QStringLiteral("USDT")).second, 0.0);
        const QJsonObject byClient = object(signedCall("DELETE", QStringLiteral("/api/v3/order"),
                                                       "symbol=BTCUSDT&origClientOrderId=mine-2&newClientOrderId=cancel-2"));
        QCOMPARE(str(byClient, "status"), QStringLiteral("CANCELED"));
        QCOMPARE(str(byClient, "clientOrderId"), QStringLiteral("cancel-2"));
        QCOMPARE(balance(QStringLiteral("BTC")).second, 0.0);
        QVERIFY(array(signedCall("GET", QStringLiteral("/api/v3/openOrders"), "symbol=BTCUSDT")).isEmpty());

        QCOMPARE(signedCall("DELETE", QStringLiteral("/api/v3/order"), "symbol=BTCUSDT&origClientOrderId=mine-2"),
                 QByteArray(R"({"code":-2011,"msg":"Unknown order sent."})"));
        QCOMPARE(signedCall("DELETE", QStringLiteral("/api/v3/order"), "symbol=BTCUSDT&orderId=999999"),
                 QByteArray(R"({"code":-2011,"msg":"Unknown order sent."})"));
        QCOMPARE(signedCall("GET", QStringLiteral("/api/v3/order"), "symbol=BTCUSDT&orderId=999999"),
                 QByteArray(R"({"code":-2013,"msg":"Order does not exist."})"));
        QCOMPARE(str(object(signedCall("GET", QStringLiteral("/api/v3/order"), "symbol=BTCUSDT&origClientOrderId=mine-2")),
                     "status"), QStringLiteral("CANCELED"));
        QCOMPARE(signedCall("DELETE", QStringLiteral("/api/v3/openOrders"), "symbol=BTCUSDT"),
                 QByteArray(R"({"code":-2011,"msg":"Unknown order sent."})"));

        // NEW, NEW, CANCELED, CANCELED in order; the second cancel names both client ids.
        QTRY_COMPARE_WITH_TIMEOUT(stream.of(QStringLiteral("executionReport")).size(), 4, 10000);
        const auto reports = stream.of(QStringLiteral("executionReport"));
        QCOMPARE(str(reports[0], "x"), QStringLiteral("NEW"));
        QCOMPARE(str(reports[1], "x"), QStringLiteral("NEW"));
        QCOMPARE(str(reports[2], "x"), QStringLiteral("CANCELED"));
        QCOMPARE(str(reports[3], "X"), QStringLiteral("CANCELED"));
        QCOMPARE(str(reports[3], "c"), QStringLiteral("cancel-2"));
        QCOMPARE(str(reports[3], "C"), QStringLiteral("mine-2"));
        QVERIFY(stream.of(QStringLiteral("outboundAccountPosition")).size() >= 4);

        // DELETE /api/v3/openOrders cancels all of them.
        order("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.001&price=" + low);
        order("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.001&price=" + low);
        QCOMPARE(array(signedCall("DELETE", QStringLiteral("/api/v3/openOrders"), "symbol=BTCUSDT")).size(), 2);
        QCOMPARE(balance(QStringLiteral("USDT")).second, 0.0);
        QVERIFY(array(signedCall("GET", QStringLiteral("/api/v3/allOrders"), "symbol=BTCUSDT")).size() >= 4);
    }

    void stopOrdersTriggerFromTrades()
    {
        // The last trade may change between reading it and placing the stop: retry then.
        QByteArray lastPrice;
        const auto place = [&](const QByteArray &params, int stopTicks) {
            QJsonObject placed;
            for (int attempt = 0; attempt < 10; ++attempt) {
                const QJsonArray last = array(send("GET", QStringLiteral("/api/v3/trades"), "symbol=ETHUSDT&limit=1", {}));
                lastPrice = str(last.at(0).toObject(), "price").toLatin1();
                placed = order(params + "&stopPrice=" + offsetPrice(lastPrice, stopTicks));
                if (placed.value(QLatin1String("code")).toInt() != -2010)
                    break;
            }
            return placed;
        };
        const QJsonArray last = array(send("GET", QStringLiteral("/api/v3/trades"), "symbol=ETHUSDT&limit=1", {}));
        lastPrice = str(last.at(0).toObject(), "price").toLatin1();
        QCOMPARE(order("symbol=ETHUSDT&side=SELL&type=STOP_LOSS&quantity=0.01&stopPrice="
                       + offsetPrice(lastPrice, 500)),
                 object(R"({"code":-2010,"msg":"Stop price would trigger immediately."})"));
        // Buy stops one tick either side of the last price: one of them triggers on the next
        // trade at another price. Both lock their quote until then.
        const QJsonObject up = place("symbol=ETHUSDT&side=BUY&type=STOP_LOSS&quantity=0.01", 1);
        const QJsonObject down = place("symbol=ETHUSDT&side=BUY&type=TAKE_PROFIT_LIMIT&timeInForce=GTC&quantity=0.01&price="
                                       + offsetPrice(lastPrice, 100), -1);
        QVERIFY2(up.contains(QLatin1String("orderId")), QJsonDocument(up).toJson().constData());
        QVERIFY2(down.contains(QLatin1String("orderId")), QJsonDocument(down).toJson().constData());
        QVERIFY(!up.contains(QLatin1String("status"))); // ACK by default for stop orders
        const QJsonObject held = object(signedCall("GET", QStringLiteral("/api/v3/order"),
            "symbol=ETHUSDT&orderId=" + QByteArray::number(up.value(QLatin1String("orderId")).toInteger())));
        QCOMPARE(str(held, "status"), QStringLiteral("NEW"));
        QCOMPARE(held.value(QLatin1String("isWorking")).toBool(), false);
        QVERIFY(balance(QStringLiteral("USDT")).second > 0);
        const auto status = [this](const QJsonObject &placed) {
            return str(object(signedCall("GET", QStringLiteral("/api/v3/order"),
                "symbol=ETHUSDT&orderId=" + QByteArray::number(placed.value(QLatin1String("orderId")).toInteger()))),
                "status");
        };
        QTRY_VERIFY_WITH_TIMEOUT(status(up) == QLatin1String("FILLED") || status(down) == QLatin1String("FILLED"), 60000);
        const QJsonArray trades = array(signedCall("GET", QStringLiteral("/api/v3/myTrades"), "symbol=ETHUSDT"));
        QVERIFY(!trades.isEmpty());
    }

    // Binance's OCO order lists: one lock for both legs, the legs tagged with the list's id
    // everywhere, listStatus events, errors, cancelling one leg (the whole list goes), the list,
    // or every open order, and a leg executing (the other leg expires).
    void ocoOrderLists()
    {
        UserStream stream;
        QVERIFY(stream.open(m_simulator->webSocketPort()));
        QCOMPARE(stream.subscribe(kKey, kSecret).value(QLatin1String("status")).toInt(), 200);
        const QJsonObject base = order("symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.01"); // base to sell
        QCOMPARE(str(base, "status"), QStringLiteral("FILLED"));
        QCOMPARE(base.value(QLatin1String("orderListId")).toInteger(), qint64(-1)); // not in a list

        const auto oco = [this](const QByteArray &params) {
            return object(signedCall("POST", QStringLiteral("/api/v3/orderList/oco"), params));
        };
        const auto lastPrice = [this] {
            const QJsonArray last = array(send("GET", QStringLiteral("/api/v3/trades"), "symbol=BTCUSDT&limit=1", {}));
            return str(last.at(0).toObject(), "price").toLatin1();
        };
        const auto idOf = [](const QJsonObject &json, const char *key = "orderId") {
            return json.value(QLatin1String(key)).toInteger(-1);
        };
        const auto reportsOf = [](const QJsonObject &list) {
            QList<QJsonObject> out;
            for (const QJsonValue &value : list.value(QLatin1String("orderReports")).toArray())
                out.append(value.toObject());
            return out;
        };
        const auto queryStatus = [this, &idOf](const QJsonObject &leg) {
            return str(object(signedCall("GET", QStringLiteral("/api/v3/order"),
                                         "symbol=BTCUSDT&orderId=" + QByteArray::number(idOf(leg)))), "status");
        };
        const auto listEvents = [&stream](const char *type, qint64 listId) {
            QList<QJsonObject> out;
            for (const QJsonObject &event : stream.of(QString::fromLatin1(type)))
                if (event.value(QLatin1String("g")).toInteger(-2) == listId)
                    out.append(event);
            return out;
        };

        // A SELL list far from the market: a LIMIT_MAKER above, a STOP_LOSS_LIMIT below.
        const auto btcBefore = balance(QStringLiteral("BTC"));
        QByteArray last = lastPrice();
        const QByteArray sell = "symbol=BTCUSDT&side=SELL&quantity=0.002&aboveType=LIMIT_MAKER&belowType=STOP_LOSS_LIMIT"
                                "&belowTimeInForce=GTC";
        const QJsonObject placed = oco(sell + "&abovePrice=" + offsetPrice(last, 50000) + "&belowStopPrice="
                                       + offsetPrice(last, -50000) + "&belowPrice=" + offsetPrice(last, -50100)
                                       + "&listClientOrderId=oco-1&aboveClientOrderId=oco-1-tp");
        QCOMPARE(m_status, 200);
        const qint64 listId = idOf(placed, "orderListId");
        QVERIFY2(listId >= 1, QJsonDocument(placed).toJson().constData());
        QCOMPARE(str(placed, "contingencyType"), QStringLiteral("OCO"));
        QCOMPARE(str(placed, "listStatusType"), QStringLiteral("EXEC_STARTED"));
        QCOMPARE(str(placed, "listOrderStatus"), QStringLiteral("EXECUTING"));
        QCOMPARE(str(placed, "listClientOrderId"), QStringLiteral("oco-1"));
        QCOMPARE(str(placed, "symbol"), QStringLiteral("BTCUSDT"));
        const QJsonArray legs = placed.value(QLatin1String("orders")).toArray();
        const QList<QJsonObject> reports = reportsOf(placed);
        QCOMPARE(legs.size(), 2);
        QCOMPARE(reports.size(), 2);
        const QJsonObject below = reports[0]; // the below leg first
        const QJsonObject above = reports[1];
        QCOMPARE(str(below, "type"), QStringLiteral("STOP_LOSS_LIMIT"));
        QCOMPARE(str(above, "type"), QStringLiteral("LIMIT_MAKER"));
        QCOMPARE(str(above, "clientOrderId"), QStringLiteral("oco-1-tp"));
        QCOMPARE(str(below, "stopPrice"), QString::fromLatin1(offsetPrice(last, -50000)) + QStringLiteral("000000"));
        for (int i = 0; i < 2; ++i) {
            QCOMPARE(idOf(legs.at(i).toObject()), idOf(reports[i]));
            QCOMPARE(str(legs.at(i).toObject(), "clientOrderId"), str(reports[i], "clientOrderId"));
            QCOMPARE(str(reports[i], "status"), QStringLiteral("NEW"));
            QCOMPARE(str(reports[i], "side"), QStringLiteral("SELL"));
            QCOMPARE(idOf(reports[i], "orderListId"), listId);
        }
        // The base is locked once for both legs.
        auto btc = balance(QStringLiteral("BTC"));
        QVERIFY(qAbs(btc.second - (btcBefore.second + 0.002)) < 1e-9);
        QVERIFY(qAbs(btc.first - (btcBefore.first - 0.002)) < 1e-9);
        const QJsonArray open = array(signedCall("GET", QStringLiteral("/api/v3/openOrders"), "symbol=BTCUSDT"));
        QCOMPARE(open.size(), 2);
        for (const QJsonValue &value : open)
            QCOMPARE(idOf(value.toObject(), "orderListId"), listId);
        QCOMPARE(idOf(object(signedCall("GET", QStringLiteral("/api/v3/order"),
                                        "symbol=BTCUSDT&origClientOrderId=oco-1-tp")), "orderListId"), listId);

        // The stream: NEW for each leg (below first) tagged g, then listStatus EXEC_STARTED.
        QTRY_COMPARE_WITH_TIMEOUT(listEvents("listStatus", listId).size(), 1, 10000);
        const auto news = listEvents("executionReport", listId);
        QCOMPARE(news.size(), 2);
        QCOMPARE(str(news[0], "x"), QStringLiteral("NEW"));
        QCOMPARE(idOf(news[0], "i"), idOf(below));
        QCOMPARE(str(news[1], "x"), QStringLiteral("NEW"));
        QCOMPARE(idOf(news[1], "i"), idOf(above));
        const QJsonObject started = listEvents("listStatus", listId).first();
        QCOMPARE(str(started, "c"), QStringLiteral("OCO"));
        QCOMPARE(str(started, "l"), QStringLiteral("EXEC_STARTED"));
        QCOMPARE(str(started, "L"), QStringLiteral("EXECUTING"));
        QCOMPARE(str(started, "r"), QStringLiteral("NONE"));
        QCOMPARE(str(started, "C"), QStringLiteral("oco-1"));
        QCOMPARE(str(started, "s"), QStringLiteral("BTCUSDT"));
        const QJsonArray startedLegs = started.value(QLatin1String("O")).toArray();
        QCOMPARE(startedLegs.size(), 2);
        QCOMPARE(idOf(startedLegs.at(0).toObject(), "i"), idOf(below));
        QCOMPARE(str(startedLegs.at(1).toObject(), "c"), QStringLiteral("oco-1-tp"));
        QVERIFY(stream.events.indexOf(news[1]) < stream.events.indexOf(started));

        // GET /api/v3/orderList by id or by the list's client id.
        const QJsonObject queried = object(signedCall("GET", QStringLiteral("/api/v3/orderList"),
                                                      "orderListId=" + QByteArray::number(listId)));
        QCOMPARE(m_weight.isEmpty(), false);
        QCOMPARE(str(queried, "listStatusType"), QStringLiteral("EXEC_STARTED"));
        QCOMPARE(queried.value(QLatin1String("orders")).toArray(), legs);
        QVERIFY(!queried.contains(QLatin1String("orderReports")));
        QCOMPARE(idOf(object(signedCall("GET", QStringLiteral("/api/v3/orderList"), "origClientOrderId=oco-1")),
                      "orderListId"), listId);
        QCOMPARE(signedCall("GET", QStringLiteral("/api/v3/orderList"), "orderListId=999999"),
                 QByteArray(R"({"code":-2013,"msg":"Order list does not exist."})"));

        // Refused lists change nothing.
        QCOMPARE(oco(sell + "&abovePrice=" + offsetPrice(last, -50000) + "&belowStopPrice=" + offsetPrice(last, -50100)
                     + "&belowPrice=" + offsetPrice(last, -50200)),
                 object(R"({"code":-2010,"msg":"The relationship of the prices for the orders is not correct."})"));
        QCOMPARE(oco("symbol=BTCUSDT&side=SELL&quantity=0.002&aboveType=STOP_LOSS&belowType=LIMIT_MAKER&aboveStopPrice="
                     + offsetPrice(last, 50000) + "&belowPrice=" + offsetPrice(last, -50000)),
                 object(R"({"code":-2010,"msg":"Unsupported order combination"})"));
        QCOMPARE(oco(sell + "&abovePrice=" + offsetPrice(last, 50000) + "&belowPrice=" + offsetPrice(last, -50100)),
                 object(R"({"code":-1102,"msg":"Mandatory parameter 'belowStopPrice' was not sent, was empty/null, or malformed."})"));
        QCOMPARE(oco(sell + "&abovePrice=" + offsetPrice(last, 50000) + "&belowStopPrice=" + offsetPrice(last, -50000)
                     + "&belowPrice=" + offsetPrice(last, -50100) + "&listClientOrderId=oco-1"),
                 object(R"({"code":-2010,"msg":"Duplicate order sent."})"));
        QCOMPARE(oco("symbol=BTCUSDT&side=SELL&quantity=1000&aboveType=LIMIT_MAKER&belowType=STOP_LOSS&abovePrice="
                     + offsetPrice(last, 50000) + "&belowStopPrice=" + offsetPrice(last, -50000)),
                 object(R"({"code":-2010,"msg":"Account has insufficient balance for requested action."})"));
        QCOMPARE(oco(sell + "&abovePrice=" + offsetPrice(last, 50000) + ".001&belowStopPrice=" + offsetPrice(last, -50000)
                     + "&belowPrice=" + offsetPrice(last, -50100)),
                 object(R"({"code":-1100,"msg":"Illegal characters found in parameter 'abovePrice'; legal range is '^([0-9]{1,20})(\\.[0-9]{1,20})?$'."})"));
        QCOMPARE(balance(QStringLiteral("BTC")), btc);

        // DELETE /api/v3/order on one leg cancels the list: both legs, listStatus ALL_DONE.
        const QJsonObject cancelled = object(signedCall("DELETE", QStringLiteral("/api/v3/order"),
                                                        "symbol=BTCUSDT&orderId=" + QByteArray::number(idOf(above))));
        QCOMPARE(str(cancelled, "status"), QStringLiteral("CANCELED"));
        QCOMPARE(idOf(cancelled), idOf(above));
        QCOMPARE(idOf(cancelled, "orderListId"), listId);
        QCOMPARE(queryStatus(below), QStringLiteral("CANCELED"));
        QCOMPARE(queryStatus(above), QStringLiteral("CANCELED"));
        btc = balance(QStringLiteral("BTC"));
        QCOMPARE(btc.second, btcBefore.second);
        QVERIFY(qAbs(btc.first - btcBefore.first) < 1e-9);
        QTRY_COMPARE_WITH_TIMEOUT(listEvents("listStatus", listId).size(), 2, 10000);
        QCOMPARE(str(listEvents("listStatus", listId).last(), "l"), QStringLiteral("ALL_DONE"));
        QCOMPARE(str(listEvents("listStatus", listId).last(), "L"), QStringLiteral("ALL_DONE"));
        const auto cancels = listEvents("executionReport", listId).mid(2);
        QCOMPARE(cancels.size(), 2);
        for (const QJsonObject &report : cancels)
            QCOMPARE(str(report, "X"), QStringLiteral("CANCELED"));
        QCOMPARE(str(object(signedCall("GET", QStringLiteral("/api/v3/orderList"), "orderListId=" + QByteArray::number(listId))),
                     "listOrderStatus"), QStringLiteral("ALL_DONE"));
        QCOMPARE(signedCall("DELETE", QStringLiteral("/api/v3/orderList"), "symbol=BTCUSDT&orderListId=" + QByteArray::number(listId)),
                 QByteArray(R"({"code":-2011,"msg":"Unknown order sent."})"));

        // A BUY list locks quote at the higher price (here the stop's) times the quantity, once;
        // DELETE /api/v3/orderList by listClientOrderId releases it all.
        const auto usdtBefore = balance(QStringLiteral("USDT"));
        last = lastPrice();
        const QByteArray stopPrice = offsetPrice(last, 50000);
        const QJsonObject bought = oco("symbol=BTCUSDT&side=BUY&quantity=0.001&belowType=LIMIT_MAKER&belowPrice="
                                       + offsetPrice(last, -50000) + "&aboveType=STOP_LOSS&aboveStopPrice=" + stopPrice
                                       + "&listClientOrderId=oco-buy&newOrderRespType=FULL");
        QCOMPARE(str(reportsOf(bought).value(0), "type"), QStringLiteral("LIMIT_MAKER"));
        QCOMPARE(str(reportsOf(bought).value(1), "type"), QStringLiteral("STOP_LOSS"));
        QVERIFY(idOf(bought, "orderListId") > listId);
        auto usdt = balance(QStringLiteral("USDT"));
        QVERIFY(qAbs(usdt.second - (usdtBefore.second + stopPrice.toDouble() * 0.001)) < 1e-6);
        QVERIFY(qAbs(usdt.first - (usdtBefore.first - stopPrice.toDouble() * 0.001)) < 1e-6);
        const QJsonObject buyCancelled = object(signedCall("DELETE", QStringLiteral("/api/v3/orderList"),
                                                           "symbol=BTCUSDT&listClientOrderId=oco-buy"));
        QCOMPARE(idOf(buyCancelled, "orderListId"), idOf(bought, "orderListId"));
        QCOMPARE(str(buyCancelled, "contingencyType"), QStringLiteral("OCO"));
        QCOMPARE(str(buyCancelled, "listStatusType"), QStringLiteral("ALL_DONE"));
        QCOMPARE(str(buyCancelled, "listOrderStatus"), QStringLiteral("ALL_DONE"));
        QCOMPARE(str(buyCancelled, "listClientOrderId"), QStringLiteral("oco-buy"));
        QCOMPARE(reportsOf(buyCancelled).size(), 2);
        for (const QJsonObject &report : reportsOf(buyCancelled)) {
            QCOMPARE(str(report, "status"), QStringLiteral("CANCELED"));
            QCOMPARE(idOf(report, "orderListId"), idOf(bought, "orderListId"));
        }
        usdt = balance(QStringLiteral("USDT"));
        QCOMPARE(usdt.second, usdtBefore.second);
        QVERIFY(qAbs(usdt.first - usdtBefore.first) < 1e-6);

        // DELETE /api/v3/openOrders cancels a list once, answering as DELETE /api/v3/orderList.
        const QJsonObject third = oco(sell + "&abovePrice=" + offsetPrice(last, 50000) + "&belowStopPrice="
                                      + offsetPrice(last, -50000) + "&belowPrice=" + offsetPrice(last, -50100));
        QCOMPARE(str(third, "listOrderStatus"), QStringLiteral("EXECUTING"));
        const QJsonArray all = array(signedCall("DELETE", QStringLiteral("/api/v3/openOrders"), "symbol=BTCUSDT"));
        QCOMPARE(all.size(), 1);
        QCOMPARE(idOf(all.at(0).toObject(), "orderListId"), idOf(third, "orderListId"));
        QCOMPARE(str(all.at(0).toObject(), "listOrderStatus"), QStringLiteral("ALL_DONE"));
        QCOMPARE(balance(QStringLiteral("BTC")).second, btcBefore.second);

        // A list that executes: the LIMIT_MAKER one tick above the market, the STOP_LOSS one tick
        // below it. Whichever leg runs first fills (market trades reach the one or the other);
        // the other leg expires and the list is ALL_DONE with no base left locked.
        const auto btcStart = balance(QStringLiteral("BTC"));
        const auto usdtStart = balance(QStringLiteral("USDT"));
        QJsonObject running;
        for (int attempt = 0; attempt < 10; ++attempt) {
            const QJsonObject book = depth();
            last = lastPrice();
            const QByteArray ask = level(book, "asks");
            const QByteArray bid = level(book, "bids");
            const QByteArray high = ask.toDouble() > last.toDouble() ? ask : last;
            const QByteArray low = bid.toDouble() < last.toDouble() ? bid : last;
            running = oco("symbol=BTCUSDT&side=SELL&quantity=0.001&aboveType=LIMIT_MAKER&belowType=STOP_LOSS&abovePrice="
                          + offsetPrice(high, 1) + "&belowStopPrice=" + offsetPrice(low, -1));
            if (running.value(QLatin1String("code")).toInt() != -2010)
                break;
        }
        const qint64 runningId = idOf(running, "orderListId");
        QVERIFY2(runningId > 0, QJsonDocument(running).toJson().constData());
        const QJsonObject stopLeg = reportsOf(running).value(0);
        const QJsonObject makerLeg = reportsOf(running).value(1);
        QTRY_VERIFY_WITH_TIMEOUT(queryStatus(makerLeg) == QLatin1String("FILLED")
                                     || queryStatus(stopLeg) == QLatin1String("FILLED"),
                                 90000);
        const bool makerFilled = queryStatus(makerLeg) == QLatin1String("FILLED");
        QCOMPARE(queryStatus(makerFilled ? stopLeg : makerLeg), QStringLiteral("EXPIRED"));
        const QJsonObject filled = object(signedCall("GET", QStringLiteral("/api/v3/order"),
            "symbol=BTCUSDT&orderId=" + QByteArray::number(idOf(makerFilled ? makerLeg : stopLeg))));
        QCOMPARE(idOf(filled, "orderListId"), runningId);
        btc = balance(QStringLiteral("BTC"));
        QCOMPARE(btc.second, 0.0);
        QVERIFY(qAbs(btc.first - (btcStart.first + btcStart.second - 0.001)) < 1e-9);
        usdt = balance(QStringLiteral("USDT"));
        QCOMPARE(usdt.second, usdtStart.second);
        QVERIFY(qAbs(usdt.first - (usdtStart.first + number(filled, "cummulativeQuoteQty") * 0.999)) < 1e-6);
        QTRY_VERIFY_WITH_TIMEOUT(!listEvents("listStatus", runningId).isEmpty()
                                     && str(listEvents("listStatus", runningId).last(), "L") == QLatin1String("ALL_DONE"),
                                 10000);
        bool expiredReport = false;
        for (const QJsonObject &report : listEvents("executionReport", runningId))
            expiredReport = expiredReport || (str(report, "x") == QLatin1String("EXPIRED")
                                              && idOf(report, "i") == idOf(makerFilled ? stopLeg : makerLeg));
        QVERIFY(expiredReport);
        QCOMPARE(str(object(signedCall("GET", QStringLiteral("/api/v3/orderList"), "orderListId=" + QByteArray::number(runningId))),
                     "listStatusType"), QStringLiteral("ALL_DONE"));
    }

    // The WebSocket API's answers to bad requests, one subscription per account and session,
    // events for every subscription of an account, and the connection's lifetime.
    void webSocketApiSessions()
    {
        exchange_sim::ExchangeSimulator::Options options;
        options.historyMinutes = 10;
        options.apiSessionLifetime = std::chrono::milliseconds(3000);
        options.accounts = {exchange_sim::AccountSpec{kKey.toStdString(), kSecret.toStdString(), {}, false}};
        exchange_sim::ExchangeSimulator simulator(options);
        QString error;
        QVERIFY2(simulator.start(&error), qPrintable(error));
        UserStream stream;
        QVERIFY(stream.open(simulator.webSocketPort()));

        QCOMPARE(errorOf(stream.subscribe("nobody", kSecret)),
                 object(R"({"code":-2015,"msg":"Invalid API-key, IP, or permissions for action."})"));
        QCOMPARE(errorOf(stream.subscribe(kKey, "another secret")),
                 object(R"({"code":-1022,"msg":"Signature for this request is not valid."})"));
        QCOMPARE(errorOf(stream.subscribe(kKey, kSecret, -60'000)),
                 object(R"({"code":-1021,"msg":"Timestamp for this request is outside of the recvWindow."})"));
        const QJsonObject refused = stream.subscribe("nobody", kSecret);
        QCOMPARE(refused.value(QLatin1String("status")).toInt(), 401);
        QCOMPARE(refused.value(QLatin1String("id")).toString(), QStringLiteral("req-4"));
        QVERIFY(refused.contains(QLatin1String("rateLimits")));

        const auto subscriptionOf = [](const QJsonObject &answer) {
            return answer.value(QLatin1String("result")).toObject().value(QLatin1String("subscriptionId")).toInteger(-1);
        };
        QCOMPARE(subscriptionOf(stream.subscribe(kKey, kSecret)), qint64(0));
        QCOMPARE(errorOf(stream.subscribe(kKey, kSecret)),
                 object(R"({"code":-2035,"msg":"User Data Stream subscription already active."})"));
        const QByteArray demoKey = QByteArray::fromStdString(exchange_sim::demoAccount().apiKey);
        const QByteArray demoSecret = QByteArray::fromStdString(exchange_sim::demoAccount().secretKey);
        QCOMPARE(subscriptionOf(stream.subscribe(demoKey, demoSecret)), qint64(1));
        QCOMPARE(errorOf(stream.request(QStringLiteral("order.place"))).value(QLatin1String("code")).toInt(), -1000);
        QCOMPARE(stream.request(QStringLiteral("time")).value(QLatin1String("result")).toObject()
                     .value(QLatin1String("serverTime")).toInteger() > 0, true);

        // An order of the demo account: its events come tagged with the demo subscription only.
        const QJsonArray bids = object(send("GET", QStringLiteral("/api/v3/depth"), "symbol=BTCUSDT&limit=5", {}, {},
                                            &simulator)).value(QLatin1String("bids")).toArray();
        QVERIFY(!bids.isEmpty());
        const QByteArray low = QByteArray::number(bids.at(0).toArray().at(0).toString().toDouble() - 500, 'f', 2);
        QByteArray params = "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.001&price=" + low +
                            "&timestamp=" + QByteArray::number(QDateTime::currentMSecsSinceEpoch());
        const QJsonObject placed = object(send("POST", QStringLiteral("/api/v3/order"),
                                               params + "&signature=" + sign(params, demoSecret), demoKey, {}, &simulator));
        QCOMPARE(str(placed, "status"), QStringLiteral("NEW"));
        QCOMPARE(stream.request(QStringLiteral("ping")).value(QLatin1String("status")).toInt(), 200);
        QVERIFY(!stream.of(QStringLiteral("executionReport")).isEmpty());
        for (qint64 tagged : std::as_const(stream.eventSubscriptions))
            QCOMPARE(tagged, qint64(1));

        // A malformed message gets an error with a null id; the session stays open.
        stream.socket.sendTextMessage(QStringLiteral("{not json"));
        QTRY_VERIFY_WITH_TIMEOUT(!stream.answers.isEmpty() && stream.answers.last().value(QLatin1String("id")).isNull(), 10000);
        QCOMPARE(errorOf(stream.answers.last()).value(QLatin1String("code")).toInt(), -1000);

        // Binance closes a WebSocket API connection when its lifetime (24 h) is reached.
        QTRY_COMPARE_WITH_TIMEOUT(stream.socket.state(), QAbstractSocket::UnconnectedState, 15000);
        m_network.clearConnectionCache(); // no open connection may outlive its server
        QTest::qWait(100);
    }

    void cleanupTestCase()
    {
        m_network.clearConnectionCache();
        QTest::qWait(100);
        m_simulator.reset();
    }
};

QTEST_GUILESS_MAIN(TestExchangeSimOrders)
#include "test_exchange_sim_orders.moc"
