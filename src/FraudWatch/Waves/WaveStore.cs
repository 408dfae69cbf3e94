using System.Globalization;
using Dapper;
using FraudWatch.Detection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FraudWatch.Waves;

/// <summary>Waves and the texts that form them (tables waves, wave_texts, wave_indicators; migration 0014).</summary>
public sealed partial class WaveStore(NpgsqlDataSource db, IOptions<WaveOptions> options)
{
    /// <summary>Held while a text that matched nothing starts a wave, so two first copies racing cannot start two waves.</summary>
    const long NewWaveLock = 7418014;

    /// <summary>A text this similar to an indexed one is stored but not indexed (migration 0014 says why).</summary>
    internal const double IndexedBelow = 0.95;

    // set_config(..., true) lasts for the implicit transaction that the statements of one command run in.
    const string ClosestSql = """
        SELECT set_config('pg_trgm.similarity_threshold', @Threshold, true);
        SELECT wave_id AS WaveId, similarity(text, @Text)::float8 AS Similarity
        FROM wave_texts WHERE indexed AND text % @Text
        ORDER BY 2 DESC, report_id LIMIT 1
        """;

    const string Figures = """
        SELECT w.id AS WaveId, w.type AS Type, w.report_count AS Reports, w.first_seen AS FirstSeen, w.last_seen AS LastSeen,
               w.alerted_at AS AlertedAt,
               ARRAY(SELECT DISTINCT t.village FROM wave_texts t WHERE t.wave_id = w.id AND t.village IS NOT NULL ORDER BY 1) AS Villages
        FROM waves w WHERE w.id = @WaveId
        """;

    /// <summary>
    /// Adds one report's text to the wave it matches best, or starts a wave; returns null when the text says too little
    /// to match (<see cref="WaveText.IsMatchable"/>). Idempotent per report id: a second call returns the wave the
    /// first joined, with <see cref="WaveJoin.AlertNow"/> false.
    /// </summary>
    public async Task<WaveJoin?> AddAsync(WaveReport report, CancellationToken ct = default)
    {
        var normalized = WaveText.Normalize(report.Text);
        if (!WaveText.IsMatchable(normalized))
            return null;
        var at = report.At.Kind == DateTimeKind.Local ? report.At.ToUniversalTime() : DateTime.SpecifyKind(report.At, DateTimeKind.Utc);

        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
                "SELECT wave_id FROM wave_texts WHERE report_id = @ReportId", new { report.ReportId }, tx, cancellationToken: ct)) is { } known)
        {
            var figures = await FiguresAsync(connection, tx, known, ct);
            return new WaveJoin(known, false, figures.Reports, figures.Villages, null, false);
        }

        var best = await ClosestAsync(connection, tx, normalized, ct);
        if (best is null)
        {
            // Re-matched under the lock: a first copy that committed while we waited is now visible.
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(@NewWaveLock)", new { NewWaveLock }, tx, cancellationToken: ct));
            best = await ClosestAsync(connection, tx, normalized, ct);
        }

        var isNew = best is null;
        var waveId = best?.WaveId ?? await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
            INSERT INTO waves (type, representative_text, first_seen, last_seen) VALUES (@Type, @Masked, @at, @at) RETURNING id
            """, new { report.Type, Masked = WaveText.Mask(report.Text).Trim(), at }, tx, cancellationToken: ct));

        // The wave's row lock (the UPDATE) orders joiners: each counts villages after the previous joiner committed.
        const string join = """
            INSERT INTO wave_texts (report_id, wave_id, text, masked_text, similarity, indexed, type, village, township, group_chat_id, reporter, created_at)
            VALUES (@ReportId, @waveId, @normalized, @Masked, @Similarity, @Indexed, @Type, @Village, @Township, @GroupChatId, @Reporter, @at);
            UPDATE waves SET report_count = report_count + 1, first_seen = least(first_seen, @at), last_seen = greatest(last_seen, @at),
                             type = CASE WHEN type = 'other' THEN @Type ELSE type END
            WHERE id = @waveId;
            INSERT INTO wave_indicators (wave_id, kind, value, first_seen)
            SELECT @waveId, x.kind, x.value, @at FROM unnest(@kinds, @values) AS x(kind, value)
            ON CONFLICT (wave_id, kind, value) DO UPDATE SET first_seen = least(wave_indicators.first_seen, excluded.first_seen);
            """;
        var indicators = report.Indicators.Where(i => i.Kind != IndicatorKind.Amount).ToList();
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(join, new
            {
                report.ReportId, waveId, normalized, Masked = WaveText.Mask(report.Text).Trim(), best?.Similarity,
                Indexed = best is null || best.Similarity < IndexedBelow, report.Type, report.Village, report.Township,
                report.GroupChatId, report.Reporter, at,
                kinds = indicators.Select(i => i.KindCode).ToArray(), values = indicators.Select(i => i.Value).ToArray(),
            }, tx, cancellationToken: ct));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "wave_texts_pkey")
        {
            // The same report added twice at once: the other call's join stands.
            await tx.RollbackAsync(ct);
            return await AddAsync(report, ct);
        }

        var recentVillages = await connection.ExecuteScalarAsync<int>(new CommandDefinition("""
            SELECT count(DISTINCT village) FROM wave_texts
            WHERE wave_id = @waveId AND village IS NOT NULL AND created_at > @at - interval '24 hours' AND created_at <= @at
            """, new { waveId, at }, tx, cancellationToken: ct));
        var alertNow = recentVillages >= options.Value.AlertVillages && await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE waves SET alerted_at = @at WHERE id = @waveId AND alerted_at IS NULL", new { waveId, at }, tx, cancellationToken: ct)) == 1;
        var after = await FiguresAsync(connection, tx, waveId, ct);
        await tx.CommitAsync(ct);
        return new WaveJoin(waveId, isNew, after.Reports, after.Villages, best?.Similarity, alertNow);
    }

    /// <summary>The known wave a text belongs to, if any, for /check; writes nothing.</summary>
    public async Task<WaveMatch?> MatchAsync(string text, CancellationToken ct = default)
    {
        var normalized = WaveText.Normalize(text);
        if (!WaveText.IsMatchable(normalized))
            return null;
        await using var connection = await db.OpenConnectionAsync(ct);
        if (await ClosestAsync(connection, null, normalized, ct) is not { } best)
            return null;
        var f = await FiguresAsync(connection, null, best.WaveId, ct);
        return new WaveMatch(best.WaveId, best.Similarity, f.Type, f.Reports, f.Villages, f.FirstSeen, f.LastSeen, f.AlertedAt);
    }

    /// <summary>Marks that an officer sent the wave's warning; false if it was already marked (a second button press).</summary>
    public async Task<bool> MarkWarnedAsync(long waveId, DateTime at, CancellationToken ct = default)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE waves SET warned_at = @at WHERE id = @waveId AND warned_at IS NULL", new { waveId, at }, cancellationToken: ct)) == 1;
    }

    async Task<Closest?> ClosestAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, string normalized, CancellationToken ct)
    {
        var threshold = options.Value.Similarity.ToString(CultureInfo.InvariantCulture);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(
            ClosestSql, new { Threshold = threshold, Text = normalized }, tx, cancellationToken: ct));
        await results.ReadAsync<string>();
        return await results.ReadSingleOrDefaultAsync<Closest>();
    }

    static async Task<WaveFigures> FiguresAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, long waveId, CancellationToken ct) =>
        await connection.QuerySingleAsync<WaveFigures>(new CommandDefinition(Figures, new { WaveId = waveId }, tx, cancellationToken: ct));

    sealed record Closest(long WaveId, double Similarity);

    sealed class WaveFigures
    {
        public long WaveId { get; init; }
        public string Type { get; init; } = "";
        public int Reports { get; init; }
        public DateTime FirstSeen { get; init; }
        public DateTime LastSeen { get; init; }
        public DateTime? AlertedAt { get; init; }
        public string[] Villages { get; init; } = [];
    }
}
