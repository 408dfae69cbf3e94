using System.ComponentModel;
using System.Globalization;
using FraudWatch.Access;
using FraudWatch.Reports;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace FraudWatch.Analytics;

/// <summary>GET /api/v1/stats/campaign-effect: did the groups a campaign reached report and lose less afterwards?</summary>
public static class CampaignEffectApi
{
    const int DefaultDays = 14;
    const int MaxDays = 90;

    const string CampaignIdDescription = "The id of a campaign (see GET /api/v1/campaigns).";
    const string DaysDescription = "Days before and after each run to compare, 1-90 (default 14).";

    internal static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/stats/campaign-effect").WithTags("Statistics").RequireRole(Role.Analyst);
        api.MapGet("", GetCampaignEffect).WithName(nameof(GetCampaignEffect)).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Per run of a campaign: reports, prevented, losses and amount lost in the groups it reached (sent or dry_run) in the N days (default 14) before and after, with the change");
        api.MapGet("/reports", ListCampaignEffectReports).WithName(nameof(ListCampaignEffectReports)).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The reports behind one run's figures (latest run unless runId is given), streamed; reporters as pseudonyms");
    }

    public static async Task<Results<Ok<CampaignEffect>, CsvList<EffectCsvRow>, ValidationProblem, ProblemHttpResult>> GetCampaignEffect(
        HttpContext http,
        [Description(CampaignIdDescription)] string? campaignId,
        [Description(DaysDescription)] string? days,
        CampaignEffectStore store, IOptions<FraudWatchOptions> options, TimeProvider clock, CancellationToken ct)
    {
        var (id, window, problem) = Parse(campaignId, days);
        if (problem is not null)
            return problem;
        var zone = options.Value.Zone;
        var effect = await store.GetAsync(id, window, StatsApi.Today(zone, clock), zone, ct);
        if (effect is null)
            return UnknownCampaign(id);
        return http.WantsCsv() ? new CsvList<EffectCsvRow>(effect.Runs.Select(Flat), "campaign-effect") : TypedResults.Ok(effect);
    }

    public static async Task<Results<Ok<IAsyncEnumerable<EffectReport>>, CsvList<EffectReport>, ValidationProblem, ProblemHttpResult>> ListCampaignEffectReports(
        HttpContext http,
        [Description(CampaignIdDescription)] string? campaignId,
        [Description("A run of the campaign, from the campaign-effect answer (default: its latest run).")] string? runId,
        [Description(DaysDescription)] string? days,
        CampaignEffectStore store, Pseudonyms pseudonyms, IOptions<FraudWatchOptions> options, CancellationToken ct)
    {
        var (id, window, problem) = Parse(campaignId, days);
        long? run = null;
        if (problem is null && runId is not null)
        {
            if (!long.TryParse(runId, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
                return Invalid("runId", "a run id from the campaign-effect answer.");
            run = parsed;
        }

        if (problem is not null)
            return problem;
        if (await store.RunAsync(id, run, ct) is not { } found)
            return run is null ? UnknownCampaign(id) : Invalid("runId", $"campaign {id} has no run {run}.");
        var zone = options.Value.Zone;
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(found.OccurrenceAt, DateTimeKind.Utc), zone));
        var rows = store.ReportsAsync(found.RunId, day, window, zone, await pseudonyms.ResolverAsync(ct), http.RequestAborted);
        return http.WantsCsv() ? new CsvList<EffectReport>(rows, "campaign-effect-reports") : TypedResults.Ok(rows);
    }

    static (long Id, int Days, ValidationProblem? Problem) Parse(string? campaignId, string? days)
    {
        if (string.IsNullOrWhiteSpace(campaignId) || !long.TryParse(campaignId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
            return (0, 0, Invalid("campaignId", "the id of a campaign, e.g. campaignId=12 (see GET /api/v1/campaigns)."));
        var window = DefaultDays;
        if (days is not null && (!int.TryParse(days, NumberStyles.None, CultureInfo.InvariantCulture, out window) || window is < 1 or > MaxDays))
            return (0, 0, Invalid("days", $"a whole number of days from 1 to {MaxDays} (default {DefaultDays})."));
        return (id, window, null);
    }

    static ValidationProblem Invalid(string parameter, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [parameter] = [message] }, title: "Invalid campaign-effect query");

    static ProblemHttpResult UnknownCampaign(long id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown campaign", detail: $"No campaign {id}; GET /api/v1/campaigns lists them.");

    static EffectCsvRow Flat(CampaignRunEffect r) => new(r.RunId, r.OccurrenceAt, r.Day, r.Groups, r.Members,
        r.Before.From, r.Before.To, r.Before.Reports, r.Before.Prevented, r.Before.Protected, r.Before.Losses, r.Before.Lost,
        r.After.From, r.After.To, r.After.Days, r.After.Reports, r.After.Prevented, r.After.Protected, r.After.Losses, r.After.Lost,
        r.AfterComplete, r.ReportsChange, r.PreventedChange, r.LossesChange, r.LostChange);
}

/// <summary>One run as a flat CSV row.</summary>
public sealed record EffectCsvRow(long RunId, DateTime OccurrenceAt, DateOnly Day, int Groups, long Members,
    DateOnly BeforeFrom, DateOnly BeforeTo, long BeforeReports, long BeforePrevented, decimal BeforeProtected, long BeforeLosses, decimal BeforeLost,
    DateOnly AfterFrom, DateOnly AfterTo, int AfterDays, long AfterReports, long AfterPrevented, decimal AfterProtected, long AfterLosses, decimal AfterLost,
    bool AfterComplete, double? ReportsChange, double? PreventedChange, double? LossesChange, double? LostChange);
