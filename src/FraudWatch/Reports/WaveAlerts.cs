using FraudWatch.Groups;
using FraudWatch.Telegram;
using FraudWatch.Waves;

namespace FraudWatch.Reports;

/// <summary>
/// Posts wave alerts to the duty group. The join that raises an alert queues it in the same statement
/// (<see cref="WaveStore.ClaimAlertsAsync"/>); the joiner then posts it at once (<see cref="PostAsync"/>), and this worker posts
/// whatever a process that died left queued: at start, when another instance wakes it, or on its poll. An alert whose
/// post failed, or that no duty group could take, waits in the queue (for two days). Claimed with a lease that is renewed
/// while it posts: a process that dies between its post and the record of it posts that alert again, once.
/// </summary>
public sealed class WaveAlerts(WaveStore waves, GroupStore groups, ChatSender sender, ChatLanguage languages, ILogger<WaveAlerts> logger)
    : QueueWorker(Signal, logger, poll: TimeSpan.FromSeconds(30))
{
    const int Batch = 8;
    static readonly QueueSignal Signal = new(lanes: 1);

    /// <summary>How long a claim whose instance died (or whose post failed) holds its alerts; tests shorten it.</summary>
    internal TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(1);

    public static void Wake() => Signal.WakeAll();

    protected internal override async Task<bool> ProcessNextAsync(int lane, CancellationToken ct) => await PostAsync([], ct) > 0;

    /// <summary>Posts the queued alerts of these waves (of any wave, when empty) that no one else holds; returns how many it claimed.</summary>
    public async Task<int> PostAsync(IReadOnlyList<long> waveIds, CancellationToken ct)
    {
        if (await groups.GetDutyAsync(ct) is not { } duty)
            return 0;
        var lease = Lease;
        var claimed = await waves.ClaimAlertsAsync(lease, Batch, waveIds, ct);
        if (claimed.Count == 0)
            return 0;

        await using var claim = LeaseRenewal.Start(QueueClaim.Of([.. claimed.Select(a => (a.WaveId, a.ClaimedAt))]), lease, waves.RenewAlertClaimAsync, logger, ct);
        var lang = languages.OfGroup(duty.Language);
        foreach (var alert in claimed.OrderBy(a => a.WaveId))
        {
            if (!claim.Holds(alert.WaveId))
                continue;
            var text = ReportText.WaveAlert(alert.WaveId, alert.Reports, alert.Villages, lang);
            Button[] button = [new(ReportText.WaveButton(lang), $"{WaveDesk.CallbackPrefix}{alert.WaveId}")];
            // Sent, or kept in the reply outbox for the duty group's minute: either way it is on its way, once.
            var sent = await sender.ReplyAsync(duty.ChatId, text, buttons: [button], ct: ct);
            if (sent.Status is SendStatus.Failed or SendStatus.Left)
                logger.LogWarning("Wave {WaveId} alert to the duty group failed, tried again after the lease: {Error}", alert.WaveId, sent.Error);
            else
                await waves.AlertPostedAsync(alert.WaveId, ct);
        }

        if (claimed.Count == Batch)
            Wake(); // more may wait: the worker takes them
        return claimed.Count;
    }
}
