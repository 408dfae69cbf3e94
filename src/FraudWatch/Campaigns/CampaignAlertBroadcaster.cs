using FraudWatch.Reports;

namespace FraudWatch.Campaigns;

/// <summary>
/// /alert through the broadcast engine: an urgent_alert campaign, pinned, starting now, so the alert
/// gets delivery records, the shared rate limits and resumption after a crash like any campaign.
/// </summary>
public sealed class CampaignAlertBroadcaster(CampaignService campaigns, CampaignStore store) : IAlertBroadcaster
{
    public async Task<AlertResult> BroadcastAsync(string value, string kind, string target, string? note, string actor, CancellationToken ct, string? requestKey = null)
    {
        var request = new CampaignRequest("urgent_alert", null, target, "now", Pin: true, Alert: new AlertModel(value, kind, note ?? ""), RequestKey: requestKey);
        var created = await campaigns.CreateAsync(request, actor, ct);
        if (created.Campaign is not { } campaign)
            return new AlertResult(0, created.Error);
        var targeted = created.Run?.Targeted ?? await store.CountMatchingAsync(TargetSpec.Parse(target, out _)!, ct);
        // Delivery happens in the engine; the officer gets the campaign number to follow it with /campaigns.
        return new AlertResult(targeted, created.Run?.NotStarted, campaign.Id);
    }
}
