using System.Globalization;
using System.Net;
using System.Text;
using FraudWatch.Access;
using FraudWatch.Telegram;

namespace FraudWatch.Campaigns;

public sealed class CampaignCommands(CampaignService campaigns, CampaignStore store, CampaignViews views) : ICommandModule
{
    public IEnumerable<CommandSpec> Commands =>
    [
        new("broadcast", Role.Officer, CommandScope.PrivateOnly, "/broadcast <template> <target> [now | at yyyy-MM-dd HH:mm | cron <5 fields>]",
            "send or schedule a warning / 发送或定时推送预警", BroadcastAsync),
        new("campaigns", Role.Officer, CommandScope.PrivateOnly, "/campaigns", "recent campaigns and their counts / 最近的推送", ListAsync),
        new("cancel", Role.Officer, CommandScope.PrivateOnly, "/cancel <campaign-id>", "stop a campaign / 取消推送", CancelAsync),
        new("preview", Role.Officer, CommandScope.PrivateOnly, "/preview <template> [<chat-id>]", "see a warning as a group gets it / 预览预警", PreviewAsync),
    ];

    async Task BroadcastAsync(CommandContext context, CancellationToken ct)
    {
        var words = context.Words;
        if (words.Length < 2)
        {
            await context.ReplyAsync(Html("Usage: /broadcast <template> <target> [now | at yyyy-MM-dd HH:mm | cron <5 fields>], e.g. /broadcast impersonate_police township:灵溪镇 at 2025-06-01 09:00"), ct: ct);
            return;
        }

        var schedule = words.Length > 2 ? string.Join(' ', words[2..]) : "now";
        var name = await store.DisplayNameAsync(context.UserId, ct) ?? context.Message.From?.FirstName;
        var outcome = await campaigns.CreateAsync(new CampaignRequest(words[0], null, words[1], schedule, OfficerName: name), context.Actor, ct);
        if (outcome.Campaign is not { } campaign)
        {
            await context.ReplyAsync(Html($"Not created ({outcome.Field}): {outcome.Error}"), ct: ct);
            return;
        }

        var when = outcome.Run is { } run ? $"started now for {run.Targeted} groups" : $"scheduled: {campaign.Schedule}";
        await context.ReplyAsync(Html($"Campaign #{campaign.Id} {when}. /cancel {campaign.Id} stops it. 推送已创建。"), ct: ct);
    }

    async Task ListAsync(CommandContext context, CancellationToken ct)
    {
        var list = await views.ViewsAsync(await store.ListAsync(10, ct), ct);
        if (list.Count == 0)
        {
            await context.ReplyAsync("No campaigns yet. 暂无推送。 Start one with /broadcast.", ct: ct);
            return;
        }

        var text = new StringBuilder("Recent campaigns / 最近的推送:\n");
        foreach (var c in list)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"\n#{c.Id} {c.Template ?? "text"} → {c.Target} ({c.Schedule}) {c.Status}: {c.Sent + c.DryRun}/{c.Targeted} sent, {c.Failed} failed, {c.Skipped} skipped, {c.Pending} pending");
        }

        await context.ReplyAsync(Html(text.ToString()), ct: ct);
    }

    async Task CancelAsync(CommandContext context, CancellationToken ct)
    {
        if (context.Words is not [var word] || !long.TryParse(word.TrimStart('#'), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            await context.ReplyAsync("Usage: /cancel &lt;campaign-id&gt; — the number /campaigns shows.", ct: ct);
            return;
        }

        var reply = await campaigns.CancelAsync(id, context.Actor, ct) switch
        {
            null => $"No campaign #{id}; /campaigns lists them.",
            false => $"Campaign #{id} had already finished or was cancelled.",
            true => $"Campaign #{id} cancelled: nothing more will be sent. 已取消。",
        };
        await context.ReplyAsync(Html(reply), ct: ct);
    }

    async Task PreviewAsync(CommandContext context, CancellationToken ct)
    {
        var words = context.Words;
        long? chatId = null;
        if (words.Length is < 1 or > 2 || (words.Length == 2 && !long.TryParse(words[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed)))
        {
            await context.ReplyAsync("Usage: /preview &lt;template&gt; [&lt;chat-id&gt;]", ct: ct);
            return;
        }

        if (words.Length == 2)
            chatId = long.Parse(words[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var (result, _, error) = await campaigns.PreviewAsync(words[0], null, chatId, ct);
        await context.ReplyAsync(result is { Ok: true } ? result.Text! : Html(error ?? result?.Error ?? "Cannot preview."), ct: ct);
    }

    static string Html(string text) => WebUtility.HtmlEncode(text);
}
