using System.Globalization;
using FraudWatch.Audit;
using FraudWatch.Broadcasting;
using FraudWatch.Groups;
using Hangfire;
using Microsoft.Extensions.Options;

namespace FraudWatch.Campaigns;

/// <summary>
/// What an officer asks for, from HTTP or Telegram. <see cref="RequestKey"/> names the request (a command's chat and message, a
/// console form's key): the same request made again returns the campaign it made, which is neither stored nor sent twice.
/// </summary>
public sealed record CampaignRequest(
    string? Template, string? Text, string? Target, string? Schedule, bool Pin = false, string? ExpiresAt = null,
    string? OfficerName = null, string? OfficerPhone = null, AlertModel? Alert = null, string? RequestKey = null);

/// <summary>Either the campaign, or the field at fault and a one-line reason; nothing is created on error.</summary>
public sealed record CreateOutcome(Campaign? Campaign, string? Field, string? Error, RunStart? Run = null)
{
    /// <summary>False when the request was made before (same <see cref="CampaignRequest.RequestKey"/>) and this is its campaign.</summary>
    public bool Created { get; init; }
}

/// <summary>Creates, starts, cancels and previews campaigns. Hangfire only decides when a run starts.</summary>
public sealed class CampaignService(
    CampaignStore store, GroupStore groups, WarningRenderer renderer, AuditLog audit, IBackgroundJobClient jobs,
    IRecurringJobManager recurring, BroadcastEngine engine, IOptions<FraudWatchOptions> options, TimeProvider clock,
    ILogger<CampaignService> logger, TownshipStats townshipStats)
{
    readonly TimeZoneInfo zone = options.Value.Zone;

    public static string RecurringId(long campaignId) => $"campaign-{campaignId}";

    public async Task<CreateOutcome> CreateAsync(CampaignRequest request, string actor, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if ((request.Template is null) == (request.Text is null))
            return Refuse("template", "Give either a template name or your own text, not both.");
        if (request.Template is { } name && !renderer.Catalog.Exists(name))
            return Refuse("template", $"Unknown template '{name}'; see GET /api/v1/templates for the list.");
        if (request.Text is { } text && TemplateCatalog.FreeText(text) is { Ok: false } refused)
            return Refuse("text", refused.Error);
        if (TargetSpec.Parse(request.Target, out var targetError) is not { } target)
            return Refuse("target", targetError);
        if (Schedule.Parse(request.Schedule, zone, now, out var scheduleError) is not { } schedule)
            return Refuse("schedule", scheduleError);
        DateTime? expiresAt = null;
        if (!string.IsNullOrWhiteSpace(request.ExpiresAt))
        {
            if (ParseMoment(request.ExpiresAt) is not { } expiry)
                return Refuse("expiresAt", $"'{request.ExpiresAt}' is not a time: use yyyy-MM-dd HH:mm ({zone.Id}) or ISO 8601 with an offset.");
            // A cron's first firing counts as an "at"'s time does: a campaign that would expire before it never sends anything.
            var firstRun = schedule.Kind == ScheduleKind.Cron ? Schedule.NextFiring(schedule.Cron!, now, zone)?.UtcDateTime : schedule.RunAtUtc;
            if (expiry <= now.UtcDateTime || (firstRun is { } first && expiry <= first))
            {
                return Refuse("expiresAt", schedule.Kind == ScheduleKind.Now || firstRun is null
                    ? "The expiry is before the campaign would run; give a later one."
                    : $"The expiry is before the campaign's first run ({TimeZoneInfo.ConvertTimeFromUtc(firstRun.Value, zone):yyyy-MM-dd HH:mm} {zone.Id}); give a later one.");
            }

            expiresAt = expiry;
        }

        var samples = await store.FirstMatchingPerLanguageAsync(target, ct);
        if (samples.Count == 0)
            return Refuse("target", $"No active group matches '{request.Target}'; bind groups with /bind or check the names (GET /api/v1/groups).");
        // Each group gets the template from its own language's folder, so one that renders for an English group may be missing
        // or broken for the Chinese ones: every language the target reads is checked before anything is stored.
        foreach (var group in samples)
        {
            var sample = renderer.Render(request.Template, request.Text, group.Township, group.Village, group.Title, group.Language, request.OfficerName, request.OfficerPhone, request.Alert);
            if (!sample.Ok)
                return Refuse(request.Template is null ? "text" : "template", sample.Error);
        }

        var (campaign, created) = await store.InsertAsync(new NewCampaign(
            request.Template, request.Text?.Trim(), request.Target!.Trim(), schedule, ScheduleText(schedule), zone.Id, request.Pin,
            expiresAt, actor, request.OfficerName, request.OfficerPhone, request.RequestKey), request.Alert, ct);
        if (created)
        {
            await audit.WriteAsync(actor, "campaign.create", $"campaign:{campaign.Id}",
                new { campaign.Template, text = campaign.Body, campaign.Target, campaign.Schedule, campaign.Pin, campaign.ExpiresAt }, ct);
        }

        // A repeated request finishes what its first try may not have: starting a run is idempotent per occurrence, and
        // the recurring job is upserted; a lost "at" job is the sweeper's.
        RunStart? run = null;
        switch (campaign.ScheduleKind)
        {
            case "now":
                run = await StartRunAsync(campaign.Id, campaign.RunAt!.Value, ct);
                break;
            case "at" when created:
                jobs.Schedule<CampaignJobs>(j => j.StartScheduledAsync(campaign.Id, campaign.RunAt!.Value, CancellationToken.None), new DateTimeOffset(campaign.RunAt!.Value, TimeSpan.Zero));
                break;
            case "cron" when created || campaign.Status is "scheduled" or "running":
                recurring.AddOrUpdate<CampaignJobs>(RecurringId(campaign.Id), j => j.FireRecurringAsync(campaign.Id, null, CancellationToken.None),
                    campaign.Cron!, new RecurringJobOptions { TimeZone = zone });
                break;
        }

        return new(await store.GetAsync(campaign.Id, ct) ?? campaign, null, null, run) { Created = created };
    }

    public async Task<RunStart> StartRunAsync(long campaignId, DateTime occurrenceUtc, CancellationToken ct)
    {
        var start = await store.StartRunAsync(campaignId, occurrenceUtc, ct);
        if (start.RunId is { } runId)
        {
            logger.LogInformation("Campaign {CampaignId}: run {RunId} for {Occurrence:u} targets {Count} active groups", campaignId, runId, occurrenceUtc, start.Targeted);
            engine.Wake();
        }
        else
        {
            logger.LogInformation("Campaign {CampaignId}: no run for {Occurrence:u} ({Reason})", campaignId, occurrenceUtc, start.NotStarted);
            if (start.NotStarted is "campaign expired" or "campaign is cancelled" or "campaign is expired")
                recurring.RemoveIfExists(RecurringId(campaignId));
        }

        return start;
    }

    /// <summary>Expires the campaigns whose expiry has passed between runs, and removes their recurring jobs.</summary>
    public async Task ExpireDueAsync(CancellationToken ct)
    {
        foreach (var id in await store.ExpireDueAsync(ct))
        {
            recurring.RemoveIfExists(RecurringId(id));
            logger.LogInformation("Campaign {CampaignId} expired", id);
        }
    }

    public async Task<bool?> CancelAsync(long id, string actor, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is null)
            return null;
        var (cancelled, runIds) = await store.CancelAsync(id, ct);
        recurring.RemoveIfExists(RecurringId(id));
        if (!cancelled)
            return false;
        engine.MarkCancelled(runIds);
        await audit.WriteAsync(actor, "campaign.cancel", $"campaign:{id}", new { runs = runIds }, ct);
        logger.LogInformation("Campaign {CampaignId} cancelled by {Actor}", id, actor);
        return true;
    }

    /// <summary>The text as that group would get it; Error names what is wrong otherwise.</summary>
    public async Task<(RenderResult? Result, string? Field, string? Error)> PreviewAsync(string? template, string? text, long? chatId, CancellationToken ct,
        string sampleLanguage = TemplateCatalog.DefaultLanguage)
    {
        if ((template is null) == (text is null))
            return (null, "template", "Give either a template name or your own text, not both.");
        if (template is not null && !renderer.Catalog.Exists(template))
            return (null, "template", $"Unknown template '{template}'; see GET /api/v1/templates for the list.");
        if (chatId is null)
        {
            var sample = template is null ? TemplateCatalog.FreeText(text!) : renderer.Catalog.Render(template, sampleLanguage, TemplateVariables.Sample);
            return (sample, null, null);
        }

        // A chat id from before a supergroup upgrade (an old list, a recurring campaign's target) previews its supergroup.
        var group = await groups.GetCurrentAsync(chatId.Value, ct);
        if (group is null)
            return (null, "chatId", $"No group with chat id {chatId}; add the bot to it first.");
        return (renderer.Render(template, text, group.Township, group.Village, group.Title, group.Language, null, null,
            stats: await townshipStats.ThisMonthAsync(group.Township, ct)), null, null);
    }

    static CreateOutcome Refuse(string field, string? error) => new(null, field, error);

    /// <summary>
    /// A moment written without an offset ("2030-01-02 09:30", with seconds, with a "T", or a bare date for its midnight) is
    /// the county's local time (<c>FraudWatch__TimeZone</c>), as the schedule's "at" is; one with an offset or "Z" is that
    /// moment. Before the thirty-fifth session only the first form was read locally and the others as UTC, eight hours
    /// off in Asia/Shanghai. A local time the zone skips, or another form with no offset, is refused (null).
    /// </summary>
    DateTime? ParseMoment(string text)
    {
        if (DateTime.TryParseExact(text.Trim(), LocalForms, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            return zone.IsInvalidTime(local) ? null : Schedule.ToUtc(local, zone);
        // Any other form must carry its offset or "Z": with none ("2030-01-02 9:30", "2030/01/02 09:30") it would be read as
        // UTC, eight hours off in Asia/Shanghai, so it is refused.
        if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var written) || written.Kind == DateTimeKind.Unspecified)
            return null;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var moment) ? moment.UtcDateTime : null;
    }

    static readonly string[] LocalForms = ["yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd"];

    string ScheduleText(Schedule schedule) => schedule.Kind switch
    {
        ScheduleKind.At => $"at {TimeZoneInfo.ConvertTimeFromUtc(schedule.RunAtUtc!.Value, zone):yyyy-MM-dd HH:mm}",
        ScheduleKind.Cron => $"cron {schedule.Cron}",
        _ => "now",
    };
}
