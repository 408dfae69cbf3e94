-- A wave alert is queued, not sent by the call that raised it: the join that sets alerted_at sets alert_pending in the
-- same statement, and Reports/WaveAlerts posts it to the duty group, claiming it with a lease (alert_claimed_at). A
-- process that dies between the commit and the post leaves the alert to be posted once it (or another instance) is
-- back. Waves alerted before this migration were posted (or lost) already: they stay as they are.
ALTER TABLE waves ADD COLUMN alert_pending boolean NOT NULL DEFAULT false;
ALTER TABLE waves ADD COLUMN alert_claimed_at timestamptz;
CREATE INDEX waves_alert_pending ON waves (id) WHERE alert_pending;
