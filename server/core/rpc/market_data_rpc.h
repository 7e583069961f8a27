#pragma once

#include "common/market_store.h"
#include "market/candle_history.h"
#include "market/market_feed.h"

#include <bcf/v1/market_data.grpc.pb.h>

namespace bcf::core {

// bcf.v1.MarketDataService: history from PostgreSQL, live candles, trades, books and tickers
// fanned out from Redis (MarketFeed). Each stream holds one of the server's sync threads while
// the client listens.
class MarketDataRpc final : public bcf::v1::MarketDataService::Service {
public:
    MarketDataRpc(CandleHistory &history, server::CandleStore &candles,
                  server::TradeStore &trades, server::InstrumentStore &instruments,
                  MarketFeed &feed)
        : m_history(history), m_candles(candles), m_trades(trades), m_instruments(instruments),
          m_feed(feed)
    {
    }

    grpc::Status GetCandles(grpc::ServerContext *context, const v1::GetCandlesRequest *request,
                            v1::GetCandlesResponse *response) override;
    grpc::Status StreamCandles(grpc::ServerContext *context,
                               const v1::StreamCandlesRequest *request,
                               grpc::ServerWriter<v1::Candle> *writer) override;
    grpc::Status ListInstruments(grpc::ServerContext *context,
                                 const v1::ListInstrumentsRequest *request,
                                 v1::ListInstrumentsResponse *response) override;
    grpc::Status GetRecentTrades(grpc::ServerContext *context,
                                 const v1::GetRecentTradesRequest *request,
                                 v1::GetRecentTradesResponse *response) override;
    grpc::Status StreamTrades(grpc::ServerContext *context,
                              const v1::StreamTradesRequest *request,
                              grpc::ServerWriter<v1::Trade> *writer) override;
    grpc::Status StreamOrderBook(grpc::ServerContext *context,
                                 const v1::StreamOrderBookRequest *request,
                                 grpc::ServerWriter<v1::OrderBook> *writer) override;
    grpc::Status StreamTickers(grpc::ServerContext *context,
                               const v1::StreamTickersRequest *request,
                               grpc::ServerWriter<v1::Ticker> *writer) override;

private:
    CandleHistory &m_history;
    server::CandleStore &m_candles;
    server::TradeStore &m_trades;
    server::InstrumentStore &m_instruments;
    MarketFeed &m_feed;
};

} // namespace bcf::core
