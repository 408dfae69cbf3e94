using System.Threading.Channels;
using Dapper;
using Npgsql;

namespace FraudWatch.Reports;

/// <summary>
/// Posts new reports to the duty group in the background, so the duty group's send limit (about 20
/// messages a minute) never holds up residents' reports. Reports not yet posted when an instance
/// stopped are found again by a sweep at start and every minute.
/// </summary>
public sealed class DutyPoster(NpgsqlDataSource db, DutyDesk desk, ReportStore reports, ILogger<DutyPoster> logger) : BackgroundService
{
    readonly Channel<long> queue = Channel.CreateUnbounded<long>();

    public void Enqueue(long reportId) => queue.Writer.TryWrite(reportId);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var sweep = Task.Run(() => SweepAsync(stoppingToken), stoppingToken);
        await foreach (var id in queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                if (await reports.GetAsync(id, stoppingToken) is { DutyMessageId: null } report)
                    await desk.PostAsync(report, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Duty post for report #{Id} failed, the sweep will retry: {Error}", id, e.Message);
            }
        }

        await sweep;
    }

    async Task SweepAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = await db.OpenConnectionAsync(ct);
                var missing = await connection.QueryAsync<long>(new CommandDefinition("""
                    SELECT id FROM reports
                    WHERE duty_message_id IS NULL AND created_at > now() - interval '2 days' AND created_at < now() - interval '30 seconds'
                      AND EXISTS (SELECT 1 FROM groups WHERE is_duty)
                    ORDER BY id LIMIT 500
                    """, cancellationToken: ct));
                foreach (var id in missing)
                    Enqueue(id);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                logger.LogWarning("Duty post sweep failed: {Error}", e.Message);
            }

            await Task.Delay(TimeSpan.FromMinutes(1), ct);
        }
    }
}
