using FraudWatch.Access;
using Telegram.Bot.Types;

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
    CommandRouter commands, IChatDirectory chats, RoleStore roles, IEnumerable<IMessageWatcher> watchers, IEnumerable<ICallbackHandler> callbacks)
{
    public Task HandleAsync(Update update, CancellationToken ct) => update switch
    {
        { Message: { } message } => OnMessageAsync(Translate.Message(message), ct),
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

    async Task OnCallbackAsync(ButtonPress press, CancellationToken ct)
    {
        var handler = callbacks.FirstOrDefault(h => press.Data.StartsWith(h.Prefix, StringComparison.Ordinal));
        if (handler is null)
            return;
        // The presser's role decides, never the role of whoever posted the message with the buttons.
        var role = await roles.GetAsync(press.From.Id, ct);
        await handler.HandleAsync(press, role, ct);
    }
}
