using FraudWatch.Telegram;
using Microsoft.Extensions.Options;

namespace FraudWatch.Reports;

/// <summary>
/// Posts new reports to the duty group in the background, so the duty group's send limit (about 20 messages a
/// minute) never holds up residents' reports. The queue is the reports not yet posted: every instance helps, and a
/// post claimed by an instance that died (or that failed) is tried again after the lease. The claim is renewed while its
/// batch is posted (<see cref="LeaseRenewal"/>), so a post waiting out the duty group's 429 is not posted again by another instance.
/// </summary>
public sealed class DutyPoster(DutyDesk desk, ReportStore reports, IOptions<ReportsOptions> options, ILogger<DutyPoster> logger)
    : QueueWorker(Signal, logger, poll: TimeSpan.FromSeconds(30))
{
    static readonly QueueSignal Signal = new(lanes: 1);

    int warnedWaiting;

    /// <summary>How long a claim whose instance died (or whose post failed) holds its reports; tests shorten it.</summary>
    internal TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(1);

    public static void Enqueue() => Signal.WakeAll();

    protected internal override async Task<bool> ProcessNextAsync(int lane, CancellationToken ct)
    {
        var lease = Lease;
        var claimed = await reports.ClaimDutyPostsAsync(lease, batch: 8, ct);
        if (claimed.Ids.Count == 0)
        {
            await WarnIfNowhereToGoAsync(ct);
            return false;
        }

        await using var claim = LeaseRenewal.Start(claimed, lease, reports.RenewDutyClaimAsync, logger, ct);
        foreach (var id in claimed.Ids.Order())
        {
            if (!claim.Holds(id) || await reports.GetAsync(id, ct) is not { DutyMessageId: null } report)
                continue;
            if (await reports.SkipDutyPostIfOverCapAsync(id, options.Value.DutyPostsPerReporterPerHour, ct))
            {
                logger.LogInformation("Report #{Id} not posted to the duty group: its reporter is over the hourly duty-post cap", id);
                continue;
            }

            var sent = await desk.PostAsync(report, ct);
            if (sent is { Status: SendStatus.Failed or SendStatus.Left })
                logger.LogWarning("Duty post for report #{Id} failed, tried again after the lease: {Error}", id, sent.Error);
        }

        return true;
    }

    /// <summary>Reports with no duty group to go to are not kept silently: the log says so each time more are waiting.</summary>
    async Task WarnIfNowhereToGoAsync(CancellationToken ct)
    {
        var waiting = await reports.CountDutyPostsWithNowhereToGoAsync(ct);
        if (waiting > warnedWaiting)
            logger.LogWarning("{Count} new reports wait for the duty group, but there is none (or the bot was removed from it): an officer sends /duty in the group that should get them", waiting);
        warnedWaiting = waiting;
    }
}
