using System.Net;
using FraudWatch.Telegram;

namespace FraudWatch.Groups;

/// <summary>Groups as the bot meets them: joined, left, migrated, and the chat context of commands and messages.</summary>
public sealed class GroupDirectory(GroupStore groups, IServiceProvider services, ILogger<GroupDirectory> logger) : IChatDirectory
{
    public const string Hello =
        "您好！我是反诈助手 FraudWatch，由辖区派出所使用。\n" +
        "• 我会在本群发布防诈骗预警；\n" +
        "• 遇到可疑电话、短信、链接，请发 /report 加内容举报，或用 /check 查询号码、链接；\n" +
        "• 我只保存举报内容和触发预警的消息，不保存群里的其他聊天。\n" +
        "请社区民警在本群发送 /bind &lt;乡镇&gt; &lt;村&gt; 完成绑定后启用。\n" +
        "Hello! I post anti-fraud warnings here and take /report and /check. An officer must /bind this group first.";

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
            await Sender.SendAsync(change.ChatId, group.Status == "active"
                ? $"您好，反诈助手回来了。本群仍绑定 {Html(group.Township)} {Html(group.Village)}，将继续接收预警。"
                : Hello, ct: ct);
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

    static string Html(string? text) => WebUtility.HtmlEncode(text ?? "");
}
