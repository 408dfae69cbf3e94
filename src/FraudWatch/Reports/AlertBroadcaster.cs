namespace FraudWatch.Reports;

/// <summary>Outcome of an urgent alert broadcast: groups targeted, sent (or recorded in dry-run), failed.</summary>
public sealed record AlertResult(int Targeted, int Sent, int Failed, string? Error = null, long? CampaignId = null);

/// <summary>
/// Sends the <c>urgent_alert</c> template for a confirmed number or link to a target at once; implemented by the
/// campaign engine (Campaigns/CampaignAlertBroadcaster), so alerts get delivery records, rate limits and resumption.
/// </summary>
public interface IAlertBroadcaster
{
    Task<AlertResult> BroadcastAsync(string value, string kind, string target, string? note, long officerId, CancellationToken ct);
}
