#include "rpc/bot_rpc.h"

#include "common/grpc_status.h"
#include "rpc/authorization.h"

namespace bcf::core {
namespace {

constexpr auto kPoll = std::chrono::milliseconds(250);

std::string kindName(v1::BotKind kind)
{
    switch (kind) {
    case v1::BOT_KIND_STRATEGY: return "STRATEGY";
    case v1::BOT_KIND_GRID: return "GRID";
    case v1::BOT_KIND_DCA: return "DCA";
    default: return "";
    }
}

v1::BotKind protoKind(const std::string &kind)
{
    if (kind == "STRATEGY")
        return v1::BOT_KIND_STRATEGY;
    if (kind == "GRID")
        return v1::BOT_KIND_GRID;
    if (kind == "DCA")
        return v1::BOT_KIND_DCA;
    return v1::BOT_KIND_UNSPECIFIED;
}

v1::BotState protoState(const std::string &state)
{
    if (state == "STOPPED")
        return v1::BOT_STATE_STOPPED;
    if (state == "RUNNING")
        return v1::BOT_STATE_RUNNING;
    if (state == "PAUSED")
        return v1::BOT_STATE_PAUSED;
    if (state == "FAILED")
        return v1::BOT_STATE_FAILED;
    return v1::BOT_STATE_UNSPECIFIED;
}

template <typename Tag>
grpc::Status parseOptional(const std::string &text, const char *field, Decimal<Tag> *out)
{
    if (text.empty()) {
        *out = Decimal<Tag>();
        return grpc::Status::OK;
    }
    auto parsed = Decimal<Tag>::parse(text);
    if (!parsed || parsed->isNegative())
        return {grpc::INVALID_ARGUMENT, std::string(field) + ": \"" + text + "\" is not a decimal number ≥ 0."};
    *out = *parsed;
    return grpc::Status::OK;
}

void toProto(const BotEventRow &event, v1::BotEvent *out)
{
    out->set_bot_id(event.bot);
    out->set_time_unix_ms(toUnixMillis(event.time));
    out->set_level(event.level);
    out->set_message(event.message);
}

} // namespace

void toProto(const BotStatus &status, v1::Bot *out)
{
    const BotRecord &r = status.record;
    out->set_id(r.id);
    auto *d = out->mutable_definition();
    d->set_name(r.name);
    d->set_kind(protoKind(r.kind));
    d->set_exchange(r.exchange);
    d->set_symbol(r.symbol);
    d->set_timeframe(r.timeframe);
    d->set_venue(r.venue);
    d->set_strategy_name(r.strategyName);
    d->set_strategy_source(r.strategySource);
    for (const auto &[name, value] : r.parameters) {
        auto *p = d->add_parameters();
        p->set_name(name);
        p->set_value(value);
    }
    d->set_budget(r.budget.toString());
    auto *limits = d->mutable_limits();
    limits->set_max_position(r.maxPosition.isZero() ? "" : r.maxPosition.toString());
    limits->set_max_daily_loss(r.maxDailyLoss.isZero() ? "" : r.maxDailyLoss.toString());
    limits->set_max_drawdown_basis_points(r.maxDrawdownBasisPoints);
    limits->set_max_open_orders(r.maxOpenOrders);
    out->set_state(protoState(r.state));
    out->set_state_reason(r.stateReason);
    out->set_position(status.position.toString());
    out->set_average_entry(status.averageEntry.isZero() ? "" : status.averageEntry.toString());
    out->set_equity(status.equity.toString());
    out->set_realized_pnl(status.realizedPnl.toString());
    out->set_unrealized_pnl(status.unrealizedPnl.toString());
    out->set_fees(status.fees.toString());
    out->set_open_orders(status.openOrders);
    out->set_created_unix_ms(toUnixMillis(r.created));
    out->set_updated_unix_ms(toUnixMillis(r.updated));
    out->set_node(r.node);
    out->set_last_bar_unix_ms(r.lastBarMs);
}

grpc::Status BotRpc::CreateBot(grpc::ServerContext *context, const v1::CreateBotRequest *request, v1::Bot *response)
{
    auto principal = principalOf(*context, m_auth);
    if (!principal)
        return server::toGrpcStatus(principal.error());
    const v1::BotDefinition &d = request->definition();
    BotRecord record;
    record.name = d.name();
    record.kind = kindName(d.kind());
    if (record.kind.empty())
        return {grpc::INVALID_ARGUMENT, "kind: choose STRATEGY, GRID or DCA."};
    record.exchange = d.exchange().empty() ? "binance" : d.exchange();
    record.symbol = d.symbol();
    record.timeframe = d.timeframe();
    record.venue = d.venue();
    record.strategyName = d.strategy_name();
    record.strategySource = d.strategy_source();
    if (record.kind == "STRATEGY") {
        if (record.strategySource.empty() && record.strategyName.empty())
            return {grpc::INVALID_ARGUMENT, "strategy: name a saved strategy or give its source."};
        if (record.strategySource.empty()) {
            auto saved = m_strategies.get(principal->userId, record.strategyName, 0);
            if (!saved)
                return {grpc::INVALID_ARGUMENT, "strategy: " + saved.error().message};
            record.strategySource = saved->source;
            record.strategyName = saved->name + " v" + std::to_string(saved->version);
        }
    }
    for (const auto &parameter : d.parameters()) {
        if (parameter.name().empty() || parameter.name().find_first_of("=\n") != std::string::npos ||
            parameter.value().find('\n') != std::string::npos)
            return {grpc::INVALID_ARGUMENT, "parameters: a name must not be empty or contain '=' or a new line."};
        record.parameters.emplace_back(parameter.name(), parameter.value());
    }
    auto budget = Money::parse(d.budget());
    if (!budget)
        return {grpc::INVALID_ARGUMENT, "budget: \"" + d.budget() + "\" is not a decimal number."};
    record.budget = *budget;
    for (const grpc::Status &status :
         {parseOptional(d.limits().max_position(), "max position", &record.maxPosition),
          parseOptional(d.limits().max_daily_loss(), "max daily loss", &record.maxDailyLoss)}) {
        if (!status.ok())
            return status;
    }
    record.maxDrawdownBasisPoints = d.limits().max_drawdown_basis_points();
    record.maxOpenOrders = d.limits().max_open_orders();
    auto created = m_bots.create(principal->userId, std::move(record));
    if (!created)
        return server::toGrpcStatus(created.error());
    toProto(*created, response);
    return grpc::Status::OK;
}

grpc::Status BotRpc::ListBots(grpc::ServerContext *context, const v1::ListBotsRequest * /*request*/,
                              v1::ListBotsResponse *response)
{
    auto principal = principalOf(*context, m_auth);
    if (!principal)
        return server::toGrpcStatus(principal.error());
    auto listed = m_bots.list(principal->userId);
    if (!listed)
        return server::toGrpcStatus(listed.error());
    for (const auto &status : *listed)
        toProto(status, response->add_bots());
    return grpc::Status::OK;
}

#define BCF_BOT_CALL(method, call)                                                                      \
    grpc::Status BotRpc::method(grpc::ServerContext *context, const v1::BotIdRequest *request,           \
                                v1::Bot *response)                                                       \
    {                                                                                                    \
        auto principal = principalOf(*context, m_auth);                                                  \
        if (!principal)                                                                                  \
            return server::toGrpcStatus(principal.error());                                              \
        auto result = m_bots.call(principal->userId, request->id());                                     \
        if (!result)                                                                                     \
            return server::toGrpcStatus(result.error());                                                 \
        toProto(*result, response);                                                                      \
        return grpc::Status::OK;                                                                         \
    }

BCF_BOT_CALL(GetBot, get)
BCF_BOT_CALL(StartBot, startBot)
BCF_BOT_CALL(PauseBot, pauseBot)
BCF_BOT_CALL(DeleteBot, remove)

#undef BCF_BOT_CALL

grpc::Status BotRpc::StopBot(grpc::ServerContext *context, const v1::StopBotRequest *request, v1::Bot *response)
{
    auto principal = principalOf(*context, m_auth);
    if (!principal)
        return server::toGrpcStatus(principal.error());
    auto result = m_bots.stopBot(principal->userId, request->id(), request->close_position());
    if (!result)
        return server::toGrpcStatus(result.error());
    toProto(*result, response);
    return grpc::Status::OK;
}

grpc::Status BotRpc::ListBotEvents(grpc::ServerContext *context, const v1::ListBotEventsRequest *request,
                                   v1::ListBotEventsResponse *response)
{
    auto principal = principalOf(*context, m_auth);
    if (!principal)
        return server::toGrpcStatus(principal.error());
    if (request->limit() < 0 || request->limit() > 1000)
        return {grpc::INVALID_ARGUMENT, "limit: between 0 (200) and 1000."};
    auto events = m_bots.events(principal->userId, request->id(), request->limit() == 0 ? 200 : request->limit());
    if (!events)
        return server::toGrpcStatus(events.error());
    for (const auto &event : *events)
        toProto(event, response->add_events());
    return grpc::Status::OK;
}

grpc::Status BotRpc::GetBotEquity(grpc::ServerContext *context, const v1::GetBotEquityRequest *request,
                                  v1::GetBotEquityResponse *response)
{
    auto principal = principalOf(*context, m_auth);
    if (!principal)
        return server::toGrpcStatus(principal.error());
    auto points = m_bots.equity(principal->userId, request->id());
    if (!points)
        return server::toGrpcStatus(points.error());
    for (const auto &[time, equity] : *points) {
        auto *point = response->add_points();
        point->set_time_unix_ms(toUnixMillis(time));
        point->set_equity(equity.toString());
    }
    return grpc::Status::OK;
}

grpc::Status BotRpc::StreamBots(grpc::ServerContext *context, const v1::StreamBotsRequest * /*request*/,
                                grpc::ServerWriter<v1::BotUpdate> *writer)
{
    auto principal = principalOf(*context, m_auth);
    if (!principal)
        return server::toGrpcStatus(principal.error());
    auto subscription = m_bots.subscribe(principal->userId);
    bool open = true;
    while (open && !context->IsCancelled()) {
        for (const auto &update : subscription->wait(kPoll)) {
            v1::BotUpdate out;
            if (const auto *status = std::get_if<BotStatus>(&update))
                toProto(*status, out.mutable_bot());
            else if (const auto *event = std::get_if<BotEventRow>(&update))
                toProto(*event, out.mutable_event());
            else if (const auto *deleted = std::get_if<std::int64_t>(&update))
                out.set_deleted_bot_id(*deleted);
            if (!writer->Write(out)) {
                open = false;
                break;
            }
        }
    }
    m_bots.unsubscribe(principal->userId, subscription);
    return grpc::Status::OK;
}

} // namespace bcf::core
