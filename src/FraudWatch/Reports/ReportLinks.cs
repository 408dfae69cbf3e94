using FraudWatch.Telegram;

namespace FraudWatch.Reports;

/// <summary>
/// "Tell me the outcome" under a report made in a group: t.me/&lt;bot&gt;?start=r&lt;id&gt; opens the private chat, which is what
/// lets the bot write to the reporter; the outcome notice then reaches them there (at once, if it is already known).
/// </summary>
public sealed class ReportLinks(ReportStore reports) : IStartLink
{
    public string Prefix => "r";

    public static string Url(string botUsername, long reportId) =>
        $"https://t.me/{botUsername}?start=r{reportId.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>The button under a group report's answer, sent at once or from the queue; none while the bot's name is unknown.</summary>
    public static IReadOnlyList<IReadOnlyList<Button>>? TellMeButton(string? botUsername, long reportId, string lang) =>
        botUsername is { Length: > 0 } bot ? [[new Button(ResidentText.TellMeButton(lang), Url: Url(bot, reportId))]] : null;

    public async Task HandleAsync(CommandContext context, string payload, CancellationToken ct)
    {
        var lang = context.Language;
        if (!long.TryParse(payload, System.Globalization.CultureInfo.InvariantCulture, out var id)
            || await reports.GetAsync(id, ct) is not { } report || report.ReporterUserId != context.UserId)
        {
            await context.ReplyAsync(ResidentText.NotYourReport(lang), ct: ct);
            return;
        }

        await context.ReplyAsync(report.Outcome is { } outcome
            ? ResidentText.OutcomeNotice(report.Id, outcome, lang)
            : ResidentText.WillTellOutcome(report.Id, lang), ct: ct);
    }
}
