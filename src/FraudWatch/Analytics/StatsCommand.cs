using System.Globalization;
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
        new("stats", Role.Assistant, CommandScope.Anywhere, "/stats [township|village] [day|week|month|quarter]", "prevented fraud this period / 防范统计", StatsAsync)
            { ZhUsage = "/stats [乡镇或村] [今天|本周|本月|本季度]" },
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
                await context.ReplyAsync(BotText.NoSuchPlace(place, context.Language), ct: ct);
                return;
            }
        }

        var today = StatsApi.Today(options.Value.Zone, clock);
        var start = StatsQuery.BucketStart(period, today);
        var current = await stats.TotalsAsync(new StatsRequest(start, today, null, null, township, village), ct);
        // Compared with as many days from the start of the period before (1–7 December with 1–7 November), not with the whole
        // of it: a period only begun would always look like a fall.
        var previousStart = StatsQuery.PreviousBucket(period, start);
        var previousEnd = DateOnly.FromDayNumber(Math.Min(previousStart.DayNumber + (today.DayNumber - start.DayNumber), start.DayNumber - 1));
        var previous = await stats.TotalsAsync(new StatsRequest(previousStart, previousEnd, null, null, township, village), ct);
        var lang = context.Language;
        await context.ReplyAsync(BotText.Stats(place ?? BotText.County(lang), Label(period, start, lang),
            current.Reports, BotText.Delta(current.Reports, previous.Reports, lang), current.Prevented, BotText.Delta(current.Prevented, previous.Prevented, lang),
            current.Protected, current.Losses, current.Lost, current.LossRate, lang), ct: ct);
    }

    /// <summary>The period as its reader names it: the API's ISO forms (2026-W50, 2026-Q4) in English, words in Chinese.</summary>
    static string Label(Dimension period, DateOnly start, string lang)
    {
        if (ReplyLanguage.IsEnglish(lang))
            return StatsQuery.Label(period, start);
        var day = start.ToDateTime(TimeOnly.MinValue);
        return period switch
        {
            Dimension.Week => string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(day)}年第{ISOWeek.GetWeekOfYear(day)}周"),
            Dimension.Month => string.Create(CultureInfo.InvariantCulture, $"{start.Year}年{start.Month}月"),
            Dimension.Quarter => string.Create(CultureInfo.InvariantCulture, $"{start.Year}年第{((start.Month - 1) / 3) + 1}季度"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{start.Year}年{start.Month}月{start.Day}日"),
        };
    }
}
