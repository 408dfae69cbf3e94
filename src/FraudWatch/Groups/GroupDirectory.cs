using FraudWatch.Telegram;

namespace FraudWatch.Groups;

/// <summary>Groups as the bot meets them: joined, left, migrated, and the chat context of commands and messages.</summary>
public sealed class GroupDirectory(GroupStore groups, IServiceProvider services, Microsoft.Extensions.Options.IOptions<FraudWatchOptions> options,
    ILogger<GroupDirectory> logger) : IChatDirectory
{
    // The sender needs the gateway, which needs this directory: resolved when first used.
    ChatSender Sender => services.GetRequiredService<ChatSender>();

    public async Task<ChatPlace> SeenAsync(IncomingMessage message, CancellationToken ct) =>
        Place(await groups.GetAsync(message.ChatId, ct) ?? await groups.JoinedAsync(message.ChatId, message.ChatTitle, message.ChatKind, null, ct));

    public async Task<ChatPlace?> FindAsync(long chatId, CancellationToken ct) =>
        await groups.GetAsync(chatId, ct) is { } group ? Place(group) : null;

    public async Task OnMembershipAsync(MembershipChange change, CancellationToken ct)
    {
        if (!change.InGroup)
            return;
        if (!change.WasIn && change.IsIn)
        {
            var group = await groups.JoinedAsync(change.ChatId, change.ChatTitle, change.ChatKind, change.ByUserId, ct);
            logger.LogInformation("Added to chat {ChatId} ({Title}); status {Status}", change.ChatId, change.ChatTitle, group.Status);
            var language = ReplyLanguage.Choose(group.Language, null, options.Value.CountyLanguage);
            await Sender.ReplyAsync(change.ChatId, group.Status == "active"
                ? BotText.Back(group.Township, group.Village, language)
                : BotText.Hello(language), ct: ct);
        }
        else if (change.WasIn && !change.IsIn)
        {
            await groups.MarkLeftAsync(change.ChatId, ct);
            logger.LogInformation("Removed from chat {ChatId}; marked left", change.ChatId);
        }
    }

    public Task LeftAsync(long chatId, CancellationToken ct) => groups.MarkLeftAsync(chatId, ct);

    public Task MigratedAsync(long oldChatId, long newChatId, CancellationToken ct) => groups.MigrateAsync(oldChatId, newChatId, ct);

    static ChatPlace Place(Group g) => new(g.Id, g.ChatId, g.Status, g.Township, g.Village, g.Language);
}
