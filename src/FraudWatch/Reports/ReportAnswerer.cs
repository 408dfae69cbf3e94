using Dapper;
using FraudWatch.Detection;
using FraudWatch.Telegram;
using Npgsql;

namespace FraudWatch.Reports;

/// <summary>
/// Answers the reports whose answer could not go out at once (the group's per-minute limit used up, or the shared
/// send timeline backed up), as Telegram's limits allow. Works from the database, so every instance helps and an
/// answer claimed by an instance that died is taken up again after the lease: a resident may, rarely, get an answer
/// twice, never none.
/// </summary>
public sealed class ReportAnswerer(NpgsqlDataSource db, ReportStore reports, ChatSender sender, ILogger<ReportAnswerer> logger) : BackgroundService
{
    const int Workers = 4;
    const int Batch = 8;
    static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    TaskCompletionSource queued = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Marks the report's answer as waiting and wakes the workers.</summary>
    public async Task QueueAsync(long reportId, CancellationToken ct)
    {
        await using (var connection = await db.OpenConnectionAsync(ct))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE reports SET answer_pending = true, answer_claimed_at = NULL WHERE id = @reportId", new { reportId }, cancellationToken: ct));
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
                while (await AnswerBatchAsync(ct) > 0)
                {
                    next = Volatile.Read(ref queued).Task;
                }
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException && !ct.IsCancellationRequested)
            {
                logger.LogWarning("Queued report answers paused: database unavailable ({Error}); retrying", e.Message);
            }

            try
            {
                // Woken by the next queued answer; the poll picks up answers queued or left behind by other instances.
                await next.WaitAsync(TimeSpan.FromSeconds(5), ct);
            }
            catch (TimeoutException)
            {
            }
        }
    }

    /// <summary>Claims up to a batch of waiting answers and sends them; returns how many it claimed.</summary>
    internal async Task<int> AnswerBatchAsync(CancellationToken ct)
    {
        IReadOnlyList<long> claimed;
        await using (var connection = await db.OpenConnectionAsync(ct))
        {
            claimed = (await connection.QueryAsync<long>(new CommandDefinition("""
                UPDATE reports SET answer_claimed_at = now()
                WHERE id IN (
                    SELECT id FROM reports
                    WHERE answer_pending AND (answer_claimed_at IS NULL OR answer_claimed_at < now() - @Lease)
                    ORDER BY id LIMIT @Batch
                    FOR UPDATE SKIP LOCKED)
                RETURNING id
                """, new { Lease, Batch }, cancellationToken: ct))).Order().ToList();
        }

        foreach (var id in claimed)
        {
            if (await reports.GetAsync(id, ct) is not { } report)
                continue;
            var result = await sender.SendAsync(report.ChatId, ReportText.Answer(report, Detector.Analyze(report.Text)),
                report.ChatId < 0 ? (int)report.MessageId : null, ct: ct);
            if (result.Status == SendStatus.Failed)
                logger.LogWarning("Answer to report #{Id} failed: {Error}", id, result.Error);
            await using var connection = await db.OpenConnectionAsync(ct);
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE reports SET answer_pending = false WHERE id = @id", new { id }, cancellationToken: ct));
        }

        return claimed.Count;
    }
}
