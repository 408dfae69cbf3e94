using Dapper;

namespace FraudWatch.Reports;

/// <summary>The two background queues kept on report rows: answers waiting for Telegram's limits, and duty posts.</summary>
public sealed partial class ReportStore
{
    /// <summary>Marks the report's answer as waiting for the background answerer.</summary>
    public async Task QueueAnswerAsync(long id, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE reports SET answer_pending = true, answer_claimed_at = NULL WHERE id = @id", new { id }, cancellationToken: ct));
    }

    /// <summary>Claims up to a batch of waiting answers, with a lease: a claim whose instance died is taken again.</summary>
    public async Task<IReadOnlyList<long>> ClaimAnswersAsync(TimeSpan lease, int batch, CancellationToken ct)
    {
        const string sql = """
            UPDATE reports SET answer_claimed_at = now()
            WHERE id IN (
                SELECT id FROM reports
                WHERE answer_pending AND (answer_claimed_at IS NULL OR answer_claimed_at < now() - @lease)
                ORDER BY id LIMIT @batch
                FOR UPDATE SKIP LOCKED)
            RETURNING id
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<long>(new CommandDefinition(sql, new { lease, batch }, cancellationToken: ct))).AsList();
    }

    public async Task AnswerSentAsync(long id, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("UPDATE reports SET answer_pending = false WHERE id = @id", new { id }, cancellationToken: ct));
    }

    /// <summary>
    /// Claims up to a batch of recent reports not yet posted to the duty group (there is one), with a lease, oldest
    /// first. A report whose post failed is tried again after the lease.
    /// </summary>
    public async Task<IReadOnlyList<long>> ClaimDutyPostsAsync(TimeSpan lease, int batch, CancellationToken ct)
    {
        const string sql = """
            UPDATE reports SET duty_claimed_at = now()
            WHERE id IN (
                SELECT id FROM reports
                WHERE duty_message_id IS NULL AND created_at > now() - interval '2 days'
                  AND (duty_claimed_at IS NULL OR duty_claimed_at < now() - @lease)
                  AND EXISTS (SELECT 1 FROM groups WHERE is_duty)
                ORDER BY id LIMIT @batch
                FOR UPDATE SKIP LOCKED)
            RETURNING id
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<long>(new CommandDefinition(sql, new { lease, batch }, cancellationToken: ct))).AsList();
    }
}
