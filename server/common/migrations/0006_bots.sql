-- Bots run by bcf-core (docs/bots.md). A bot belongs to one user; its definition (kind, market,
-- parameters, budget, limits) is fixed at creation, its state moves with start / pause / stop.
-- `snapshot` is the decision logic's own state (grid levels, DCA cycle, the strategy's pending
-- entry), written after every change; `warmup_from_ms` and `last_bar_ms` let a restarted node
-- replay a strategy bot's bars to the exact same indicator state. Ownership between core nodes
-- is a Redis lease (bot:lease:<id>); the row says who held it last, for the operator.
CREATE TABLE bots (
    id bigserial PRIMARY KEY,
    owner_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 80),
    kind text NOT NULL CHECK (kind IN ('STRATEGY', 'GRID', 'DCA')),
    exchange text NOT NULL,
    symbol text NOT NULL,
    timeframe text NOT NULL,
    venue text NOT NULL,
    strategy_name text NOT NULL DEFAULT '',
    strategy_source text NOT NULL DEFAULT '',
    parameters text NOT NULL DEFAULT '',       -- name=value lines
    budget numeric(30, 8) NOT NULL CHECK (budget > 0),
    max_position numeric(30, 8) NOT NULL DEFAULT 0,
    max_daily_loss numeric(30, 8) NOT NULL DEFAULT 0,
    max_drawdown_basis_points integer NOT NULL DEFAULT 0,
    max_open_orders integer NOT NULL DEFAULT 0,
    state text NOT NULL CHECK (state IN ('STOPPED', 'RUNNING', 'PAUSED', 'FAILED')),
    state_reason text NOT NULL DEFAULT '',
    snapshot text NOT NULL DEFAULT '',
    warmup_from_ms bigint NOT NULL DEFAULT 0,
    last_bar_ms bigint NOT NULL DEFAULT 0,      -- close time of the last bar acted on
    node text NOT NULL DEFAULT '',              -- the core node that ran it last
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    UNIQUE (owner_id, name)
);

-- The bot's log: decisions, orders, fills, state changes, errors.
CREATE TABLE bot_events (
    id bigserial PRIMARY KEY,
    bot_id bigint NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
    time timestamptz NOT NULL,
    level text NOT NULL CHECK (level IN ('INFO', 'WARN', 'ERROR')),
    message text NOT NULL
);
CREATE INDEX bot_events_by_bot ON bot_events (bot_id, id DESC);

CREATE TABLE bot_equity (
    bot_id bigint NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
    time timestamptz NOT NULL,
    equity numeric(30, 8) NOT NULL,
    PRIMARY KEY (bot_id, time)
);
