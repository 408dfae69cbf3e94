using FraudWatch.Detection;
using FraudWatch.Telegram;
using Microsoft.Extensions.Options;

namespace FraudWatch.Reports;

/// <summary>The Report and Not-a-scam buttons under a private check: data "chk:r:&lt;id&gt;" or "chk:n:&lt;id&gt;".</summary>
public sealed class PrivateCheckButtons(
    PrivateCheckStore checks, ReportStore reports, WaveDesk waves, Pseudonyms pseudonyms, ChatSender sender, BotGateway gateway,
    ChatLanguage languages, IOptions<ReportsOptions> options, DetectionModel detector, DisputeDesk disputeDesk) : ICallbackHandler
{
    public string Prefix => PrivateChecks.Prefix;

    public async Task HandleAsync(ButtonPress press, Role presserRole, CancellationToken ct)
    {
        var lang = languages.Of(inGroup: false, null, press.From.LanguageCode);
        var parts = press.Data.Split(':');
        if (parts is not [_, "r" or "n", var idText] || !long.TryParse(idText, System.Globalization.CultureInfo.InvariantCulture, out var id)
            || await checks.GetAsync(id, press.From.Id, ct) is not { } check)
        {
            await gateway.AnswerButtonAsync(press.Id, ResidentText.Expired(lang), ct);
            return;
        }

        if (parts[1] == "n")
        {
            // Only where the bot said "scam" is "not a scam" a dispute for an officer; otherwise the two agree.
            var first = await checks.SetFeedbackAsync(id, "not_fraud", ct);
            await gateway.AnswerButtonAsync(press.Id, ResidentText.FeedbackThanks(check.Language), ct);
            // A toast goes by fast: what happens next, and the care to take meanwhile, stay in the chat.
            if (first && check.Verdict == Verdict.Fraud.ToCode())
            {
                await sender.ReplyAsync(check.ChatId, ResidentText.DisputeNoted(check.Language), (int)check.MessageId, ct: ct);
                await disputeDesk.PostAsync(id, ct);
            }
            return;
        }

        // The forward's origin stays with the report: officers see who the resident got it from.
        var text = check.ForwardedFrom is { Length: > 0 } origin ? $"[转发自 {origin}]\n{check.Text}" : check.Text;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var detection = detector.Analyze(text);
        Telemetry.Detected(System.Diagnostics.Stopwatch.GetElapsedTime(started));
        var reporter = await pseudonyms.OfAsync(check.UserId, ct);
        var (status, report) = await reports.CreateAsync(
            new NewReport(null, null, check.ChatId, check.MessageId, check.UserId, reporter, text, detection, ReporterLanguage: check.Language),
            options.Value.PerHour, auditActor: reporter, ct);
        if (status == CreateStatus.RateLimited || report is null)
        {
            await gateway.AnswerButtonAsync(press.Id, ReportText.RateLimited(options.Value.PerHour, check.Language), ct);
            return;
        }

        await gateway.AnswerButtonAsync(press.Id, ResidentText.Reported(report.Id, check.Language), ct);
        await waves.JoinAsync(report, detection, reporter, ct);
        if (await checks.SetReportAsync(id, report.Id, ct))
        {
            await sender.ReplyAsync(check.ChatId, ResidentText.Reported(report.Id, check.Language), (int)check.MessageId, ct: ct);
            DutyPoster.Enqueue();
        }
    }

}
