using System.Globalization;

namespace FraudWatch.Analytics;

public enum Dimension
{
    Day,
    Week,
    Month,
    Quarter,
    Township,
    Village,
    Group,
    Type,
}

/// <summary>A validated statistics question: a date range in the county time zone and up to two dimensions.</summary>
public sealed record StatsRequest(DateOnly From, DateOnly To, Dimension? Period, Dimension? Other, string? Township, string? Village)
{
    public int Days => To.DayNumber - From.DayNumber + 1;

    /// <summary>The range of the same length just before this one.</summary>
    public StatsRequest Previous => this with { From = From.AddDays(-Days), To = From.AddDays(-1) };
}

public static class StatsQuery
{
    static readonly Dictionary<string, Dimension> Names = Enum.GetValues<Dimension>().ToDictionary(d => d.ToString().ToLowerInvariant());

    public static bool IsPeriod(this Dimension d) => d <= Dimension.Quarter;

    /// <summary>Parses query parameters; errors are keyed by the parameter they concern.</summary>
    public static StatsRequest? Parse(string? from, string? to, string? groupBy, string? township, string? village, DateOnly today, out Dictionary<string, string[]> errors)
    {
        errors = [];
        var fromDate = ParseDate(from, "from", errors);
        var toDate = ParseDate(to, "to", errors);
        var end = toDate ?? today;
        var start = fromDate ?? end.AddMonths(-12).AddDays(1);
        if (errors.Count == 0 && start > end)
            errors["from"] = ["from must be on or before to."];
        else if (errors.Count == 0 && end.DayNumber - start.DayNumber > 366 * 10)
            errors["from"] = ["the range may span at most 10 years."];

        Dimension? period = null, other = null;
        var tokens = (string.IsNullOrWhiteSpace(groupBy) ? "month" : groupBy).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        foreach (var token in tokens)
        {
            if (!Names.TryGetValue(token.ToLowerInvariant(), out var d))
                errors["groupBy"] = [$"'{token}' is not one of day, week, month, quarter, township, village, group, type."];
            else if (d.IsPeriod() ? period is not null : other is not null)
                errors["groupBy"] = ["at most one period (day, week, month, quarter) and one of township, village, group, type."];
            else if (d.IsPeriod())
                period = d;
            else
                other = d;
        }

        if (tokens.Length == 0)
            errors["groupBy"] = ["give a dimension such as month."];
        if (township is { Length: > 40 } || village is { Length: > 40 })
            errors[township is { Length: > 40 } ? "township" : "village"] = ["names are at most 40 characters."];

        return errors.Count == 0 ? new StatsRequest(start, end, period, other, Blank(township), Blank(village)) : null;
    }

    // Period arithmetic (the year before, the previous period) must stay inside DateOnly's range.
    static readonly DateOnly Earliest = new(2000, 1, 1), Latest = new(2100, 12, 31);

    static DateOnly? ParseDate(string? text, string name, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) && date >= Earliest && date <= Latest)
            return date;
        errors[name] = [$"'{text}' is not a date in the form yyyy-MM-dd between {Earliest:yyyy-MM-dd} and {Latest:yyyy-MM-dd}."];
        return null;
    }

    static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>The first day of the bucket holding <paramref name="day"/>.</summary>
    public static DateOnly BucketStart(Dimension period, DateOnly day) => period switch
    {
        Dimension.Week => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
        Dimension.Month => new DateOnly(day.Year, day.Month, 1),
        Dimension.Quarter => new DateOnly(day.Year, ((day.Month - 1) / 3 * 3) + 1, 1),
        _ => day,
    };

    public static string Label(Dimension period, DateOnly start) => period switch
    {
        Dimension.Week => $"{ISOWeek.GetYear(start.ToDateTime(TimeOnly.MinValue))}-W{ISOWeek.GetWeekOfYear(start.ToDateTime(TimeOnly.MinValue)):00}",
        Dimension.Month => start.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        Dimension.Quarter => $"{start.Year}-Q{((start.Month - 1) / 3) + 1}",
        _ => start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };

    public static DateOnly NextBucket(Dimension period, DateOnly start) => period switch
    {
        Dimension.Week => start.AddDays(7),
        Dimension.Month => start.AddMonths(1),
        Dimension.Quarter => start.AddMonths(3),
        _ => start.AddDays(1),
    };

    /// <summary>The same day one bucket earlier (a month before the 31st is the month's last day).</summary>
    public static DateOnly PreviousBucket(Dimension period, DateOnly start) => period switch
    {
        Dimension.Week => start.AddDays(-7),
        Dimension.Month => start.AddMonths(-1),
        Dimension.Quarter => start.AddMonths(-3),
        _ => start.AddDays(-1),
    };
}
