namespace FraudWatch.Telegram;

/// <summary>Who sent something, as features see it: never a Telegram.Bot type.</summary>
public sealed record ChatUser(long Id, string FirstName, string? LastName, string? Username, string? LanguageCode, bool IsBot)
{
    public string DisplayName =>
        string.Join(' ', FirstName, LastName).Trim() + (Username is { Length: > 0 } u ? $" (@{u})" : "");

    /// <summary>
    /// Telegram's own senders, none of them a person: 777000 (channel posts forwarded to a linked group, service notices),
    /// 1087968824 (GroupAnonymousBot, an anonymous admin), 136817688 (Channel_Bot, someone posting as a channel).
    /// </summary>
    public static bool IsServiceAccount(long id) => id is 777000 or 1087968824 or 136817688;
}

/// <summary>A picture sent to the bot: a photo (largest size) or an image document.</summary>
public sealed record IncomingImage(string FileId, long? FileSize, int? Width, int? Height, string? MimeType);

/// <summary>
/// A message, translated at the edge; <see cref="Text"/> is the text or the caption. <see cref="SentAsChat"/>: sent in
/// a chat's name (sender_chat: a channel, an anonymous admin) or forwarded by Telegram itself from a linked channel.
/// </summary>
public sealed record IncomingMessage(
    long ChatId, bool InGroup, string ChatTitle, string ChatKind, int MessageId, ChatUser? From, string Text,
    IReadOnlyList<string> HiddenLinks, IncomingMessage? ReplyTo = null, string? ForwardedFrom = null, IncomingImage? Image = null,
    long? MigrateToChatId = null, long? MigrateFromChatId = null, bool HasOtherMedia = false, bool SentAsChat = false)
{
    public bool IsForwarded => ForwardedFrom is not null;

    /// <summary>The person who wrote it, or null when no person did (a bot, a channel, Telegram itself).</summary>
    public ChatUser? Person => From is { IsBot: false } user && !SentAsChat && !ChatUser.IsServiceAccount(user.Id) ? user : null;
}

/// <summary>An inline button pressed under one of the bot's messages.</summary>
public sealed record ButtonPress(string Id, ChatUser From, string Data, long? ChatId, int? MessageId);

/// <summary>The bot itself added to or removed from a chat (my_chat_member).</summary>
public sealed record MembershipChange(long ChatId, bool InGroup, string ChatTitle, string ChatKind, bool WasIn, bool IsIn, long ByUserId);
