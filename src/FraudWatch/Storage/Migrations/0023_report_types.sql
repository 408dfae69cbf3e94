-- An officer may correct the fraud type the classifier guessed for a report (issue 11). fraud_type stays the type every
-- statistic counts (the roll-up trigger follows a change of it); guessed_type keeps the classifier's guess once an
-- officer changed it (NULL while fraud_type is still the guess), so the guesses can be measured against officers' types
-- on the county's own real reports (GET /api/v1/stats/detection).
ALTER TABLE reports
    ADD COLUMN guessed_type text,
    ADD COLUMN type_by      text,
    ADD COLUMN type_at      timestamptz;
