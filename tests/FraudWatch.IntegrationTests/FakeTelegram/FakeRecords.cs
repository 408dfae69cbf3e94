using System.Text.Json.Nodes;

namespace FraudWatch.IntegrationTests.FakeTelegram;

/// <summary>One HTTP call the fake answered: method as sent, parameters merged from query, form and JSON body.</summary>
public sealed record RecordedCall(string Method, JsonObject Params, string RawBody, int StatusCode, DateTime AtUtc);

/// <summary>A message the fake accepted from the bot, as it stands now (edits update it).</summary>
public sealed record SentMessage(
    long ChatId,
    long MessageId,
    string Text,
    long? ReplyToMessageId,
    string? ReplyMarkupJson,
    DateTime SentAtUtc,
    int EditCount = 0,
    bool Deleted = false);

/// <summary>One attempt to POST an update to the webhook; StatusCode 0 means the request itself failed.</summary>
public sealed record WebhookDelivery(long UpdateId, int Attempt, int StatusCode, string? Error, DateTime AtUtc);

/// <summary>
/// A scripted failure for one chat, shaped like the answers Telegram (or the nginx in front of it) gives.
/// </summary>
public sealed record FaultKind
{
    private FaultKind(string name, int statusCode, string description)
    {
        Name = name;
        StatusCode = statusCode;
        Description = description;
    }

    public string Name { get; }
    public int StatusCode { get; }
    public string Description { get; }
    public long? MigrateToChatId { get; private init; }
    public int? RetryAfterSeconds { get; private init; }
    public TimeSpan? Delay { get; private init; }
    public bool HtmlBody { get; private init; }

    public static FaultKind Kicked { get; } = new("Kicked", 403, "Forbidden: bot was kicked from the group chat");
    public static FaultKind NotMember { get; } = new("NotMember", 403, "Forbidden: bot is not a member of the group chat");
    public static FaultKind ChatNotFound { get; } = new("ChatNotFound", 400, "Bad Request: chat not found");
    public static FaultKind BadGatewayJson { get; } = new("BadGatewayJson", 502, "Bad Gateway");
    public static FaultKind BadGatewayHtml { get; } = new("BadGatewayHtml", 502, "Bad Gateway") { HtmlBody = true };

    public static FaultKind Migrated(long newChatId) =>
        new("Migrated", 400, "Bad Request: group chat was upgraded to a supergroup chat") { MigrateToChatId = newChatId };

    public static FaultKind TooManyRequests(int retryAfterSeconds) =>
        new("TooManyRequests", 429, $"Too Many Requests: retry after {retryAfterSeconds}") { RetryAfterSeconds = retryAfterSeconds };

    /// <summary>Holds the request for <paramref name="delay"/>, then answers 504 with nginx's HTML page.</summary>
    public static FaultKind Timeout(TimeSpan delay) =>
        new("Timeout", 504, "Gateway Timeout") { Delay = delay, HtmlBody = true };

    public override string ToString() => $"{Name} ({StatusCode} {Description})";
}
