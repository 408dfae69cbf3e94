using System.Globalization;
using System.Text;
using FraudWatch.Access;
using FraudWatch.Telegram;

namespace FraudWatch.Campaigns;

public sealed class CampaignCommands(CampaignService campaigns, CampaignStore store, CampaignViews views, TemplateCatalog templates,
    Microsoft.Extensions.Options.IOptions<FraudWatchOptions> options) : ICommandModule
{
    public IEnumerable<CommandSpec> Commands =>
    [
        new("broadcast", Role.Officer, CommandScope.PrivateOnly, "/broadcast <template> <target> [now | at yyyy-MM-dd HH:mm | cron <5 fields>]",
            "send or schedule a warning / 发送或定时推送预警", BroadcastAsync) { ZhUsage = "/broadcast <模板名> <目标> [now | at 日期 时间 | cron 五段]" },
        new("campaigns", Role.Officer, CommandScope.PrivateOnly, "/campaigns", "recent campaigns and their counts / 最近的推送", ListAsync),
        new("cancel", Role.Officer, CommandScope.PrivateOnly, "/cancel <campaign-id>", "stop a campaign / 取消推送", CancelAsync) { ZhUsage = "/cancel <推送编号>" },
        new("preview", Role.Officer, CommandScope.PrivateOnly, "/preview <template> [<chat-id>]", "see a warning as a group gets it / 预览预警", PreviewAsync)
            { ZhUsage = "/preview <模板名> [群号]" },
    ];

    async Task BroadcastAsync(CommandContext context, CancellationToken ct)
    {
        var words = context.Words;
        if (words.Length < 2)
        {
            await context.ReplyAsync(BotText.BroadcastUsage(context.Language), ct: ct);
            return;
        }

        // A target may be written "township:A, tag:B", as the console shows it: the words of a comma list are one target.
        var end = 2;
        while (end < words.Length && (words[end - 1].EndsWith(',') || words[end].StartsWith(',')))
            end++;
        var target = string.Join(' ', words[1..end]);
        var schedule = words.Length > end ? string.Join(' ', words[end..]) : "now";
        var name = await store.DisplayNameAsync(context.UserId, ct) ?? context.Message.From?.FirstName;
        // Keyed by the command's message: handled again (a retry after a failure, a crash before it was marked done), it
        // finds the campaign it made.
        var outcome = await campaigns.CreateAsync(new CampaignRequest(words[0], null, target, schedule, OfficerName: name,
            RequestKey: $"tg:{context.ChatId}:{context.Message.MessageId}"), context.Actor, ct);
        if (outcome.Campaign is not { } campaign)
        {
            CronProblem? problem = outcome.Error switch
            {
                { } e when e.Contains(Schedule.NeverFires, StringComparison.Ordinal) => CronProblem.NeverFires,
                { } e when e.Contains(Schedule.TooOften, StringComparison.Ordinal) => CronProblem.TooOften,
                _ => null,
            };
            await context.ReplyAsync(BotText.NotCreated(outcome.Field ?? "", outcome.Error, context.Language, problem), ct: ct);
            return;
        }

        if (outcome.Run is { } run)
        {
            await context.ReplyAsync(BotText.CampaignStarted(campaign.Id, run.Targeted, context.Language), ct: ct);
            return;
        }

        // An "at" shows its time already; a cron's next run is what the officer cannot see in it.
        var view = (await views.ViewsAsync([campaign], ct))[0];
        await context.ReplyAsync(BotText.CampaignScheduled(campaign.Id, campaign.Schedule, view.TimeZone,
            campaign.ScheduleKind == "cron" ? view.NextRunAt : null, context.Language), ct: ct);
    }

    async Task ListAsync(CommandContext context, CancellationToken ct)
    {
        var list = await views.ViewsAsync(await store.ListAsync(10, ct), ct);
        if (list.Count == 0)
        {
            await context.ReplyAsync(BotText.NoCampaigns(context.Language), ct: ct);
            return;
        }

        // Chinese shows a template by its title; English by the name officers type.
        var titles = templates.List(context.Language).ToDictionary(t => t.Name, t => t.Title);
        var text = new StringBuilder(BotText.CampaignsHeading(options.Value.Zone.Id, context.Language)).Append('\n');
        foreach (var c in list)
        {
            var what = c.Template is null ? BotText.FreeTextCampaign(context.Language)
                : context.English ? c.Template : titles.GetValueOrDefault(c.Template, BotText.FreeTextCampaign(context.Language));
            text.Append('\n').Append(BotText.CampaignLine(c.Id, what, c.Target, c.Schedule, c.Status, c.Sent + c.DryRun, c.Targeted, c.Failed, c.Skipped, c.Pending,
                c.Schedule.StartsWith("cron ", StringComparison.Ordinal) ? c.NextRunAt : null, context.Language));
        }

        await context.ReplyAsync(text.ToString(), ct: ct);
    }

    async Task CancelAsync(CommandContext context, CancellationToken ct)
    {
        if (context.Words is not [var word] || !long.TryParse(word.TrimStart('#'), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            await context.ReplyAsync(BotText.CancelUsage(context.Language), ct: ct);
            return;
        }

        await context.ReplyAsync(BotText.Cancelled(id, await campaigns.CancelAsync(id, context.Actor, ct), context.Language), ct: ct);
    }

    async Task PreviewAsync(CommandContext context, CancellationToken ct)
    {
        var words = context.Words;
        long? chatId = null;
        if (words.Length is < 1 or > 2 || (words.Length == 2 && !long.TryParse(words[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed)))
        {
            await context.ReplyAsync(BotText.PreviewUsage(context.Language), ct: ct);
            return;
        }

        if (words.Length == 2)
            chatId = long.Parse(words[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        // Without a chat id the sample is in the officer's language, as a group with that language would get it.
        var (result, _, error) = await campaigns.PreviewAsync(words[0], null, chatId, ct, sampleLanguage: context.Language);
        await context.ReplyAsync(result is { Ok: true } ? result.Text! : BotText.CannotPreview(error ?? result?.Error, context.Language), ct: ct);
    }
}
