-- Keys carry where they came from, so a bootstrap key removed from FraudWatch__ApiKeys can be revoked at start
-- without touching keys made through the API; who revoked one decides whether settings may bring it back.
ALTER TABLE api_keys
    ADD COLUMN source       text NOT NULL DEFAULT 'api' CHECK (source IN ('settings', 'api', 'first_start')),
    ADD COLUMN last_used_at timestamptz,
    ADD COLUMN revoked_by   text;
UPDATE api_keys SET source = 'settings' WHERE label = 'settings';
UPDATE api_keys SET revoked_by = 'settings' WHERE revoked_at IS NOT NULL;

-- Console sign-ins: the cookie holds a random session id, stored here only as its SHA-256 hash.
-- Sliding expiry (12 h idle) capped by an absolute one (7 days); revoking the key ends its sessions.
CREATE TABLE console_sessions (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_hash   bytea NOT NULL UNIQUE,
    api_key_id   bigint NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL
);
CREATE INDEX console_sessions_key ON console_sessions (api_key_id);
CREATE INDEX console_sessions_expiry ON console_sessions (expires_at);
