using System.Collections.Concurrent;

namespace FraudWatch.Telegram;

public enum FloodCount
{
    Allowed,
    /// <summary>The first one over the limit: say so once.</summary>
    Over,
    /// <summary>Further ones within the minute: say nothing.</summary>
    Silent,
}

/// <summary>
/// A per-user sliding minute, in memory: cheap enough to run before anything touches the database. It counts per
/// instance; with several instances one user's chat is handled by one lane of one instance at a time anyway.
/// </summary>
public sealed class FloodGate(int perMinute)
{
    readonly ConcurrentDictionary<long, Queue<long>> recent = new();

    public FloodCount Count(long userId)
    {
        var now = Environment.TickCount64;
        var times = recent.GetOrAdd(userId, _ => new Queue<long>());
        lock (times)
        {
            while (times.Count > 0 && now - times.Peek() > 60_000)
                times.Dequeue();
            times.Enqueue(now);
            if (recent.Count > 100_000)
                Sweep(now);
            return times.Count <= perMinute ? FloodCount.Allowed : times.Count == perMinute + 1 ? FloodCount.Over : FloodCount.Silent;
        }
    }

    /// <summary>Forgets users who have been quiet for a minute, so memory stays bounded.</summary>
    void Sweep(long now)
    {
        foreach (var (user, times) in recent)
        {
            if (Monitor.TryEnter(times))
            {
                try
                {
                    if (times.Count == 0 || now - times.Last() > 60_000)
                        recent.TryRemove(user, out _);
                }
                finally
                {
                    Monitor.Exit(times);
                }
            }
        }
    }
}
