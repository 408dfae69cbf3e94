-- Duty posts are a durable queue on the report rows (Reports/DutyPoster): a lease per claim, so a post whose instance
-- died is taken up again, and every instance helps.
ALTER TABLE reports ADD COLUMN duty_claimed_at timestamptz;
CREATE INDEX reports_duty_unposted ON reports (id) WHERE duty_message_id IS NULL;
