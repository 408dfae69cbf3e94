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

    /// <summary>A range whose first day comes after its last adds an error under <c>from</c> (no limit on one side is fine).</summary>
    public static void RequireOrder(DateOnly? from, DateOnly? to, Dictionary<string, string[]> errors)
    {
        if (from > to)
            errors["from"] = ["from must not be after to."];
    }

    /// <summary>
    /// Where the day starts in UTC: its local midnight, or, in a zone whose clocks skip midnight on that day (America/Havana,
    /// America/Santiago, Asia/Beirut…), the first local minute that exists. Before the thirty-fifth session such a day made
    /// every query that began or ended at it answer 500.
    /// </summary>
    public static DateTime StartUtc(DateOnly day, TimeZoneInfo zone) => LocalToUtc(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), zone);

    /// <summary>A local time in UTC; a time the zone skips moves on to the first minute after it that exists.</summary>
    public static DateTime LocalToUtc(DateTime local, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        for (var minutes = 0; zone.IsInvalidTime(local) && minutes < 24 * 60; minutes++)
            local = local.AddMinutes(1);
        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }
}
