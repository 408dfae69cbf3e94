-- A second roll-up per local day, township and fraud type: its size does not grow with the number of
-- groups, so county-wide and per-township statistics stay fast with many thousands of groups. A report
-- counts in the township its group was bound to when it was filed (kept on the report).
ALTER TABLE reports ADD COLUMN township text;
UPDATE reports r SET township = g.township FROM groups g WHERE g.id = r.group_id;

CREATE FUNCTION reports_set_township() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.township IS NULL AND NEW.group_id IS NOT NULL THEN
        SELECT township INTO NEW.township FROM groups WHERE id = NEW.group_id;
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER reports_township BEFORE INSERT ON reports FOR EACH ROW EXECUTE FUNCTION reports_set_township();

CREATE TABLE report_daily_township (
    day        date NOT NULL,
    township   text NOT NULL,
    fraud_type text NOT NULL,
    reports    int NOT NULL DEFAULT 0,
    prevented  int NOT NULL DEFAULT 0,
    protected  numeric(18, 2) NOT NULL DEFAULT 0,
    losses     int NOT NULL DEFAULT 0,
    lost       numeric(18, 2) NOT NULL DEFAULT 0,
    PRIMARY KEY (day, township, fraud_type)
);

CREATE OR REPLACE FUNCTION report_daily_apply(r reports, sign int) RETURNS void LANGUAGE sql AS $$
    -- The report's contribution, computed once and added to both roll-ups.
    WITH v AS (
        SELECT (r.created_at AT TIME ZONE s.value)::date AS day, coalesce(r.group_id, 0) AS group_id,
               coalesce(r.township, '') AS township, r.fraud_type,
               sign AS reports,
               sign * (CASE WHEN r.outcome IN ('dissuaded', 'intercepted') THEN 1 ELSE 0 END) AS prevented,
               sign * (CASE WHEN r.outcome IN ('dissuaded', 'intercepted') THEN coalesce(r.amount, 0) ELSE 0 END) AS protected,
               sign * (CASE WHEN r.outcome = 'loss' THEN 1 ELSE 0 END) AS losses,
               sign * (CASE WHEN r.outcome = 'loss' THEN coalesce(r.amount, 0) ELSE 0 END) AS lost
        FROM app_settings s WHERE s.key = 'time_zone'
    ), per_group AS (
        INSERT INTO report_daily AS d (day, group_id, fraud_type, reports, prevented, protected, losses, lost)
        SELECT day, group_id, fraud_type, reports, prevented, protected, losses, lost FROM v
        ON CONFLICT (day, group_id, fraud_type) DO UPDATE SET
            reports = d.reports + excluded.reports, prevented = d.prevented + excluded.prevented,
            protected = d.protected + excluded.protected, losses = d.losses + excluded.losses, lost = d.lost + excluded.lost
    )
    INSERT INTO report_daily_township AS d (day, township, fraud_type, reports, prevented, protected, losses, lost)
    SELECT day, township, fraud_type, reports, prevented, protected, losses, lost FROM v
    ON CONFLICT (day, township, fraud_type) DO UPDATE SET
        reports = d.reports + excluded.reports, prevented = d.prevented + excluded.prevented,
        protected = d.protected + excluded.protected, losses = d.losses + excluded.losses, lost = d.lost + excluded.lost;
$$;

DROP TRIGGER reports_roll_up ON reports;
CREATE TRIGGER reports_roll_up AFTER INSERT OR DELETE OR UPDATE OF created_at, group_id, township, fraud_type, outcome, amount
    ON reports FOR EACH ROW EXECUTE FUNCTION report_daily_trigger();

CREATE OR REPLACE FUNCTION report_daily_rebuild(zone text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    LOCK TABLE reports IN SHARE MODE;
    UPDATE app_settings SET value = zone WHERE key = 'time_zone';
    TRUNCATE report_daily, report_daily_township;
    INSERT INTO report_daily (day, group_id, fraud_type, reports, prevented, protected, losses, lost)
    SELECT (created_at AT TIME ZONE zone)::date, coalesce(group_id, 0), fraud_type, count(*),
           count(*) FILTER (WHERE outcome IN ('dissuaded', 'intercepted')),
           coalesce(sum(amount) FILTER (WHERE outcome IN ('dissuaded', 'intercepted')), 0),
           count(*) FILTER (WHERE outcome = 'loss'),
           coalesce(sum(amount) FILTER (WHERE outcome = 'loss'), 0)
    FROM reports GROUP BY 1, 2, 3;
    INSERT INTO report_daily_township (day, township, fraud_type, reports, prevented, protected, losses, lost)
    SELECT (created_at AT TIME ZONE zone)::date, coalesce(township, ''), fraud_type, count(*),
           count(*) FILTER (WHERE outcome IN ('dissuaded', 'intercepted')),
           coalesce(sum(amount) FILTER (WHERE outcome IN ('dissuaded', 'intercepted')), 0),
           count(*) FILTER (WHERE outcome = 'loss'),
           coalesce(sum(amount) FILTER (WHERE outcome = 'loss'), 0)
    FROM reports GROUP BY 1, 2, 3;
END;
$$;

SELECT report_daily_rebuild((SELECT value FROM app_settings WHERE key = 'time_zone'));

-- Streaks read only days with a loss.
CREATE INDEX report_daily_losses ON report_daily (group_id, day) WHERE losses > 0;
