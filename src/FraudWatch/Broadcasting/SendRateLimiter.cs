using Dapper;
using Microsoft.Extensions.Options;
using FraudWatch.Telegram;
using Npgsql;

namespace FraudWatch.Broadcasting;

/// <summary>
/// Telegram's limits for all instances together. The global budget is a timeline of send slots in one
/// PostgreSQL row: an instance leases a run of slots (up to a tenth of a second's worth) in one statement, ahead of
/// need, so there is no database round trip per message. One pacing thread per instance (not the thread pool, whose
/// timers wake late on a busy machine) releases one waiting send per slot at the slot's time. A 429 moves the shared
/// pause, which every instance's next lease honours. Per-group limits are a sliding log per chat.
/// </summary>
public sealed class SendRateLimiter(NpgsqlDataSource db, IOptions<BroadcastOptions> options, ILogger<SendRateLimiter> logger) : ISendThrottle, IDisposable
{
    // Telegram counts per minute; a reservation is made a moment before the send, so the window is a little wider.
    internal static readonly TimeSpan GroupWindow = TimeSpan.FromSeconds(62);

    // A slot granted this much later than asked for means the shared timeline is backed up.
    static readonly TimeSpan CongestionWait = TimeSpan.FromMilliseconds(250);
    // How long one such wait counts as congestion.
    static readonly TimeSpan CongestionMemory = TimeSpan.FromSeconds(2);

    readonly SlotPacer pacer = new(options.Value.MessagesPerSecond);
    readonly ManualResetEventSlim wake = new(false, spinCount: 0);
    readonly CancellationTokenSource stopping = new();
    readonly Lock startLock = new();
    Thread? pacing;
    long pausedUntilTicks;
    long congestedUntilTicks;

    public void Dispose()
    {
        stopping.Cancel();
        wake.Set();
        pacing?.Join(TimeSpan.FromSeconds(1));
        foreach (var waiter in pacer.LeaseFailed())
            waiter.TrySetCanceled(stopping.Token);
    }

    /// <summary>
    /// True while sends through this instance have lately waited long for a global slot, or Telegram asked to pause:
    /// a send that must not hold its caller up should be queued instead of taking a slot now.
    /// </summary>
    public bool Congested
    {
        get
        {
            var now = DateTime.UtcNow.Ticks;
            return now < Volatile.Read(ref congestedUntilTicks) || now < Volatile.Read(ref pausedUntilTicks);
        }
    }

    int Rate => options.Value.MessagesPerSecond;

    /// <summary>Waits for this instance's next global send slot (and past any 429 pause this instance has heard of).</summary>
    public async Task WaitForSlotAsync(CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        EnsurePacing();
        while (true)
        {
            var waiter = pacer.Enqueue(DateTime.UtcNow, out var ahead);
            if (ahead == 0)
                wake.Set();
            if (SlotMath.Interval(Rate) * ahead > CongestionWait)
                Congest();
            DateTime at;
            using (ct.Register(static w => ((SlotWaiter)w!).TrySetCanceled(), waiter))
                at = await waiter.Task;
            var now = DateTime.UtcNow;
            if (now - waiter.EnqueuedAt > CongestionWait)
                Congest();
            // A busy thread pool can run this long after the pacing thread released the slot: then it is given up.
            if (now - at <= SlotMath.LateTolerance)
                return;
        }
    }

    void Congest() => Volatile.Write(ref congestedUntilTicks, (DateTime.UtcNow + CongestionMemory).Ticks);

    void EnsurePacing()
    {
        if (Volatile.Read(ref pacing) is not null)
            return;
        lock (startLock)
        {
            if (pacing is not null)
                return;
            var thread = new Thread(Pace) { IsBackground = true, Name = "FraudWatch send pacing" };
            thread.Start();
            Volatile.Write(ref pacing, thread);
        }
    }

    /// <summary>The pacing thread: releases due slots, asks for a lease ahead of need, sleeps until the next slot.</summary>
    void Pace()
    {
        var released = new List<(SlotWaiter Waiter, DateTime At)>();
        while (!stopping.IsCancellationRequested)
        {
            wake.Reset();
            var step = pacer.Release(DateTime.UtcNow, released);
            foreach (var (waiter, at) in released)
                waiter.TrySetResult(at);
            released.Clear();
            if (step.LeaseWanted > 0)
                _ = Task.Run(() => RefillAsync(step.LeaseWanted), CancellationToken.None);
            if (step.NextSlot is not { } next)
            {
                wake.Wait(Timeout.Infinite, CancellationToken.None);
                continue;
            }

            // Waking up to a millisecond after the slot is well within the late tolerance; no need to spin.
            var wait = (next - DateTime.UtcNow).TotalMilliseconds;
            if (wait > 0)
                wake.Wait((int)Math.Ceiling(wait), CancellationToken.None);
        }
    }

    async Task RefillAsync(int count)
    {
        try
        {
            pacer.Add(await LeaseAsync(count, stopping.Token));
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // As a send would have seen it: the database is down, so nothing waiting now can have a slot.
            foreach (var waiter in pacer.LeaseFailed())
                waiter.TrySetException(e);
        }

        wake.Set();
    }

    /// <summary>Slots are wall-clock times from the database: instances on NTP-synchronised machines agree on them.</summary>
    async Task<SlotLease> LeaseAsync(int count, CancellationToken ct)
    {
        var interval = SlotMath.Interval(Rate);
        const string sql = """
            UPDATE broadcast_throttle SET next_slot_at = greatest(next_slot_at, clock_timestamp(), paused_until) + @count * @interval
            WHERE id = 1
            RETURNING next_slot_at - @count * @interval
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        var start = await connection.ExecuteScalarAsync<DateTime>(new CommandDefinition(sql, new { count, interval }, cancellationToken: ct));
        return new SlotLease(DateTime.SpecifyKind(start, DateTimeKind.Utc), interval, count);
    }

    /// <summary>Telegram said 429: every instance waits retry_after before its next send.</summary>
    public async Task PauseAsync(TimeSpan retryAfter, CancellationToken ct)
    {
        Telemetry.Paused();
        var until = DateTime.UtcNow + retryAfter;
        long seen;
        while ((seen = Volatile.Read(ref pausedUntilTicks)) < until.Ticks && Interlocked.CompareExchange(ref pausedUntilTicks, until.Ticks, seen) != seen)
        {
        }

        pacer.Pause(until);
        wake.Set();
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE broadcast_throttle SET paused_until = greatest(paused_until, clock_timestamp() + @retryAfter) WHERE id = 1",
            new { retryAfter }, cancellationToken: ct));
        logger.LogWarning("Telegram answered 429: all sends pause for {Seconds} s", retryAfter.TotalSeconds);
    }

    /// <summary>Fills the group's minute so that nothing is sent to it for <paramref name="retryAfter"/> (every instance sees it).</summary>
    public async Task PauseChatAsync(long chatId, TimeSpan retryAfter, CancellationToken ct)
    {
        // A send at t counts against the window until t + GroupWindow: entries at now + retryAfter - window keep the
        // group full for retryAfter.
        const string sql = """
            INSERT INTO chat_send_log AS l (chat_id, sends) VALUES (@chatId, array_fill(clock_timestamp() + @retryAfter - @window, ARRAY[@limit]))
            ON CONFLICT (chat_id) DO UPDATE
                SET sends = (SELECT coalesce(array_agg(s ORDER BY s), '{}') FROM unnest(l.sends) s WHERE s > clock_timestamp() - @window) || excluded.sends
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(sql,
            new { chatId, retryAfter, window = GroupWindow, limit = options.Value.GroupMessagesPerMinute }, cancellationToken: ct));
        logger.LogInformation("Telegram answered 429 for chat {ChatId}: that chat pauses for {Seconds} s", chatId, retryAfter.TotalSeconds);
    }

    /// <summary>Reserves one send to a group chat within Broadcast__GroupMessagesPerMinute, waiting while the chat is full.</summary>
    public async Task ReserveGroupAsync(long chatId, CancellationToken ct)
    {
        while (!await TryReserveGroupAsync(chatId, ct))
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
    }

    /// <summary>One attempt at <see cref="ReserveGroupAsync"/>: false, with nothing reserved, when the chat is full.</summary>
    public async Task<bool> TryReserveGroupAsync(long chatId, CancellationToken ct)
    {
        if (chatId > 0)
            return true; // private chats: only the global limit applies
        const string sql = """
            INSERT INTO chat_send_log AS l (chat_id, sends) VALUES (@chatId, ARRAY[clock_timestamp()])
            ON CONFLICT (chat_id) DO UPDATE
                SET sends = (SELECT coalesce(array_agg(s ORDER BY s), '{}') FROM unnest(l.sends) s WHERE s > clock_timestamp() - @window) || clock_timestamp()
                WHERE (SELECT count(*) FROM unnest(l.sends) s WHERE s > clock_timestamp() - @window) < @limit
            RETURNING true
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<bool?>(new CommandDefinition(
            sql, new { chatId, window = GroupWindow, limit = options.Value.GroupMessagesPerMinute }, cancellationToken: ct)) == true;
    }
}
