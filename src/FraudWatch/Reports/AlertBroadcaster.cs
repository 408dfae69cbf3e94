namespace FraudWatch.Reports;

/// <summary>An urgent alert handed to the campaign engine: the groups it targets and its campaign (delivery is followed there), or why not.</summary>
public sealed record AlertResult(int Targeted, string? Error = null, long? CampaignId = null);

/// <summary>
/// Sends the <c>urgent_alert</c> template for a confirmed number or link to a target at once; implemented by the
/// campaign engine (Campaigns/CampaignAlertBroadcaster), so alerts get delivery records, rate limits and resumption.
/// </summary>
public interface IAlertBroadcaster
{
    /// <param name="actor">Who sent it, as the audit log names people: <c>tg:&lt;user id&gt;</c> or the console's key.</param>
    /// <param name="requestKey">Names the request (a command's chat and message): made again, it returns the alert it made and sends nothing twice.</param>
    Task<AlertResult> BroadcastAsync(string value, string kind, string target, string? note, string actor, CancellationToken ct, string? requestKey = null);
}
