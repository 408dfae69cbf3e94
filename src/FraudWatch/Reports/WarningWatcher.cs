using FraudWatch.Detection;
using FraudWatch.Telegram;
using FraudWatch.Waves;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace FraudWatch.Reports;

/// <summary>
/// Warns an active group, once per message and at most once per number or link in its quiet time
/// (<c>Reports__WarnAgainAfterMinutes</c>), about a number or link an officer confirmed or enough residents
/// reported, or that came in a copy of a scam wave enough residents reported (a new number in a known wave counts
/// like a reported one). Says nothing otherwise and stores nothing else. Extraction runs first, in memory: ordinary
/// chat without a number or link never reaches the database.
/// </summary>
public sealed partial class WarningWatcher(
    ReputationStore reputation, WaveStore waves, OfficialNumbers official, ChatSender sender, QueuedReplies queue, ChatLanguage languages,
    IOptions<ReportsOptions> options, TimeProvider clock) : IMessageWatcher
{
    public async Task OnMessageAsync(IncomingMessage message, ChatPlace? group, CancellationToken ct)
    {
        // Telegram never shows a bot another bot's messages; a "bot" sender here is Telegram's stand-in for a post in a
        // chat's name (Channel_Bot, GroupAnonymousBot), which anyone may use in a supergroup, so those are read like any other.
        if (group is not { Status: "active" } || (message.From is { IsBot: true } && !message.SentAsChat))
            return;
        var text = ReportText.WithHiddenLinks(message);
        if (text.Length == 0)
            return;
        // Official numbers (110, 96110, banks' hotlines) are never warned about, whatever was reported or confirmed.
        var indicators = Checker.Keys(IndicatorExtractor.Extract(text)).Where(i => !official.IsOfficial(i.Kind, i.Value)).ToList();
        if (indicators.Count == 0)
            return;

        var hot = await reputation.FindHotAsync(indicators, options.Value.WarnAtReporters, ct);
        if (hot.Count == 0 && await InReportedWaveAsync(text, indicators, ct) is { } wave)
            hot = [wave];
        if (hot.Count == 0)
            return;
        // Claim first, then send: a redelivered or concurrent copy of this message finds the claim and stays silent, and so
        // does a message whose numbers and links this group was warned about within the quiet time (a scammer's flood gets
        // one warning, which says so).
        var quiet = TimeSpan.FromMinutes(options.Value.WarnAgainAfterMinutes);
        if (await reputation.ClaimWarningAsync(message.ChatId, message.MessageId, group.Id, hot, text, quiet, ct) is not var (warningId, warned))
            return;
        // A group over its minute limit gets its warnings as the limit allows, without holding up the chats handled after this one.
        var warning = ReportText.Warning(warned, languages.OfGroup(group.Language), quiet);
        var sent = await sender.TrySendNowAsync(message.ChatId, warning, message.MessageId, ct: ct);
        if (sent is null)
            await queue.QueueWarningAsync(warningId, warning, ct);
        else if (sent.MessageId is { } botMessageId)
            await reputation.SetWarningMessageAsync(warningId, botMessageId, ct);
    }

    /// <summary>
    /// The message is a copy of a wave whose reports come from enough reporters: its first number or link (else its first
    /// indicator) is warned about as the wave's, and kept with the wave so later messages with it alone are warned too.
    /// </summary>
    /// <remarks>
    /// A message that warns about scams is never taken for a copy: a police notice or a neighbour quoting the wave's script
    /// ("收到……的短信是诈骗！有疑问打派出所 0577-…") would otherwise get its own helpful number called a scam, and keep it so
    /// in every group.
    /// </remarks>
    async Task<HotIndicator?> InReportedWaveAsync(string text, List<(string Kind, string Value)> indicators, CancellationToken ct)
    {
        if (WarnsAboutScams().IsMatch(text))
            return null;
        var minReporters = options.Value.WarnAtReporters;
        if (await waves.MatchAsync(text, ct) is not { } wave || wave.Reports < minReporters)
            return null;
        var reporters = await reputation.WaveReportersAsync(wave.WaveId, ct);
        if (reporters < minReporters)
            return null;
        var (kind, value) = indicators.FirstOrDefault(i => i.Kind is "phone" or "url") is { Kind: not null } first ? first : indicators[0];
        await waves.AddIndicatorAsync(wave.WaveId, kind, value, clock.GetUtcNow().UtcDateTime, ct);
        return new HotIndicator(kind, value, "wave", reporters, wave.WaveId);
    }

    /// <summary>Words of a message that warns others about a scam rather than being one (also in traditional characters).</summary>
    [GeneratedRegex("是诈骗|是骗局|诈骗(?:短信|电话|信息|分子)|骗子|反诈(?!中心)|防骗|防诈|谨防|警惕|别上当|不要上当|别信|不要信|不要相信|勿信|提醒大家"
        + "|是詐騙|詐騙(?:簡訊|短信|電話|信息|分子)|騙子|反詐(?!中心)|防騙|防詐|謹防|別上當|別信|不要相信"
        + @"|\bscam|\bfraud(?:ster|ulent)?\b|don'?t (?:call|trust|believe)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WarnsAboutScams();
}
