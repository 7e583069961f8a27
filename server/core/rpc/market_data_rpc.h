#pragma once

#include "market/candle_history.h"
#include "market/live_candles.h"

#include <bcf/v1/market_data.grpc.pb.h>

namespace bcf::core {

// bcf.v1.MarketDataService: history from PostgreSQL, live bars fanned out from Redis.
class MarketDataRpc final : public bcf::v1::MarketDataService::Service {
public:
    MarketDataRpc(CandleHistory &history, LiveCandles &live) : m_history(history), m_live(live) {}

    grpc::Status GetCandles(grpc::ServerContext *context, const v1::GetCandlesRequest *request,
                            v1::GetCandlesResponse *response) override;
    // Holds one of the server's sync threads while the client listens.
    grpc::Status StreamCandles(grpc::ServerContext *context,
                               const v1::StreamCandlesRequest *request,
                               grpc::ServerWriter<v1::Candle> *writer) override;

private:
    CandleHistory &m_history;
    LiveCandles &m_live;
};

} // namespace bcf::core
