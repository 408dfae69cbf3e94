using System.Diagnostics;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FraudWatch.Metrics;

/// <summary>
/// Backlogs read from the database for the observable gauges: one query, kept for a few seconds so that
/// scrapes (and several gauges in one scrape) never add load. Every count is over a partial index.
/// </summary>
public sealed class DatabaseGauges(NpgsqlDataSource db, IOptions<MetricsOptions> options, ILogger<DatabaseGauges> logger)
{
    public sealed record Snapshot(long PendingDeliveries, long SendingDeliveries, long QueuedAnswers, long QueuedWarnings, long WaitingUpdates, double OldestWaitingSeconds);

    readonly Lock gate = new();
    Snapshot last = new(0, 0, 0, 0, 0, 0);
    long readAt = long.MinValue;

    public Snapshot Current
    {
        get
        {
            lock (gate)
            {
                if (readAt != long.MinValue && Stopwatch.GetElapsedTime(readAt) < TimeSpan.FromSeconds(options.Value.DatabaseGaugeSeconds))
                    return last;
                readAt = Stopwatch.GetTimestamp();
                try
                {
                    last = Read();
                }
                catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
                {
                    // The last values stay; health/ready says the database is down.
                    logger.LogDebug(e, "Metrics could not read the backlogs");
                }

                return last;
            }
        }
    }

    Snapshot Read()
    {
        const string sql = """
            SELECT
                (SELECT count(*) FROM deliveries WHERE status = 'pending') AS PendingDeliveries,
                (SELECT count(*) FROM deliveries WHERE status = 'sending') AS SendingDeliveries,
                (SELECT count(*) FROM reports WHERE answer_pending) AS QueuedAnswers,
                (SELECT count(*) FROM warnings_sent WHERE pending) AS QueuedWarnings,
                (SELECT count(*) FROM telegram_updates WHERE status = 'received') AS WaitingUpdates,
                coalesce((SELECT extract(epoch FROM now() - min(received_at))::float8 FROM telegram_updates WHERE status = 'received'), 0) AS OldestWaitingSeconds
            """;
        using var connection = db.OpenConnection();
        return connection.QuerySingle<Snapshot>(new CommandDefinition(sql, commandTimeout: 3));
    }
}
