using FraudWatch.Broadcasting;

namespace FraudWatch.Tests.Broadcasting;

public sealed class SlotMathTests
{
    [Theory]
    [InlineData(30)]
    [InlineData(1000)]
    [InlineData(1)]
    public void Spaced_slots_keep_any_second_within_the_limit_despite_lateness(int rate)
    {
        var interval = SlotMath.Interval(rate);

        Assert.True(SlotMath.MaxInWindow(interval, TimeSpan.FromSeconds(1), SlotMath.LateTolerance) <= rate);
        Assert.True(TimeSpan.FromSeconds(1) / interval >= rate * 0.95, "at least 95% of the configured rate stays usable");
    }

    [Fact]
    public void Leases_do_not_overlap_and_start_after_a_pause()
    {
        var now = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var interval = SlotMath.Interval(100);

        var (first, next) = SlotMath.Lease(now, now, DateTime.MinValue, 10, interval);
        var (second, _) = SlotMath.Lease(next, now, DateTime.MinValue, 10, interval);
        var (paused, _) = SlotMath.Lease(next, now, now.AddSeconds(5), 10, interval);

        Assert.Equal(now, first);
        Assert.Equal(first + (interval * 10), second);
        Assert.Equal(now.AddSeconds(5), paused);
    }

    [Fact]
    public void Lease_starts_now_when_the_timeline_is_idle()
    {
        var now = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var (start, next) = SlotMath.Lease(now.AddMinutes(-5), now, DateTime.MinValue, 3, TimeSpan.FromMilliseconds(40));

        Assert.Equal(now, start);
        Assert.Equal(now.AddMilliseconds(120), next);
    }

    [Theory]
    [InlineData(30, 1, 1)]
    [InlineData(30, 50, 3)]
    [InlineData(1000, 64, 64)]
    [InlineData(1000, 500, 100)]
    [InlineData(1000, 1, 20)]
    [InlineData(5, 10, 1)]
    public void Lease_size_is_at_least_a_fiftieth_and_at_most_a_tenth_of_a_second(int rate, int waiting, int expected) =>
        Assert.Equal(expected, SlotMath.LeaseSize(rate, waiting));

    [Fact]
    public void Late_slots_are_forfeited_not_bunched()
    {
        var start = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var lease = new SlotLease(start, TimeSpan.FromMilliseconds(10), 10);

        var slot = lease.Take(start.AddMilliseconds(55), TimeSpan.FromMilliseconds(25));

        Assert.Equal(start.AddMilliseconds(30), slot); // the slots at 0, 10 and 20 ms are more than 25 ms late
        Assert.Equal(6, lease.Remaining);
        Assert.Null(lease.Take(start.AddSeconds(1), TimeSpan.FromMilliseconds(25)));
    }

    [Theory]
    [InlineData(30)]
    [InlineData(1000)]
    public void Max_in_flight_is_about_a_second_of_sending(int rate)
    {
        var options = new BroadcastOptions { MessagesPerSecond = rate, MaxInFlight = 32 };
        Assert.Equal(Math.Min(rate, 32), BroadcastEngine.MaxInFlight(options));
    }
}
