using Dapper;
using FraudWatch.Groups;
using Npgsql;

namespace FraudWatch.Broadcasting;

/// <summary>A delivery claimed by this instance, with what it needs to render and send.</summary>
public sealed record ClaimedDelivery(
    long Id, long RunId, long ChatId, int Attempts, long CampaignId, string? Template, string? Body, bool Pin,
    string? OfficerName, string? OfficerPhone, string? Township, string? Village, string Title, string? Language,
    string? AlertValue = null, string? AlertKind = null, string? AlertNote = null);

/// <summary>The outcome of one attempt; Status "pending" means try again at NextAttemptAt.</summary>
public sealed record DeliveryResult(
    long Id, string Status, long ChatId, long? MessageId = null, string? Error = null, string? Text = null,
    DateTime? NextAttemptAt = null, int AttemptsDelta = 0);

/// <summary>A group a run sends to, as the campaign's target resolved it.</summary>
public sealed record DeliveryTarget(long GroupId, long ChatId, int? Members);

/// <summary>
/// Closes the runs whose deliveries are all final. Campaigns implements it (it owns <c>campaign_runs</c>), so
/// Broadcasting never imports Campaigns and writes no table but its own.
/// </summary>
public interface IRunCloser
{
    Task<IReadOnlyList<long>> FinishRunsAsync(CancellationToken ct);
}

public sealed record RunCounts(long RunId, int Targeted, int Sent, int Failed, int Skipped, int DryRun, int Pending, int Cancelled, long Reach);

/// <summary>Deliveries in PostgreSQL: claims with SKIP LOCKED and a lease, results by compare-and-set.</summary>
public sealed class DeliveryStore(NpgsqlDataSource db) : IGroupHistory
{
    /// <summary>
    /// Writes one pending delivery per group of a run that is starting, in the caller's transaction, so a run never
    /// exists without its deliveries; a repeated start adds nothing. Returns how many were written.
    /// </summary>
    public static async Task<int> AddForRunAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long runId,
        IReadOnlyList<DeliveryTarget> groups, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO deliveries (run_id, group_id, chat_id, members)
            SELECT @runId, g.group_id, g.chat_id, g.members FROM unnest(@groupIds, @chatIds, @members) AS g(group_id, chat_id, members)
            ON CONFLICT (run_id, group_id) DO NOTHING
            """;
        return await connection.ExecuteAsync(new CommandDefinition(sql, new
        {
            runId,
            groupIds = groups.Select(g => g.GroupId).ToArray(),
            chatIds = groups.Select(g => g.ChatId).ToArray(),
            members = groups.Select(g => g.Members).ToArray(),
        }, transaction, cancellationToken: ct));
    }

    /// <summary>
    /// Claims up to <paramref name="batch"/> due deliveries whose group has room under the per-group limit,
    /// marks them 'sending' with a lease, and reserves their per-group sends, in one transaction.
    /// </summary>
    public async Task<IReadOnlyList<ClaimedDelivery>> ClaimAsync(string instance, int batch, TimeSpan lease, int perGroupLimit, CancellationToken ct)
    {
        const string claim = """
            WITH picked AS (
                SELECT d.id FROM deliveries d
                WHERE d.status = 'pending' AND d.next_attempt_at <= now()
                  AND NOT EXISTS (SELECT 1 FROM chat_send_log l WHERE l.chat_id = d.chat_id
                                  AND (SELECT count(*) FROM unnest(l.sends) s WHERE s > now() - @window) >= @perGroupLimit)
                ORDER BY d.next_attempt_at, d.id
                LIMIT @batch
                FOR UPDATE OF d SKIP LOCKED
            )
            , claimed AS (
                -- A group that left (kicked), was unbound or paused since the run started gets nothing more: its delivery is
                -- skipped here, as PRODUCT.md's "no delivery is tried again until it is re-added" asks.
                UPDATE deliveries d
                SET status = CASE WHEN g.status = 'active' THEN 'sending' ELSE 'skipped' END,
                    attempts = d.attempts + CASE WHEN g.status = 'active' THEN 1 ELSE 0 END,
                    error = CASE g.status WHEN 'active' THEN d.error WHEN 'left' THEN 'the bot left the group before its turn'
                                 ELSE 'the group was unbound before its turn' END,
                    finished_at = CASE WHEN g.status = 'active' THEN d.finished_at ELSE now() END,
                    claimed_by = @instance, claimed_at = now(), lease_until = now() + @lease
                FROM picked, campaign_runs r, campaigns c, groups g
                WHERE d.id = picked.id AND r.id = d.run_id AND c.id = r.campaign_id AND g.id = d.group_id
                RETURNING d.status, d.id, d.run_id, d.chat_id, d.attempts, c.id AS campaign_id, c.template, c.body, c.pin,
                          c.officer_name, c.officer_phone, g.township, g.village, g.title, g.language,
                          (SELECT value FROM campaign_alerts a WHERE a.campaign_id = c.id) AS alert_value,
                          (SELECT kind FROM campaign_alerts a WHERE a.campaign_id = c.id) AS alert_kind,
                          (SELECT note FROM campaign_alerts a WHERE a.campaign_id = c.id) AS alert_note
            )
            SELECT id, run_id, chat_id, attempts, campaign_id, template, body, pin, officer_name, officer_phone, township, village,
                   title, language, alert_value, alert_kind, alert_note
            FROM claimed WHERE status = 'sending'
            """;
        const string reserve = """
            INSERT INTO chat_send_log AS l (chat_id, sends)
            SELECT chat_id, array_fill(now(), ARRAY[count(*)::int]) FROM unnest(@chatIds) AS chat_id GROUP BY chat_id
            ON CONFLICT (chat_id) DO UPDATE
                SET sends = (SELECT coalesce(array_agg(s ORDER BY s), '{}') FROM unnest(l.sends) s WHERE s > now() - @window) || excluded.sends
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var window = SendRateLimiter.GroupWindow;
        var claimed = (await connection.QueryAsync<ClaimedDelivery>(new CommandDefinition(
            claim, new { instance, batch, lease, perGroupLimit, window }, transaction, cancellationToken: ct))).AsList();
        if (claimed.Count > 0)
        {
            var chatIds = claimed.Select(c => c.ChatId).ToArray();
            await connection.ExecuteAsync(new CommandDefinition(reserve, new { chatIds, window }, transaction, cancellationToken: ct));
        }

        await transaction.CommitAsync(ct);
        return claimed;
    }

    /// <summary>
    /// Records results in one statement. Only this instance's live claim is updated; a 'sent' also wins
    /// over a cancel that raced it, because the message did go out.
    /// </summary>
    public async Task RecordAsync(string instance, IReadOnlyList<DeliveryResult> results, CancellationToken ct)
    {
        const string sql = """
            UPDATE deliveries d SET
                status = r.status, chat_id = r.chat_id, telegram_message_id = r.message_id, error = r.error,
                rendered_text = r.text, attempts = d.attempts + r.attempts_delta,
                next_attempt_at = coalesce(r.next_at, d.next_attempt_at),
                finished_at = CASE WHEN r.status = 'pending' THEN NULL ELSE now() END,
                sent_by = CASE WHEN r.status = 'sent' THEN @instance END, claimed_by = NULL, lease_until = NULL
            FROM unnest(@ids, @statuses, @chatIds, @messageIds, @errors, @texts, @nextAts, @deltas)
                 AS r(id, status, chat_id, message_id, error, text, next_at, attempts_delta)
            WHERE d.id = r.id AND d.claimed_by = @instance
              AND (d.status = 'sending' OR (d.status = 'cancelled' AND r.status = 'sent'))
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(sql, new
        {
            instance,
            ids = results.Select(r => r.Id).ToArray(),
            statuses = results.Select(r => r.Status).ToArray(),
            chatIds = results.Select(r => r.ChatId).ToArray(),
            messageIds = results.Select(r => r.MessageId).ToArray(),
            errors = results.Select(r => r.Error).ToArray(),
            texts = results.Select(r => r.Text).ToArray(),
            nextAts = results.Select(r => r.NextAttemptAt).ToArray(),
            deltas = results.Select(r => r.AttemptsDelta).ToArray(),
        }, cancellationToken: ct));
    }

    /// <summary>
    /// Keeps this instance's claims alive, then returns claims whose instance stopped renewing them. Rows another
    /// statement holds (a result being recorded) are skipped, not waited for: the sweep never holds up the result
    /// writer, and the two cannot deadlock.
    /// </summary>
    public async Task<int> RenewAndRecoverAsync(string instance, TimeSpan lease, CancellationToken ct)
    {
        const string sql = """
            UPDATE deliveries d SET lease_until = now() + @lease
            FROM (SELECT id FROM deliveries WHERE claimed_by = @instance AND status = 'sending' FOR UPDATE SKIP LOCKED) mine
            WHERE d.id = mine.id;
            WITH lapsed AS (
                UPDATE deliveries d SET status = 'pending', claimed_by = NULL, lease_until = NULL, next_attempt_at = now()
                FROM (SELECT id FROM deliveries WHERE status = 'sending' AND lease_until < now() FOR UPDATE SKIP LOCKED) l
                WHERE d.id = l.id RETURNING 1)
            SELECT count(*)::int FROM lapsed;
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(sql, new { instance, lease }, cancellationToken: ct));
    }

    /// <summary>On a clean stop: claims not yet sent go back to pending at once, not after the lease.</summary>
    public async Task ReleaseAsync(string instance, IReadOnlyList<long> ids, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE deliveries SET status = 'pending', claimed_by = NULL, lease_until = NULL, attempts = attempts - 1 WHERE id = ANY(@ids) AND claimed_by = @instance AND status = 'sending'",
            new { instance, ids = ids.ToArray() }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<long>> CancelledRunsAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<long>(new CommandDefinition(
            "SELECT id FROM campaign_runs WHERE status = 'cancelled' AND finished_at > now() - interval '1 hour'", cancellationToken: ct))).AsList();
    }

    /// <summary>Counts by state per run; reach is the members of groups the message reached (sent or dry-run).</summary>
    public async Task<IReadOnlyList<RunCounts>> CountsAsync(long[] runIds, CancellationToken ct)
    {
        const string sql = """
            SELECT run_id,
                   count(*)::int AS targeted,
                   (count(*) FILTER (WHERE status = 'sent'))::int AS sent,
                   (count(*) FILTER (WHERE status = 'failed'))::int AS failed,
                   (count(*) FILTER (WHERE status = 'skipped'))::int AS skipped,
                   (count(*) FILTER (WHERE status = 'dry_run'))::int AS dry_run,
                   (count(*) FILTER (WHERE status IN ('pending', 'sending')))::int AS pending,
                   (count(*) FILTER (WHERE status = 'cancelled'))::int AS cancelled,
                   coalesce(sum(members) FILTER (WHERE status IN ('sent', 'dry_run')), 0)::bigint AS reach
            FROM deliveries WHERE run_id = ANY(@runIds) GROUP BY run_id
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        var rows = (await connection.QueryAsync<RunCounts>(new CommandDefinition(sql, new { runIds }, cancellationToken: ct))).ToDictionary(r => r.RunId);
        return runIds.Select(id => rows.TryGetValue(id, out var c) ? c : new RunCounts(id, 0, 0, 0, 0, 0, 0, 0, 0)).ToList();
    }

    /// <summary>
    /// Moves a merged group's deliveries to the group that remains. Both rows were one chat, so a run that targeted both
    /// keeps one delivery for it: the one further along (sent before sending before pending before the rest).
    /// </summary>
    public async Task MoveGroupAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long fromGroupId, long toGroupId, CancellationToken ct)
    {
        const string sql = """
            DELETE FROM deliveries d USING deliveries k
            WHERE d.group_id = @fromGroupId AND k.group_id = @toGroupId AND k.run_id = d.run_id
              AND array_position(@progress, k.status) >= array_position(@progress, d.status);
            DELETE FROM deliveries k USING deliveries d
            WHERE k.group_id = @toGroupId AND d.group_id = @fromGroupId AND d.run_id = k.run_id;
            UPDATE deliveries SET group_id = @toGroupId WHERE group_id = @fromGroupId;
            """;
        string[] progress = ["cancelled", "failed", "skipped", "pending", "sending", "dry_run", "sent"];
        await connection.ExecuteAsync(new CommandDefinition(sql, new { fromGroupId, toGroupId, progress }, transaction, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<long>> RunningRunsAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<long>(new CommandDefinition("SELECT id FROM campaign_runs WHERE status = 'running' ORDER BY id", cancellationToken: ct))).AsList();
    }
}
