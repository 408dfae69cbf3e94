using System.Text.Json;
using Dapper;
using Npgsql;

namespace FraudWatch.Telegram;

/// <summary>
/// Stores each raw update before anything acts on it. The update_id primary key makes a redelivered
/// update a no-op; the processor is woken for new ones.
/// </summary>
public sealed class UpdateInbox(NpgsqlDataSource db)
{
    readonly TaskCompletionSource[] stored = Enumerable.Range(0, UpdateProcessor.Partitions)
        .Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();

    /// <summary>Completes when the next update of the partition's chats is stored, waking only that partition's worker.</summary>
    internal Task NextStored(int partition) => Volatile.Read(ref stored[partition]).Task;

    /// <summary>The worker partition of a chat, as the processor's claim computes it: mod(abs(chat_id), Partitions).</summary>
    internal static int PartitionOf(long chatId) => (int)Math.Abs(chatId % UpdateProcessor.Partitions);

    void Wake(long chatId)
    {
        var partition = PartitionOf(chatId);
        Interlocked.Exchange(ref stored[partition], new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    /// <summary>Stores one update given as raw JSON; returns false when it was already stored.</summary>
    public async Task<bool> StoreAsync(long updateId, string rawJson, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO telegram_updates (update_id, payload, kind, chat_id) VALUES (@updateId, @rawJson, @kind, @chatId)
            ON CONFLICT (update_id) DO NOTHING
            """;
        var (kind, chatId) = Describe(rawJson);
        await using var connection = await db.OpenConnectionAsync(ct);
        var inserted = await connection.ExecuteAsync(new CommandDefinition(sql, new { updateId, rawJson, kind, chatId }, cancellationToken: ct)) == 1;
        Wake(chatId);
        return inserted;
    }

    /// <summary>Stores a batch in one round trip; the caller confirms the offset only after this returns.</summary>
    public async Task StoreBatchAsync(IReadOnlyList<(long UpdateId, string RawJson)> updates, CancellationToken ct)
    {
        if (updates.Count == 0)
            return;
        const string sql = """
            INSERT INTO telegram_updates (update_id, payload, kind, chat_id)
            SELECT * FROM unnest(@ids, @payloads, @kinds, @chats)
            ON CONFLICT (update_id) DO NOTHING
            """;
        var described = updates.Select(u => Describe(u.RawJson)).ToList();
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(sql, new
        {
            ids = updates.Select(u => u.UpdateId).ToArray(),
            payloads = updates.Select(u => u.RawJson).ToArray(),
            kinds = described.Select(d => d.Kind).ToArray(),
            chats = described.Select(d => d.ChatId).ToArray(),
        }, cancellationToken: ct));
        foreach (var chatId in described.Select(d => d.ChatId).Distinct())
            Wake(chatId);
    }

    /// <summary>The update's id, when the JSON is well-formed enough to have one.</summary>
    public static long? ReadUpdateId(JsonElement update) =>
        update.ValueKind == JsonValueKind.Object && update.TryGetProperty("update_id", out var id) && id.TryGetInt64(out var value) ? value : null;

    /// <summary>The update's kind and the chat it concerns (0 when it has none), read without Telegram.Bot's parser.</summary>
    static (string? Kind, long ChatId) Describe(string rawJson)
    {
        try
        {
            using var document = JsonDocument.Parse(rawJson);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name == "update_id")
                    continue;
                var body = property.Value;
                if (body.ValueKind == JsonValueKind.Object && body.TryGetProperty("message", out var inner) && inner.ValueKind == JsonValueKind.Object)
                    body = inner; // callback_query carries the chat on its message
                var chatId = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("chat", out var chat) && chat.ValueKind == JsonValueKind.Object
                    && chat.TryGetProperty("id", out var id) && id.TryGetInt64(out var value) ? value : 0;
                return (property.Name, chatId);
            }

            return (null, 0);
        }
        catch (JsonException)
        {
            return (null, 0);
        }
    }
}
