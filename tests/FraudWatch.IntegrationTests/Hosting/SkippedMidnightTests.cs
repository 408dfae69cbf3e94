using System.Net;
using FraudWatch.IntegrationTests.Infrastructure;

namespace FraudWatch.IntegrationTests.Hosting;

/// <summary>
/// A county whose clocks skip midnight on some day (America/Havana went from 00:00 straight to 01:00 on 2026-03-08): a
/// range that begins, or ends the day before, at that day is answered, not 500 (thirty-fifth session).
/// </summary>
public sealed class SkippedMidnightTests(SkippedMidnightTests.Havana county) : IClassFixture<SkippedMidnightTests.Havana>
{
    public sealed class Havana : IAsyncLifetime
    {
        public TestHost Host { get; private set; } = null!;

        public async Task InitializeAsync() =>
            Host = await TestHost.StartAsync(settings: new Dictionary<string, string?> { ["FraudWatch:TimeZone"] = "America/Havana" });

        public async Task DisposeAsync() => await Host.DisposeAsync();
    }

    [Theory]
    [InlineData("/api/v1/reports?from=2026-03-08&to=2026-03-10", "assistant")]
    [InlineData("/api/v1/reports?from=2026-03-01&to=2026-03-07", "assistant")]
    [InlineData("/api/v1/stats/detection?from=2026-03-08&to=2026-03-10", "analyst")]
    [InlineData("/api/v1/waves?from=2026-03-08&to=2026-03-10", "assistant")]
    [InlineData("/api/v1/stats/waves?from=2026-03-08&to=2026-03-10", "analyst")]
    public async Task A_day_whose_midnight_does_not_exist_is_answered(string url, string role)
    {
        Assert.True(TimeZoneInfo.FindSystemTimeZoneById("America/Havana").IsInvalidTime(new DateTime(2026, 3, 8, 0, 0, 0)));
        var response = await county.Host.Client(role).GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
