using System.Collections.Concurrent;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FraudWatch.Campaigns;

/// <summary>
/// The <c>stats</c> a warning template may quote: reports and prevented frauds in the group's township
/// this month (county time zone). Read from the township roll-up and kept for a few minutes, so a
/// broadcast to thousands of groups asks the database once per township.
/// </summary>
public sealed class TownshipStats(NpgsqlDataSource db, IOptions<FraudWatchOptions> options, TimeProvider clock)
{
    static readonly TimeSpan Fresh = TimeSpan.FromMinutes(5);
    readonly ConcurrentDictionary<string, (DateTimeOffset At, StatsModel Stats)> cache = new();

    public async Task<StatsModel> ThisMonthAsync(string? township, CancellationToken ct)
    {
        var key = township ?? "";
        var now = clock.GetUtcNow();
        if (cache.TryGetValue(key, out var hit) && now - hit.At < Fresh)
            return hit.Stats;

        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, options.Value.Zone).DateTime);
        var monthStart = new DateOnly(today.Year, today.Month, 1).ToDateTime(TimeOnly.MinValue);
        await using var connection = await db.OpenConnectionAsync(ct);
        var (reports, prevented) = await connection.QuerySingleAsync<(long, long)>(new CommandDefinition("""
            SELECT coalesce(sum(reports), 0)::bigint, coalesce(sum(prevented), 0)::bigint
            FROM report_daily_township WHERE day >= @monthStart::date AND township = coalesce(@township, '')
            """, new { monthStart, township }, cancellationToken: ct));
        var stats = new StatsModel((int)reports, (int)prevented);
        cache[key] = (now, stats);
        return stats;
    }
}
