using System.Text.Json;
using Dapper;
using Npgsql;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace FraudWatch.Telegram;

/// <summary>
/// Acts on stored updates in update_id order, each exactly once: the row is locked while it is
/// handled and marked done in the same transaction, so a crash mid-way leaves it to be resumed at
/// the next start, and an update that fails to parse or to handle is kept with its error without
/// blocking the ones after it.
/// </summary>
sealed class UpdateProcessor(NpgsqlDataSource db, UpdateInbox inbox, UpdateHandler handler, ILogger<UpdateProcessor> logger) : BackgroundService
{
    const int MaxAttempts = 3;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await ProcessNextAsync(stoppingToken))
                {
                }
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException && !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Update processing paused: database unavailable ({Error}); retrying", e.Message);
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            try
            {
                await inbox.Wakeups.ReadAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                // Periodic sweep: picks up updates stored by another instance's webhook endpoint.
            }
        }
    }

    /// <summary>Handles the oldest unhandled update; false when there is none.</summary>
    internal async Task<bool> ProcessNextAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<(long UpdateId, string? Payload, int Attempts)>(new CommandDefinition("""
            SELECT update_id, payload, attempts FROM telegram_updates
            WHERE status = 'received' ORDER BY update_id LIMIT 1
            FOR UPDATE SKIP LOCKED
            """, transaction: transaction, cancellationToken: ct));
        if (row.UpdateId == 0 && row.Payload is null)
            return false;

        string? error = null;
        try
        {
            var update = JsonSerializer.Deserialize<Update>(row.Payload ?? "null", JsonBotAPI.Options)
                ?? throw new JsonException("empty update");
            await handler.HandleAsync(update, ct);
        }
        catch (JsonException e)
        {
            error = $"unparseable update: {e.Message}";
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            error = $"{e.GetType().Name}: {e.Message}";
            if (row.Attempts + 1 < MaxAttempts && e is not ArgumentException and not FormatException)
            {
                // Transient trouble (database, Telegram): count the attempt and retry it after the others.
                await connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE telegram_updates SET attempts = attempts + 1, error = @error WHERE update_id = @id",
                    new { id = row.UpdateId, error }, transaction, cancellationToken: ct));
                await transaction.CommitAsync(ct);
                logger.LogWarning("Update {UpdateId} failed (attempt {Attempt}), will retry: {Error}", row.UpdateId, row.Attempts + 1, error);
                await Task.Delay(TimeSpan.FromMilliseconds(200 * (row.Attempts + 1)), ct);
                return true;
            }
        }

        // A handled update's payload is dropped: only reports and warned messages are kept, in their own tables.
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE telegram_updates
            SET status = CASE WHEN @error IS NULL THEN 'done' ELSE 'failed' END,
                payload = CASE WHEN @error IS NULL THEN NULL ELSE payload END,
                error = @error, attempts = attempts + 1, processed_at = now()
            WHERE update_id = @id
            """, new { id = row.UpdateId, error }, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
        if (error is not null)
            logger.LogWarning("Update {UpdateId} kept as failed: {Error}", row.UpdateId, error);
        return true;
    }
}
