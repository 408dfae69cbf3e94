using System.ComponentModel;
using System.Globalization;
using FraudWatch.Access;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace FraudWatch.Analytics;

/// <summary>Query of <c>GET /api/v1/stats/waves</c>: dates yyyy-MM-dd in FraudWatch__TimeZone, both inclusive (default: the last 12 months).</summary>
// Properties rather than a positional record: the request delegate generator mistypes a constructor's nullable parameters.
public sealed record WaveStatsQuery
{
    [FromQuery(Name = "from"), Description(QueryDays.FromDescription)] public string? From { get; init; }

    [FromQuery(Name = "to"), Description(QueryDays.ToDescription)] public string? To { get; init; }

    [FromQuery(Name = "days"), Description("Whole days before and after each warning to compare, 1-90 (default 14).")] public string? Days { get; init; }
}

/// <summary>GET /api/v1/stats/waves: waves per week, time from first report to warning, and reports in the warned townships before and after.</summary>
public static class WaveStatsApi
{
    const int DefaultDays = 14;
    const int MaxDays = 90;

    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/stats/waves", GetWaveStats).WithName(nameof(GetWaveStats)).WithTags("Statistics").RequireRole(Role.Analyst)
            .WithSummary("Waves per week (alerted, warned), median and p90 hours from first report to warning, and per warned wave the reports in its townships N days (default 14) before and after; ?format=csv lists the warned waves");

    public static async Task<Results<Ok<WaveStats>, CsvList<WaveWarningEffect>, ValidationProblem>> GetWaveStats(
        [AsParameters] WaveStatsQuery query, HttpContext http, WaveStatsStore store, IOptions<FraudWatchOptions> options, TimeProvider clock,
        CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var zone = options.Value.Zone;
        var today = StatsApi.Today(zone, clock);
        var from = QueryDays.Parse(query.From, "from", errors) ?? today.AddMonths(-12).AddDays(1);
        var to = QueryDays.Parse(query.To, "to", errors) ?? today;
        QueryDays.RequireOrder(from, to, errors);
        var days = DefaultDays;
        if (query.Days is not null && (!int.TryParse(query.Days, NumberStyles.None, CultureInfo.InvariantCulture, out days) || days is < 1 or > MaxDays))
            errors["days"] = [$"whole days before and after the warning, 1-{MaxDays} (default {DefaultDays})."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        var stats = await store.GetAsync(from, to, days, today, zone, ct);
        return http.WantsCsv() ? new CsvList<WaveWarningEffect>(stats.Effects, "wave-warnings") : TypedResults.Ok(stats);
    }
}
