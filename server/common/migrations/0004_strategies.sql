-- Strategies saved by the workstation's editor (bcf.v1.StrategyService). A strategy belongs to
-- one user and has a name unique for that user; every save appends an immutable version.
-- latest_version is the number of the newest version: SaveStrategy's optimistic concurrency is
-- one conditional UPDATE of it (WHERE latest_version = expected), so two saves of the same
-- version cannot both win.
CREATE TABLE strategies (
    id bigserial PRIMARY KEY,
    owner_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 80),
    latest_version integer NOT NULL CHECK (latest_version >= 1),
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    UNIQUE (owner_id, name)
);

CREATE TABLE strategy_versions (
    strategy_id bigint NOT NULL REFERENCES strategies (id) ON DELETE CASCADE,
    version integer NOT NULL CHECK (version >= 1),
    source text NOT NULL CHECK (octet_length(source) <= 65536),
    comment text NOT NULL DEFAULT '',
    -- Who saved this version; kept (as NULL) if that user's row ever goes.
    author_id bigint REFERENCES users (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (strategy_id, version)
);

-- Versions are immutable: saving appends one, deleting the strategy removes them all.
CREATE FUNCTION strategy_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'strategy versions are immutable';
END;
$$;
CREATE TRIGGER strategy_versions_no_update BEFORE UPDATE ON strategy_versions
    FOR EACH ROW EXECUTE FUNCTION strategy_versions_immutable();
