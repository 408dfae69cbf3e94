using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using FraudWatch.Access;
using FraudWatch.Detection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace FraudWatch.Waves;

/// <summary>Query of <c>GET /api/v1/waves</c>: dates yyyy-MM-dd in FraudWatch__TimeZone, both inclusive (default: the last 12 months).</summary>
// Properties rather than a positional record: the request delegate generator mistypes a constructor's nullable parameters.
public sealed record WaveListQuery
{
    [FromQuery(Name = "from"), Description(QueryDays.FromDescription)] public string? From { get; init; }

    [FromQuery(Name = "to"), Description(QueryDays.ToDescription)] public string? To { get; init; }

    [FromQuery(Name = "minReports"), Description("Least reports a wave needs to be listed, 1-1000000 (default 2).")] public int? MinReports { get; init; }

    [FromQuery(Name = "limit"), Description("Most waves to answer, 1-5000 (default 1000).")] public int? Limit { get; init; }
}

public sealed record WaveView(
    long Id, string Type, string TypeName, string RepresentativeText, DateTime FirstSeen, DateTime LastSeen, int Reports,
    int VillageCount, string[] Villages, string[] Townships, string[] Indicators, DateTime? AlertedAt, DateTime? WarnedAt)
{
    public static WaveView From(WaveSummary w) => new(
        w.Id, w.Type, FraudTypes.DisplayName(w.Type, Languages.Chinese), w.RepresentativeText, w.FirstSeen, w.LastSeen, w.Reports,
        w.VillageCount, w.Villages, w.Townships, w.Indicators, w.AlertedAt, w.WarnedAt);
}

public sealed record WaveDetailView(WaveView Wave, IReadOnlyList<WaveReportRow> Reports);

public static class WavesApi
{
    internal static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/waves").WithTags("Waves");
        api.MapGet("/", ListWaves).WithName(nameof(ListWaves)).RequireRole(Role.Assistant)
            .WithSummary("Waves active in the period, newest activity first, with report count, villages, indicators; ?format=csv");
        api.MapGet("/{id:long}", GetWave).WithName(nameof(GetWave)).RequireRole(Role.Assistant).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("One wave with its reports");
    }

    public static async Task<Results<Ok<IReadOnlyList<WaveView>>, CsvList<WaveView>, ValidationProblem>> ListWaves(
        [AsParameters] WaveListQuery query, HttpContext http, WaveStore waves, IOptions<FraudWatchOptions> options, TimeProvider clock,
        CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var zone = options.Value.Zone;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), zone).DateTime);
        var fromDay = QueryDays.Parse(query.From, "from", errors) ?? today.AddMonths(-12);
        var toDay = QueryDays.Parse(query.To, "to", errors) ?? today;
        QueryDays.RequireOrder(fromDay, toDay, errors);
        if (query.MinReports is < 1 or > 1_000_000)
            errors["minReports"] = ["1-1000000 (default 2: a single report is not yet a wave)."];
        if (query.Limit is < 1 or > 5000)
            errors["limit"] = ["1-5000."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        var list = await waves.ListAsync(QueryDays.StartUtc(fromDay, zone), QueryDays.StartUtc(toDay.AddDays(1), zone), query.MinReports ?? 2, query.Limit ?? 1000, ct);
        var views = list.Select(WaveView.From).ToList();
        return http.WantsCsv() ? new CsvList<WaveView>(views, "waves") : TypedResults.Ok<IReadOnlyList<WaveView>>(views);
    }

    public static async Task<Results<Ok<WaveDetailView>, ProblemHttpResult>> GetWave(long id, WaveStore waves, CancellationToken ct)
    {
        if (await waves.GetAsync(id, ct) is not { } detail)
            return TypedResults.Problem(statusCode: 404, title: "Unknown wave", detail: $"No wave #{id}; GET /api/v1/waves lists them.");
        return TypedResults.Ok(new WaveDetailView(WaveView.From(detail.Wave), detail.Reports));
    }
}
