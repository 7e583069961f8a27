-- Compute jobs (docs/jobs.md): backtests, optimizations and their shards, training runs. A job is
-- this row plus an entry in a Redis Stream (one per priority) that compute nodes read through one
-- consumer group. `attempt` fences a job's runs: a node may only report progress or a result for
-- the attempt it claimed, so a job whose node died and was claimed by another finishes once.
CREATE TABLE jobs (
    id bigserial PRIMARY KEY,
    owner_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind text NOT NULL CHECK (kind IN ('backtest', 'optimization', 'optimization_shard', 'training')),
    priority smallint NOT NULL CHECK (priority BETWEEN 0 AND 2), -- 0 high, 1 normal, 2 low
    state text NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled', 'timed_out')),
    label text NOT NULL DEFAULT '',
    spec bytea NOT NULL,               -- the kind's request (protobuf)
    parent_id bigint REFERENCES jobs (id) ON DELETE CASCADE,
    timeout_seconds integer NOT NULL CHECK (timeout_seconds > 0),
    max_attempts integer NOT NULL CHECK (max_attempts > 0),
    attempt integer NOT NULL DEFAULT 0,
    node text NOT NULL DEFAULT '',     -- the node running (or that ran) the current attempt
    progress double precision NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 1),
    message text NOT NULL DEFAULT '',
    cancel_requested boolean NOT NULL DEFAULT false,
    result bytea,                      -- the kind's result (protobuf), once succeeded
    error text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL,
    started_at timestamptz,            -- the first attempt's start: the timeout counts from it
    heartbeat_at timestamptz,
    finished_at timestamptz
);

CREATE INDEX jobs_owner_created ON jobs (owner_id, created_at DESC);
CREATE INDEX jobs_parent ON jobs (parent_id) WHERE parent_id IS NOT NULL;
