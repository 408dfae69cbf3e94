using System.ComponentModel;
using FraudWatch.Access;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace FraudWatch.Analytics;

/// <summary>GET /api/v1/stats/detection: the classifier's guesses against officers' decisions on this county's reports.</summary>
public static class DetectionStatsApi
{
    internal static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/stats/detection", GetDetectionStats).WithName(nameof(GetDetectionStats)).WithTags("Statistics").RequireRole(Role.Analyst)
            .WithSummary("How often the classifier's fraud type was right on reports officers decided (an outcome other than duplicate), and how often it gave a type to a report found not_fraud; the confusion matrix by the officers' type; residents' disputes of private checks (the bot said scam, the resident not) and how officers reviewed them; ?format=csv lists its rows");

    public static async Task<Results<Ok<DetectionStats>, CsvList<DetectionCsvRow>, ValidationProblem>> GetDetectionStats(
        [Description(QueryDays.FromDescription)] string? from, [Description(QueryDays.ToDescription)] string? to,
        HttpContext http, DetectionStatsStore store, IOptions<FraudWatchOptions> options, TimeProvider clock, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var zone = options.Value.Zone;
        var today = StatsApi.Today(zone, clock);
        var fromDay = QueryDays.Parse(from, "from", errors) ?? today.AddMonths(-12).AddDays(1);
        var toDay = QueryDays.Parse(to, "to", errors) ?? today;
        QueryDays.RequireOrder(fromDay, toDay, errors);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        var stats = await store.GetAsync(fromDay, toDay, zone, ct);
        return http.WantsCsv() ? new CsvList<DetectionCsvRow>(stats.ByType.Select(DetectionCsvRow.From), "detection") : TypedResults.Ok(stats);
    }
}
