using System.Globalization;
using Dapper;
using FraudWatch.Detection;
using Npgsql;

namespace FraudWatch.Waves;

/// <summary>
/// Many reports join their waves at once (the background join of a report burst): one statement matches every text, one
/// joins every text that matched, whatever the batch's size. Reports end in the waves, counts, villages, indicators and
/// alert that <see cref="AddAsync"/> gives report by report, with two differences: a text is matched against the texts
/// stored before the batch (and the waves the batch started), so a close variant may record a lower similarity; and a
/// wave's alert check runs once per batch, at the time of its latest report in the batch.
/// </summary>
public sealed partial class WaveStore
{
    /// <summary>
    /// Per text: the wave this report joined already, the wave of an equal stored text, else the closest indexed text's
    /// wave (the trigram search runs only when neither of the others was found).
    /// </summary>
    const string MatchBatchSql = """
        SELECT set_config('pg_trgm.similarity_threshold', @Threshold, true);
        SELECT t.i::int AS Index, k.wave_id AS Known, e.wave_id AS Equal, c.wave_id AS Closest, c.similarity AS Similarity,
               coalesce(w.indexed_texts, 0) AS IndexedTexts
        FROM unnest(@ids, @texts) WITH ORDINALITY AS t(report_id, text, i)
        LEFT JOIN LATERAL (SELECT wave_id FROM wave_texts WHERE report_id = t.report_id) k ON true
        LEFT JOIN LATERAL (SELECT wave_id FROM wave_texts WHERE text = t.text AND t.text <> '' LIMIT 1) e ON true
        LEFT JOIN LATERAL (SELECT x.wave_id, similarity(x.text, t.text)::float8 AS similarity FROM wave_texts x
                           WHERE k.wave_id IS NULL AND e.wave_id IS NULL AND x.indexed AND x.text % t.text
                           ORDER BY 2 DESC, x.report_id LIMIT 1) c ON true
        LEFT JOIN waves w ON w.id = c.wave_id
        """;

    /// <summary>
    /// Joins matched texts to their waves in one implicit transaction. The waves' rows are locked first, in id order, so
    /// batches on several instances and single joins never wait on each other in a circle. Only texts actually inserted
    /// (a report not joined before) count; villages and indicators are merged per wave; then each wave not yet alerted
    /// that now has enough villages within the 24 hours up to its latest report is alerted, once.
    /// </summary>
    const string JoinBatchSql = $"""
        SELECT id FROM waves WHERE id = ANY(@waveIds) ORDER BY id FOR UPDATE;
        WITH ins AS (
            INSERT INTO wave_texts (report_id, wave_id, text, masked_text, similarity, indexed, type, village, township, group_chat_id, reporter, created_at)
            SELECT * FROM unnest(@reportIds, @textWaves, @texts, @masked, @similarities, @indexed, @types, @villages, @townships, @groupChatIds, @reporters, @ats)
            ON CONFLICT (report_id) DO NOTHING
            RETURNING wave_id, village, township, created_at, indexed, type
        ), villages AS (
            INSERT INTO wave_villages (wave_id, village, township, first_seen, last_seen, reports)
            SELECT wave_id, village, (array_agg(township))[1], min(created_at), max(created_at), count(*)
            FROM ins WHERE village IS NOT NULL GROUP BY wave_id, village, coalesce(township, '')
            ON CONFLICT (wave_id, village, (coalesce(township, ''))) DO UPDATE
            SET first_seen = least(wave_villages.first_seen, excluded.first_seen), last_seen = greatest(wave_villages.last_seen, excluded.last_seen),
                reports = wave_villages.reports + excluded.reports
        )
        UPDATE waves w SET report_count = w.report_count + p.n, first_seen = least(w.first_seen, p.first), last_seen = greatest(w.last_seen, p.last),
                           type = CASE WHEN w.type = 'other' THEN coalesce(p.type, w.type) ELSE w.type END, indexed_texts = w.indexed_texts + p.indexed
        FROM (SELECT wave_id, count(*)::int AS n, min(created_at) AS first, max(created_at) AS last, count(*) FILTER (WHERE indexed)::int AS indexed,
                     (array_agg(type ORDER BY created_at) FILTER (WHERE type <> 'other'))[1] AS type
              FROM ins GROUP BY wave_id) p
        WHERE w.id = p.wave_id;
        INSERT INTO wave_indicators (wave_id, kind, value, first_seen)
        SELECT x.wave_id, x.kind, x.value, min(x.at) FROM unnest(@indicatorWaves, @kinds, @values, @indicatorAts) AS x(wave_id, kind, value, at)
        GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
        ON CONFLICT (wave_id, kind, value) DO UPDATE SET first_seen = least(wave_indicators.first_seen, excluded.first_seen);
        UPDATE waves w SET alerted_at = x.at, alert_pending = true
        FROM unnest(@waveIds, @latest) AS x(id, at)
        WHERE w.id = x.id AND w.alerted_at IS NULL AND {ReachedAlertVillages}
        RETURNING w.id AS WaveId, w.report_count AS Reports, {VillagesOfWave} AS Villages;
        """;

    /// <summary>
    /// Adds many reports to their waves (idempotent per report id, like <see cref="AddAsync"/>). Texts that match a known
    /// wave join in one statement; a text that matches nothing starts a wave through <see cref="AddAsync"/> (under its
    /// lock), and the texts still unmatched are matched again, as they may be copies of it. Returns the joins that raise
    /// a wave alert (<see cref="WaveJoin.AlertNow"/>), queued already for the caller to post (<see cref="ClaimAlertsAsync"/>).
    /// </summary>
    public async Task<IReadOnlyList<WaveJoin>> AddBatchAsync(IReadOnlyList<WaveReport> reports, CancellationToken ct = default)
    {
        var pending = new List<Pending>(reports.Count);
        foreach (var report in reports)
        {
            var masked = WaveText.Mask(report.Text);
            var normalized = WaveText.Fold(masked);
            if (WaveText.IsMatchable(normalized))
                pending.Add(new Pending(report, normalized, masked.Trim(), ToUtc(report.At)));
        }

        var alerts = new List<WaveJoin>();
        await using var connection = await db.OpenConnectionAsync(ct);
        while (pending.Count > 0)
        {
            var matches = await MatchBatchAsync(connection, pending, ct);
            var matched = new List<(Pending Text, long WaveId, double Similarity, bool Indexed)>();
            var unmatched = new List<Pending>();
            var indexedSoFar = new Dictionary<long, int>();
            for (var i = 0; i < pending.Count; i++)
            {
                var m = matches[i];
                if (m.Known is not null)
                    continue;
                if (m.Equal is { } equal)
                    matched.Add((pending[i], equal, 1.0, false));
                else if (m.Closest is { } closest)
                {
                    // The wave's count of indexed variants grows with the texts of this batch it indexes.
                    var count = m.IndexedTexts + indexedSoFar.GetValueOrDefault(closest);
                    var indexed = Indexes(new Closest(closest, m.Similarity ?? 0, count));
                    if (indexed)
                        indexedSoFar[closest] = indexedSoFar.GetValueOrDefault(closest) + 1;
                    matched.Add((pending[i], closest, m.Similarity ?? 0, indexed));
                }
                else
                    unmatched.Add(pending[i]);
            }

            if (matched.Count > 0)
                alerts.AddRange(await JoinBatchAsync(connection, matched, ct));
            if (unmatched.Count == 0)
                break;
            if (await AddAsync(unmatched[0].Report, ct) is { AlertNow: true } started)
                alerts.Add(started);
            pending = unmatched.GetRange(1, unmatched.Count - 1);
        }

        return alerts;
    }

    async Task<IReadOnlyList<BatchMatch>> MatchBatchAsync(NpgsqlConnection connection, List<Pending> pending, CancellationToken ct)
    {
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(MatchBatchSql, new
        {
            Threshold = options.Value.Similarity.ToString(CultureInfo.InvariantCulture),
            ids = pending.Select(p => p.Report.ReportId).ToArray(),
            texts = pending.Select(p => p.Normalized).ToArray(),
        }, cancellationToken: ct));
        await results.ReadAsync<string>();
        return (await results.ReadAsync<BatchMatch>()).OrderBy(m => m.Index).ToList();
    }

    async Task<IReadOnlyList<WaveJoin>> JoinBatchAsync(
        NpgsqlConnection connection, List<(Pending Text, long WaveId, double Similarity, bool Indexed)> matched, CancellationToken ct)
    {
        var indicators = matched
            .SelectMany(m => m.Text.Report.Indicators.Where(i => i.Kind != IndicatorKind.Amount).Select(i => (m.WaveId, i.KindCode, i.Value, m.Text.At)))
            .ToList();
        var latest = matched.GroupBy(m => m.WaveId).Select(g => (WaveId: g.Key, At: g.Max(m => m.Text.At))).OrderBy(w => w.WaveId).ToList();
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(JoinBatchSql, new
        {
            waveIds = latest.Select(w => w.WaveId).ToArray(),
            latest = latest.Select(w => w.At).ToArray(),
            reportIds = matched.Select(m => m.Text.Report.ReportId).ToArray(),
            textWaves = matched.Select(m => m.WaveId).ToArray(),
            texts = matched.Select(m => m.Text.Normalized).ToArray(),
            masked = matched.Select(m => m.Text.Masked).ToArray(),
            similarities = matched.Select(m => m.Similarity).ToArray(),
            indexed = matched.Select(m => m.Indexed).ToArray(),
            types = matched.Select(m => m.Text.Report.Type).ToArray(),
            villages = matched.Select(m => m.Text.Report.Village).ToArray(),
            townships = matched.Select(m => m.Text.Report.Township).ToArray(),
            groupChatIds = matched.Select(m => m.Text.Report.GroupChatId).ToArray(),
            reporters = matched.Select(m => m.Text.Report.Reporter).ToArray(),
            ats = matched.Select(m => m.Text.At).ToArray(),
            indicatorWaves = indicators.Select(i => i.WaveId).ToArray(),
            kinds = indicators.Select(i => i.KindCode).ToArray(),
            values = indicators.Select(i => i.Value).ToArray(),
            indicatorAts = indicators.Select(i => i.At).ToArray(),
            options.Value.AlertVillages,
        }, cancellationToken: ct));
        await results.ReadAsync<long>(); // the locked waves
        var rows = await results.ReadAsync<BatchAlert>();
        return rows.Select(a => new WaveJoin(a.WaveId, false, a.Reports, a.Villages, null, AlertNow: true)).ToList();
    }

    static DateTime ToUtc(DateTime at) => at.Kind == DateTimeKind.Local ? at.ToUniversalTime() : DateTime.SpecifyKind(at, DateTimeKind.Utc);

    sealed record Pending(WaveReport Report, string Normalized, string Masked, DateTime At);

    sealed class BatchMatch
    {
        public int Index { get; init; }
        public long? Known { get; init; }
        public long? Equal { get; init; }
        public long? Closest { get; init; }
        public double? Similarity { get; init; }
        public int IndexedTexts { get; init; }
    }

    sealed class BatchAlert
    {
        public long WaveId { get; init; }
        public int Reports { get; init; }
        public string[] Villages { get; init; } = [];
    }
}
