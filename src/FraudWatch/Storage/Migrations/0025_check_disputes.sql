-- A resident who presses "Not a scam" under a private check the bot called a scam disputes the bot: either the bot
-- raised a false alarm, or the resident trusts a scam. Such a check is kept (until the retention period) for an
-- officer to review: ordinary (the bot was wrong) or a scam of some type (the resident is told, and warned). Reviewed
-- checks are measured in GET /api/v1/stats/detection and learned by county models.
ALTER TABLE private_checks
    ADD COLUMN verdict       text,
    ADD COLUMN guessed_type  text,
    ADD COLUMN feedback_at   timestamptz,
    ADD COLUMN reviewed_as   text CHECK (reviewed_as IN ('ordinary', 'fraud')),
    ADD COLUMN reviewed_type text,
    ADD COLUMN reviewed_by   text,
    ADD COLUMN reviewed_at   timestamptz;
CREATE INDEX private_checks_disputed ON private_checks (feedback_at) WHERE feedback = 'not_fraud' AND verdict = 'fraud';
