#pragma once

#include "core/trading_types.h"

#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QtGlobal>

#include <optional>
#include <variant>
#include <vector>

// Bots as the workstation shows them (bcf.v1.BotService, docs/bots.md): a bot's definition
// (kind, market, parameters, budget, limits), its live state and ledger, its log and equity,
// and the display-only previews of the create wizard (a grid's level prices, a DCA bot's
// safety-order plan). Amounts keep the server's decimal strings; the previews compute on the
// fixed-point values. Pure values and functions, usable on any thread.
namespace bcf::app {

enum class BotKind { Unspecified, Strategy, Grid, Dca };
enum class BotState {
    Unspecified,
    Stopped, // not trading; its orders were cancelled when it stopped
    Running,
    Paused, // no new decisions; its working orders stay
    Failed, // stopped by an error or by risk; Bot::stateReason says why
};

// Translated names ("Strategy", "Grid", "DCA"; "Running", "Paused" …).
QString botKindName(BotKind kind);
QString botStateName(BotState state);
// What the life cycle allows from `state` (docs/bots.md): start from stopped, failed or
// paused; pause a running bot; stop a running or paused one; delete a stopped or failed one.
bool canStartBot(BotState state);
bool canPauseBot(BotState state);
bool canStopBot(BotState state);
bool canDeleteBot(BotState state);

struct BotParameter {
    QString name;
    QString value; // a number as text

    friend bool operator==(const BotParameter&, const BotParameter&) = default;
};

struct BotLimits {
    QString maxPosition;  // base asset; "" = none
    QString maxDailyLoss; // quote asset; "" = none
    int maxDrawdownBasisPoints = 0; // 0 = none
    int maxOpenOrders = 0;          // 0 = none

    friend bool operator==(const BotLimits&, const BotLimits&) = default;
};

struct BotDefinition {
    QString name;
    BotKind kind = BotKind::Unspecified;
    QString exchange; // "binance"
    QString symbol;
    QString timeframe; // strategy and DCA bots; grid bots ignore it
    QString venue;     // "paper"
    QString strategyName;   // STRATEGY: a saved strategy (the server stores "name vN")
    QString strategySource; // STRATEGY: or the source itself
    std::vector<BotParameter> parameters;
    QString budget; // quote asset the bot may use
    BotLimits limits;

    // The value of parameter `name`, or "" when it is not set.
    QString parameter(const QString& name) const;
    friend bool operator==(const BotDefinition&, const BotDefinition&) = default;
};

struct Bot {
    qint64 id = 0;
    BotDefinition definition;
    BotState state = BotState::Unspecified;
    QString stateReason;
    QString position; // base asset the bot holds
    QString averageEntry; // "" when flat
    QString equity;
    QString realizedPnl;
    QString unrealizedPnl;
    QString fees;
    int openOrders = 0;
    qint64 createdMs = 0;
    qint64 updatedMs = 0;
    QString node; // the core node driving it
    qint64 lastBarMs = 0;

    friend bool operator==(const Bot&, const Bot&) = default;
};

// A line of a bot's log.
struct BotEvent {
    qint64 botId = 0;
    qint64 timeMs = 0;
    QString level; // INFO, WARN, ERROR
    QString message;

    friend bool operator==(const BotEvent&, const BotEvent&) = default;
};

// A bot was deleted (StreamBots).
struct BotDeleted {
    qint64 id = 0;
    friend bool operator==(const BotDeleted&, const BotDeleted&) = default;
};

// One message of StreamBots: a bot's new state, a line of its log, or its deletion.
using BotUpdate = std::variant<Bot, BotEvent, BotDeleted>;

// Where the create wizard shows a field the server refused.
enum class BotFormSection { General, Market, Settings, Budget };

// The section of the wizard that holds `field` of a server INVALID_ARGUMENT message, as
// bcf-core names them: "name", "kind" (General); "symbol", "timeframe", "exchange", "venue"
// (Market); "budget", "limits", "max position", "max daily loss" (Budget); "strategy",
// "parameters" and the grid's and DCA's own fields ("levels", "lowerPrice",
// "quantityPerLevel", "takeProfitBasisPoints" …) (Settings).
BotFormSection botFieldSection(const QString& field);

// Splits a bot INVALID_ARGUMENT message "field: what is wrong"; unlike splitFieldError() the
// field may be camelCase ("quantityPerLevel: 0.049 at …"). nullopt without a field.
std::optional<std::pair<QString, QString>> splitBotFieldError(const QString& message);

// The level prices of a grid (docs/bots-grid-dca.md), lowest first, as decimal text rounded to
// `tickSize` ("" or "0": 0.01): arithmetic exactly as the bot computes them; geometric through
// a double, for display only (the bot's integer ratio may differ by a tick). nullopt when an
// input is unreadable, lower ≥ upper, levels is outside 2..200, or two levels collapse.
std::optional<QStringList> gridLevelPrices(QStringView lower, QStringView upper, int levels,
                                           bool geometric, QStringView tickSize);

// The quote a grid needs at `price` ("" = the middle of the range): the buys below the level
// nearest to the price (quantity × level each) plus the base its sells above need, bought at
// the price (quantity × levels above × price). Exact; nullopt when an input is unreadable.
std::optional<QString> gridCapitalNeeded(const QStringList& levels, QStringView quantity,
                                         QStringView price);

// One safety order of a DCA plan for a base fill at 100 % (display only).
struct DcaStep {
    int index = 0;             // 1 … max safety orders
    double deviationPercent = 0; // cumulative distance below the base fill, in %
    QString quote;             // quote spent, exact
    QString totalQuote;        // base order + safety orders 1 … index
};

// The safety orders of a DCA bot (docs/bots-grid-dca.md "Formulas"), for the wizard's preview:
// D_k = d × (1 + s + … + s^(k−1)), V_k = safety × v^(k−1). Quotes are rounded to 8 places.
// Empty when an input is unreadable.
std::vector<DcaStep> dcaPlan(QStringView baseOrder, QStringView safetyOrder, int maxSafetyOrders,
                             int deviationBasisPoints, int stepScalePercent,
                             int volumeScalePercent);

} // namespace bcf::app

Q_DECLARE_METATYPE(bcf::app::Bot)
Q_DECLARE_METATYPE(bcf::app::BotEvent)
