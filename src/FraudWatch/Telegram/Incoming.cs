namespace FraudWatch.Telegram;

/// <summary>Who sent something, as features see it: never a Telegram.Bot type.</summary>
public sealed record ChatUser(long Id, string FirstName, string? LastName, string? Username, string? LanguageCode, bool IsBot)
{
    public string DisplayName =>
        string.Join(' ', FirstName, LastName).Trim() + (Username is { Length: > 0 } u ? $" (@{u})" : "");
}

/// <summary>A picture sent to the bot: a photo (largest size) or an image document.</summary>
public sealed record IncomingImage(string FileId, long? FileSize, int? Width, int? Height, string? MimeType);

/// <summary>A message, translated at the edge; <see cref="Text"/> is the text or the caption.</summary>
public sealed record IncomingMessage(
    long ChatId, bool InGroup, string ChatTitle, string ChatKind, int MessageId, ChatUser? From, string Text,
    IReadOnlyList<string> HiddenLinks, IncomingMessage? ReplyTo = null, string? ForwardedFrom = null, IncomingImage? Image = null,
    long? MigrateToChatId = null, long? MigrateFromChatId = null, bool HasOtherMedia = false)
{
    public bool IsForwarded => ForwardedFrom is not null;
}

/// <summary>An inline button pressed under one of the bot's messages.</summary>
public sealed record ButtonPress(string Id, ChatUser From, string Data, long? ChatId, int? MessageId);

/// <summary>The bot itself added to or removed from a chat (my_chat_member).</summary>
public sealed record MembershipChange(long ChatId, bool InGroup, string ChatTitle, string ChatKind, bool WasIn, bool IsIn, long ByUserId);
