#pragma once

#include "core/market_types.h"

#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QtGlobal>

#include <optional>
#include <variant>
#include <vector>

// Trading as the workstation shows it (bcf.v1.TradingService): orders, fills, the portfolio,
// risk and reconciliation notices, and the requests of the order ticket. Prices, quantities and
// amounts keep the server's decimal strings; the arithmetic the ticket needs (notional, a share
// of a balance) is done exactly on the fixed-point values, never through a double. Pure values
// and functions, usable on any thread.
namespace bcf::app {

enum class OrderType { Market, Limit, StopMarket, StopLimit, TrailingStop };
enum class TimeInForce { GoodTillCancel, ImmediateOrCancel, FillOrKill };
enum class OrderState {
    Unspecified,
    New,             // journaled, not sent yet
    Submitted,       // sent to the venue
    Accepted,        // resting (or a held stop)
    PartiallyFilled,
    Filled,
    Cancelled,
    Rejected,
    Expired,
};

// Whether an order in `state` may still fill (and can be cancelled).
bool isOpenState(OrderState state);
// Translated names as the tables show them ("Limit", "Stop limit", "GTC", "Partially filled").
QString orderTypeName(OrderType type);
QString timeInForceName(TimeInForce tif);
QString orderStateName(OrderState state);
QString sideName(Side side);
// The account's risk state as the server names it (ACTIVE, REDUCING, HALTED), translated.
QString accountStateName(const QString& state);

// Which fields an order type has.
bool hasLimitPrice(OrderType type);
bool hasStopPrice(OrderType type);
// IOC and FOK apply to limit orders only; the others are GTC.
bool allowsTimeInForce(OrderType type, TimeInForce tif);

struct Order {
    QString clientOrderId;
    QString venue;
    QString symbol;
    Side side = Side::Unknown;
    OrderType type = OrderType::Market;
    TimeInForce timeInForce = TimeInForce::GoodTillCancel;
    QString quantity;
    QString price;     // "" when the type has none
    QString stopPrice; // "" when the type has none
    int trailingBasisPoints = 0;
    bool postOnly = false;
    bool reduceOnly = false;
    OrderState state = OrderState::Unspecified;
    QString venueOrderId;
    QString filledQuantity;
    QString averagePrice; // "" without fills
    QString fees;         // in the quote asset
    QString reason;       // why it was rejected, cancelled or expired
    QString ocoGroup;
    qint64 botId = 0; // 0: a manual order
    qint64 createdMs = 0;
    qint64 updatedMs = 0;

    bool isOpen() const { return isOpenState(state); }
    friend bool operator==(const Order&, const Order&) = default;
};

struct Fill {
    QString tradeId;
    QString clientOrderId;
    QString venue;
    QString symbol;
    Side side = Side::Unknown;
    QString price;
    QString quantity;
    QString fee;
    QString feeAsset;
    bool maker = false;
    qint64 timeMs = 0;
    qint64 botId = 0;

    friend bool operator==(const Fill&, const Fill&) = default;
};

struct Balance {
    QString asset;
    QString free;
    QString locked;
    QString value; // (free + locked) in the portfolio's currency; "" when unknown

    friend bool operator==(const Balance&, const Balance&) = default;
};

struct Position {
    QString symbol;
    QString quantity; // signed: long > 0
    QString averageEntry;
    QString lastPrice;
    QString realizedPnl;
    QString unrealizedPnl;
    QString fees;

    friend bool operator==(const Position&, const Position&) = default;
};

struct Portfolio {
    QString venue;
    QString currency; // what values and PnL are counted in ("USDT")
    std::vector<Balance> balances;
    std::vector<Position> positions;
    QString equity;
    QString realizedPnl;
    QString unrealizedPnl;
    QString fees;
    QString accountState; // ACTIVE, REDUCING, HALTED
    qint64 timeMs = 0;

    // The balance of `asset`, or null.
    const Balance* balance(const QString& asset) const;
    friend bool operator==(const Portfolio&, const Portfolio&) = default;
};

// The account's risk state changed (a breach, the kill switch, a reset).
struct RiskNotice {
    qint64 timeMs = 0;
    QString from;
    QString to;
    QString message;

    friend bool operator==(const RiskNotice&, const RiskNotice&) = default;
};

// bcf-core reconciled the account with a venue: what differed and what was done.
struct ReconciliationNotice {
    qint64 timeMs = 0;
    QString venue;
    QString message;

    friend bool operator==(const ReconciliationNotice&, const ReconciliationNotice&) = default;
};

// One message of StreamTrading.
using TradingEvent = std::variant<Order, Fill, Portfolio, RiskNotice, ReconciliationNotice>;

struct EquityPoint {
    qint64 timeMs = 0;
    QString equity;

    friend bool operator==(const EquityPoint&, const EquityPoint&) = default;
};

// PlaceOrder's request; decimals as typed (a dot, at most 8 places).
struct OrderRequest {
    QString symbol;
    Side side = Side::Buy;
    OrderType type = OrderType::Limit;
    TimeInForce timeInForce = TimeInForce::GoodTillCancel;
    QString quantity;
    QString price;
    QString stopPrice;
    int trailingBasisPoints = 0;
    bool postOnly = false;
    bool reduceOnly = false;
    QString idempotencyKey;
    QString venue; // "paper" or a live venue ("binance"); "" = paper

    friend bool operator==(const OrderRequest&, const OrderRequest&) = default;
};

// PlaceOco's request: a take-profit limit and a stop (stop-limit when stopLimitPrice is set).
struct OcoRequest {
    QString symbol;
    Side side = Side::Sell;
    QString quantity;
    QString limitPrice;
    QString stopPrice;
    QString stopLimitPrice;
    bool reduceOnly = false;
    QString idempotencyKey;
    QString venue; // as OrderRequest::venue

    friend bool operator==(const OcoRequest&, const OcoRequest&) = default;
};

struct OcoOrders {
    Order limitLeg;
    Order stopLeg;
};

struct KillSwitchResult {
    QString accountState;
    int ordersCancelled = 0;
    int positionsClosed = 0;
};

// Venues, as the server names them: "paper" (simulated fills; "" means paper too) and the live
// venues of the exchanges the user holds a working key for ("binance"). An order on a live venue
// is a real order with real money.
inline constexpr QStringView paperVenue = u"paper";
// "" as "paper"; other names as they are.
QString normalizedVenue(const QString& venue);
bool isLiveVenue(const QString& venue);
// The venues a user may trade on, as ListExchangeKeys lists them, cleaned for the choosers:
// paper always first (even when the list is empty or lacks it), then the others in the
// server's order, each once; empty names dropped.
QStringList tradableVenues(const QStringList& fromServer);
// A venue as the choosers and tables show it: "Paper", "Binance (live)", an unknown one as its
// name (translated).
QString venueDisplayName(const QString& venue);
// An exchange's name: "Binance" for "binance", an unknown one as it is.
QString exchangeDisplayName(const QString& exchange);

// An exchange API key as the server shows it: never the key or its secret, only the key's last
// characters (apiKeyHint).
struct ExchangeKey {
    qint64 id = 0;
    QString exchange; // "binance"
    QString label;
    QString apiKeyHint;
    bool canTrade = false;
    qint64 createdMs = 0;

    friend bool operator==(const ExchangeKey&, const ExchangeKey&) = default;
};

// ListExchangeKeys' answer.
struct ExchangeKeyList {
    std::vector<ExchangeKey> keys;
    QStringList venues;               // tradableVenues() of the server's list
    bool liveTradingEnabled = false; // false: the node cannot trade on live venues at all
};

// The end of an API key as the keys table shows it: "…abcd"; "" stays "".
QString apiKeyHintText(const QString& hint);

// The failure of a trading call: a sentence for the user and, when the server refused a field
// (INVALID_ARGUMENT "quantity: …"), that field's name as the server wrote it ("quantity",
// "price", "stop price", "limit price", "stop limit price", "trailing distance", "time in
// force", "post-only", "symbol", "prices", "reason"; for exchange keys "api key", "secret key",
// "label", "exchange") and the rest of the message.
struct TradingError {
    QString message;
    QString field;
    QString fieldMessage;
};

// Splits a server's INVALID_ARGUMENT message "field: what is wrong" (the field in lower-case
// words, at most four); nullopt when the message does not start with one.
std::optional<std::pair<QString, QString>> splitFieldError(const QString& message);

// price × quantity of two protocol decimals, exact (8 places); nullopt when either is not a
// non-negative decimal or the product does not fit.
std::optional<QString> multiplyDecimals(QStringView price, QStringView quantity);

// The quantity that `percent` % of `funds` buys at `price` (funds in the quote asset), or sells
// (funds in the base asset, price ignored), rounded down to a multiple of `lotSize` (no
// rounding when it is empty or zero). nullopt when an input is unreadable, the price is not
// positive, or the result is zero.
std::optional<QString> quantityForShare(QStringView funds, int percent, Side side,
                                        QStringView price, QStringView lotSize);

// Percent (e.g. "1.5") as basis points (150); nullopt unless it is a decimal with at most two
// places between 0.01 and 20.
std::optional<int> percentToBasisPoints(QStringView percent);

// Whether `text` is a positive protocol decimal.
bool isPositiveDecimal(QStringView text);

// The sign of a protocol decimal: -1, 0 or 1 (0 for unreadable text).
int decimalSign(QStringView text);

// A protocol decimal for display: `decimals` places when decimals >= 0 (see formatDecimal()),
// otherwise its exact value with at least `minimumDecimals` places ("1.4985", "9849.98",
// "100.00"); the locale's decimal point and minus sign, no group separators. "" stays "".
QString formatAmount(QStringView text, int decimals, int minimumDecimals = 0,
                     const QLocale& locale = QLocale());
// The same with a sign on positive values too ("+12.50", "−3.10"), for PnL.
QString formatSignedAmount(QStringView text, int decimals, const QLocale& locale = QLocale());

} // namespace bcf::app

Q_DECLARE_METATYPE(bcf::app::Order)
Q_DECLARE_METATYPE(bcf::app::Fill)
Q_DECLARE_METATYPE(bcf::app::Portfolio)
