using System.Text.Json;
using System.Threading.Channels;
using Dapper;
using Npgsql;

namespace FraudWatch.Telegram;

/// <summary>
/// Stores each raw update before anything acts on it. The update_id primary key makes a redelivered
/// update a no-op; the processor is woken for new ones.
/// </summary>
public sealed class UpdateInbox(NpgsqlDataSource db)
{
    readonly Channel<long> wake = Channel.CreateBounded<long>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    internal ChannelReader<long> Wakeups => wake.Reader;

    /// <summary>Stores one update given as raw JSON; returns false when it was already stored.</summary>
    public async Task<bool> StoreAsync(long updateId, string rawJson, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO telegram_updates (update_id, payload, kind) VALUES (@updateId, @rawJson, @kind)
            ON CONFLICT (update_id) DO NOTHING
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        var inserted = await connection.ExecuteAsync(new CommandDefinition(sql, new { updateId, rawJson, kind = KindOf(rawJson) }, cancellationToken: ct)) == 1;
        wake.Writer.TryWrite(updateId);
        return inserted;
    }

    /// <summary>Stores a batch in one round trip; the caller confirms the offset only after this returns.</summary>
    public async Task StoreBatchAsync(IReadOnlyList<(long UpdateId, string RawJson)> updates, CancellationToken ct)
    {
        if (updates.Count == 0)
            return;
        const string sql = """
            INSERT INTO telegram_updates (update_id, payload, kind)
            SELECT * FROM unnest(@ids, @payloads, @kinds)
            ON CONFLICT (update_id) DO NOTHING
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(sql, new
        {
            ids = updates.Select(u => u.UpdateId).ToArray(),
            payloads = updates.Select(u => u.RawJson).ToArray(),
            kinds = updates.Select(u => KindOf(u.RawJson)).ToArray(),
        }, cancellationToken: ct));
        wake.Writer.TryWrite(updates[^1].UpdateId);
    }

    /// <summary>The update's id, when the JSON is well-formed enough to have one.</summary>
    public static long? ReadUpdateId(JsonElement update) =>
        update.ValueKind == JsonValueKind.Object && update.TryGetProperty("update_id", out var id) && id.TryGetInt64(out var value) ? value : null;

    static string? KindOf(string rawJson)
    {
        try
        {
            using var document = JsonDocument.Parse(rawJson);
            return document.RootElement.EnumerateObject().Select(p => p.Name).FirstOrDefault(n => n != "update_id");
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
