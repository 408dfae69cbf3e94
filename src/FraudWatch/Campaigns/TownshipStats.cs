using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace FraudWatch.Campaigns;

/// <summary>
/// The <c>stats</c> a warning template may quote: reports and prevented frauds in the group's township
/// this month (county time zone). Read from the township roll-up and kept for a few minutes, so a
/// broadcast to thousands of groups asks the database once per township.
/// </summary>
public sealed class TownshipStats(CampaignStore campaigns, IOptions<FraudWatchOptions> options, TimeProvider clock)
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
        var stats = await campaigns.TownshipSinceAsync(township, monthStart, ct);
        cache[key] = (now, stats);
        return stats;
    }
}
