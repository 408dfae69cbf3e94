-- Warning campaigns and the broadcast engine. The state of every broadcast lives here, not in
-- Hangfire's queue: Hangfire only starts runs; workers on any instance claim deliveries below.
CREATE TABLE campaigns (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    template      text,
    body          text,
    target        text NOT NULL,
    schedule_kind text NOT NULL CHECK (schedule_kind IN ('now', 'at', 'cron')),
    schedule      text NOT NULL,
    cron          text,
    run_at        timestamptz,
    time_zone     text NOT NULL,
    pin           boolean NOT NULL DEFAULT false,
    expires_at    timestamptz,
    status        text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'running', 'done', 'cancelled', 'expired')),
    created_by    text NOT NULL,
    officer_name  text,
    officer_phone text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    cancelled_at  timestamptz,
    CHECK ((template IS NULL) <> (body IS NULL)),
    CHECK ((schedule_kind = 'cron') = (cron IS NOT NULL)),
    CHECK (schedule_kind = 'cron' OR run_at IS NOT NULL)
);

-- One per occurrence: a Hangfire retry of the same firing finds the run it already made.
CREATE TABLE campaign_runs (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    campaign_id   bigint NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    occurrence_at timestamptz NOT NULL,
    status        text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'done', 'cancelled')),
    targeted      int NOT NULL DEFAULT 0,
    started_at    timestamptz NOT NULL DEFAULT now(),
    finished_at   timestamptz,
    UNIQUE (campaign_id, occurrence_at)
);
CREATE INDEX campaign_runs_running ON campaign_runs (id) WHERE status = 'running';

-- One per (run, group), written in the same transaction as the run. 'sending' carries a lease:
-- when it lapses (the instance died) the sweep returns the delivery to 'pending'.
CREATE TABLE deliveries (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    run_id              bigint NOT NULL REFERENCES campaign_runs (id) ON DELETE CASCADE,
    group_id            bigint NOT NULL REFERENCES groups (id),
    chat_id             bigint NOT NULL,
    members             int,
    status              text NOT NULL DEFAULT 'pending'
                        CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'skipped', 'dry_run', 'cancelled')),
    telegram_message_id bigint,
    rendered_text       text,
    error               text,
    attempts            int NOT NULL DEFAULT 0,
    next_attempt_at     timestamptz NOT NULL DEFAULT now(),
    claimed_by          text,
    claimed_at          timestamptz,
    lease_until         timestamptz,
    sent_by             text,
    finished_at         timestamptz,
    UNIQUE (run_id, group_id)
);
CREATE INDEX deliveries_ready ON deliveries (next_attempt_at, id) WHERE status = 'pending';
CREATE INDEX deliveries_leased ON deliveries (lease_until) WHERE status = 'sending';

-- The global send budget shared by all instances (GCRA): next_slot_at is the theoretical time of the
-- next free send slot; an instance leases a run of consecutive slots in one statement. A 429 moves
-- paused_until (and the slots) past retry_after for everyone.
CREATE TABLE broadcast_throttle (
    id           int PRIMARY KEY CHECK (id = 1),
    next_slot_at timestamptz NOT NULL DEFAULT now(),
    paused_until timestamptz NOT NULL DEFAULT '-infinity'
);
INSERT INTO broadcast_throttle (id) VALUES (1);

-- Per-chat sliding log of recent send reservations (Broadcast__GroupMessagesPerMinute).
CREATE TABLE chat_send_log (
    chat_id bigint PRIMARY KEY,
    sends   timestamptz[] NOT NULL
);
