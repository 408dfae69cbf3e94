using Dapper;
using FraudWatch.Detection;
using FraudWatch.Telegram;
using Npgsql;

namespace FraudWatch.Reports;

/// <summary>
/// Sends the report answers and warnings that could not go out at once (the group's per-minute limit used up, or
/// the shared send timeline backed up), as Telegram's limits allow, so intake never waits for Telegram. Works from
/// the database, so every instance helps, and a reply claimed by an instance that died is taken up again after the
/// lease: a resident may, rarely, get a reply twice, never none.
/// </summary>
public sealed class QueuedReplies(NpgsqlDataSource db, ReportStore reports, ChatSender sender, ILogger<QueuedReplies> logger) : BackgroundService
{
    const int Workers = 4;
    const int Batch = 8;
    static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    TaskCompletionSource queued = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Marks the report's answer as waiting and wakes the workers.</summary>
    public Task QueueAnswerAsync(long reportId, CancellationToken ct) =>
        MarkAsync("UPDATE reports SET answer_pending = true, answer_claimed_at = NULL WHERE id = @id", new { id = reportId }, ct);

    /// <summary>Keeps the warning's text on its claim row and wakes the workers.</summary>
    public Task QueueWarningAsync(long warningId, string reply, CancellationToken ct) =>
        MarkAsync("UPDATE warnings_sent SET pending = true, claimed_at = NULL, reply = @reply WHERE id = @id", new { id = warningId, reply }, ct);

    async Task MarkAsync(string sql, object args, CancellationToken ct)
    {
        await using (var connection = await db.OpenConnectionAsync(ct))
        {
            await connection.ExecuteAsync(new CommandDefinition(sql, args, cancellationToken: ct));
        }

        Interlocked.Exchange(ref queued, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => Task.Run(() => WorkAsync(stoppingToken), stoppingToken)));

    async Task WorkAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var next = Volatile.Read(ref queued).Task;
            try
            {
                while (await SendAnswersAsync(ct) + await SendWarningsAsync(ct) > 0)
                {
                    next = Volatile.Read(ref queued).Task;
                }
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException && !ct.IsCancellationRequested)
            {
                logger.LogWarning("Queued replies paused: database unavailable ({Error}); retrying", e.Message);
            }

            try
            {
                // Woken by the next queued reply; the poll picks up replies queued or left behind by other instances.
                await next.WaitAsync(TimeSpan.FromSeconds(5), ct);
            }
            catch (TimeoutException)
            {
            }
        }
    }

    /// <summary>Claims up to a batch of waiting report answers and sends them; returns how many it claimed.</summary>
    internal async Task<int> SendAnswersAsync(CancellationToken ct)
    {
        var claimed = await ClaimAsync<long>("""
            UPDATE reports SET answer_claimed_at = now()
            WHERE id IN (
                SELECT id FROM reports
                WHERE answer_pending AND (answer_claimed_at IS NULL OR answer_claimed_at < now() - @Lease)
                ORDER BY id LIMIT @Batch
                FOR UPDATE SKIP LOCKED)
            RETURNING id
            """, ct);
        foreach (var id in claimed.Order())
        {
            if (await reports.GetAsync(id, ct) is { } report)
            {
                var result = await sender.SendAsync(report.ChatId, ReportText.Answer(report, Detector.Analyze(report.Text)),
                    report.ChatId < 0 ? (int)report.MessageId : null, ct: ct);
                if (result.Status == SendStatus.Failed)
                    logger.LogWarning("Answer to report #{Id} failed: {Error}", id, result.Error);
            }

            await DoneAsync("UPDATE reports SET answer_pending = false WHERE id = @id", new { id }, ct);
        }

        return claimed.Count;
    }

    /// <summary>Claims up to a batch of waiting warnings and sends them; returns how many it claimed.</summary>
    internal async Task<int> SendWarningsAsync(CancellationToken ct)
    {
        var claimed = await ClaimAsync<(long Id, long ChatId, long MessageId, string Reply)>("""
            UPDATE warnings_sent SET claimed_at = now()
            WHERE id IN (
                SELECT id FROM warnings_sent
                WHERE pending AND (claimed_at IS NULL OR claimed_at < now() - @Lease)
                ORDER BY id LIMIT @Batch
                FOR UPDATE SKIP LOCKED)
            RETURNING id, chat_id, message_id, reply
            """, ct);
        foreach (var warning in claimed.OrderBy(w => w.Id))
        {
            var result = await sender.SendAsync(warning.ChatId, warning.Reply, (int)warning.MessageId, ct: ct);
            await DoneAsync("UPDATE warnings_sent SET pending = false, bot_message_id = @messageId WHERE id = @id",
                new { id = warning.Id, messageId = (long?)result.MessageId }, ct);
        }

        return claimed.Count;
    }

    async Task<IReadOnlyList<T>> ClaimAsync<T>(string sql, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<T>(new CommandDefinition(sql, new { Lease, Batch }, cancellationToken: ct))).AsList();
    }

    async Task DoneAsync(string sql, object args, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(sql, args, cancellationToken: ct));
    }
}
