using Dapper;
using Npgsql;

namespace FraudWatch.Telegram;

/// <summary>bot_messages: every message the bot sent or would have sent (dry-run), with its exact text.</summary>
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

    /// <summary>
    /// Deletes what the bot sent before <paramref name="cutoffUtc"/>: duty posts carry report texts, answers a reporter's
    /// numbers, and a private chat's id is the resident's. Nothing counts these rows.
    /// </summary>
    public async Task<int> DeleteOlderThanAsync(DateTime cutoffUtc, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM bot_messages WHERE created_at < @cutoffUtc", new { cutoffUtc }, cancellationToken: ct));
    }
}
