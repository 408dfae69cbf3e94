using System.Globalization;
using System.Text;
using FraudWatch.Groups;
using FraudWatch.Telegram;
using Microsoft.Extensions.Options;
using static FraudWatch.Reports.ReportText;

namespace FraudWatch.Reports;

/// <summary>The duty group's view of reports: each new one posted with outcome buttons, edited once decided.</summary>
public sealed class DutyDesk(
    GroupStore groups, ReportStore reports, Pseudonyms pseudonyms, ChatSender sender, IOptions<FraudWatchOptions> options,
    BotGateway gateway, ChatLanguage languages, ILogger<DutyDesk> logger)
{
    public const string CallbackPrefix = "rep:";

    public async Task<SendResult?> PostAsync(Report report, CancellationToken ct)
    {
        if (report.DutyMessageId is not null || await groups.GetDutyAsync(ct) is not { } duty)
            return null;
        var lang = languages.OfGroup(duty.Language);
        var text = await TextAsync(report, lang, ct);
        Button[] buttons =
        [
            new(ButtonStopped(lang), $"{CallbackPrefix}{report.Id}:{Outcomes.Dissuaded}"),
            new(ButtonLoss(lang), $"{CallbackPrefix}{report.Id}:{Outcomes.Loss}"),
            new(ButtonNotFraud(lang), $"{CallbackPrefix}{report.Id}:{Outcomes.NotFraud}"),
        ];
        var sent = await sender.SendAsync(duty.ChatId, text, buttons: [buttons], ct: ct);
        // In dry-run nothing was posted, but the report is done with: 0 stands for "recorded, not sent".
        if (sent.MessageId is { } messageId || sent.Status == SendStatus.DryRun)
            await reports.SetDutyMessageAsync(report.Id, sent.ChatId, sent.MessageId ?? 0, ct);
        return sent;
    }

    /// <summary>Shows on the duty post who decided what, and takes the buttons away.</summary>
    public async Task ShowOutcomeAsync(Report report, CancellationToken ct)
    {
        if (gateway.DryRun || report.DutyChatId is not { } chatId || report.DutyMessageId is not { } messageId || report.Outcome is null)
            return;
        var lang = await languages.OfChatAsync(chatId, null, ct);
        var text = await TextAsync(report, lang, ct) + "\n\n" + OutcomeLine(report, lang);
        var edited = await gateway.EditAsync(chatId, (int)messageId, text, ct);
        // The outcome is recorded either way; a stale duty post is only cosmetic.
        if (!edited.Delivered)
            logger.LogInformation("Could not update duty post for report {ReportId}: {Error}", report.Id, edited.Reason);
    }

    public string OutcomeLine(Report report, string lang)
    {
        var at = report.OutcomeAt is { } utc
            ? TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), options.Value.Zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)
            : "";
        return ReportText.OutcomeLine(report.Outcome!, report.Amount, report.OutcomeBy, at, report.OutcomeNote, lang);
    }

    async Task<string> TextAsync(Report report, string lang, CancellationToken ct)
    {
        var place = report.Village is null ? PrivateChatPlace(lang) : $"{Html(report.Township)} {Html(report.Village)}";
        var indicators = await reports.IndicatorsAsync([report.Id], ct);
        var text = new StringBuilder();
        text.Append(NewReport(report.Id, place, report.ReporterPseudonym ?? await pseudonyms.OfAsync(report.ReporterUserId, ct), lang)).Append('\n');
        text.Append(TypeLine(report.FraudType, lang)).Append(' ').Append(TypeHint(report.Id, lang)).Append('\n');
        foreach (var indicator in indicators)
            text.Append(IndicatorLine(indicator.Kind, indicator.Value, lang)).Append('\n');
        var body = report.Text.Length > 1500 ? report.Text[..1500] + "…" : report.Text;
        text.Append(TextLine(body, lang));
        return text.ToString();
    }
}
