-- A report's answer to the resident goes out at once when Telegram's limits allow; otherwise the report is marked
-- answer_pending and answered in the background (Reports/ReportAnswerer), so intake never waits for Telegram.
-- answer_claimed_at is a lease: an answer claimed long ago and still pending (its instance died) is claimed again.
ALTER TABLE reports ADD COLUMN answer_pending boolean NOT NULL DEFAULT false;
ALTER TABLE reports ADD COLUMN answer_claimed_at timestamptz;
CREATE INDEX reports_answer_pending ON reports (id) WHERE answer_pending;
