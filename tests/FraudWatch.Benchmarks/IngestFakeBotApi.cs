using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FraudWatch.Benchmarks;

/// <summary>
/// A Bot API that answers every call at once, so the ingest run measures FraudWatch and PostgreSQL, not Telegram.
/// Only what a /report needs: getMe, setWebhook, setMyCommands, sendMessage, editMessageText, answerCallbackQuery.
/// </summary>
sealed class IngestFakeBotApi : IAsyncDisposable
{
    public const string Token = "4242:ingest-benchmark-token";
    readonly WebApplication app;
    long lastMessageId;
    long sends;

    IngestFakeBotApi(WebApplication app) => this.app = app;

    public string BaseUrl { get; private set; } = "";
    public long Sends => Interlocked.Read(ref sends);

    public static async Task<IngestFakeBotApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var fake = new IngestFakeBotApi(builder.Build());
        fake.app.Run(fake.HandleAsync);
        await fake.app.StartAsync();
        fake.BaseUrl = fake.app.Urls.First().TrimEnd('/');
        return fake;
    }

    async Task HandleAsync(HttpContext http)
    {
        var method = http.Request.Path.Value!.Split('/').Last().ToLowerInvariant();
        JsonObject? body = null;
        if (http.Request.ContentLength is not 0 && http.Request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true)
            body = await JsonNode.ParseAsync(http.Request.Body) as JsonObject;
        JsonNode result = method switch
        {
            "getme" => new JsonObject { ["id"] = 4242, ["is_bot"] = true, ["first_name"] = "Ingest", ["username"] = "IngestBot" },
            "sendmessage" or "editmessagetext" => Message(body, method == "sendmessage"),
            "getchatmembercount" => JsonValue.Create(100),
            _ => JsonValue.Create(true),
        };
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(new JsonObject { ["ok"] = true, ["result"] = result }.ToJsonString());
    }

    JsonObject Message(JsonObject? body, bool isNew)
    {
        var chatId = body?["chat_id"] is JsonValue id ? long.Parse(id.ToString(), CultureInfo.InvariantCulture) : 0;
        if (isNew)
            Interlocked.Increment(ref sends);
        return new JsonObject
        {
            ["message_id"] = isNew ? Interlocked.Increment(ref lastMessageId) : body?["message_id"]?.GetValue<long>() ?? 0,
            ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["chat"] = new JsonObject { ["id"] = chatId, ["type"] = chatId > 0 ? "private" : "group", ["title"] = chatId > 0 ? null : "group" },
            ["text"] = body?["text"]?.GetValue<string>() ?? "",
        };
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
