using FraudWatch.Access;
using FraudWatch.Groups;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace FraudWatch.Telegram;

/// <summary>Sees ordinary (non-command) messages, e.g. to warn about reported numbers.</summary>
public interface IMessageWatcher
{
    Task OnMessageAsync(Message message, Group? group, CancellationToken ct);
}

/// <summary>Handles inline-button presses whose data starts with <see cref="Prefix"/>.</summary>
public interface ICallbackHandler
{
    string Prefix { get; }
    Task HandleAsync(CallbackQuery query, Role presserRole, CancellationToken ct);
}

public sealed class UpdateHandler(
    CommandRouter commands, MembershipHandler membership, GroupStore groups, RoleStore roles,
    IEnumerable<IMessageWatcher> watchers, IEnumerable<ICallbackHandler> callbacks)
{
    public Task HandleAsync(Update update, CancellationToken ct) => update switch
    {
        { Message: { } message } => OnMessageAsync(message, ct),
        { CallbackQuery: { } query } => OnCallbackAsync(query, ct),
        { MyChatMember: { } change } => membership.OnMembershipChangeAsync(change, ct),
        _ => Task.CompletedTask,
    };

    async Task OnMessageAsync(Message message, CancellationToken ct)
    {
        if (message.MigrateToChatId is { } newChatId)
        {
            await groups.MigrateAsync(message.Chat.Id, newChatId, ct);
            return;
        }

        if (message.MigrateFromChatId is { } oldChatId)
        {
            await groups.MigrateAsync(oldChatId, message.Chat.Id, ct);
            return;
        }

        if (await commands.TryHandleAsync(message, ct))
            return;

        if (message.Chat.Type is ChatType.Group or ChatType.Supergroup)
        {
            var group = await groups.GetAsync(message.Chat.Id, ct);
            foreach (var watcher in watchers)
                await watcher.OnMessageAsync(message, group, ct);
        }
    }

    async Task OnCallbackAsync(CallbackQuery query, CancellationToken ct)
    {
        var handler = callbacks.FirstOrDefault(h => query.Data?.StartsWith(h.Prefix, StringComparison.Ordinal) == true);
        if (handler is null)
            return;
        // The presser's role decides, never the role of whoever posted the message with the buttons.
        var role = await roles.GetAsync(query.From.Id, ct);
        await handler.HandleAsync(query, role, ct);
    }
}
