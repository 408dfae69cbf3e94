using FraudWatch.Access;
using FraudWatch.Broadcasting;
using Microsoft.AspNetCore.Http.HttpResults;
using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace FraudWatch.Campaigns;

public sealed record RunView(long Id, DateTime OccurrenceAt, string Status, int Targeted, int Sent, int Failed, int Skipped, int DryRun, int Pending, int Cancelled, long Reach,
    DateTime StartedAt, DateTime? FinishedAt);

/// <param name="TimeZone">The IANA time zone the schedule is read in (FraudWatch__TimeZone when the campaign was made).</param>
/// <param name="NextRunAt">When it runs next, with that zone's offset; null when no run is to come (done, cancelled, expired).</param>
public sealed record CampaignView(long Id, string? Template, string? Text, string Target, string Schedule, string TimeZone, DateTimeOffset? NextRunAt,
    bool Pin, DateTime? ExpiresAt, string Status, string CreatedBy, DateTime CreatedAt, int Targeted, int Sent, int Failed, int Skipped, int DryRun,
    int Pending, long Reach, IReadOnlyList<RunView> Runs);

/// <summary>A campaign as one CSV line: its totals over all runs, and how many runs there were.</summary>
public sealed record CampaignCsvRow(long Id, string? Template, string? Text, string Target, string Schedule, bool Pin, DateTime? ExpiresAt, string Status,
    string CreatedBy, DateTime CreatedAt, int Targeted, int Sent, int Failed, int Skipped, int DryRun, int Pending, long Reach, int Runs)
{
    public static CampaignCsvRow From(CampaignView c) => new(c.Id, c.Template, c.Text, c.Target, c.Schedule, c.Pin, c.ExpiresAt, c.Status,
        c.CreatedBy, c.CreatedAt, c.Targeted, c.Sent, c.Failed, c.Skipped, c.DryRun, c.Pending, c.Reach, c.Runs.Count);
}

public sealed record TemplateView(string Name, string Language, string? Title, IReadOnlyList<string> Variables, string? Error);

/// <summary>
/// The body of <c>POST /api/v1/campaigns</c>. An alert is not in it: urgent alerts are <c>/alert</c>'s, which confirms the number
/// or link first.
/// </summary>
public sealed record CampaignBody(
    string? Template, string? Text, string? Target, string? Schedule, bool Pin = false, string? ExpiresAt = null,
    string? OfficerName = null, string? OfficerPhone = null)
{
    public CampaignRequest ToRequest() => new(Template, Text, Target, Schedule, Pin, ExpiresAt, OfficerName, OfficerPhone);
}

public sealed record PreviewRequest(string? Template, string? Text, long? ChatId);

/// <summary>The answer to <c>POST /api/v1/campaigns/preview</c>: the text as the group would get it.</summary>
public sealed record PreviewView(string Text, string? Title, int Length);

public static class CampaignsApi
{
    internal static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Campaigns");
        api.MapGet("/templates", ListTemplates).WithName(nameof(ListTemplates)).RequireRole(Role.Officer)
            .WithSummary("Warning templates with their variables; ?format=csv");
        api.MapPost("/campaigns", CreateCampaign).WithName(nameof(CreateCampaign)).RequireRole(Role.Officer)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity).WithSummary("Create a campaign: template or text, target, schedule, pin, expiry; a retry with the same Idempotency-Key makes none again");
        api.MapGet("/campaigns", ListCampaigns).WithName(nameof(ListCampaigns)).RequireRole(Role.Officer)
            .WithSummary("Campaigns, newest first, with status and counts; ?format=csv");
        api.MapGet("/campaigns/{id:long}", GetCampaign).WithName(nameof(GetCampaign)).RequireRole(Role.Officer)
            .ProducesProblem(StatusCodes.Status404NotFound).WithSummary("Status and delivery counts per run");
        api.MapPost("/campaigns/{id:long}/cancel", CancelCampaign).WithName(nameof(CancelCampaign)).RequireRole(Role.Officer)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Cancel: every delivery not yet sent stops");
        api.MapPost("/campaigns/preview", PreviewCampaign).WithName(nameof(PreviewCampaign)).RequireRole(Role.Officer)
            .WithSummary("The text as that group would get it");
    }

    public static Results<Ok<IEnumerable<TemplateView>>, CsvList<TemplateView>> ListTemplates(HttpContext http, WarningRenderer renderer)
    {
        var rows = renderer.Catalog.List().Select(t => new TemplateView(t.Name, t.Language, t.Title, t.Variables, t.Error));
        return http.WantsCsv() ? new CsvList<TemplateView>(rows, "templates") : TypedResults.Ok(rows);
    }

    /// <summary>
    /// Creates a campaign. With an <c>Idempotency-Key</c> header, a request sent again with the same key by the same caller
    /// (a script retrying after a timeout) answers with the campaign the first made, which is neither stored nor sent twice;
    /// the same key with another template, text or target is refused (422).
    /// </summary>
    public static async Task<Results<Created<CampaignView>, ValidationProblem, ProblemHttpResult>> CreateCampaign(
        CampaignBody? request, CampaignService campaigns, CampaignViews views, HttpContext http,
        [FromHeader(Name = IdempotencyHeader)] string? idempotencyKey, CancellationToken ct)
    {
        if (request is null)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["Send {template | text, target, schedule, pin, expiresAt}."] });
        if (idempotencyKey is not null && !IsIdempotencyKey(idempotencyKey))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [IdempotencyHeader] = [$"Use 1 to {MaxIdempotencyKey} visible ASCII characters."] });
        var actor = http.User.Identity?.Name ?? "api";
        var outcome = await campaigns.CreateAsync(request.ToRequest() with { RequestKey = idempotencyKey is null ? null : $"api:{actor}:{idempotencyKey}" }, actor, ct);
        if (outcome.Campaign is not { } campaign)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [outcome.Field!] = [outcome.Error!] }, title: outcome.Error);
        if (idempotencyKey is not null && !outcome.Created && !SameRequest(campaign, request))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency-Key already used",
                detail: $"The key made campaign {campaign.Id} with another template, text or target; use a new key for a new campaign.");
        }

        return TypedResults.Created($"/api/v1/campaigns/{campaign.Id}", (await views.ViewsAsync([campaign], ct))[0]);
    }

    internal const string IdempotencyHeader = "Idempotency-Key";
    const int MaxIdempotencyKey = 200;

    static bool IsIdempotencyKey(string key) => key.Length is > 0 and <= MaxIdempotencyKey && key.All(c => c is > ' ' and <= '~');

    static bool SameRequest(Campaign campaign, CampaignBody request) =>
        campaign.Template == request.Template && campaign.Body == request.Text?.Trim() && campaign.Target == request.Target?.Trim();

    /// <summary>The newest campaigns first: 200 unless <c>limit</c> says otherwise; <c>from</c> and <c>to</c> reach older ones.</summary>
    public static async Task<Results<Ok<IReadOnlyList<CampaignView>>, CsvList<CampaignCsvRow>, ValidationProblem>> ListCampaigns(
        HttpContext http,
        [Description("Only campaigns made on or after this day, yyyy-MM-dd in FraudWatch__TimeZone (default: no limit).")] string? from,
        [Description("Only campaigns made on or before this day, yyyy-MM-dd in FraudWatch__TimeZone (default: no limit).")] string? to,
        [Description("Most campaigns to answer, newest first, 1-5000 (default 200).")] int? limit,
        CampaignStore store, CampaignViews views, IOptions<FraudWatchOptions> options, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var fromDay = QueryDays.Parse(from, "from", errors);
        var toDay = QueryDays.Parse(to, "to", errors);
        QueryDays.RequireOrder(fromDay, toDay, errors);
        if (limit is < 1 or > 5000)
            errors["limit"] = ["1-5000."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        var zone = options.Value.Zone;
        var campaigns = await store.ListAsync(limit ?? 200, ct,
            fromDay is { } f ? QueryDays.StartUtc(f, zone) : null, toDay is { } t ? QueryDays.StartUtc(t.AddDays(1), zone) : null);
        var list = await views.ViewsAsync(campaigns, ct);
        return http.WantsCsv() ? new CsvList<CampaignCsvRow>(list.Select(CampaignCsvRow.From), "campaigns") : TypedResults.Ok(list);
    }

    public static async Task<Results<Ok<CampaignView>, ProblemHttpResult>> GetCampaign(long id, CampaignStore store, CampaignViews views, CancellationToken ct) =>
        await store.GetAsync(id, ct) is { } campaign
            ? TypedResults.Ok((await views.ViewsAsync([campaign], ct))[0])
            : TypedResults.Problem(statusCode: 404, title: "Unknown campaign", detail: $"No campaign {id}; GET /api/v1/campaigns lists them.");

    public static async Task<Results<Ok<CampaignView>, ProblemHttpResult>> CancelCampaign(
        long id, CampaignService campaigns, CampaignStore store, CampaignViews views, HttpContext http, CancellationToken ct)
    {
        var cancelled = await campaigns.CancelAsync(id, http.User.Identity?.Name ?? "api", ct);
        if (cancelled is null)
            return TypedResults.Problem(statusCode: 404, title: "Unknown campaign", detail: $"No campaign {id}.");
        var campaign = (await store.GetAsync(id, ct))!;
        if (cancelled == false)
            return TypedResults.Problem(statusCode: 409, title: "Not cancellable", detail: $"Campaign {id} is already {campaign.Status}.");
        return TypedResults.Ok((await views.ViewsAsync([campaign], ct))[0]);
    }

    public static async Task<Results<Ok<PreviewView>, ValidationProblem>> PreviewCampaign(PreviewRequest? request, CampaignService campaigns, CancellationToken ct)
    {
        var (result, field, error) = await campaigns.PreviewAsync(request?.Template, request?.Text, request?.ChatId, ct);
        if (result is null)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field!] = [error!] }, title: error);
        if (!result.Ok)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [request?.Template is null ? "text" : "template"] = [result.Error!] }, title: result.Error);
        return TypedResults.Ok(new PreviewView(result.Text!, result.Title, result.Text!.Length));
    }
}

/// <summary>Campaigns with their runs, counts and next run, as the API, the console and /campaigns show them.</summary>
public sealed class CampaignViews(CampaignStore store, DeliveryStore deliveries, TimeProvider clock, IOptions<FraudWatchOptions> options)
{
    public async Task<IReadOnlyList<CampaignView>> ViewsAsync(IReadOnlyList<Campaign> campaigns, CancellationToken ct)
    {
        var runs = await store.RunsAsync([.. campaigns.Select(c => c.Id)], ct);
        var counts = (await deliveries.CountsAsync([.. runs.Select(r => r.Id)], ct)).ToDictionary(c => c.RunId);
        return campaigns.Select(c =>
        {
            var own = runs.Where(r => r.CampaignId == c.Id).Select(r =>
            {
                var n = counts[r.Id];
                return new RunView(r.Id, r.OccurrenceAt, r.Status, r.Targeted, n.Sent, n.Failed, n.Skipped, n.DryRun, n.Pending, n.Cancelled, n.Reach, r.StartedAt, r.FinishedAt);
            }).ToList();
            return new CampaignView(c.Id, c.Template, c.Body, c.Target, c.Schedule, c.TimeZone, NextRunAt(c, own.Count > 0), c.Pin, c.ExpiresAt, c.Status,
                c.CreatedBy, c.CreatedAt, own.Sum(r => r.Targeted), own.Sum(r => r.Sent), own.Sum(r => r.Failed), own.Sum(r => r.Skipped),
                own.Sum(r => r.DryRun), own.Sum(r => r.Pending), own.Sum(r => r.Reach), own);
        }).ToList();
    }

    /// <summary>
    /// An "at" campaign's time until its run starts; a cron's next firing (Cronos, as Hangfire fires it) in the zone the
    /// campaign was made in, unless it is at or past the expiry; in that zone's offset.
    /// </summary>
    DateTimeOffset? NextRunAt(Campaign c, bool hasRun)
    {
        if (c.Status is not ("scheduled" or "running"))
            return null;
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(c.TimeZone, out var own) ? own : options.Value.Zone;
        DateTimeOffset? next = c.ScheduleKind switch
        {
            "at" when !hasRun && c.RunAt is { } at => new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)),
            "cron" when c.Cron is { } cron => Schedule.NextFiring(cron, clock.GetUtcNow(), zone),
            _ => null,
        };
        if (next is not { } when || (c.ExpiresAt is { } expires && when.UtcDateTime >= expires))
            return null;
        return TimeZoneInfo.ConvertTime(when, zone);
    }
}
