using FraudWatch.Telegram;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace FraudWatch.Groups;

/// <summary>The bot added to or removed from a group (my_chat_member updates).</summary>
public sealed class MembershipHandler(GroupStore groups, ChatSender sender, ILogger<MembershipHandler> logger)
{
    public const string Hello =
        "您好！我是反诈助手 FraudWatch，由辖区派出所使用。\n" +
        "• 我会在本群发布防诈骗预警；\n" +
        "• 遇到可疑电话、短信、链接，请发 /report 加内容举报，或用 /check 查询号码、链接；\n" +
        "• 我只保存举报内容和触发预警的消息，不保存群里的其他聊天。\n" +
        "请社区民警在本群发送 /bind &lt;乡镇&gt; &lt;村&gt; 完成绑定后启用。\n" +
        "Hello! I post anti-fraud warnings here and take /report and /check. An officer must /bind this group first.";

    public async Task OnMembershipChangeAsync(ChatMemberUpdated change, CancellationToken ct)
    {
        if (change.Chat.Type is not (ChatType.Group or ChatType.Supergroup))
            return;
        var wasIn = IsIn(change.OldChatMember.Status);
        var isIn = IsIn(change.NewChatMember.Status);
        if (!wasIn && isIn)
        {
            var group = await groups.JoinedAsync(change.Chat.Id, change.Chat.Title ?? "", change.Chat.Type.ToString().ToLowerInvariant(), change.From.Id, ct);
            logger.LogInformation("Added to chat {ChatId} ({Title}); status {Status}", change.Chat.Id, change.Chat.Title, group.Status);
            await sender.SendAsync(change.Chat.Id, group.Status == "active"
                ? $"您好，反诈助手回来了。本群仍绑定 {group.Township} {group.Village}，将继续接收预警。"
                : Hello, ct: ct);
        }
        else if (wasIn && !isIn)
        {
            await groups.MarkLeftAsync(change.Chat.Id, ct);
            logger.LogInformation("Removed from chat {ChatId}; marked left", change.Chat.Id);
        }
    }

    static bool IsIn(ChatMemberStatus status) => status is ChatMemberStatus.Member or ChatMemberStatus.Administrator or ChatMemberStatus.Creator or ChatMemberStatus.Restricted;
}
