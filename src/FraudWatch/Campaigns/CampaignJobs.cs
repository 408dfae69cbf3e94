using Hangfire;
using Hangfire.Server;

namespace FraudWatch.Campaigns;

/// <summary>The Hangfire side: each job only starts one run; the sending is the broadcast engine's.</summary>
public sealed class CampaignJobs(CampaignService campaigns, TimeProvider clock)
{
    [AutomaticRetry(Attempts = 5)]
    public Task StartScheduledAsync(long campaignId, DateTime occurrenceUtc, CancellationToken ct) =>
        campaigns.StartRunAsync(campaignId, occurrenceUtc, ct);

    /// <summary>
    /// One firing of a recurring campaign. Its occurrence is the moment Hangfire created this background job,
    /// so a retry of the same firing finds its run while every new firing (or manual trigger) gets its own.
    /// </summary>
    [AutomaticRetry(Attempts = 5)]
    public Task FireRecurringAsync(long campaignId, PerformContext? context, CancellationToken ct)
    {
        var occurrence = context?.BackgroundJob.CreatedAt ?? clock.GetUtcNow().UtcDateTime;
        return campaigns.StartRunAsync(campaignId, DateTime.SpecifyKind(occurrence, DateTimeKind.Utc), ct);
    }
}
