using System.Globalization;
using System.Text;
using FraudWatch.Detection;
using FraudWatch.Telegram;

namespace FraudWatch.Reports;

/// <summary>The bot's report-related messages, as Telegram HTML. Everything that came from a user is encoded.</summary>
public static class ReportText
{
    static bool En(string lang) => ReplyLanguage.IsEnglish(lang);

    public static string ReportUsage(string lang) => En(lang)
        ? "Usage: /report &lt;what happened, with the number or link&gt;, or reply to the suspicious message with /report. In an emergency call 110."
        : "用法：/report 可疑电话或短信内容，或回复可疑消息发送 /report。例如 /report 自称公安的 0577-8888 9999 让我转账";

    public static string CheckUsage(string lang) => En(lang)
        ? "Usage: /check &lt;phone, link or message&gt;, e.g. /check 0577-8888 9999"
        : "用法：/check 号码、链接或可疑消息。例如 /check 0577-8888 9999";

    public static string NotBound(string lang) => En(lang)
        ? "This group is not bound yet, so it cannot take reports: an officer must /bind it first. In an emergency call 110 or 96110."
        : "本群还没有绑定，暂不能受理举报：请社区民警先在本群发送 /bind &lt;乡镇&gt; &lt;村&gt;。紧急情况请拨打 110 或 96110。";

    public static string RateLimited(int perHour, string lang) => En(lang)
        ? $"You have filed {perHour} reports in the last hour; please try again later. In an emergency call 110 or the anti-fraud hotline 96110. Thank you for watching out!"
        : $"您一小时内已举报 {perHour} 次，请稍后再试；紧急情况请直接拨打 110 或反诈专线 96110。谢谢您的警惕！";

    public static string Html(string? text) => TelegramHtml.Encode(text ?? "");

    /// <summary>A UTC time as duty posts show it, in the county's zone to the minute; "" for none.</summary>
    public static string LocalMinute(DateTime? utc, TimeZoneInfo zone) => utc is { } at
        ? TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(at, DateTimeKind.Utc), zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)
        : "";

    /// <summary>The text a report is about: the replied-to message (text or caption, plus hidden links) and the words after the command.</summary>
    public static string Reported(IncomingMessage command, string args)
    {
        var parts = new List<string>();
        if (command.ReplyTo is { } replied)
        {
            if (replied.Text.Length > 0)
                parts.Add(replied.Text);
            parts.AddRange(replied.HiddenLinks);
        }

        if (args.Length > 0)
            parts.Add(args);
        parts.AddRange(command.HiddenLinks);
        return string.Join('\n', parts).Trim();
    }

    /// <summary>The whole text of a message: links behind words (text_link entities) matter as much as visible ones.</summary>
    public static string WithHiddenLinks(IncomingMessage message) =>
        string.Join('\n', new[] { message.Text }.Concat(message.HiddenLinks)).Trim();

    public static string KindName(string kind, string lang) => (kind, En(lang)) switch
    {
        ("phone", false) => "电话",
        ("phone", true) => "phone",
        ("url", false) => "链接",
        ("url", true) => "link",
        ("bank_card", false) => "银行卡",
        ("bank_card", true) => "bank card",
        ("payment_account", false) => "收款账号",
        ("payment_account", true) => "payment account",
        ("amount", false) => "金额",
        ("amount", true) => "amount",
        (_, false) => "其他",
        _ => "other",
    };

    static string ShortKind(string kind, string lang) => (kind, En(lang)) switch
    {
        ("phone", false) => "号码",
        ("url", false) => "链接",
        ("bank_card", false) => "银行卡号",
        (_, false) => "账号",
        ("phone", true) => "number",
        ("url", true) => "link",
        ("bank_card", true) => "bank card",
        _ => "account",
    };

    /// <summary>An indicator as people read it (<see cref="ResidentText.Display"/>).</summary>
    static string Value(string kind, string value, string lang) => ResidentText.Display(kind, value, lang);

    /// <summary>
    /// How many numbers, links and accounts an answer lists one by one when listing them all would not fit: a message can
    /// hold hundreds, and Telegram refuses a message over 4,096 characters, so the rest are counted in one line (all of
    /// them are stored with the report). An answer that fits lists every one.
    /// </summary>
    public const int ShownIndicators = 10;

    /// <summary>The line after a list cut at <see cref="ShownIndicators"/>.</summary>
    public static string More(int more, string lang) => En(lang)
        ? string.Create(CultureInfo.InvariantCulture, $"… and {more} more")
        : string.Create(CultureInfo.InvariantCulture, $"……还有 {more} 个");

    /// <summary>
    /// The answer <paramref name="write"/> gives listing every indicator, or, when that would leave no room for a line
    /// added after it (a wave's spread), the one listing <see cref="ShownIndicators"/>.
    /// </summary>
    public static string Fitting(Func<int, string> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var all = write(int.MaxValue);
        return all.Length <= MessageFit.MaxVisible - RoomAfter || MessageFit.VisibleLength(all) <= MessageFit.MaxVisible - RoomAfter
            ? all // most answers: short enough as markup, no need to count
            : write(ShownIndicators);
    }

    const int RoomAfter = 500;

    public static string Answer(Report report, DetectionResult detection, string lang) =>
        Fitting(shown => Answer(report, detection, lang, shown));

    static string Answer(Report report, DetectionResult detection, string lang, int shown)
    {
        var text = new StringBuilder();
        text.Append(En(lang) ? $"✅ Report <b>#{report.Id}</b> received\n" : $"✅ 已收到举报 <b>#{report.Id}</b>\n");
        AppendDetection(text, detection, lang, shown);
        text.Append(En(lang)
            ? "\nAn officer on duty will look at it. If money has moved, call 110 now."
            : "\n值班民警会尽快查看。已经转账请立即拨打 110。");
        return text.ToString();
    }

    /// <summary>
    /// What was found, the fraud type in words and its advice line; never the type's code or the score. With
    /// <paramref name="unnamedInWords"/> (/check), a message of no type is not "type: other" but what the bot makes of it:
    /// be careful, not sure and what to do, or looks ordinary, as a private check says it; and, as there, a number or link
    /// an officer confirmed or people reported (<paramref name="reputation"/>) comes first, never "looks ordinary".
    /// </summary>
    public static void AppendDetection(StringBuilder text, DetectionResult detection, string lang, int shown = int.MaxValue, bool unnamedInWords = false,
        IReadOnlyList<Reputation>? reputation = null)
    {
        if (detection.Indicators.Count == 0)
            text.Append(En(lang) ? "No number or link found.\n" : "未提取到号码或链接。\n");
        else
        {
            text.Append(En(lang) ? "Found:\n" : "提取到：\n");
            foreach (var indicator in detection.Indicators.Take(shown))
                text.Append(CultureInfo.InvariantCulture, $"• {KindName(indicator.KindCode, lang)}: <code>{Html(Value(indicator.KindCode, indicator.Value, lang))}</code>\n");
            if (detection.Indicators.Count > shown)
                text.Append(More(detection.Indicators.Count - shown, lang)).Append('\n');
        }

        var type = detection.Classification.Type;
        if (unnamedInWords && type == FraudTypes.Other)
        {
            if (ResidentText.Known(reputation ?? []) is { } known)
                ResidentText.AppendKnown(text, known, lang);
            else
                ResidentText.AppendUnnamed(text, detection, lang);
            return;
        }

        text.Append(En(lang) ? "Type: " : "类型：").Append("<b>").Append(Html(FraudTypes.DisplayName(type, lang))).Append("</b>\n");
        text.Append(En(lang) ? "Advice: " : "建议：")
            .Append(Html(ResidentText.CautionAdvice(detection.Classification.Caution, lang) ?? FraudTypes.Advice(type, lang)));
    }

    public static string OfficialNumberChecked(string number, string lang) => En(lang)
        ? $"<code>{Html(number)}</code> is an official number (police, bank or carrier) and is never marked as fraud. But the number a call shows can be faked: an official line never asks you to transfer money, move it to a \"safe account\" or tell a code. If in doubt, hang up and call the official number yourself."
        : $"<code>{Html(number)}</code> 是官方号码（公安、银行或运营商），不会被标为诈骗。但来电显示的号码可以伪造：官方电话不会让您转账、把钱转到“安全账户”或说出验证码。有疑问请挂断，自己拨打官方号码核实。";

    public static string ReputationHeading(string lang) => En(lang) ? "Reports so far:" : "举报记录：";

    public static string CheckClosing(string lang) => En(lang) ? "Not sure? Call the anti-fraud hotline 96110." : "拿不准请拨打反诈专线 96110。";

    public static string ReputationLine(Reputation r, TimeZoneInfo zone, string lang)
    {
        var en = En(lang);
        var line = new StringBuilder().Append(CultureInfo.InvariantCulture, $"<code>{Html(Value(r.Kind, r.Value, lang))}</code> ({KindName(r.Kind, lang)}): ");
        if (r.Reports == 0)
            line.Append(en ? "no reports" : "暂无举报");
        else
        {
            line.Append(en ? $"{Count(r.Reports, "report", "reports")} by {Count(r.Reporters, "person", "people")}" : $"举报 {r.Reports} 次，{r.Reporters} 人");
            if (r.Villages.Length > 0)
                line.Append(en ? "; villages: " : "；村：").Append(Html(string.Join(en ? ", " : "、", r.Villages)));
            if (r.Types.Length > 0)
                line.Append(en ? "; types: " : "；类型：").Append(Html(string.Join(en ? ", " : "、",
                    r.Types.Select(t => FraudTypes.DisplayName(FraudTypes.IsKnown(t) ? t : FraudTypes.Other, lang)).Distinct())));
            line.Append(en
                ? $"; first {Day(r.FirstSeen, zone)}, last {Day(r.LastSeen, zone)}"
                : $"；首次 {Day(r.FirstSeen, zone)}，最近 {Day(r.LastSeen, zone)}");
        }

        if (r.WaveId is not null)
            line.Append(en
                ? string.Create(CultureInfo.InvariantCulture, $"; part of a scam message reported {Count(r.WaveReports, "time", "times")}{WaveDesk.InVillages(r.WaveVillages, lang)}")
                : string.Create(CultureInfo.InvariantCulture, $"；属于已{WaveDesk.InVillages(r.WaveVillages, lang)}被举报 {r.WaveReports} 次的诈骗信息"));
        line.Append((r.Verdict, en) switch
        {
            ("confirmed_fraud", false) => "；⚠️ <b>民警已确认是诈骗</b>",
            ("confirmed_fraud", true) => "; ⚠️ <b>an officer confirmed it as fraud</b>",
            ("not_fraud", false) => "；民警核实不是诈骗",
            ("not_fraud", true) => "; an officer found it is not fraud",
            (_, false) => "；民警暂无结论",
            _ => "; no officer verdict yet",
        });
        return line.ToString();
    }

    static string Day(DateTime? utc, TimeZoneInfo zone) => utc is { } at
        ? TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(at, DateTimeKind.Utc), zone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
        : "-";

    /// <summary>An English count with its noun: "1 person", "3 people".</summary>
    internal static string Count(long n, string one, string many) =>
        string.Create(CultureInfo.InvariantCulture, $"{n} {(n == 1 ? one : many)}");

    /// <param name="quiet">How long the group gets no new warning about this number or link; said, so that silence about a later copy is not taken for an all-clear.</param>
    public static string Warning(HotIndicator hot, string lang, TimeSpan quiet = default)
    {
        var value = $"<code>{Html(Value(hot.Kind, hot.Value, lang))}</code>";
        return WarningBody(hot, value, lang) + QuietLine(hot.Kind, quiet, lang);
    }

    static string QuietLine(string kind, TimeSpan quiet, string lang)
    {
        var minutes = (long)quiet.TotalMinutes;
        if (minutes <= 0)
            return "";
        var en = En(lang);
        var span = (minutes % 60 == 0, en) switch
        {
            (true, false) => string.Create(CultureInfo.InvariantCulture, $"{minutes / 60} 小时"),
            (false, false) => string.Create(CultureInfo.InvariantCulture, $"{minutes} 分钟"),
            (true, true) => Count(minutes / 60, "hour", "hours"),
            _ => Count(minutes, "minute", "minutes"),
        };
        return en
            ? $" This group gets no new warning about this {ShortKind(kind, lang)} for {span}."
            : $"{span}内本群再出现这个{ShortKind(kind, lang)}不再重复提醒。";
    }

    static string WarningBody(HotIndicator hot, string value, string lang)
    {
        return (hot.Reason, En(lang)) switch
        {
            ("confirmed", false) => $"⚠️ <b>反诈提醒</b>：这条消息里的{ShortKind(hot.Kind, lang)} {value} 已被民警<b>确认是诈骗</b>。不要接听、不要回拨、不要点链接、不要转账。拿不准请拨打反诈专线 96110。",
            ("wave", false) => $"⚠️ <b>反诈提醒</b>：这条消息里的{ShortKind(hot.Kind, lang)} {value} 出现在已被 {hot.Reporters} 位乡亲举报的同一诈骗信息中。不要接听、不要回拨、不要点链接、不要转账。拿不准请拨打反诈专线 96110。",
            (_, false) => $"⚠️ <b>反诈提醒</b>：这条消息里的{ShortKind(hot.Kind, lang)} {value} 已被 {hot.Reporters} 位乡亲举报为可疑。不要接听、不要回拨、不要点链接、不要转账。拿不准请拨打反诈专线 96110。",
            ("confirmed", true) => $"⚠️ <b>Scam warning</b>: the police have <b>confirmed</b> the {ShortKind(hot.Kind, lang)} {value} in this message as fraud. Do not answer, call back, click or pay. Not sure? Call 96110.",
            ("wave", true) => $"⚠️ <b>Scam warning</b>: the {ShortKind(hot.Kind, lang)} {value} in this message comes with a scam message that {Count(hot.Reporters, "person has", "people have")} reported. Do not answer, call back, click or pay. Not sure? Call 96110.",
            (_, true) => $"⚠️ <b>Scam warning</b>: {Count(hot.Reporters, "person has", "people have")} reported the {ShortKind(hot.Kind, lang)} {value} in this message as suspicious. Do not answer, call back, click or pay. Not sure? Call 96110.",
        };
    }

    // Officers: /outcome and /alert.
    public static string NoSuchReport(long id, string lang) => En(lang) ? $"No report #{id}: check the number." : $"没有举报 #{id}，请核对编号。";

    public static string OutcomeUnchanged(long id, string outcome, string lang) => En(lang)
        ? $"#{id} is already recorded as {Outcomes.Label(outcome, lang)}; nothing changed."
        : $"#{id} 已是{Outcomes.Label(outcome, lang)}，未改动。";

    public static string OutcomeRecorded(long id, string outcomeLine, string lang) => En(lang)
        ? $"#{id} recorded. {outcomeLine}"
        : $"#{id} 已记录。{outcomeLine}";

    public static string TypeUnchanged(long id, string type, string lang) => En(lang)
        ? $"#{id} is already {Html(FraudTypes.DisplayName(type, lang))}; nothing changed."
        : $"#{id} 已是{Html(FraudTypes.DisplayName(type, lang))}，未改动。";

    public static string TypeRecorded(long id, string type, string guessed, string lang) => En(lang)
        ? $"#{id} is now {Html(FraudTypes.DisplayName(type, lang))} (the bot had guessed {Html(FraudTypes.DisplayName(guessed, lang))}); statistics count the new type."
        : $"#{id} 已改为{Html(FraudTypes.DisplayName(type, lang))}（机器人原判为{Html(FraudTypes.DisplayName(guessed, lang))}），统计按新类型计。";

    public static string OfficialNumber(string kind, string value, string lang) => En(lang)
        ? $"<code>{Html(Value(kind, value, lang))}</code> is an official number (police, bank or carrier) and is never warned about; alert the number the scammers actually use."
        : $"<code>{Html(Value(kind, value, lang))}</code> 是官方号码（公安、银行或运营商），不会被标记为诈骗。请预警骗子实际使用的号码。";

    public static string AlertConfirmed(string kind, string value, string lang) => En(lang)
        ? $"Confirmed as fraud: <code>{Html(Value(kind, value, lang))}</code>. Groups will be warned whenever it appears."
        : $"已确认诈骗：<code>{Html(Value(kind, value, lang))}</code>，群内出现即提醒。";

    public static string AlertNoGroups(string lang) => En(lang)
        ? "No active group matches the target; no alert was sent."
        : "目标中没有已绑定的群，未发送预警。";

    public static string AlertGoing(long campaignId, int groups, string lang) => En(lang)
        ? $"The urgent alert (campaign #{campaignId}) is going out to {groups} groups; follow it with /campaigns."
        : $"紧急预警（推送 #{campaignId}）正在发往 {groups} 个群，可用 /campaigns 查看进度。";

    public static string AlertFailed(string lang) => En(lang) ? "The urgent alert could not start." : "紧急预警未能开始。";

    // Duty posts and their buttons.
    public static string NewReport(long id, string place, string reporter, string lang) => En(lang)
        ? $"🆕 New report <b>#{id}</b> · {place} · reporter {Html(reporter)}"
        : $"🆕 新举报 <b>#{id}</b> · {place} · 举报人 {Html(reporter)}";

    public static string PrivateChatPlace(string lang) => En(lang) ? "private chat" : "私聊";

    public static string TypeLine(string type, string lang) => (En(lang) ? "Type: " : "类型：") + "<b>" + Html(FraudTypes.DisplayName(FraudTypes.IsKnown(type) ? type : FraudTypes.Other, lang)) + "</b>";

    /// <summary>Beside the type on a duty post: how an officer corrects it (statistics and county models use theirs).</summary>
    public static string TypeHint(long id, string lang) => En(lang) ? $"(wrong? /type {id} &lt;type&gt;)" : $"（不对请发 /type {id} 类型）";

    public static string IndicatorLine(string kind, string value, string lang) => $"• {KindName(kind, lang)}: <code>{Html(Value(kind, value, lang))}</code>";

    /// <summary>
    /// A reported or disputed text as the duty group reads it: in &lt;code&gt;, where Telegram makes none of its links and
    /// numbers tappable, so an officer scrolling on a phone cannot open the scammer's link or call the number by accident.
    /// </summary>
    public static string TextLine(string body, string lang) => (En(lang) ? "Text: " : "内容：") + "<code>" + Html(body) + "</code>";

    public static string OutcomeLine(string outcome, decimal? amount, string? by, string at, string? note, string lang)
    {
        var en = En(lang);
        var yuan = amount is { } value ? "¥" + value.ToString("#,0.##", CultureInfo.InvariantCulture) : "";
        var money = yuan.Length == 0 ? ""
            : en ? $", {(outcome == Outcomes.Loss ? "lost" : "protected")} {yuan}"
            : $"，{(outcome == Outcomes.Loss ? "损失" : "保护")} {yuan}";
        return (en ? "✅ Outcome: " : "✅ 结果：") + $"<b>{Outcomes.Label(outcome, lang)}</b>{money} — {Html(by)}{(en ? ", " : "，")}{at}" +
            (string.IsNullOrEmpty(note) ? "" : (en ? "\nNote: " : "\n备注：") + Html(note));
    }

    public static string ButtonStopped(string lang) => En(lang) ? "Stopped" : "已劝阻";

    public static string ButtonLoss(string lang) => En(lang) ? "Loss" : "被骗";

    public static string ButtonNotFraud(string lang) => En(lang) ? "Not fraud" : "非诈骗";

    public static string ButtonWrongType(string lang) => En(lang) ? "Wrong type?" : "类型不对？";

    public static string ButtonBack(string lang) => En(lang) ? "↩ Back" : "↩ 返回";

    public static string PickType(long id, string lang) => En(lang) ? $"Pick the right type for #{id}." : $"请选择 #{id} 的正确类型。";

    public static string TypeNeedsAssistant(string lang) => En(lang)
        ? "Correcting a type needs the assistant role."
        : "更正类型需要警务助理权限。";

    /// <summary>The note under a pressed type button: plain text, not HTML.</summary>
    public static string TypeButtonRecorded(long id, string type, string lang) => En(lang)
        ? $"#{id} is now {FraudTypes.DisplayName(type, lang)}; statistics count the new type."
        : $"#{id} 已改为{FraudTypes.DisplayName(type, lang)}，统计按新类型计。";

    public static string TypeButtonUnchanged(long id, string type, string lang) => En(lang)
        ? $"#{id} is already {FraudTypes.DisplayName(type, lang)}."
        : $"#{id} 已经是{FraudTypes.DisplayName(type, lang)}。";

    public static string ButtonInvalid(string lang) => BotText.ButtonInvalid(lang);

    public static string ButtonNeedsAssistant(string lang) => En(lang)
        ? "Recording an outcome needs the assistant role."
        : "记录处置结果需要警务助理权限。";

    public static string ButtonRecorded(string outcome, string lang) => (En(lang) ? "Recorded: " : "已记录：") + Outcomes.Label(outcome, lang);

    public static string ButtonNoReport(long id, string lang) => En(lang) ? $"No report #{id}." : $"没有举报 #{id}。";

    public static string ButtonAlreadyDecided(long id, string? by, string? outcome, string lang) => En(lang)
        ? $"#{id} was already decided by {by}: {Outcomes.Label(outcome ?? "", lang)}."
        : $"#{id} 已由 {by} 记录为{Outcomes.Label(outcome ?? "", lang)}。";

    // Disputes in the duty group: a private check the bot called a scam and the resident did not.
    public static string DisputePost(string resident, string guessedType, string text, string? forwardedFrom, string lang) => En(lang)
        ? $"🤔 <b>A resident says \"not a scam\"</b> · private check · resident {Html(resident)}\nThe bot said: <b>{Html(FraudTypes.DisplayName(guessedType, lang))}</b>; the resident disagrees. "
            + "If it is a scam, the resident may be about to fall for it.\n"
            + (forwardedFrom is null ? "" : $"Forwarded from: {Html(forwardedFrom)}\n") + TextLine(text, lang)
        : $"🤔 <b>居民说“不是诈骗”</b> · 私聊查询 · 居民 {Html(resident)}\n机器人判为：<b>{Html(FraudTypes.DisplayName(guessedType, lang))}</b>，居民认为不是。"
            + "如果确是诈骗，居民可能正要上当。\n"
            + (forwardedFrom is null ? "" : $"转发自：{Html(forwardedFrom)}\n") + TextLine(text, lang);

    public static string ButtonDisputeOrdinary(string lang) => En(lang) ? "Ordinary (bot wrong)" : "正常消息（机器人错了）";

    public static string ButtonDisputeFraud(string lang) => En(lang) ? "It is a scam" : "确是诈骗";

    public static string DisputeNeedsAssistant(string lang) => En(lang) ? "Reviewing needs the assistant role." : "复核需要警务助理权限。";

    /// <summary>What an officer decided about a dispute, plain text (a button's note, and, in HTML, the post's last line).</summary>
    public static string DisputeVerdict(string reviewedAs, string? type, string lang) => (reviewedAs, En(lang)) switch
    {
        ("ordinary", true) => "ordinary (the bot was wrong)",
        ("ordinary", false) => "正常消息（机器人判错）",
        (_, true) => $"a scam ({FraudTypes.DisplayName(type ?? FraudTypes.Other, lang)})",
        _ => $"诈骗（{FraudTypes.DisplayName(type ?? FraudTypes.Other, lang)}）",
    };

    public static string DisputeReviewLine(string reviewedAs, string? type, string? by, string at, string lang) => En(lang)
        ? $"✅ Reviewed: <b>{Html(DisputeVerdict(reviewedAs, type, lang))}</b> — {Html(by)}, {at}; the resident was told."
        : $"✅ 复核：<b>{Html(DisputeVerdict(reviewedAs, type, lang))}</b> — {Html(by)}，{at}；已告诉居民。";

    public static string DisputeButtonRecorded(string reviewedAs, string? type, string lang) =>
        (En(lang) ? "Reviewed: " : "已复核：") + DisputeVerdict(reviewedAs, type, lang);

    public static string DisputeAlreadyReviewed(string? by, string reviewedAs, string? type, string lang) => En(lang)
        ? $"Already reviewed by {by}: {DisputeVerdict(reviewedAs, type, lang)}."
        : $"已由 {by} 复核为{DisputeVerdict(reviewedAs, type, lang)}。";

    // Wave alerts in the duty group.
    public static string WaveAlert(long waveId, int reports, IReadOnlyList<string> villages, string lang) => En(lang)
        ? string.Create(CultureInfo.InvariantCulture, $"🌊 <b>Scam wave #{waveId}</b>: the same message was reported {Count(reports, "time", "times")} in {Count(villages.Count, "village", "villages")} within 24 hours ({Html(string.Join(", ", villages))}).\nConfirm to send an urgent warning to the affected townships.")
        : string.Create(CultureInfo.InvariantCulture, $"🌊 <b>诈骗波次 #{waveId}</b>：同一类诈骗信息 24 小时内已在 {villages.Count} 个村被举报 {reports} 次（{Html(string.Join("、", villages))}）。\n确认后可向相关乡镇发送紧急预警。");

    public static string WaveButton(string lang) => En(lang) ? "Warn townships" : "发送预警";

    public static string WaveNeedsOfficer(string lang) => En(lang) ? "Warning townships needs the officer role." : "发送预警需要民警权限。";

    public static string WaveWarned(IReadOnlyList<string> townships, long? campaignId, int groups, string lang) => En(lang)
        ? string.Create(CultureInfo.InvariantCulture, $"Urgent warning sent to {Html(string.Join(", ", townships))}: {groups} groups (campaign #{campaignId}).")
        : string.Create(CultureInfo.InvariantCulture, $"已向 {Html(string.Join("、", townships))} 发送紧急预警：{groups} 个群（推送 #{campaignId}）。");

    /// <summary>The answer to the wave alert's button, whatever came of it.</summary>
    public static string WaveWarnAnswer(long waveId, WaveWarning warning, string lang) => warning.Status switch
    {
        WaveWarnStatus.Warned => WaveWarned(warning.Townships, warning.Alert!.CampaignId, warning.Alert.Targeted, lang),
        WaveWarnStatus.AlreadyWarned => En(lang)
            ? string.Create(CultureInfo.InvariantCulture, $"Wave #{waveId} was warned already; nothing was sent again.")
            : string.Create(CultureInfo.InvariantCulture, $"波次 #{waveId} 已经预警过，未重复发送。"),
        WaveWarnStatus.NotSent => En(lang)
            ? string.Create(CultureInfo.InvariantCulture, $"Wave #{waveId}: no warning sent to {Html(string.Join(", ", warning.Townships))}: {Html(warning.Alert?.Error ?? "no group there")}. It can be warned again, or use /alert with a target.")
            // The campaign engine's refusal is English and names API routes: it stays in the log (WaveDesk writes it there).
            : string.Create(CultureInfo.InvariantCulture, $"波次 #{waveId}：未能向 {Html(string.Join("、", warning.Townships))} 发送预警：那里没有可以发送的群。可以再按一次，或用 /alert 指定范围。"),
        WaveWarnStatus.NothingToWarn => En(lang)
            ? string.Create(CultureInfo.InvariantCulture, $"Wave #{waveId} has no township (reported only in private chats) or no number or link to warn about but official ones; use /alert with a target.")
            : string.Create(CultureInfo.InvariantCulture, $"波次 #{waveId} 没有所属乡镇（只在私聊中被举报），或者除官方号码外没有可预警的号码或链接；请用 /alert 指定范围。"),
        _ => En(lang)
            ? string.Create(CultureInfo.InvariantCulture, $"No wave #{waveId}.")
            : string.Create(CultureInfo.InvariantCulture, $"没有波次 #{waveId}。"),
    };

    /// <summary>The note on a wave's urgent alert, in the county's language (it goes to many groups at once).</summary>
    public static string WaveNote(long waveId, string lang) => En(lang)
        ? string.Create(CultureInfo.InvariantCulture, $"the same scam message is going round several villages (wave #{waveId})")
        : string.Create(CultureInfo.InvariantCulture, $"同样的诈骗信息正在多个村传播（波次 #{waveId}）");
}
