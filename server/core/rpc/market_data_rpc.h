#pragma once

#include "market/candle_history.h"

#include <bcf/v1/market_data.grpc.pb.h>

namespace bcf::core {

// bcf.v1.MarketDataService: history from PostgreSQL (live streams come with the collectors).
class MarketDataRpc final : public bcf::v1::MarketDataService::Service {
public:
    explicit MarketDataRpc(CandleHistory &history) : m_history(history) {}

    grpc::Status GetCandles(grpc::ServerContext *context, const v1::GetCandlesRequest *request,
                            v1::GetCandlesResponse *response) override;

private:
    CandleHistory &m_history;
};

} // namespace bcf::core
