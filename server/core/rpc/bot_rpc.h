#pragma once

#include "auth/auth_service.h"
#include "bots/bot_runtime.h"
#include "strategies/strategy_store.h"

#include <bcf/v1/bots.grpc.pb.h>

namespace bcf::core {

// bcf.v1.BotService: the caller's own bots through the BotRuntime. A definition naming a saved
// strategy gets a copy of its latest version (a bot never changes under a running strategy).
// Permissions (trading.read / trading.write) were checked by AuthorizationProcessor.
class BotRpc final : public bcf::v1::BotService::Service {
public:
    BotRpc(auth::AuthService &auth, BotRuntime &bots, StrategyStore &strategies)
        : m_auth(auth), m_bots(bots), m_strategies(strategies)
    {
    }

    grpc::Status CreateBot(grpc::ServerContext *context, const v1::CreateBotRequest *request,
                           v1::Bot *response) override;
    grpc::Status ListBots(grpc::ServerContext *context, const v1::ListBotsRequest *request,
                          v1::ListBotsResponse *response) override;
    grpc::Status GetBot(grpc::ServerContext *context, const v1::BotIdRequest *request, v1::Bot *response) override;
    grpc::Status StartBot(grpc::ServerContext *context, const v1::BotIdRequest *request, v1::Bot *response) override;
    grpc::Status PauseBot(grpc::ServerContext *context, const v1::BotIdRequest *request, v1::Bot *response) override;
    grpc::Status StopBot(grpc::ServerContext *context, const v1::StopBotRequest *request, v1::Bot *response) override;
    grpc::Status DeleteBot(grpc::ServerContext *context, const v1::BotIdRequest *request, v1::Bot *response) override;
    grpc::Status ListBotEvents(grpc::ServerContext *context, const v1::ListBotEventsRequest *request,
                               v1::ListBotEventsResponse *response) override;
    grpc::Status GetBotEquity(grpc::ServerContext *context, const v1::GetBotEquityRequest *request,
                              v1::GetBotEquityResponse *response) override;
    grpc::Status StreamBots(grpc::ServerContext *context, const v1::StreamBotsRequest *request,
                            grpc::ServerWriter<v1::BotUpdate> *writer) override;

private:
    auth::AuthService &m_auth;
    BotRuntime &m_bots;
    StrategyStore &m_strategies;
};

void toProto(const BotStatus &status, v1::Bot *out);

} // namespace bcf::core
