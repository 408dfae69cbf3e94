using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace FraudWatch.Broadcasting;

/// <summary>
/// Runs on every instance. Claims due deliveries from PostgreSQL in batches, sends them concurrently
/// (at most Broadcast__MaxInFlight between claim and recorded result), and records results in batches.
/// A sweep renews this instance's leases, returns lapsed ones, closes finished runs and logs progress,
/// so an unfinished broadcast resumes after a crash without any Hangfire retry. The sweep runs beside the
/// claims, never in their way: a claim that waited for it would leave the send slots of that moment unused.
/// </summary>
public sealed class BroadcastEngine(
    DeliveryStore store, DeliverySender sender, IRunCloser runs, IOptions<BroadcastOptions> options, ILogger<BroadcastEngine> logger)
    : QueueWorker(new QueueSignal(lanes: 1), logger, poll: IdlePoll)
{
    static readonly TimeSpan IdlePoll = TimeSpan.FromMilliseconds(500);
    static readonly TimeSpan SweepEvery = TimeSpan.FromSeconds(2);
    static readonly TimeSpan CancelCheckEvery = TimeSpan.FromMilliseconds(500);
    static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(5);
    static readonly TimeSpan ClaimLinger = TimeSpan.FromMilliseconds(10);
    static readonly TimeSpan WriteLinger = TimeSpan.FromMilliseconds(10);

    readonly string instance = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";
    readonly Channel<DeliveryResult> results = Channel.CreateUnbounded<DeliveryResult>(new UnboundedChannelOptions { SingleReader = true });
    readonly ConcurrentDictionary<long, Task> sending = new();
    SemaphoreSlim inFlight = null!;
    volatile HashSet<long> cancelledRuns = [];

    public string Instance => instance;

    /// <summary>Called when a run starts or is cancelled here, so this instance reacts without waiting for its poll.</summary>
    public void Wake() => Wakeup.WakeAll();

    public void MarkCancelled(IEnumerable<long> runIds) => cancelledRuns = [.. cancelledRuns, .. runIds];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        inFlight = new SemaphoreSlim(MaxInFlight(o), MaxInFlight(o));
        var writer = Task.Run(() => WriteResultsAsync(stoppingToken), CancellationToken.None);
        var housekeeping = Task.Run(() => HousekeepAsync(stoppingToken), CancellationToken.None);
        logger.LogInformation("Broadcast engine {Instance}: {Rate} msg/s overall, {PerGroup}/min per group, {InFlight} in flight{DryRun}",
            instance, o.MessagesPerSecond, o.GroupMessagesPerMinute, o.MaxInFlight, sender.DryRun ? ", dry-run" : "");
        try
        {
            await base.ExecuteAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            // Sends already started finish and are recorded; claims still waiting for a slot go back now.
            await Task.WhenAll(sending.Values);
            results.Writer.TryComplete();
            await writer;
            await housekeeping;
        }
    }

    // One lane: the engine claims in batches and sends them concurrently, up to Broadcast__MaxInFlight.
    /// <summary>Claims and dispatches what it can; false when there was nothing to claim.</summary>
    protected internal override async Task<bool> ProcessNextAsync(int lane, CancellationToken ct)
    {
        try
        {
            return await ClaimAndDispatchAsync(TimeSpan.FromSeconds(options.Value.LeaseSeconds), ct) != 0;
        }
        catch (Exception e) when (e is not (OperationCanceledException or Npgsql.NpgsqlException or TimeoutException))
        {
            logger.LogError(e, "Broadcast engine loop failed; retrying in a second");
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
            return false;
        }
    }

    /// <summary>
    /// The engine's own housekeeping, each on its cadence: the cancel check, the sweep (leases and finished runs) and
    /// progress. A failure is logged and tried again at the next turn; claims and sends go on meanwhile.
    /// </summary>
    async Task HousekeepAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(CancelCheckEvery);
        var sweepEvery = (int)(SweepEvery / CancelCheckEvery);
        var progressEvery = (int)(ProgressEvery / CancelCheckEvery);
        try
        {
            // The first turn sweeps at once, so claims a crashed instance left behind go back without waiting.
            for (var turn = 0; ; turn++)
            {
                try
                {
                    cancelledRuns = [.. await store.CancelledRunsAsync(ct)];
                    if (turn % sweepEvery == 0)
                        await SweepAsync(TimeSpan.FromSeconds(options.Value.LeaseSeconds), ct);
                    if (turn % progressEvery == progressEvery - 1)
                        await LogProgressAsync(ct);
                }
                catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException && !ct.IsCancellationRequested)
                {
                    logger.LogWarning("Broadcast housekeeping paused: database unavailable ({Error}); trying again shortly", e.Message);
                }
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    logger.LogError(e, "Broadcast housekeeping failed; trying again shortly");
                }

                if (!await timer.WaitForNextTickAsync(ct))
                    break;
            }
        }
        catch (Exception) when (ct.IsCancellationRequested)
        {
            // Stopping: whatever the last turn was doing is done again by the next instance's first sweep.
        }
    }

    /// <summary>
    /// Claims beyond about a second of sending would only wait for slots (and for a cancel to catch them),
    /// so slow rates claim less. This is also the bound on duplicates after a crash.
    /// </summary>
    public static int MaxInFlight(BroadcastOptions o) => Math.Clamp(o.MessagesPerSecond, 2, o.MaxInFlight);

    async Task<int> ClaimAndDispatchAsync(TimeSpan lease, CancellationToken ct)
    {
        if (!await inFlight.WaitAsync(IdlePoll, ct))
            return -1; // all permits busy: try again (the lane's loop also notices shutdown)
        var permits = 1;
        var o = options.Value;
        var batch = MaxInFlight(o);
        while (permits < batch && inFlight.Wait(0, CancellationToken.None))
            permits++;
        // A claim costs a round trip whatever its size: while sends are under way, let a few more finish first, so a fast
        // broadcast claims dozens at a time instead of a handful (about a fiftieth of a second's sends, at most 10 ms).
        var enough = Math.Min(batch, Math.Max(1, o.MessagesPerSecond / 50));
        if (permits < enough && !sending.IsEmpty)
        {
            var until = Environment.TickCount64 + (long)ClaimLinger.TotalMilliseconds;
            long left;
            while (permits < enough && (left = until - Environment.TickCount64) > 0 && await inFlight.WaitAsync(TimeSpan.FromMilliseconds(left), ct))
                permits++;
        }

        IReadOnlyList<ClaimedDelivery> claimed;
        try
        {
            claimed = await store.ClaimAsync(instance, permits, lease, o.GroupMessagesPerMinute, ct);
        }
        catch
        {
            inFlight.Release(permits);
            throw;
        }

        if (permits > claimed.Count)
            inFlight.Release(permits - claimed.Count);
        foreach (var delivery in claimed)
        {
            var task = Task.Run(() => DeliverAsync(delivery, ct), CancellationToken.None);
            sending[delivery.Id] = task;
            _ = task.ContinueWith(t => sending.TryRemove(delivery.Id, out _), TaskScheduler.Default);
        }

        return claimed.Count;
    }

    async Task DeliverAsync(ClaimedDelivery delivery, CancellationToken ct)
    {
        DeliveryResult result;
        try
        {
            result = cancelledRuns.Contains(delivery.RunId)
                ? new DeliveryResult(delivery.Id, "cancelled", delivery.ChatId)
                : await sender.SendAsync(delivery, () => cancelledRuns.Contains(delivery.RunId), ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            result = new DeliveryResult(delivery.Id, "pending", delivery.ChatId, AttemptsDelta: -1); // never sent: back to the queue
        }
        catch (Exception e)
        {
            logger.LogError(e, "Delivery {Id} to {ChatId} failed unexpectedly", delivery.Id, delivery.ChatId);
            result = new DeliveryResult(delivery.Id, "failed", delivery.ChatId, Error: e.Message);
        }

        results.Writer.TryWrite(result);
    }

    /// <summary>
    /// One statement per batch of results; a permit is returned only once its result is stored. The sends already
    /// happened, so a database outage is waited out however long it lasts; only at shutdown does the writer give up,
    /// and those deliveries return when their lease lapses.
    /// </summary>
    async Task WriteResultsAsync(CancellationToken stopping)
    {
        var batch = new List<DeliveryResult>(256);
        while (await results.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < 500 && results.Reader.TryRead(out var r))
                batch.Add(r);
            // Likewise one statement records any number of results: while more sends are finishing, wait a moment for them.
            if (batch.Count < 50 && sending.Count > batch.Count)
            {
                await Task.Delay(WriteLinger, CancellationToken.None);
                while (batch.Count < 500 && results.Reader.TryRead(out var r))
                    batch.Add(r);
            }
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    await store.RecordAsync(instance, batch, CancellationToken.None);
                    break;
                }
                catch (Exception e) when (!stopping.IsCancellationRequested || attempt < 3)
                {
                    logger.LogWarning("Could not record {Count} delivery results ({Error}); retrying", batch.Count, e.Message);
                    await Task.Delay(TimeSpan.FromMilliseconds(250 * Math.Min(8, attempt + 1)), CancellationToken.None);
                }
                catch (Exception e)
                {
                    logger.LogError("Shutting down with {Count} delivery results unrecorded ({Error}); their lease lapses and they are sent again", batch.Count, e.Message);
                    break;
                }
            }

            inFlight.Release(batch.Count);
            if (batch.Any(r => r.Status == "pending"))
                Wake();
            batch.Clear();
        }
    }

    async Task SweepAsync(TimeSpan lease, CancellationToken ct)
    {
        var recovered = await store.RenewAndRecoverAsync(instance, lease, ct);
        if (recovered > 0)
            logger.LogWarning("Returned {Count} deliveries whose instance stopped renewing its claim; they will be sent again", recovered);
        var finished = await runs.FinishRunsAsync(ct);
        if (finished.Count > 0)
        {
            foreach (var c in await store.CountsAsync([.. finished], ct))
                logger.LogInformation("Run {RunId} finished: {Sent} sent, {DryRun} dry-run, {Failed} failed, {Skipped} skipped, {Cancelled} cancelled of {Targeted}; reach {Reach}",
                    c.RunId, c.Sent, c.DryRun, c.Failed, c.Skipped, c.Cancelled, c.Targeted, c.Reach);
        }
    }

    async Task LogProgressAsync(CancellationToken ct)
    {
        var running = await store.RunningRunsAsync(ct);
        if (running.Count == 0)
            return;
        foreach (var c in await store.CountsAsync([.. running], ct))
            logger.LogInformation("Run {RunId}: {Sent} sent, {DryRun} dry-run, {Failed} failed, {Skipped} skipped, {Pending} pending of {Targeted}",
                c.RunId, c.Sent, c.DryRun, c.Failed, c.Skipped, c.Pending, c.Targeted);
    }
}
