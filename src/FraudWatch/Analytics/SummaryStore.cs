using Dapper;
using Npgsql;

namespace FraudWatch.Analytics;

public sealed record Coverage(string Township, string Village, int Groups, long Members);

public sealed record Summary(
    DateOnly From, DateOnly To, StatsRow Totals, StatsRow Previous, double? ReportsChange, double? PreventedChange, double? LostChange,
    IReadOnlyList<StatsRow> Trend, IReadOnlyList<StatsRow> ByType, IReadOnlyList<VillageStreak> Streaks, IReadOnlyList<Coverage> Coverage,
    int VillageCount);

/// <summary>The headline numbers: totals and change, the monthly trend, the type mix, streaks and coverage.</summary>
public sealed class SummaryStore(NpgsqlDataSource db, StatsStore stats)
{
    public async Task<Summary> GetAsync(StatsRequest request, DateOnly today, TimeZoneInfo zone, CancellationToken ct)
    {
        // Independent questions, each on its own pooled connection, answered side by side.
        var totalsTask = stats.TotalsAsync(request, ct);
        var previousTask = stats.TotalsAsync(request.Previous, ct);
        var trendTask = stats.PreventedAsync(request with { Period = Dimension.Month, Other = null }, ct);
        var byTypeTask = stats.PreventedAsync(request with { Period = null, Other = Dimension.Type }, ct);
        var villagesTask = VillagesAsync(request, today, zone, ct);
        await Task.WhenAll(totalsTask, previousTask, trendTask, byTypeTask, villagesTask);
        var (totals, previous, trend, byType) = (await totalsTask, await previousTask, await trendTask, await byTypeTask);
        var (streaks, coverage, villageCount) = await villagesTask;
        return new Summary(request.From, request.To, totals, previous,
            Change(totals.Reports, previous.Reports), Change(totals.Prevented, previous.Prevented), Change(totals.Lost, previous.Lost),
            trend, byType.OrderByDescending(t => t.Reports).ToList(), streaks, coverage, villageCount);
    }

    /// <summary>Villages listed with streaks and coverage; a county has far fewer, a filter narrows a larger set.</summary>
    public const int MaxVillages = 500;

    async Task<(IReadOnlyList<VillageStreak>, IReadOnlyList<Coverage>, int)> VillagesAsync(StatsRequest request, DateOnly today, TimeZoneInfo zone, CancellationToken ct)
    {
        const string villagesSql = """
            SELECT township, village, count(*) FILTER (WHERE status = 'active') AS groups,
                   coalesce(sum(members) FILTER (WHERE status = 'active'), 0) AS members,
                   min(coalesce(bound_at, created_at)) AS since, array_agg(id) AS group_ids
            FROM groups
            WHERE township IS NOT NULL AND village IS NOT NULL
              AND (@Township::text IS NULL OR township = @Township) AND (@Village::text IS NULL OR village = @Village)
            GROUP BY township, village ORDER BY township, village
            LIMIT @MaxVillages
            """;
        const string lossesSql = """
            SELECT g.township, g.village, d.day
            FROM report_daily d JOIN groups g ON g.id = d.group_id
            WHERE d.losses > 0 AND d.group_id = ANY(@ids)
            GROUP BY g.township, g.village, d.day
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        var villages = (await connection.QueryAsync<(string Township, string Village, long Groups, long Members, DateTime Since, long[] GroupIds)>(
            new CommandDefinition(villagesSql, new { request.Township, request.Village, MaxVillages }, cancellationToken: ct))).AsList();
        var total = villages.Count < MaxVillages ? villages.Count : await connection.ExecuteScalarAsync<int>(new CommandDefinition("""
            SELECT count(*)::int FROM (SELECT DISTINCT township, village FROM groups
                WHERE township IS NOT NULL AND village IS NOT NULL
                  AND (@Township::text IS NULL OR township = @Township) AND (@Village::text IS NULL OR village = @Village)) v
            """, new { request.Township, request.Village }, cancellationToken: ct));
        var ids = villages.SelectMany(v => v.GroupIds).ToArray();
        var losses = (await connection.QueryAsync<(string Township, string Village, DateTime Day)>(
            new CommandDefinition(lossesSql, new { ids }, cancellationToken: ct)))
            .ToLookup(l => (l.Township, l.Village), l => DateOnly.FromDateTime(l.Day));

        var streaks = villages.Select(v =>
        {
            var since = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(v.Since, DateTimeKind.Utc), zone));
            var lossDays = losses[(v.Township, v.Village)].ToList();
            since = lossDays.Count > 0 && lossDays.Min() < since ? lossDays.Min() : since;
            var (current, longest) = Streaks.Compute(since, lossDays, today);
            return new VillageStreak(v.Township, v.Village, current, longest, lossDays.Count == 0 ? null : lossDays.Max(), since);
        }).ToList();
        var coverage = villages.Select(v => new Coverage(v.Township, v.Village, (int)v.Groups, v.Members)).ToList();
        return (streaks, coverage, total);
    }

    static double? Change(decimal now, decimal before) => before == 0 ? null : Math.Round((double)((now - before) / before), 4);
}
