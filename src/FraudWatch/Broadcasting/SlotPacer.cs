namespace FraudWatch.Broadcasting;

/// <summary>A send waiting for a global slot; completed with the slot's time.</summary>
/// <remarks>
/// Continuations run on the thread pool, not on the pacing thread: the send checks its own lateness there, so a
/// stalled pool forfeits the slot instead of bunching sends (run inline, the fake Bot API counted violations).
/// </remarks>
public sealed class SlotWaiter(DateTime enqueuedAt) : TaskCompletionSource<DateTime>(TaskCreationOptions.RunContinuationsAsynchronously)
{
    public DateTime EnqueuedAt { get; } = enqueuedAt;
}

/// <summary>What the pacing thread does next: sleep until <see cref="NextSlot"/> (null: until woken), and lease this many slots.</summary>
public readonly record struct PacerStep(DateTime? NextSlot, int LeaseWanted);

/// <summary>
/// Hands this instance's leased slots to waiting sends: at each slot's time one waiting send, in arrival order. A slot
/// reached more than <see cref="SlotMath.LateTolerance"/> late, or before a pause ends, is forfeited; a slot with nobody
/// waiting goes unused (never saved for later). Pure: the caller passes the clock, so tests drive it with any times.
/// </summary>
public sealed class SlotPacer(int messagesPerSecond)
{
    readonly Lock sync = new();
    readonly Queue<SlotWaiter> waiters = new();
    readonly Queue<SlotLease> leases = new();
    DateTime pausedUntil = DateTime.MinValue;
    bool leasing;

    /// <summary>Queues a send; <paramref name="ahead"/> is how many were already waiting (the pacing thread needs a wake when 0).</summary>
    public SlotWaiter Enqueue(DateTime now, out int ahead)
    {
        var waiter = new SlotWaiter(now);
        lock (sync)
        {
            ahead = waiters.Count;
            waiters.Enqueue(waiter);
        }

        return waiter;
    }

    /// <summary>A lease arrived from the shared timeline.</summary>
    public void Add(SlotLease lease)
    {
        lock (sync)
        {
            leases.Enqueue(lease);
            leasing = false;
        }
    }

    /// <summary>The lease could not be had: the sends waiting now are handed back (to fail them) and the next one asks again.</summary>
    public List<SlotWaiter> LeaseFailed()
    {
        lock (sync)
        {
            leasing = false;
            var failed = waiters.ToList();
            waiters.Clear();
            return failed;
        }
    }

    /// <summary>Telegram asked to pause: slots already leased are dropped, and any slot before the pause's end is forfeited.</summary>
    public void Pause(DateTime until)
    {
        lock (sync)
        {
            leases.Clear();
            if (until > pausedUntil)
                pausedUntil = until;
        }
    }

    /// <summary>
    /// Releases every slot due at <paramref name="now"/> to one waiting send each, into <paramref name="released"/>;
    /// the caller completes them outside the lock.
    /// </summary>
    public PacerStep Release(DateTime now, List<(SlotWaiter Waiter, DateTime At)> released)
    {
        lock (sync)
        {
            DateTime? next = null;
            while (leases.TryPeek(out var lease))
            {
                if (lease.Next is not { } at)
                {
                    leases.Dequeue();
                    continue;
                }

                if (at > now)
                {
                    next = at;
                    break;
                }

                lease.Advance();
                if (now - at > SlotMath.LateTolerance || at < pausedUntil)
                    continue;
                if (NextLiveWaiter() is { } waiter)
                    released.Add((waiter, at));
            }

            return new PacerStep(next, LeaseWanted());
        }
    }

    SlotWaiter? NextLiveWaiter()
    {
        while (waiters.TryDequeue(out var waiter))
        {
            if (!waiter.Task.IsCompleted)
                return waiter;
        }

        return null;
    }

    // Leases ahead (when half a lease is left) so the database round trip never holds a slot up; only while sends wait.
    int LeaseWanted()
    {
        while (waiters.TryPeek(out var first) && first.Task.IsCompleted)
            waiters.Dequeue();
        if (leasing || waiters.Count == 0)
            return 0;
        var size = SlotMath.LeaseSize(messagesPerSecond, waiters.Count);
        if (leases.Sum(l => l.Remaining) * 2 > size)
            return 0;
        leasing = true;
        return size;
    }
}
