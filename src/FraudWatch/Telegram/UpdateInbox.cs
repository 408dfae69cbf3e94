using System.Text.Json;
using Dapper;
using Npgsql;

namespace FraudWatch.Telegram;

/// <summary>
/// Stores each raw update before anything acts on it. An update_id stored in the last two days makes a redelivered
/// update a no-op; the processor is woken for new ones. Telegram redelivers only what it still holds (24 hours at most),
/// and after a week without updates it may pick the next update_id at random, so a handled row older than that
/// window is an old update whose id came round again: the new update takes its row (a failed one's kept payload and
/// error go with it). A row still waiting is never replaced.
/// </summary>
public sealed class UpdateInbox(NpgsqlDataSource db)
{
    const string TakeOldRow = """
        ON CONFLICT (update_id) DO UPDATE SET payload = excluded.payload, kind = excluded.kind, chat_id = excluded.chat_id,
            lane = excluded.lane, status = 'received', attempts = 0, error = NULL, received_at = now(), processed_at = NULL
        WHERE telegram_updates.received_at < now() - interval '2 days' AND telegram_updates.status <> 'received'
        """;

    /// <summary>Wakes the worker lane of a newly stored update's chat.</summary>
    public QueueSignal Stored { get; } = new(UpdateProcessor.Lanes);

    /// <summary>
    /// The worker lane of a chat: one chat's updates are handled in order by one lane. Private chats (positive ids) have
    /// lanes of their own, after the groups' ones, so a resident's picture being read never holds up a village group.
    /// </summary>
    internal static int LaneOf(long chatId) => chatId > 0
        ? UpdateProcessor.GroupLanes + (int)(chatId % UpdateProcessor.PrivateLanes)
        : (int)Math.Abs(chatId % UpdateProcessor.GroupLanes);

    void Wake(long chatId) => Stored.Wake(LaneOf(chatId));

    /// <summary>Stores one update given as raw JSON; returns false when it was already stored.</summary>
    public async Task<bool> StoreAsync(long updateId, string rawJson, CancellationToken ct)
    {
        const string sql = $"""
            INSERT INTO telegram_updates (update_id, payload, kind, chat_id, lane) VALUES (@updateId, @rawJson, @kind, @chatId, @lane)
            {TakeOldRow}
            """;
        var (kind, chatId) = Describe(rawJson);
        var lane = (short)LaneOf(chatId);
        await using var connection = await db.OpenConnectionAsync(ct);
        var inserted = await connection.ExecuteAsync(new CommandDefinition(sql, new { updateId, rawJson, kind, chatId, lane }, cancellationToken: ct)) == 1;
        Wake(chatId);
        return inserted;
    }

    /// <summary>Stores a batch in one round trip; the caller confirms the offset only after this returns.</summary>
    public async Task StoreBatchAsync(IReadOnlyList<(long UpdateId, string RawJson)> updates, CancellationToken ct)
    {
        if (updates.Count == 0)
            return;
        const string sql = $"""
            INSERT INTO telegram_updates (update_id, payload, kind, chat_id, lane)
            SELECT * FROM unnest(@ids, @payloads, @kinds, @chats, @lanes)
            {TakeOldRow}
            """;
        // One statement may not update a row twice: an id twice in one batch is stored once.
        updates = updates.DistinctBy(u => u.UpdateId).ToList();
        var described = updates.Select(u => Describe(u.RawJson)).ToList();
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(sql, new
        {
            ids = updates.Select(u => u.UpdateId).ToArray(),
            payloads = updates.Select(u => u.RawJson).ToArray(),
            kinds = described.Select(d => d.Kind).ToArray(),
            chats = described.Select(d => d.ChatId).ToArray(),
            lanes = described.Select(d => (short)LaneOf(d.ChatId)).ToArray(),
        }, cancellationToken: ct));
        foreach (var chatId in described.Select(d => d.ChatId).Distinct())
            Wake(chatId);
    }

    /// <summary>Puts waiting updates in the lanes of the current lane count (it may have changed since they were stored).</summary>
    public async Task RelaneAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE telegram_updates SET lane = x.lane
            FROM (SELECT update_id, CASE WHEN chat_id > 0 THEN @GroupLanes + mod(chat_id, @PrivateLanes) ELSE mod(abs(chat_id), @GroupLanes) END AS lane
                  FROM telegram_updates WHERE status = 'received') x
            WHERE telegram_updates.update_id = x.update_id AND telegram_updates.lane <> x.lane
            """,
            new { UpdateProcessor.GroupLanes, UpdateProcessor.PrivateLanes }, cancellationToken: ct));
    }

    /// <summary>
    /// Takes the oldest waiting update of the lane: the claim, the chat's lock and the "done" mark in one round trip.
    /// The mark is undone by a rollback (the chat is busy elsewhere, or the instance dies mid-way) and rewritten if
    /// handling fails, so success costs only the commit. A handled update's payload is dropped: only reports and warned
    /// messages are kept, in their own tables. Null when the lane has nothing to take.
    /// </summary>
    public async Task<UpdateClaim?> TakeNextAsync(int lane, CancellationToken ct)
    {
        const string sql = """
            WITH next AS (
                SELECT update_id, payload, attempts FROM telegram_updates
                WHERE status = 'received' AND lane = @lane
                ORDER BY update_id LIMIT 1
                FOR UPDATE SKIP LOCKED
            )
            UPDATE telegram_updates t
            SET status = 'done', payload = NULL, error = NULL, attempts = t.attempts + 1, processed_at = now()
            FROM next WHERE t.update_id = next.update_id
            RETURNING t.update_id, next.payload, next.attempts, t.chat_id, pg_try_advisory_xact_lock(7418, hashtext(t.chat_id::text))
            """;
        var connection = await db.OpenConnectionAsync(ct);
        var transaction = await connection.BeginTransactionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<(long UpdateId, string? Payload, int Attempts, long ChatId, bool Locked)>(
            new CommandDefinition(sql, new { lane = (short)lane }, transaction, cancellationToken: ct));
        if (row.UpdateId == 0 && row.Payload is null)
        {
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
            return null;
        }

        return new UpdateClaim(connection, transaction, row.UpdateId, row.Payload, row.Attempts, row.Locked);
    }

    /// <summary>The update's id, when the JSON is well-formed enough to have one.</summary>
    public static long? ReadUpdateId(JsonElement update) =>
        update.ValueKind == JsonValueKind.Object && update.TryGetProperty("update_id", out var id) ? Int64(id) : null;

    /// <summary>A whole number, or null (TryGetInt64 throws on a string, object or array rather than saying no).</summary>
    static long? Int64(JsonElement element) => element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var value) ? value : null;

    /// <summary>The update's kind and the chat it concerns (0 when it has none), read without Telegram.Bot's parser.</summary>
    static (string? Kind, long ChatId) Describe(string rawJson)
    {
        try
        {
            using var document = JsonDocument.Parse(rawJson);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return (null, 0);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name == "update_id")
                    continue;
                var body = property.Value;
                if (body.ValueKind == JsonValueKind.Object && body.TryGetProperty("message", out var inner) && inner.ValueKind == JsonValueKind.Object)
                    body = inner; // callback_query carries the chat on its message
                var chatId = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("chat", out var chat) && chat.ValueKind == JsonValueKind.Object
                    && chat.TryGetProperty("id", out var id) ? Int64(id) ?? 0 : 0;
                return (property.Name, chatId);
            }

            return (null, 0);
        }
        catch (JsonException)
        {
            return (null, 0);
        }
    }

    /// <summary>Retention: handled updates older than the cutoff lose their payload, error and private chat id; the row stays (offsets).</summary>
    public async Task<int> ForgetOlderThanAsync(DateTime cutoff, CancellationToken ct)
    {
        const string sql = """
            UPDATE telegram_updates SET payload = NULL, error = NULL, chat_id = CASE WHEN chat_id > 0 THEN 0 ELSE chat_id END
            WHERE status <> 'received' AND received_at < @cutoff AND (payload IS NOT NULL OR chat_id > 0)
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(sql, new { cutoff }, cancellationToken: ct));
    }
}

/// <summary>One update taken from the inbox, locked until it is committed or given back.</summary>
public sealed class UpdateClaim(NpgsqlConnection connection, NpgsqlTransaction transaction, long updateId, string? payload, int attempts, bool chatLocked)
    : IAsyncDisposable
{
    public long UpdateId => updateId;
    public string? Payload => payload;
    public int Attempts => attempts;

    /// <summary>False when another instance is handling this chat right now: its earlier update goes first.</summary>
    public bool ChatLocked => chatLocked;

    public Task CommitAsync(CancellationToken ct) => transaction.CommitAsync(ct);

    public Task GiveBackAsync(CancellationToken ct) => transaction.RollbackAsync(ct);

    /// <summary>Transient trouble: the attempt counts and the update waits behind the others for another try.</summary>
    public async Task RetryLaterAsync(string error, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE telegram_updates SET status = 'received', payload = @payload, error = @error, processed_at = NULL WHERE update_id = @updateId",
            new { updateId, payload, error }, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
    }

    /// <summary>Kept as failed with its error and payload, without blocking the updates after it.</summary>
    public async Task FailAsync(string error, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE telegram_updates SET status = 'failed', payload = @payload, error = @error WHERE update_id = @updateId",
            new { updateId, payload, error }, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }
}
