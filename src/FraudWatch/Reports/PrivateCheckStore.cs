using Dapper;
using Npgsql;

namespace FraudWatch.Reports;

public sealed record PrivateCheck(
    long Id, long UserId, long ChatId, long MessageId, string Text, string? ForwardedFrom, string Language, string? Feedback, long? ReportId, string? Verdict);

/// <summary>
/// A private check the bot called a scam and its resident marked "Not a scam", with an officer's review once there is one:
/// <see cref="ReviewedAs"/> "ordinary" (the bot was wrong) or "fraud" of <see cref="ReviewedType"/> (the resident was).
/// </summary>
public sealed record Dispute(
    long Id, long UserId, long ChatId, long MessageId, string Text, string? ForwardedFrom, string Language, string GuessedType, DateTime FeedbackAt,
    string? ReviewedAs, string? ReviewedType, string? ReviewedBy, DateTime? ReviewedAt);

/// <summary>
/// private_checks: what a resident asked about in private, until its buttons are pressed (two days at most), except
/// disputes (<see cref="Dispute"/>), kept for officers until the retention period.
/// </summary>
public sealed class PrivateCheckStore(NpgsqlDataSource db)
{
    const string DisputeColumns = """
        id, user_id, chat_id, message_id, text, forwarded_from, language, coalesce(guessed_type, 'other') AS guessed_type, feedback_at,
        reviewed_as, reviewed_type, reviewed_by, reviewed_at
        """;

    /// <summary>A dispute, as SQL over private_checks: the bot said fraud, the resident said not a scam.</summary>
    public const string Disputed = "feedback = 'not_fraud' AND verdict = 'fraud'";

    /// <summary>A dispute retention has not forgotten yet: it still has its text and resident (user_id 0 once forgotten).</summary>
    const string Remembered = "user_id <> 0";

    /// <param name="verdict">The bot's answer: "fraud", "ordinary" or "not_sure".</param>
    /// <param name="guessedType">The type it named ("other" unless the verdict is fraud).</param>
    public async Task<long> AddAsync(long userId, long chatId, long messageId, string text, string? forwardedFrom, string language,
        string verdict, string guessedType, CancellationToken ct)
    {
        const string sql = $"""
            DELETE FROM private_checks WHERE created_at < now() - interval '2 days' AND report_id IS NULL AND NOT coalesce({Disputed}, false);
            INSERT INTO private_checks (user_id, chat_id, message_id, text, forwarded_from, language, verdict, guessed_type)
            VALUES (@userId, @chatId, @messageId, @text, @forwardedFrom, @language, @verdict, @guessedType) RETURNING id;
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(sql,
            new { userId, chatId, messageId, text, forwardedFrom, language, verdict, guessedType }, cancellationToken: ct));
    }

    public async Task<PrivateCheck?> GetAsync(long id, long userId, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<PrivateCheck>(new CommandDefinition(
            "SELECT id, user_id, chat_id, message_id, text, forwarded_from, language, feedback, report_id, verdict FROM private_checks WHERE id = @id AND user_id = @userId",
            new { id, userId }, cancellationToken: ct));
    }

    /// <summary>Disputes, the newest first: open (not reviewed), reviewed, or both (null).</summary>
    public async Task<IReadOnlyList<Dispute>> DisputesAsync(bool? reviewed, int limit, CancellationToken ct)
    {
        var sql = $"""
            SELECT {DisputeColumns} FROM private_checks
            WHERE {Disputed} AND {Remembered} AND (@reviewed::boolean IS NULL OR (reviewed_as IS NOT NULL) = @reviewed)
            ORDER BY feedback_at DESC, id DESC LIMIT @limit
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<Dispute>(new CommandDefinition(sql, new { reviewed, limit }, cancellationToken: ct))).AsList();
    }

    /// <summary>One dispute, reviewed or not; null when the check is no dispute.</summary>
    public async Task<Dispute?> DisputeAsync(long id, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<Dispute>(new CommandDefinition(
            $"SELECT {DisputeColumns} FROM private_checks WHERE id = @id AND {Disputed} AND {Remembered}", new { id }, cancellationToken: ct));
    }

    /// <summary>How many disputes one resident raised in the last hour (this one included): the duty group's cap.</summary>
    public async Task<long> DisputesInLastHourAsync(long userId, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT count(*) FROM private_checks WHERE user_id = @userId AND {Disputed} AND feedback_at > now() - interval '1 hour'",
            new { userId }, cancellationToken: ct));
    }

    /// <summary>
    /// An officer's review of a dispute, "ordinary" or "fraud" (of <paramref name="type"/>, or the type the bot named):
    /// (before, after); before null when there is no such dispute, after null when the review was already this one.
    /// </summary>
    public async Task<(Dispute? Before, Dispute? After)> ReviewAsync(long id, string reviewedAs, string? type, string by, bool onlyIfNew, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var before = await connection.QuerySingleOrDefaultAsync<Dispute>(new CommandDefinition(
            $"SELECT {DisputeColumns} FROM private_checks WHERE id = @id AND {Disputed} AND {Remembered} FOR UPDATE", new { id }, transaction, cancellationToken: ct));
        // A scam's type defaults to the one the bot named; an ordinary message has none.
        type = reviewedAs == CheckDisputes.Fraud ? type ?? before?.GuessedType : null;
        if (before is null || (before.ReviewedAs == reviewedAs && before.ReviewedType == type) || (onlyIfNew && before.ReviewedAs is not null))
            return (before, null);
        var after = await connection.QuerySingleAsync<Dispute>(new CommandDefinition($"""
            UPDATE private_checks SET reviewed_as = @reviewedAs, reviewed_type = @type, reviewed_by = @by, reviewed_at = now()
            WHERE id = @id RETURNING {DisputeColumns}
            """, new { id, reviewedAs, type, by }, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
        return (before, after);
    }

    /// <summary>Reviewed disputes as learning data: the text and "other" (ordinary) or the officer's type.</summary>
    public async Task<IReadOnlyList<(long Id, string Text, string Type)>> ReviewedAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<(long, string, string)>(new CommandDefinition($"""
            SELECT id, text, CASE WHEN reviewed_as = 'ordinary' THEN 'other' ELSE reviewed_type END
            FROM private_checks WHERE {Disputed} AND reviewed_as IS NOT NULL AND text <> '' ORDER BY id
            """, cancellationToken: ct))).AsList();
    }

    /// <summary>Links the check to the report it became; false when it already had one (a second press).</summary>
    public async Task<bool> SetReportAsync(long id, long reportId, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE private_checks SET report_id = @reportId WHERE id = @id AND report_id IS NULL", new { id, reportId }, cancellationToken: ct)) == 1;
    }

    /// <summary>The resident's feedback; true the first time only (a second press changes nothing).</summary>
    public async Task<bool> SetFeedbackAsync(long id, string feedback, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE private_checks SET feedback = @feedback, feedback_at = now() WHERE id = @id AND feedback IS NULL", new { id, feedback }, cancellationToken: ct)) == 1;
    }

    /// <summary>
    /// Retention: private checks hold what a resident pasted or forwarded; older ones are deleted. A dispute keeps its row
    /// without its text and resident (the bot's guess and the officers' review stay), so GET /api/v1/stats/detection
    /// counts it as before.
    /// </summary>
    public async Task<int> DeleteOlderThanAsync(DateTime cutoff, CancellationToken ct)
    {
        const string sql = $"""
            WITH deleted AS (
                DELETE FROM private_checks WHERE created_at < @cutoff AND NOT coalesce({Disputed}, false) RETURNING 1),
            forgotten AS (
                UPDATE private_checks SET text = '', forwarded_from = NULL, user_id = 0, chat_id = 0, message_id = 0
                WHERE created_at < @cutoff AND {Disputed} AND (user_id <> 0 OR text <> '' OR forwarded_from IS NOT NULL) RETURNING 1)
            SELECT ((SELECT count(*) FROM deleted) + (SELECT count(*) FROM forgotten))::int
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(sql, new { cutoff }, cancellationToken: ct));
    }
}
