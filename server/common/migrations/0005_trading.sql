-- Trading on bcf-core (docs/trading.md). `orders` holds each order's current state; every change
-- is also a row of `order_events`, the journal, written in the same transaction. An order row
-- exists (state NEW) before its request leaves for the venue, so after a crash every order that
-- may have reached a venue is known by its client order id. Amounts are numeric with 8 decimals,
-- exactly the fixed point of the servers.
CREATE TABLE orders (
    client_order_id text PRIMARY KEY CHECK (char_length(client_order_id) BETWEEN 1 AND 36),
    account_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    bot_id bigint NOT NULL DEFAULT 0,
    venue text NOT NULL,
    symbol text NOT NULL,
    side text NOT NULL CHECK (side IN ('BUY', 'SELL')),
    type text NOT NULL,
    time_in_force text NOT NULL,
    quantity numeric(30, 8) NOT NULL CHECK (quantity > 0),
    price numeric(30, 8) NOT NULL DEFAULT 0,
    stop_price numeric(30, 8) NOT NULL DEFAULT 0,
    trailing_basis_points integer NOT NULL DEFAULT 0,
    post_only boolean NOT NULL DEFAULT false,
    reduce_only boolean NOT NULL DEFAULT false,
    oco_group text NOT NULL DEFAULT '',
    idempotency_key text,
    state text NOT NULL,
    venue_order_id text NOT NULL DEFAULT '',
    filled_quantity numeric(30, 8) NOT NULL DEFAULT 0,
    filled_notional numeric(30, 8) NOT NULL DEFAULT 0,
    fees numeric(30, 8) NOT NULL DEFAULT 0,
    reason text NOT NULL DEFAULT '',
    triggered boolean NOT NULL DEFAULT false, -- a stop whose trigger price was reached
    -- A paper trailing stop's best price since placement, saved every few seconds while it moves.
    trailing_reference numeric(30, 8) NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    UNIQUE (account_id, idempotency_key)
);
CREATE INDEX orders_by_account ON orders (account_id, created_at DESC);
CREATE INDEX orders_open ON orders (venue, account_id)
    WHERE state IN ('NEW', 'SUBMITTED', 'ACCEPTED', 'PARTIALLY_FILLED');

CREATE TABLE order_events (
    id bigserial PRIMARY KEY,
    client_order_id text NOT NULL REFERENCES orders (client_order_id) ON DELETE CASCADE,
    time timestamptz NOT NULL,
    kind text NOT NULL,          -- CREATED, SUBMITTED, or a venue event (ACCEPTED, FILL, …)
    state text NOT NULL,         -- the order's state after the event
    detail text NOT NULL DEFAULT ''
);
CREATE INDEX order_events_by_order ON order_events (client_order_id, id);

-- A venue's trade ids are unique per order at least; a fill already here is never applied twice.
CREATE TABLE fills (
    client_order_id text NOT NULL REFERENCES orders (client_order_id) ON DELETE CASCADE,
    trade_id text NOT NULL,
    account_id bigint NOT NULL,
    bot_id bigint NOT NULL DEFAULT 0,
    venue text NOT NULL,
    symbol text NOT NULL,
    side text NOT NULL,
    price numeric(30, 8) NOT NULL,
    quantity numeric(30, 8) NOT NULL,
    fee numeric(30, 8) NOT NULL,
    fee_asset text NOT NULL,
    fee_quote numeric(30, 8) NOT NULL,  -- the fee valued in the quote asset
    maker boolean NOT NULL,
    time timestamptz NOT NULL,
    seq bigserial,
    PRIMARY KEY (client_order_id, trade_id)
);
CREATE INDEX fills_by_account ON fills (account_id, venue, seq);

-- Paper venue balances, written with each event that changes them.
CREATE TABLE paper_balances (
    account_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    asset text NOT NULL,
    free numeric(30, 8) NOT NULL CHECK (free >= 0),
    locked numeric(30, 8) NOT NULL CHECK (locked >= 0),
    PRIMARY KEY (account_id, asset)
);

-- Equity in the quote currency, sampled per account and venue.
CREATE TABLE equity_samples (
    account_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    venue text NOT NULL,
    time timestamptz NOT NULL,
    equity numeric(30, 8) NOT NULL,
    PRIMARY KEY (account_id, venue, time)
);

-- Risk state changes (kill switch, breaches, resets): who, when, why.
CREATE TABLE risk_events (
    id bigserial PRIMARY KEY,
    account_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    bot_id bigint NOT NULL DEFAULT 0,
    time timestamptz NOT NULL,
    subject text NOT NULL,
    from_state text NOT NULL,
    to_state text NOT NULL,
    cause text NOT NULL,
    actor text NOT NULL DEFAULT '',
    message text NOT NULL
);
CREATE INDEX risk_events_by_account ON risk_events (account_id, id);
