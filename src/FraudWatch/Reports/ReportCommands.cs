using System.Globalization;
using System.Text;
using FraudWatch.Access;
using FraudWatch.Audit;
using FraudWatch.Detection;
using FraudWatch.Groups;
using FraudWatch.Telegram;
using Microsoft.Extensions.Options;
using static FraudWatch.Reports.ReportText;

namespace FraudWatch.Reports;

public sealed class ReportCommands(
    ReportStore reports, ReputationStore reputation, Checker checker, WaveDesk waveDesk, Pseudonyms pseudonyms, DutyDesk desk, OutcomeService outcomes,
    IAlertBroadcaster broadcaster, AuditLog audit, IOptions<ReportsOptions> reportOptions, IOptions<FraudWatchOptions> options,
    QueuedReplies queue, TelegramStatus telegram, OfficialNumbers official, MemberWatcher members) : ICommandModule
{
    public IEnumerable<CommandSpec> Commands =>
    [
        new("report", Role.Resident, CommandScope.Anywhere, "/report <what happened>", "report a suspicious call, message or link (or reply to it) / 举报可疑电话、短信、链接", ReportAsync),
        new("check", Role.Resident, CommandScope.Anywhere, "/check <phone, link or message>", "check a number, link or message / 查询号码、链接", CheckAsync),
        new("outcome", Role.Assistant, CommandScope.Anywhere, "/outcome <id> <dissuaded|intercepted|loss|not_fraud|duplicate> [amount] [note]", "record what happened to a report / 记录处置结果", OutcomeAsync),
        new("alert", Role.Officer, CommandScope.Anywhere, "/alert <phone-or-url> <target> [note]", "confirm a fraud number or link and warn the target at once / 确认诈骗号码并紧急预警", AlertAsync),
    ];

    async Task ReportAsync(CommandContext context, CancellationToken ct)
    {
        if (context.InGroup && context.Group is not { Status: "active" })
        {
            await context.ReplyAsync(NotBound, ct: ct);
            return;
        }

        if (context.Group is { } group)
            await members.SeenAsync(context.UserId, group.Id, ct);

        var text = Reported(context.Message, context.Args);
        if (text.Length == 0)
        {
            await context.ReplyAsync(ReportUsage, ct: ct);
            return;
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var detection = Detector.Analyze(text);
        Telemetry.Detected(System.Diagnostics.Stopwatch.GetElapsedTime(started));
        var perHour = reportOptions.Value.PerHour;
        var reporter = await pseudonyms.OfAsync(context.UserId, ct);
        var (status, report) = await reports.CreateAsync(
            new NewReport(context.Group?.Id, context.Group?.ChatId, context.ChatId, context.Message.MessageId, context.UserId, reporter, text, detection),
            perHour, auditActor: reporter, ct);
        if (status == CreateStatus.RateLimited)
        {
            await context.ReplyAsync(RateLimited(perHour), ct: ct);
            return;
        }

        // A redelivered command answers again with the same number; the duty post is made only once.
        // Telegram's limits never hold intake up: when the answer cannot go out at once it is queued.
        var wave = await waveDesk.JoinAsync(report!, detection, reporter, ct);
        var answer = Answer(report!, detection) + (wave is { Reports: > 1 } ? "\n" + WaveDesk.SpreadLine(wave.Reports, wave.Villages.Count, ResidentText.Chinese) : "");
        // In a group the reporter gets a link into the private chat, where the outcome can reach them.
        IReadOnlyList<IReadOnlyList<Button>>? link = context.InGroup && telegram.BotUsername is { Length: > 0 } bot
            ? [[new Button(ResidentText.TellMeButton(ResidentText.Chinese), Url: ReportLinks.Url(bot, report!.Id))]]
            : null;
        if (await context.Sender.TrySendNowAsync(context.ChatId, answer, context.InGroup ? context.Message.MessageId : null, link, ct: ct) is null)
            await queue.QueueAnswerAsync(report!.Id, ct);
        if (report!.DutyMessageId is null)
            DutyPoster.Enqueue();
    }

    async Task CheckAsync(CommandContext context, CancellationToken ct)
    {
        if (context.InGroup && context.Group is not { Status: "active" })
        {
            await context.ReplyAsync(NotBound, ct: ct);
            return;
        }

        if (context.Group is { } group)
            await members.SeenAsync(context.UserId, group.Id, ct);

        var text = Reported(context.Message, context.Args);
        if (text.Length == 0)
        {
            await context.ReplyAsync(CheckUsage, ct: ct);
            return;
        }

        await context.ReplyAsync(await CheckTextAsync(text, ct), ct: ct);
    }

    /// <summary>A bare phone or link gets its reputation; a message gets its analysis and the reputation of what it holds.</summary>
    async Task<string> CheckTextAsync(string text, CancellationToken ct)
    {
        var answer = new StringBuilder();
        var result = await checker.CheckAsync(text, bareValueAlone: true, ct);
        if (result.Detection is { } detection)
        {
            AppendDetection(answer, detection);
            answer.Append('\n');
        }

        if (result.Reputation.Count > 0)
        {
            answer.Append("\n举报记录 · Reputation:");
            foreach (var r in result.Reputation)
                answer.Append("\n• ").Append(ReputationLine(r, options.Value.Zone));
        }

        if (await waveDesk.SpreadLineAsync(text, ResidentText.Chinese, ct) is { } spread)
            answer.Append('\n').Append(spread);
        answer.Append("\n\n拿不准请拨打反诈专线 96110。 Not sure? Call the anti-fraud hotline 96110.");
        return answer.ToString().Trim();
    }

    async Task OutcomeAsync(CommandContext context, CancellationToken ct)
    {
        var (args, error) = ReportArgs.ParseOutcome(context.Args);
        if (args is null)
        {
            await context.ReplyAsync(Html(error), ct: ct);
            return;
        }

        var name = context.Message.From!.DisplayName;
        var (status, report) = await outcomes.RecordAsync(
            new OutcomeRequest(args.ReportId, args.Outcome, args.Amount, args.Note, context.Actor, name, OnlyIfNew: false), ct);
        await context.ReplyAsync(status switch
        {
            OutcomeStatus.NotFound => $"没有举报 #{args.ReportId}。 No report #{args.ReportId}: check the number.",
            OutcomeStatus.Unchanged => $"#{args.ReportId} 已是 {Outcomes.Label(args.Outcome)}，未改动。 Already recorded; nothing changed.",
            _ => string.Create(CultureInfo.InvariantCulture, $"#{report!.Id} 已记录 Recorded: {desk.OutcomeLine(report)}"),
        }, ct: ct);
    }

    async Task AlertAsync(CommandContext context, CancellationToken ct)
    {
        var (args, error) = ReportArgs.ParseAlert(context.Args);
        if (args is null)
        {
            await context.ReplyAsync(Html(error), ct: ct);
            return;
        }

        if (official.IsOfficial(args.Kind, args.Value))
        {
            await context.ReplyAsync($"<code>{Html(args.Value)}</code> 是官方号码（公安、银行或运营商），不会被标记为诈骗。 This is an official number (police, bank or carrier) and is never warned about; alert the number the scammers actually use.", ct: ct);
            return;
        }

        await reputation.SetVerdictAsync(args.Kind, args.Value, "confirmed_fraud", context.Actor, args.Note, ct);
        await audit.WriteAsync(context.Actor, "indicator.confirm", $"{args.Kind}:{args.Value}", new { args.Target, args.Note }, ct);
        var result = await broadcaster.BroadcastAsync(args.Value, args.Kind, args.Target, args.Note, context.Actor, ct);
        await audit.WriteAsync(context.Actor, "alert.broadcast", $"{args.Kind}:{args.Value}",
            new { args.Target, result.Targeted, result.Error, result.CampaignId }, ct);

        var summary = result switch
        {
            { Targeted: 0 } => "目标中没有已绑定的群，未发送预警。 No active group matches the target; no alert was sent.",
            { CampaignId: { } campaign } => $"紧急预警（活动 #{campaign}）正在发往 {result.Targeted} 个群。 Urgent alert (campaign #{campaign}) is going out to {result.Targeted} groups; follow it with /campaigns.",
            _ => $"紧急预警未能开始。 The urgent alert could not start.",
        };
        await context.ReplyAsync(
            $"已确认诈骗 Confirmed fraud: <code>{Html(args.Value)}</code>；群内出现即提醒。 Groups will be warned whenever it appears.\n{summary}" +
            (result.Error is null ? "" : $"\n{Html(result.Error)}"), ct: ct);
    }
}
