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
    QueuedReplies queue, TelegramStatus telegram, OfficialNumbers official, MemberWatcher members, DetectionModel detector, ChatLanguage languages) : ICommandModule
{
    public IEnumerable<CommandSpec> Commands =>
    [
        new("report", Role.Resident, CommandScope.Anywhere, "/report <what happened>", "report a suspicious call, message or link (or reply to it) / 举报可疑电话、短信、链接（或回复可疑消息）", ReportAsync)
            { ZhUsage = "/report <发生了什么>", NeedsPerson = true },
        new("check", Role.Resident, CommandScope.Anywhere, "/check <phone, link or message>", "check a number, link or message / 查询号码、链接", CheckAsync) { ZhUsage = "/check <号码、链接或消息>" },
        new("outcome", Role.Assistant, CommandScope.Anywhere, "/outcome <id> <dissuaded|intercepted|loss|not_fraud|duplicate> [amount] [note]", "record what happened to a report / 记录处置结果", OutcomeAsync)
            { ZhUsage = "/outcome <编号> <劝阻|拦截|被骗|非诈骗|重复> [金额] [备注]" },
        new("type", Role.Assistant, CommandScope.Anywhere, "/type <id> <type>", "correct a report's fraud type / 更正举报的诈骗类型", TypeAsync)
            { ZhUsage = "/type <编号> <类型>" },
        new("alert", Role.Officer, CommandScope.Anywhere, "/alert <phone-or-url> <target> [note]", "confirm a fraud number or link and warn the target at once / 确认诈骗号码并紧急预警", AlertAsync)
            { ZhUsage = "/alert <号码或链接> <目标> [备注]" },
    ];

    async Task ReportAsync(CommandContext context, CancellationToken ct)
    {
        if (context.InGroup && context.Group is not { Status: "active" })
        {
            await context.ReplyAsync(NotBound(context.Language), ct: ct);
            return;
        }

        var text = Reported(context.Message, context.Args);
        if (text.Length == 0)
        {
            if (context.Group is { } group)
                await members.SeenAsync(context.UserId, group.Id, ct);
            await context.ReplyAsync(ReportUsage(context.Language), ct: ct);
            return;
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var detection = detector.Analyze(text);
        Telemetry.Detected(System.Diagnostics.Stopwatch.GetElapsedTime(started));
        var perHour = reportOptions.Value.PerHour;
        var reporter = await pseudonyms.OfAsync(context.UserId, ct);
        // The report's row notes its reporter as seen in the group, in the same round trip. While Telegram's limits are backed
        // up (a burst) the row is stored with its answer and wave join already queued.
        var queueAnswer = context.Sender.Congested;
        var (status, report) = await reports.CreateAsync(
            new NewReport(context.Group?.Id, context.Group?.ChatId, context.ChatId, context.Message.MessageId, context.UserId, reporter, text, detection, queueAnswer,
                ReporterLanguage: languages.Of(inGroup: false, null, context.Message.From?.LanguageCode)),
            perHour, auditActor: reporter, ct);
        if (status == CreateStatus.RateLimited)
        {
            await context.ReplyAsync(RateLimited(perHour, context.Language), ct: ct);
            return;
        }

        // A redelivered command answers again with the same number; the duty post is made only once.
        // Telegram's limits never hold intake up: when the answer cannot go out at once it is queued, and the report joins
        // its wave in the background (WaveJoiner) or, at the latest, just before its queued answer goes out.
        // In a group the reporter gets a link into the private chat, where the outcome can reach them.
        var link = context.InGroup ? ReportLinks.TellMeButton(telegram.BotUsername, report!.Id, context.Language) : null;
        if (queueAnswer && status == CreateStatus.Created)
            queue.AnswersQueued();
        else if (await context.Sender.TrySendNowAsync(context.ChatId, async ct =>
                     Answer(report!, detection, context.Language) + WaveDesk.SpreadSuffix(await waveDesk.JoinAsync(report!, detection, reporter, ct), context.Language),
                     context.InGroup ? context.Message.MessageId : null, link, ct: ct) is null)
            await queue.QueueAnswerAsync(report!.Id, joinWave: true, ct);
        if (report!.DutyMessageId is null)
            DutyPoster.Enqueue();
    }

    async Task CheckAsync(CommandContext context, CancellationToken ct)
    {
        if (context.InGroup && context.Group is not { Status: "active" })
        {
            await context.ReplyAsync(NotBound(context.Language), ct: ct);
            return;
        }

        if (context.Group is { } group)
            await members.SeenAsync(context.UserId, group.Id, ct);

        var text = Reported(context.Message, context.Args);
        if (text.Length == 0)
        {
            await context.ReplyAsync(CheckUsage(context.Language), ct: ct);
            return;
        }

        await context.ReplyAsync(await CheckTextAsync(text, context.Language, ct), ct: ct);
    }

    /// <summary>A bare phone or link gets its reputation; a message gets its analysis and the reputation of what it holds.</summary>
    async Task<string> CheckTextAsync(string text, string lang, CancellationToken ct)
    {
        // 110, 96110, a bank's 95xxx: what a resident checks after a call that showed it. Never warned about, but a shown
        // number can be faked, so the answer says what such a line never asks.
        if (official.IsBareOfficial(text))
            return OfficialNumberChecked(text.Trim(), lang);
        var result = await checker.CheckAsync(text, bareValueAlone: true, ct);
        var spread = await waveDesk.SpreadLineAsync(text, lang, ct);
        return Fitting(shown =>
        {
            var answer = new StringBuilder();
            if (result.Detection is { } detection)
                AppendDetection(answer, detection, lang, shown, unnamedInWords: true, result.Reputation);

            if (result.Reputation.Count > 0)
            {
                answer.Append("\n\n").Append(ReputationHeading(lang));
                foreach (var r in result.Reputation.Take(shown))
                    answer.Append("\n• ").Append(ReputationLine(r, options.Value.Zone, lang));
                if (result.Reputation.Count > shown)
                    answer.Append('\n').Append(More(result.Reputation.Count - shown, lang));
            }

            if (spread is not null)
                answer.Append(result.Reputation.Count > 0 ? "\n" : "\n\n").Append(spread);
            answer.Append("\n\n").Append(CheckClosing(lang));
            return answer.ToString().Trim();
        });
    }

    async Task OutcomeAsync(CommandContext context, CancellationToken ct)
    {
        var (args, error) = ReportArgs.ParseOutcome(context.Args, context.Language);
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
            OutcomeStatus.NotFound => NoSuchReport(args.ReportId, context.Language),
            OutcomeStatus.Unchanged => OutcomeUnchanged(args.ReportId, args.Outcome, context.Language),
            _ => OutcomeRecorded(report!.Id, desk.OutcomeLine(report, context.Language), context.Language),
        }, ct: ct);
    }

    async Task TypeAsync(CommandContext context, CancellationToken ct)
    {
        var (args, error) = ReportArgs.ParseType(context.Args, context.Language);
        if (args is null)
        {
            await context.ReplyAsync(Html(error), ct: ct);
            return;
        }

        var (status, report) = await outcomes.CorrectTypeAsync(args.ReportId, args.Type, context.Actor, context.Message.From!.DisplayName, ct);
        await context.ReplyAsync(status switch
        {
            OutcomeStatus.NotFound => NoSuchReport(args.ReportId, context.Language),
            OutcomeStatus.Unchanged => TypeUnchanged(args.ReportId, args.Type, context.Language),
            _ => TypeRecorded(report!.Id, report.FraudType, report.GuessedType ?? report.FraudType, context.Language),
        }, ct: ct);
    }

    async Task AlertAsync(CommandContext context, CancellationToken ct)
    {
        var (args, error) = ReportArgs.ParseAlert(context.Args, context.Language);
        if (args is null)
        {
            await context.ReplyAsync(Html(error), ct: ct);
            return;
        }

        if (official.IsOfficial(args.Kind, args.Value))
        {
            await context.ReplyAsync(OfficialNumber(args.Kind, args.Value, context.Language), ct: ct);
            return;
        }

        await reputation.SetVerdictAsync(args.Kind, args.Value, "confirmed_fraud", context.Actor, args.Note, ct);
        await audit.WriteAsync(context.Actor, "indicator.confirm", $"{args.Kind}:{args.Value}", new { args.Target, args.Note }, ct);
        var result = await broadcaster.BroadcastAsync(args.Value, args.Kind, args.Target, args.Note, context.Actor, ct,
            requestKey: $"tg:{context.ChatId}:{context.Message.MessageId}");
        await audit.WriteAsync(context.Actor, "alert.broadcast", $"{args.Kind}:{args.Value}",
            new { args.Target, result.Targeted, result.Error, result.CampaignId }, ct);

        var summary = result switch
        {
            { Targeted: 0 } => AlertNoGroups(context.Language),
            { CampaignId: { } campaign } => AlertGoing(campaign, result.Targeted, context.Language),
            _ => AlertFailed(context.Language),
        };
        // The broadcaster's reason is for the English reader; a Chinese officer gets the line above alone.
        await context.ReplyAsync(AlertConfirmed(args.Kind, args.Value, context.Language) + "\n" + summary +
            (result.Error is null || !context.English ? "" : $"\n{Html(result.Error)}"), ct: ct);
    }
}
