-- Users, sessions and two-factor authentication.
CREATE TABLE users (
    id bigserial PRIMARY KEY,
    username text NOT NULL,
    password_hash text NOT NULL,
    role text NOT NULL
        CHECK (role IN ('trader', 'admin', 'support', 'finance', 'marketing', 'sales', 'auditor')),
    disabled boolean NOT NULL DEFAULT false,
    failed_logins integer NOT NULL DEFAULT 0,
    locked_until timestamptz,
    -- TOTP secrets are sealed with the server's secret key (libsodium secretbox).
    totp_secret bytea,
    totp_pending_secret bytea,
    totp_enabled boolean NOT NULL DEFAULT false,
    totp_last_step bigint NOT NULL DEFAULT 0,
    password_changed_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX users_username_key ON users (lower(username));

-- Opaque tokens: only the SHA-256 of a token is stored. A 'second_factor' row is the short-lived
-- challenge between a correct password and the TOTP code.
CREATE TABLE sessions (
    id bigserial PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash bytea NOT NULL UNIQUE,
    kind text NOT NULL CHECK (kind IN ('session', 'second_factor')),
    client_description text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE recovery_codes (
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash bytea NOT NULL,
    used_at timestamptz,
    PRIMARY KEY (user_id, code_hash)
);
