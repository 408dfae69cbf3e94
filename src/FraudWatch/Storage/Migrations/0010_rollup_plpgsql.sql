-- The same roll-up arithmetic as 0008, in PL/pgSQL: a SQL-language function is planned again on every call,
-- while PL/pgSQL keeps its statements' plans for the session, which matters when reports arrive in bursts.
CREATE OR REPLACE FUNCTION report_daily_apply(r reports, sign int) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    v_day       date;
    v_prevented int;
    v_protected numeric(18, 2);
    v_losses    int;
    v_lost      numeric(18, 2);
BEGIN
    SELECT (r.created_at AT TIME ZONE s.value)::date INTO v_day FROM app_settings s WHERE s.key = 'time_zone';
    v_prevented := sign * (CASE WHEN r.outcome IN ('dissuaded', 'intercepted') THEN 1 ELSE 0 END);
    v_protected := sign * (CASE WHEN r.outcome IN ('dissuaded', 'intercepted') THEN coalesce(r.amount, 0) ELSE 0 END);
    v_losses    := sign * (CASE WHEN r.outcome = 'loss' THEN 1 ELSE 0 END);
    v_lost      := sign * (CASE WHEN r.outcome = 'loss' THEN coalesce(r.amount, 0) ELSE 0 END);

    INSERT INTO report_daily AS d (day, group_id, fraud_type, reports, prevented, protected, losses, lost)
    VALUES (v_day, coalesce(r.group_id, 0), r.fraud_type, sign, v_prevented, v_protected, v_losses, v_lost)
    ON CONFLICT (day, group_id, fraud_type) DO UPDATE SET
        reports = d.reports + excluded.reports, prevented = d.prevented + excluded.prevented,
        protected = d.protected + excluded.protected, losses = d.losses + excluded.losses, lost = d.lost + excluded.lost;

    INSERT INTO report_daily_township AS d (day, township, fraud_type, reports, prevented, protected, losses, lost)
    VALUES (v_day, coalesce(r.township, ''), r.fraud_type, sign, v_prevented, v_protected, v_losses, v_lost)
    ON CONFLICT (day, township, fraud_type) DO UPDATE SET
        reports = d.reports + excluded.reports, prevented = d.prevented + excluded.prevented,
        protected = d.protected + excluded.protected, losses = d.losses + excluded.losses, lost = d.lost + excluded.lost;
END;
$$;
