using FraudWatch.Access;
using Microsoft.Extensions.Options;

namespace FraudWatch.Analytics;

public static class StatsApi
{
    public static void AddAnalytics(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<StatsStore>();
        builder.Services.AddSingleton<SummaryStore>();
        builder.Services.AddSingleton<Telegram.ICommandModule, StatsCommand>();
        builder.Services.AddHostedService<RollupTimeZone>();
    }

    public static void MapStatsApi(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1/stats").WithTags("Statistics").RequireRole(Role.Analyst);

        api.MapGet("/prevented", async (HttpContext http, string? from, string? to, string? groupBy, string? township, string? village,
            StatsStore stats, IOptions<FraudWatchOptions> options, TimeProvider clock, CancellationToken ct) =>
        {
            var (request, problem) = await ParseAsync(from, to, groupBy, township, village, options.Value.Zone, clock, stats, ct);
            return request is null ? problem! : ListResults.List(http, await stats.PreventedAsync(request, ct), "prevented");
        }).WithSummary("Prevented fraud, protected and lost amounts, reports and loss rate, by period, place or type, with change against the previous period");

        api.MapGet("/summary", async (string? from, string? to, string? township, string? village,
            SummaryStore summaries, StatsStore stats, IOptions<FraudWatchOptions> options, TimeProvider clock, CancellationToken ct) =>
        {
            var (request, problem) = await ParseAsync(from, to, null, township, village, options.Value.Zone, clock, stats, ct);
            return request is null ? problem! : Results.Ok(await summaries.GetAsync(request, Today(options.Value.Zone, clock), options.Value.Zone, ct));
        }).WithSummary("Headline numbers, change against the previous period, monthly trend, fraud-type mix, no-loss streaks and coverage per village");
    }

    public static DateOnly Today(TimeZoneInfo zone, TimeProvider clock) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), zone).DateTime);

    static async Task<(StatsRequest? Request, IResult? Problem)> ParseAsync(string? from, string? to, string? groupBy, string? township, string? village,
        TimeZoneInfo zone, TimeProvider clock, StatsStore stats, CancellationToken ct)
    {
        var request = StatsQuery.Parse(from, to, groupBy, township, village, Today(zone, clock), out var errors);
        if (request is not null && (request.Township is not null || request.Village is not null) && !await stats.PlaceExistsAsync(request.Township, request.Village, ct))
            errors[request.Village is not null ? "village" : "township"] = [$"no group is bound to {request.Township} {request.Village}".Trim() + "."];
        return errors.Count > 0 ? (null, Results.ValidationProblem(errors, title: "Invalid statistics query")) : (request, null);
    }
}
