using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace FraudWatch.Telegram;

/// <summary>A Bot API error as Telegram reports it.</summary>
public sealed class TelegramApiException(int errorCode, string message, int? retryAfter = null, long? migrateToChatId = null)
    : Exception(message)
{
    public int ErrorCode { get; } = errorCode;
    public int? RetryAfter { get; } = retryAfter;
    public long? MigrateToChatId { get; } = migrateToChatId;
}

/// <summary>
/// Raw Bot API calls for the few methods whose answers we must read as JSON ourselves (getUpdates:
/// each update is parsed on its own). Everything else goes through Telegram.Bot's client.
/// The token is part of the URL: this client is never given to the HTTP logging pipeline.
/// </summary>
public sealed class TelegramTransport(HttpClient http, IOptions<TelegramOptions> options)
{
    public async Task<JsonElement> CallAsync(string method, object parameters, CancellationToken ct, TimeSpan? timeout = null)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout ?? TimeSpan.FromSeconds(30));
        var url = $"{options.Value.ApiBaseUrl.TrimEnd('/')}/bot{options.Value.BotToken}/{method}";
        using var response = await http.PostAsJsonAsync(url, parameters, JsonOptions, cts.Token);
        var body = await response.Content.ReadAsStringAsync(cts.Token);
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(body).RootElement;
        }
        catch (JsonException)
        {
            throw new TelegramApiException((int)response.StatusCode, $"{method}: HTTP {(int)response.StatusCode} with a non-JSON body");
        }

        if (root.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.True && root.TryGetProperty("result", out var result))
            return result;

        var code = root.TryGetProperty("error_code", out var c) && c.TryGetInt32(out var n) ? n : (int)response.StatusCode;
        var description = root.TryGetProperty("description", out var d) ? d.GetString() ?? "" : "";
        int? retryAfter = null;
        long? migrateTo = null;
        if (root.TryGetProperty("parameters", out var p) && p.ValueKind == JsonValueKind.Object)
        {
            if (p.TryGetProperty("retry_after", out var r) && r.TryGetInt32(out var seconds))
                retryAfter = seconds;
            if (p.TryGetProperty("migrate_to_chat_id", out var m) && m.TryGetInt64(out var chat))
                migrateTo = chat;
        }

        throw new TelegramApiException(code, $"{method}: {code} {description}", retryAfter, migrateTo);
    }

    static readonly JsonSerializerOptions JsonOptions = new()
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };
}
