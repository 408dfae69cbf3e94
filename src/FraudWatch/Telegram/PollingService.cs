using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FraudWatch.Telegram;

/// <summary>
/// Long-polls getUpdates as raw JSON. Only the instance holding a PostgreSQL advisory lock polls;
/// the others wait to take over. Each update is stored before the offset that confirms it is sent,
/// and each is parsed on its own later, so one update Telegram.Bot cannot read never stalls the rest.
/// </summary>
sealed class PollingService(
    NpgsqlDataSource db, UpdateInbox inbox, TelegramTransport transport, IOptions<TelegramOptions> options,
    TelegramStatus status, ILogger<PollingService> logger) : BackgroundService
{
    const long LockKey = 7418002;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = new Backoff();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var lockConnection = await db.OpenConnectionAsync(stoppingToken);
                if (!await lockConnection.ExecuteScalarAsync<bool>("SELECT pg_try_advisory_lock(@LockKey)", new { LockKey }))
                {
                    status.Role = "standby: another instance polls";
                    await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken);
                    continue;
                }

                status.Role = "polling";
                logger.LogInformation("This instance now polls Telegram for updates");
                try
                {
                    await PollWhileLeaderAsync(lockConnection, backoff, stoppingToken);
                }
                finally
                {
                    // Pooled connections are not reset on return: the session lock must not go back to the pool with it.
                    await ReleaseAsync(lockConnection);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                logger.LogWarning("Polling lock lost or database unavailable ({Error}); retrying in {Delay}", e.Message, backoff.Peek);
                await Task.Delay(backoff.Next(), stoppingToken);
            }
        }
    }

    static async Task ReleaseAsync(NpgsqlConnection lockConnection)
    {
        try
        {
            if (lockConnection.State == System.Data.ConnectionState.Open)
                await lockConnection.ExecuteAsync("SELECT pg_advisory_unlock(@LockKey)", new { LockKey });
        }
        catch (NpgsqlException)
        {
            // A broken session has lost the lock already.
        }
    }

    async Task PollWhileLeaderAsync(NpgsqlConnection lockConnection, Backoff backoff, CancellationToken ct)
    {
        long? offset = null;
        var webhookCleared = false;
        while (!ct.IsCancellationRequested)
        {
            // A dropped lock connection means another instance may have taken over.
            await lockConnection.ExecuteScalarAsync<int>("SELECT 1");
            try
            {
                if (!webhookCleared)
                {
                    await transport.CallAsync("deleteWebhook", new { drop_pending_updates = false }, ct);
                    webhookCleared = true;
                }

                var batch = await transport.CallAsync("getUpdates", new
                {
                    offset,
                    timeout = options.Value.PollTimeoutSeconds,
                    allowed_updates = WebhookWatch.AllowedUpdates,
                }, ct, TimeSpan.FromSeconds(options.Value.PollTimeoutSeconds + 15));

                var updates = new List<(long, string)>();
                foreach (var element in batch.EnumerateArray())
                {
                    if (UpdateInbox.ReadUpdateId(element) is { } id)
                        updates.Add((id, element.GetRawText()));
                    else
                        logger.LogWarning("Skipped an update without update_id from getUpdates");
                }

                await inbox.StoreBatchAsync(updates, ct);
                if (updates.Count > 0)
                    offset = updates.Max(u => u.Item1) + 1;
                status.Reached();
                backoff.Reset();
            }
            catch (TelegramApiException e) when (e.ErrorCode == (int)HttpStatusCode.Conflict)
            {
                status.Failed(e);
                logger.LogWarning("Telegram refused getUpdates: {Error}; another poller or a webhook is active. Retrying in {Delay}", e.Message, backoff.Peek);
                webhookCleared = e.Message.Contains("webhook", StringComparison.OrdinalIgnoreCase) ? false : webhookCleared;
                await Task.Delay(backoff.Next(), ct);
            }
            catch (TelegramApiException e) when (e.RetryAfter is { } retryAfter)
            {
                status.Failed(e);
                await Task.Delay(TimeSpan.FromSeconds(retryAfter), ct);
            }
            catch (Exception e) when (e is TelegramApiException or HttpRequestException or TaskCanceledException or JsonException && !ct.IsCancellationRequested)
            {
                status.Failed(e);
                logger.LogWarning("Telegram unreachable ({Error}); retrying in {Delay}", e.Message, backoff.Peek);
                await Task.Delay(backoff.Next(), ct);
            }
        }
    }
}

/// <summary>Exponential back-off from 1 s to 30 s with jitter: never a hot loop against a failing Telegram.</summary>
sealed class Backoff
{
    int failures;

    public TimeSpan Peek => TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, failures)));

    public TimeSpan Next()
    {
        var delay = Peek + TimeSpan.FromMilliseconds(Random.Shared.Next(0, 250));
        failures = Math.Min(failures + 1, 10);
        return delay;
    }

    public void Reset() => failures = 0;
}
