using Dapper;
using Npgsql;

namespace FraudWatch.Telegram;

/// <param name="ClaimedAt">The claim's time, which also names it: only the claimer renews a claim with this time.</param>
public sealed record QueuedReply(long Id, long ChatId, string Text, long? ReplyTo, string? Buttons, DateTime ClaimedAt);

/// <summary>bot_messages: every message the bot sent or would have sent (dry-run), with its exact text; and the outbox of replies waiting for their group's limit.</summary>
public sealed class BotMessageStore(NpgsqlDataSource db)
{
    public async Task RecordAsync(long chatId, string text, string state, int? messageId, string? error, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO bot_messages (chat_id, text, status, telegram_message_id, error)
            VALUES (@chatId, @text, @state, @messageId, @error)
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(sql, new { chatId, text, state, messageId, error }, cancellationToken: ct));
    }

    /// <summary>Keeps a reply that must wait for its group's limit; the outbox sends it.</summary>
    public async Task QueueAsync(long chatId, string text, int? replyTo, string? buttons, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO bot_messages (chat_id, text, status, reply_to, buttons) VALUES (@chatId, @text, 'queued', @replyTo, @buttons)
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(sql, new { chatId, text, replyTo, buttons }, cancellationToken: ct));
    }

    /// <summary>
    /// Claims up to a batch of queued replies, oldest first, with a lease: a claim whose instance died is taken again.
    /// The claimer renews the lease while it sends (<see cref="RenewClaimAsync"/>), so a live claim is never taken.
    /// </summary>
    public async Task<IReadOnlyList<QueuedReply>> ClaimQueuedAsync(TimeSpan lease, int batch, CancellationToken ct)
    {
        const string sql = """
            UPDATE bot_messages SET claimed_at = now()
            WHERE id IN (
                SELECT id FROM bot_messages
                WHERE status = 'queued' AND (claimed_at IS NULL OR claimed_at < now() - @lease)
                ORDER BY id LIMIT @batch
                FOR UPDATE SKIP LOCKED)
            RETURNING id, chat_id, text, reply_to, buttons, claimed_at
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<QueuedReply>(new CommandDefinition(sql, new { lease, batch }, cancellationToken: ct))).AsList();
    }

    /// <summary>
    /// Renews the claim on those of its replies still queued; returns the ids still held and the claim's new
    /// time. A reply whose lease lapsed and that another instance claimed is not among them.
    /// </summary>
    public async Task<QueueClaim> RenewClaimAsync(QueueClaim claim, CancellationToken ct)
    {
        const string sql = """
            UPDATE bot_messages SET claimed_at = now()
            WHERE id = ANY(@ids) AND status = 'queued' AND claimed_at = @at
            RETURNING id, claimed_at
            """;
        return await QueueClaimStore.RenewAsync(db, sql, claim, ct);
    }

    public async Task CompleteAsync(long id, long chatId, string state, int? messageId, string? error, CancellationToken ct)
    {
        const string sql = """
            UPDATE bot_messages SET status = @state, chat_id = @chatId, telegram_message_id = @messageId, error = @error, claimed_at = NULL
            WHERE id = @id
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(sql, new { id, chatId, state, messageId, error }, cancellationToken: ct));
    }

    /// <summary>
    /// Deletes what the bot sent before <paramref name="cutoffUtc"/>: duty posts carry report texts, answers a reporter's
    /// numbers, and a private chat's id is the resident's. Nothing counts these rows.
    /// </summary>
    public async Task<int> DeleteOlderThanAsync(DateTime cutoffUtc, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM bot_messages WHERE created_at < @cutoffUtc AND status <> 'queued'", new { cutoffUtc }, cancellationToken: ct));
    }
}
