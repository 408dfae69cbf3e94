namespace FraudWatch.Broadcasting;

/// <summary>
/// The arithmetic of the global limiter, kept pure for tests. Sends are spaced one interval apart on a
/// shared timeline (GCRA); a little headroom absorbs the jitter between a slot and the request reaching
/// Telegram, so any sliding second holds at most the configured number of sends.
/// </summary>
public static class SlotMath
{
    /// <summary>Fraction of the configured rate kept back for jitter.</summary>
    public const double Headroom = 0.04;

    /// <summary>A slot more than this late is forfeited rather than sent in a burst with later ones.</summary>
    public static readonly TimeSpan LateTolerance = TimeSpan.FromMilliseconds(15);

    public static TimeSpan Interval(int messagesPerSecond) =>
        TimeSpan.FromTicks((long)Math.Ceiling(TimeSpan.TicksPerSecond / (messagesPerSecond * (1 - Headroom))));

    /// <summary>
    /// How many slots to lease at once: enough for the waiting sends and at least a fiftieth of a second's budget (one
    /// round trip per 20 ms at most), at most a tenth of a second's.
    /// </summary>
    public static int LeaseSize(int messagesPerSecond, int waiting) =>
        Math.Clamp(Math.Max(waiting, messagesPerSecond / 50), 1, Math.Max(1, messagesPerSecond / 10));

    /// <summary>The lease the database grants: it starts at the later of the next free slot, now and any pause.</summary>
    public static (DateTime Start, DateTime NextFree) Lease(DateTime nextSlot, DateTime now, DateTime pausedUntil, int count, TimeSpan interval)
    {
        var start = new DateTime(Math.Max(Math.Max(nextSlot.Ticks, now.Ticks), pausedUntil.Ticks), DateTimeKind.Utc);
        return (start, start + interval * count);
    }

    /// <summary>The most sends any window of <paramref name="window"/> can hold with slots this far apart and this much lateness.</summary>
    public static int MaxInWindow(TimeSpan interval, TimeSpan window, TimeSpan jitter) =>
        (int)((window + jitter).Ticks / interval.Ticks) + 1;
}

/// <summary>A run of leased slots, handed out in order; slots already too late are skipped.</summary>
public sealed class SlotLease(DateTime start, TimeSpan interval, int count)
{
    int next;

    public int Remaining => count - next;

    /// <summary>The time of the next usable slot, or null when the lease is used up.</summary>
    public DateTime? Take(DateTime now, TimeSpan lateTolerance)
    {
        while (next < count)
        {
            var at = start + (interval * next++);
            if (now - at <= lateTolerance)
                return at;
        }

        return null;
    }
}
