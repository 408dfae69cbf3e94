namespace FraudWatch.Tests.Hosting;

public sealed class QueryDaysTests
{
    [Theory]
    [InlineData("Asia/Shanghai", "2026-03-08", "2026-03-07T16:00:00")]
    [InlineData("America/Havana", "2026-03-07", "2026-03-07T05:00:00")] // UTC-5
    [InlineData("America/Havana", "2026-03-08", "2026-03-08T05:00:00")] // 00:00 is skipped: the day starts at 01:00, UTC-4
    [InlineData("America/Havana", "2026-03-09", "2026-03-09T04:00:00")]
    public void A_day_starts_at_its_first_local_minute_that_exists(string zone, string day, string utc) =>
        Assert.Equal(DateTime.Parse(utc, System.Globalization.CultureInfo.InvariantCulture),
            QueryDays.StartUtc(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture), TimeZoneInfo.FindSystemTimeZoneById(zone)));
}
