using FraudWatch.Broadcasting;

namespace FraudWatch.Tests.Broadcasting;

public sealed class SlotPacerTests
{
    static readonly DateTime T0 = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    static readonly TimeSpan Ten = TimeSpan.FromMilliseconds(10);

    static DateTime Ms(double ms) => T0.AddMilliseconds(ms);

    static List<(SlotWaiter Waiter, DateTime At)> Release(SlotPacer pacer, DateTime now, out PacerStep step)
    {
        var released = new List<(SlotWaiter, DateTime)>();
        step = pacer.Release(now, released);
        return released;
    }

    [Fact]
    public void Releases_one_waiting_send_per_slot_in_arrival_order_at_the_slots_time()
    {
        var pacer = new SlotPacer(100);
        var waiters = Enumerable.Range(0, 5).Select(_ => pacer.Enqueue(T0, out _)).ToList();
        pacer.Add(new SlotLease(T0, Ten, 3));

        var first = Release(pacer, Ms(0), out var step);
        Assert.Equal([(waiters[0], Ms(0))], first);
        Assert.Equal(Ms(10), step.NextSlot);
        Assert.Empty(Release(pacer, Ms(9.9), out _));
        Assert.Equal([(waiters[1], Ms(10))], Release(pacer, Ms(10), out _));
        Assert.Equal([(waiters[2], Ms(20))], Release(pacer, Ms(24), out step));
        Assert.Null(step.NextSlot); // the lease is used up; sends 4 and 5 wait for the next
    }

    [Fact]
    public void Forfeits_only_the_slots_it_reaches_later_than_the_tolerance()
    {
        var pacer = new SlotPacer(100);
        var waiters = Enumerable.Range(0, 3).Select(_ => pacer.Enqueue(T0, out _)).ToList();
        pacer.Add(new SlotLease(T0, Ten, 10));

        // At 55 ms the slots at 0, 10, 20 and 30 ms are more than 15 ms late; 40 and 50 are not, and go one send each.
        var released = Release(pacer, Ms(55), out var step);

        Assert.Equal(SlotMath.LateTolerance, TimeSpan.FromMilliseconds(15));
        Assert.Equal([(waiters[0], Ms(40)), (waiters[1], Ms(50))], released);
        Assert.Equal(Ms(60), step.NextSlot);
        Assert.Equal([(waiters[2], Ms(60))], Release(pacer, Ms(60), out _));
    }

    [Fact]
    public void A_slot_nobody_waits_for_goes_unused_and_is_not_saved_for_later()
    {
        var pacer = new SlotPacer(100);
        pacer.Add(new SlotLease(T0, Ten, 3));

        Assert.Empty(Release(pacer, Ms(1), out _));
        var late = pacer.Enqueue(Ms(2), out _);

        Assert.Empty(Release(pacer, Ms(2), out _)); // the slot at 0 ms is gone, though only 2 ms late
        Assert.Equal([(late, Ms(10))], Release(pacer, Ms(10), out _));
    }

    [Fact]
    public void A_cancelled_send_does_not_use_up_a_slot()
    {
        var pacer = new SlotPacer(100);
        var cancelled = pacer.Enqueue(T0, out _);
        var waiting = pacer.Enqueue(T0, out _);
        pacer.Add(new SlotLease(T0, Ten, 1));

        cancelled.SetCanceled();

        Assert.Equal([(waiting, Ms(0))], Release(pacer, Ms(0), out _));
    }

    [Fact]
    public void Leases_ahead_only_while_sends_wait_and_one_lease_at_a_time()
    {
        var pacer = new SlotPacer(1000);
        var interval = SlotMath.Interval(1000);

        Release(pacer, T0, out var idle);
        Assert.Equal(0, idle.LeaseWanted);

        for (var i = 0; i < 30; i++)
            pacer.Enqueue(T0, out _);
        Release(pacer, T0, out var wanted);
        Release(pacer, T0, out var again);
        Assert.Equal(30, wanted.LeaseWanted);
        Assert.Equal(0, again.LeaseWanted); // the first lease is still on its way

        pacer.Add(new SlotLease(T0, interval, 30));
        var steps = Enumerable.Range(0, 19).Select(i => (Released: Release(pacer, T0 + (interval * i), out var step).Count, step.LeaseWanted)).ToList();
        Assert.All(steps, s => Assert.Equal((1, 0), s)); // down to 11 slots left: more than half of the 20 a lease holds at least
        Assert.Single(Release(pacer, T0 + (interval * 19), out var refill));
        Assert.Equal(20, refill.LeaseWanted); // 10 left for the 10 still waiting: ask for the next lease now
    }

    [Fact]
    public void A_pause_drops_leased_slots_and_forfeits_slots_before_its_end()
    {
        var pacer = new SlotPacer(100);
        var first = pacer.Enqueue(T0, out _);
        var second = pacer.Enqueue(T0, out _);
        pacer.Add(new SlotLease(T0, Ten, 10));

        pacer.Pause(Ms(1000));
        Assert.Empty(Release(pacer, Ms(0), out var paused));
        Assert.Null(paused.NextSlot);

        // A lease asked for just before the pause reached the database still holds slots before its end.
        pacer.Add(new SlotLease(Ms(990), Ten, 3));
        Assert.Empty(Release(pacer, Ms(990), out _));
        Assert.Equal([(first, Ms(1000))], Release(pacer, Ms(1000), out _));
        Assert.Equal([(second, Ms(1010))], Release(pacer, Ms(1010), out _));
    }
}
