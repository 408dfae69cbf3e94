using System.Diagnostics;

namespace FraudWatch.IntegrationTests.FakeTelegram;

/// <summary>
/// Notices when the test process's thread pool falls behind: a loop on it that asks to wake every 5 ms and records each
/// wake that came more than 20 ms late (the machine's cores busy with other tests, a GC pause). The product's sends and the
/// fake's handlers run on that same pool, in this same process, so such a lag holds sends that the product paced and hands
/// them to the fake together; a window squeezed by no more than the lag inside it is the machine's doing, not the
/// product's. A burst the product makes itself (sends back to back while the pool keeps up) is still a violation. Tried
/// first on a thread of its own: it woke on time (0 ms) while sends bunched, as the pool, not the process, was behind.
/// </summary>
internal static class StallWatch
{
    const int Kept = 4096;
    static readonly long Late = Stopwatch.Frequency / 50;
    static readonly (long End, long Length)[] Stalls = new (long, long)[Kept];
    static readonly Lock Gate = new();
    static int next;

    static StallWatch() => _ = Task.Run(WatchAsync);

    /// <summary>Starts watching (once per process).</summary>
    public static void Ensure()
    {
    }

    static async Task WatchAsync()
    {
        var step = TimeSpan.FromMilliseconds(5);
        var expected = Stopwatch.Frequency / 200;
        while (true)
        {
            var before = Stopwatch.GetTimestamp();
            await Task.Delay(step);
            var now = Stopwatch.GetTimestamp();
            var lag = now - before - expected;
            if (lag > Late)
            {
                lock (Gate)
                {
                    Stalls[next % Kept] = (now, lag);
                    next++;
                }
            }
        }
    }

    /// <summary>Stall time (in Stopwatch ticks) that ended between the two timestamps.</summary>
    public static long Between(long from, long to)
    {
        long total = 0;
        lock (Gate)
        {
            for (var i = Math.Max(0, next - Kept); i < next; i++)
            {
                var (end, length) = Stalls[i % Kept];
                if (end > from && end <= to)
                    total += length;
            }
        }

        return total;
    }
}
