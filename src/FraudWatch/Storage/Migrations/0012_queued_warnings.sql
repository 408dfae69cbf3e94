-- A warning that cannot go out at once (the group's minute limit used up, or the bot's send timeline backed up)
-- is queued like a report's answer (0011): its text is kept and Reports/QueuedReplies sends it as the limits allow.
ALTER TABLE warnings_sent ADD COLUMN pending boolean NOT NULL DEFAULT false;
ALTER TABLE warnings_sent ADD COLUMN claimed_at timestamptz;
ALTER TABLE warnings_sent ADD COLUMN reply text;
CREATE INDEX warnings_sent_pending ON warnings_sent (id) WHERE pending;
