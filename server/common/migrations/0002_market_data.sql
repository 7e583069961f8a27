-- Instruments and candles. Prices, quantities and amounts are fixed-point integers with 8
-- fractional digits (bcf::Decimal raw values), so storage is exact and compact.
CREATE TABLE instruments (
    exchange text NOT NULL,
    symbol text NOT NULL,
    base text NOT NULL,
    quote text NOT NULL,
    tick_size bigint NOT NULL CHECK (tick_size > 0),
    lot_size bigint NOT NULL CHECK (lot_size > 0),
    min_notional bigint NOT NULL CHECK (min_notional >= 0),
    price_precision integer NOT NULL,
    quantity_precision integer NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (exchange, symbol)
);

-- Native range partitioning by month of open_time; partitions are created on demand by the
-- ingestion code (server/common/candle_store.cpp). With TimescaleDB installed the same table
-- is used through the same queries.
CREATE TABLE candles (
    exchange text NOT NULL,
    symbol text NOT NULL,
    timeframe text NOT NULL,
    open_time timestamptz NOT NULL,
    open bigint NOT NULL,
    high bigint NOT NULL,
    low bigint NOT NULL,
    close bigint NOT NULL,
    volume bigint NOT NULL,
    quote_volume bigint NOT NULL,
    trade_count bigint NOT NULL,
    PRIMARY KEY (exchange, symbol, timeframe, open_time)
) PARTITION BY RANGE (open_time);
