using FraudWatch.Access;
using FraudWatch.Telegram;

namespace FraudWatch.Reports;

/// <summary>The Stopped · Loss · Not fraud buttons on duty posts: data "rep:&lt;id&gt;:&lt;outcome&gt;".</summary>
public sealed class OutcomeButtons(OutcomeService outcomes, BotGateway gateway, ChatLanguage languages) : ICallbackHandler
{
    public string Prefix => DutyDesk.CallbackPrefix;

    public async Task HandleAsync(ButtonPress query, Role presserRole, CancellationToken ct)
    {
        var lang = await languages.OfChatAsync(query.ChatId ?? query.From.Id, query.From.LanguageCode, ct);
        if (Parse(query.Data) is not var (reportId, outcome))
        {
            await gateway.AnswerButtonAsync(query.Id, ReportText.ButtonInvalid(lang), ct);
            return;
        }

        if (!Role.Assistant.Allows(presserRole))
        {
            await gateway.AnswerButtonAsync(query.Id, ReportText.ButtonNeedsAssistant(lang), ct);
            return;
        }

        var name = query.From.DisplayName;
        var decision = await outcomes.StoreAsync(
            new OutcomeRequest(reportId, outcome, null, null, $"tg:{query.From.Id}", name, OnlyIfNew: true), ct);
        // Answered before the post is edited: Telegram drops an answer that comes after a few seconds.
        await gateway.AnswerButtonAsync(query.Id, decision.Status switch
        {
            OutcomeStatus.Recorded => ReportText.ButtonRecorded(outcome, lang),
            OutcomeStatus.NotFound => ReportText.ButtonNoReport(reportId, lang),
            _ => ReportText.ButtonAlreadyDecided(reportId, decision.Report?.OutcomeBy, decision.Report?.Outcome, lang),
        }, ct);
        await outcomes.PublishAsync(decision, ct);
    }

    internal static (long ReportId, string Outcome)? Parse(string? data)
    {
        var parts = data?.Split(':');
        if (parts is not { Length: 3 } || parts[0] + ":" != DutyDesk.CallbackPrefix || ReportArgs.ParseReportId(parts[1]) is not { } id || !Outcomes.IsKnown(parts[2]))
            return null;
        return (id, parts[2]);
    }

}
