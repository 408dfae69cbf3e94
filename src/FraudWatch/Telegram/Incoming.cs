using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

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

/// <summary>Turns Telegram.Bot's types into ours, so that nothing outside this folder depends on the client library.</summary>
static class Translate
{
    public static IncomingMessage Message(Message m) => new(
        m.Chat.Id,
        m.Chat.Type is ChatType.Group or ChatType.Supergroup,
        m.Chat.Title ?? "",
        m.Chat.Type.ToString().ToLowerInvariant(),
        m.MessageId,
        m.From is { } f ? User(f) : null,
        m.Text ?? m.Caption ?? "",
        (m.Entities ?? m.CaptionEntities ?? [])
            .Where(e => e.Type == MessageEntityType.TextLink && !string.IsNullOrEmpty(e.Url))
            .Select(e => e.Url!).ToList(),
        m.ReplyToMessage is { } replied ? Message(replied) : null,
        Origin(m.ForwardOrigin),
        Image(m),
        m.MigrateToChatId,
        m.MigrateFromChatId,
        m.Sticker is not null || m.Voice is not null || m.Audio is not null || m.Video is not null || m.VideoNote is not null
            || (m.Document is not null && Image(m) is null));

    public static ChatUser User(User u) => new(u.Id, u.FirstName, u.LastName, u.Username, u.LanguageCode, u.IsBot);

    public static ButtonPress Press(CallbackQuery q) =>
        new(q.Id, User(q.From), q.Data ?? "", q.Message?.Chat.Id, q.Message?.MessageId);

    public static MembershipChange Membership(ChatMemberUpdated c) => new(
        c.Chat.Id, c.Chat.Type is ChatType.Group or ChatType.Supergroup, c.Chat.Title ?? "", c.Chat.Type.ToString().ToLowerInvariant(),
        IsIn(c.OldChatMember.Status), IsIn(c.NewChatMember.Status), c.From.Id);

    static bool IsIn(ChatMemberStatus status) =>
        status is ChatMemberStatus.Member or ChatMemberStatus.Administrator or ChatMemberStatus.Creator or ChatMemberStatus.Restricted;

    static string? Origin(MessageOrigin? origin) => origin switch
    {
        null => null,
        MessageOriginUser u => string.Join(' ', u.SenderUser.FirstName, u.SenderUser.LastName).Trim(),
        MessageOriginHiddenUser h => h.SenderUserName,
        MessageOriginChat c => c.SenderChat.Title ?? "chat",
        MessageOriginChannel ch => ch.Chat.Title ?? "channel",
        _ => "forwarded",
    };

    static IncomingImage? Image(Message m)
    {
        if (m.Photo is { Length: > 0 } sizes)
        {
            var largest = sizes.MaxBy(p => (long)p.Width * p.Height)!;
            return new IncomingImage(largest.FileId, largest.FileSize, largest.Width, largest.Height, "image/jpeg");
        }

        return m.Document is { MimeType: { } mime } d && mime.StartsWith("image/", StringComparison.OrdinalIgnoreCase)
            ? new IncomingImage(d.FileId, d.FileSize, null, null, mime)
            : null;
    }
}
