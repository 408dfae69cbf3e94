using Npgsql;

namespace FraudWatch;

/// <summary>Wakes the lanes of a durable queue when work is stored, so a worker does not wait for its next poll.</summary>
public sealed class QueueSignal(int lanes)
{
    readonly TaskCompletionSource[] next = Enumerable.Range(0, lanes)
        .Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();

    public int Lanes => next.Length;

    internal Task Next(int lane) => Volatile.Read(ref next[lane]).Task;

    public void Wake(int lane) =>
        Interlocked.Exchange(ref next[lane], new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    public void WakeAll()
    {
        for (var lane = 0; lane < next.Length; lane++)
            Wake(lane);
    }
}

/// <summary>
/// The one shape of every worker over a PostgreSQL queue: each lane takes work (the store claims it with
/// FOR UPDATE SKIP LOCKED and a lease, so instances share the queue and a dead instance's work comes back) until
/// there is none, then sleeps until woken or until the poll finds work another instance stored. While the database
/// is down a lane backs off and tries again; it never dies.
/// </summary>
public abstract class QueueWorker(QueueSignal signal, ILogger logger, TimeSpan poll) : BackgroundService
{
    static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    protected QueueSignal Wakeup => signal;

    /// <summary>Takes and handles the next piece of work of the lane; false when there was none it could take.</summary>
    protected internal abstract Task<bool> ProcessNextAsync(int lane, CancellationToken ct);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, signal.Lanes).Select(lane => Task.Run(() => RunLaneAsync(lane, stoppingToken), stoppingToken)));

    async Task RunLaneAsync(int lane, CancellationToken ct)
    {
        var backoff = TimeSpan.Zero;
        while (!ct.IsCancellationRequested)
        {
            var next = signal.Next(lane);
            try
            {
                while (await ProcessNextAsync(lane, ct))
                    next = signal.Next(lane);
                backoff = TimeSpan.Zero;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException && !ct.IsCancellationRequested)
            {
                backoff = backoff == TimeSpan.Zero ? TimeSpan.FromSeconds(1) : TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, backoff.Ticks * 2));
                logger.LogWarning("{Worker} paused: database unavailable ({Error}); retrying in {Delay}", GetType().Name, e.Message, backoff);
                await Task.Delay(backoff, ct);
                continue;
            }

            try
            {
                await next.WaitAsync(poll, ct);
            }
            catch (TimeoutException)
            {
            }
        }
    }
}
