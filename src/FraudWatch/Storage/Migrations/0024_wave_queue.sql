-- A report whose answer waits for Telegram's limits joins its scam wave in the background (Reports/WaveJoiner), many
-- reports to a statement, so a burst of reports is not held up by the join. wave_claimed_at is a lease, as for answers:
-- a batch claimed by an instance that died is taken again, and joining is idempotent per report.
ALTER TABLE reports ADD COLUMN wave_pending boolean NOT NULL DEFAULT false;
ALTER TABLE reports ADD COLUMN wave_claimed_at timestamptz;
CREATE INDEX reports_wave_pending ON reports (id) WHERE wave_pending;
