using System.Globalization;

namespace FraudWatch;

/// <summary>Days in queries: yyyy-MM-dd in the county's zone (PRODUCT.md section 7), and where such a day starts in UTC.</summary>
public static class QueryDays
{
    /// <summary>How <c>from</c> and <c>to</c> read, for the OpenAPI document.</summary>
    public const string FromDescription = "First day, yyyy-MM-dd in FraudWatch__TimeZone, inclusive (default: 12 months before to).";

    public const string ToDescription = "Last day, yyyy-MM-dd in FraudWatch__TimeZone, inclusive (default: today).";

    /// <summary>The day, or null; a bad value adds an error under <paramref name="name"/>.</summary>
    public static DateOnly? Parse(string? text, string name, Dictionary<string, string[]> errors)
    {
        if (text is null)
            return null;
        // Converting the day's start to UTC must stay inside DateTime's range.
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && day.Year is >= 2000 and <= 2100)
            return day;
        errors[name] = ["a date as yyyy-MM-dd, 2000-01-01 to 2100-12-31."];
        return null;
    }

    public static DateTime StartUtc(DateOnly day, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), zone);
}
