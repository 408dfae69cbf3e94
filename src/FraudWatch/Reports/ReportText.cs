using System.Globalization;
using System.Net;
using System.Text;
using FraudWatch.Detection;
using FraudWatch.Telegram;

namespace FraudWatch.Reports;

/// <summary>The bot's report-related messages, as Telegram HTML. Everything that came from a user is encoded.</summary>
public static class ReportText
{
    public const string ReportUsage =
        "用法：/report 可疑电话或短信内容，或回复可疑消息发送 /report。例如 /report 自称公安的 0577-8888 9999 让我转账\n" +
        "Usage: /report &lt;what happened, with the number or link&gt;, or reply to the suspicious message with /report.";

    public const string CheckUsage =
        "用法：/check 号码、链接或可疑消息。例如 /check 0577-8888 9999\nUsage: /check &lt;phone, link or message&gt;";

    public const string NotBound =
        "本群还没有绑定，暂不能受理举报：请社区民警先在本群发送 /bind &lt;乡镇&gt; &lt;村&gt;。紧急情况请拨打 110 或 96110。\n" +
        "This group is not bound yet: an officer must /bind it first. In an emergency call 110 or 96110.";

    public static string RateLimited(int perHour) =>
        $"您一小时内已举报 {perHour} 次，请稍后再试；紧急情况请直接拨打 110 或反诈专线 96110。谢谢您的警惕！\n" +
        $"You have filed {perHour} reports in the last hour; please try again later. In an emergency call 110 or 96110.";

    public static string Html(string? text) => WebUtility.HtmlEncode(text ?? "");

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

    public static string KindName(string kind) => kind switch
    {
        "phone" => "电话 phone",
        "url" => "链接 link",
        "bank_card" => "银行卡 bank card",
        "payment_account" => "收款账号 account",
        "amount" => "金额 amount",
        _ => kind,
    };

    static string ShortKind(string kind) => kind switch
    {
        "phone" => "号码",
        "url" => "链接",
        "bank_card" => "银行卡号",
        _ => "账号",
    };

    public static string Answer(Report report, DetectionResult detection)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"✅ 已收到举报 <b>#{report.Id}</b> · Report <b>#{report.Id}</b> received\n");
        AppendDetection(text, detection);
        text.Append("\n值班民警会尽快查看。已经转账请立即拨打 110。 An officer on duty will look at it; if money has moved, call 110 now.");
        return text.ToString();
    }

    public static void AppendDetection(StringBuilder text, DetectionResult detection)
    {
        if (detection.Indicators.Count == 0)
            text.Append("未提取到号码或链接 · nothing extracted\n");
        else
        {
            text.Append("提取到 · Extracted:\n");
            foreach (var indicator in detection.Indicators)
                text.Append(CultureInfo.InvariantCulture, $"• {KindName(indicator.KindCode)}: <code>{Html(indicator.Value)}</code>\n");
        }

        var type = detection.Classification.Type;
        text.Append(CultureInfo.InvariantCulture, $"类型 Type: <b>{Html(FraudTypes.DisplayName(type, detection.Language))}</b> ({type}, {detection.Classification.Score:0.##})\n");
        text.Append(CultureInfo.InvariantCulture, $"建议 Advice: {Html(FraudTypes.Advice(type, detection.Language))}");
    }

    public static string ReputationLine(Reputation r, TimeZoneInfo zone)
    {
        var line = new StringBuilder().Append(CultureInfo.InvariantCulture, $"<code>{Html(r.Value)}</code> ({KindName(r.Kind)}): ");
        if (r.Reports == 0)
            line.Append("暂无举报 · no reports");
        else
        {
            line.Append(CultureInfo.InvariantCulture, $"举报 {r.Reports} 次，{r.Reporters} 人 · {r.Reports} reports by {r.Reporters} people");
            if (r.Villages.Length > 0)
                line.Append("；村 villages: ").Append(Html(string.Join("、", r.Villages)));
            if (r.Types.Length > 0)
                line.Append("；类型 types: ").Append(Html(string.Join("、", r.Types.Select(t => FraudTypes.IsKnown(t) ? FraudTypes.DisplayName(t, Languages.Chinese) : t))));
            line.Append(CultureInfo.InvariantCulture, $"；首次 first {Day(r.FirstSeen, zone)}，最近 last {Day(r.LastSeen, zone)}");
        }

        if (r.WaveId is not null)
            line.Append(CultureInfo.InvariantCulture, $"；属于已在 {r.WaveVillages} 个村被举报 {r.WaveReports} 次的诈骗信息 · part of a scam message reported {r.WaveReports} times in {r.WaveVillages} villages");
        line.Append(r.Verdict switch
        {
            "confirmed_fraud" => "；⚠️ <b>民警已确认诈骗 · confirmed fraud by an officer</b>",
            "not_fraud" => "；民警核实非诈骗 · an officer found it not fraud",
            _ => "；民警暂无结论 · no officer verdict",
        });
        return line.ToString();
    }

    static string Day(DateTime? utc, TimeZoneInfo zone) => utc is { } at
        ? TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(at, DateTimeKind.Utc), zone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
        : "-";

    public static string Warning(HotIndicator hot) =>
        hot.Reason switch
        {
            "confirmed" => $"⚠️ <b>反诈提醒</b>：这条消息里的{ShortKind(hot.Kind)} <code>{Html(hot.Value)}</code> 已被民警<b>确认是诈骗</b>。",
            "wave" => $"⚠️ <b>反诈提醒</b>：这条消息里的{ShortKind(hot.Kind)} <code>{Html(hot.Value)}</code> 出现在已被 {hot.Reporters} 位乡亲举报的同一诈骗信息中。",
            _ => $"⚠️ <b>反诈提醒</b>：这条消息里的{ShortKind(hot.Kind)} <code>{Html(hot.Value)}</code> 已被 {hot.Reporters} 位乡亲举报为可疑。",
        } +
        "不要接听、不要回拨、不要点链接、不要转账。拿不准请拨打反诈专线 96110。\n" +
        hot.Reason switch
        {
            "confirmed" => "Warning: an officer has confirmed this number or link as fraud. Do not call back, click or pay.",
            "wave" => $"Warning: this number or link comes with a scam message that {hot.Reporters} people have reported. Do not call back, click or pay.",
            _ => $"Warning: {hot.Reporters} people have reported this number or link as suspicious. Do not call back, click or pay.",
        };
}
