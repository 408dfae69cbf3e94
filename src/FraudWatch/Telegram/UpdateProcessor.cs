using System.Text.Json;
using Dapper;
using Npgsql;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace FraudWatch.Telegram;

/// <summary>
/// Acts on stored updates, each exactly once: the row is locked while it is handled and marked done
/// in the same transaction, so a crash mid-way leaves it to be resumed at the next start, and an
/// update that fails to parse or to handle is kept with its error without blocking the ones after it.
/// Updates of one chat are handled in update_id order; different chats in parallel: each worker owns
/// the chats whose id falls in its partition, and a per-chat advisory lock keeps other instances out.
/// </summary>
sealed class UpdateProcessor(NpgsqlDataSource db, UpdateInbox inbox, UpdateHandler handler, ILogger<UpdateProcessor> logger) : BackgroundService
{
    const int MaxAttempts = 3;
    // Matches the index telegram_updates_partition_pending (migration 0009).
    internal const int Partitions = 8;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Partitions).Select(p => Task.Run(() => WorkAsync(p, stoppingToken), stoppingToken)));

    async Task WorkAsync(int partition, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var next = inbox.NextStored(partition);
            try
            {
                while (await ProcessNextAsync(partition, stoppingToken))
                {
                    next = inbox.NextStored(partition);
                }
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException && !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Update processing paused: database unavailable ({Error}); retrying", e.Message);
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
            }

            try
            {
                // Woken by the next stored update; the periodic sweep picks up updates another instance stored.
                await next.WaitAsync(TimeSpan.FromSeconds(5), stoppingToken);
            }
            catch (TimeoutException)
            {
            }
        }
    }

    /// <summary>Handles the oldest unhandled update of the partition; false when there is none it may take.</summary>
    internal async Task<bool> ProcessNextAsync(int partition, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // Claim, chat lock and the "done" mark in one round trip: the mark is undone by a rollback (the chat is busy,
        // or the instance dies mid-way) and rewritten below if handling fails, so success costs only the commit.
        // A handled update's payload is dropped: only reports and warned messages are kept, in their own tables.
        var row = await connection.QuerySingleOrDefaultAsync<(long UpdateId, string? Payload, int Attempts, long ChatId, bool Locked)>(new CommandDefinition($"""
            WITH next AS (
                SELECT update_id, payload, attempts FROM telegram_updates
                WHERE status = 'received' AND mod(abs(chat_id), {Partitions}) = @partition
                ORDER BY update_id LIMIT 1
                FOR UPDATE SKIP LOCKED
            )
            UPDATE telegram_updates t
            SET status = 'done', payload = NULL, error = NULL, attempts = t.attempts + 1, processed_at = now()
            FROM next WHERE t.update_id = next.update_id
            RETURNING t.update_id, next.payload, next.attempts, t.chat_id, pg_try_advisory_xact_lock(7418, hashtext(t.chat_id::text))
            """, new { partition }, transaction, cancellationToken: ct));
        if (row.UpdateId == 0 && row.Payload is null)
            return false;
        if (!row.Locked)
        {
            // Another instance is handling this chat right now; its earlier update goes first.
            await transaction.RollbackAsync(ct);
            await Task.Delay(50, ct);
            return false;
        }

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
                    "UPDATE telegram_updates SET status = 'received', payload = @payload, error = @error, processed_at = NULL WHERE update_id = @id",
                    new { id = row.UpdateId, payload = row.Payload, error }, transaction, cancellationToken: ct));
                await transaction.CommitAsync(ct);
                logger.LogWarning("Update {UpdateId} failed (attempt {Attempt}), will retry: {Error}", row.UpdateId, row.Attempts + 1, error);
                await Task.Delay(TimeSpan.FromMilliseconds(200 * (row.Attempts + 1)), ct);
                return true;
            }
        }

        if (error is not null)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE telegram_updates SET status = 'failed', payload = @payload, error = @error WHERE update_id = @id",
                new { id = row.UpdateId, payload = row.Payload, error }, transaction, cancellationToken: ct));
        }

        await transaction.CommitAsync(ct);
        if (error is not null)
            logger.LogWarning("Update {UpdateId} kept as failed: {Error}", row.UpdateId, error);
        return true;
    }
}
