-- Trades, partitioned by day of their time so that retention drops whole days. Prices and
-- quantities are bcf::Decimal raw values (8 fractional digits). The trade id is the exchange's;
-- (exchange, symbol, time, trade_id) makes a replayed trade a no-op.
CREATE TABLE trades (
    exchange text NOT NULL,
    symbol text NOT NULL,
    trade_id bigint NOT NULL,
    time timestamptz NOT NULL,
    price bigint NOT NULL,
    quantity bigint NOT NULL,
    buyer_is_taker boolean NOT NULL,
    PRIMARY KEY (exchange, symbol, time, trade_id)
) PARTITION BY RANGE (time);
