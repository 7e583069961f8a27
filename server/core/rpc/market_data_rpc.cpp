#include "rpc/market_data_rpc.h"

#include "common/grpc_status.h"

namespace bcf::core {

grpc::Status MarketDataRpc::GetCandles(grpc::ServerContext * /*context*/,
                                       const v1::GetCandlesRequest *request,
                                       v1::GetCandlesResponse *response)
{
    if (request->limit() < 0)
        return {grpc::INVALID_ARGUMENT, "The limit must not be negative."};
    CandleQuery query{request->exchange(),
                      request->symbol(),
                      request->timeframe(),
                      fromUnixMillis(request->from_unix_ms()),
                      fromUnixMillis(request->to_unix_ms()),
                      static_cast<std::size_t>(request->limit())};
    auto answer = m_history.candles(query);
    if (!answer)
        return server::toGrpcStatus(answer.error());
    response->set_aggregated(answer->aggregated);
    for (const auto &candle : answer->candles) {
        auto *out = response->add_candles();
        out->set_open_time_unix_ms(toUnixMillis(candle.openTime));
        out->set_open(candle.open.toString());
        out->set_high(candle.high.toString());
        out->set_low(candle.low.toString());
        out->set_close(candle.close.toString());
        out->set_volume(candle.volume.toString());
        out->set_quote_volume(candle.quoteVolume.toString());
        out->set_trade_count(candle.tradeCount);
        out->set_closed(candle.closed);
    }
    return grpc::Status::OK;
}

} // namespace bcf::core
