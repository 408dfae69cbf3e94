-- Per-installation secrets; the reporter pseudonym key is created on first use and never leaves the database.
CREATE TABLE installation_secrets (
    name       text PRIMARY KEY,
    value      bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Resident reports. The id is the #number residents see. reporter_user_id serves rate limits and
-- outcome notices only; analysts see a pseudonym. One report per command message, so a
-- redelivered /report never doubles.
CREATE TABLE reports (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    group_id         bigint REFERENCES groups (id),
    chat_id          bigint NOT NULL,
    message_id       bigint NOT NULL,
    reporter_user_id bigint NOT NULL,
    text             text NOT NULL,
    language         text NOT NULL,
    fraud_type       text NOT NULL,
    score            double precision NOT NULL,
    status           text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'resolved')),
    outcome          text CHECK (outcome IN ('dissuaded', 'intercepted', 'loss', 'not_fraud', 'duplicate')),
    amount           numeric(16, 2) CHECK (amount >= 0),
    outcome_note     text,
    outcome_by       text,
    outcome_at       timestamptz,
    duty_chat_id     bigint,
    duty_message_id  bigint,
    created_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (chat_id, message_id),
    CHECK ((status = 'resolved') = (outcome IS NOT NULL))
);
CREATE INDEX reports_reporter_recent ON reports (reporter_user_id, created_at);
CREATE INDEX reports_created ON reports (created_at);

-- What each report held, in normalized form (value) and as written (raw).
CREATE TABLE report_indicators (
    report_id bigint NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    kind      text NOT NULL,
    value     text NOT NULL,
    raw       text NOT NULL,
    PRIMARY KEY (report_id, kind, value)
);
CREATE INDEX report_indicators_value ON report_indicators (kind, value);

-- An officer's word on a number or link (/alert marks confirmed_fraud).
CREATE TABLE indicator_verdicts (
    kind    text NOT NULL,
    value   text NOT NULL,
    verdict text NOT NULL CHECK (verdict IN ('confirmed_fraud', 'not_fraud')),
    by      text NOT NULL,
    at      timestamptz NOT NULL DEFAULT now(),
    note    text,
    PRIMARY KEY (kind, value)
);

-- A group message is warned about at most once; the row is written before the warning is sent.
-- The warned message's text is kept (the only group talk that is).
CREATE TABLE warnings_sent (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    chat_id         bigint NOT NULL,
    message_id      bigint NOT NULL,
    group_id        bigint REFERENCES groups (id),
    kind            text NOT NULL,
    value           text NOT NULL,
    reason          text NOT NULL CHECK (reason IN ('confirmed', 'reported')),
    text            text NOT NULL,
    bot_message_id  bigint,
    created_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (chat_id, message_id)
);
