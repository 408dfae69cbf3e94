using Dapper;

namespace FraudWatch.Waves;

/// <summary>What retention forgets of waves: the texts as reported; counts, places and indicators stay.</summary>
public sealed partial class WaveStore
{
    public async Task<int> ForgetOlderThanAsync(DateTime cutoff, CancellationToken ct)
    {
        const string sql = """
            WITH texts_blanked AS (
                UPDATE wave_texts SET text = '', masked_text = '' WHERE created_at < @cutoff AND (text <> '' OR masked_text <> '') RETURNING 1),
            waves_blanked AS (
                UPDATE waves SET representative_text = '' WHERE last_seen < @cutoff AND representative_text <> '' RETURNING 1)
            SELECT ((SELECT count(*) FROM texts_blanked) + (SELECT count(*) FROM waves_blanked))::int
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(sql, new { cutoff }, cancellationToken: ct));
    }
}
