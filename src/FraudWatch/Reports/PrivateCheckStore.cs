using Dapper;
using Npgsql;

namespace FraudWatch.Reports;

public sealed record PrivateCheck(long Id, long UserId, long ChatId, long MessageId, string Text, string? ForwardedFrom, string Language, string? Feedback, long? ReportId);

/// <summary>private_checks: what a resident asked about in private, until its buttons are pressed (two days at most).</summary>
public sealed class PrivateCheckStore(NpgsqlDataSource db)
{
    public async Task<long> AddAsync(long userId, long chatId, long messageId, string text, string? forwardedFrom, string language, CancellationToken ct)
    {
        const string sql = """
            DELETE FROM private_checks WHERE created_at < now() - interval '2 days' AND report_id IS NULL;
            INSERT INTO private_checks (user_id, chat_id, message_id, text, forwarded_from, language)
            VALUES (@userId, @chatId, @messageId, @text, @forwardedFrom, @language) RETURNING id;
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(sql, new { userId, chatId, messageId, text, forwardedFrom, language }, cancellationToken: ct));
    }

    public async Task<PrivateCheck?> GetAsync(long id, long userId, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<PrivateCheck>(new CommandDefinition(
            "SELECT id, user_id, chat_id, message_id, text, forwarded_from, language, feedback, report_id FROM private_checks WHERE id = @id AND user_id = @userId",
            new { id, userId }, cancellationToken: ct));
    }

    /// <summary>Links the check to the report it became; false when it already had one (a second press).</summary>
    public async Task<bool> SetReportAsync(long id, long reportId, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE private_checks SET report_id = @reportId WHERE id = @id AND report_id IS NULL", new { id, reportId }, cancellationToken: ct)) == 1;
    }

    public async Task SetFeedbackAsync(long id, string feedback, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("UPDATE private_checks SET feedback = @feedback WHERE id = @id", new { id, feedback }, cancellationToken: ct));
    }

    /// <summary>Retention: private checks hold what a resident pasted or forwarded; older ones are deleted.</summary>
    public async Task<int> DeleteOlderThanAsync(DateTime cutoff, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition("DELETE FROM private_checks WHERE created_at < @cutoff", new { cutoff }, cancellationToken: ct));
    }
}
