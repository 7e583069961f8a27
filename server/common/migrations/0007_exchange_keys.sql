-- Exchange API keys of the live venues (docs/live-venue.md). The key and its secret are sealed
-- with libsodium's secretbox under the key file named by trading.exchange_key_file: the database
-- alone never reveals them. `api_key_hint` (the key's last four characters) is all any RPC shows.
-- One key per user and exchange; deleting it stops that user's live trading on the exchange.
CREATE TABLE exchange_keys (
    id bigserial PRIMARY KEY,
    owner_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    exchange text NOT NULL,
    label text NOT NULL CHECK (char_length(label) BETWEEN 1 AND 80),
    api_key_sealed bytea NOT NULL,
    secret_sealed bytea NOT NULL,
    api_key_hint text NOT NULL,
    can_trade boolean NOT NULL,
    created_at timestamptz NOT NULL,
    UNIQUE (owner_id, exchange)
);
