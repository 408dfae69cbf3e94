using Dapper;
using Npgsql;

namespace FraudWatch.Analytics;

/// <summary>Waves first seen in a week (Monday, county time) that were alerted to the duty group and warned by an officer.</summary>
public sealed record WaveWeek(DateOnly WeekStart, int Waves, int Alerted, int Warned);

/// <summary>
/// A warned wave and the reports in its townships in the N whole days before the warning's day and the N whole days
/// after it (the day itself is in neither), as campaign effect counts a run. The change compares daily rates, so an
/// after-window still running (it ends today) is compared fairly.
/// </summary>
public sealed record WaveWarningEffect(
    long WaveId, string Type, DateTime FirstSeen, DateTime WarnedAt, DateOnly Day, double HoursToWarning, string[] Townships,
    int BeforeDays, long ReportsBefore, int AfterDays, long ReportsAfter, bool AfterComplete)
{
    public double? ReportsChange => WaveStats.Change(ReportsBefore, BeforeDays, ReportsAfter, AfterDays);
}

/// <summary>GET /api/v1/stats/waves: the headline figures over waves first seen in [From, To].</summary>
public sealed record WaveStats(
    DateOnly From, DateOnly To, int Days, int Waves, int Alerted, int Warned, double? MedianHoursToWarning, double? P90HoursToWarning,
    long ReportsBefore, long ReportsAfter, double? ReportsChange, IReadOnlyList<WaveWeek> Weeks, IReadOnlyList<WaveWarningEffect> Effects)
{
    internal static double? Change(long before, int beforeDays, long after, int afterDays) =>
        before == 0 || beforeDays == 0 || afterDays == 0 ? null
            : Math.Round(((double)after / afterDays - (double)before / beforeDays) / ((double)before / beforeDays), 4);

    /// <summary>Linear interpolation between the closest ranks (as PostgreSQL's percentile_cont).</summary>
    internal static double? Percentile(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0)
            return null;
        var rank = p * (sorted.Count - 1);
        var (low, high) = ((int)Math.Floor(rank), (int)Math.Ceiling(rank));
        return Math.Round(sorted[low] + ((sorted[high] - sorted[low]) * (rank - low)), 2);
    }
}

/// <summary>Read model over waves (Waves/WaveStore writes them) and the township roll-up (report_daily_township).</summary>
public sealed class WaveStatsStore(NpgsqlDataSource db)
{
    /// <summary>Waves of at least two reports first seen on days [<paramref name="from"/>, <paramref name="to"/>] in <paramref name="zone"/>.</summary>
    public async Task<WaveStats> GetAsync(DateOnly from, DateOnly to, int days, DateOnly today, TimeZoneInfo zone, CancellationToken ct)
    {
        const string sql = """
            SELECT date_trunc('week', first_seen AT TIME ZONE @Zone)::date AS WeekStart,
                   count(*)::int AS Waves, count(alerted_at)::int AS Alerted, count(warned_at)::int AS Warned
            FROM waves WHERE first_seen >= @fromUtc AND first_seen < @toUtc AND report_count >= 2
            GROUP BY 1 ORDER BY 1;
            WITH warned AS (
                SELECT id, type, first_seen, warned_at, (warned_at AT TIME ZONE @Zone)::date AS day
                FROM waves WHERE first_seen >= @fromUtc AND first_seen < @toUtc AND report_count >= 2 AND warned_at IS NOT NULL)
            SELECT w.id AS WaveId, w.type AS Type, w.first_seen AS FirstSeen, w.warned_at AS WarnedAt, w.day AS Day,
                   ARRAY(SELECT DISTINCT v.township FROM wave_villages v WHERE v.wave_id = w.id AND v.township IS NOT NULL ORDER BY 1) AS Townships,
                   coalesce(sum(d.reports) FILTER (WHERE d.day < w.day), 0)::bigint AS ReportsBefore,
                   coalesce(sum(d.reports) FILTER (WHERE d.day > w.day), 0)::bigint AS ReportsAfter
            FROM warned w
            LEFT JOIN report_daily_township d ON d.day BETWEEN w.day - @days AND w.day + @days AND d.day <> w.day
                AND d.township IN (SELECT v.township FROM wave_villages v WHERE v.wave_id = w.id)
            GROUP BY w.id, w.type, w.first_seen, w.warned_at, w.day
            ORDER BY w.warned_at, w.id;
            """;
        var fromUtc = QueryDays.StartUtc(from, zone);
        var toUtc = QueryDays.StartUtc(to.AddDays(1), zone);
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(sql, new { fromUtc, toUtc, days, Zone = zone.Id }, cancellationToken: ct));
        var weeks = (await results.ReadAsync<WeekRow>()).ToDictionary(w => DateOnly.FromDateTime(w.WeekStart));
        var effects = (await results.ReadAsync<EffectRow>()).Select(r =>
        {
            var day = DateOnly.FromDateTime(r.Day);
            var afterTo = day.AddDays(days);
            var observed = Math.Max(0, Math.Min(afterTo.DayNumber, today.DayNumber) - day.DayNumber);
            var (first, warned) = (DateTime.SpecifyKind(r.FirstSeen, DateTimeKind.Utc), DateTime.SpecifyKind(r.WarnedAt, DateTimeKind.Utc));
            return new WaveWarningEffect(r.WaveId, r.Type, first, warned, day, Math.Round((warned - first).TotalHours, 2), r.Townships,
                days, r.ReportsBefore, observed, r.ReportsAfter, today > afterTo);
        }).ToList();

        // Every week of the range, with none left out for having no wave.
        var allWeeks = new List<WaveWeek>();
        for (var week = from.AddDays(-(((int)from.DayOfWeek + 6) % 7)); week <= to; week = week.AddDays(7))
            allWeeks.Add(weeks.TryGetValue(week, out var w) ? new WaveWeek(week, w.Waves, w.Alerted, w.Warned) : new WaveWeek(week, 0, 0, 0));
        var hours = effects.Select(e => e.HoursToWarning).Order().ToList();
        var (before, after) = (effects.Sum(e => e.ReportsBefore), effects.Sum(e => e.ReportsAfter));
        return new WaveStats(from, to, days, allWeeks.Sum(w => w.Waves), allWeeks.Sum(w => w.Alerted), allWeeks.Sum(w => w.Warned),
            WaveStats.Percentile(hours, 0.5), WaveStats.Percentile(hours, 0.9), before, after,
            WaveStats.Change(before, effects.Sum(e => e.BeforeDays), after, effects.Sum(e => e.AfterDays)), allWeeks, effects);
    }

    sealed class WeekRow
    {
        public DateTime WeekStart { get; init; }
        public int Waves { get; init; }
        public int Alerted { get; init; }
        public int Warned { get; init; }
    }

    sealed class EffectRow
    {
        public long WaveId { get; init; }
        public string Type { get; init; } = "";
        public DateTime FirstSeen { get; init; }
        public DateTime WarnedAt { get; init; }
        public DateTime Day { get; init; }
        public string[] Townships { get; init; } = [];
        public long ReportsBefore { get; init; }
        public long ReportsAfter { get; init; }
    }
}
