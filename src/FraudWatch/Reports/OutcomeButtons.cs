using FraudWatch.Access;
using FraudWatch.Telegram;

namespace FraudWatch.Reports;

/// <summary>The Stopped · Loss · Not fraud buttons on duty posts: data "rep:&lt;id&gt;:&lt;outcome&gt;".</summary>
public sealed class OutcomeButtons(OutcomeService outcomes, BotGateway gateway, ChatLanguage languages, ILogger<OutcomeButtons> logger) : ICallbackHandler
{
    public string Prefix => DutyDesk.CallbackPrefix;

    public async Task HandleAsync(ButtonPress query, Role presserRole, CancellationToken ct)
    {
        var lang = await languages.OfChatAsync(query.ChatId ?? query.From.Id, query.From.LanguageCode, ct);
        if (Parse(query.Data) is not var (reportId, outcome))
        {
            await AnswerAsync(query, ReportText.ButtonInvalid(lang), ct);
            return;
        }

        if (!Role.Assistant.Allows(presserRole))
        {
            await AnswerAsync(query, ReportText.ButtonNeedsAssistant(lang), ct);
            return;
        }

        var name = query.From.DisplayName;
        var (status, report) = await outcomes.RecordAsync(
            new OutcomeRequest(reportId, outcome, null, null, $"tg:{query.From.Id}", name, OnlyIfNew: true), ct);
        await AnswerAsync(query, status switch
        {
            OutcomeStatus.Recorded => ReportText.ButtonRecorded(outcome, lang),
            OutcomeStatus.NotFound => ReportText.ButtonNoReport(reportId, lang),
            _ => ReportText.ButtonAlreadyDecided(reportId, report?.OutcomeBy, report?.Outcome, lang),
        }, ct);
    }

    internal static (long ReportId, string Outcome)? Parse(string? data)
    {
        var parts = data?.Split(':');
        if (parts is not { Length: 3 } || parts[0] + ":" != DutyDesk.CallbackPrefix || ReportArgs.ParseReportId(parts[1]) is not { } id || !Outcomes.IsKnown(parts[2]))
            return null;
        return (id, parts[2]);
    }

    async Task AnswerAsync(ButtonPress press, string text, CancellationToken ct)
    {
        var answered = await gateway.AnswerButtonAsync(press.Id, text, ct);
        // Answers expire after a while (e.g. a redelivered update); the press was handled regardless.
        if (!answered.Delivered)
            logger.LogInformation("answerCallbackQuery {Id} failed: {Error}", press.Id, answered.Reason);
    }
}
