using FraudWatch.Access;
using FraudWatch.Detection;
using FraudWatch.Telegram;

namespace FraudWatch.Reports;

/// <summary>
/// The "wrong type?" button on duty posts and the list of types it opens on the same post (data "rtp:&lt;id&gt;",
/// "rtp:&lt;id&gt;:&lt;type&gt;", "rtp:&lt;id&gt;:back"): an officer corrects the classifier's guess with two taps, as
/// <c>/type</c> does.
/// </summary>
public sealed class TypeButtons(OutcomeService outcomes, ReportStore reports, DutyDesk desk, BotGateway gateway, ChatLanguage languages)
    : ICallbackHandler
{
    public string Prefix => DutyDesk.TypePrefix;

    public async Task HandleAsync(ButtonPress press, Role presserRole, CancellationToken ct)
    {
        var lang = await languages.OfChatAsync(press.ChatId ?? press.From.Id, press.From.LanguageCode, ct);
        if (Parse(press.Data) is not var (reportId, choice))
        {
            await gateway.AnswerButtonAsync(press.Id, ReportText.ButtonInvalid(lang), ct);
            return;
        }

        if (!Role.Assistant.Allows(presserRole))
        {
            await gateway.AnswerButtonAsync(press.Id, ReportText.TypeNeedsAssistant(lang), ct);
            return;
        }

        // Every press is answered before the post is edited: Telegram drops an answer that comes after a few seconds.
        if (choice is null or DutyDesk.TypeBack)
        {
            if (await reports.GetAsync(reportId, ct) is not { } report)
            {
                await gateway.AnswerButtonAsync(press.Id, ReportText.ButtonNoReport(reportId, lang), ct);
                return;
            }

            await gateway.AnswerButtonAsync(press.Id, choice is null ? ReportText.PickType(reportId, lang) : null, ct);
            if (press is { ChatId: { } chatId, MessageId: { } messageId })
                await desk.ShowTypesAsync(report, chatId, messageId, open: choice is null, ct);
            return;
        }

        var decision = await outcomes.StoreTypeAsync(reportId, choice, $"tg:{press.From.Id}", press.From.DisplayName, ct);
        switch (decision)
        {
            case { Status: OutcomeStatus.NotFound }:
                await gateway.AnswerButtonAsync(press.Id, ReportText.ButtonNoReport(reportId, lang), ct);
                break;
            case { Status: OutcomeStatus.Unchanged, Report: { } unchanged }:
                await gateway.AnswerButtonAsync(press.Id, ReportText.TypeButtonUnchanged(reportId, choice, lang), ct);
                // Nothing changed, so nothing redraws the post: close the list here.
                if (press is { ChatId: { } chatId, MessageId: { } messageId })
                    await desk.ShowTypesAsync(unchanged, chatId, messageId, open: false, ct);
                break;
            default:
                await gateway.AnswerButtonAsync(press.Id, ReportText.TypeButtonRecorded(reportId, decision.Report!.FraudType, lang), ct);
                // Redraws the post with the new type and its usual buttons.
                await outcomes.PublishAsync(decision, ct);
                break;
        }
    }

    /// <summary>(report id, null to open the list | a type | "back"), or null when the data is not a type button's.</summary>
    internal static (long ReportId, string? Choice)? Parse(string? data)
    {
        var parts = data?.Split(':');
        if (parts is not { Length: 2 or 3 } || parts[0] + ":" != DutyDesk.TypePrefix || ReportArgs.ParseReportId(parts[1]) is not { } id)
            return null;
        if (parts.Length == 2)
            return (id, null);
        return parts[2] == DutyDesk.TypeBack || FraudTypes.IsKnown(parts[2]) ? (id, parts[2]) : null;
    }

}
