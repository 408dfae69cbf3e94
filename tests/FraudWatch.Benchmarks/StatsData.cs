using System.Diagnostics;
using System.Globalization;
using Dapper;
using Npgsql;

namespace FraudWatch.Benchmarks;

/// <summary>
/// Synthetic county data made inside PostgreSQL (generate_series + INSERT … SELECT in chunks). The bulk is loaded with
/// the roll-up trigger off and report_daily_rebuild run once (both timed); the last chunk goes in with the trigger on,
/// timed, so the per-row cost of keeping report_daily exact is measured too.
/// </summary>
static class StatsData
{
    const int Chunk = 500_000;
    const int TriggerChunk = 200_000;

    const string InsertReports = """
        INSERT INTO reports (group_id, chat_id, message_id, reporter_user_id, text, language, fraud_type, score, status, outcome, amount, created_at)
        SELECT gid, -5000000000 - gid, i, 10000000 + (i * 104729) % 2000000, 'synthetic report ' || i, 'zh-CN',
               (ARRAY['task_rebate', 'task_rebate', 'task_rebate', 'fake_investment', 'fake_investment', 'fake_shopping', 'fake_customer_service',
                      'fake_loan', 'impersonate_police', 'fake_credit', 'impersonate_acquaintance', 'romance', 'game_trade', 'other'])[1 + (i * 31) % 14],
               0.8,
               CASE WHEN o < 5 THEN 'new' ELSE 'resolved' END,
               CASE WHEN o < 5 THEN NULL WHEN o < 60 THEN 'dissuaded' WHEN o < 75 THEN 'intercepted' WHEN o < 84 THEN 'loss'
                    WHEN o < 96 THEN 'not_fraud' ELSE 'duplicate' END,
               CASE WHEN o >= 5 AND o < 84 THEN ((i * 7) % 500) * 100 + 100 END,
               @now - ((i * 2654435761) % (365 * 86400)) * interval '1 second'
        FROM (SELECT i, 1 + (i * 7919) % @groups AS gid, (i * 37) % 100 AS o FROM generate_series(@from::bigint, @to::bigint) i) s
        """;

    public static async Task LoadAsync(NpgsqlDataSource db, int reports, int groups, Action<string> log)
    {
        await using var connection = await db.OpenConnectionAsync();
        var now = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        await connection.ExecuteAsync("""
            INSERT INTO groups (chat_id, title, status, township, village, members, bound_at)
            SELECT -5000000000 - g, 'group ' || g, 'active', 'T' || lpad((g % 20)::text, 2, '0') || '镇', 'V' || g || '村', 30 + g % 200, @now - interval '400 days'
            FROM generate_series(1, @groups) g
            """, new { groups, now });
        if (await connection.ExecuteScalarAsync<long>("SELECT max(id) FROM groups") != groups)
            throw new InvalidOperationException("group ids are expected to run 1..groups on a fresh database");
        log(string.Create(CultureInfo.InvariantCulture, $"STATS load: {groups:N0} groups in {clock.Elapsed.TotalSeconds:0.0} s"));

        var raw = Math.Max(0, reports - TriggerChunk);
        await connection.ExecuteAsync("ALTER TABLE reports DISABLE TRIGGER reports_roll_up");
        clock.Restart();
        for (long from = 1; from <= raw; from += Chunk)
        {
            var to = Math.Min(raw, from + Chunk - 1);
            await connection.ExecuteAsync(InsertReports, new { from, to, groups, now }, commandTimeout: 0);
            log(string.Create(CultureInfo.InvariantCulture,
                $"STATS load: {to:N0} / {reports:N0} reports, trigger off ({to / clock.Elapsed.TotalSeconds:N0} rows/s)"));
        }

        var rawSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        await connection.ExecuteAsync("SELECT report_daily_rebuild('Asia/Shanghai')", commandTimeout: 0);
        var rebuild = clock.Elapsed.TotalSeconds;
        await connection.ExecuteAsync("ALTER TABLE reports ENABLE TRIGGER reports_roll_up");

        clock.Restart();
        await connection.ExecuteAsync(InsertReports, new { from = raw + 1L, to = (long)reports, groups, now }, commandTimeout: 0);
        var triggered = clock.Elapsed.TotalSeconds;
        await connection.ExecuteAsync("ANALYZE reports; ANALYZE report_daily; ANALYZE groups;", commandTimeout: 0);
        var dailyRows = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM report_daily");
        var exact = await connection.ExecuteScalarAsync<bool>("SELECT (SELECT sum(reports) FROM report_daily) = (SELECT count(*) FROM reports)");
        log(string.Create(CultureInfo.InvariantCulture,
            $"STATS load: {raw:N0} reports with the trigger off in {rawSeconds:0.0} s ({raw / rawSeconds:N0} rows/s); report_daily_rebuild {rebuild:0.0} s; " +
            $"last {reports - raw:N0} with the trigger on in {triggered:0.0} s ({(reports - raw) / triggered:N0} rows/s); report_daily {dailyRows:N0} rows, exact: {exact}"));
    }

    /// <summary>A past campaign to every group, run at mid-year, with a window sized to hold about <paramref name="rows"/> reports.</summary>
    public static async Task<(long CampaignId, int Days, long Expected)> ExportCampaignAsync(NpgsqlDataSource db, int reports, int rows)
    {
        var days = Math.Clamp((int)Math.Ceiling(rows / (2.0 * reports / 365)), 1, 90);
        var runAt = DateTime.UtcNow.Date.AddDays(-180).AddHours(1);
        await using var connection = await db.OpenConnectionAsync();
        var campaignId = await connection.ExecuteScalarAsync<long>("""
            INSERT INTO campaigns (template, target, schedule_kind, schedule, run_at, time_zone, status, created_by)
            VALUES ('task_rebate', 'all', 'at', 'at past', @runAt, 'Asia/Shanghai', 'done', 'bench') RETURNING id
            """, new { runAt });
        await connection.ExecuteAsync("""
            WITH run AS (INSERT INTO campaign_runs (campaign_id, occurrence_at, status) VALUES (@campaignId, @runAt, 'done') RETURNING id)
            INSERT INTO deliveries (run_id, group_id, chat_id, members, status) SELECT run.id, g.id, g.chat_id, g.members, 'dry_run' FROM run, groups g
            """, new { campaignId, runAt });
        var expected = await connection.ExecuteScalarAsync<long>("""
            SELECT count(*) FROM reports
            WHERE (created_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN (@runAt AT TIME ZONE 'Asia/Shanghai')::date - @days AND (@runAt AT TIME ZONE 'Asia/Shanghai')::date + @days
              AND (created_at AT TIME ZONE 'Asia/Shanghai')::date <> (@runAt AT TIME ZONE 'Asia/Shanghai')::date
            """, new { runAt = new DateTimeOffset(runAt), days }, commandTimeout: 0);
        await connection.ExecuteAsync("ANALYZE deliveries");
        return (campaignId, days, expected);
    }

    const string RawAggregates = """
        count(*) AS reports, count(*) FILTER (WHERE r.outcome IN ('dissuaded', 'intercepted')) AS prevented,
        coalesce(sum(r.amount) FILTER (WHERE r.outcome IN ('dissuaded', 'intercepted')), 0) AS protected,
        count(*) FILTER (WHERE r.outcome = 'loss') AS losses, coalesce(sum(r.amount) FILTER (WHERE r.outcome = 'loss'), 0) AS lost
        """;

    public static async Task RawMonthTownshipAsync(NpgsqlDataSource db, DateTime sinceLocal)
    {
        await using var connection = await db.OpenConnectionAsync();
        await connection.QueryAsync($"""
            SELECT date_trunc('month', r.created_at AT TIME ZONE 'Asia/Shanghai') AS month, g.township, {RawAggregates}
            FROM reports r LEFT JOIN groups g ON g.id = r.group_id
            WHERE r.created_at >= (@sinceLocal::timestamp AT TIME ZONE 'Asia/Shanghai')
            GROUP BY 1, 2 ORDER BY 1, 2
            """, new { sinceLocal }, commandTimeout: 0);
    }

    public static async Task RawTotalsAsync(NpgsqlDataSource db, DateTime sinceLocal)
    {
        await using var connection = await db.OpenConnectionAsync();
        await connection.QueryAsync($"""
            SELECT {RawAggregates} FROM reports r WHERE r.created_at >= (@sinceLocal::timestamp AT TIME ZONE 'Asia/Shanghai')
            """, new { sinceLocal }, commandTimeout: 0);
    }
}
