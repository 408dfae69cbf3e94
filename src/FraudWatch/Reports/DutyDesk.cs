using System.Globalization;
using System.Text;
using FraudWatch.Detection;
using FraudWatch.Groups;
using FraudWatch.Telegram;
using Microsoft.Extensions.Options;
using static FraudWatch.Reports.ReportText;

namespace FraudWatch.Reports;

/// <summary>The duty group's view of reports: each new one posted with outcome buttons, edited once decided.</summary>
public sealed class DutyDesk(
    GroupStore groups, ReportStore reports, Pseudonyms pseudonyms, ChatSender sender, IOptions<FraudWatchOptions> options,
    BotGateway gateway, ILogger<DutyDesk> logger)
{
    public const string CallbackPrefix = "rep:";

    public async Task<SendResult?> PostAsync(Report report, CancellationToken ct)
    {
        if (report.DutyMessageId is not null || await groups.GetDutyAsync(ct) is not { } duty)
            return null;
        var text = await TextAsync(report, ct);
        Button[] buttons =
        [
            new("已劝阻 Stopped", $"{CallbackPrefix}{report.Id}:{Outcomes.Dissuaded}"),
            new("被骗 Loss", $"{CallbackPrefix}{report.Id}:{Outcomes.Loss}"),
            new("非诈骗 Not fraud", $"{CallbackPrefix}{report.Id}:{Outcomes.NotFraud}"),
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
        var text = await TextAsync(report, ct) + "\n\n" + OutcomeLine(report);
        var edited = await gateway.EditAsync(chatId, (int)messageId, text, ct);
        // The outcome is recorded either way; a stale duty post is only cosmetic.
        if (!edited.Delivered)
            logger.LogInformation("Could not update duty post for report {ReportId}: {Error}", report.Id, edited.Reason);
    }

    public string OutcomeLine(Report report)
    {
        var at = report.OutcomeAt is { } utc
            ? TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), options.Value.Zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)
            : "";
        var amount = report.Amount is { } value ? $"，{AmountWord(report.Outcome!)} ¥{value:#,0.##}" : "";
        return $"✅ 结果 Outcome: <b>{Outcomes.Label(report.Outcome!)}</b>{amount} — {Html(report.OutcomeBy)}，{at}" +
            (string.IsNullOrEmpty(report.OutcomeNote) ? "" : $"\n备注 Note: {Html(report.OutcomeNote)}");
    }

    static string AmountWord(string outcome) => outcome == Outcomes.Loss ? "损失 lost" : "保护 protected";

    async Task<string> TextAsync(Report report, CancellationToken ct)
    {
        var place = report.Village is null ? "私聊 private chat" : $"{Html(report.Township)} {Html(report.Village)}";
        var indicators = await reports.IndicatorsAsync([report.Id], ct);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"🆕 新举报 New report <b>#{report.Id}</b> · {place} · 举报人 {report.ReporterPseudonym ?? await pseudonyms.OfAsync(report.ReporterUserId, ct)}\n");
        text.Append(CultureInfo.InvariantCulture, $"类型 Type: <b>{Html(FraudTypes.DisplayName(report.FraudType, Languages.Chinese))}</b> ({report.FraudType}, {report.Score:0.##})\n");
        foreach (var indicator in indicators)
            text.Append(CultureInfo.InvariantCulture, $"• {KindName(indicator.Kind)}: <code>{Html(indicator.Value)}</code>\n");
        var body = report.Text.Length > 1500 ? report.Text[..1500] + "…" : report.Text;
        text.Append("内容 Text: ").Append(Html(body));
        return text.ToString();
    }
}
