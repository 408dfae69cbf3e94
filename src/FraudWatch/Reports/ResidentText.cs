using System.Text;
using FraudWatch.Detection;
using FraudWatch.Ocr;
using FraudWatch.Telegram;
using PhoneNumbers;

namespace FraudWatch.Reports;

/// <summary>
/// What residents read, in one language each (zh-CN or en): short lines, no codes or scores, phones in national
/// format, the 96110 hotline. Every resident-facing sentence of the private-chat check is here.
/// </summary>
public static class ResidentText
{
    public const string Chinese = ReplyLanguage.Chinese;
    public const string English = ReplyLanguage.English;

    static bool En(string lang) => lang == English;

    public static string ReportButton(string lang) => En(lang) ? "Report it" : "举报";

    public static string NotScamButton(string lang) => En(lang) ? "Not a scam" : "不是诈骗";

    /// <summary>The answer to a forwarded or pasted message, or to a picture once read.</summary>
    public static string CheckAnswer(DetectionResult detection, IReadOnlyList<Reputation> reputation, string lang, string? readFromPicture = null) =>
        ReportText.Fitting(shown => CheckAnswer(detection, reputation, lang, readFromPicture, shown));

    static string CheckAnswer(DetectionResult detection, IReadOnlyList<Reputation> reputation, string lang, string? readFromPicture, int shown)
    {
        var en = En(lang);
        var text = new StringBuilder();
        // In <code>, as every number and link the bot shows: Telegram makes them tappable anywhere else in a message.
        if (readFromPicture is not null)
            text.Append(en ? "I read this in your picture:\n" : "我从图片里读到：\n").Append("<code>").Append(Html(TextCut.Shorten(readFromPicture, 300))).Append("</code>\n\n");

        var known = Known(reputation);
        var c = detection.Classification;
        var type = c.Type;
        var unsure = c.Verdict == Verdict.NotSure;
        if (known is { Verdict: "confirmed_fraud" })
            AppendKnown(text, known, lang);
        else if (type != FraudTypes.Other)
            text.Append(en ? "⚠️ <b>This looks like a scam</b>: " : "⚠️ <b>这很像诈骗</b>：").Append(Html(FraudTypes.DisplayName(type, lang))).Append(en ? "." : "。");
        else if (known is not null)
            AppendKnown(text, known, lang);
        else
            AppendUnnamed(text, detection, lang);
        text.Append('\n');

        var found = detection.Indicators.Where(i => i.Kind != IndicatorKind.Amount).Select(i => Show(i, lang)).Distinct().ToList();
        if (found.Count > 0)
        {
            text.Append(en ? "Found: " : "找到：").Append(string.Join(en ? ", " : "、", found.Take(shown)));
            if (found.Count > shown)
                text.Append(en ? " " : "").Append(ReportText.More(found.Count - shown, lang));
            text.Append('\n');
        }

        text.Append(type != FraudTypes.Other || known is not null || unsure
            ? (en ? "Do not transfer money or call back. Not sure? Call 96110." : "不要转账，不要回拨。拿不准请拨打 96110。")
            : (en ? "Still worried? Call the anti-fraud hotline 96110." : "还不放心，请拨打反诈专线 96110。"));
        return text.ToString();
    }

    /// <summary>What a message's answer leads with when its words name no scam: a number or link an officer confirmed,
    /// else one people reported that no officer cleared; null for none.</summary>
    public static Reputation? Known(IReadOnlyList<Reputation> reputation) =>
        reputation.FirstOrDefault(r => r.Verdict == "confirmed_fraud") ?? reputation.FirstOrDefault(r => r.Reporters > 0 && r.Verdict != "not_fraud");

    /// <summary>"This is a scam: the police confirmed …" or "Be careful: … was reported by N people". Private checks and /check say it alike.</summary>
    public static void AppendKnown(StringBuilder text, Reputation known, string lang)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(known);
        var en = En(lang);
        if (known.Verdict == "confirmed_fraud")
            text.Append(en ? "⚠️ <b>This is a scam.</b> The police have confirmed " : "⚠️ <b>这是诈骗。</b>民警已确认").Append(Show(known, lang)).Append(en ? " as fraud." : "是诈骗。");
        else
            text.Append(en ? "⚠️ <b>Be careful.</b> " : "⚠️ <b>请小心。</b>").Append(Show(known, lang))
                .Append(en ? $" was reported by {ReportText.Count(known.Reporters, "person", "people")}." : $" 已被 {known.Reporters} 人举报。");
    }

    /// <summary>
    /// What the bot says of a message it names no type for: be careful (a prize claim, an illegal offer), not sure and
    /// what to do about it, or looks ordinary. Private checks and /check say it alike.
    /// </summary>
    public static void AppendUnnamed(StringBuilder text, DetectionResult detection, string lang)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(detection);
        var en = En(lang);
        var c = detection.Classification;
        if (c.Caution is Caution.Prize or Caution.IllegalOffer)
        {
            // Scams of none of the ten types, so not "looks like <type>"; but nothing about them calls for doubt in what the
            // resident is told to do.
            text.Append(en ? "⚠️ <b>Be careful.</b> " : "⚠️ <b>请小心。</b>").Append(c.Caution == Caution.Prize
                ? (en ? "A message saying you have won a laptop, a phone or a large sum that you claim through a link, a code or a fee is a common prize scam. A real prize never asks you to pay first or to type a card number or code into a web page."
                    : "说您中了笔记本电脑、手机或大笔奖金，要点链接、填验证码或先交钱才能领的，是常见的中奖诈骗。真正的奖品不会让您先交钱，也不会让您在网页里填银行卡号或验证码。")
                : (en ? "This advertises something against the law (online gambling, \"escort\" services, fake certificates or invoices). Such offers are a common way to be cheated: money paid is seldom got back, and taking part is itself an offence. Do not reply, add them or pay."
                    : "这是在招揽违法的事（网络赌博、色情服务、办假证或代开发票）。这类广告常常就是骗局：钱交出去很难要回来，参与本身也违法。不要回复、不要加对方、不要付钱。"));
            if (detection.Indicators.Any(i => i.Kind == IndicatorKind.Url))
                text.Append(en ? " Do not open the link." : "不要点开链接。");
        }
        else if (c.Verdict == Verdict.NotSure)
        {
            text.Append(en ? "❔ <b>I am not sure</b> whether this is a scam." : "❔ <b>我不能确定</b>这是不是诈骗。");
            if (c.Likely != FraudTypes.Other)
                text.Append(en ? " If it is one, it looks most like " : "如果是诈骗，最像").Append(Html(FraudTypes.DisplayName(c.Likely, lang))).Append(en ? "." : "。");
            if (c.Caution == Caution.NewNumber)
                text.Append(en ? " Call their old number or ask them in person to make sure it is really them." : "先打对方原来的号码或当面问一问，确认是本人。");
            if (c.Caution == Caution.GuessWho)
                text.Append(en ? " Do not guess a name for them: call the number you already have for that person." : "不要替对方说出名字，先打您存的那个人原来的号码核实。");
            if (c.Caution == Caution.CallBack)
                text.Append(en ? " Do not call the number in the message: call the one on the back of your card, or check in your bank's or the service's own app." : "不要拨打消息里的号码，请打银行卡背面的客服电话，或在银行、商家的官方App里核实。");
            if (c.Caution == Caution.CourierCall)
                text.Append(en ? " Check the delivery in the courier's own app or on its official hotline (SF 95338, China Post 11183…); pay nothing and give no card or code to the number in the message."
                    : "请在快递公司官方App里查物流，或打官方客服电话（顺丰95338、邮政11183等）核实；不要向消息里的号码付钱、报银行卡或验证码。");
            if (c.Caution == Caution.SettledDebit)
                text.Append(en ? " It reads like a notice of a payment already made and asks nothing of you: check the payment in your bank's or the biller's own app, and ignore any later call offering a \"refund\"."
                    : "它像是一条已扣款的通知，没有要您做什么：请在银行或缴费的官方App里核对这笔钱；之后有人打电话说要给您“退款”，不要理会。");
            if (c.Caution == Caution.OwnChannel)
                text.Append(en ? " It only sends you to the office's own app, hall or official number: check and deal with it there, never through a link, a number or an account someone sends you."
                    : "它只让您到该单位自己的App、办事大厅或官方电话办理：请就在那里核实办理，不要通过别人发来的链接、电话或账户办理。");
            if (detection.Indicators.Any(i => i.Kind == IndicatorKind.Url))
                text.Append(en ? " Do not open the link or install anything it offers." : "不要点开链接，也不要安装它让你装的软件。");
        }
        else
            text.Append(en ? "This message looks ordinary." : "这条消息看起来是正常的。").Append(OrdinaryCare(detection, en));
    }

    /// <summary>The advice line for a scam of none of the ten types that a caution recognised (a prize claim, an illegal
    /// offer), in place of the "other" type's general line; null for any other message.</summary>
    public static string? CautionAdvice(Caution caution, string lang) => (caution, En(lang)) switch
    {
        (Caution.Prize, false) => "说您中了大奖、要点链接、填验证码或先交钱才能领的，都是中奖诈骗；真正的奖品不用先付钱。",
        (Caution.Prize, true) => "A prize you must claim through a link, a code or a fee is a prize scam; a real prize never costs money first.",
        (Caution.IllegalOffer, false) => "网络赌博、色情服务、办假证和代开发票的广告常常就是骗局，参与也违法：不要回复，不要付钱。",
        (Caution.IllegalOffer, true) => "Adverts for online gambling, \"escort\" services, fake certificates or invoices are often scams, and taking part is an offence: do not reply or pay.",
        _ => null,
    };

    // The classifier's pressure words that ask for money to move (Rules/scoring.json, "cues").
    static readonly string[] PaymentCues = ["cue:转账", "cue:汇款", "cue:打款", "cue:转钱", "cue:转到", "cue:先交", "cue:先付", "cue:缴纳", "cue:交纳",
        "cue:transfer", "cue:send money", "cue:wire", "cue:pay", "cue:upfront"];

    /// <summary>
    /// After "looks ordinary", one line on the one thing the message asks that a scam would ask too: a link to act on
    /// (where a phishing text and a bank's notice differ only in where the link leads), or money to pay (where a real
    /// landlord and a fake one differ only in who sent it). Nothing for a message that asks neither.
    /// </summary>
    static string OrdinaryCare(DetectionResult detection, bool en)
    {
        if (detection.Indicators.Any(i => i.Kind == IndicatorKind.Url))
            return en ? " If you act on it, do so in the official app or on the official website: never type a card number, password or code into a page a message opens."
                : "如要办理，请用官方App或官网；不要在消息打开的网页里填银行卡号、密码或验证码。";
        if (detection.Indicators.Any(i => i.Kind is IndicatorKind.BankCard or IndicatorKind.PaymentAccount)
            || detection.Classification.MatchedRules.Any(r => PaymentCues.Contains(r, StringComparer.Ordinal)))
            return en ? " Before you pay anyone, call them on the number you already have, or ask them in person."
                : "付钱或转账前，请打您原来存的号码或当面向对方核实。";
        return "";
    }

    public static string Reported(long id, string lang) => En(lang)
        ? $"Thank you. Your report is number #{id}. An officer will look at it. If money has moved, call 110 now."
        : $"谢谢您！举报编号 #{id}，民警会尽快查看。如果已经转账，请马上拨打 110。";

    /// <summary>An outcome in words a resident understands.</summary>
    public static string OutcomeWords(string outcome, string lang) => (outcome, En(lang)) switch
    {
        ("dissuaded", false) => "民警已及时劝阻，没有损失",
        ("dissuaded", true) => "the police stepped in in time; no money was lost",
        ("intercepted", false) => "民警已拦截止付，钱保住了",
        ("intercepted", true) => "the police stopped the payment; the money is safe",
        ("loss", false) => "很遗憾，已造成损失，民警正在处理",
        ("loss", true) => "sadly money was lost; the police are on it",
        ("not_fraud", false) => "民警核实后不是诈骗",
        ("not_fraud", true) => "the police checked it: it is not a scam",
        ("duplicate", false) => "这件事已有人举报过，民警已在处理",
        (_, false) => "民警已处理",
        _ => "the police have dealt with it",
    };

    public static string OutcomeNotice(long id, string outcome, string lang) => En(lang)
        ? $"Your report #{id}: {OutcomeWords(outcome, lang)}. Thank you for reporting it."
        : $"您举报的 #{id}：{OutcomeWords(outcome, lang)}。谢谢您及时举报！";

    public static string WillTellOutcome(long id, string lang) => En(lang)
        ? $"I will tell you here when there is news about your report #{id}."
        : $"好的，您的举报 #{id} 有结果时，我会在这里告诉您。";

    public static string NotYourReport(string lang) => En(lang)
        ? "This link is for the person who made the report."
        : "这个链接只给举报人本人使用。";

    public static string TellMeButton(string lang) => En(lang) ? "Tell me the outcome" : "结果通知我";

    public static string FeedbackThanks(string lang) => En(lang) ? "Thank you for telling us." : "谢谢您的反馈。";

    /// <summary>Under "Not a scam" when the bot had said it looks like one: an officer will look, and until then, care.</summary>
    public static string DisputeNoted(string lang) => En(lang)
        ? "Thank you. An officer will look at it and tell you here. Until then, do not send money, give codes or open links because of it."
        : "谢谢！民警会看一看，看完在这里告诉您。在那之前，请不要按它说的转账、给验证码或点链接。";

    /// <summary>An officer's review of a message the resident said was not a scam.</summary>
    public static string DisputeReviewed(string reviewedAs, string? type, string lang) => (reviewedAs, En(lang)) switch
    {
        ("ordinary", true) => "An officer looked at the message you asked about: it is an ordinary message, and the bot was wrong. Thank you for telling us.",
        ("ordinary", false) => "民警看过了您问的这条消息：它是正常消息，机器人判断错了。谢谢您告诉我们！",
        (_, true) => $"An officer looked at the message you asked about: it is a scam ({FraudTypes.DisplayName(type ?? FraudTypes.Other, lang)}). "
            + "Do not send money, give codes or open its links. If money has moved, call 110 now.",
        _ => $"民警看过了您问的这条消息：它是诈骗（{FraudTypes.DisplayName(type ?? FraudTypes.Other, lang)}）。请不要转账、不要给验证码、不要点链接；已经转账请马上拨打 110。",
    };

    public static string Expired(string lang) => En(lang) ? "This button has expired. Please send the message again." : "这个按钮已过期，请重新发送消息。";

    public static string TooMany(string lang) => En(lang)
        ? "You have sent a lot in a short time. Please wait a minute. In an emergency call 110."
        : "您发得太快了，请过一分钟再发。紧急情况请拨打 110。";

    public static string SendTextOrPicture(string lang) => En(lang)
        ? "Please send the suspicious message as text or as a screenshot, and I will check it."
        : "请把可疑短信或聊天的文字或截图发给我，我来帮您看看。";

    public static string PictureUnreadable(string lang) => En(lang) ? OcrReplies.UnreadablePictureEn : OcrReplies.UnreadablePictureZh;

    public static string PictureHasNoText(string lang) => En(lang) ? OcrReplies.NoTextEn : OcrReplies.NoTextZh;

    public static string PictureBusy(string lang) => En(lang) ? OcrReplies.BusyEn : OcrReplies.BusyZh;

    public static string CannotReadPictures(string lang) => En(lang) ? OcrReplies.CannotReadPicturesEn : OcrReplies.CannotReadPicturesZh;

    static string Show(Indicator indicator, string lang) => Show(indicator.KindCode, indicator.Value, lang);

    static string Show(Reputation r, string lang) => Show(r.Kind, r.Value, lang);

    static string Show(string kind, string value, string lang) => "<code>" + Html(Display(kind, value, lang)) + "</code>";

    /// <summary>
    /// An indicator as residents read it: a phone in national format (0577 8888 9999), or with its country code when it is
    /// another country's (+44 20 7946 0958, which in its own national format would read as a Guangzhou number); a payment
    /// account by its app's name (微信 abc123, never the stored wechat:abc123); anything else as found.
    /// </summary>
    public static string Display(string kind, string value, string lang) => kind switch
    {
        "phone" => Phone(value),
        "payment_account" => Account(value, lang),
        _ => value,
    };

    /// <summary>A stored E.164 phone as people write it: national format for a number of China, international for any other.</summary>
    public static string Phone(string e164)
    {
        try
        {
            var util = PhoneNumberUtil.GetInstance();
            var number = util.Parse(e164, "CN");
            return util.Format(number, number.CountryCode == 86 ? PhoneNumberFormat.NATIONAL : PhoneNumberFormat.INTERNATIONAL);
        }
        catch (NumberParseException)
        {
            return e164;
        }
    }

    /// <summary>"wechat:abc123" as 微信 abc123 / WeChat abc123.</summary>
    static string Account(string value, string lang)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
            return value;
        var app = (value[..colon], En(lang)) switch
        {
            ("wechat", false) => "微信",
            ("wechat", true) => "WeChat",
            ("alipay", false) => "支付宝",
            ("alipay", true) => "Alipay",
            ("qq", _) => "QQ",
            _ => null,
        };
        return app is null ? value : app + " " + value[(colon + 1)..];
    }

    static string Html(string? text) => TelegramHtml.Encode(text ?? "");
}
