-- The model registry (docs/ml.md): named models, each training run a new version with its spec,
-- report (metrics, loss history) and artifact; one version per name may be live. Predictions
-- are stored per version and bar so that a backtest sees what was known at each bar.
CREATE TABLE models (
    name text PRIMARY KEY CHECK (name ~ '^[a-z0-9][a-z0-9._-]{0,63}$'),
    owner_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE model_versions (
    id bigserial PRIMARY KEY,
    name text NOT NULL REFERENCES models (name) ON DELETE CASCADE,
    version integer NOT NULL CHECK (version > 0),
    job_id bigint UNIQUE REFERENCES jobs (id) ON DELETE SET NULL, -- one version per training job
    owner_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    architecture text NOT NULL,
    task text NOT NULL,
    spec bytea NOT NULL,               -- bcf.v1.TrainingSpec
    report bytea NOT NULL,             -- bcf.v1.TrainingReport
    artifact bytea NOT NULL,           -- bcf::ml artifact (header + LibTorch archive)
    artifact_sha256 text NOT NULL,
    live boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (name, version)
);

CREATE UNIQUE INDEX model_versions_one_live ON model_versions (name) WHERE live;

CREATE TABLE model_predictions (
    version_id bigint NOT NULL REFERENCES model_versions (id) ON DELETE CASCADE,
    exchange text NOT NULL,
    symbol text NOT NULL,
    timeframe text NOT NULL,
    bar_time timestamptz NOT NULL,     -- open time of the bar at whose close it was made
    value double precision NOT NULL,   -- predicted log return, or probability of a rise
    made_at timestamptz NOT NULL,      -- when it became available
    PRIMARY KEY (version_id, exchange, symbol, timeframe, bar_time)
);
