using FraudWatch.Access;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace FraudWatch.Telegram;

/// <summary>Sees ordinary (non-command) messages, e.g. to warn about reported numbers or to answer a forward in private.</summary>
public interface IMessageWatcher
{
    Task OnMessageAsync(IncomingMessage message, ChatPlace? group, CancellationToken ct);
}

/// <summary>Handles inline-button presses whose data starts with <see cref="Prefix"/>.</summary>
public interface ICallbackHandler
{
    string Prefix { get; }
    Task HandleAsync(ButtonPress press, Role presserRole, CancellationToken ct);
}

/// <summary>The one dispatcher: Telegram's update becomes our own type here, then goes to the feature that handles it.</summary>
public sealed class UpdateHandler(
    CommandRouter commands, IChatDirectory chats, RoleStore roles, IEnumerable<IMessageWatcher> watchers, IEnumerable<ICallbackHandler> callbacks,
    BotGateway gateway, ChatLanguage languages)
{
    public Task HandleAsync(Update update, CancellationToken ct) => update switch
    {
        { Message: { } message } => OnMessageAsync(Translate.Message(message), ct),
        { EditedMessage: { } edited } => OnEditedAsync(Translate.Message(edited), ct),
        { CallbackQuery: { } query } => OnCallbackAsync(Translate.Press(query), ct),
        { MyChatMember: { } change } => chats.OnMembershipAsync(Translate.Membership(change), ct),
        _ => Task.CompletedTask,
    };

    async Task OnMessageAsync(IncomingMessage message, CancellationToken ct)
    {
        if (message.MigrateToChatId is { } newChatId)
        {
            await chats.MigratedAsync(message.ChatId, newChatId, ct);
            return;
        }

        if (message.MigrateFromChatId is { } oldChatId)
        {
            await chats.MigratedAsync(oldChatId, message.ChatId, ct);
            return;
        }

        if (await commands.TryHandleAsync(message, ct))
            return;

        var group = message.InGroup ? await chats.FindAsync(message.ChatId, ct) : null;
        foreach (var watcher in watchers)
            await watcher.OnMessageAsync(message, group, ct);
    }

    /// <summary>
    /// A group message edited to hold a reported number is warned about as a new one would be (once per message). An edit is
    /// never a command, nor checked again in private: the first answer stands.
    /// </summary>
    async Task OnEditedAsync(IncomingMessage message, CancellationToken ct)
    {
        if (!message.InGroup || message.Text is ['/' or '／', ..])
            return;
        var group = await chats.FindAsync(message.ChatId, ct);
        foreach (var watcher in watchers)
            await watcher.OnMessageAsync(message, group, ct);
    }

    async Task OnCallbackAsync(ButtonPress press, CancellationToken ct)
    {
        var handler = callbacks.FirstOrDefault(h => press.Data.StartsWith(h.Prefix, StringComparison.Ordinal));
        if (handler is null)
        {
            // A button no feature knows (an older version's, or tampered data) still stops spinning, with a word why.
            var lang = await languages.OfChatAsync(press.ChatId ?? press.From.Id, press.From.LanguageCode, ct);
            await gateway.AnswerButtonAsync(press.Id, BotText.ButtonInvalid(lang), ct);
            return;
        }

        // The presser's role decides, never the role of whoever posted the message with the buttons.
        var role = await roles.GetAsync(press.From.Id, ct);
        await handler.HandleAsync(press, role, ct);
    }
}

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
            || (m.Document is not null && Image(m) is null),
        m.SenderChat is not null || m.IsAutomaticForward);

    public static ChatUser User(User u) => new(u.Id, u.FirstName, u.LastName, u.Username, u.LanguageCode, u.IsBot);

    public static ButtonPress Press(CallbackQuery q) =>
        new(q.Id, User(q.From), q.Data ?? "", q.Message?.Chat.Id, q.Message?.MessageId);

    public static MembershipChange Membership(ChatMemberUpdated c) => new(
        c.Chat.Id, c.Chat.Type is ChatType.Group or ChatType.Supergroup, c.Chat.Title ?? "", c.Chat.Type.ToString().ToLowerInvariant(),
        IsIn(c.OldChatMember), IsIn(c.NewChatMember), c.From.Id);

    // A restricted bot that is removed stays "restricted" with is_member false: only is_member says whether it is there.
    static bool IsIn(ChatMember member) => member switch
    {
        ChatMemberRestricted restricted => restricted.IsMember,
        _ => member.Status is ChatMemberStatus.Member or ChatMemberStatus.Administrator or ChatMemberStatus.Creator,
    };

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
