using System.Globalization;
using System.Net;
using FraudWatch.Access;
using FraudWatch.Telegram;
using Microsoft.Extensions.Options;

namespace FraudWatch.Analytics;

/// <summary>/stats [township|village] [day|week|month|quarter]: the current period against the one before.</summary>
public sealed class StatsCommand(StatsStore stats, IOptions<FraudWatchOptions> options, TimeProvider clock) : ICommandModule
{
    static readonly Dictionary<string, Dimension> Periods = new(StringComparer.OrdinalIgnoreCase)
    {
        ["day"] = Dimension.Day, ["today"] = Dimension.Day, ["今天"] = Dimension.Day,
        ["week"] = Dimension.Week, ["本周"] = Dimension.Week,
        ["month"] = Dimension.Month, ["本月"] = Dimension.Month,
        ["quarter"] = Dimension.Quarter, ["本季度"] = Dimension.Quarter,
    };

    public IEnumerable<CommandSpec> Commands =>
    [
        new("stats", Role.Assistant, CommandScope.Anywhere, "/stats [township|village] [day|week|month|quarter]", "prevented fraud this period / 防范统计", StatsAsync),
    ];

    async Task StatsAsync(CommandContext context, CancellationToken ct)
    {
        var words = context.Words.ToList();
        var period = Dimension.Month;
        if (words.Count > 0 && Periods.TryGetValue(words[^1], out var p))
        {
            period = p;
            words.RemoveAt(words.Count - 1);
        }

        var place = words.Count == 0 ? null : string.Join(' ', words);
        string? township = null, village = null;
        if (place is not null)
        {
            if (await stats.PlaceExistsAsync(place, null, ct))
                township = place;
            else if (await stats.PlaceExistsAsync(null, place, ct))
                village = place;
            else
            {
                await context.ReplyAsync($"No bound group in a township or village called {WebUtility.HtmlEncode(place)}. Usage: /stats [township|village] [day|week|month|quarter]", ct: ct);
                return;
            }
        }

        var today = StatsApi.Today(options.Value.Zone, clock);
        var start = StatsQuery.BucketStart(period, today);
        var current = await stats.TotalsAsync(new StatsRequest(start, today, null, null, township, village), ct);
        var previousStart = StatsQuery.PreviousBucket(period, start);
        var previous = await stats.TotalsAsync(new StatsRequest(previousStart, start.AddDays(-1), null, null, township, village), ct);
        var where = WebUtility.HtmlEncode(place ?? "全县 county");
        var label = StatsQuery.Label(period, start);
        await context.ReplyAsync(
            $"<b>{where} · {label}</b>\n" +
            $"举报 reports: {current.Reports} ({Delta(current.Reports, previous.Reports)})\n" +
            $"成功劝阻/拦截 prevented: {current.Prevented} ({Delta(current.Prevented, previous.Prevented)}), 保护金额 protected ¥{current.Protected:N0}\n" +
            $"被骗 losses: {current.Losses}, 损失 lost ¥{current.Lost:N0}" +
            (current.LossRate is { } rate ? $", loss rate {rate.ToString("P0", CultureInfo.InvariantCulture)}" : ""),
            ct: ct);
    }

    static string Delta(long now, long before) => before == 0
        ? "previous period: 0"
        : string.Create(CultureInfo.InvariantCulture, $"{(now - before) * 100.0 / before:+0;-0;0}% vs previous period");
}
