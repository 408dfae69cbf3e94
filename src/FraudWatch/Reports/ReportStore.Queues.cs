using Dapper;

namespace FraudWatch.Reports;

/// <summary>The background queues kept on report rows: answers waiting for Telegram's limits, wave joins, and duty posts.</summary>
public sealed partial class ReportStore
{
    /// <summary>
    /// Marks the report's answer as waiting for the background answerer; with <paramref name="joinWave"/> the report also
    /// waits for the background wave join (<see cref="ClaimWaveJoinsAsync"/>).
    /// </summary>
    public async Task QueueAnswerAsync(long id, bool joinWave, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE reports SET answer_pending = true, answer_claimed_at = NULL, wave_pending = wave_pending OR @joinWave WHERE id = @id",
            new { id, joinWave }, cancellationToken: ct));
    }

    /// <summary>Claims up to a batch of reports waiting to join their wave, oldest first, with a lease (migration 0024).</summary>
    public async Task<IReadOnlyList<Report>> ClaimWaveJoinsAsync(TimeSpan lease, int batch, CancellationToken ct)
    {
        const string sql = $"""
            WITH claimed AS (
                UPDATE reports SET wave_claimed_at = now()
                WHERE id IN (
                    SELECT id FROM reports
                    WHERE wave_pending AND (wave_claimed_at IS NULL OR wave_claimed_at < now() - @lease)
                    ORDER BY id LIMIT @batch
                    FOR UPDATE SKIP LOCKED)
                RETURNING id)
            {Select} WHERE r.id IN (SELECT id FROM claimed) ORDER BY r.id
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<Report>(new CommandDefinition(sql, new { lease, batch }, cancellationToken: ct))).AsList();
    }

    /// <summary>Takes joined reports out of the wave queue.</summary>
    public async Task WavesJoinedAsync(IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE reports SET wave_pending = false WHERE id = ANY(@ids)", new { ids = ids.ToArray() }, cancellationToken: ct));
    }

    /// <summary>
    /// Claims up to a batch of waiting answers, with a lease: a claim whose instance died is taken again. The claimer renews
    /// the lease while it sends (<see cref="RenewAnswerClaimAsync"/>), so a live claim is never taken.
    /// </summary>
    public async Task<QueueClaim> ClaimAnswersAsync(TimeSpan lease, int batch, CancellationToken ct)
    {
        const string sql = """
            UPDATE reports SET answer_claimed_at = now()
            WHERE id IN (
                SELECT id FROM reports
                WHERE answer_pending AND (answer_claimed_at IS NULL OR answer_claimed_at < now() - @lease)
                ORDER BY id LIMIT @batch
                FOR UPDATE SKIP LOCKED)
            RETURNING id, answer_claimed_at
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        return QueueClaim.Of((await connection.QueryAsync<(long, DateTime)>(new CommandDefinition(sql, new { lease, batch }, cancellationToken: ct))).AsList());
    }

    /// <summary>Renews the claim on those of its answers still waiting; returns the ids still held and the claim's new time.</summary>
    public async Task<QueueClaim> RenewAnswerClaimAsync(QueueClaim claim, CancellationToken ct)
    {
        const string sql = """
            UPDATE reports SET answer_claimed_at = now()
            WHERE id = ANY(@ids) AND answer_pending AND answer_claimed_at = @at
            RETURNING id, answer_claimed_at
            """;
        return await QueueClaimStore.RenewAsync(db, sql, claim, ct);
    }

    public async Task AnswerSentAsync(long id, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("UPDATE reports SET answer_pending = false WHERE id = @id", new { id }, cancellationToken: ct));
    }

    /// <summary>
    /// Claims up to a batch of recent reports not yet posted to the duty group (there is one, and the bot is in it), with a lease, oldest
    /// first. A report whose post failed is tried again after the lease; the claimer renews the lease while it posts
    /// (<see cref="RenewDutyClaimAsync"/>), so a post waiting out Telegram's 429 is not taken by another instance.
    /// </summary>
    public async Task<QueueClaim> ClaimDutyPostsAsync(TimeSpan lease, int batch, CancellationToken ct)
    {
        const string sql = """
            UPDATE reports SET duty_claimed_at = now()
            WHERE id IN (
                SELECT id FROM reports
                WHERE duty_message_id IS NULL AND NOT duty_skipped AND created_at > now() - interval '2 days'
                  AND (duty_claimed_at IS NULL OR duty_claimed_at < now() - @lease)
                  AND EXISTS (SELECT 1 FROM groups WHERE is_duty AND status <> 'left')
                ORDER BY id LIMIT @batch
                FOR UPDATE SKIP LOCKED)
            RETURNING id, duty_claimed_at
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        return QueueClaim.Of((await connection.QueryAsync<(long, DateTime)>(new CommandDefinition(sql, new { lease, batch }, cancellationToken: ct))).AsList());
    }

    /// <summary>Renews the claim on those of its reports still waiting for a duty post; returns the ids still held and the claim's new time.</summary>
    public async Task<QueueClaim> RenewDutyClaimAsync(QueueClaim claim, CancellationToken ct)
    {
        const string sql = """
            UPDATE reports SET duty_claimed_at = now()
            WHERE id = ANY(@ids) AND duty_message_id IS NULL AND NOT duty_skipped AND duty_claimed_at = @at
            RETURNING id, duty_claimed_at
            """;
        return await QueueClaimStore.RenewAsync(db, sql, claim, ct);
    }

    /// <summary>
    /// How many recent reports wait for a duty post that no group can take (none was made the duty group, or the bot is
    /// out of it), counted up to 1,000; 0 while there is a duty group.
    /// </summary>
    public async Task<int> CountDutyPostsWithNowhereToGoAsync(CancellationToken ct)
    {
        const string sql = """
            SELECT count(*)::int FROM (
                SELECT 1 FROM reports
                WHERE NOT EXISTS (SELECT 1 FROM groups WHERE is_duty AND status <> 'left')
                  AND duty_message_id IS NULL AND NOT duty_skipped AND created_at > now() - interval '2 days'
                LIMIT 1000) waiting
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(sql, cancellationToken: ct));
    }

    /// <summary>
    /// Takes the report out of the duty queue when its reporter's reports already made <paramref name="cap"/> duty posts
    /// in the last hour, so that a few accounts cannot bury the duty group; the report stays listed for officers.
    /// </summary>
    public async Task<bool> SkipDutyPostIfOverCapAsync(long id, int cap, CancellationToken ct)
    {
        const string sql = """
            UPDATE reports r SET duty_skipped = true
            WHERE r.id = @id AND r.duty_message_id IS NULL
              AND (SELECT count(*) FROM reports o
                   WHERE o.reporter_user_id = r.reporter_user_id AND o.id <> r.id AND o.duty_message_id IS NOT NULL
                     AND o.created_at > now() - interval '1 hour') >= @cap
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(sql, new { id, cap }, cancellationToken: ct)) == 1;
    }

    /// <summary>Stores the pseudonym of every report that has none yet (filed before it was stored), in batches.</summary>
    public async Task<int> StorePseudonymsAsync(Func<long, string> pseudonym, CancellationToken ct)
    {
        var stored = 0;
        await using var connection = await db.OpenConnectionAsync(ct);
        while (true)
        {
            var rows = (await connection.QueryAsync<(long Id, long UserId)>(new CommandDefinition(
                "SELECT id, reporter_user_id FROM reports WHERE reporter_pseudonym IS NULL AND reporter_user_id IS NOT NULL ORDER BY id LIMIT 1000",
                cancellationToken: ct))).AsList();
            if (rows.Count == 0)
                return stored;
            stored += await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE reports r SET reporter_pseudonym = x.p FROM unnest(@ids, @names) AS x(id, p) WHERE r.id = x.id AND r.reporter_pseudonym IS NULL",
                new { ids = rows.Select(r => r.Id).ToArray(), names = rows.Select(r => pseudonym(r.UserId)).ToArray() }, cancellationToken: ct));
        }
    }
}
