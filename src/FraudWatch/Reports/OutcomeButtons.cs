using FraudWatch.Access;
using FraudWatch.Telegram;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;

namespace FraudWatch.Reports;

/// <summary>The Stopped · Loss · Not fraud buttons on duty posts: data "rep:&lt;id&gt;:&lt;outcome&gt;".</summary>
public sealed class OutcomeButtons(OutcomeService outcomes, ILogger<OutcomeButtons> logger, ITelegramBotClient? bot = null) : ICallbackHandler
{
    public string Prefix => DutyDesk.CallbackPrefix;

    public async Task HandleAsync(CallbackQuery query, Role presserRole, CancellationToken ct)
    {
        if (Parse(query.Data) is not var (reportId, outcome))
        {
            await AnswerAsync(query, "这个按钮已失效。 This button is no longer valid.", ct);
            return;
        }

        if (!Role.Assistant.Allows(presserRole))
        {
            await AnswerAsync(query, $"需要{RoleNames.Chinese(Role.Assistant)}权限。 Recording an outcome needs the assistant role.", ct);
            return;
        }

        var name = string.Join(' ', query.From.FirstName, query.From.LastName).Trim();
        if (query.From.Username is { Length: > 0 } username)
            name += $" (@{username})";
        var (status, report) = await outcomes.RecordAsync(
            new OutcomeRequest(reportId, outcome, null, null, $"tg:{query.From.Id}", name, OnlyIfNew: true), ct);
        await AnswerAsync(query, status switch
        {
            OutcomeStatus.Recorded => $"已记录 Recorded: {Outcomes.Label(outcome)}",
            OutcomeStatus.NotFound => $"没有举报 #{reportId}。 No report #{reportId}.",
            _ => $"#{reportId} 已由 {report?.OutcomeBy} 记录为 {Outcomes.Label(report?.Outcome ?? "")}。 Already decided.",
        }, ct);
    }

    internal static (long ReportId, string Outcome)? Parse(string? data)
    {
        var parts = data?.Split(':');
        if (parts is not { Length: 3 } || parts[0] + ":" != DutyDesk.CallbackPrefix || ReportArgs.ParseReportId(parts[1]) is not { } id || !Outcomes.IsKnown(parts[2]))
            return null;
        return (id, parts[2]);
    }

    async Task AnswerAsync(CallbackQuery query, string text, CancellationToken ct)
    {
        if (bot is null)
            return;
        try
        {
            await bot.AnswerCallbackQuery(callbackQueryId: query.Id, text: text, showAlert: false, cancellationToken: ct);
        }
        catch (Exception e) when (e is ApiRequestException or RequestException or HttpRequestException)
        {
            // Answers expire after a while (e.g. a redelivered update); the press was handled regardless.
            logger.LogInformation("answerCallbackQuery {Id} failed: {Error}", query.Id, e.Message);
        }
    }
}
