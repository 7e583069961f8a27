#include "rpc/market_data_rpc.h"

#include "common/grpc_status.h"

namespace bcf::core {
namespace {

void toProto(const model::Candle &candle, v1::Candle *out)
{
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

} // namespace

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
    for (const auto &candle : answer->candles)
        toProto(candle, response->add_candles());
    return grpc::Status::OK;
}

grpc::Status MarketDataRpc::StreamCandles(grpc::ServerContext *context,
                                          const v1::StreamCandlesRequest *request,
                                          grpc::ServerWriter<v1::Candle> *writer)
{
    auto timeframe = m_history.check(request->exchange(), request->symbol(),
                                     request->timeframe());
    if (!timeframe)
        return server::toGrpcStatus(timeframe.error());
    auto subscription = m_live.subscribe(request->exchange(), request->symbol());
    bool open = true;
    while (open && !context->IsCancelled()) {
        for (const auto &minute : subscription->wait(std::chrono::milliseconds(500))) {
            if (minute.timeframe != model::Timeframe::M1)
                continue;
            auto bar = m_history.barContaining(request->exchange(), request->symbol(), *timeframe,
                                               minute);
            if (!bar)
                continue; // the next update brings the bar again
            v1::Candle out;
            toProto(*bar, &out);
            if (!writer->Write(out)) {
                open = false; // the client went away
                break;
            }
        }
    }
    m_live.unsubscribe(subscription);
    return grpc::Status::OK;
}

} // namespace bcf::core
