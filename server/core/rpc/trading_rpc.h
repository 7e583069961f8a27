#pragma once

#include "auth/auth_service.h"
#include "oms/order_manager.h"

#include <bcf/v1/trading.grpc.pb.h>

namespace bcf::core {

// bcf.v1.TradingService: the caller's own orders, fills and portfolio through the OrderManager.
// Translates and checks the messages (a bad decimal or enum is INVALID_ARGUMENT naming the
// field); permissions (trading.read, trading.write) were already checked by
// AuthorizationProcessor. Runs on gRPC's sync threads.
class TradingRpc final : public bcf::v1::TradingService::Service {
public:
    TradingRpc(auth::AuthService &auth, OrderManager &orders) : m_auth(auth), m_orders(orders) {}

    grpc::Status PlaceOrder(grpc::ServerContext *context, const v1::PlaceOrderRequest *request,
                            v1::Order *response) override;
    grpc::Status PlaceOco(grpc::ServerContext *context, const v1::PlaceOcoRequest *request,
                          v1::PlaceOcoResponse *response) override;
    grpc::Status CancelOrder(grpc::ServerContext *context, const v1::CancelOrderRequest *request,
                             v1::Order *response) override;
    grpc::Status CancelAllOrders(grpc::ServerContext *context,
                                 const v1::CancelAllOrdersRequest *request,
                                 v1::CancelAllOrdersResponse *response) override;
    grpc::Status ListOrders(grpc::ServerContext *context, const v1::ListOrdersRequest *request,
                            v1::ListOrdersResponse *response) override;
    grpc::Status ListFills(grpc::ServerContext *context, const v1::ListFillsRequest *request,
                           v1::ListFillsResponse *response) override;
    grpc::Status GetPortfolio(grpc::ServerContext *context, const v1::GetPortfolioRequest *request,
                              v1::Portfolio *response) override;
    grpc::Status GetEquityHistory(grpc::ServerContext *context,
                                  const v1::GetEquityHistoryRequest *request,
                                  v1::GetEquityHistoryResponse *response) override;
    grpc::Status KillSwitch(grpc::ServerContext *context, const v1::KillSwitchRequest *request,
                            v1::KillSwitchResponse *response) override;
    grpc::Status ResetRisk(grpc::ServerContext *context, const v1::ResetRiskRequest *request,
                           v1::ResetRiskResponse *response) override;
    grpc::Status StreamTrading(grpc::ServerContext *context, const v1::StreamTradingRequest *request,
                               grpc::ServerWriter<v1::TradingEvent> *writer) override;
    grpc::Status AddExchangeKey(grpc::ServerContext *context, const v1::AddExchangeKeyRequest *request,
                                v1::ExchangeKey *response) override;
    grpc::Status ListExchangeKeys(grpc::ServerContext *context, const v1::ListExchangeKeysRequest *request,
                                  v1::ListExchangeKeysResponse *response) override;
    grpc::Status DeleteExchangeKey(grpc::ServerContext *context, const v1::DeleteExchangeKeyRequest *request,
                                   v1::ExchangeKey *response) override;

private:
    auth::AuthService &m_auth;
    OrderManager &m_orders;
};

// Domain → protocol, shared with the tests.
void toProto(const trading::Order &order, v1::Order *out);
void toProto(const FillRecord &fill, v1::Fill *out);
void toProto(const PortfolioView &view, v1::Portfolio *out);

} // namespace bcf::core
