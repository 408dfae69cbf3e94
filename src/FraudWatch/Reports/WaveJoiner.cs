namespace FraudWatch.Reports;

/// <summary>
/// Joins reports to their scam waves in the background, many at a time: the reports whose answer waited for
/// Telegram's limits (a burst), so intake never waits for the join. A report answered at once joined its wave before
/// its answer, and a queued answer joins its report (if this worker has not yet) before it is sent, so every answer
/// names the spread. Works from the database: every instance helps, and a batch claimed by an instance that died is
/// taken again after the lease (joining twice changes nothing).
/// </summary>
public sealed class WaveJoiner(ReportStore reports, WaveDesk waves, ILogger<WaveJoiner> logger)
    : QueueWorker(Signal, logger, poll: TimeSpan.FromSeconds(5))
{
    const int Batch = 200;
    static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);
    // A join costs about the same for one report as for a batch: after a short batch, let a burst gather a little first.
    static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(100);
    static readonly QueueSignal Signal = new(lanes: 1);
    bool backlog;

    public static void Enqueue() => Signal.WakeAll();

    protected internal override async Task<bool> ProcessNextAsync(int lane, CancellationToken ct)
    {
        if (!backlog)
            await Task.Delay(Gather, ct);
        var claimed = await reports.ClaimWaveJoinsAsync(Lease, Batch, ct);
        backlog = claimed.Count == Batch;
        if (claimed.Count == 0)
            return false;
        await waves.JoinAllAsync(claimed, await reports.IndicatorsAsync([.. claimed.Select(r => r.Id)], ct), ct);
        await reports.WavesJoinedAsync([.. claimed.Select(r => r.Id)], ct);
        return true;
    }
}
