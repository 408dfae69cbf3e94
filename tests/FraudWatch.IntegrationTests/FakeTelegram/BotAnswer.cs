using System.Text.Json.Nodes;

namespace FraudWatch.IntegrationTests.FakeTelegram;

/// <summary>What the fake writes back: a Bot API envelope, or the HTML page nginx serves when Telegram's backend is down.</summary>
internal readonly record struct BotAnswer(int StatusCode, string Body, bool Html = false, int? RetryAfter = null)
{
    public static BotAnswer Ok(JsonNode? result) =>
        new(200, new JsonObject { ["ok"] = true, ["result"] = result }.ToJsonString());

    public static BotAnswer Ok(JsonNode? result, string description) =>
        new(200, new JsonObject { ["ok"] = true, ["result"] = result, ["description"] = description }.ToJsonString());

    /// <summary>Result already serialized, so update bodies (possibly malformed on purpose) go out byte for byte.</summary>
    public static BotAnswer OkRaw(string resultJson) => new(200, "{\"ok\":true,\"result\":" + resultJson + "}");

    public static BotAnswer Error(int code, string description, JsonObject? parameters = null)
    {
        var body = new JsonObject { ["ok"] = false, ["error_code"] = code, ["description"] = description };
        if (parameters is not null)
            body["parameters"] = parameters;
        return new(code, body.ToJsonString(), RetryAfter: (int?)parameters?["retry_after"]);
    }

    public static BotAnswer BadRequest(string what) => Error(400, "Bad Request: " + what);

    public static BotAnswer TooManyRequests(int retryAfter) =>
        Error(429, $"Too Many Requests: retry after {retryAfter}", new JsonObject { ["retry_after"] = retryAfter });

    public static BotAnswer NginxPage(int code, string reason) => new(code, $"""
        <html>
        <head><title>{code} {reason}</title></head>
        <body>
        <center><h1>{code} {reason}</h1></center>
        <hr><center>nginx/1.18.0</center>
        </body>
        </html>

        """, Html: true);

    public static BotAnswer From(FaultKind fault)
    {
        if (fault.HtmlBody)
            return NginxPage(fault.StatusCode, fault.Description);
        JsonObject? parameters = null;
        if (fault.MigrateToChatId is { } to)
            parameters = new JsonObject { ["migrate_to_chat_id"] = to };
        if (fault.RetryAfterSeconds is { } after)
            parameters = new JsonObject { ["retry_after"] = after };
        return Error(fault.StatusCode, fault.Description, parameters);
    }
}
