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

    // One read per township at a time: a broadcast starts hundreds of renders at once, and they share the first one's read.
    readonly ConcurrentDictionary<string, (DateTimeOffset At, Lazy<Task<StatsModel>> Stats)> cache = new();

    public async Task<StatsModel> ThisMonthAsync(string? township, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        // Keyed by the county month too: a render just after midnight on the 1st must not quote the month before.
        var local = TimeZoneInfo.ConvertTime(now, options.Value.Zone);
        var key = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{local:yyyy-MM}\u0001{township}");
        var entry = cache.TryGetValue(key, out var hit) && Usable(hit, now)
            ? hit
            : cache.AddOrUpdate(key, _ => Read(township, now), (_, old) => Usable(old, now) ? old : Read(township, now));
        return await entry.Stats.Value.WaitAsync(ct);
    }

    static bool Usable((DateTimeOffset At, Lazy<Task<StatsModel>> Stats) entry, DateTimeOffset now) =>
        now - entry.At < Fresh && !(entry.Stats.IsValueCreated && (entry.Stats.Value.IsFaulted || entry.Stats.Value.IsCanceled));

    /// <summary>Not cancelled by any one caller: the others wait for the same read.</summary>
    (DateTimeOffset, Lazy<Task<StatsModel>>) Read(string? township, DateTimeOffset now) => (now, new Lazy<Task<StatsModel>>(() =>
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, options.Value.Zone).DateTime);
        var monthStart = new DateOnly(today.Year, today.Month, 1).ToDateTime(TimeOnly.MinValue);
        return campaigns.TownshipSinceAsync(township, monthStart, CancellationToken.None);
    }));
}
