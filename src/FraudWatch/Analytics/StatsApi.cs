using System.ComponentModel;
using FraudWatch.Access;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace FraudWatch.Analytics;

public static class StatsApi
{
    const string GroupByDescription =
        "day, week, month, quarter, township, village, group or type (default month); two joined by a comma: a period and a place or type.";

    internal static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/stats").WithTags("Statistics").RequireRole(Role.Analyst);
        api.MapGet("/prevented", GetPrevented).WithName(nameof(GetPrevented))
            .WithSummary("Prevented fraud, protected and lost amounts, reports and loss rate, by period, place or type, with change against the previous period");
        api.MapGet("/summary", GetSummary).WithName(nameof(GetSummary))
            .WithSummary("Headline numbers, change against the previous period, monthly trend, fraud-type mix, no-loss streaks and coverage per village");
    }

    public static async Task<Results<Ok<IReadOnlyList<StatsRow>>, CsvList<StatsRow>, ValidationProblem>> GetPrevented(
        HttpContext http,
        [Description(QueryDays.FromDescription)] string? from,
        [Description(QueryDays.ToDescription)] string? to,
        [Description(GroupByDescription)] string? groupBy,
        [Description("Only groups of this township.")] string? township,
        [Description("Only groups of this village.")] string? village,
        StatsStore stats, IOptions<FraudWatchOptions> options, TimeProvider clock, CancellationToken ct)
    {
        var (request, problem) = await ParseAsync(from, to, groupBy, township, village, options.Value.Zone, clock, stats, ct);
        if (request is null)
            return problem!;
        var rows = await stats.PreventedAsync(request, ct);
        return http.WantsCsv() ? new CsvList<StatsRow>(rows, "prevented") : TypedResults.Ok(rows);
    }

    public static async Task<Results<Ok<Summary>, ValidationProblem>> GetSummary(
        [Description(QueryDays.FromDescription)] string? from,
        [Description(QueryDays.ToDescription)] string? to,
        [Description("Only groups of this township.")] string? township,
        [Description("Only groups of this village.")] string? village,
        SummaryStore summaries, StatsStore stats, IOptions<FraudWatchOptions> options, TimeProvider clock, CancellationToken ct)
    {
        var (request, problem) = await ParseAsync(from, to, null, township, village, options.Value.Zone, clock, stats, ct);
        if (request is null)
            return problem!;
        return TypedResults.Ok(await summaries.GetAsync(request, Today(options.Value.Zone, clock), options.Value.Zone, ct));
    }

    public static DateOnly Today(TimeZoneInfo zone, TimeProvider clock) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), zone).DateTime);

    static async Task<(StatsRequest? Request, ValidationProblem? Problem)> ParseAsync(string? from, string? to, string? groupBy, string? township, string? village,
        TimeZoneInfo zone, TimeProvider clock, StatsStore stats, CancellationToken ct)
    {
        var request = StatsQuery.Parse(from, to, groupBy, township, village, Today(zone, clock), out var errors);
        if (request is not null && (request.Township is not null || request.Village is not null) && !await stats.PlaceExistsAsync(request.Township, request.Village, ct))
            errors[request.Village is not null ? "village" : "township"] = [$"no group is bound to {request.Township} {request.Village}".Trim() + "."];
        return errors.Count > 0 ? (null, TypedResults.ValidationProblem(errors, title: "Invalid statistics query")) : (request, null);
    }
}
