using Dapper;
using Microsoft.Extensions.Options;
using FraudWatch.Telegram;
using Npgsql;

namespace FraudWatch.Broadcasting;

/// <summary>
/// Telegram's limits for all instances together. The global budget is a timeline of send slots in one
/// PostgreSQL row: an instance leases a run of slots (up to a tenth of a second's worth) in one statement
/// and hands them out locally, so there is no database round trip per message. A 429 moves the shared
/// pause, which every instance's next lease honours. Per-group limits are a sliding log per chat.
/// </summary>
public sealed class SendRateLimiter(NpgsqlDataSource db, IOptions<BroadcastOptions> options, ILogger<SendRateLimiter> logger) : ISendThrottle, IDisposable
{
    public void Dispose() => gate.Dispose();

    // Telegram counts per minute; a reservation is made a moment before the send, so the window is a little wider.
    internal static readonly TimeSpan GroupWindow = TimeSpan.FromSeconds(62);

    // A slot granted this much later than asked for means the shared timeline is backed up.
    static readonly TimeSpan CongestionWait = TimeSpan.FromMilliseconds(250);
    // How long one such wait counts as congestion.
    static readonly TimeSpan CongestionMemory = TimeSpan.FromSeconds(2);

    readonly SemaphoreSlim gate = new(1, 1);
    SlotLease? lease;
    int waiting;
    long pausedUntilTicks;
    long congestedUntilTicks;

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
        while (true)
        {
            var at = await TakeSlotAsync(ct);
            var wait = at - DateTime.UtcNow;
            if (wait > CongestionWait)
                Volatile.Write(ref congestedUntilTicks, (DateTime.UtcNow + CongestionMemory).Ticks);
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait, ct);
            var now = DateTime.UtcNow;
            // A timer that woke late would bunch this send with the next one: give the slot up instead.
            if (now - at > SlotMath.LateTolerance)
                continue;
            if (now >= new DateTime(Volatile.Read(ref pausedUntilTicks), DateTimeKind.Utc))
                return;
        }
    }

    async Task<DateTime> TakeSlotAsync(CancellationToken ct)
    {
        Interlocked.Increment(ref waiting);
        try
        {
            await gate.WaitAsync(ct);
            try
            {
                DateTime? slot;
                while ((slot = lease?.Take(DateTime.UtcNow, SlotMath.LateTolerance)) is null)
                    lease = await LeaseAsync(SlotMath.LeaseSize(Rate, Volatile.Read(ref waiting)), ct);
                return slot.Value;
            }
            finally
            {
                gate.Release();
            }
        }
        finally
        {
            Interlocked.Decrement(ref waiting);
        }
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

        await gate.WaitAsync(ct);
        try
        {
            lease = null;
            await using var connection = await db.OpenConnectionAsync(ct);
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE broadcast_throttle SET paused_until = greatest(paused_until, clock_timestamp() + @retryAfter) WHERE id = 1",
                new { retryAfter }, cancellationToken: ct));
        }
        finally
        {
            gate.Release();
        }

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
