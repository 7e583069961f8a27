#include "core/session_controller.h"

#include "bcf/app/build_info.h"
#include "core/grpc_status_text.h"
#include "core/model_proto.h"
#include "core/news_proto.h"
#include "core/token_vault.h"

#include <bcf/v1/auth.grpc.pb.h>
#include <bcf/v1/bots.grpc.pb.h>
#include <bcf/v1/jobs.grpc.pb.h>
#include <bcf/v1/market_data.grpc.pb.h>
#include <bcf/v1/models.grpc.pb.h>
#include <bcf/v1/news.grpc.pb.h>
#include <bcf/v1/strategy.grpc.pb.h>
#include <bcf/v1/system.grpc.pb.h>
#include <bcf/v1/trading.grpc.pb.h>
#include <grpcpp/grpcpp.h>

#include <QCoreApplication>
#include <QFile>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSysInfo>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

using namespace Qt::StringLiterals;

namespace bcf::app {

namespace {

Q_LOGGING_CATEGORY(logSession, "bcf.app.session")

QDateTime fromUnixMs(qint64 ms)
{
    return ms > 0 ? QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC) : QDateTime();
}

UserRole toRole(v1::Role role)
{
    switch (role) {
    case v1::ROLE_TRADER:
        return UserRole::Trader;
    case v1::ROLE_ADMIN:
        return UserRole::Admin;
    case v1::ROLE_SUPPORT:
        return UserRole::Support;
    case v1::ROLE_FINANCE:
        return UserRole::Finance;
    case v1::ROLE_MARKETING:
        return UserRole::Marketing;
    case v1::ROLE_SALES:
        return UserRole::Sales;
    case v1::ROLE_AUDITOR:
        return UserRole::Auditor;
    default:
        return UserRole::Unspecified;
    }
}

// Shared between the controller and its calls in flight. The controller clears `target` in its
// destructor under the mutex, so a gRPC thread never posts to a destroyed object. A call whose
// answer arrives after that parks its state (which holds a channel reference) in `held`; the
// destructor waits until `inFlight` is zero and then releases `held` on the GUI thread.
struct Dispatcher {
    std::mutex mutex;
    std::condition_variable idle;
    QObject* target = nullptr;
    int inFlight = 0;
    std::vector<std::weak_ptr<grpc::ClientContext>> active;
    std::vector<std::shared_ptr<void>> held;
};

bool isTransportFailure(const grpc::Status& status)
{
    return status.error_code() == grpc::StatusCode::UNAVAILABLE
        || status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED;
}

template <typename Request, typename Response>
struct CallState {
    std::shared_ptr<grpc::Channel> channel; // keeps the channel alive for the call
    std::shared_ptr<grpc::ClientContext> context = std::make_shared<grpc::ClientContext>();
    Request request;
    Response response;
    std::chrono::steady_clock::time_point started;
    qint64 startedUnixMs = 0;
};

std::optional<Candle> toCandle(const v1::Candle& candle)
{
    return candleFromDecimals(candle.open_time_unix_ms(), QString::fromStdString(candle.open()),
                              QString::fromStdString(candle.high()),
                              QString::fromStdString(candle.low()),
                              QString::fromStdString(candle.close()),
                              QString::fromStdString(candle.volume()), candle.closed());
}

// The GetCandles request of a query; getCandles and getExactCandles parse the same answer two ways.
v1::GetCandlesRequest candlesRequest(const SessionController::CandleQuery& query)
{
    v1::GetCandlesRequest request;
    request.set_exchange(query.exchange.toStdString());
    request.set_symbol(query.symbol.toStdString());
    request.set_timeframe(query.timeframe.toStdString());
    request.set_from_unix_ms(query.fromUnixMs);
    request.set_to_unix_ms(query.toUnixMs);
    request.set_limit(query.limit);
    return request;
}

Side toSide(v1::Side side)
{
    switch (side) {
    case v1::SIDE_BUY:
        return Side::Buy;
    case v1::SIDE_SELL:
        return Side::Sell;
    default:
        return Side::Unknown;
    }
}

std::optional<Trade> toTrade(const v1::Trade& trade)
{
    return tradeFromDecimals(trade.id(), trade.time_unix_ms(),
                             QString::fromStdString(trade.price()),
                             QString::fromStdString(trade.quantity()), toSide(trade.aggressor()));
}

// A snapshot with an unreadable level is dropped whole: a book with a hole would mislead.
std::optional<BookSnapshot> toBook(const v1::OrderBook& book)
{
    BookSnapshot snapshot;
    snapshot.updateId = book.update_id();
    snapshot.timeMs = book.time_unix_ms();
    const auto convert = [](const auto& levels, std::vector<BookLevel>& into) {
        into.reserve(std::size_t(levels.size()));
        for (const v1::BookLevel& level : levels) {
            auto parsed = bookLevelFromDecimals(QString::fromStdString(level.price()),
                                                QString::fromStdString(level.quantity()));
            if (!parsed)
                return false;
            into.push_back(std::move(*parsed));
        }
        return true;
    };
    if (!convert(book.bids(), snapshot.bids) || !convert(book.asks(), snapshot.asks))
        return std::nullopt;
    return snapshot;
}

std::optional<Ticker> toTicker(const v1::Ticker& ticker)
{
    Ticker result{.exchange = QString::fromStdString(ticker.exchange()),
                  .symbol = QString::fromStdString(ticker.symbol()),
                  .lastPrice = QString::fromStdString(ticker.last_price()),
                  .openPrice = QString::fromStdString(ticker.open_price()),
                  .highPrice = QString::fromStdString(ticker.high_price()),
                  .lowPrice = QString::fromStdString(ticker.low_price()),
                  .volume = QString::fromStdString(ticker.volume()),
                  .quoteVolume = QString::fromStdString(ticker.quote_volume()),
                  .timeMs = ticker.time_unix_ms()};
    if (result.symbol.isEmpty() || !decimalToDouble(result.lastPrice))
        return std::nullopt;
    return result;
}

Instrument toInstrument(const v1::Instrument& instrument)
{
    return Instrument{.exchange = QString::fromStdString(instrument.exchange()),
                      .symbol = QString::fromStdString(instrument.symbol()),
                      .base = QString::fromStdString(instrument.base()),
                      .quote = QString::fromStdString(instrument.quote()),
                      .tickSize = QString::fromStdString(instrument.tick_size()),
                      .lotSize = QString::fromStdString(instrument.lot_size()),
                      .minNotional = QString::fromStdString(instrument.min_notional()),
                      .pricePrecision = std::clamp(instrument.price_precision(), 0, 18),
                      .quantityPrecision = std::clamp(instrument.quantity_precision(), 0, 18)};
}

StrategyDocument toStrategyDocument(const v1::StrategyDocument& document)
{
    return {.id = QString::number(document.id()),
            .name = QString::fromStdString(document.name()),
            .version = document.version(),
            .source = QString::fromStdString(document.source()),
            .comment = QString::fromStdString(document.comment()),
            .createdAt = fromUnixMs(document.created_at_unix_ms()),
            .author = QString::fromStdString(document.author())};
}

QString text(const std::string& value)
{
    return QString::fromStdString(value);
}

OrderType toOrderType(v1::OrderType type)
{
    switch (type) {
    case v1::ORDER_TYPE_LIMIT:
        return OrderType::Limit;
    case v1::ORDER_TYPE_STOP_MARKET:
        return OrderType::StopMarket;
    case v1::ORDER_TYPE_STOP_LIMIT:
        return OrderType::StopLimit;
    case v1::ORDER_TYPE_TRAILING_STOP:
        return OrderType::TrailingStop;
    default:
        return OrderType::Market;
    }
}

v1::OrderType protoOrderType(OrderType type)
{
    switch (type) {
    case OrderType::Market:
        return v1::ORDER_TYPE_MARKET;
    case OrderType::Limit:
        return v1::ORDER_TYPE_LIMIT;
    case OrderType::StopMarket:
        return v1::ORDER_TYPE_STOP_MARKET;
    case OrderType::StopLimit:
        return v1::ORDER_TYPE_STOP_LIMIT;
    case OrderType::TrailingStop:
        return v1::ORDER_TYPE_TRAILING_STOP;
    }
    return v1::ORDER_TYPE_UNSPECIFIED;
}

TimeInForce toTimeInForce(v1::TimeInForce tif)
{
    switch (tif) {
    case v1::TIME_IN_FORCE_IOC:
        return TimeInForce::ImmediateOrCancel;
    case v1::TIME_IN_FORCE_FOK:
        return TimeInForce::FillOrKill;
    default:
        return TimeInForce::GoodTillCancel;
    }
}

v1::TimeInForce protoTimeInForce(TimeInForce tif)
{
    switch (tif) {
    case TimeInForce::GoodTillCancel:
        return v1::TIME_IN_FORCE_GTC;
    case TimeInForce::ImmediateOrCancel:
        return v1::TIME_IN_FORCE_IOC;
    case TimeInForce::FillOrKill:
        return v1::TIME_IN_FORCE_FOK;
    }
    return v1::TIME_IN_FORCE_UNSPECIFIED;
}

v1::Side protoSide(Side side)
{
    switch (side) {
    case Side::Buy:
        return v1::SIDE_BUY;
    case Side::Sell:
        return v1::SIDE_SELL;
    case Side::Unknown:
        break;
    }
    return v1::SIDE_UNSPECIFIED;
}

OrderState toOrderState(v1::OrderState state)
{
    switch (state) {
    case v1::ORDER_STATE_NEW:
        return OrderState::New;
    case v1::ORDER_STATE_SUBMITTED:
        return OrderState::Submitted;
    case v1::ORDER_STATE_ACCEPTED:
        return OrderState::Accepted;
    case v1::ORDER_STATE_PARTIALLY_FILLED:
        return OrderState::PartiallyFilled;
    case v1::ORDER_STATE_FILLED:
        return OrderState::Filled;
    case v1::ORDER_STATE_CANCELLED:
        return OrderState::Cancelled;
    case v1::ORDER_STATE_REJECTED:
        return OrderState::Rejected;
    case v1::ORDER_STATE_EXPIRED:
        return OrderState::Expired;
    default:
        return OrderState::Unspecified;
    }
}

Order toOrder(const v1::Order& order)
{
    return Order{.clientOrderId = text(order.client_order_id()),
                 .venue = text(order.venue()),
                 .symbol = text(order.symbol()),
                 .side = toSide(order.side()),
                 .type = toOrderType(order.type()),
                 .timeInForce = toTimeInForce(order.time_in_force()),
                 .quantity = text(order.quantity()),
                 .price = text(order.price()),
                 .stopPrice = text(order.stop_price()),
                 .trailingBasisPoints = order.trailing_basis_points(),
                 .postOnly = order.post_only(),
                 .reduceOnly = order.reduce_only(),
                 .state = toOrderState(order.state()),
                 .venueOrderId = text(order.venue_order_id()),
                 .filledQuantity = text(order.filled_quantity()),
                 .averagePrice = text(order.average_price()),
                 .fees = text(order.fees()),
                 .reason = text(order.reason()),
                 .ocoGroup = text(order.oco_group()),
                 .botId = order.bot_id(),
                 .createdMs = order.created_unix_ms(),
                 .updatedMs = order.updated_unix_ms()};
}

Fill toFill(const v1::Fill& fill)
{
    return Fill{.tradeId = text(fill.trade_id()),
                .clientOrderId = text(fill.client_order_id()),
                .venue = text(fill.venue()),
                .symbol = text(fill.symbol()),
                .side = toSide(fill.side()),
                .price = text(fill.price()),
                .quantity = text(fill.quantity()),
                .fee = text(fill.fee()),
                .feeAsset = text(fill.fee_asset()),
                .maker = fill.maker(),
                .timeMs = fill.time_unix_ms(),
                .botId = fill.bot_id()};
}

Portfolio toPortfolio(const v1::Portfolio& portfolio)
{
    Portfolio result{.venue = text(portfolio.venue()),
                     .currency = text(portfolio.currency()),
                     .balances = {},
                     .positions = {},
                     .equity = text(portfolio.equity()),
                     .realizedPnl = text(portfolio.realized_pnl()),
                     .unrealizedPnl = text(portfolio.unrealized_pnl()),
                     .fees = text(portfolio.fees()),
                     .accountState = text(portfolio.account_state()),
                     .timeMs = portfolio.time_unix_ms()};
    result.balances.reserve(std::size_t(portfolio.balances_size()));
    for (const v1::Balance& balance : portfolio.balances())
        result.balances.push_back({.asset = text(balance.asset()),
                                   .free = text(balance.free()),
                                   .locked = text(balance.locked()),
                                   .value = text(balance.value())});
    result.positions.reserve(std::size_t(portfolio.positions_size()));
    for (const v1::Position& position : portfolio.positions())
        result.positions.push_back({.symbol = text(position.symbol()),
                                    .quantity = text(position.quantity()),
                                    .averageEntry = text(position.average_entry()),
                                    .lastPrice = text(position.last_price()),
                                    .realizedPnl = text(position.realized_pnl()),
                                    .unrealizedPnl = text(position.unrealized_pnl()),
                                    .fees = text(position.fees())});
    return result;
}

// An event the workstation does not know (a newer server) is skipped.
std::optional<TradingEvent> toTradingEvent(const v1::TradingEvent& event)
{
    switch (event.event_case()) {
    case v1::TradingEvent::kOrder:
        return TradingEvent(toOrder(event.order()));
    case v1::TradingEvent::kFill:
        return TradingEvent(toFill(event.fill()));
    case v1::TradingEvent::kPortfolio:
        return TradingEvent(toPortfolio(event.portfolio()));
    case v1::TradingEvent::kRisk:
        return TradingEvent(RiskNotice{.timeMs = event.risk().time_unix_ms(),
                                       .from = text(event.risk().from()),
                                       .to = text(event.risk().to()),
                                       .message = text(event.risk().message())});
    case v1::TradingEvent::kReconciliation:
        return TradingEvent(
            ReconciliationNotice{.timeMs = event.reconciliation().time_unix_ms(),
                                 .venue = text(event.reconciliation().venue()),
                                 .message = text(event.reconciliation().message())});
    default:
        return std::nullopt;
    }
}

// A failed trading call as the ticket shows it: the field the server refused, when it named one.
TradingError tradingError(const grpc::Status& status, const QString& endpoint)
{
    TradingError error{
        .message = describeStatus(status, endpoint), .field = {}, .fieldMessage = {}};
    if (status.error_code() == grpc::StatusCode::INVALID_ARGUMENT) {
        if (auto split = splitFieldError(text(status.error_message()))) {
            error.field = split->first;
            error.fieldMessage = split->second;
        }
    }
    return error;
}

BotKind toBotKind(v1::BotKind kind)
{
    switch (kind) {
    case v1::BOT_KIND_STRATEGY:
        return BotKind::Strategy;
    case v1::BOT_KIND_GRID:
        return BotKind::Grid;
    case v1::BOT_KIND_DCA:
        return BotKind::Dca;
    default:
        return BotKind::Unspecified;
    }
}

v1::BotKind protoBotKind(BotKind kind)
{
    switch (kind) {
    case BotKind::Strategy:
        return v1::BOT_KIND_STRATEGY;
    case BotKind::Grid:
        return v1::BOT_KIND_GRID;
    case BotKind::Dca:
        return v1::BOT_KIND_DCA;
    case BotKind::Unspecified:
        break;
    }
    return v1::BOT_KIND_UNSPECIFIED;
}

BotState toBotState(v1::BotState state)
{
    switch (state) {
    case v1::BOT_STATE_STOPPED:
        return BotState::Stopped;
    case v1::BOT_STATE_RUNNING:
        return BotState::Running;
    case v1::BOT_STATE_PAUSED:
        return BotState::Paused;
    case v1::BOT_STATE_FAILED:
        return BotState::Failed;
    default:
        return BotState::Unspecified;
    }
}

BotDefinition toBotDefinition(const v1::BotDefinition& definition)
{
    BotDefinition result{.name = text(definition.name()),
                         .kind = toBotKind(definition.kind()),
                         .exchange = text(definition.exchange()),
                         .symbol = text(definition.symbol()),
                         .timeframe = text(definition.timeframe()),
                         .venue = text(definition.venue()),
                         .strategyName = text(definition.strategy_name()),
                         .strategySource = text(definition.strategy_source()),
                         .parameters = {},
                         .budget = text(definition.budget()),
                         .limits = {.maxPosition = text(definition.limits().max_position()),
                                    .maxDailyLoss = text(definition.limits().max_daily_loss()),
                                    .maxDrawdownBasisPoints =
                                        definition.limits().max_drawdown_basis_points(),
                                    .maxOpenOrders = definition.limits().max_open_orders()}};
    for (const v1::BotParameter& parameter : definition.parameters())
        result.parameters.push_back({.name = text(parameter.name()), .value = text(parameter.value())});
    return result;
}

void toProtoDefinition(const BotDefinition& definition, v1::BotDefinition* out)
{
    out->set_name(definition.name.trimmed().toStdString());
    out->set_kind(protoBotKind(definition.kind));
    out->set_exchange(definition.exchange.toStdString());
    out->set_symbol(definition.symbol.toStdString());
    out->set_timeframe(definition.timeframe.toStdString());
    out->set_venue(definition.venue.toStdString());
    out->set_strategy_name(definition.strategyName.toStdString());
    out->set_strategy_source(definition.strategySource.toStdString());
    for (const BotParameter& parameter : definition.parameters) {
        auto* added = out->add_parameters();
        added->set_name(parameter.name.toStdString());
        added->set_value(parameter.value.trimmed().toStdString());
    }
    out->set_budget(definition.budget.trimmed().toStdString());
    auto* limits = out->mutable_limits();
    limits->set_max_position(definition.limits.maxPosition.trimmed().toStdString());
    limits->set_max_daily_loss(definition.limits.maxDailyLoss.trimmed().toStdString());
    limits->set_max_drawdown_basis_points(definition.limits.maxDrawdownBasisPoints);
    limits->set_max_open_orders(definition.limits.maxOpenOrders);
}

Bot toBot(const v1::Bot& bot)
{
    return Bot{.id = bot.id(),
               .definition = toBotDefinition(bot.definition()),
               .state = toBotState(bot.state()),
               .stateReason = text(bot.state_reason()),
               .position = text(bot.position()),
               .averageEntry = text(bot.average_entry()),
               .equity = text(bot.equity()),
               .realizedPnl = text(bot.realized_pnl()),
               .unrealizedPnl = text(bot.unrealized_pnl()),
               .fees = text(bot.fees()),
               .openOrders = bot.open_orders(),
               .createdMs = bot.created_unix_ms(),
               .updatedMs = bot.updated_unix_ms(),
               .node = text(bot.node()),
               .lastBarMs = bot.last_bar_unix_ms()};
}

BotEvent toBotEvent(const v1::BotEvent& event)
{
    return BotEvent{.botId = event.bot_id(),
                    .timeMs = event.time_unix_ms(),
                    .level = text(event.level()),
                    .message = text(event.message())};
}

// An update the workstation does not know (a newer server) is skipped.
std::optional<BotUpdate> toBotUpdate(const v1::BotUpdate& update)
{
    switch (update.update_case()) {
    case v1::BotUpdate::kBot:
        return BotUpdate(toBot(update.bot()));
    case v1::BotUpdate::kEvent:
        return BotUpdate(toBotEvent(update.event()));
    case v1::BotUpdate::kDeletedBotId:
        return BotUpdate(BotDeleted{.id = update.deleted_bot_id()});
    default:
        return std::nullopt;
    }
}

ExchangeKey toExchangeKey(const v1::ExchangeKey& key)
{
    return ExchangeKey{.id = key.id(),
                       .exchange = text(key.exchange()),
                       .label = text(key.label()),
                       .apiKeyHint = text(key.api_key_hint()),
                       .canTrade = key.can_trade(),
                       .createdMs = key.created_unix_ms()};
}

QStringList venuesOf(const v1::ListExchangeKeysResponse& response)
{
    QStringList venues;
    for (const std::string& venue : response.venues())
        venues.append(text(venue));
    return tradableVenues(venues);
}

// A refused bot definition: the field as bcf-core names it (camelCase fields included).
TradingError botError(const grpc::Status& status, const QString& endpoint)
{
    TradingError error{
        .message = describeStatus(status, endpoint), .field = {}, .fieldMessage = {}};
    if (status.error_code() == grpc::StatusCode::INVALID_ARGUMENT
        || status.error_code() == grpc::StatusCode::ALREADY_EXISTS) {
        if (auto split = splitBotFieldError(text(status.error_message()))) {
            error.field = split->first;
            error.fieldMessage = split->second;
        } else if (status.error_code() == grpc::StatusCode::ALREADY_EXISTS) {
            error.field = u"name"_s;
            error.fieldMessage = text(status.error_message());
        }
    }
    return error;
}


JobResult toJobResult(const v1::Job& job)
{
    switch (job.result_case()) {
    case v1::Job::kBacktest: {
        BacktestJobResult result{.metrics = fromProtoMetrics(job.backtest().metrics()),
                                 .bars = job.backtest().bars(),
                                 .equity = {}};
        result.equity.reserve(std::size_t(job.backtest().equity_size()));
        for (const v1::EquityPoint& point : job.backtest().equity())
            result.equity.push_back(
                {.timeMs = point.time_unix_ms(), .equity = text(point.equity())});
        return result;
    }
    case v1::Job::kOptimization: {
        const v1::OptimizationReport& report = job.optimization();
        OptimizationJobResult result;
        result.totalTrials = std::max<qint64>(report.total_trials(), report.trials_size());
        for (const v1::OptimizationTrial& trial : report.trials()) {
            if (!trial.ok())
                ++result.failedTrials;
        }
        result.probabilityOfOverfitting = report.probability_of_overfitting();
        result.deflatedSharpe = report.deflated_sharpe();
        // best_index is the trial's place in the evaluation order (its `index`).
        const v1::OptimizationTrial* best = nullptr;
        for (const v1::OptimizationTrial& trial : report.trials()) {
            if (report.best_index() >= 0 && trial.index() == report.best_index()) {
                best = &trial;
                break;
            }
        }
        if (!best && report.best_index() >= 0 && report.best_index() < report.trials_size())
            best = &report.trials(int(report.best_index()));
        if (best) {
            result.hasBest = true;
            result.bestObjective = best->objective();
            result.bestMetrics = fromProtoMetrics(best->metrics());
            for (const auto& [name, value] : best->params())
                result.bestParams.emplace_back(text(name), value);
            std::sort(result.bestParams.begin(), result.bestParams.end());
        }
        return result;
    }
    case v1::Job::kTraining: {
        const v1::TrainingReport& report = job.training();
        return TrainingJobResult{.modelName = text(report.model_name()),
                                 .version = report.version(),
                                 .epochs = report.history_size(),
                                 .bestEpoch = report.best_epoch(),
                                 .stoppedEarly = report.stopped_early(),
                                 .testMse = report.test().mse(),
                                 .baselineMse = report.baseline_test().mse(),
                                 .testAccuracy = report.test().directional_accuracy(),
                                 .baselineAccuracy = report.baseline_test().directional_accuracy(),
                                 .agent = report.test().samples() == 0,
                                 .device = text(report.device()),
                                 .parameters = report.parameters(),
                                 .seconds = report.seconds(),
                                 .signalBacktest = fromProtoMetrics(report.signal_backtest()),
                                 .buyAndHold = fromProtoMetrics(report.buy_and_hold())};
    }
    case v1::Job::RESULT_NOT_SET:
        break;
    }
    return std::monostate{};
}

Job toJob(const v1::Job& job)
{
    const auto kind = [&job] {
        switch (job.kind()) {
        case v1::JOB_KIND_BACKTEST:
            return JobKind::Backtest;
        case v1::JOB_KIND_OPTIMIZATION:
            return JobKind::Optimization;
        case v1::JOB_KIND_OPTIMIZATION_SHARD:
            return JobKind::OptimizationPart;
        case v1::JOB_KIND_TRAINING:
            return JobKind::Training;
        default:
            return JobKind::Unspecified;
        }
    }();
    const auto state = [&job] {
        switch (job.state()) {
        case v1::JOB_STATE_QUEUED:
            return JobState::Queued;
        case v1::JOB_STATE_RUNNING:
            return JobState::Running;
        case v1::JOB_STATE_SUCCEEDED:
            return JobState::Succeeded;
        case v1::JOB_STATE_FAILED:
            return JobState::Failed;
        case v1::JOB_STATE_CANCELLED:
            return JobState::Cancelled;
        case v1::JOB_STATE_TIMED_OUT:
            return JobState::TimedOut;
        default:
            return JobState::Unspecified;
        }
    }();
    return Job{.id = job.id(),
               .kind = kind,
               .state = state,
               .label = text(job.label()),
               .progress = job.progress(),
               .message = text(job.message()),
               .error = text(job.error()),
               .attempt = job.attempt(),
               .node = text(job.node()),
               .parentId = job.parent_id(),
               .cancelRequested = job.cancel_requested(),
               .createdMs = job.created_at_unix_ms(),
               .startedMs = job.started_at_unix_ms(),
               .finishedMs = job.finished_at_unix_ms(),
               .timeoutSeconds = job.timeout_seconds(),
               .result = toJobResult(job)};
}

std::optional<Job> toJobUpdate(const v1::Job& job)
{
    return toJob(job);
}

void toProtoBacktestSpec(const JobBacktestSpec& spec, v1::BacktestSpec* out)
{
    out->set_strategy_source(spec.strategySource.toStdString());
    for (const auto& [name, value] : spec.params)
        (*out->mutable_params())[name.toStdString()] = value;
    out->set_exchange(spec.exchange.toStdString());
    out->set_symbol(spec.symbol.toStdString());
    out->set_timeframe(spec.timeframe.toStdString());
    out->set_from_unix_ms(spec.fromUnixMs);
    out->set_to_unix_ms(spec.toUnixMs);
    out->set_initial_cash(spec.initialCash.toStdString());
    out->set_fee_micros(spec.feeMicros);
    out->set_slippage_micros(spec.slippageMicros);
}

} // namespace

struct SessionController::Rpc {
    std::shared_ptr<grpc::Channel> channel;
    std::unique_ptr<v1::AuthService::Stub> auth;
    std::unique_ptr<v1::SystemService::Stub> system;
    std::unique_ptr<v1::MarketDataService::Stub> marketData;
    std::unique_ptr<v1::StrategyService::Stub> strategies;
    std::unique_ptr<v1::TradingService::Stub> trading;
    std::unique_ptr<v1::BotService::Stub> bots;
    std::unique_ptr<v1::JobService::Stub> jobs;
    std::unique_ptr<v1::ModelService::Stub> models;
    std::unique_ptr<v1::NewsService::Stub> news;
    std::shared_ptr<Dispatcher> dispatcher = std::make_shared<Dispatcher>();
};

struct SessionController::StreamCall {
    virtual ~StreamCall() = default;
    std::shared_ptr<grpc::ClientContext> context = std::make_shared<grpc::ClientContext>();
};

// One server-streaming call: `Message`s read from the server, parsed into `Value`s on the gRPC
// thread and delivered to the GUI thread. It is created and deleted on the GUI thread: OnDone
// hands it (and the channel reference it holds) to the GUI thread in a queued call, or parks it
// in the dispatcher when the controller is being destroyed; the controller's destructor
// cancels it and waits for its OnDone like any other call in flight.
template <typename Request, typename Message, typename Value>
struct SessionController::ReadStream final : StreamCall, grpc::ClientReadReactor<Message> {
    using Parse = std::optional<Value> (*)(const Message&);

    ReadStream(std::shared_ptr<Dispatcher> dispatcher, std::shared_ptr<grpc::Channel> channel,
               quint64 id, Parse parse, const char* kind)
        : dispatcher(std::move(dispatcher))
        , channel(std::move(channel))
        , id(id)
        , parse(parse)
        , kind(kind)
    {
    }

    void OnReadDone(bool ok) override
    {
        if (!ok)
            return; // OnDone follows
        if (auto parsed = parse(message)) {
            std::lock_guard lock(dispatcher->mutex);
            if (auto* controller = static_cast<SessionController*>(dispatcher->target)) {
                QMetaObject::invokeMethod(
                    controller,
                    [controller, id = id, value = std::move(*parsed)] {
                        controller->deliverStreamValue(id, &value);
                    },
                    Qt::QueuedConnection);
            }
        } else {
            qCWarning(logSession) << "skipping an unreadable message of a" << kind << "stream";
        }
        this->StartRead(&message);
    }

    void OnDone(const grpc::Status& status) override
    {
        // Nothing of `this` is touched once it has been handed over: the GUI thread may
        // delete it at once.
        const auto shared = dispatcher;
        std::shared_ptr<ReadStream> self(this);
        std::lock_guard lock(shared->mutex);
        if (auto* controller = static_cast<SessionController*>(shared->target)) {
            QMetaObject::invokeMethod(
                controller,
                [controller, self = std::move(self), status]() mutable {
                    const quint64 streamId = self->id;
                    const std::string_view kind = self->kind;
                    self.reset(); // releases the channel reference here, on the GUI thread
                    const bool transient = status.ok() || isTransportFailure(status);
                    const QString message =
                        status.ok()
                            ? (kind == "trading" ? SessionController::tr("The trading stream ended.")
                               : kind == "bots"
                                   ? SessionController::tr("The bots stream ended.")
                               : kind == "jobs"
                                   ? SessionController::tr("The jobs stream ended.")
                                   : SessionController::tr("The market data stream ended."))
                            : describeStatus(status, controller->m_profile.endpoint());
                    controller->finishStream(streamId, transient, message);
                },
                Qt::QueuedConnection);
        } else {
            shared->held.push_back(std::move(self));
        }
        --shared->inFlight;
        shared->idle.notify_all();
    }

    std::shared_ptr<Dispatcher> dispatcher;
    std::shared_ptr<grpc::Channel> channel; // keeps the channel alive for the call
    Request request;
    Message message;
    const quint64 id;
    const Parse parse;
    const char* const kind;
};

SessionController::SessionController(ConnectionProfile profile, TokenVault* vault,
                                     QObject* parent)
    : SessionController(std::move(profile), vault, Timing{}, ReconnectBackoff{}, parent)
{
}

SessionController::SessionController(ConnectionProfile profile, TokenVault* vault,
                                     Timing timing, ReconnectBackoff backoff, QObject* parent)
    : Authenticator(parent)
    , m_profile(std::move(profile))
    , m_vault(vault)
    , m_timing(timing)
    , m_backoff(std::move(backoff))
    , m_rpc(std::make_unique<Rpc>())
{
    qRegisterMetaType<UserInfo>();
    qRegisterMetaType<ServerInfo>();
    qRegisterMetaType<ConnectionState>();
    m_rpc->dispatcher->target = this;

    m_probeTimer.setSingleShot(true);
    m_reconnectTimer.setSingleShot(true);
    m_refreshTimer.setSingleShot(true);
    connect(&m_probeTimer, &QTimer::timeout, this, &SessionController::probe);
    connect(&m_refreshTimer, &QTimer::timeout, this, &SessionController::refreshSession);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &SessionController::reconnect);
    if (m_vault) {
        connect(m_vault, &TokenVault::availabilityChanged, this,
                &SessionController::rememberAvailabilityChanged);
    }
}

SessionController::~SessionController()
{
    const auto dispatcher = m_rpc->dispatcher;
    std::vector<std::weak_ptr<grpc::ClientContext>> active;
    {
        std::lock_guard lock(dispatcher->mutex);
        dispatcher->target = nullptr;
        active.swap(dispatcher->active);
    }
    // Outside the lock: a cancelled call may run its callback on this thread.
    for (const auto& weak : active) {
        if (auto context = weak.lock())
            context->TryCancel();
    }
    std::vector<std::shared_ptr<void>> held;
    bool finished = false;
    {
        std::unique_lock lock(dispatcher->mutex);
        finished = dispatcher->idle.wait_for(lock, std::chrono::seconds(5),
                                             [&dispatcher] { return dispatcher->inFlight == 0; });
        held.swap(dispatcher->held);
    }
    // The parked calls release their channels here, on the GUI thread.
    held.clear();
    if (!finished) {
        // A call ignored its cancellation. Its callback would park its channel in the
        // dispatcher and could then drop the dispatcher's last reference on a gRPC thread:
        // keep the dispatcher (and what it will hold) for the rest of the process instead.
        qCWarning(logSession) << "gRPC calls still in flight at shutdown; leaving them behind";
        new std::shared_ptr<Dispatcher>(dispatcher); // NOLINT: deliberate leak
    }
}

QString SessionController::grpcVersion()
{
    return QString::fromStdString(grpc::Version());
}

bool SessionController::setProfile(const ConnectionProfile& profile)
{
    if (m_loggedIn)
        return false;
    // A resume waiting for an unreachable server gives way to the user's choice of another one.
    if (m_resuming && !(profile == m_profile))
        cancelResume();
    if (m_loginPending)
        return false;
    if (!(profile == m_profile)) {
        m_profile = profile;
        m_tokenStored = false;
        m_challenge.clear();
        m_rpc->channel.reset();
        m_rpc->auth.reset();
        m_rpc->system.reset();
        m_rpc->marketData.reset();
        m_rpc->strategies.reset();
        m_rpc->trading.reset();
        m_rpc->bots.reset();
        m_rpc->jobs.reset();
        m_rpc->models.reset();
        m_rpc->news.reset();
    }
    return true;
}

QString SessionController::vaultKey() const
{
    return u"session/"_s + m_profile.name;
}

bool SessionController::canRemember() const
{
    return m_vault && m_vault->isAvailable();
}

QString SessionController::rememberUnavailableReason() const
{
    if (!m_vault)
        return tr("Remembering sessions is turned off in this build.");
    return m_vault->unavailableReason();
}

std::expected<void, QString> SessionController::openChannel()
{
    if (const QString problem = m_profile.problem(); !problem.isEmpty())
        return std::unexpected(problem);
    QFile ca(m_profile.caCertificatePath);
    if (!ca.open(QIODevice::ReadOnly)) {
        return std::unexpected(tr("The CA certificate \"%1\" cannot be read: %2")
                                   .arg(m_profile.caCertificatePath, ca.errorString()));
    }
    const QByteArray pem = ca.readAll();
    if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
        return std::unexpected(tr("The file \"%1\" is not a PEM certificate.")
                                   .arg(m_profile.caCertificatePath));
    }

    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = pem.toStdString();
    grpc::ChannelArguments arguments;
    arguments.SetUserAgentPrefix(std::string("botcriptofy/") + build::version);
    // A search of up to 100,000 trials answers GetJob with ~10 MB: above gRPC's default 4 MB.
    arguments.SetMaxReceiveMessageSize(64 * 1024 * 1024);
    m_rpc->channel = grpc::CreateCustomChannel(m_profile.endpoint().toStdString(),
                                               grpc::SslCredentials(ssl), arguments);
    m_rpc->auth = v1::AuthService::NewStub(m_rpc->channel);
    m_rpc->system = v1::SystemService::NewStub(m_rpc->channel);
    m_rpc->marketData = v1::MarketDataService::NewStub(m_rpc->channel);
    m_rpc->strategies = v1::StrategyService::NewStub(m_rpc->channel);
    m_rpc->trading = v1::TradingService::NewStub(m_rpc->channel);
    m_rpc->bots = v1::BotService::NewStub(m_rpc->channel);
    m_rpc->jobs = v1::JobService::NewStub(m_rpc->channel);
    m_rpc->models = v1::ModelService::NewStub(m_rpc->channel);
    m_rpc->news = v1::NewsService::NewStub(m_rpc->channel);
    return {};
}

template <typename Response, typename Request, typename Start, typename Done>
void SessionController::call(Request request, Auth auth, Start start, Done done,
                             QObject* context)
{
    if (!m_rpc->channel) {
        if (auto opened = openChannel(); !opened) {
            // Reported like any failed call, on the next turn of the event loop.
            auto response = std::make_shared<Response>();
            QMetaObject::invokeMethod(
                this,
                [done = std::move(done), response, guard = QPointer<QObject>(context),
                 hadContext = context != nullptr,
                 message = opened.error().toStdString()]() mutable {
                    if (hadContext && !guard)
                        return;
                    done(grpc::Status(grpc::StatusCode::FAILED_PRECONDITION, message), *response,
                         CallInfo{});
                },
                Qt::QueuedConnection);
            return;
        }
    }
    auto fresh = std::make_shared<CallState<Request, Response>>();
    fresh->channel = m_rpc->channel;
    fresh->request = std::move(request);
    fresh->context->set_deadline(std::chrono::system_clock::now() + m_timing.callDeadline);
    QString token;
    if (auth != Auth::None) {
        token = m_session.token;
        fresh->context->AddMetadata("authorization", "Bearer " + token.toStdString());
    }
    fresh->started = std::chrono::steady_clock::now();
    fresh->startedUnixMs = QDateTime::currentMSecsSinceEpoch();

    // Calls tied to a context (account dialogs) survive the end of a session; the others are
    // dropped when the session they belong to has ended.
    const bool sessionBound = context == nullptr;
    const QPointer<QObject> guard(context);
    const quint64 generation = m_generation;
    auto dispatcher = m_rpc->dispatcher;
    {
        std::lock_guard lock(dispatcher->mutex);
        std::erase_if(dispatcher->active, [](const auto& weak) { return weak.expired(); });
        dispatcher->active.push_back(fresh->context);
        ++dispatcher->inFlight;
    }

    // The callback reaches the state through a shared slot, so that no copy of the callback that
    // gRPC may keep and destroy on its own thread holds a reference to the channel.
    auto slot = std::make_shared<std::shared_ptr<CallState<Request, Response>>>(fresh);
    auto* rawContext = fresh->context.get();
    auto* rawRequest = &fresh->request;
    auto* rawResponse = &fresh->response;
    start(*m_rpc, rawContext, rawRequest, rawResponse,
          [dispatcher, slot, start, done = std::move(done), auth, token = std::move(token),
           sessionBound, guard, generation](grpc::Status status) mutable {
              auto state = std::move(*slot);
              const auto elapsed = std::chrono::steady_clock::now() - state->started;
              const int elapsedMs = int(
                  std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count());
              CallInfo info{
                  .elapsedMs = elapsedMs,
                  .midpointUnixMs = state->startedUnixMs + elapsedMs / 2,
                  .token = std::move(token),
              };
              // `state` holds a reference to the channel. It must be released on the GUI
              // thread, never here: if it were the channel's last reference, destroying the
              // channel on this gRPC callback thread would make gRPC join this very thread.
              std::lock_guard lock(dispatcher->mutex);
              auto* controller = static_cast<SessionController*>(dispatcher->target);
              if (!controller) {
                  dispatcher->held.push_back(std::move(state));
              } else {
                  QMetaObject::invokeMethod(
                      controller,
                      [controller, state = std::move(state), start, done = std::move(done), auth,
                       sessionBound, guard, generation, info = std::move(info),
                       status = std::move(status)]() mutable {
                          if (sessionBound && generation != controller->m_generation)
                              return;
                          if (!sessionBound && !guard)
                              return;
                          if (auth == Auth::Bearer
                              && status.error_code() == grpc::StatusCode::UNAUTHENTICATED) {
                              // The token may have been revoked by a refresh that replaced it:
                              // send the call again with the current token.
                              auto retry = [controller, state, start, done, auth, sessionBound,
                                            guard, generation, info, status]() mutable {
                                  if (sessionBound && generation != controller->m_generation)
                                      return;
                                  if (!sessionBound && !guard)
                                      return;
                                  if (!controller->m_loggedIn
                                      || info.token == controller->m_session.token)
                                      return done(status, state->response, info);
                                  qCInfo(logSession) << "call answered for a replaced token; "
                                                        "sending it again";
                                  controller->call<Response>(Request(state->request), auth,
                                                             start, std::move(done),
                                                             guard.data());
                              };
                              if (controller->m_loggedIn && controller->m_refreshing
                                  && info.token == controller->m_session.token) {
                                  controller->m_afterRefresh.push_back(std::move(retry));
                                  return;
                              }
                              return retry();
                          }
                          done(status, state->response, info);
                      },
                      Qt::QueuedConnection);
              }
              --dispatcher->inFlight;
              dispatcher->idle.notify_all();
          });
    // `fresh` goes here, on the GUI thread, whether or not the call has finished already.
}

template <typename Response, typename Request, typename Start, typename Convert, typename Value>
void SessionController::sessionCall(Request request, Start start, Convert convert, QObject* context,
                                    std::function<void(Outcome<Value>)> done)
{
    if (!m_loggedIn)
        return done(std::unexpected(tr("You are not logged in.")));
    call<Response>(
        std::move(request), Auth::Bearer, std::move(start),
        [this, convert = std::move(convert), done = std::move(done)](const grpc::Status& status,
                                                                       Response& response, const CallInfo&) {
            if (!status.ok())
                return done(std::unexpected(describeStatus(status, m_profile.endpoint())));
            done(convert(response));
        },
        context);
}

void SessionController::setState(ConnectionState state, const QString& detail)
{
    m_state = state;
    m_stateDetail = detail;
    emit connectionStateChanged(state, detail);
}

void SessionController::login(const QString& username, const QString& password, bool remember)
{
    if (m_resuming)
        cancelResume();
    if (m_loggedIn || m_loginPending)
        return;
    if (auto opened = openChannel(); !opened) {
        emit loginFailed(opened.error());
        return;
    }
    m_challenge.clear();
    m_loginPending = true;
    setState(ConnectionState::Connecting);

    v1::LoginRequest request;
    request.set_username(username.trimmed().toStdString());
    request.set_password(password.toStdString());
    request.set_client_description(
        QStringLiteral("BotCriptoFy2 %1 on %2")
            .arg(QString::fromLatin1(build::version), QSysInfo::machineHostName())
            .toStdString());

    call<v1::LoginResponse>(
        std::move(request), Auth::None,
        [](Rpc& rpc, grpc::ClientContext* context, const v1::LoginRequest* req,
           v1::LoginResponse* response, auto callback) {
            rpc.auth->async()->Login(context, req, response, std::move(callback));
        },
        [this, remember](const grpc::Status& status, v1::LoginResponse& response,
                         const CallInfo&) {
            const auto fail = [this](const QString& message) {
                m_loginPending = false;
                setState(ConnectionState::Disconnected, message);
                emit loginFailed(message);
            };
            if (!status.ok())
                return fail(describeStatus(status, m_profile.endpoint()));
            if (response.has_second_factor()) {
                m_loginPending = false;
                m_challenge = QString::fromStdString(response.second_factor().challenge());
                m_pendingRemember = remember;
                setState(ConnectionState::Disconnected);
                emit secondFactorRequired();
                return;
            }
            if (!response.has_session())
                return fail(tr("The server answered the login without a session."));
            const auto& session = response.session();
            acceptSession({QString::fromStdString(session.token()),
                           fromUnixMs(session.expires_at_unix_ms())},
                          remember, fail);
        });
}

void SessionController::submitSecondFactor(const QString& code)
{
    if (m_loggedIn || m_loginPending)
        return;
    if (m_challenge.isEmpty()) {
        emit loginFailed(tr("The two-factor step has expired. Please log in again."));
        return;
    }
    QString cleaned = code;
    cleaned.remove(QRegularExpression(u"\\s"_s));
    static const QRegularExpression totpPattern(u"^\\d{6}$"_s);

    v1::VerifySecondFactorRequest request;
    request.set_challenge(m_challenge.toStdString());
    if (totpPattern.match(cleaned).hasMatch())
        request.set_totp_code(cleaned.toStdString());
    else
        request.set_recovery_code(cleaned.toStdString());

    m_loginPending = true;
    setState(ConnectionState::Connecting);
    call<v1::Session>(
        std::move(request), Auth::None,
        [](Rpc& rpc, grpc::ClientContext* context, const v1::VerifySecondFactorRequest* req,
           v1::Session* response, auto callback) {
            rpc.auth->async()->VerifySecondFactor(context, req, response, std::move(callback));
        },
        [this](const grpc::Status& status, v1::Session& session, const CallInfo&) {
            const auto fail = [this](const QString& message) {
                m_loginPending = false;
                setState(ConnectionState::Disconnected, message);
                emit loginFailed(message);
            };
            if (!status.ok())
                return fail(describeStatus(status, m_profile.endpoint()));
            m_challenge.clear();
            acceptSession({QString::fromStdString(session.token()),
                           fromUnixMs(session.expires_at_unix_ms())},
                          m_pendingRemember, fail);
        });
}

void SessionController::cancelSecondFactor()
{
    m_challenge.clear();
}

void SessionController::resumeSession()
{
    if (m_loggedIn || m_loginPending)
        return;
    if (!canRemember()) {
        QMetaObject::invokeMethod(
            this, [this] { emit sessionResumeFailed({}); }, Qt::QueuedConnection);
        return;
    }
    m_loginPending = true;
    m_resuming = true;
    const quint64 generation = m_generation;
    m_vault->load(vaultKey(), this,
                  [this, generation](std::expected<std::optional<QString>, QString> loaded) {
                      if (!m_resuming || generation != m_generation)
                          return; // abandoned by login() or a change of profile
                      if (!loaded)
                          return failResume(loaded.error());
                      if (!loaded->has_value() || (*loaded)->isEmpty())
                          return failResume({});
                      m_tokenStored = true;
                      m_session = Session{**loaded, {}};
                      setState(ConnectionState::Connecting);
                      resumeAttempt();
                  });
}

void SessionController::resumeAttempt()
{
    if (auto opened = openChannel(); !opened)
        return failResume(opened.error());
    call<v1::Session>(
        v1::RefreshSessionRequest{}, Auth::Exchange,
        [](Rpc& rpc, grpc::ClientContext* context, const v1::RefreshSessionRequest* req,
           v1::Session* response, auto callback) {
            rpc.auth->async()->RefreshSession(context, req, response, std::move(callback));
        },
        [this](const grpc::Status& status, v1::Session& session, const CallInfo&) {
            if (!m_resuming)
                return;
            if (status.error_code() == grpc::StatusCode::UNAUTHENTICATED) {
                m_session = {};
                forgetToken();
                return failResume(tr("Your saved session has ended (%1). Please log in again.")
                                      .arg(describeStatus(status, m_profile.endpoint())));
            }
            // The server may come back: try again later instead of asking for the password.
            if (isTransportFailure(status))
                return onProbeFailed(describeStatus(status, m_profile.endpoint()));
            if (!status.ok()) {
                m_session = {};
                return failResume(describeStatus(status, m_profile.endpoint()));
            }
            // The server has revoked the remembered token: keep the new one right away, whatever
            // happens to the rest of the resume.
            m_session = {QString::fromStdString(session.token()),
                         fromUnixMs(session.expires_at_unix_ms())};
            rememberToken();
            acceptSession(m_session, true, [this](const QString& reason) { failResume(reason); },
                          true);
        });
}

void SessionController::failResume(const QString& reason)
{
    m_loginPending = false;
    m_resuming = false;
    m_reconnectTimer.stop();
    m_backoff.reset();
    setState(ConnectionState::Disconnected, reason);
    emit sessionResumeFailed(reason);
}

void SessionController::cancelResume()
{
    ++m_generation;
    m_loginPending = false;
    m_resuming = false;
    m_session = {};
    m_reconnectTimer.stop();
    m_backoff.reset();
    setState(ConnectionState::Disconnected);
}

void SessionController::acceptSession(const Session& session, bool remember,
                                      std::function<void(const QString&)> fail, bool stored)
{
    m_session = session;
    fetchUser([this, remember, fail, stored](Outcome<UserInfo> user) {
        m_loginPending = false;
        if (!user) {
            m_session = {};
            return fail(user.error());
        }
        m_user = *user;
        m_loggedIn = true;
        m_resuming = false;
        m_remember = remember && canRemember();
        if (m_remember && !stored)
            rememberToken();
        else if (!m_remember)
            forgetToken();
        else if (m_storeFailed)
            m_remember = false;
        m_backoff.reset();
        setState(ConnectionState::Connected);
        emit loggedIn(m_user);
        scheduleRefresh();
        probe();
        refreshVenues();
    });
}

void SessionController::fetchUser(std::function<void(Outcome<UserInfo>)> done)
{
    call<v1::WhoAmIResponse>(
        v1::WhoAmIRequest{}, Auth::Bearer,
        [](Rpc& rpc, grpc::ClientContext* context, const v1::WhoAmIRequest* req,
           v1::WhoAmIResponse* response, auto callback) {
            rpc.auth->async()->WhoAmI(context, req, response, std::move(callback));
        },
        [this, done = std::move(done)](const grpc::Status& status, v1::WhoAmIResponse& response,
                                       const CallInfo&) {
            if (!status.ok())
                return done(std::unexpected(describeStatus(status, m_profile.endpoint())));
            UserInfo user;
            user.id = response.user().id();
            user.username = QString::fromStdString(response.user().username());
            user.role = toRole(response.user().role());
            user.totpEnabled = response.user().totp_enabled();
            user.sessionExpiresAt = fromUnixMs(response.session_expires_at_unix_ms());
            for (const auto& permission : response.permissions())
                user.permissions.append(QString::fromStdString(permission));
            user.permissions.sort();
            done(user);
        });
}

void SessionController::rememberToken()
{
    if (!m_vault)
        return;
    m_storeFailed = false;
    const QString token = m_session.token;
    m_vault->store(vaultKey(), token, this,
                   [this, token](std::expected<void, QString> stored) {
                       if (token != m_session.token)
                           return; // a later token has been stored meanwhile
                       if (stored) {
                           m_tokenStored = true;
                           return;
                       }
                       m_storeFailed = true;
                       if (m_loggedIn && m_remember) {
                           m_remember = false;
                           emit userInfoChanged(m_user);
                       }
                       emit keychainFailed(
                           tr("The session could not be remembered: %1").arg(stored.error()));
                   });
}

void SessionController::forgetToken()
{
    m_tokenStored = false;
    if (!m_vault || !m_vault->isAvailable())
        return;
    m_vault->remove(vaultKey(), this, [this](std::expected<void, QString> removed) {
        if (!removed) {
            emit keychainFailed(
                tr("The remembered session could not be removed: %1").arg(removed.error()));
        }
    });
}

void SessionController::scheduleRefresh()
{
    if (!m_session.expiresAt.isValid())
        return;
    // The expiry is in the server's clock: compare it with the local clock corrected by the
    // offset the probes measured.
    const qint64 offsetMs = m_serverInfo ? m_serverInfo->clockOffsetMs : 0;
    const QDateTime serverNow = QDateTime::currentDateTimeUtc().addMSecs(offsetMs);
    // Refresh when 80 % of the remaining lifetime has passed, so there is time to retry.
    const qint64 remaining = serverNow.msecsTo(m_session.expiresAt);
    const qint64 delay = std::clamp<qint64>(remaining * 8 / 10, 5000, 24LL * 3600 * 1000);
    m_refreshTimer.start(std::chrono::milliseconds(delay));
}

void SessionController::refreshSession()
{
    if (!m_loggedIn || m_refreshing)
        return;
    m_refreshing = true;
    call<v1::Session>(
        v1::RefreshSessionRequest{}, Auth::Exchange,
        [](Rpc& rpc, grpc::ClientContext* context, const v1::RefreshSessionRequest* req,
           v1::Session* response, auto callback) {
            rpc.auth->async()->RefreshSession(context, req, response, std::move(callback));
        },
        [this](const grpc::Status& status, v1::Session& session, const CallInfo&) {
            if (status.error_code() == grpc::StatusCode::UNAUTHENTICATED) {
                const QString reason = describeStatus(status, m_profile.endpoint());
                forgetToken();
                endSession();
                emit sessionExpired(reason);
                return;
            }
            if (!status.ok()) {
                qCInfo(logSession).noquote()
                    << "session refresh failed, retrying:"
                    << describeStatus(status, m_profile.endpoint());
                m_refreshTimer.start(m_timing.refreshRetry);
                return finishRefresh();
            }
            m_session = {QString::fromStdString(session.token()),
                         fromUnixMs(session.expires_at_unix_ms())};
            m_user.sessionExpiresAt = m_session.expiresAt;
            if (m_remember)
                rememberToken();
            emit userInfoChanged(m_user);
            scheduleRefresh();
            finishRefresh();
        });
}

void SessionController::finishRefresh()
{
    m_refreshing = false;
    // Calls refused while the refresh was in flight: sent again if the token has changed.
    auto waiting = std::exchange(m_afterRefresh, {});
    for (auto& retry : waiting)
        retry();
    if (std::exchange(m_probeAfterRefresh, false))
        probe();
}

void SessionController::probe()
{
    if (!m_loggedIn)
        return;
    if (m_refreshing) {
        // The refresh revokes the token a probe would carry; probe once it has answered.
        m_probeAfterRefresh = true;
        return;
    }
    if (!m_rpc->system) {
        if (auto opened = openChannel(); !opened)
            return onProbeFailed(opened.error());
    }
    call<v1::ServerInfo>(
        v1::GetServerInfoRequest{}, Auth::Bearer,
        [](Rpc& rpc, grpc::ClientContext* context, const v1::GetServerInfoRequest* req,
           v1::ServerInfo* response, auto callback) {
            rpc.system->async()->GetServerInfo(context, req, response, std::move(callback));
        },
        [this](const grpc::Status& status, v1::ServerInfo& response, const CallInfo& timing) {
            if (status.error_code() == grpc::StatusCode::UNAUTHENTICATED) {
                const QString reason = describeStatus(status, m_profile.endpoint());
                m_session = {};
                forgetToken();
                endSession();
                emit sessionExpired(reason);
                return;
            }
            const bool wasReconnecting = m_state != ConnectionState::Connected;
            if (!status.ok()) {
                const QString detail = describeStatus(status, m_profile.endpoint());
                if (isTransportFailure(status))
                    return onProbeFailed(detail);
                // The server answered, with an error: it is reachable, so no reconnecting;
                // show the error and keep probing.
                qCInfo(logSession).noquote() << "server probe answered with an error:" << detail;
                m_backoff.reset();
                setState(ConnectionState::Connected, detail);
                if (wasReconnecting && !m_refreshTimer.isActive())
                    scheduleRefresh();
                m_probeTimer.start(m_timing.probeInterval);
                return;
            }

            ServerInfo info;
            info.component = QString::fromStdString(response.component());
            info.version = QString::fromStdString(response.version());
            info.nodeName = QString::fromStdString(response.node_name());
            info.startedAt = fromUnixMs(response.started_at_unix_ms());
            info.serverTime = fromUnixMs(response.now_unix_ms());
            info.clockOffsetMs =
                response.now_unix_ms() > 0 ? response.now_unix_ms() - timing.midpointUnixMs : 0;
            info.latencyMs = timing.elapsedMs;
            for (const auto& [key, value] : response.details())
                info.details.insert(QString::fromStdString(key), QString::fromStdString(value));
            const bool firstAnswer = !m_serverInfo.has_value();
            m_serverInfo = info;

            m_backoff.reset();
            if (wasReconnecting || !m_stateDetail.isEmpty())
                setState(ConnectionState::Connected);
            // A refresh may have failed while the server was away; and the first answer tells
            // the clock offset that the refresh time depends on.
            if ((wasReconnecting && !m_refreshTimer.isActive()) || firstAnswer)
                scheduleRefresh();
            emit latencyMeasured(info.latencyMs);
            emit serverInfoReceived(info);
            m_probeTimer.start(m_timing.probeInterval);
        });
}

void SessionController::onProbeFailed(const QString& detail)
{
    qCInfo(logSession).noquote() << "server unreachable:" << detail;
    const auto delay = m_backoff.next();
    setState(ConnectionState::Reconnecting, detail);
    m_reconnectTimer.start(delay);
    emit reconnectScheduled(int(delay.count()));
}

void SessionController::reconnect()
{
    if (m_resuming)
        return resumeAttempt();
    if (!m_loggedIn)
        return;
    if (auto opened = openChannel(); !opened)
        return onProbeFailed(opened.error());
    probe();
}

void SessionController::reconnectNow()
{
    if (!(m_loggedIn || m_resuming) || m_state != ConnectionState::Reconnecting
        || !m_reconnectTimer.isActive())
        return;
    m_reconnectTimer.stop();
    reconnect();
}

void SessionController::endSession()
{
    ++m_generation;
    m_loggedIn = false;
    m_loginPending = false;
    m_resuming = false;
    m_remember = false;
    m_refreshing = false;
    m_probeAfterRefresh = false;
    m_session = {};
    m_user = {};
    m_serverInfo.reset();
    m_probeTimer.stop();
    m_reconnectTimer.stop();
    m_refreshTimer.stop();
    cancelAllStreams();
    setVenues({paperVenue.toString()}, false);
    // Calls of account dialogs that waited for a refresh get their answer (the session's own
    // calls are dropped by the generation).
    for (auto& retry : std::exchange(m_afterRefresh, {}))
        QMetaObject::invokeMethod(this, std::move(retry), Qt::QueuedConnection);
    setState(ConnectionState::Disconnected);
}

void SessionController::logout()
{
    if (!m_loggedIn)
        return;
    // Best effort: the answer is not awaited (the token is forgotten here either way) and
    // arrives for a session that has already ended, so it is dropped.
    call<v1::LogoutResponse>(
        v1::LogoutRequest{}, Auth::Exchange,
        [](Rpc& rpc, grpc::ClientContext* context, const v1::LogoutRequest* req,
           v1::LogoutResponse* response, auto callback) {
            rpc.auth->async()->Logout(context, req, response, std::move(callback));
        },
        [](const grpc::Status&, v1::LogoutResponse&, const CallInfo&) {});
    m_tokenStored = false;
    if (m_vault && m_vault->isAvailable()) {
        m_vault->remove(vaultKey(), this, [this](std::expected<void, QString> removed) {
            if (!removed) {
                emit keychainFailed(
                    tr("The remembered session could not be removed: %1").arg(removed.error()));
            }
        });
    }
    endSession();
    emit loggedOut();
}

void SessionController::changePassword(const QString& currentPassword,
                                       const QString& newPassword, QObject* context,
                                       std::function<void(Outcome<void>)> done)
{
    if (!m_loggedIn)
        return done(std::unexpected(tr("You are not logged in.")));
    v1::ChangePasswordRequest request;
    request.set_current_password(currentPassword.toStdString());
    request.set_new_password(newPassword.toStdString());
    call<v1::ChangePasswordResponse>(
        std::move(request), Auth::Bearer,
        [](Rpc& rpc, grpc::ClientContext* ctx, const v1::ChangePasswordRequest* req,
           v1::ChangePasswordResponse* response, auto callback) {
            rpc.auth->async()->ChangePassword(ctx, req, response, std::move(callback));
        },
        [this, done = std::move(done)](const grpc::Status& status, v1::ChangePasswordResponse&,
                                       const CallInfo&) {
            if (!status.ok())
                return done(std::unexpected(describeStatus(status, m_profile.endpoint())));
            done({});
        },
        context);
}

void SessionController::getCandles(const CandleQuery& query, QObject* context,
                                   std::function<void(Outcome<CandleSeries>)> done)
{
    if (!m_loggedIn)
        return done(std::unexpected(tr("You are not logged in.")));
    call<v1::GetCandlesResponse>(
        candlesRequest(query), Auth::Bearer,
        [](Rpc& rpc, grpc::ClientContext* ctx, const v1::GetCandlesRequest* req,
           v1::GetCandlesResponse* response, auto callback) {
            rpc.marketData->async()->GetCandles(ctx, req, response, std::move(callback));
        },
        [this, done = std::move(done)](const grpc::Status& status,
                                       v1::GetCandlesResponse& response, const CallInfo&) {
            if (!status.ok())
                return done(std::unexpected(describeStatus(status, m_profile.endpoint())));
            CandleSeries candles;
            candles.reserve(std::size_t(response.candles_size()));
            for (const v1::Candle& candle : response.candles()) {
                const auto parsed = toCandle(candle);
                if (!parsed) {
                    qCWarning(logSession) << "skipping a candle with unreadable numbers at"
                                          << candle.open_time_unix_ms();
                    continue;
                }
                candles.push_back(*parsed);
            }
            done(std::move(candles));
        },
        context);
}

void SessionController::getExactCandles(const CandleQuery& query, QObject* context,
                                        std::function<void(Outcome<std::vector<model::Candle>>)> done)
{
    if (!m_loggedIn)
        return done(std::unexpected(tr("You are not logged in.")));
    const QByteArray timeframeName = query.timeframe.toUtf8();
    const auto timeframe = model::parseTimeframe(
        std::string_view(timeframeName.constData(), std::size_t(timeframeName.size())));
    if (!timeframe)
        return done(std::unexpected(tr("Unknown timeframe %1.").arg(query.timeframe)));
    call<v1::GetCandlesResponse>(
        candlesRequest(query), Auth::Bearer,
        [](Rpc& rpc, grpc::ClientContext* ctx, const v1::GetCandlesRequest* req,
           v1::GetCandlesResponse* response, auto callback) {
            rpc.marketData->async()->GetCandles(ctx, req, response, std::move(callback));
        },
        [this, done = std::move(done), timeframe = *timeframe](
            const grpc::Status& status, v1::GetCandlesResponse& response, const CallInfo&) {
            if (!status.ok())
                return done(std::unexpected(describeStatus(status, m_profile.endpoint())));
            std::vector<model::Candle> candles;
            candles.reserve(std::size_t(response.candles_size()));
            for (const v1::Candle& message : response.candles()) {
                const auto open = Price::parse(message.open());
                const auto high = Price::parse(message.high());
                const auto low = Price::parse(message.low());
                const auto close = Price::parse(message.close());
                const auto volume = Quantity::parse(message.volume());
                if (!open || !high || !low || !close || !volume || *low > *high) {
                    qCWarning(logSession) << "skipping a candle with unreadable numbers at"
                                          << message.open_time_unix_ms();
                    continue;
                }
                model::Candle candle;
                candle.timeframe = timeframe;
                candle.openTime = fromUnixMillis(message.open_time_unix_ms());
                candle.open = *open;
                candle.high = *high;
                candle.low = *low;
                candle.close = *close;
                candle.volume = *volume;
                candle.closed = message.closed();
                candles.push_back(candle);
            }
            done(std::move(candles));
        },
        context);
}

template <typename Value, typename Message, typename Request, typename Start>
quint64 SessionController::openStream(Request request, Start start,
                                      std::optional<Value> (*parse)(const Message&),
                                      const char* kind, QObject* context,
                                      std::function<void(const Value&)> onValue, StreamEnd onEnd)
{
    if (!m_loggedIn)
        return 0;
    if (!m_rpc->channel) {
        if (auto opened = openChannel(); !opened) {
            qCWarning(logSession) << "cannot open a" << kind << "stream:" << opened.error();
            return 0;
        }
    }
    const quint64 id = ++m_nextStreamId;
    using Stream = ReadStream<Request, Message, Value>;
    auto* stream = new Stream(m_rpc->dispatcher, m_rpc->channel, id, parse, kind);
    stream->request = std::move(request);
    stream->context->AddMetadata("authorization", "Bearer " + m_session.token.toStdString());
    m_streams[id] = StreamEntry{.stream = stream,
                                .context = context,
                                .onValue =
                                    [onValue = std::move(onValue)](const void* value) {
                                        onValue(*static_cast<const Value*>(value));
                                    },
                                .onEnd = std::move(onEnd),
                                .kind = kind};
    {
        auto& dispatcher = *m_rpc->dispatcher;
        std::lock_guard lock(dispatcher.mutex);
        std::erase_if(dispatcher.active, [](const auto& weak) { return weak.expired(); });
        dispatcher.active.push_back(stream->context);
        ++dispatcher.inFlight;
    }
    // From here on the stream deletes itself (through the GUI thread) after OnDone.
    start(*m_rpc, stream->context.get(), &stream->request, stream);
    stream->StartRead(&stream->message);
    stream->StartCall();
    return id;
}

quint64 SessionController::streamCandles(const CandleQuery& query, QObject* context,
                                         std::function<void(const Candle&)> onCandle,
                                         StreamEnd onEnd)
{
    v1::StreamCandlesRequest request;
    request.set_exchange(query.exchange.toStdString());
    request.set_symbol(query.symbol.toStdString());
    request.set_timeframe(query.timeframe.toStdString());
    return openStream<Candle>(
        std::move(request),
        [](Rpc& rpc, grpc::ClientContext* ctx,
           const v1::StreamCandlesRequest* req, grpc::ClientReadReactor<v1::Candle>* reactor) {
            rpc.marketData->async()->StreamCandles(ctx, req, reactor);
        },
        &toCandle, "candle", context, std::move(onCandle), std::move(onEnd));
}

quint64 SessionController::streamTrades(const QString& exchange, const QString& symbol,
                                        QObject* context,
                                        std::function<void(const Trade&)> onTrade,
                                        StreamEnd onEnd)
{
    v1::StreamTradesRequest request;
    request.set_exchange(exchange.toStdString());
    request.set_symbol(symbol.toStdString());
    return openStream<Trade>(
        std::move(request),
        [](Rpc& rpc, grpc::ClientContext* ctx,
           const v1::StreamTradesRequest* req, grpc::ClientReadReactor<v1::Trade>* reactor) {
            rpc.marketData->async()->StreamTrades(ctx, req, reactor);
        },
        &toTrade, "trade", context, std::move(onTrade), std::move(onEnd));
}

quint64 SessionController::streamOrderBook(const QString& exchange, const QString& symbol,
                                           int depth, QObject* context,
                                           std::function<void(const BookSnapshot&)> onBook,
                                           StreamEnd onEnd)
{
    v1::StreamOrderBookRequest request;
    request.set_exchange(exchange.toStdString());
    request.set_symbol(symbol.toStdString());
    request.set_depth(depth);
    return openStream<BookSnapshot>(
        std::move(request),
        [](Rpc& rpc, grpc::ClientContext* ctx,
           const v1::StreamOrderBookRequest* req,
           grpc::ClientReadReactor<v1::OrderBook>* reactor) {
            rpc.marketData->async()->StreamOrderBook(ctx, req, reactor);
        },
        &toBook, "order book", context, std::move(onBook), std::move(onEnd));
}

quint64 SessionController::streamTickers(const QString& exchange, const QStringList& symbols,
                                         QObject* context,
                                         std::function<void(const Ticker&)> onTicker,
                                         StreamEnd onEnd)
{
    v1::StreamTickersRequest request;
    request.set_exchange(exchange.toStdString());
    for (const QString& symbol : symbols)
        request.add_symbols(symbol.toStdString());
    return openStream<Ticker>(
        std::move(request),
        [](Rpc& rpc, grpc::ClientContext* ctx,
           const v1::StreamTickersRequest* req, grpc::ClientReadReactor<v1::Ticker>* reactor) {
            rpc.marketData->async()->StreamTickers(ctx, req, reactor);
        },
        &toTicker, "ticker", context, std::move(onTicker), std::move(onEnd));
}

void SessionController::listInstruments(const QString& exchange, QObject* context,
                                        std::function<void(Outcome<std::vector<Instrument>>)> done)
{
    v1::ListInstrumentsRequest request;
    request.set_exchange(exchange.toStdString());
    sessionCall<v1::ListInstrumentsResponse>(
        std::move(request),
        [](Rpc& rpc, grpc::ClientContext* ctx, const v1::ListInstrumentsRequest* req,
           v1::ListInstrumentsResponse* response, auto callback) {
            rpc.marketData->async()->ListInstruments(ctx, req, response, std::move(callback));
        },
        [](const v1::ListInstrumentsResponse& response) {
            std::vector<Instrument> instruments;
            instruments.reserve(std::size_t(response.instruments_size()));
            for (const v1::Instrument& instrument : response.instruments())
                instruments.push_back(toInstrument(instrument));
            return instruments;
        },
        context, std::move(done));
}

void SessionController::getRecentTrades(const QString& exchange, const QString& symbol,
                                        int limit, QObject* context,
                                        std::function<void(Outcome<std::vector<Trade>>)> done)
{
    v1::GetRecentTradesRequest request;
    request.set_exchange(exchange.toStdString());
    request.set_symbol(symbol.toStdString());
    request.set_limit(limit);
    sessionCall<v1::GetRecentTradesResponse>(
        std::move(request),
        [](Rpc& rpc, grpc::ClientContext* ctx, const v1::GetRecentTradesRequest* req,
           v1::GetRecentTradesResponse* response, auto callback) {
            rpc.marketData->async()->GetRecentTrades(ctx, req, response, std::move(callback));
        },
        [](const v1::GetRecentTradesResponse& response) {
            std::vector<Trade> trades;
            trades.reserve(std::size_t(response.trades_size()));
            for (const v1::Trade& trade : response.trades()) {
                auto parsed = toTrade(trade);
                if (!parsed) {
                    qCWarning(logSession) << "skipping a trade with unreadable numbers:"
                                          << trade.id();
                    continue;
                }
                trades.push_back(std::move(*parsed));
            }
            return trades;
        },
        context, std::move(done));
}

void SessionController::listStrategies(
    QObject* context, std::function<void(Outcome<std::vector<StrategySummary>>)> done)
{
    if (!m_loggedIn)
        return done(std::unexpected(tr("You are not logged in.")));
    call<v1::ListStrategiesResponse>(
        v1::ListStrategiesRequest(), Auth::Bearer,
        [](Rpc& rpc, grpc::ClientContext* ctx, const v1::ListStrategiesRequest* req,
           v1::ListStrategiesResponse* response, auto callback) {
            rpc.strategies->async()->ListStrategies(ctx, req, response, std::move(callback));
        },
        [this, done = std::move(done)](const grpc::Status& status,
                                       v1::ListStrategiesResponse& response, const CallInfo&) {
            if (!status.ok())
                return done(std::unexpected(describeStatus(status, m_profile.endpoint())));
            std::vector<StrategySummary> strategies;
            strategies.reserve(std::size_t(response.strategies_size()));
            for (const v1::StrategySummary& summary : response.strategies())
                strategies.push_back({.id = QString::number(summary.id()),
                                      .name = QString::fromStdString(summary.name()),
                                      .latestVersion = summary.latest_version(),
                                      .updatedAt = fromUnixMs(summary.updated_at_unix_ms())});
            done(std::move(strategies));
        },
        context);
}

void SessionController::getStrategy(const QString& name, int version, QObject* context,
                                    std::function<void(Outcome<StrategyDocument>)> done)
{
    v1::GetStrategyRequest request;
    request.set_name(name.toStdString());
    request.set_version(version);
    sessionCall<v1::StrategyDocument>(
        std::move(request),
        [](Rpc& rpc, grpc::ClientContext* ctx, const v1::GetStrategyRequest* req,
           v1::StrategyDocument* response, auto callback) {
            rpc.strategies->async()->GetStrategy(ctx, req, response, std::move(callback));
        },
        [](const v1::StrategyDocument& response) { return toStrategyDocument(response); },
        context, std::move(done));
}

void SessionController::listStrategyVersions(
    const QString& name, QObject* context,
    std::function<void(Outcome<std::vector<StrategyVersionInfo>>)> done)
{
    v1::ListStrategyVersionsRequest request;
    request.set_name(name.toStdString());
    sessionCall<v1::ListStrategyVersionsResponse>(
        std::move(request),
        [](Rpc& rpc, grpc::ClientContext* ctx, const v1::ListStrategyVersionsRequest* req,
           v1::ListStrategyVersionsResponse* response, auto callback) {
            rpc.strategies->async()->ListStrategyVersions(ctx, req, response,
                                                          std::move(callback));
        },
        [](const v1::ListStrategyVersionsResponse& response) {
            std::vector<StrategyVersionInfo> versions;
            versions.reserve(std::size_t(response.versions_size()));
            for (const v1::StrategyVersionInfo& version : response.versions())
                versions.push_back({.version = version.version(),
                                    .createdAt = fromUnixMs(version.created_at_unix_ms()),
                                    .comment = QString::fromStdString(version.comment()),
                                    .author = QString::fromStdString(version.author())});
            return versions;
        },
        context, std::move(done));
}

void SessionController::saveStrategy(const QString& name, const QString& source,
                                     const QString& comment, int expectedVersion,
                                     QObject* context,
                                     std::function<void(Outcome<StrategyDocument>)> done)
{
    v1::SaveStrategyRequest request;
    request.set_name(name.toStdString());
    request.set_source(source.toStdString());
    request.set_comment(comment.toStdString());
    request.set_expected_version(expectedVersion);
    sessionCall<v1::StrategyDocument>(
        std::move(request),
        [](Rpc& rpc, grpc::ClientContext* ctx, const v1::SaveStrategyRequest* req,
           v1::StrategyDocument* response, auto callback) {
            rpc.strategies->async()->SaveStrategy(ctx, req, response, std::move(callback));
        },
        [](const v1::StrategyDocument& response) { return toStrategyDocument(response); },
        context, std::move(done));
}

void SessionController::deleteStrategy(const QString& name, QObject* context,
                                       std::function<void(Outcome<void>)> done)
{
    if (!m_loggedIn)
        return done(std::unexpected(tr("You are not logged in.")));
    v1::DeleteStrategyRequest request;
    request.set_name(name.toStdString());
    call<v1::DeleteStrategyResponse>(
        std::move(request), Auth::Bearer,
        [](Rpc& rpc, grpc::ClientContext* ctx, const v1::DeleteStrategyRequest* req,
           v1::DeleteStrategyResponse* response, auto callback) {
            rpc.strategies->async()->DeleteStrategy(ctx, req, response, std::move(callback));
        },
        [this, done = std::move(done)](const grpc::Status& status, v1::DeleteStrategyResponse&,
                                       const CallInfo&) {
            if (!status.ok())
                return done(std::unexpected(describeStatus(status, m_profile.endpoint())));
            done({});
        },
        context);
}

void SessionController::cancelStream(quint64 id)
{
    const auto it = m_streams.find(id);
    if (it == m_streams.end() || it->second.cancelled)
        return;
    it->second.cancelled = true;
    // The stream is deleted only by finishStream(), on this thread: it is still alive here.
    it->second.stream->context->TryCancel();
}

void SessionController::cancelAllStreams()
{
    std::vector<quint64> ids;
    for (const auto& [id, entry] : m_streams)
        ids.push_back(id);
    for (const quint64 id : ids)
        cancelStream(id);
}

void SessionController::deliverStreamValue(quint64 id, const void* value)
{
    const auto it = m_streams.find(id);
    if (it == m_streams.end() || it->second.cancelled || !it->second.context)
        return;
    auto onValue = it->second.onValue; // the callback may cancel the stream
    onValue(value);
}

void SessionController::finishStream(quint64 id, bool transient, const QString& message)
{
    const auto it = m_streams.find(id);
    if (it == m_streams.end())
        return;
    StreamEntry entry = std::move(it->second);
    m_streams.erase(it);
    if (entry.cancelled || !entry.context)
        return;
    qCInfo(logSession) << entry.kind << "stream ended:" << message;
    entry.onEnd(transient, message);
}

void SessionController::beginTotpEnrollment(const QString& password, QObject* context,
                                            std::function<void(Outcome<TotpEnrollment>)> done)
{
    if (!m_loggedIn)
        return done(std::unexpected(tr("You are not logged in.")));
    v1::BeginTotpEnrollmentRequest request;
    request.set_password(password.toStdString());
    call<v1::BeginTotpEnrollmentResponse>(
        std::move(request), Auth::Bearer,
        [](Rpc& rpc, grpc::ClientContext* ctx, const v1::BeginTotpEnrollmentRequest* req,
           v1::BeginTotpEnrollmentResponse* response, auto callback) {
            rpc.auth->async()->BeginTotpEnrollment(ctx, req, response, std::move(callback));
        },
        [this, done = std::move(done)](const grpc::Status& status,
                                       v1::BeginTotpEnrollmentResponse& response,
                                       const CallInfo&) {
            if (!status.ok())
                return done(std::unexpected(describeStatus(status, m_profile.endpoint())));
            done(TotpEnrollment{QString::fromStdString(response.secret_base32()),
                                QString::fromStdString(response.otpauth_uri())});
        },
        context);
}

void SessionController::confirmTotpEnrollment(const QString& code, QObject* context,
                                              std::function<void(Outcome<QStringList>)> done)
{
    v1::ConfirmTotpEnrollmentRequest request;
    request.set_totp_code(code.trimmed().toStdString());
    sessionCall<v1::ConfirmTotpEnrollmentResponse>(
        std::move(request),
        [](Rpc& rpc, grpc::ClientContext* ctx, const v1::ConfirmTotpEnrollmentRequest* req,
           v1::ConfirmTotpEnrollmentResponse* response, auto callback) {
            rpc.auth->async()->ConfirmTotpEnrollment(ctx, req, response, std::move(callback));
        },
        [this](const v1::ConfirmTotpEnrollmentResponse& response) {
            QStringList codes;
            for (const auto& recovery : response.recovery_codes())
                codes.append(QString::fromStdString(recovery));
            if (m_loggedIn) {
                m_user.totpEnabled = true;
                emit userInfoChanged(m_user);
            }
            return codes;
        },
        context, std::move(done));
}

void SessionController::disableTotp(const QString& password, const QString& code,
                                    QObject* context, std::function<void(Outcome<void>)> done)
{
    if (!m_loggedIn)
        return done(std::unexpected(tr("You are not logged in.")));
    v1::DisableTotpRequest request;
    request.set_password(password.toStdString());
    request.set_totp_code(code.trimmed().toStdString());
    call<v1::DisableTotpResponse>(
        std::move(request), Auth::Bearer,
        [](Rpc& rpc, grpc::ClientContext* ctx, const v1::DisableTotpRequest* req,
           v1::DisableTotpResponse* response, auto callback) {
            rpc.auth->async()->DisableTotp(ctx, req, response, std::move(callback));
        },
        [this, done = std::move(done)](const grpc::Status& status, v1::DisableTotpResponse&,
                                       const CallInfo&) {
            if (!status.ok())
                return done(std::unexpected(describeStatus(status, m_profile.endpoint())));
            if (m_loggedIn) {
                m_user.totpEnabled = false;
                emit userInfoChanged(m_user);
            }
            done({});
        },
        context);
}

bool SessionController::canTrade() const
{
    return m_loggedIn && m_user.permissions.contains(u"trading.write"_s);
}

void SessionController::placeOrder(const OrderRequest& order, QObject* context,
                                   std::function<void(TradingOutcome<Order>)> done)
{
    if (!m_loggedIn)
        return done(std::unexpected(TradingError{.message = tr("You are not logged in."),
                                                 .field = {},
                                                 .fieldMessage = {}}));
    v1::PlaceOrderRequest request;
    request.set_venue(order.venue.toStdString());
    request.set_symbol(order.symbol.toStdString());
    request.set_side(protoSide(order.side));
    request.set_type(protoOrderType(order.type));
    request.set_time_in_force(protoTimeInForce(order.timeInForce));
    request.set_quantity(order.quantity.trimmed().toStdString());
    request.set_price(order.price.trimmed().toStdString());
    request.set_stop_price(order.stopPrice.trimmed().toStdString());
    request.set_trailing_basis_points(order.trailingBasisPoints);
    request.set_post_only(order.postOnly);
    request.set_reduce_only(order.reduceOnly);
    request.set_idempotency_key(order.idempotencyKey.toStdString());
    call<v1::Order>(
        std::move(request), Auth::Bearer,
        [](Rpc& rpc, grpc::ClientContext* ctx, const v1::PlaceOrderRequest* req,
           v1::Order* response, auto callback) {
            rpc.trading->async()->PlaceOrder(ctx, req, response, std::move(callback));
        },
        [this, done = std::move(done)](const grpc::Status& status, v1::Order& response,
                                       const CallInfo&) {
            if (!status.ok())
                return done(std::unexpected(tradingError(status, m_profile.endpoint())));
            done(toOrder(response));
        },
        context);
}

void SessionController::placeOco(const OcoRequest& oco, QObject* context,
                                 std::function<void(TradingOutcome<OcoOrders>)> done)
{
    if (!m_loggedIn)
        return done(std::unexpected(TradingError{.message = tr("You are not logged in."),
                                                 .field = {},
                                                 .fieldMessage = {}}));
    v1::PlaceOcoRequest request;
    request.set_venue(oco.venue.toStdString());
    request.set_symbol(oco.symbol.toStdString());
    request.set_side(protoSide(oco.side));
    request.set_quantity(oco.quantity.trimmed().toStdString());
    request.set_limit_price(oco.limitPrice.trimmed().toStdString());
    request.set_stop_price(oco.stopPrice.trimmed().toStdString());
    request.set_stop_limit_price(oco.stopLimitPrice.trimmed().toStdString());
    request.set_reduce_only(oco.reduceOnly);
    request.set_idempotency_key(oco.idempotencyKey.toStdString());
    call<v1::PlaceOcoResponse>(
        std::move(request), Auth::Bearer,
        [](Rpc& rpc, grpc::ClientContext* ctx, const v1::PlaceOcoRequest* req,
           v1::PlaceOcoResponse* response, auto callback) {
            rpc.trading->async()->PlaceOco(ctx, req, response, std::move(callback));
        },
        [this, done = std::move(done)](const grpc::Status& status,
                                       v1::PlaceOcoResponse& response, const CallInfo&) {
            if (!status.ok())
                return done(std::unexpected(tradingError(status, m_profile.endpoint())));
            // A refused OCO comes back as one REJECTED limit leg without a stop leg.
            done(OcoOrders{.limitLeg = toOrder(response.limit_leg()),
                           .stopLeg = response.has_stop_leg() ? toOrder(response.stop_leg())
                                                              : Order{}});
        },
        context);
}

void SessionController::cancelOrder(const QString& clientOrderId, QObject* context,
                                    std::function<void(Outcome<Order>)> done)
{
    v1::CancelOrderRequest request;
    request.set_client_order_id(clientOrderId.toStdString());
    sessionCall<v1::Order>(
        std::move(request),
        [](Rpc& rpc, grpc::ClientContext* ctx, const v1::CancelOrderRequest* req,
           v1::Order* response, auto callback) {
            rpc.trading->async()->CancelOrder(ctx, req, response, std::move(callback));
        },
        [](const v1::Order& response) { return toOrder(response); },
        context, std::move(done));
}

void SessionController::cancelAllOrders(const QString& symbol, QObject* context,
                                        std::function<void(Outcome<int>)> done)
{
    v1::CancelAllOrdersRequest request;
    request.set_symbol(symbol.toStdString());
    sessionCall<v1::CancelAllOrdersResponse>(
        std::move(request),
        [](Rpc& rpc, grpc::ClientContext* ctx, const v1::CancelAllOrdersRequest* req,
           v1::CancelAllOrdersResponse* response, auto callback) {
            rpc.trading->async()->CancelAllOrders(ctx, req, response, std::move(callback));
        },
        [](const v1::CancelAllOrdersResponse& response) { return response.cancelled(); },
        context, std::move(done));
}

void SessionController::listOrders(const OrderQuery& query, QObject* context,
                                   std::function<void(Outcome<std::vector<Order>>)> done)
{
    v1::ListOrdersRequest request;
    request.set_symbol(query.symbol.toStdString());
    request.set_open_only(query.openOnly);
    request.set_limit(query.limit);
    request.set_bot_id(query.botId);
    sessionCall<v1::ListOrdersResponse>(
        std::move(request),
        [](Rpc& rpc, grpc::ClientContext* ctx, const v1::ListOrdersRequest* req,
           v1::ListOrdersResponse* response, auto callback) {
            rpc.trading->async()->ListOrders(ctx, req, response, std::move(callback));
        },
        [](const v1::ListOrdersResponse& response) {
            std::vector<Order> orders;
            orders.reserve(std::size_t(response.orders_size()));
            for (const v1::Order& order : response.orders())
                orders.push_back(toOrder(order));
            return orders;
        },
        context, std::move(done));
}

void SessionController::listFills(const QString& symbol, int limit, QObject* context,
                                  std::function<void(Outcome<std::vector<Fill>>)> done)
{
    v1::ListFillsRequest request;
    request.set_symbol(symbol.toStdString());
    request.set_limit(limit);
    sessionCall<v1::ListFillsResponse>(
        std::move(request),
        [](Rpc& rpc, grpc::ClientContext* ctx, const v1::ListFillsRequest* req,
           v1::ListFillsResponse* response, auto callback) {
            rpc.trading->async()->ListFills(ctx, req, response, std::move(callback));
        },
        [](const v1::ListFillsResponse& response) {
            std::vector<Fill> fills;
            fills.reserve(std::size_t(response.fills_size()));
            for (const v1::Fill& fill : response.fills())
                fills.push_back(toFill(fill));
            return fills;
        },
        context, std::move(done));
}

void SessionController::getPortfolio(const QString& venue, QObject* context,
                                     std::function<void(Outcome<Portfolio>)> done)
{
    v1::GetPortfolioRequest request;
    request.set_venue(venue.toStdString());
    sessionCall<v1::Portfolio>(
        std::move(request),
        [](Rpc& rpc, grpc::ClientContext* ctx, const v1::GetPortfolioRequest* req,
           v1::Portfolio* response, auto callback) {
            rpc.trading->async()->GetPortfolio(ctx, req, response, std::move(callback));
        },
        [](const v1::Portfolio& response) { return toPortfolio(response); },
        context, std::move(done));
}

void SessionController::getEquityHistory(
    qint64 fromUnixMs, qint64 toUnixMs, QObject* context,
    std::function<void(Outcome<std::vector<EquityPoint>>)> done)
{
    v1::GetEquityHistoryRequest request;
    request.set_from_unix_ms(fromUnixMs);
    request.set_to_unix_ms(toUnixMs);
    sessionCall<v1::GetEquityHistoryResponse>(
        std::move(request),
        [](Rpc& rpc, grpc::ClientContext* ctx, const v1::GetEquityHistoryRequest* req,
           v1::GetEquityHistoryResponse* response, auto callback) {
            rpc.trading->async()->GetEquityHistory(ctx, req, response, std::move(callback));
        },
        [](const v1::GetEquityHistoryResponse& response) {
            std::vector<EquityPoint> points;
            points.reserve(std::size_t(response.points_size()));
            for (const v1::EquityPoint& point : response.points())
                points.push_back({.timeMs = point.time_unix_ms(), .equity = text(point.equity())});
            return points;
        },
        context, std::move(done));
}

void SessionController::killSwitch(bool flatten, bool halt, const QString& reason,
                                   QObject* context,
                                   std::function<void(TradingOutcome<KillSwitchResult>)> done)
{
    if (!m_loggedIn)
        return done(std::unexpected(TradingError{.message = tr("You are not logged in."),
                                                 .field = {},
                                                 .fieldMessage = {}}));
    v1::KillSwitchRequest request;
    request.set_flatten(flatten);
    request.set_halt(halt);
    request.set_reason(reason.trimmed().toStdString());
    call<v1::KillSwitchResponse>(
        std::move(request), Auth::Bearer,
        [](Rpc& rpc, grpc::ClientContext* ctx, const v1::KillSwitchRequest* req,
           v1::KillSwitchResponse* response, auto callback) {
            rpc.trading->async()->KillSwitch(ctx, req, response, std::move(callback));
        },
        [this, done = std::move(done)](const grpc::Status& status,
                                       v1::KillSwitchResponse& response, const CallInfo&) {
            if (!status.ok())
                return done(std::unexpected(tradingError(status, m_profile.endpoint())));
            done(KillSwitchResult{.accountState = text(response.account_state()),
                                  .ordersCancelled = response.orders_cancelled(),
                                  .positionsClosed = response.positions_closed()});
        },
        context);
}

void SessionController::resetRisk(const QString& reason, QObject* context,
                                  std::function<void(TradingOutcome<QString>)> done)
{
    if (!m_loggedIn)
        return done(std::unexpected(TradingError{.message = tr("You are not logged in."),
                                                 .field = {},
                                                 .fieldMessage = {}}));
    v1::ResetRiskRequest request;
    request.set_reason(reason.trimmed().toStdString());
    call<v1::ResetRiskResponse>(
        std::move(request), Auth::Bearer,
        [](Rpc& rpc, grpc::ClientContext* ctx, const v1::ResetRiskRequest* req,
           v1::ResetRiskResponse* response, auto callback) {
            rpc.trading->async()->ResetRisk(ctx, req, response, std::move(callback));
        },
        [this, done = std::move(done)](const grpc::Status& status,
                                       v1::ResetRiskResponse& response, const CallInfo&) {
            if (!status.ok())
                return done(std::unexpected(tradingError(status, m_profile.endpoint())));
            done(text(response.account_state()));
        },
        context);
}

quint64 SessionController::streamTrading(QObject* context,
                                         std::function<void(const TradingEvent&)> onEvent,
                                         StreamEnd onEnd)
{
    return openStream<TradingEvent>(
        v1::StreamTradingRequest(),
        [](Rpc& rpc, grpc::ClientContext* ctx, const v1::StreamTradingRequest* req,
           grpc::ClientReadReactor<v1::TradingEvent>* reactor) {
            rpc.trading->async()->StreamTrading(ctx, req, reactor);
        },
        &toTradingEvent, "trading", context, std::move(onEvent), std::move(onEnd));
}

void SessionController::addExchangeKey(const QString& exchange, const QString& label,
                                       const QString& apiKey, const QString& secretKey,
                                       QObject* context,
                                       std::function<void(TradingOutcome<ExchangeKey>)> done)
{
    if (!m_loggedIn)
        return done(std::unexpected(TradingError{.message = tr("You are not logged in."),
                                                 .field = {},
                                                 .fieldMessage = {}}));
    // The key and the secret go into the request only: the call owns them until it answers,
    // and nothing here logs a request.
    v1::AddExchangeKeyRequest request;
    request.set_exchange(exchange.toStdString());
    request.set_label(label.trimmed().toStdString());
    request.set_api_key(apiKey.trimmed().toStdString());
    request.set_secret_key(secretKey.trimmed().toStdString());
    call<v1::ExchangeKey>(
        std::move(request), Auth::Bearer,
        [](Rpc& rpc, grpc::ClientContext* ctx, const v1::AddExchangeKeyRequest* req,
           v1::ExchangeKey* response, auto callback) {
            rpc.trading->async()->AddExchangeKey(ctx, req, response, std::move(callback));
        },
        [this, done = std::move(done)](const grpc::Status& status, v1::ExchangeKey& response,
                                       const CallInfo&) {
            if (!status.ok())
                return done(std::unexpected(tradingError(status, m_profile.endpoint())));
            refreshVenues();
            done(toExchangeKey(response));
        },
        context);
}

void SessionController::listExchangeKeys(QObject* context,
                                         std::function<void(Outcome<ExchangeKeyList>)> done)
{
    if (!m_loggedIn)
        return done(std::unexpected(tr("You are not logged in.")));
    call<v1::ListExchangeKeysResponse>(
        v1::ListExchangeKeysRequest(), Auth::Bearer,
        [](Rpc& rpc, grpc::ClientContext* ctx, const v1::ListExchangeKeysRequest* req,
           v1::ListExchangeKeysResponse* response, auto callback) {
            rpc.trading->async()->ListExchangeKeys(ctx, req, response, std::move(callback));
        },
        [this, done = std::move(done), generation = m_generation](
            const grpc::Status& status, v1::ListExchangeKeysResponse& response,
            const CallInfo&) {
            if (!status.ok())
                return done(std::unexpected(describeStatus(status, m_profile.endpoint())));
            ExchangeKeyList list;
            list.keys.reserve(std::size_t(response.keys_size()));
            for (const v1::ExchangeKey& key : response.keys())
                list.keys.push_back(toExchangeKey(key));
            list.venues = venuesOf(response);
            list.liveTradingEnabled = response.live_trading_enabled();
            // A dialog's call outlives its session: only the session that asked takes the venues.
            if (m_loggedIn && generation == m_generation)
                setVenues(list.venues, list.liveTradingEnabled);
            done(std::move(list));
        },
        context);
}

void SessionController::deleteExchangeKey(qint64 id, QObject* context,
                                          std::function<void(Outcome<ExchangeKey>)> done)
{
    v1::DeleteExchangeKeyRequest request;
    request.set_id(id);
    sessionCall<v1::ExchangeKey>(
        std::move(request),
        [](Rpc& rpc, grpc::ClientContext* ctx, const v1::DeleteExchangeKeyRequest* req,
           v1::ExchangeKey* response, auto callback) {
            rpc.trading->async()->DeleteExchangeKey(ctx, req, response, std::move(callback));
        },
        [this](const v1::ExchangeKey& response) {
            refreshVenues();
            return toExchangeKey(response);
        },
        context, std::move(done));
}

void SessionController::refreshVenues()
{
    if (!m_loggedIn)
        return;
    if (!m_user.permissions.contains(u"trading.read"_s))
        return setVenues({paperVenue.toString()}, false);
    // Bound to the session: an answer for a session that has ended is dropped.
    call<v1::ListExchangeKeysResponse>(
        v1::ListExchangeKeysRequest(), Auth::Bearer,
        [](Rpc& rpc, grpc::ClientContext* ctx, const v1::ListExchangeKeysRequest* req,
           v1::ListExchangeKeysResponse* response, auto callback) {
            rpc.trading->async()->ListExchangeKeys(ctx, req, response, std::move(callback));
        },
        [this](const grpc::Status& status, v1::ListExchangeKeysResponse& response,
               const CallInfo&) {
            if (!status.ok()) {
                // An older node without live venues, or a passing failure: paper stays, and
                // the venues already known stay too.
                qCInfo(logSession).noquote() << "the venues could not be listed:"
                                             << describeStatus(status, m_profile.endpoint());
                return;
            }
            setVenues(venuesOf(response), response.live_trading_enabled());
        });
}

void SessionController::setVenues(const QStringList& venues, bool liveTradingEnabled)
{
    m_liveTradingEnabled = liveTradingEnabled;
    if (venues == m_venues)
        return;
    m_venues = venues;
    emit venuesChanged(m_venues);
}

void SessionController::createBot(const BotDefinition& definition, QObject* context,
                                  std::function<void(TradingOutcome<Bot>)> done)
{
    if (!m_loggedIn)
        return done(std::unexpected(TradingError{.message = tr("You are not logged in."),
                                                 .field = {},
                                                 .fieldMessage = {}}));
    v1::CreateBotRequest request;
    toProtoDefinition(definition, request.mutable_definition());
    call<v1::Bot>(
        std::move(request), Auth::Bearer,
        [](Rpc& rpc, grpc::ClientContext* ctx, const v1::CreateBotRequest* req, v1::Bot* response,
           auto callback) { rpc.bots->async()->CreateBot(ctx, req, response, std::move(callback)); },
        [this, done = std::move(done)](const grpc::Status& status, v1::Bot& response,
                                       const CallInfo&) {
            if (!status.ok())
                return done(std::unexpected(botError(status, m_profile.endpoint())));
            done(toBot(response));
        },
        context);
}

void SessionController::listBots(QObject* context,
                                 std::function<void(Outcome<std::vector<Bot>>)> done)
{
    if (!m_loggedIn)
        return done(std::unexpected(tr("You are not logged in.")));
    call<v1::ListBotsResponse>(
        v1::ListBotsRequest(), Auth::Bearer,
        [](Rpc& rpc, grpc::ClientContext* ctx, const v1::ListBotsRequest* req,
           v1::ListBotsResponse* response,
           auto callback) { rpc.bots->async()->ListBots(ctx, req, response, std::move(callback)); },
        [this, done = std::move(done)](const grpc::Status& status, v1::ListBotsResponse& response,
                                       const CallInfo&) {
            if (!status.ok())
                return done(std::unexpected(describeStatus(status, m_profile.endpoint())));
            std::vector<Bot> bots;
            bots.reserve(std::size_t(response.bots_size()));
            for (const v1::Bot& bot : response.bots())
                bots.push_back(toBot(bot));
            done(std::move(bots));
        },
        context);
}

// GetBot, StartBot, PauseBot and DeleteBot: a bot id in, the bot out.
#define BCF_BOT_ID_CALL(method, rpcMethod)                                                        \
    void SessionController::method(qint64 id, QObject* context,                                   \
                                   std::function<void(Outcome<Bot>)> done)                        \
    {                                                                                             \
        if (!m_loggedIn)                                                                          \
            return done(std::unexpected(tr("You are not logged in.")));                           \
        v1::BotIdRequest request;                                                                 \
        request.set_id(id);                                                                       \
        call<v1::Bot>(                                                                            \
            std::move(request), Auth::Bearer,                                                     \
            [](Rpc& rpc, grpc::ClientContext* ctx, const v1::BotIdRequest* req,                   \
               v1::Bot* response, auto callback) {                                                \
                rpc.bots->async()->rpcMethod(ctx, req, response, std::move(callback));            \
            },                                                                                    \
            [this, done = std::move(done)](const grpc::Status& status, v1::Bot& response,         \
                                           const CallInfo&) {                                     \
                if (!status.ok())                                                                 \
                    return done(std::unexpected(describeStatus(status, m_profile.endpoint())));   \
                done(toBot(response));                                                            \
            },                                                                                    \
            context);                                                                             \
    }

BCF_BOT_ID_CALL(getBot, GetBot)
BCF_BOT_ID_CALL(startBot, StartBot)
BCF_BOT_ID_CALL(pauseBot, PauseBot)
BCF_BOT_ID_CALL(deleteBot, DeleteBot)

#undef BCF_BOT_ID_CALL

void SessionController::stopBot(qint64 id, bool closePosition, QObject* context,
                                std::function<void(Outcome<Bot>)> done)
{
    v1::StopBotRequest request;
    request.set_id(id);
    request.set_close_position(closePosition);
    sessionCall<v1::Bot>(
        std::move(request),
        [](Rpc& rpc, grpc::ClientContext* ctx, const v1::StopBotRequest* req, v1::Bot* response,
           auto callback) { rpc.bots->async()->StopBot(ctx, req, response, std::move(callback)); },
        [](const v1::Bot& response) { return toBot(response); },
        context, std::move(done));
}

void SessionController::listBotEvents(qint64 id, int limit, QObject* context,
                                      std::function<void(Outcome<std::vector<BotEvent>>)> done)
{
    v1::ListBotEventsRequest request;
    request.set_id(id);
    request.set_limit(limit);
    sessionCall<v1::ListBotEventsResponse>(
        std::move(request),
        [](Rpc& rpc, grpc::ClientContext* ctx, const v1::ListBotEventsRequest* req,
           v1::ListBotEventsResponse* response, auto callback) {
            rpc.bots->async()->ListBotEvents(ctx, req, response, std::move(callback));
        },
        [](const v1::ListBotEventsResponse& response) {
            std::vector<BotEvent> events;
            events.reserve(std::size_t(response.events_size()));
            for (const v1::BotEvent& event : response.events())
                events.push_back(toBotEvent(event));
            return events;
        },
        context, std::move(done));
}

void SessionController::getBotEquity(qint64 id, QObject* context,
                                     std::function<void(Outcome<std::vector<EquityPoint>>)> done)
{
    v1::GetBotEquityRequest request;
    request.set_id(id);
    sessionCall<v1::GetBotEquityResponse>(
        std::move(request),
        [](Rpc& rpc, grpc::ClientContext* ctx, const v1::GetBotEquityRequest* req,
           v1::GetBotEquityResponse* response, auto callback) {
            rpc.bots->async()->GetBotEquity(ctx, req, response, std::move(callback));
        },
        [](const v1::GetBotEquityResponse& response) {
            std::vector<EquityPoint> points;
            points.reserve(std::size_t(response.points_size()));
            for (const v1::BotEquityPoint& point : response.points())
                points.push_back({.timeMs = point.time_unix_ms(), .equity = text(point.equity())});
            return points;
        },
        context, std::move(done));
}

quint64 SessionController::streamBots(QObject* context,
                                      std::function<void(const BotUpdate&)> onUpdate,
                                      StreamEnd onEnd)
{
    return openStream<BotUpdate>(
        v1::StreamBotsRequest(),
        [](Rpc& rpc, grpc::ClientContext* ctx, const v1::StreamBotsRequest* req,
           grpc::ClientReadReactor<v1::BotUpdate>* reactor) {
            rpc.bots->async()->StreamBots(ctx, req, reactor);
        },
        &toBotUpdate, "bots", context, std::move(onUpdate), std::move(onEnd));
}

void SessionController::submitBacktestJob(const JobBacktestSpec& spec, QObject* context,
                                          std::function<void(Outcome<Job>)> done)
{
    v1::SubmitBacktestRequest request;
    toProtoBacktestSpec(spec, request.mutable_spec());
    request.set_label(spec.label.toStdString());
    sessionCall<v1::Job>(
        std::move(request),
        [](Rpc& rpc, grpc::ClientContext* ctx, const v1::SubmitBacktestRequest* req,
           v1::Job* response, auto callback) {
            rpc.jobs->async()->SubmitBacktest(ctx, req, response, std::move(callback));
        },
        [](const v1::Job& response) { return toJob(response); },
        context, std::move(done));
}

void SessionController::submitOptimizationJob(const JobOptimizationSpec& spec, QObject* context,
                                              std::function<void(Outcome<Job>)> done)
{
    v1::SubmitOptimizationRequest request;
    toProtoBacktestSpec(spec.backtest, request.mutable_spec()->mutable_backtest());
    request.mutable_spec()->set_method(spec.method.toStdString());
    request.mutable_spec()->set_objective(spec.objective.toStdString());
    request.mutable_spec()->set_max_trials(spec.maxTrials);
    request.set_label(spec.backtest.label.toStdString());
    sessionCall<v1::Job>(
        std::move(request),
        [](Rpc& rpc, grpc::ClientContext* ctx, const v1::SubmitOptimizationRequest* req,
           v1::Job* response, auto callback) {
            rpc.jobs->async()->SubmitOptimization(ctx, req, response, std::move(callback));
        },
        [](const v1::Job& response) { return toJob(response); },
        context, std::move(done));
}

void SessionController::listJobs(int limit, QObject* context,
                                 std::function<void(Outcome<std::vector<Job>>)> done)
{
    v1::ListJobsRequest request;
    request.set_limit(limit);
    sessionCall<v1::ListJobsResponse>(
        std::move(request),
        [](Rpc& rpc, grpc::ClientContext* ctx, const v1::ListJobsRequest* req,
           v1::ListJobsResponse* response,
           auto callback) { rpc.jobs->async()->ListJobs(ctx, req, response, std::move(callback)); },
        [](const v1::ListJobsResponse& response) {
            std::vector<Job> jobs;
            jobs.reserve(std::size_t(response.jobs_size()));
            for (const v1::Job& job : response.jobs())
                jobs.push_back(toJob(job));
            return jobs;
        },
        context, std::move(done));
}

void SessionController::getJob(qint64 id, bool includeResult, QObject* context,
                               std::function<void(Outcome<Job>)> done)
{
    v1::GetJobRequest request;
    request.set_id(id);
    request.set_include_result(includeResult);
    sessionCall<v1::Job>(
        std::move(request),
        [](Rpc& rpc, grpc::ClientContext* ctx, const v1::GetJobRequest* req, v1::Job* response,
           auto callback) { rpc.jobs->async()->GetJob(ctx, req, response, std::move(callback)); },
        [](const v1::Job& response) { return toJob(response); },
        context, std::move(done));
}

void SessionController::cancelJob(qint64 id, QObject* context,
                                  std::function<void(Outcome<Job>)> done)
{
    v1::CancelJobRequest request;
    request.set_id(id);
    sessionCall<v1::Job>(
        std::move(request),
        [](Rpc& rpc, grpc::ClientContext* ctx, const v1::CancelJobRequest* req, v1::Job* response,
           auto callback) {
            rpc.jobs->async()->CancelJob(ctx, req, response, std::move(callback));
        },
        [](const v1::Job& response) { return toJob(response); },
        context, std::move(done));
}

quint64 SessionController::streamJobs(QObject* context, std::function<void(const Job&)> onJob,
                                      StreamEnd onEnd)
{
    return openStream<Job>(
        v1::StreamJobsRequest(),
        [](Rpc& rpc, grpc::ClientContext* ctx, const v1::StreamJobsRequest* req,
           grpc::ClientReadReactor<v1::Job>* reactor) {
            rpc.jobs->async()->StreamJobs(ctx, req, reactor);
        },
        &toJobUpdate, "jobs", context, std::move(onJob), std::move(onEnd));
}

void SessionController::submitTrainingJob(const ModelTrainingSpec& spec, QObject* context,
                                          std::function<void(Outcome<Job>)> done)
{
    v1::SubmitTrainingRequest request;
    toProtoTrainingSpec(spec, request.mutable_spec());
    sessionCall<v1::Job>(
        std::move(request),
        [](Rpc& rpc, grpc::ClientContext* ctx, const v1::SubmitTrainingRequest* req,
           v1::Job* response, auto callback) {
            rpc.jobs->async()->SubmitTraining(ctx, req, response, std::move(callback));
        },
        [](const v1::Job& response) { return toJob(response); },
        context, std::move(done));
}

void SessionController::getTrainingProgress(qint64 jobId, QObject* context,
                                            std::function<void(Outcome<TrainingProgress>)> done)
{
    v1::GetJobRequest request;
    request.set_id(jobId);
    request.set_include_result(true);
    sessionCall<v1::Job>(
        std::move(request),
        [](Rpc& rpc, grpc::ClientContext* ctx, const v1::GetJobRequest* req, v1::Job* response,
           auto callback) { rpc.jobs->async()->GetJob(ctx, req, response, std::move(callback)); },
        [](const v1::Job& response) {
            TrainingProgress progress{.job = toJob(response),
                                      .hasReport = response.has_training(),
                                      .report = {}};
            if (response.has_training())
                progress.report = fromProtoTrainingReport(response.training());
            return progress;
        },
        context, std::move(done));
}

void SessionController::listModels(
    const QString& name, QObject* context,
    std::function<void(Outcome<std::vector<ModelVersionInfo>>)> done)
{
    v1::ListModelsRequest request;
    request.set_name(name.toStdString());
    sessionCall<v1::ListModelsResponse>(
        std::move(request),
        [](Rpc& rpc, grpc::ClientContext* ctx, const v1::ListModelsRequest* req,
           v1::ListModelsResponse* response, auto callback) {
            rpc.models->async()->ListModels(ctx, req, response, std::move(callback));
        },
        [](const v1::ListModelsResponse& response) {
            std::vector<ModelVersionInfo> versions;
            versions.reserve(std::size_t(response.versions_size()));
            for (const v1::ModelVersion& version : response.versions())
                versions.push_back(fromProtoModelVersion(version));
            return versions;
        },
        context, std::move(done));
}

void SessionController::getModel(const QString& name, int version, QObject* context,
                                 std::function<void(Outcome<ModelVersionInfo>)> done)
{
    v1::GetModelRequest request;
    request.set_name(name.toStdString());
    request.set_version(version);
    sessionCall<v1::ModelVersion>(
        std::move(request),
        [](Rpc& rpc, grpc::ClientContext* ctx, const v1::GetModelRequest* req,
           v1::ModelVersion* response, auto callback) {
            rpc.models->async()->GetModel(ctx, req, response, std::move(callback));
        },
        [](const v1::ModelVersion& response) { return fromProtoModelVersion(response); },
        context, std::move(done));
}

void SessionController::promoteModel(const QString& name, int version, QObject* context,
                                     std::function<void(Outcome<ModelVersionInfo>)> done)
{
    v1::PromoteModelRequest request;
    request.set_name(name.toStdString());
    request.set_version(version);
    sessionCall<v1::ModelVersion>(
        std::move(request),
        [](Rpc& rpc, grpc::ClientContext* ctx, const v1::PromoteModelRequest* req,
           v1::ModelVersion* response, auto callback) {
            rpc.models->async()->PromoteModel(ctx, req, response, std::move(callback));
        },
        [](const v1::ModelVersion& response) { return fromProtoModelVersion(response); },
        context, std::move(done));
}

void SessionController::getPredictions(const PredictionQuery& query, QObject* context,
                                       std::function<void(Outcome<ModelPredictions>)> done)
{
    v1::GetPredictionsRequest request;
    request.set_name(query.name.toStdString());
    request.set_version(query.version);
    request.set_exchange(query.exchange.toStdString());
    request.set_symbol(query.symbol.toStdString());
    request.set_timeframe(query.timeframe.toStdString());
    request.set_from_unix_ms(query.fromUnixMs);
    request.set_to_unix_ms(query.toUnixMs);
    sessionCall<v1::GetPredictionsResponse>(
        std::move(request),
        [](Rpc& rpc, grpc::ClientContext* ctx, const v1::GetPredictionsRequest* req,
           v1::GetPredictionsResponse* response, auto callback) {
            rpc.models->async()->GetPredictions(ctx, req, response, std::move(callback));
        },
        [](const v1::GetPredictionsResponse& response) { return fromProtoPredictions(response); },
        context, std::move(done));
}

void SessionController::listNews(const NewsQuery& query, QObject* context,
                                 std::function<void(Outcome<std::vector<NewsItem>>)> done)
{
    v1::ListNewsRequest request;
    request.set_asset(query.asset.toStdString());
    request.set_from_unix_ms(query.fromUnixMs);
    request.set_to_unix_ms(query.toUnixMs);
    request.set_limit(query.limit);
    sessionCall<v1::ListNewsResponse>(
        std::move(request),
        [](Rpc& rpc, grpc::ClientContext* ctx, const v1::ListNewsRequest* req,
           v1::ListNewsResponse* response, auto callback) {
            rpc.news->async()->ListNews(ctx, req, response, std::move(callback));
        },
        [](const v1::ListNewsResponse& response) { return fromProtoNewsItems(response); },
        context, std::move(done));
}

void SessionController::getSentiment(const SentimentQuery& query, QObject* context,
                                     std::function<void(Outcome<SentimentSeries>)> done)
{
    v1::GetSentimentRequest request;
    request.set_asset(query.asset.toStdString());
    request.set_timeframe(query.timeframe.toStdString());
    request.set_from_unix_ms(query.fromUnixMs);
    request.set_to_unix_ms(query.toUnixMs);
    sessionCall<v1::GetSentimentResponse>(
        std::move(request),
        [](Rpc& rpc, grpc::ClientContext* ctx, const v1::GetSentimentRequest* req,
           v1::GetSentimentResponse* response, auto callback) {
            rpc.news->async()->GetSentiment(ctx, req, response, std::move(callback));
        },
        [](const v1::GetSentimentResponse& response) { return fromProtoSentiment(response); },
        context, std::move(done));
}

void SessionController::listFeeds(QObject* context,
                                  std::function<void(Outcome<std::vector<NewsFeed>>)> done)
{
    if (!m_loggedIn)
        return done(std::unexpected(tr("You are not logged in.")));
    call<v1::ListFeedsResponse>(
        v1::ListFeedsRequest(), Auth::Bearer,
        [](Rpc& rpc, grpc::ClientContext* ctx, const v1::ListFeedsRequest* req,
           v1::ListFeedsResponse* response, auto callback) {
            rpc.news->async()->ListFeeds(ctx, req, response, std::move(callback));
        },
        [this, done = std::move(done)](const grpc::Status& status,
                                       v1::ListFeedsResponse& response, const CallInfo&) {
            if (!status.ok())
                return done(std::unexpected(describeStatus(status, m_profile.endpoint())));
            std::vector<NewsFeed> feeds;
            feeds.reserve(std::size_t(response.feeds_size()));
            for (const v1::NewsFeed& feed : response.feeds())
                feeds.push_back(fromProtoNewsFeed(feed));
            done(std::move(feeds));
        },
        context);
}

void SessionController::addFeed(const QString& url, const QString& name, QObject* context,
                                std::function<void(Outcome<NewsFeed>)> done)
{
    v1::AddFeedRequest request;
    request.set_url(url.trimmed().toStdString());
    request.set_name(name.trimmed().toStdString());
    sessionCall<v1::NewsFeed>(
        std::move(request),
        [](Rpc& rpc, grpc::ClientContext* ctx, const v1::AddFeedRequest* req,
           v1::NewsFeed* response, auto callback) {
            rpc.news->async()->AddFeed(ctx, req, response, std::move(callback));
        },
        [](const v1::NewsFeed& response) { return fromProtoNewsFeed(response); },
        context, std::move(done));
}

void SessionController::removeFeed(const QString& url, QObject* context,
                                   std::function<void(Outcome<void>)> done)
{
    if (!m_loggedIn)
        return done(std::unexpected(tr("You are not logged in.")));
    v1::RemoveFeedRequest request;
    request.set_url(url.toStdString());
    call<v1::RemoveFeedResponse>(
        std::move(request), Auth::Bearer,
        [](Rpc& rpc, grpc::ClientContext* ctx, const v1::RemoveFeedRequest* req,
           v1::RemoveFeedResponse* response, auto callback) {
            rpc.news->async()->RemoveFeed(ctx, req, response, std::move(callback));
        },
        [this, done = std::move(done)](const grpc::Status& status, v1::RemoveFeedResponse&,
                                       const CallInfo&) {
            if (!status.ok())
                return done(std::unexpected(describeStatus(status, m_profile.endpoint())));
            done({});
        },
        context);
}

} // namespace bcf::app
