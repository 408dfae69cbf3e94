using Dapper;

namespace FraudWatch.Waves;

public sealed partial class WaveStore
{
    const string Summaries = $"""
        SELECT w.id AS Id, w.type AS Type, w.representative_text AS RepresentativeText, w.first_seen AS FirstSeen,
               w.last_seen AS LastSeen, w.report_count AS Reports, cardinality(v.villages) AS VillageCount, v.villages AS Villages,
               ARRAY(SELECT DISTINCT t.township FROM wave_villages t WHERE t.wave_id = w.id AND t.township IS NOT NULL ORDER BY 1) AS Townships,
               ARRAY(SELECT i.kind || ':' || i.value FROM wave_indicators i WHERE i.wave_id = w.id ORDER BY i.first_seen, i.kind, i.value) AS Indicators,
               w.alerted_at AS AlertedAt, w.warned_at AS WarnedAt
        FROM waves w
        CROSS JOIN LATERAL (SELECT {VillagesOfWave} AS villages) v
        """;

    /// <summary>
    /// Waves active in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>) with at least <paramref name="minReports"/>
    /// reports, newest activity first.
    /// </summary>
    public async Task<IReadOnlyList<WaveSummary>> ListAsync(DateTime fromUtc, DateTime toUtc, int minReports = 2, int limit = 1000, CancellationToken ct = default)
    {
        const string sql = $"""
            {Summaries}
            WHERE w.last_seen >= @fromUtc AND w.first_seen < @toUtc AND w.report_count >= @minReports
            ORDER BY w.last_seen DESC, w.id DESC
            LIMIT @limit
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<WaveSummary>(new CommandDefinition(sql, new { fromUtc, toUtc, minReports, limit }, cancellationToken: ct))).AsList();
    }

    /// <summary>One wave with its reports, oldest first; null if there is no such wave.</summary>
    public async Task<WaveDetail?> GetAsync(long id, CancellationToken ct = default)
    {
        const string sql = $"""
            {Summaries}
            WHERE w.id = @id;
            SELECT report_id AS ReportId, created_at AS CreatedAt, type AS Type, village AS Village, township AS Township,
                   group_chat_id AS GroupChatId, reporter AS Reporter, similarity AS Similarity, masked_text AS MaskedText
            FROM wave_texts WHERE wave_id = @id ORDER BY created_at, report_id;
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(sql, new { id }, cancellationToken: ct));
        var wave = await results.ReadSingleOrDefaultAsync<WaveSummary>();
        var reports = (await results.ReadAsync<WaveReportRow>()).AsList();
        return wave is null ? null : new WaveDetail(wave, reports);
    }
}
