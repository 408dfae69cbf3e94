using Dapper;

namespace FraudWatch.Reports;

/// <summary>What retention forgets of reports (<see cref="ReportRetentionJob"/>).</summary>
public sealed partial class ReportStore
{
    /// <summary>
    /// Blanks report texts, officers' notes, reporters' ids and private chats' ids, and the indicators as written, for
    /// reports older than the cutoff that already have their pseudonym. A reporter seen as a member of an active group
    /// stays counted as from the county (read before the seen list is cut).
    /// </summary>
    public async Task<int> ForgetOlderThanAsync(DateTime cutoff, CancellationToken ct)
    {
        const string sql = """
            WITH forgotten AS (
                UPDATE reports r SET text = '', outcome_note = NULL, reporter_user_id = NULL, reporter_language = NULL,
                    chat_id = CASE WHEN r.chat_id > 0 THEN NULL ELSE r.chat_id END,
                    in_county = r.in_county OR EXISTS (
                        SELECT 1 FROM group_members_seen s JOIN groups g ON g.id = s.group_id
                        WHERE s.user_id = r.reporter_user_id AND g.status = 'active')
                WHERE r.created_at < @cutoff AND r.reporter_pseudonym IS NOT NULL
                  AND (r.text <> '' OR r.outcome_note IS NOT NULL OR r.reporter_user_id IS NOT NULL OR r.chat_id > 0)
                RETURNING r.id),
            raw_blanked AS (
                UPDATE report_indicators i SET raw = '' FROM reports r
                WHERE r.id = i.report_id AND r.created_at < @cutoff AND i.raw <> '' RETURNING 1)
            SELECT (SELECT count(*) FROM forgotten)::int
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(sql, new { cutoff }, cancellationToken: ct));
    }
}
