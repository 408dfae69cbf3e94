-- Settings the database itself needs (the county time zone decides which day a report counts on).
CREATE TABLE app_settings (
    key   text PRIMARY KEY,
    value text NOT NULL
);
INSERT INTO app_settings (key, value) VALUES ('time_zone', 'Asia/Shanghai');

-- Reports rolled up per local day, group and fraud type, kept exact by a trigger on reports, so
-- statistics over millions of reports read thousands of rows. group_id 0 = private chats.
CREATE TABLE report_daily (
    day        date NOT NULL,
    group_id   bigint NOT NULL,
    fraud_type text NOT NULL,
    reports    int NOT NULL DEFAULT 0,
    prevented  int NOT NULL DEFAULT 0,
    protected  numeric(18, 2) NOT NULL DEFAULT 0,
    losses     int NOT NULL DEFAULT 0,
    lost       numeric(18, 2) NOT NULL DEFAULT 0,
    PRIMARY KEY (day, group_id, fraud_type)
);
CREATE INDEX report_daily_group ON report_daily (group_id, day);

CREATE FUNCTION report_daily_apply(r reports, sign int) RETURNS void LANGUAGE sql AS $$
    INSERT INTO report_daily AS d (day, group_id, fraud_type, reports, prevented, protected, losses, lost)
    SELECT (r.created_at AT TIME ZONE s.value)::date, coalesce(r.group_id, 0), r.fraud_type,
           sign,
           sign * (CASE WHEN r.outcome IN ('dissuaded', 'intercepted') THEN 1 ELSE 0 END),
           sign * (CASE WHEN r.outcome IN ('dissuaded', 'intercepted') THEN coalesce(r.amount, 0) ELSE 0 END),
           sign * (CASE WHEN r.outcome = 'loss' THEN 1 ELSE 0 END),
           sign * (CASE WHEN r.outcome = 'loss' THEN coalesce(r.amount, 0) ELSE 0 END)
    FROM app_settings s WHERE s.key = 'time_zone'
    ON CONFLICT (day, group_id, fraud_type) DO UPDATE SET
        reports = d.reports + excluded.reports,
        prevented = d.prevented + excluded.prevented,
        protected = d.protected + excluded.protected,
        losses = d.losses + excluded.losses,
        lost = d.lost + excluded.lost;
$$;

CREATE FUNCTION report_daily_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM report_daily_apply(OLD, -1);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM report_daily_apply(NEW, 1);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER reports_roll_up AFTER INSERT OR DELETE OR UPDATE OF created_at, group_id, fraud_type, outcome, amount
    ON reports FOR EACH ROW EXECUTE FUNCTION report_daily_trigger();

-- Recomputes the roll-up, e.g. after FraudWatch__TimeZone changed.
CREATE FUNCTION report_daily_rebuild(zone text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    LOCK TABLE reports IN SHARE MODE;
    UPDATE app_settings SET value = zone WHERE key = 'time_zone';
    TRUNCATE report_daily;
    INSERT INTO report_daily (day, group_id, fraud_type, reports, prevented, protected, losses, lost)
    SELECT (created_at AT TIME ZONE zone)::date, coalesce(group_id, 0), fraud_type, count(*),
           count(*) FILTER (WHERE outcome IN ('dissuaded', 'intercepted')),
           coalesce(sum(amount) FILTER (WHERE outcome IN ('dissuaded', 'intercepted')), 0),
           count(*) FILTER (WHERE outcome = 'loss'),
           coalesce(sum(amount) FILTER (WHERE outcome = 'loss'), 0)
    FROM reports GROUP BY 1, 2, 3;
END;
$$;
