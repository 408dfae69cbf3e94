using System.Globalization;
using FraudWatch.Detection;
using FraudWatch.Telegram;
using FraudWatch.Waves;

namespace FraudWatch.Reports;

/// <summary>
/// Reports and scam waves: each new report joins its wave; the report that brings a wave to enough villages within
/// 24 hours makes one wave alert in the duty group, with a button that warns the wave's townships through the
/// campaign engine once an officer presses it. Answers to /report and /check say how far the text has spread.
/// </summary>
public sealed class WaveDesk(
    WaveStore waves, WaveAlerts waveAlerts, ChatSender sender, BotGateway gateway, IAlertBroadcaster alerts, OfficialNumbers official, ChatLanguage languages,
    ILogger<WaveDesk> logger)
    : ICallbackHandler
{
    public const string CallbackPrefix = "wave:";

    public string Prefix => CallbackPrefix;

    /// <summary>
    /// Adds the report to its wave; posts the wave alert when this report is the one that raises it (the join queued it, so
    /// a process that dies before the post leaves it to <see cref="WaveAlerts"/>).
    /// </summary>
    public async Task<WaveJoin?> JoinAsync(Report report, DetectionResult detection, string reporter, CancellationToken ct)
    {
        var join = await waves.AddAsync(ToWave(report, reporter, detection.Indicators), ct);
        if (join is { AlertNow: true })
            await waveAlerts.PostAsync([join.WaveId], ct);
        return join;
    }

    /// <summary>
    /// Adds many reports to their waves at once (the background join, <see cref="WaveJoiner"/>), and posts the alerts this
    /// raises. The numbers and links of each report are the ones stored with it.
    /// </summary>
    public async Task JoinAllAsync(IReadOnlyList<Report> reports, IReadOnlyList<ReportIndicator> indicators, CancellationToken ct)
    {
        var byReport = indicators.ToLookup(i => i.ReportId);
        var alerts = await waves.AddBatchAsync(reports.Select(r => ToWave(r, r.ReporterPseudonym ?? "", [.. byReport[r.Id]
            .Select(i => IndicatorKinds.TryParse(i.Kind, out var kind) ? new Indicator(kind, i.Value, i.Raw) : null)
            .OfType<Indicator>()])).ToList(), ct);
        if (alerts.Count > 0)
            await waveAlerts.PostAsync([.. alerts.Select(a => a.WaveId)], ct);
    }

    static WaveReport ToWave(Report report, string reporter, IReadOnlyList<Indicator> indicators) =>
        new(report.Id, report.Text, report.FraudType, report.CreatedAt, report.Village, report.Township, report.GroupChatId, reporter, indicators);

    /// <summary>"这条信息已在 3 个村被举报 5 次" when the text belongs to a wave reported more than once.</summary>
    public async Task<string?> SpreadLineAsync(string text, string lang, CancellationToken ct) =>
        await waves.MatchAsync(text, ct) is { Reports: > 1 } match ? SpreadLine(match.Reports, match.Villages.Count, lang) : null;

    /// <summary>The spread line on a line of its own after a report's answer, or nothing when the report's wave has only it.</summary>
    public static string SpreadSuffix(WaveJoin? join, string lang) =>
        join is { Reports: > 1 } ? "\n" + SpreadLine(join.Reports, join.Villages.Count, lang) : "";

    public static string SpreadLine(int reports, int villages, string lang) => ReplyLanguage.IsEnglish(lang)
        ? string.Create(CultureInfo.InvariantCulture, $"This message has been reported {ReportText.Count(reports, "time", "times")}{InVillages(villages, lang)}.")
        : string.Create(CultureInfo.InvariantCulture, $"这条信息已{InVillages(villages, lang)}被举报 {reports} 次。");

    /// <summary>" in 3 villages" / "在 3 个村"; nothing when every report came from a private chat, which has no village.</summary>
    public static string InVillages(int villages, string lang) => (villages, ReplyLanguage.IsEnglish(lang)) switch
    {
        (0, _) => "",
        (1, true) => " in 1 village",
        (_, true) => string.Create(CultureInfo.InvariantCulture, $" in {villages} villages"),
        _ => string.Create(CultureInfo.InvariantCulture, $"在 {villages} 个村"),
    };

    /// <summary>
    /// The warn button: officers only; the wave's first number or link goes to its townships as an urgent alert, and the
    /// duty group is told what came of it. Every press is answered, so the button never spins; a refusal is only a note
    /// under the button, so that no one without the role can make the bot write in the duty group.
    /// </summary>
    public async Task HandleAsync(ButtonPress press, Role presserRole, CancellationToken ct)
    {
        var lang = await languages.OfChatAsync(press.ChatId ?? press.From.Id, press.From.LanguageCode, ct);
        if (!long.TryParse(press.Data.AsSpan(CallbackPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            await gateway.AnswerButtonAsync(press.Id, ReportText.ButtonInvalid(lang), ct);
            return;
        }

        if (!Role.Officer.Allows(presserRole))
        {
            await gateway.AnswerButtonAsync(press.Id, ReportText.WaveNeedsOfficer(lang), ct);
            return;
        }

        var warning = await WarnAsync(id, FormattableString.Invariant($"tg:{press.From.Id}"), ct);
        await gateway.AnswerButtonAsync(press.Id, null, ct);
        if (press.ChatId is { } chat)
            await sender.ReplyAsync(chat, ReportText.WaveWarnAnswer(id, warning, lang), press.MessageId, ct: ct);
    }

    /// <summary>
    /// Warns a wave's townships once: the one path behind the duty group's button and the console's Warn button. The
    /// wave is marked warned first, so a second press (or both at once) sends nothing; a warning that reached no group
    /// (no group left in those townships, or the broadcast failed) is unmarked again, so the wave can still be warned.
    /// The number or link warned about is the wave's first that is not an official number (a bank's 95588 quoted in a
    /// phishing text is never called a scam number).
    /// </summary>
    /// <param name="actor">Who warned, as the audit log names people (<c>tg:&lt;id&gt;</c> or the console's key).</param>
    public async Task<WaveWarning> WarnAsync(long id, string actor, CancellationToken ct)
    {
        if (await waves.GetAsync(id, ct) is not { } wave)
            return new WaveWarning(WaveWarnStatus.Unknown, [], null);
        var townships = wave.Wave.Townships.Distinct().ToList();
        var indicator = wave.Wave.Indicators.Select(i => i.Split(':', 2))
            .FirstOrDefault(i => i is ["phone" or "url", _] && !official.IsOfficial(i[0], i[1]));
        if (townships.Count == 0 || indicator is null)
            return new WaveWarning(WaveWarnStatus.NothingToWarn, townships, null);
        var now = DateTime.UtcNow;
        var at = now.AddTicks(-(now.Ticks % 10)); // PostgreSQL keeps microseconds: the unmark compares with what was stored
        if (!await waves.MarkWarnedAsync(id, at, ct))
            return new WaveWarning(WaveWarnStatus.AlreadyWarned, townships, null);
        var target = string.Join(',', townships.Select(t => $"township:{t}"));
        AlertResult result;
        try
        {
            result = await alerts.BroadcastAsync(indicator[1], indicator[0], target, ReportText.WaveNote(id, languages.County), actor, ct);
        }
        catch
        {
            await waves.UnmarkWarnedAsync(id, at, CancellationToken.None);
            throw;
        }

        if (result.CampaignId is null)
        {
            await waves.UnmarkWarnedAsync(id, at, CancellationToken.None);
            logger.LogWarning("Wave {WaveId} warning by {Actor} reached no group ({Target}): {Error}", id, actor, target, result.Error);
            return new WaveWarning(WaveWarnStatus.NotSent, townships, result);
        }

        logger.LogInformation("Wave {WaveId} warned by {Actor}: {Target}, campaign {Campaign}", id, actor, target, result.CampaignId);
        return new WaveWarning(WaveWarnStatus.Warned, townships, result);
    }
}

public enum WaveWarnStatus
{
    Warned,
    Unknown,
    AlreadyWarned,
    /// <summary>No township (reports only from private chats) or no number or link to warn about but official ones.</summary>
    NothingToWarn,
    /// <summary>The broadcast reached no group (none left in the townships, or it was refused); the wave stays warnable.</summary>
    NotSent,
}

/// <summary>
/// What warning a wave did: the townships it went to, and the alert (its campaign when <see cref="WaveWarnStatus.Warned"/>, its
/// error when <see cref="WaveWarnStatus.NotSent"/>).
/// </summary>
public sealed record WaveWarning(WaveWarnStatus Status, IReadOnlyList<string> Townships, AlertResult? Alert);
