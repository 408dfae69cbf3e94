using System.Text;
using FraudWatch.Detection;
using FraudWatch.Groups;
using FraudWatch.Telegram;
using Hangfire;
using Microsoft.Extensions.Options;
using static FraudWatch.Reports.ReportText;

namespace FraudWatch.Reports;

/// <summary>
/// The duty group's view of reports: each new one posted with outcome buttons and a "wrong type?" button that opens a
/// list of types on the same post; edited when its type changes, and once decided (the buttons then go away).
/// </summary>
public sealed class DutyDesk(
    GroupStore groups, ReportStore reports, Pseudonyms pseudonyms, ChatSender sender, IOptions<FraudWatchOptions> options,
    BotGateway gateway, ChatLanguage languages, IBackgroundJobClient jobs, ILogger<DutyDesk> logger)
{
    /// <summary>An edit Telegram turned away for the moment is tried again this long after (doubling), this many times.</summary>
    static readonly TimeSpan RefreshDelay = TimeSpan.FromSeconds(5);

    const int Refreshes = 6;

    public const string CallbackPrefix = "rep:";

    /// <summary>Type buttons: "rtp:&lt;id&gt;" opens the list, "rtp:&lt;id&gt;:&lt;type&gt;" sets it, "rtp:&lt;id&gt;:back" closes it.</summary>
    public const string TypePrefix = "rtp:";

    public const string TypeBack = "back";

    public async Task<SendResult?> PostAsync(Report report, CancellationToken ct)
    {
        if (report.DutyMessageId is not null || await groups.GetDutyAsync(ct) is not { } duty)
            return null;
        var lang = languages.OfGroup(duty.Language);
        // A report decided while it waited for the duty group (in the console or the API) goes up as decided: who decided
        // what, and no buttons.
        var text = await PostTextAsync(report, lang, ct);
        var sent = await sender.SendAsync(duty.ChatId, text, buttons: Buttons(report, lang), ct: ct);
        // In dry-run nothing was posted, but the report is done with: 0 stands for "recorded, not sent".
        if (sent.MessageId is { } messageId || sent.Status == SendStatus.DryRun)
            await reports.SetDutyMessageAsync(report.Id, sent.ChatId, sent.MessageId ?? 0, ct);
        return sent;
    }

    /// <summary>
    /// Brings the duty post up to date after a change: its type, and once decided who decided what (the buttons then
    /// go away); an undecided post keeps its outcome buttons.
    /// </summary>
    public Task ShowAsync(Report report, CancellationToken ct) => ShowAsync(report, attempt: 0, ct);

    /// <summary>The Hangfire job that tries a turned-away edit again, with the report as it is by then.</summary>
    [AutomaticRetry(Attempts = 0)]
    public async Task RefreshAsync(long reportId, int attempt, CancellationToken ct)
    {
        if (await reports.GetAsync(reportId, ct) is { } report)
            await ShowAsync(report, attempt, ct);
    }

    async Task ShowAsync(Report report, int attempt, CancellationToken ct)
    {
        if (gateway.DryRun || report.DutyChatId is not { } chatId || report.DutyMessageId is not { } messageId || messageId == 0)
            return;
        var lang = await languages.OfChatAsync(chatId, null, ct);
        var text = await PostTextAsync(report, lang, ct);
        var edited = await gateway.EditAsync(chatId, (int)messageId, text, ct, Buttons(report, lang));
        if (edited.Delivered)
            return;

        // The change is recorded either way, but a post left as it was still offers buttons for a decided report: an edit
        // Telegram turned away for the moment (429, 5xx, a timeout) is tried again later, with the report as it is then.
        // Any other refusal ("message is not modified", the post deleted) will not change.
        if (edited.Kind is SendOutcomeKind.RateLimited or SendOutcomeKind.Transient && attempt < Refreshes)
        {
            var wait = RefreshDelay * Math.Pow(2, attempt);
            if (edited.RetryAfter is { } retryAfter && retryAfter > wait)
                wait = retryAfter;
            jobs.Schedule<DutyDesk>(d => d.RefreshAsync(report.Id, attempt + 1, CancellationToken.None), wait);
            logger.LogInformation("Could not update duty post for report {ReportId} ({Error}); trying again in {Wait}", report.Id, edited.Reason, wait);
        }
        else
        {
            logger.LogInformation("Could not update duty post for report {ReportId}: {Error}", report.Id, edited.Reason);
        }
    }

    /// <summary>Shows the list of types on the pressed post (open), or its usual buttons again (closed).</summary>
    public async Task ShowTypesAsync(Report report, long chatId, int messageId, bool open, CancellationToken ct)
    {
        var lang = await languages.OfChatAsync(chatId, null, ct);
        var edited = await gateway.EditButtonsAsync(chatId, messageId, open ? TypeList(report, lang) : Buttons(report, lang), ct);
        if (!edited.Delivered)
            logger.LogInformation("Could not change the buttons of the duty post for report {ReportId}: {Error}", report.Id, edited.Reason);
    }

    /// <summary>An undecided post's buttons: the outcomes, then the type; a decided post has none.</summary>
    public static IReadOnlyList<IReadOnlyList<Button>>? Buttons(Report report, string lang) => report.Outcome is not null ? null :
    [
        [
            new(ButtonStopped(lang), $"{CallbackPrefix}{report.Id}:{Outcomes.Dissuaded}"),
            new(ButtonLoss(lang), $"{CallbackPrefix}{report.Id}:{Outcomes.Loss}"),
            new(ButtonNotFraud(lang), $"{CallbackPrefix}{report.Id}:{Outcomes.NotFraud}"),
        ],
        [new(ButtonWrongType(lang), $"{TypePrefix}{report.Id}")],
    ];

    /// <summary>The ten types and "other", two a row, the report's present type ticked, and a way back.</summary>
    public static IReadOnlyList<IReadOnlyList<Button>> TypeList(Report report, string lang) =>
    [
        .. FraudTypes.All.Append(FraudTypes.Other)
            .Select(t => new Button((t == report.FraudType ? "✓ " : "") + FraudTypes.DisplayName(t, lang), $"{TypePrefix}{report.Id}:{t}"))
            .Chunk(2),
        [new(ButtonBack(lang), $"{TypePrefix}{report.Id}:{TypeBack}")],
    ];

    public string OutcomeLine(Report report, string lang) =>
        ReportText.OutcomeLine(report.Outcome!, report.Amount, report.OutcomeBy, LocalMinute(report.OutcomeAt, options.Value.Zone), report.OutcomeNote, lang);

    /// <summary>The post's text: the report, and once decided who decided what.</summary>
    async Task<string> PostTextAsync(Report report, string lang, CancellationToken ct) =>
        report.Outcome is null ? await TextAsync(report, lang, ct) : await TextAsync(report, lang, ct) + "\n\n" + OutcomeLine(report, lang);

    async Task<string> TextAsync(Report report, string lang, CancellationToken ct)
    {
        var place = report.Village is null ? PrivateChatPlace(lang) : $"{Html(report.Township)} {Html(report.Village)}";
        var indicators = await reports.IndicatorsAsync([report.Id], ct);
        var reporter = report.ReporterPseudonym ?? await pseudonyms.OfAsync(report.ReporterUserId, ct);
        return ReportText.Fitting(shown =>
        {
            var text = new StringBuilder();
            text.Append(NewReport(report.Id, place, reporter, lang)).Append('\n');
            text.Append(TypeLine(report.FraudType, lang)).Append(' ').Append(TypeHint(report.Id, lang)).Append('\n');
            foreach (var indicator in indicators.Take(shown))
                text.Append(IndicatorLine(indicator.Kind, indicator.Value, lang)).Append('\n');
            if (indicators.Count > shown)
                text.Append(ReportText.More(indicators.Count - shown, lang)).Append('\n');
            var body = TextCut.Shorten(report.Text, 1500);
            text.Append(TextLine(body, lang));
            return text.ToString();
        });
    }
}
