using System.Globalization;
using Dapper;
using FraudWatch.Detection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FraudWatch.Waves;

/// <summary>Waves and the texts that form them (tables waves, wave_texts, wave_indicators, wave_villages; migrations 0014, 0022, 0028).</summary>
public sealed partial class WaveStore(NpgsqlDataSource db, IOptions<WaveOptions> options)
{
    /// <summary>Held while a text that matched nothing starts a wave, so two first copies racing cannot start two waves.</summary>
    const long NewWaveLock = 7418014;

    /// <summary>A text this similar to an indexed one is stored but not indexed (migration 0014 says why).</summary>
    internal const double IndexedBelow = 0.95;

    /// <summary>
    /// Close variants (similarity to the best match at least <see cref="AlwaysIndexedBelow"/>) a wave indexes; later ones are
    /// stored but not indexed, so the index grows with scripts, not reports (migration 0022, BENCHMARKS.md).
    /// </summary>
    internal const int IndexedPerWave = 8;

    /// <summary>A text this far from every indexed one (a real rewording) is indexed whatever the wave's count.</summary>
    internal const double AlwaysIndexedBelow = 0.5;

    // set_config(..., true) lasts for the implicit transaction that the statements of one command run in.
    const string ClosestSql = """
        SELECT set_config('pg_trgm.similarity_threshold', @Threshold, true);
        SELECT c.wave_id AS WaveId, c.similarity AS Similarity, w.indexed_texts AS IndexedTexts
        FROM (SELECT wave_id, similarity(text, @Text)::float8 AS similarity
              FROM wave_texts WHERE indexed AND text % @Text
              ORDER BY 2 DESC, report_id LIMIT 1) c
        JOIN waves w ON w.id = c.wave_id
        """;

    /// <summary>
    /// The villages of wave <c>w</c>, one entry each: a village is a name in a township, and a name two townships share
    /// is shown with its township ("中心村（灵溪镇）").
    /// </summary>
    internal const string VillagesOfWave = """
        ARRAY(SELECT CASE WHEN count(*) OVER (PARTITION BY v.village) > 1 AND v.township IS NOT NULL
                          THEN v.village || '（' || v.township || '）' ELSE v.village END
              FROM wave_villages v WHERE v.wave_id = w.id ORDER BY v.village, v.township)
        """;

    /// <summary>
    /// True when some 24 hours hold reports from at least @AlertVillages villages of wave <c>w</c>, whatever order their
    /// reports joined in (a report answered at once may join before earlier ones that waited in the queue). A window
    /// that holds the most villages can start 24 hours before some village's first report, so those windows are tried.
    /// </summary>
    internal const string ReachedAlertVillages = """
        EXISTS (SELECT 1 FROM wave_villages a WHERE a.wave_id = w.id
                  AND (SELECT count(*) FROM wave_villages v
                       WHERE v.wave_id = w.id AND v.first_seen <= a.first_seen AND v.last_seen >= a.first_seen - interval '24 hours') >= @AlertVillages)
        """;

    const string Figures = $"""
        SELECT w.id AS WaveId, w.type AS Type, w.report_count AS Reports, w.first_seen AS FirstSeen, w.last_seen AS LastSeen,
               w.alerted_at AS AlertedAt, {VillagesOfWave} AS Villages
        FROM waves w WHERE w.id = @waveId
        """;

    /// <summary>
    /// The wave this report joined already (a second call), and the wave of a stored text equal to this one. Copies that
    /// differ only in what masking hides are equal texts: the hash index names their wave without the trigram search.
    /// </summary>
    const string KnownSql = """
        SELECT wave_id FROM wave_texts WHERE report_id = @ReportId;
        SELECT wave_id FROM wave_texts WHERE text = @Text AND text <> '' LIMIT 1
        """;

    /// <summary>
    /// One report joins a wave, in one round trip (one implicit transaction when no transaction is given). The wave's row
    /// lock, taken first, orders joiners: each counts villages after the previous joiner committed. Everything after it
    /// reads or writes a handful of rows (the wave's villages, the report's indicators), never the wave's texts, so the
    /// lock is held briefly however large the wave; a wave already alerted does not count its villages again (the subquery
    /// refers to the row, so it runs only for a row not yet alerted). The alert comes when some 24 hours hold enough villages
    /// (<see cref="ReachedAlertVillages"/>), and is queued for the duty group in the same statement (<see cref="ClaimAlertsAsync"/>).
    /// </summary>
    const string JoinSql = $"""
        UPDATE waves SET report_count = report_count + 1, first_seen = least(first_seen, @at), last_seen = greatest(last_seen, @at),
                         type = CASE WHEN type = 'other' THEN @Type ELSE type END, indexed_texts = indexed_texts + CASE WHEN @Indexed THEN 1 ELSE 0 END
        WHERE id = @waveId;
        INSERT INTO wave_texts (report_id, wave_id, text, masked_text, similarity, indexed, type, village, township, group_chat_id, reporter, created_at)
        VALUES (@ReportId, @waveId, @normalized, @Masked, @Similarity, @Indexed, @Type, @Village, @Township, @GroupChatId, @Reporter, @at);
        INSERT INTO wave_villages (wave_id, village, township, first_seen, last_seen, reports)
        SELECT @waveId, @Village, @Township, @at, @at, 1 WHERE @Village::text IS NOT NULL
        ON CONFLICT (wave_id, village, (coalesce(township, ''))) DO UPDATE
        SET first_seen = least(wave_villages.first_seen, excluded.first_seen), last_seen = greatest(wave_villages.last_seen, excluded.last_seen),
            reports = wave_villages.reports + 1;
        INSERT INTO wave_indicators (wave_id, kind, value, first_seen)
        SELECT @waveId, x.kind, x.value, @at FROM unnest(@kinds, @values) AS x(kind, value) ORDER BY x.kind, x.value
        ON CONFLICT (wave_id, kind, value) DO UPDATE SET first_seen = least(wave_indicators.first_seen, excluded.first_seen);
        UPDATE waves w SET alerted_at = @at, alert_pending = true
        WHERE w.id = @waveId AND w.alerted_at IS NULL AND {ReachedAlertVillages}
        RETURNING w.id;
        """;

    /// <summary>
    /// Adds one report's text to the wave it matches best, or starts a wave; returns null when the text says too little
    /// to match (<see cref="WaveText.IsMatchable"/>). Idempotent per report id: a second call returns the wave the
    /// first joined, with <see cref="WaveJoin.AlertNow"/> false.
    /// </summary>
    public async Task<WaveJoin?> AddAsync(WaveReport report, CancellationToken ct = default)
    {
        var masked = WaveText.Mask(report.Text);
        var normalized = WaveText.Fold(masked);
        if (!WaveText.IsMatchable(normalized))
            return null;
        masked = masked.Trim();
        var at = ToUtc(report.At);

        await using var connection = await db.OpenConnectionAsync(ct);
        var (known, equal) = await KnownAsync(connection, null, report.ReportId, normalized, ct);
        if (known is { } joined)
        {
            var figures = await FiguresAsync(connection, null, joined, ct);
            return new WaveJoin(joined, false, figures.Reports, figures.Villages, null, false);
        }

        try
        {
            var best = equal is { } wave ? new Closest(wave, 1.0) : await ClosestAsync(connection, null, normalized, ct);
            if (best is not null)
                return await JoinAsync(connection, null, report, normalized, masked, at, best, ct);

            // Nothing matched: start a wave under the lock, re-matching first (a first copy that committed while we
            // waited is now visible), so two first copies racing cannot start two waves.
            await using var tx = await connection.BeginTransactionAsync(ct);
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(@NewWaveLock)", new { NewWaveLock }, tx, cancellationToken: ct));
            (_, equal) = await KnownAsync(connection, tx, report.ReportId, normalized, ct);
            best = equal is { } again ? new Closest(again, 1.0) : await ClosestAsync(connection, tx, normalized, ct);
            var join = await JoinAsync(connection, tx, report, normalized, masked, at, best, ct);
            await tx.CommitAsync(ct);
            return join;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "wave_texts_pkey")
        {
            // The same report added twice at once: the other call's join stands.
            return await AddAsync(report, ct);
        }
    }

    /// <summary>Joins the report to <paramref name="best"/>'s wave, or to a new wave when it is null.</summary>
    async Task<WaveJoin> JoinAsync(
        NpgsqlConnection connection, NpgsqlTransaction? tx, WaveReport report, string normalized, string masked, DateTime at, Closest? best, CancellationToken ct)
    {
        var waveId = best?.WaveId ?? await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
            INSERT INTO waves (type, representative_text, first_seen, last_seen) VALUES (@Type, @masked, @at, @at) RETURNING id
            """, new { report.Type, masked, at }, tx, cancellationToken: ct));
        var indicators = report.Indicators.Where(i => i.Kind != IndicatorKind.Amount).ToList();
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition($"{JoinSql}\n{Figures}", new
        {
            report.ReportId, waveId, normalized, Masked = masked, best?.Similarity,
            Indexed = Indexes(best), report.Type, report.Village, report.Township,
            report.GroupChatId, report.Reporter, at, options.Value.AlertVillages,
            kinds = indicators.Select(i => i.KindCode).ToArray(), values = indicators.Select(i => i.Value).ToArray(),
        }, tx, cancellationToken: ct));
        var alertNow = (await results.ReadAsync<long>()).Any();
        var after = await results.ReadSingleAsync<WaveFigures>();
        return new WaveJoin(waveId, best is null, after.Reports, after.Villages, best?.Similarity, alertNow);
    }

    static async Task<(long? Known, long? Equal)> KnownAsync(
        NpgsqlConnection connection, NpgsqlTransaction? tx, long reportId, string normalized, CancellationToken ct)
    {
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(
            KnownSql, new { ReportId = reportId, Text = normalized }, tx, cancellationToken: ct));
        var known = await results.ReadSingleOrDefaultAsync<long?>();
        return (known, await results.ReadSingleOrDefaultAsync<long?>());
    }

    /// <summary>The known wave a text belongs to, if any, for /check; writes nothing.</summary>
    public async Task<WaveMatch?> MatchAsync(string text, CancellationToken ct = default)
    {
        var normalized = WaveText.Normalize(text);
        if (!WaveText.IsMatchable(normalized))
            return null;
        await using var connection = await db.OpenConnectionAsync(ct);
        var (_, equal) = await KnownAsync(connection, null, 0, normalized, ct);
        if ((equal is { } wave ? new Closest(wave, 1.0) : await ClosestAsync(connection, null, normalized, ct)) is not { } best)
            return null;
        var f = await FiguresAsync(connection, null, best.WaveId, ct);
        return new WaveMatch(best.WaveId, best.Similarity, f.Type, f.Reports, f.Villages, f.FirstSeen, f.LastSeen, f.AlertedAt);
    }

    /// <summary>
    /// Records a number or link seen in a copy of the wave that was not reported (a group message warned about because its
    /// text belongs to the wave), so that it counts as the wave's from then on.
    /// </summary>
    public async Task AddIndicatorAsync(long waveId, string kind, string value, DateTime at, CancellationToken ct = default)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO wave_indicators (wave_id, kind, value, first_seen) VALUES (@waveId, @kind, @value, @at)
            ON CONFLICT (wave_id, kind, value) DO NOTHING
            """, new { waveId, kind, value, at }, cancellationToken: ct));
    }

    /// <summary>Marks that an officer sent the wave's warning; false if it was already marked (a second button press).</summary>
    public async Task<bool> MarkWarnedAsync(long waveId, DateTime at, CancellationToken ct = default)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE waves SET warned_at = @at WHERE id = @waveId AND warned_at IS NULL", new { waveId, at }, cancellationToken: ct)) == 1;
    }

    /// <summary>Takes back a <see cref="MarkWarnedAsync"/> of this moment whose warning reached no group.</summary>
    public async Task UnmarkWarnedAsync(long waveId, DateTime at, CancellationToken ct = default)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE waves SET warned_at = NULL WHERE id = @waveId AND warned_at = @at", new { waveId, at }, cancellationToken: ct));
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
        await connection.QuerySingleAsync<WaveFigures>(new CommandDefinition(Figures, new { waveId }, tx, cancellationToken: ct));

    /// <summary>Whether a text joining <paramref name="best"/>'s wave (or starting one) goes into the trigram index.</summary>
    static bool Indexes(Closest? best) =>
        best is null || best.Similarity < AlwaysIndexedBelow || (best.Similarity < IndexedBelow && best.IndexedTexts < IndexedPerWave);

    sealed record Closest(long WaveId, double Similarity, int IndexedTexts = 0);

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
