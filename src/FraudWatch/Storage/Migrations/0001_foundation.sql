-- Every update Telegram sends, stored before it is acted on. The payload is kept only until the
-- update is handled (or for diagnosis when it failed): ordinary group talk is not retained.
CREATE TABLE telegram_updates (
    update_id    bigint PRIMARY KEY,
    payload      text,
    kind         text,
    status       text NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'done', 'failed')),
    attempts     int NOT NULL DEFAULT 0,
    error        text,
    received_at  timestamptz NOT NULL DEFAULT now(),
    processed_at timestamptz
);
CREATE INDEX telegram_updates_pending ON telegram_updates (update_id) WHERE status = 'received';

CREATE TABLE groups (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    chat_id            bigint NOT NULL UNIQUE,
    title              text NOT NULL DEFAULT '',
    chat_type          text NOT NULL DEFAULT 'group',
    status             text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'active', 'left')),
    township           text,
    village            text,
    tags               text[] NOT NULL DEFAULT '{}',
    language           text NOT NULL DEFAULT 'zh-CN',
    members            int,
    members_updated_at timestamptz,
    is_duty            boolean NOT NULL DEFAULT false,
    added_by           bigint,
    bound_by           bigint,
    bound_at           timestamptz,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    CHECK (status <> 'active' OR (township IS NOT NULL AND village IS NOT NULL))
);
CREATE UNIQUE INDEX groups_one_duty ON groups ((true)) WHERE is_duty;
CREATE INDEX groups_place ON groups (township, village);

-- Chat ids a group had before Telegram upgraded it to a supergroup.
CREATE TABLE group_previous_chat_ids (
    chat_id     bigint PRIMARY KEY,
    group_id    bigint NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    migrated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE user_roles (
    user_id      bigint PRIMARY KEY,
    role         text NOT NULL CHECK (role IN ('resident', 'assistant', 'officer', 'analyst', 'admin')),
    display_name text,
    granted_by   text NOT NULL,
    granted_at   timestamptz NOT NULL DEFAULT now()
);

-- API keys are stored as SHA-256 hashes only.
CREATE TABLE api_keys (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    key_hash   bytea NOT NULL UNIQUE,
    role       text NOT NULL CHECK (role IN ('resident', 'assistant', 'officer', 'analyst', 'admin')),
    label      text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz
);

-- Every message the bot sends or would send (dry-run), outside campaign deliveries.
CREATE TABLE bot_messages (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    chat_id             bigint NOT NULL,
    text                text NOT NULL,
    status              text NOT NULL CHECK (status IN ('sent', 'dry_run', 'failed')),
    telegram_message_id bigint,
    error               text,
    created_at          timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE audit_log (
    id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at      timestamptz NOT NULL DEFAULT now(),
    actor   text NOT NULL,
    action  text NOT NULL,
    subject text NOT NULL,
    details jsonb
);
CREATE INDEX audit_log_subject ON audit_log (subject, at);
