using Dapper;
using FraudWatch.Broadcasting;
using Npgsql;

namespace FraudWatch.Campaigns;

public sealed record Campaign(
    long Id, string? Template, string? Body, string Target, string ScheduleKind, string Schedule, string? Cron, DateTime? RunAt,
    string TimeZone, bool Pin, DateTime? ExpiresAt, string Status, string CreatedBy, string? OfficerName, string? OfficerPhone,
    DateTime CreatedAt, DateTime? CancelledAt);

public sealed record CampaignRun(long Id, long CampaignId, DateTime OccurrenceAt, string Status, int Targeted, DateTime StartedAt, DateTime? FinishedAt);

public sealed record NewCampaign(
    string? Template, string? Body, string Target, Schedule Schedule, string ScheduleText, string TimeZone, bool Pin,
    DateTime? ExpiresAt, string CreatedBy, string? OfficerName, string? OfficerPhone, string? RequestKey = null);

/// <summary>How starting a run went: the run (new or already made for this occurrence), or why none started.</summary>
public sealed record RunStart(long? RunId, int Targeted, string? NotStarted);

public sealed partial class CampaignStore(NpgsqlDataSource db, TimeProvider clock) : IRunCloser
{
    const string Columns = """
        id, template, body, target, schedule_kind, schedule, cron, run_at, time_zone, pin, expires_at, status,
        created_by, officer_name, officer_phone, created_at, cancelled_at
        """;

    /// <summary>
    /// The active groups a target names. A group named by a chat id it had before a supergroup upgrade is matched through
    /// the ids it left behind (group_previous_chat_ids), so a campaign aimed at it keeps reaching it.
    /// </summary>
    const string Matching = """
        status = 'active' AND (@All OR township = ANY(@Townships) OR village = ANY(@Villages) OR tags && @Tags OR chat_id = ANY(@ChatIds)
                               OR id IN (SELECT group_id FROM group_previous_chat_ids WHERE chat_id = ANY(@ChatIds)))
        """;

    public async Task<int> CountMatchingAsync(TargetSpec target, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition($"SELECT count(*)::int FROM groups WHERE {Matching}", target, cancellationToken: ct));
    }

    /// <summary>How many active groups and members a target reaches now.</summary>
    public async Task<(int Groups, long Members)> ReachAsync(TargetSpec target, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleAsync<(int, long)>(new CommandDefinition(
            $"SELECT count(*)::int, coalesce(sum(members), 0)::bigint FROM groups WHERE {Matching}", target, cancellationToken: ct));
    }

    /// <summary>The first matching group (by id) of each language the target's groups read; none when no active group matches.</summary>
    public async Task<IReadOnlyList<(long ChatId, string? Township, string? Village, string Title, string? Language)>> FirstMatchingPerLanguageAsync(
        TargetSpec target, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<(long, string?, string?, string, string?)>(new CommandDefinition($"""
            SELECT chat_id, township, village, title, language
            FROM (SELECT DISTINCT ON (language) id, chat_id, township, village, title, language FROM groups WHERE {Matching} ORDER BY language, id) first
            ORDER BY id
            """, target, cancellationToken: ct))).AsList();
    }

    /// <summary>
    /// The campaign and, for an urgent alert, its number or link, in one transaction: a campaign never exists without its alert.
    /// A request key already used returns that request's campaign, Created false, and stores nothing.
    /// </summary>
    public async Task<(Campaign Campaign, bool Created)> InsertAsync(NewCampaign c, AlertModel? alert, CancellationToken ct)
    {
        var sql = $"""
            INSERT INTO campaigns (template, body, target, schedule_kind, schedule, cron, run_at, time_zone, pin, expires_at, created_by, officer_name, officer_phone, request_key)
            VALUES (@Template, @Body, @Target, @Kind, @ScheduleText, @Cron, @RunAt, @TimeZone, @Pin, @ExpiresAt, @CreatedBy, @OfficerName, @OfficerPhone, @RequestKey)
            ON CONFLICT (request_key) DO NOTHING
            RETURNING {Columns}
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var campaign = await connection.QuerySingleOrDefaultAsync<Campaign>(new CommandDefinition(sql, new
        {
            c.Template, c.Body, c.Target, Kind = c.Schedule.KindName, c.ScheduleText, c.Schedule.Cron, RunAt = c.Schedule.RunAtUtc,
            c.TimeZone, c.Pin, c.ExpiresAt, c.CreatedBy, c.OfficerName, c.OfficerPhone, c.RequestKey,
        }, transaction, cancellationToken: ct));
        if (campaign is null)
        {
            await transaction.RollbackAsync(ct);
            return (await connection.QuerySingleAsync<Campaign>(new CommandDefinition(
                $"SELECT {Columns} FROM campaigns WHERE request_key = @RequestKey", new { c.RequestKey }, cancellationToken: ct)), false);
        }

        if (alert is not null)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO campaign_alerts (campaign_id, value, kind, note) VALUES (@Id, @Value, @Kind, @Note)",
                new { campaign.Id, alert.Value, alert.Kind, alert.Note }, transaction, cancellationToken: ct));
        }

        await transaction.CommitAsync(ct);
        return (campaign, true);
    }

    public async Task<Campaign?> GetAsync(long id, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<Campaign>(new CommandDefinition($"SELECT {Columns} FROM campaigns WHERE id = @id", new { id }, cancellationToken: ct));
    }

    /// <summary>The newest campaigns first, up to <paramref name="limit"/>, made in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>) when given.</summary>
    public async Task<IReadOnlyList<Campaign>> ListAsync(int limit, CancellationToken ct, DateTime? fromUtc = null, DateTime? toUtc = null)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<Campaign>(new CommandDefinition(
            $"""
            SELECT {Columns} FROM campaigns
            WHERE (@fromUtc::timestamptz IS NULL OR created_at >= @fromUtc) AND (@toUtc::timestamptz IS NULL OR created_at < @toUtc)
            ORDER BY created_at DESC, id DESC LIMIT @limit
            """, new { limit, fromUtc, toUtc }, cancellationToken: ct))).AsList();
    }

    public async Task<IReadOnlyList<CampaignRun>> RunsAsync(long[] campaignIds, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<CampaignRun>(new CommandDefinition(
            "SELECT id, campaign_id, occurrence_at, status, targeted, started_at, finished_at FROM campaign_runs WHERE campaign_id = ANY(@campaignIds) ORDER BY occurrence_at DESC, id DESC",
            new { campaignIds }, cancellationToken: ct))).AsList();
    }

    /// <summary>
    /// Starts the run for one occurrence: resolves the target to active groups and writes one delivery per
    /// group in the same transaction. The unique (campaign, occurrence) key makes a repeated start a no-op.
    /// </summary>
    public async Task<RunStart> StartRunAsync(long campaignId, DateTime occurrenceUtc, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var campaign = await connection.QuerySingleOrDefaultAsync<Campaign>(new CommandDefinition(
            $"SELECT {Columns} FROM campaigns WHERE id = @campaignId FOR UPDATE", new { campaignId }, transaction, cancellationToken: ct));
        if (campaign is null)
            return new RunStart(null, 0, "no such campaign");
        if (campaign.Status is "cancelled" or "expired")
            return new RunStart(null, 0, $"campaign is {campaign.Status}");
        if (campaign.ExpiresAt is { } expires && expires <= clock.GetUtcNow().UtcDateTime)
        {
            await connection.ExecuteAsync(new CommandDefinition("UPDATE campaigns SET status = 'expired' WHERE id = @campaignId", new { campaignId }, transaction, cancellationToken: ct));
            await transaction.CommitAsync(ct);
            return new RunStart(null, 0, "campaign expired");
        }

        var runId = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            "INSERT INTO campaign_runs (campaign_id, occurrence_at) VALUES (@campaignId, @occurrenceUtc) ON CONFLICT (campaign_id, occurrence_at) DO NOTHING RETURNING id",
            new { campaignId, occurrenceUtc }, transaction, cancellationToken: ct));
        if (runId is null)
        {
            var existing = await connection.QuerySingleAsync<(long, int)>(new CommandDefinition(
                "SELECT id, targeted FROM campaign_runs WHERE campaign_id = @campaignId AND occurrence_at = @occurrenceUtc",
                new { campaignId, occurrenceUtc }, transaction, cancellationToken: ct));
            return new RunStart(existing.Item1, existing.Item2, null);
        }

        var target = TargetSpec.Parse(campaign.Target, out _)!;
        var groups = (await connection.QueryAsync<DeliveryTarget>(new CommandDefinition(
            $"SELECT id AS GroupId, chat_id AS ChatId, members AS Members FROM groups WHERE {Matching}",
            new { target.All, target.Townships, target.Villages, target.Tags, target.ChatIds }, transaction, cancellationToken: ct))).AsList();
        var targeted = await DeliveryStore.AddForRunAsync(connection, transaction, runId.Value, groups, ct);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE campaign_runs SET targeted = @targeted,
                status = CASE WHEN @targeted = 0 THEN 'done' ELSE 'running' END,
                finished_at = CASE WHEN @targeted = 0 THEN now() END
            WHERE id = @runId;
            UPDATE campaigns SET status = CASE WHEN @targeted > 0 THEN 'running' WHEN schedule_kind = 'cron' THEN 'scheduled' ELSE 'done' END
            WHERE id = @campaignId;
            """, new { targeted, runId, campaignId }, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
        return new RunStart(runId, targeted, null);
    }

    /// <summary>
    /// Cancels the campaign and every delivery of it not yet sent, in one transaction of two statements: the first takes the
    /// campaign's row, waiting for a run being started (<see cref="StartRunAsync"/> holds that row until its run is
    /// committed); the second, reading after that, cancels every running run, that one too. In one statement, as before the
    /// thirty-fifth session, the runs were read from the snapshot taken before the wait, and a run started meanwhile kept sending.
    /// </summary>
    public async Task<(bool Cancelled, long[] RunIds)> CancelAsync(long id, CancellationToken ct)
    {
        const string campaign = """
            UPDATE campaigns SET status = 'cancelled', cancelled_at = now()
            WHERE id = @id AND status NOT IN ('cancelled', 'done', 'expired') RETURNING id
            """;
        const string runs = """
            WITH r AS (
                UPDATE campaign_runs SET status = 'cancelled', finished_at = now()
                WHERE campaign_id = @id AND status = 'running' RETURNING id),
            d AS (
                UPDATE deliveries SET status = 'cancelled', finished_at = now()
                WHERE run_id IN (SELECT id FROM r) AND status IN ('pending', 'sending') RETURNING 1)
            SELECT coalesce((SELECT array_agg(id) FROM r), '{}') AS runs, (SELECT count(*) FROM d)::int
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var cancelled = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(campaign, new { id }, transaction, cancellationToken: ct));
        if (cancelled is null)
        {
            await transaction.RollbackAsync(ct);
            return (false, []);
        }

        var row = await connection.QuerySingleAsync<(long[] Runs, int Deliveries)>(new CommandDefinition(runs, new { id }, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
        return (true, row.Runs);
    }

    /// <summary>
    /// Expires the campaigns whose expiry has passed while none of their runs is going (a cron between firings, or one
    /// whose last run just finished), so they show as expired then and not at a next firing weeks away.
    /// </summary>
    public async Task<IReadOnlyList<long>> ExpireDueAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<long>(new CommandDefinition(
            "UPDATE campaigns SET status = 'expired' WHERE status = 'scheduled' AND expires_at <= @now RETURNING id",
            new { now = clock.GetUtcNow().UtcDateTime }, cancellationToken: ct))).AsList();
    }

    /// <summary>One-shot campaigns whose time has passed without a run (their Hangfire job was lost): the sweep starts them.</summary>
    public async Task<IReadOnlyList<(long Id, DateTime RunAt)>> OverdueAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<(long, DateTime)>(new CommandDefinition("""
            SELECT c.id, c.run_at FROM campaigns c
            WHERE c.schedule_kind <> 'cron' AND c.status = 'scheduled' AND c.run_at < now() - interval '15 seconds'
              AND NOT EXISTS (SELECT 1 FROM campaign_runs r WHERE r.campaign_id = c.id)
            """, cancellationToken: ct))).AsList();
    }

    public async Task<string?> DisplayNameAsync(long userId, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            "SELECT display_name FROM user_roles WHERE user_id = @userId", new { userId }, cancellationToken: ct));
    }

    /// <summary>
    /// Closes the runs whose deliveries are all final, and their campaigns when no other run is going (a cron campaign
    /// goes back to scheduled); returns the runs closed. The broadcast engine calls it (as <see cref="IRunCloser"/>).
    /// </summary>
    public async Task<IReadOnlyList<long>> FinishRunsAsync(CancellationToken ct)
    {
        const string sql = """
            WITH finished AS (
                UPDATE campaign_runs r SET status = 'done', finished_at = now()
                WHERE r.status = 'running'
                  AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.run_id = r.id AND d.status IN ('pending', 'sending'))
                RETURNING r.id, r.campaign_id),
            campaigns_done AS (
                UPDATE campaigns c SET status = CASE WHEN c.schedule_kind = 'cron' THEN 'scheduled' ELSE 'done' END
                WHERE c.status = 'running' AND c.id IN (SELECT campaign_id FROM finished)
                  AND NOT EXISTS (SELECT 1 FROM campaign_runs r WHERE r.campaign_id = c.id AND r.status = 'running'
                                  AND r.id NOT IN (SELECT id FROM finished))
                RETURNING c.id)
            SELECT id FROM finished
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<long>(new CommandDefinition(sql, cancellationToken: ct))).AsList();
    }
}
