using Dapper;

namespace FraudWatch.Reports;

/// <summary>What retention forgets of warnings and verdicts (<see cref="ReportRetentionJob"/>).</summary>
public sealed partial class ReputationStore
{
    /// <summary>Blanks the warned group messages and the bot's replies to them, and officers' verdict notes, older than the cutoff.</summary>
    public async Task<int> ForgetOlderThanAsync(DateTime cutoff, CancellationToken ct)
    {
        const string sql = """
            WITH warnings_blanked AS (
                UPDATE warnings_sent SET text = '', reply = NULL
                WHERE created_at < @cutoff AND NOT pending AND (text <> '' OR reply IS NOT NULL) RETURNING 1),
            notes_cleared AS (
                UPDATE indicator_verdicts SET note = NULL WHERE at < @cutoff AND note IS NOT NULL RETURNING 1)
            SELECT ((SELECT count(*) FROM warnings_blanked) + (SELECT count(*) FROM notes_cleared))::int
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(sql, new { cutoff }, cancellationToken: ct));
    }
}
