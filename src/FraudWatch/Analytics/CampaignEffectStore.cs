using System.Runtime.CompilerServices;
using Dapper;
using Npgsql;

namespace FraudWatch.Analytics;

public sealed record EffectWindow(DateOnly From, DateOnly To, int Days, long Reports, long Prevented, decimal Protected, long Losses, decimal Lost);

/// <summary>
/// One run of a campaign: the reports and losses of the groups it reached (its <see cref="Groups"/> and <see cref="Members"/>)
/// in the N whole days before the run's day and the N whole days after it (the run's own day is in neither: it is split by
/// the send). Changes compare daily rates, so an after-window still running (it ends today) is compared fairly.
/// </summary>
public sealed record CampaignRunEffect(
    long RunId, DateTime OccurrenceAt, DateOnly Day, int Groups, long Members, EffectWindow Before, EffectWindow After, bool AfterComplete)
{
    public double? ReportsChange => Change(Before.Reports, Before.Days, After.Reports, After.Days);
    public double? PreventedChange => Change(Before.Prevented, Before.Days, After.Prevented, After.Days);
    public double? LossesChange => Change(Before.Losses, Before.Days, After.Losses, After.Days);
    public double? LostChange => Change(Before.Lost, Before.Days, After.Lost, After.Days);

    static double? Change(decimal before, int beforeDays, decimal after, int afterDays) =>
        before == 0 || beforeDays == 0 || afterDays == 0 ? null
            : Math.Round((double)((after / afterDays) - (before / beforeDays)) / (double)(before / beforeDays), 4);
}

public sealed record CampaignEffect(long CampaignId, string Target, string? Template, int Days, IReadOnlyList<CampaignRunEffect> Runs);

/// <summary>A report behind the campaign-effect figures; the reporter as a pseudonym.</summary>
public sealed record EffectReport(long RunId, string Window, long Id, DateTime CreatedAt, string? Township, string? Village, long? GroupChatId,
    string Type, string? Outcome, decimal? Amount, string Reporter);

public sealed class CampaignEffectStore(NpgsqlDataSource db)
{
    /// <summary>
    /// The deliveries that reached their group, as a campaign's reach counts them: sent, or recorded as dry_run when nothing
    /// leaves the machine. A group skipped (the bot was removed), failed, cancelled or still waiting never saw the warning.
    /// </summary>
    const string Reached = "'sent', 'dry_run'";

    public async Task<CampaignEffect?> GetAsync(long campaignId, int days, DateOnly today, TimeZoneInfo zone, CancellationToken ct)
    {
        const string sql = $"""
            WITH runs AS (
                SELECT r.id, r.occurrence_at, (r.occurrence_at AT TIME ZONE @Zone)::date AS day,
                       count(d.id)::int AS groups, coalesce(sum(d.members), 0)::bigint AS members
                FROM campaign_runs r LEFT JOIN deliveries d ON d.run_id = r.id AND d.status IN ({Reached})
                WHERE r.campaign_id = @campaignId
                GROUP BY r.id)
            SELECT runs.id AS run_id, runs.occurrence_at, runs.day, runs.groups, runs.members,
                   coalesce(sum(x.reports) FILTER (WHERE x.day < runs.day), 0)::bigint AS before_reports,
                   coalesce(sum(x.prevented) FILTER (WHERE x.day < runs.day), 0)::bigint AS before_prevented,
                   coalesce(sum(x.protected) FILTER (WHERE x.day < runs.day), 0) AS before_protected,
                   coalesce(sum(x.losses) FILTER (WHERE x.day < runs.day), 0)::bigint AS before_losses,
                   coalesce(sum(x.lost) FILTER (WHERE x.day < runs.day), 0) AS before_lost,
                   coalesce(sum(x.reports) FILTER (WHERE x.day > runs.day), 0)::bigint AS after_reports,
                   coalesce(sum(x.prevented) FILTER (WHERE x.day > runs.day), 0)::bigint AS after_prevented,
                   coalesce(sum(x.protected) FILTER (WHERE x.day > runs.day), 0) AS after_protected,
                   coalesce(sum(x.losses) FILTER (WHERE x.day > runs.day), 0)::bigint AS after_losses,
                   coalesce(sum(x.lost) FILTER (WHERE x.day > runs.day), 0) AS after_lost
            FROM runs LEFT JOIN LATERAL (
                SELECT rd.day, rd.reports, rd.prevented, rd.protected, rd.losses, rd.lost
                FROM deliveries d JOIN report_daily rd ON rd.group_id = d.group_id
                WHERE d.run_id = runs.id AND d.status IN ({Reached}) AND rd.day BETWEEN runs.day - @days AND runs.day + @days AND rd.day <> runs.day
            ) x ON true
            GROUP BY runs.id, runs.occurrence_at, runs.day, runs.groups, runs.members
            ORDER BY runs.occurrence_at, runs.id
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        var campaign = await connection.QuerySingleOrDefaultAsync<(string Target, string? Template)?>(new CommandDefinition(
            "SELECT target, template FROM campaigns WHERE id = @campaignId", new { campaignId }, cancellationToken: ct));
        if (campaign is not { } c)
            return null;
        var rows = await connection.QueryAsync<EffectRow>(new CommandDefinition(sql, new { campaignId, days, Zone = zone.Id }, cancellationToken: ct));
        var runs = rows.Select(r =>
        {
            var day = DateOnly.FromDateTime(r.Day);
            var afterTo = day.AddDays(days);
            var observed = Math.Max(0, Math.Min(afterTo.DayNumber, today.DayNumber) - day.DayNumber);
            return new CampaignRunEffect(r.RunId, DateTime.SpecifyKind(r.OccurrenceAt, DateTimeKind.Utc), day, r.Groups, r.Members,
                new EffectWindow(day.AddDays(-days), day.AddDays(-1), days, r.BeforeReports, r.BeforePrevented, r.BeforeProtected, r.BeforeLosses, r.BeforeLost),
                new EffectWindow(day.AddDays(1), afterTo, observed, r.AfterReports, r.AfterPrevented, r.AfterProtected, r.AfterLosses, r.AfterLost),
                today > afterTo);
        }).ToList();
        return new CampaignEffect(campaignId, c.Target, c.Template, days, runs);
    }

    /// <summary>The run to drill into: the one given (if it belongs to the campaign) or the campaign's latest.</summary>
    public async Task<(long RunId, DateTime OccurrenceAt)?> RunAsync(long campaignId, long? runId, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QueryFirstOrDefaultAsync<(long, DateTime)?>(new CommandDefinition("""
            SELECT id, occurrence_at FROM campaign_runs
            WHERE campaign_id = @campaignId AND (@runId::bigint IS NULL OR id = @runId)
            ORDER BY occurrence_at DESC, id DESC LIMIT 1
            """, new { campaignId, runId }, cancellationToken: ct));
    }

    /// <summary>Streams the reports in the run's windows, oldest first, without holding them in memory.</summary>
    public async IAsyncEnumerable<EffectReport> ReportsAsync(long runId, DateOnly day, int days, TimeZoneInfo zone, Func<long, string> pseudonym,
        [EnumeratorCancellation] CancellationToken ct)
    {
        DateTime Start(DateOnly d) => QueryDays.StartUtc(d, zone);
        const string sql = $"""
            SELECT @runId AS run_id, CASE WHEN r.created_at < @dayStart THEN 'before' ELSE 'after' END AS "window",
                   r.id, r.created_at, g.township, g.village, g.chat_id AS group_chat_id, r.fraud_type AS type, r.outcome, r.amount, r.reporter_user_id,
                   r.reporter_pseudonym
            FROM deliveries d JOIN groups g ON g.id = d.group_id JOIN reports r ON r.group_id = d.group_id
            WHERE d.run_id = @runId AND d.status IN ({Reached})
              AND ((r.created_at >= @beforeFrom AND r.created_at < @dayStart) OR (r.created_at >= @afterFrom AND r.created_at < @afterTo))
            ORDER BY r.created_at, r.id
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        var args = new { runId, beforeFrom = Start(day.AddDays(-days)), dayStart = Start(day), afterFrom = Start(day.AddDays(1)), afterTo = Start(day.AddDays(days + 1)) };
        await foreach (var r in connection.QueryUnbufferedAsync<ReportRow>(sql, args).WithCancellation(ct))
            yield return new EffectReport(r.RunId, r.Window, r.Id, DateTime.SpecifyKind(r.CreatedAt, DateTimeKind.Utc), r.Township, r.Village, r.GroupChatId,
                r.Type, r.Outcome, r.Amount, r.ReporterPseudonym ?? pseudonym(r.ReporterUserId ?? 0));
    }

    sealed record ReportRow
    {
        public long RunId { get; init; }
        public string Window { get; init; } = "";
        public long Id { get; init; }
        public DateTime CreatedAt { get; init; }
        public string? Township { get; init; }
        public string? Village { get; init; }
        public long? GroupChatId { get; init; }
        public string Type { get; init; } = "";
        public string? Outcome { get; init; }
        public decimal? Amount { get; init; }
        public long? ReporterUserId { get; init; }
        // Stored with the report; past the retention period the Telegram id is gone and only this is left.
        public string? ReporterPseudonym { get; init; }
    }

    sealed record EffectRow
    {
        public long RunId { get; init; }
        public DateTime OccurrenceAt { get; init; }
        public DateTime Day { get; init; }
        public int Groups { get; init; }
        public long Members { get; init; }
        public long BeforeReports { get; init; }
        public long BeforePrevented { get; init; }
        public decimal BeforeProtected { get; init; }
        public long BeforeLosses { get; init; }
        public decimal BeforeLost { get; init; }
        public long AfterReports { get; init; }
        public long AfterPrevented { get; init; }
        public decimal AfterProtected { get; init; }
        public long AfterLosses { get; init; }
        public decimal AfterLost { get; init; }
    }
}
