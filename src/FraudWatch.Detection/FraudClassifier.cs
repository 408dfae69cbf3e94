using System.Text.RegularExpressions;

namespace FraudWatch.Detection;

/// <summary>What the classifier makes of a message: it looks like a fraud type, it looks ordinary, or it cannot tell.</summary>
public enum Verdict
{
    Ordinary,
    Fraud,
    NotSure,
}

/// <summary>Why a message the model would not call a fraud type is "not sure", with advice of its own: its words cannot show it
/// is safe, and the model's "if it is a scam, it looks like…" would be a guess from words that say nothing.</summary>
public enum Caution
{
    None,

    /// <summary>A link the reader is asked to look at, with little else (the album and video trojans).</summary>
    LinkToLookAt,

    /// <summary>"I have a new number", with little else: the first step of the acquaintance scam, and what a relative
    /// really sends; only the old number or a face can tell.</summary>
    NewNumber,

    /// <summary>Money said to be leaving the reader's account (a purchase, an annual fee, a renewal) in round yuan, and a
    /// number to call about it that is no bank's or carrier's short service number: the card-spending and annual-fee
    /// scams, which read like a bank's notice.</summary>
    CallBack,

    /// <summary>"Guess who I am", "you can't even tell my voice?": a caller who will not say who they are, the opening of
    /// the acquaintance scam, which waits for the reader to give a name it can take on.</summary>
    GuessWho,

    /// <summary>A courier's or post office's delivery problem (address unclear, no answer, held at an outlet) whose only
    /// ask is a number to call: what a real courier sends, and, with the fee or claim kept for the call, what a fake
    /// one could. Only the courier's own app or hotline can tell; unlike the others, this caution can take the place of
    /// a fraud type the model gave.</summary>
    CourierCall,

    /// <summary>A notice that a sum to the cent has already been taken (a toll, a bill, a card payment), with nothing asked:
    /// no number, link, code, chat app or threat. Residents forward their own bills to ask; a scam that asks nothing can
    /// take nothing, and only the bank's or biller's own app can tell whether the payment was theirs. Like
    /// <see cref="CourierCall"/>, it takes the place of a fraud type the model gave.</summary>
    SettledDebit,

    /// <summary>A prize the reader never entered for ("您已被奔跑吧兄弟抽选为场外幸运观众，获得18万元和笔记本电脑"), worth a
    /// laptop, a phone or ten thousands of yuan, to be claimed through a link, a code or a fee: the prize scam, which is
    /// none of the ten types, so the model, which learned no such message, called real ones ordinary. Residents are told
    /// plainly that a real prize never costs money or a card number first.</summary>
    Prize,

    /// <summary>An offer of something against the law: online gambling (百家乐, 首存送, 返水), "escort" services brought to
    /// the door, fake certificates, seals or invoices (办证, 刻章, 代开发票). None of the ten types, and not ordinary either:
    /// what is paid for them is seldom got back, and taking part is itself an offence. The model called most such real
    /// SMS ordinary.</summary>
    IllegalOffer,

    /// <summary>A government office's notice whose only asks go through the office's own app, hall, official number or
    /// .gov.cn site (交管12123App, 掌上12333, 电子税务局, 办税服务厅, 12366…): no link elsewhere, no other number, account, chat
    /// app or key to press. Whoever sent it, doing what it says harms no one, and the model called some genuine notices
    /// police impersonation; like <see cref="CourierCall"/>, it takes the place of that type.</summary>
    OwnChannel,
}

public static class Cautions
{
    /// <summary>Stable lowercase code of a caution (link_to_look_at, new_number, call_back, guess_who, courier_call,
    /// settled_debit, prize, illegal_offer, own_channel); null for none.</summary>
    public static string? ToCode(this Caution caution) => caution switch
    {
        Caution.None => null,
        Caution.LinkToLookAt => "link_to_look_at",
        Caution.NewNumber => "new_number",
        Caution.CallBack => "call_back",
        Caution.GuessWho => "guess_who",
        Caution.CourierCall => "courier_call",
        Caution.SettledDebit => "settled_debit",
        Caution.Prize => "prize",
        Caution.IllegalOffer => "illegal_offer",
        Caution.OwnChannel => "own_channel",
        _ => throw new ArgumentOutOfRangeException(nameof(caution), caution, null),
    };

    /// <summary>Stable lowercase code of a verdict, as the API answers it: fraud, ordinary or not_sure.</summary>
    public static string ToCode(this Verdict verdict) => verdict switch
    {
        Verdict.Fraud => "fraud",
        Verdict.Ordinary => "ordinary",
        _ => "not_sure",
    };
}

/// <summary>
/// A fraud type code ("other" unless the verdict is <see cref="Verdict.Fraud"/>), a score in [0,1] (the message's
/// probability of being any fraud), one line of advice in the message's language, and the rules that fired as
/// "type:keyword". <see cref="Verdict"/>, <see cref="Confidence"/> and <see cref="Likely"/> say how sure it is.
/// </summary>
public sealed record Classification(string Type, double Score, string Advice, IReadOnlyList<string> MatchedRules)
{
    public Verdict Verdict { get; init; } = Type == FraudTypes.Other ? Verdict.Ordinary : Verdict.Fraud;

    /// <summary>Calibrated probability that the verdict is right: of <see cref="Type"/> for Fraud, of an ordinary
    /// message for Ordinary, of the likeliest answer for NotSure (below both thresholds, except for a link to look at,
    /// which the model may think ordinary but is never called so).</summary>
    public double Confidence { get; init; }

    /// <summary>The likeliest fraud type even when the verdict is not Fraud ("if it is a scam, it looks like…");
    /// "other" only for a message with nothing to judge: no letter or digit, or a link to look at with little else.</summary>
    public string Likely { get; init; } = Type;

    /// <summary>Set when the verdict is NotSure although the model would call the message ordinary (or, for
    /// <see cref="Caution.CourierCall"/>, a fraud type).</summary>
    public Caution Caution { get; init; }
}

/// <summary>
/// Keyword rules over the embedded rule files feed, with hashed character and word n-grams, a logistic regression
/// (<see cref="LinearModel"/>) learned at first use from the embedded training data; its calibrated probabilities give
/// the verdict. Build once (<see cref="Default"/>); thread-safe.
/// </summary>
public sealed partial class FraudClassifier
{
    private static readonly Lazy<FraudClassifier> Lazy = new(() => Load(RuleBook.LoadEmbedded()));

    /// <summary>The classes in model order: <see cref="FraudTypes.All"/>, then <see cref="FraudTypes.Other"/>.</summary>
    internal static IReadOnlyList<string> Classes { get; } = [.. FraudTypes.All, FraudTypes.Other];

    internal const int Extras = 19; // rule vote per type (10), harmless, cues, 5 indicator kinds, link lure, no keyword at all
    private const int LureSlot = Extras - 2;
    private const int LookAtLinkWords = 25; // letters, digits and Chinese characters outside the links
    private const int NewNumberWords = 30; // the same, outside the phone numbers
    // What the photo, invitation and voting trojans offer: "our reunion photos", "my wedding invitation", "vote for No. 6".
    private static readonly string[] SharedPhotoWords = ["照片", "相片", "相册", "合照", "合影", "影集", "请帖", "请柬", "喜帖", "投票", "投个票", "投一下", "投一票"];
    // A caller who makes the reader name them (BENCHMARKS.md, "Sixteenth session": 10 real quoted openings called ordinary;
    // the question forms of 听不出来 since the twentieth session, when a retrained model called "…真听不出来？" ordinary).
    private static readonly string[] GuessWhoPhrases =
    [
        "猜猜我是谁", "猜我是谁", "听不出我", "听不出是我", "听不出来了", "听不出来?", "听不出来吗", "听不出来啊", "你听不出来",
        "声音都听不出", "声音也听不出", "认不出我", "不认识我了",
        "贵人多忘事", "连我都不认识", "连我都不记得", "连我都忘了", "老同学都不认识", "老朋友都不认识", "想想我是谁", "听出我是谁",
        "听听我是谁", "我是谁你", "你猜我是", "再猜猜", "认不出了", "的声音都忘",
    ];
    private const string LoanType = "fake_loan";
    private const string LoanFromMobileRule = "rule:loan_from_mobile";
    private const string LoanAgentRule = "rule:loan_agent";
    private const string InvestmentType = "fake_investment";
    private const string PromisedYieldRule = "rule:promised_yield";
    private const string NewAccountRule = "rule:new_account";
    private const string CardPinRule = "rule:card_pin";
    private const string PayForMeRule = "rule:pay_for_me";
    private const string MoneyLinkRule = "rule:money_link";
    private const string GovernmentLinkRule = "rule:government_link";
    private const string GovernmentThreatRule = "rule:government_threat";
    private const string StockTipRule = "rule:stock_tip";
    private const string AcquaintanceType = "impersonate_acquaintance";
    private const string BareAccountRule = "rule:bare_account";
    private const string PoliceType = "impersonate_police";
    private const string PrizeCourtRule = "rule:prize_court";
    private const string CourierLinkRule = "rule:courier_link";
    // How often each rule's answer was right where it was measured, as a Laplace estimate ((right + 1) / (answers + 2)): the
    // confidence of an answer a rule gave, which the model's own probability (0.05 for a bare account) would understate
    // (BENCHMARKS.md, "Twenty-third session"). The loan rule named 41 messages of the labelled sets, real and team-written,
    // and 39 were loan offers; a bare account holds for 104 of the 800k set's 5,793 spam texts (all 104 acquaintance scams
    // by the hand labels) and 4 of its 52,057 normal ones; a prize court for 9 spam texts (9 of 9 police impersonation by
    // the labels) and no normal one.
    private const double LoanFromMobileConfidence = 0.93;
    private const double PromisedYieldConfidence = 0.82;
    private const double BareAccountConfidence = 0.95;
    private const double PrizeCourtConfidence = 0.91;
    // A delivery notice linking to a cheap host holds for 126 labelled messages, 124 of them fake customer service (a prize
    // and a customs scam besides) and no ordinary message of any set, the 800k set's 52,057 normal texts among them.
    private const double CourierLinkConfidence = 0.98;
    // A new account asked for holds for 91 labelled messages, real and team-written, 83 of them acquaintance scams; a card's
    // PIN asked for holds for 41, 39 of them; money through a link for 352, 312 of them fake customer service (most of the
    // rest loans and government impersonations); a government office's link for 120, 103 of them police impersonation (the
    // rest fake customer service); a stock tip for 230, 227 of them investment scams (BENCHMARKS.md, "Twenty-fifth session";
    // `tools/train-detection -- rules`).
    private const double NewAccountConfidence = 0.90;
    private const double CardPinConfidence = 0.93;
    // A third party to pay for someone the reader obeys holds for 514 labelled messages, real and team-written, 488 of them
    // acquaintance scams (most of the rest loan scams in a "manager's" voice; 3 ordinary) (BENCHMARKS.md, "Twenty-seventh
    // session").
    private const double PayForMeConfidence = 0.95;
    private const double MoneyLinkConfidence = 0.88;
    private const double GovernmentLinkConfidence = 0.85;
    private const double StockTipConfidence = 0.98;
    // A loan in an agent's or lending company's voice holds for 1,746 labelled messages, real and
    // team-written, 1,304 of them loan offers; most of the rest are investment adverts and genuine talk about loans that the
    // model itself decides (BENCHMARKS.md, "Twenty-sixth session").
    private const double LoanAgentConfidence = 0.75;
    // A government office's threat holds for 197 labelled messages, real and team-written, 181 of them police impersonation
    // and 16 customer-service scams in a medical insurer's or a tax office's name; no ordinary message (BENCHMARKS.md,
    // "Twenty-sixth session").
    private const double GovernmentThreatConfidence = 0.91;
    // Where the model calls a message ordinary, but with less than this, the government-threat rule is asked too
    // (ConfirmedNearlyOrdinary; BENCHMARKS.md, "Twenty-sixth session").
    private const double NearlyOrdinary = 0.9;
    private const int BareAccountChars = 200; // a list of several cards of one name is still bare
    private const int BareAccountDigits = 15; // bank cards and passbooks have 16 to 19 digits; a phone number or landline has 11 or 12
    private const int BareAccountWords = 14;  // Chinese characters besides the bank, the account and its labels: a name, 请转账至…
    private const int PayIntoThisCardWords = 40; // with "打到这张卡上" in it: "我是房东，因为更换芯片卡，我的卡号换了…"
    private const int CourierCallChars = 200;
    private const string CourierType = "fake_customer_service"; // the type the model gives genuine courier notices
    private static readonly string[] CourierWords = ["快递", "快件", "包裹", "邮件", "挂号信", "派送", "派件", "投递", "驿站", "丰巢", "运单"];
    private static readonly string[] DeliveryProblems =
    [
        "地址不详", "地址不全", "地址不完整", "地址不清", "地址有误", "地址错误", "地址填写不", "门牌号", "无法派送", "无法投递", "暂无法派送",
        "派送失败", "投递失败", "无人接听", "联系不上", "改派", "滞留", "暂存",
    ];
    // What a fake notice of any kind asks besides a call: a link, an app, a chat contact, a code, a transfer, a claim.
    private static readonly string[] NoticeAsks =
    [
        "转账", "理赔", "退款", "验证码", "密码", "二维码", "扫码", "微信", "威信", "vx", "qq", "添加", "下载", "链接", "点击", "网址",
        "http", "www", "客服",
    ];
    // Anything a fake courier asks besides a call: money, a claim or refund, a loss, details, a chat app, a link, a court.
    private static readonly string[] CourierAsks =
    [
        .. NoticeAsks, "费", "元", "钱", "付", "赔", "补偿", "退费", "返还", "丢失", "遗失", "销毁", "违禁", "海关", "关税", "银行", "卡号",
        "账户", "账号", "身份证", "v信", "扣扣", "加v", "法院", "公安", "检察", "传票", "按1", "按9", "按键",
    ];
    private const int SettledDebitChars = 160;
    // Anything a fake debit notice needs the reader to do, or a threat to make them do it.
    private static readonly string[] SettledDebitAsks =
    [
        .. NoticeAsks, "登录", "登陆", "汇款", "联系", "致电", "拨打", "回电", "回复", "咨询", "详询", "退还", "冻结", "逾期", "失效", "异常",
        "罚", "停用", "注销", "黑名单", "征信",
    ];
    private const int PrizeChars = 300;
    private const int IllegalOfferChars = 400;
    // "Escort" adverts: a service or place, and who is on offer.
    private static readonly string[] EscortServices = ["上门服务", "一条龙", "全套", "包夜", "特殊服务", "莞式", "男士会所", "男士养生", "养生会馆", "休闲馆", "松闲馆", "男人的天堂", "男人天堂"];
    private static readonly string[] EscortPeople = ["美女", "少妇", "学生妹", "小妹", "模特", "空姐", "洋妞", "技师", "制服", "激情", "佳丽", "车模", "后女孩"];
    // What a claim asks besides a link: a code to type in, a fee or tax to pay first.
    private static readonly string[] PrizeClaims =
    [
        "领取", "领奖", "兑奖", "认领", "查收", "收领", "凭取", "验证码", "领取码", "识别码", "验收码", "查看码", "认证码", "校验码", "检验码",
        "兑奖码", "手续费", "保证金", "公证费", "所得税", "个税", "税费", "邮费", "运费", "物流费", "保价费", "押金", "激活费", "折现", "热线",
    ];

    // Who picks a random phone number for a prize only in a scam: a show's off-stage audience, its production team, a notary.
    private static readonly string[] PrizeShows = ["栏目组", "节目组", "幸运观众", "公证处", "兑奖部", "兑奖中心", "领奖中心"];
    // A warning about scams, which names them; a scam never does.
    private static readonly string[] ScamWarnings = ["诈骗", "骗局", "骗子", "反诈", "防骗", "谨防", "警惕"];
    private static readonly string[] NewNumberPhrases = ["新号", "换号", "号码换了", "号换了", "换了号", "换了个号", "新手机号", "new number"];

    // A link to act on, with a reason to act now: the shape of a phishing text whatever institution it names.
    private static readonly string[] LinkActions = ["登录", "登陆", "登入", "点击", "打开", "进入", "访问", "log in", "login", "click", "verify"];
    private static readonly string[] LinkLures =
    [
        "失效", "过期", "清零", "冻结", "激活", "认证", "现金", "补录", "注销", "异常", "理赔", "退款", "停用", "限制", "核实",
        "expire", "suspend", "locked", "claim", "refund",
    ];

    // A link blanked out by whoever collected or forwarded the message ("[链接]", "http://***", "***.***.cn", "x网址").
    private static readonly string[] MaskedLinks =
    [
        "[链接]", "【链接】", "(链接)", "<链接>", "[网址]", "【网址】", "(网址)", "http://*", "https://*", "http://x", "https://x",
        "http://…", "www.*", "www.x", "www…", "www...", "***.", ".***", "*网址", "x网址", "×网址", "*链接", "x链接", "×链接",
    ];

    // A phone number or an account blanked out by whoever collected the message (TextFold.NumberBlanks with digits).
    private static readonly string[] BlankedContacts = [.. TextFold.NumberBlanks.Where(b => b.Digits > 0).Select(b => b.Blank)];
    private static readonly string[] BlankedPhones = ["[电话]", "[手机]"];

    private readonly RuleBook _rules;
    private readonly KeywordAutomaton _automaton;
    private const int HarmlessType = -1;
    private const int CueType = -2;

    private readonly int[] _typeOf; // keyword index → index in FraudTypes.All, HarmlessType or CueType
    private readonly double[] _weight;
    private readonly string[] _label;

    private FraudClassifier(RuleBook rules)
    {
        _rules = rules;
        _automaton = new KeywordAutomaton(rules.Keywords.Select(k => k.Keyword).ToArray());
        _typeOf = rules.Keywords.Select(k => k.Type switch
        {
            RuleBook.Harmless => HarmlessType,
            RuleBook.Cue => CueType,
            _ => IndexOf(k.Type),
        }).ToArray();
        _weight = rules.Keywords.Select(k => k.Weight).ToArray();
        _label = rules.Keywords.Select(k => k.Type + ":" + k.Keyword).ToArray();
    }

    /// <summary>The shipped model (Model/model.bin, made by tools/train-detection).</summary>
    public static FraudClassifier Default => Lazy.Value;

    /// <summary>
    /// A model learned, with the shipped settings (but <paramref name="orders"/> training orders averaged), from the shipped
    /// training data plus a county's own messages as its officers decided them, each learned <paramref name="repeat"/>
    /// times: real messages of the place the bot serves weigh more than any one written example.
    /// </summary>
    public static FraudClassifier Learn(IEnumerable<(string Text, string Type)> county, int repeat, int orders)
    {
        var rules = RuleBook.LoadEmbedded();
        rules = rules with { Model = rules.Model with { Average = orders } };
        var local = county.Where(c => FraudTypes.IsKnown(c.Type) && c.Text.Length > 0)
            .Select(c => new LabelledText(c.Text, c.Type, "county", "county")).ToList();
        return Build([.. TrainingData.Embedded(), .. Enumerable.Repeat(local, repeat).SelectMany(x => x)], rules);
    }

    /// <summary>A classifier with the embedded rules and a model written by <see cref="ModelBytes"/>.</summary>
    public static FraudClassifier FromModel(byte[] model)
    {
        using var stream = new MemoryStream(model, writable: false);
        return new FraudClassifier(RuleBook.LoadEmbedded()) { Model = LinearModel.Read(stream) };
    }

    /// <summary>The model as shipped models are stored (deflated half-precision weights).</summary>
    public byte[] ModelBytes()
    {
        using var stream = new MemoryStream();
        Model.Write(stream);
        return stream.ToArray();
    }

    /// <summary>The model's fingerprint, 16 hex digits (BENCHMARKS.md names models by it).</summary>
    public string Fingerprint => Model.Fingerprint().ToString("x16", System.Globalization.CultureInfo.InvariantCulture);

    internal LinearModel Model { get; private set; } = null!;

    /// <summary>
    /// The embedded rules with a model learned from <paramref name="examples"/> (cross-validation, tests, the training
    /// command), its averaged models trained up to <paramref name="parallelism"/> at once (the same model either way; the
    /// host's county learning keeps to one core so the bot stays responsive).
    /// </summary>
    internal static FraudClassifier Build(IReadOnlyList<LabelledText> examples, RuleBook rules, int parallelism = 1)
    {
        var classifier = new FraudClassifier(rules);
        var weighOf = SourceWeights(examples, rules.Model.SourcePower);
        var samples = Learned(examples)
            .Select(e => classifier.Sample(e.Text, IndexOf(e.Type) is var c and >= 0 ? c : Classes.Count - 1) is var sample && weighOf is not null
                ? sample with { Weight = sample.Weight * weighOf(e.Source) } : sample).ToList();
        classifier.Model = LinearModel.Train(samples, Classes.Count, Extras, rules.Model.Training, parallelism).Rounded();
        return classifier;
    }

    /// <summary>
    /// Each file's weight when messages are weighed by (mean file size / file size)^power, or null at power 0 (shipped:
    /// weighing by file was measured in the thirty-first session and not kept).
    /// </summary>
    private static Func<string, float>? SourceWeights(IReadOnlyList<LabelledText> examples, double power)
    {
        if (power == 0)
            return null;
        var sizes = examples.GroupBy(e => e.Source).ToDictionary(g => g.Key, g => g.Count());
        var mean = sizes.Values.Average();
        return source => (float)Math.Pow(mean / sizes[source], power);
    }

    /// <summary>The examples as a model learns them: each one, then each one that has a link again with its links blanked.</summary>
    internal static List<LabelledText> Learned(IReadOnlyList<LabelledText> examples) =>
        [.. examples, .. examples.Select(WithLinksBlanked).OfType<LabelledText>()];

    /// <summary>
    /// The message with each link replaced by "[链接]", or null if it has none. Collected and quoted messages often blank
    /// their links out, so every learned message with a link is learned a second time that way: a blanked link then
    /// says "a link here", not "a helper wrote this scam" (the team's writers blanked links almost only in scams).
    /// </summary>
    private static LabelledText? WithLinksBlanked(LabelledText example)
    {
        var visible = TextFold.Readable(example.Text); // as the links' Raw are written
        var links = IndicatorExtractor.AsLearned(visible).Where(i => i.Kind == IndicatorKind.Url).ToList();
        return links.Count == 0 ? null
            : example with { Text = links.Aggregate(visible, (text, link) => text.Replace(link.Raw, "[链接]", StringComparison.Ordinal)) };
    }

    /// <summary>The embedded rules with the shipped model (Model/model.bin, made by tools/train-detection).</summary>
    private static FraudClassifier Load(RuleBook rules)
    {
        var assembly = typeof(FraudClassifier).Assembly;
        var name = assembly.GetManifestResourceNames().SingleOrDefault(n => n.EndsWith("model.bin", StringComparison.Ordinal))
            ?? throw new InvalidDataException("Model/model.bin is missing from the embedded resources; run tools/train-detection.");
        using var stream = assembly.GetManifestResourceStream(name)!;
        return new FraudClassifier(rules) { Model = LinearModel.Read(stream) };
    }

    internal static FraudClassifier Build(IReadOnlyList<LabelledText> examples, RuleBook.ModelSettings settings, int parallelism = 1) =>
        Build(examples, RuleBook.LoadEmbedded() with { Model = settings }, parallelism);

    /// <summary>The probability that a message is fraud at all, above which it may get a fraud type.</summary>
    public double Threshold => _rules.Model.FraudThreshold;

    public Classification Classify(string text, IReadOnlyList<Indicator>? indicators = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return ClassifyReadable(TextFold.Readable(text), indicators);
    }

    /// <summary><see cref="Classify"/> of a text already made readable (<see cref="TextFold.Readable"/>).</summary>
    internal Classification ClassifyReadable(string text, IReadOnlyList<Indicator>? indicators)
    {
        var lang = Languages.Detect(text);
        if (!text.Any(char.IsLetterOrDigit))
        {
            return new Classification(FraudTypes.Other, 0, Text(FraudTypes.Other, lang).Advice, [])
            {
                Verdict = Verdict.NotSure, // nothing to judge
                Confidence = 0,
                Likely = FraudTypes.Other,
            };
        }

        // Judged by what the message says: without the resident's question about it and without its sender's number
        // (which stays an indicator of the report).
        var message = WithoutQuestion(text) ?? text;
        message = WithoutSender(message) ?? message;
        message = Unwrapped(message) ?? message;
        if (!ReferenceEquals(message, text))
        {
            (text, indicators) = (message, null);
        }

        indicators ??= IndicatorExtractor.AsLearned(text);
        var p = ProbabilitiesOfReadable(text, indicators, out var matched);
        var other = Classes.Count - 1;
        var best = LikeliestType(p);
        var answer = Decide(p, _rules.Model);
        var (verdict, confidence) = answer == best ? (Verdict.Fraud, p[best])
            : answer == other ? (Verdict.Ordinary, p[other])
            : (Verdict.NotSure, Math.Max(p[best], p[other]));
        var likely = FraudTypes.All[best];
        var folded = TextFold.Fold(text, lower: true); // once, for every check below that reads the folded text
        var confirmed = verdict == Verdict.NotSure ? ConfirmedByRule(FraudTypes.All[best], folded)
            : verdict == Verdict.Ordinary && p[other] < NearlyOrdinary ? ConfirmedNearlyOrdinary(FraudTypes.All[best], folded)
            : null;
        if (confirmed is var (confirmedBy, confirmedConfidence))
        {
            // A type the model leans to but is not sure of (or, for a government office's threat, calls ordinary by only a
            // little), which a rule confirms: named, with the rule among the matched ones and the rule's measured confidence.
            (verdict, confidence) = (Verdict.Fraud, Math.Max(p[best], confirmedConfidence));
            matched = [.. matched, confirmedBy];
        }

        // A scam the model learned no example of, named by rule, with the rule's measured confidence. A bare account is
        // named so also where the model names another type ("农行卡号… 户名 杜明" was fake_customer_service at 0.36): it asks
        // for nothing but a payment to a named person.
        var named = verdict != Verdict.Fraud ? NamedByRule(folded) ?? NamedByLink(folded, indicators)
            : FraudTypes.All[best] != AcquaintanceType && IsBareAccountFolded(folded) ? (AcquaintanceType, BareAccountRule, BareAccountConfidence)
            : null;
        if (named is var (ruleType, rule, ruleConfidence))
        {
            best = IndexOf(ruleType);
            (verdict, confidence, likely) = (Verdict.Fraud, Math.Max(p[best], ruleConfidence), ruleType);
            matched = [.. matched, rule];
        }

        if (verdict == Verdict.Fraud && FraudTypes.All[best] is PoliceType or InvestmentType && !SpeaksToSomeone(folded, indicators))
        {
            verdict = Verdict.NotSure; // news about a case or a fund, not a message to anyone
        }

        var caution = verdict == Verdict.Fraud
                ? (FraudTypes.All[best] == CourierType && IsCourierCall(text, indicators) ? Caution.CourierCall
                    : IsSettledDebit(text, indicators) ? Caution.SettledDebit
                    : FraudTypes.All[best] == PoliceType && IsOwnChannelNoticeFolded(folded, indicators) ? Caution.OwnChannel
                    : Caution.None)
            : IsPrizeClaimFolded(folded, indicators) ? Caution.Prize
            : IsIllegalOfferFolded(folded) ? Caution.IllegalOffer
            : IsLinkToLookAt(text, indicators) ? Caution.LinkToLookAt
            : IsNewNumberNotice(text, indicators) ? Caution.NewNumber
            : IsCallBackNotice(text) ? Caution.CallBack
            : ContainsAny(folded, GuessWhoPhrases) ? Caution.GuessWho
            // The two held-back types above also where the model is only "not sure": the resident still gets the line
            // that fits (check the delivery in the courier's own app; the debit in the bank's or biller's own app).
            : verdict == Verdict.NotSure && FraudTypes.All[best] == CourierType && IsCourierCall(text, indicators) ? Caution.CourierCall
            : verdict == Verdict.NotSure && IsSettledDebit(text, indicators) ? Caution.SettledDebit
            : Caution.None;
        if (caution != Caution.None)
        {
            (verdict, likely) = (Verdict.NotSure, FraudTypes.Other);
        }

        var type = verdict == Verdict.Fraud ? FraudTypes.All[best] : FraudTypes.Other;
        // A fraud of one type is a fraud: a rule's answer lifts the probability of any fraud to at least its confidence.
        var score = verdict == Verdict.Fraud ? Math.Max(1 - p[other], confidence) : 1 - p[other];
        return new Classification(type, Math.Round(score, 3), Text(type, lang).Advice, matched)
        {
            Verdict = verdict,
            Confidence = Math.Round(confidence, 3),
            Likely = likely,
            Caution = caution,
        };
    }

    /// <summary>
    /// Whether a message speaks to someone, as every police impersonation and investment pitch does, or retells one: it
    /// names or addresses a reader (你, 您, 各位, 用户…), speaks as someone (我, 本院…), asks (请, 拨打, 点击, 转账, 按1…),
    /// retells a call (说是, 自称, 接到…), gives a way to answer (a phone, a link, an account, 微信, 群, 退订…) or, for a pitch,
    /// promises (稳赚, 保本, 涨停, 内幕, 收益 8%…). A sentence of news does none of these: "万某国被衡阳县检察院批准逮捕",
    /// "14个单位违规排放被立案查处", "作为私募基金主要负责人之一", "即便收盘后股指期货IF1508翻红". The model names such sentences
    /// for their words; they are answered "not sure" instead (thirtieth session: 168 of the 800k set's 52,057 "normal"
    /// texts, news fragments most of them, no longer flagged; no real or team-written scam lost).
    /// </summary>
    internal static bool SpeaksToSomeone(string folded, IReadOnlyList<Indicator> indicators) =>
        indicators.Count > 0 || ContainsAny(folded, MaskedLinks) || SpeechMarker().IsMatch(folded);

    [GeneratedRegex(@"[你您我咱俺]|阁下|贵(?:公司|单位|司|行|府)|机主|本人|各位|大家|市民|居民|群众|用户|客户|先生|女士|家长|同学|老人|本院|本局|本所|本庭|"
        + @"请|速|立即|马上|尽快|务必|拨打|致电|回电|联系|点击|登录|登陆|登入|下载|扫码|回复|转账|转入|转过来|转给|转到|转进|打到|汇到|汇款|"
        + @"领取|申领|入口|链接|网址|按[0-9]|回[0-9]|配合|日结|"
        + @"说是|自称|打电话|来电|接到|电话里|视频|\[(?:电话|手机|卡号)\]|\b(?:you|your|me|my|call|click|please|we|us)\b|"
        // A bulk advert's own ways to answer it: a chat app, a group to join, a code, "reply T to stop".
        + @"微信|wechat|qq|vx|v信|加v|群|验证|退订|回t|咨询|详询|热线|电话|免费|报名|欢迎|whatsapp|telegram|"
        // A pitch's promise, said to whoever reads it.
        + @"稳赚|保本|保息|翻倍|翻番|翻一番|倍|十倍|涨停|牛股|内部|内幕|认购|入金|出金|带单|跟单|导师|老师|名额|错过|连本带利|收益[^，。,.]{0,4}[0-9x]|"
        + @"赚|日息|月息|年息|返利|返息|月返|分红|回报|本金|本钱|提现|私聊|中签|矿机|空投|代币|usdt|"
        + @"guarantee|return|profit|deposit|join|vip|signal|earn|payout|bonus|mentor|teacher|mining|"
        // A resident's question about it, or a retold call or visit.
        + @"必涨|加微|兑现|预购|安全账户|卡冻结|账户冻结|被冻结|已冻结|将冻结|停机|审计费|app|paying|pays|dividend|principal|phone|"
        + @"吗|吧|呢|？|\?|靠谱|真的|骗人|是骗|是不是|怎么办|咋办|急|说|让|叫|要求|said|says|told|asked|anyone|real or fake")]
    private static partial Regex SpeechMarker();

    /// <summary>The likeliest fraud type's index in <see cref="Classes"/>.</summary>
    internal static int LikeliestType(double[] p)
    {
        var best = 0;
        for (var c = 1; c < Classes.Count - 1; c++)
        {
            best = p[c] > p[best] ? c : best;
        }

        return best;
    }

    /// <summary>
    /// The answer the calibrated probabilities <paramref name="p"/> give, as an index in <see cref="Classes"/>, or -1 for
    /// "not sure". The likeliest fraud type is named when the message is a fraud of any type with a probability of at
    /// least <see cref="RuleBook.ModelSettings.FraudThreshold"/> and that type holds at least
    /// <see cref="RuleBook.ModelSettings.TypeShare"/> of it; "other" when its probability reaches
    /// <see cref="RuleBook.ModelSettings.OrdinaryThreshold"/>. Until the fifteenth session the type alone had to reach the
    /// threshold, so "other 0.45, fake_loan 0.40, fake_customer_service 0.10" was "not sure" although a scam was the
    /// likelier answer (BENCHMARKS.md, "Fifteenth session").
    /// </summary>
    internal static int Decide(double[] p, RuleBook.ModelSettings settings)
    {
        var other = Classes.Count - 1;
        var best = LikeliestType(p);
        var fraud = 1 - p[other];
        return fraud >= settings.FraudThreshold && p[best] >= settings.TypeShare * fraud ? best
            : p[other] >= settings.OrdinaryThreshold ? other
            : -1;
    }

    /// <summary>
    /// The message without the resident's own question about it: "帮我看看这个是不是骗子？" or "我收到这条短信：" before it,
    /// "这是真的吗" after it, on a line of its own (or before a colon). Null when there is none. The question is chat and
    /// pulled the message toward "ordinary": with "帮我看看这个是不是骗子？" above them, 645 of 740 blind scam SMS were named
    /// instead of 711 (BENCHMARKS.md, "Fourteenth session").
    /// </summary>
    internal static string? WithoutQuestion(string text)
    {
        var first = text.IndexOfAny(['\n', ':', '：', '?', '？']);
        if (first > 0 && first <= 40 && IsQuestion(text[..first]) && Readable(text[(first + 1)..]) is { } after)
        {
            return after;
        }

        var last = text.TrimEnd().LastIndexOf('\n');
        return last > 0 && text.Length - last <= 41 && IsQuestion(text[(last + 1)..]) ? Readable(text[..last]) : null;

        static string? Readable(string rest) => rest.Count(char.IsLetterOrDigit) >= 10 ? rest.Trim() : null;
    }

    private static bool IsQuestion(string line) => ContainsAny(TextFold.Fold(line, lower: true), QuestionCues);

    // What a resident asks about a message they pass on, not what a message says.
    private static readonly string[] QuestionCues =
    [
        "是不是骗", "是骗子吗", "是诈骗吗", "是骗局吗", "是不是诈骗", "是不是真的", "是真的吗", "是假的吗", "是不是假的", "可信吗",
        "能信吗", "靠谱吗", "帮我看看", "帮忙看看", "帮我看下", "帮我看一下", "帮看看", "会不会是骗", "收到这条", "收到一条",
        "收到这个", "收到这样", "收到的", "发来的", "发了这个", "发了一条", "什么意思", "这个怎么办", "这条怎么办", "怎么处理",
        "要不要理", "要不要回", "注意这条", "注意这个", "大家注意", "大家小心", "is this a scam", "is it a scam", "is this real",
        "is this legit",
    ];

    /// <summary>
    /// The message as one line when it was cut into lines of one width, as a phone's "extract text" or a narrow screen
    /// copies it: at least three lines, all but the last of the same length (give or take two characters) and none ending
    /// a sentence. Null otherwise: typed lines, chats and call turns differ in length. A cut through "冻结" or a link
    /// took words and links apart (BENCHMARKS.md, "Fourteenth session").
    /// </summary>
    internal static string? Unwrapped(string text)
    {
        var lines = text.Contains('\n') ? text.Split('\n') : [];
        if (lines.Length < 3)
        {
            return null;
        }

        var width = lines[0].Length;
        for (var i = 0; i < lines.Length - 1; i++)
        {
            var line = lines[i];
            if (line.Length < 8 || Math.Abs(line.Length - width) > 2 || "。！？!?…".Contains(line[^1]))
            {
                return null;
            }
        }

        return string.Concat(lines);
    }

    /// <summary>
    /// The message below a first line that holds only a number ("95588", "1069 0288 1234", "+86 138 0013 8000"): the sender,
    /// as a phone screenshot or a pasted SMS shows it above the text. Null when there is no such line. The learned
    /// messages carry no sender line, and a number read with the message pulled scams toward "not sure" (BENCHMARKS.md,
    /// screenshots).
    /// </summary>
    internal static string? WithoutSender(string text)
    {
        var end = text.IndexOf('\n');
        if (end < 4 || end > 24)
        {
            return null;
        }

        var first = text.AsSpan(0, end).Trim();
        var digits = 0;
        foreach (var c in first)
        {
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if (c is not (' ' or '-' or '+'))
            {
                return null;
            }
        }

        var rest = text[(end + 1)..];
        return digits >= 4 && rest.Any(char.IsLetter) ? rest : null;
    }

    /// <summary>
    /// A link the reader is asked to look at, with hardly anything else to read ("你认真看完这个相册吧 http://…", "你都上新闻了
    /// 你自己看吧 http://…", the album and photo trojans police warn about): its words cannot show that it is safe, and what
    /// it leads to is the whole question, so it is never called ordinary, only "not sure". Chinese only ("看", and "你",
    /// "您" or "看看"; "瞧", "自己瞧瞧 http://…"; or photos, an invitation or a vote on offer, "聚会的照片 url.cn/…", "麻烦帮投一下6号 http://…"): a
    /// headline with a link does not ask the reader to look and keeps its verdict.
    /// </summary>
    internal static bool IsLinkToLookAt(string text, IReadOnlyList<Indicator> indicators)
    {
        if (!indicators.Any(i => i.Kind == IndicatorKind.Url))
        {
            return false;
        }

        var rest = Without(text, indicators, IndicatorKind.Url);
        return rest.Count(char.IsLetterOrDigit) <= LookAtLinkWords
            && ((rest.Contains('瞧') || (rest.Contains('看') && (rest.Contains('你') || rest.Contains('您') || rest.Contains("看看", StringComparison.Ordinal))))
                || ContainsAny(TextFold.Fold(rest, lower: true), SharedPhotoWords));
    }

    /// <summary>
    /// "无抵押信用贷，房可贷车可贷，当天放款，详询 139 1234 5678 王经理": a loan, a credit card or cash from one (贷款, 无抵押,
    /// 放款, 信用卡, 提现, 垫还, pos机…) offered from a personal mobile number or a chat app, and no bank's or lender's 95xxx
    /// or 400 line, and no warning about such scams (骗子, 诈骗…: relatives warn each other with their own number). Licensed
    /// lenders advertise through their own short numbers and apps; loan agents' bulk SMS, the front door of the fake-loan
    /// scam, give a mobile. Asked only where the model is not sure and its likeliest type is fake_loan: then fake_loan is
    /// named. Found on FBS's real loan adverts (measured only): 13 of its 261 were "not sure" this way, and no message of
    /// any other set then held, real or team-written, learned or held out, met it (BENCHMARKS.md, "Twenty-first session").
    /// The offer may be spelled to dodge filters (代/歀, 信拥咔, 姿金), and "save this number" is the sender's own
    /// (twenty-third session).
    /// </summary>
    internal static bool IsLoanFromMobile(string text) => IsLoanFromMobileFolded(TextFold.Fold(text, lower: true));

    private static bool IsLoanFromMobileFolded(string folded) =>
        LoanOffer().IsMatch(folded) && PersonalContact().IsMatch(folded) && IsNoLenderWarningOrLoanInProgress(folded);

    // What neither loan rule reads as an agent's offer: a lender's own 95xxx or 400 line, a warning, a loan applied for.
    private static bool IsNoLenderWarningOrLoanInProgress(string folded) =>
        !LenderLine().IsMatch(folded) && !ContainsAny(folded, ScamWarnings) && !ContainsAny(folded, LoanInProgress);

    /// <summary>
    /// "周转困难？手头紧？…详询电话：xxxxxxxxxxx朱经理", "我公司推出转贷及提供临时资金业务…月利率x.x%…随借随还": a loan offered in
    /// an agent's or a lending company's own voice (我公司, 本人专业, 经理, 专员, 热线, 详询, 咨询, an address) or from a
    /// personal number, the loan said in the agents' words too (周转, 手头紧, 急用钱, 先息后本, 随借随还, 月息, x厘, 可贷,
    /// "x-xx万"). The wider kin of <see cref="IsLoanFromMobile"/>: 2015's loan companies wrote from an office, not a mobile.
    /// Not a bank's own advert (我行, "…银行】", a 95xxx or 400 line), not a warning about scams, not a loan already applied
    /// for. Asked only where the model is not sure and its likeliest type is fake_loan, after the loan-from-mobile rule
    /// (BENCHMARKS.md, "Twenty-sixth session").
    /// </summary>
    internal static bool IsLoanAgent(string text) => IsLoanAgentFolded(TextFold.Fold(text, lower: true));

    private static bool IsLoanAgentFolded(string folded) =>
        (LoanOffer().IsMatch(folded) || AgentLoanWords().IsMatch(folded))
        && (PersonalContact().IsMatch(folded) || AgentVoice().IsMatch(folded))
        && IsNoLenderWarningOrLoanInProgress(folded) && !ContainsAny(folded, BankOwnWords);

    // A bank speaking of itself: "详询我行理财经理", "…【平安银行】".
    private static readonly string[] BankOwnWords = ["我行", "银行】"];

    // A loan as agents put it: cash flow, tight hands, terms ("先息后本", "月息x厘"), "可贷", an amount range ("x-xx万").
    [GeneratedRegex(@"周转|手[/\s]?头紧|急用钱|用款|先息后本|随借随还|月息|月利率|利息低|低息|(?<![a-z])[x\d]厘|可贷|秒贷|易贷|放贷|转贷|垫资|(?<![\dx])[x\d]{1,3}\s*[-~～到至]\s*[x\d]{1,4}\s*[万w]")]
    private static partial Regex AgentLoanWords();

    // Who offers it: a manager or officer, a hotline, "call", "ask", an address, "our company", "I specialise in".
    [GeneratedRegex("经理|专员|主任|热线|来电|电话[:：]|电话咨询|详询|咨询|地址[:：,，]|我公司|本公司|我司|本人专业")]
    private static partial Regex AgentVoice();

    // A loan the reader already applied for, as the bank's or the agent's staff write about it: papers, approval, signing.
    private static readonly string[] LoanInProgress =
        ["您提交的", "你提交的", "补齐", "补一份", "补交材料", "材料还差", "审批通过", "已审批", "批下来", "签合同", "面签时间", "过户"];

    /// <summary>
    /// "信宇财富小李，理财产品，x个月年化收益xx%", "专业理财平台，年利息xx-xx%，保本保息": a return of 10 % or more a year (digits
    /// masked or not), or 保本保息, 稳赚不赔, "high return, no risk", promised in so many words. Chinese rules forbid
    /// licensed financial products to promise a return; banks' own products pay single digits and say "expected" (预期),
    /// and their adverts carry a risk warning. Asked only where the model is not sure and its likeliest type is
    /// fake_investment: then fake_investment is named. Found on the 800k Chinese SMS set's hand-labelled spam, where 2015's
    /// private wealth firms' adverts were mostly "not sure" (BENCHMARKS.md, "Twenty-third session").
    /// </summary>
    internal static bool IsPromisedYield(string text) => IsPromisedYieldFolded(TextFold.Fold(text, lower: true));

    private static bool IsPromisedYieldFolded(string folded) =>
        (PromisedYield().IsMatch(folded) || GuaranteedReturn().IsMatch(folded))
        && !ContainsAny(folded, LicensedProductWords) && !ContainsAny(folded, ScamWarnings);

    // Principal or profit guaranteed, or a high return with no risk, in either order ("收益高，风险低", "零风险高回报").
    [GeneratedRegex("保本保息|保本高收益|稳赚不赔|保证收益|(?:高收益|收益高|高回报|回报高)[^。!?]{0,6}(?:低风险|风险低|零风险|无风险|没风险|没有风险)|(?:低风险|风险低|零风险|无风险|没有风险)[^。!?]{0,6}(?:高收益|收益高|高回报|回报高)")]
    private static partial Regex GuaranteedReturn();

    // What a licensed product's advert says: an "expected" return, the bank's own "we", its signature, a risk warning.
    private static readonly string[] LicensedProductWords = ["预期", "我行", "银行】", "风险提示", "有风险", "不承诺"];

    // A return of 10 % or more promised in so many words ("年化收益12%", "年收益x%～xx%" with the digits masked).
    [GeneratedRegex(@"(?:收益|回报|年息|年利息|分红|返息|派息|付息)[^,，。；;!！?？\n]{0,14}?(?<![\dx.])(?:[1-9]\d{1,2}|xx{1,2})(?:\.[\dx]+)?\s*%")]
    private static partial Regex PromisedYield();

    /// <summary>
    /// The rule that confirms the type the model leans to but is not sure of: a loan or card offered from a personal
    /// number or chat app (<see cref="IsLoanFromMobile"/>), an investment that promises a return licensed products may
    /// not (<see cref="IsPromisedYield"/>).
    /// </summary>
    private static (string Rule, double Confidence)? ConfirmedByRule(string type, string folded) => type switch
    {
        LoanType when IsLoanFromMobileFolded(folded) => (LoanFromMobileRule, LoanFromMobileConfidence),
        LoanType when IsLoanAgentFolded(folded) => (LoanAgentRule, LoanAgentConfidence),
        InvestmentType when IsPromisedYieldFolded(folded) => (PromisedYieldRule, PromisedYieldConfidence),
        AcquaintanceType when IsNewAccountAskFolded(folded) => (NewAccountRule, NewAccountConfidence),
        AcquaintanceType when IsCardPinAskFolded(folded) => (CardPinRule, CardPinConfidence),
        AcquaintanceType when IsPayForMeAskFolded(folded) => (PayForMeRule, PayForMeConfidence),
        CourierType when IsMoneyLinkFolded(folded) => (MoneyLinkRule, MoneyLinkConfidence),
        PoliceType when IsGovernmentLinkFolded(folded) => (GovernmentLinkRule, GovernmentLinkConfidence),
        PoliceType when IsGovernmentThreatFolded(folded) => (GovernmentThreatRule, GovernmentThreatConfidence),
        InvestmentType when IsStockTipFolded(folded) => (StockTipRule, StockTipConfidence),
        _ => null,
    };

    /// <summary>
    /// The rule asked also where the model calls a message ordinary, at less than <see cref="NearlyOrdinary"/>: a government
    /// office's threat, which the model, having learned many genuine notices of such offices, calls ordinary at 0.8–0.9.
    /// </summary>
    private static (string Rule, double Confidence)? ConfirmedNearlyOrdinary(string type, string folded) =>
        type == PoliceType && IsGovernmentThreatFolded(folded) ? (GovernmentThreatRule, GovernmentThreatConfidence) : null;

    /// <summary>
    /// "我是房东，因为更换芯片卡，我的卡号换了，以后水电费，房租请打到这个卡号上", "我校收取学费的账号信息已经变更…请把学费存入到这个账号下":
    /// the account the reader pays (rent, fees, goods) has changed, and the money is to go to the new one. The "landlord's,
    /// school's or supplier's new account" scam says exactly that, sent to many numbers; a real payee who changes accounts
    /// says it too, but a reader the model already leans to calling it a scam should check by calling the payee's old
    /// number before paying. Asked only where the model is not sure and leans to impersonate_acquaintance. Found on the real
    /// quoted messages of round 13 and the 800k set's hand-labelled spam (BENCHMARKS.md, "Twenty-fifth session").
    /// </summary>
    internal static bool IsNewAccountAsk(string text) => IsNewAccountAskFolded(TextFold.Fold(text, lower: true));

    private static bool IsNewAccountAskFolded(string folded) =>
        AccountChanged().IsMatch(folded) && PayIntoIt().IsMatch(folded) && !ContainsAny(folded, ScamWarnings) && !VerifyFirst().IsMatch(folded);

    // A real payee who changes accounts asks the reader to check with them first ("请先电话跟我本人确认"); a scam says "不要打电话核实".
    [GeneratedRegex("(?<!(?:不要|别|不用|无需|不必|勿)[^。,!?]{0,3})(?:先|打|电话|当面|本人)[^。!?]{0,6}(?:核实|确认)")]
    private static partial Regex VerifyFirst();

    // The account changed: "卡号换了", "账号信息已经变更", "更换芯片卡", "新的账号为", "收款账户停用".
    [GeneratedRegex("(?:卡号|账号|账户|银行卡|收款码|卡)(?:信息)?(?:已经|已)?(?:换了|变更|更换|更改|改了|换成|作废|停用|丢了|丢失|挂失|冻结|升级)|更换(?:芯片)?卡|换了(?:新)?卡|新(?:的)?(?:卡号|账号|账户|卡)|(?:卡号|账号|账户)(?:换|改)(?:为|成)")]
    private static partial Regex AccountChanged();

    // The money goes to it: "房租请打到", "把学费存入", "保育费请交至", "打到这个…", "转到新…", "以后打这个"; not "别转到…" or
    // "转入原账户".
    [GeneratedRegex("(?:租金|房租|费|款|钱)[^。!?\\n]{0,12}(?<!别|勿|不要)(?:打|转|汇|存|交)(?:到|入|进|至)(?!原|旧|老)|(?<!别|勿|不要)(?:打|转|汇|存|交)(?:到|入|进|至)?(?:我爱人|我老婆|我妻子|我老公|这个|这张|此|新)")]
    private static partial Regex PayIntoIt();

    /// <summary>
    /// "我在国外乘车途中,电话卡无钱,请代买储值卡100元,将密码传送到我的手机", "帮我在街上买张手机充值卡为我手机充值": buy a top-up,
    /// gift or game card and send its number and PIN, or top up the sender's phone with it. A card's PIN is cash that cannot be
    /// traced or taken back, which is why a "relative" stuck abroad or with a stolen phone asks for it. Asked only where the
    /// model is not sure and leans to impersonate_acquaintance (BENCHMARKS.md, "Twenty-fifth session").
    /// </summary>
    internal static bool IsCardPinAsk(string text) => IsCardPinAskFolded(TextFold.Fold(text, lower: true));

    private static bool IsCardPinAskFolded(string folded) =>
        StoredValueCard().IsMatch(folded) && BuyForMe().IsMatch(folded) && (CardSecret().IsMatch(folded) || TopUpMyPhone().IsMatch(folded))
        && !ContainsAny(folded, ScamWarnings);

    [GeneratedRegex("充值卡|储值卡|购物卡|礼品卡|点卡|游戏卡|话费卡|电话卡|京东e卡|itunes|app store")]
    private static partial Regex StoredValueCard();

    [GeneratedRegex("代买|帮我买|帮忙买|替我买|给我买|请买|买张|买一张|买几张|购买")]
    private static partial Regex BuyForMe();

    // Its number and PIN sent on: "将密码传送到我的手机", "卡密发给我", "把卡号和密码拍照发我".
    [GeneratedRegex("(?:密码|卡密|卡号|序列号|兑换码)[^。!?]{0,10}(?:传|发|告诉|拍)|(?:传|发|告诉|拍)[^。!?]{0,10}(?:密码|卡密|卡号|序列号|兑换码)")]
    private static partial Regex CardSecret();

    [GeneratedRegex("(?:为|给|帮)我(?:的)?(?:手机)?充值|充到我")]
    private static partial Regex TopUpMyPhone();

    /// <summary>
    /// "课时费1200，您直接转机构负责人林老师就行", "甲方指定的密封条要从他们供应商那买…您方便的话先帮着订一下", "你帮我转8万去呢个户口俾供应商":
    /// someone the reader knows or must obey (a teacher, a boss, a client's buyer, a village official) asks the reader to
    /// pay, advance or buy, for a sum, to a third party: an agent, a supplier, a "designated" firm, a personal account or
    /// payment code. Schools, firms and offices take money through their own systems, against a receipt or on the
    /// firm's account; the impostor needs it to go where he says. Said to the reader (你, 您, 请, 麻烦), in at most
    /// <see cref="PayForMeChars"/> characters; asked only where the model is not sure and leans to
    /// impersonate_acquaintance (BENCHMARKS.md, "Twenty-seventh session").
    /// </summary>
    internal static bool IsPayForMeAsk(string text) => IsPayForMeAskFolded(TextFold.Fold(text, lower: true));

    private static bool IsPayForMeAskFolded(string folded) =>
        folded.Length <= PayForMeChars && Authority().IsMatch(folded) && PayAThirdParty().IsMatch(folded) && SumAsked().IsMatch(folded)
        && ContainsAny(folded, AskedOfTheReader) && !ContainsAny(folded, ScamWarnings) && !ContainsAny(folded, NeverAsks)
        && !ContainsAny(folded, OwnWayToPay);

    private const int PayForMeChars = 250;

    // Said to the reader, not told of a third person ("村里统一收的有线电视费…交给小卖部老板娘").
    private static readonly string[] AskedOfTheReader = ["你", "您", "妳", "请", "麻烦"];

    // Whom the reader knows or must obey: "班主任", "陈总," "采购代表", "网格员", "老细".
    [GeneratedRegex("老师|班主任|家委|教练|校长|教务|[\u4e00-\u9fff]总(?=[,.!?:好您你\\s]|$)|老板|董事长|主任|书记|支书|村委|网格员|社区|居委会|协会|商会|代表|采购|经理|主管|领导|秘书|组长|会长|老细")]
    private static partial Regex Authority();

    // The money or the goods go to someone else: "先帮着订", "直接转机构负责人", "由…代收", "收款码", "指定服务商".
    [GeneratedRegex("(?:先|帮我|替我|帮着|帮忙)[^,.!?;。\n]{0,10}(?:垫|付|交|缴|转|打|汇|买|订)|(?:转|打|汇|交|缴|付)(?:给|到|至|进|去)?[^,.!?;。\n]{0,12}(?:账户|账号|户口|卡号|收款码|付款码|负责人|代理|供应商|商户|老板|会计|出纳)|由[^,.!?;。\n]{1,12}代?收|收款码|付款码|指定(?:的)?(?:机构|服务商|商户|商家|账户|平台|供应商)|会加你")]
    private static partial Regex PayAThirdParty();

    [GeneratedRegex("\\d+(?:\\.\\d+)?\\s*(?:万|元|块|千)|\\d{2,}|[一二两三四五六七八九十百千万]+(?:元|块)")]
    private static partial Regex SumAsked();

    // The payee's own way: an app or system, a receipt or invoice, the firm's account, an approval, in person; a cost
    // shared out among a group ("由全班56位家长分摊"); money not to be sent ("不要转给我个人").
    private static readonly string[] OwnWayToPay =
        ["官方", "app", "系统", "收据", "发票", "对公", "oa", "审批", "当面", "现场", "分摊", "aa制", "不收", "不需要", "不用", "无需", "不要转", "别转", "不代", "冒充"];

    /// <summary>
    /// "您的积分3168分即将失效,请及时登录www.jfl0086cc.com安装掌上客户端提现316.8元", "您上期电费计算错误，可点击下方连结申请退款",
    /// "您的ETC认证已失效…请点击链接进行认证": a link (or one blanked out) to open, and money to get through it (points turned to
    /// cash, a refund) or an account's verification that lapsed. Banks, carriers and billers pay points, refunds and
    /// re-verification in their own apps and never ask the reader to get money out through a link; genuine points
    /// adverts that say "redeem gifts" or "upgrade" are not this. Asked only where the model is not sure and leans to
    /// fake_customer_service (BENCHMARKS.md, "Twenty-fifth session").
    /// </summary>
    internal static bool IsMoneyLink(string text) => IsMoneyLinkFolded(TextFold.Fold(text, lower: true));

    private static bool IsMoneyLinkFolded(string folded) =>
        LinkInText().IsMatch(folded) && ContainsAny(folded, LinkActions) && MoneyThroughLink().IsMatch(folded)
        && !ContainsAny(folded, ScamWarnings) && !ContainsAny(folded, NeverAsks);

    // What a genuine notice says of such links: "本公司不会以短信要求点击链接办理退费", "请勿点击".
    private static readonly string[] NeverAsks = ["不会", "请勿", "切勿", "不要点"];

    [GeneratedRegex(@"https?://|www\.|[a-z0-9-]+\.(?:com|cn|cc|net|top|vip|xyz|pw|org)(?![a-z0-9])|链接|连结|网址|网站")]
    private static partial Regex LinkInText();

    // Points turned into cash, a refund, money to draw out, or a verification that lapsed.
    [GeneratedRegex("(?:积分|点数|红利)[^。!?]{0,20}(?:提现|现金|兑换[^。!?]{0,4}\\d+(?:\\.\\d+)?元)|退款|退费|提现|认证[^。!?]{0,6}失效|失效[^。!?]{0,12}认证")]
    private static partial Regex MoneyThroughLink();

    /// <summary>
    /// "您的医疗保险报销卡即将到期,八月一号前往www.tm2.ch补充核查,未补充将清除报销资格!", "【社会保障卡】全国社会保障卡一升级电子版本,请于9月5号
    /// 前打开x.sh**63.cc在线办理", "你的健康码将于24小时后变黄码…请登录网址进行认证": a government office or its card (社保, 医保,
    /// 健康码, 公安, 税务, 公积金…) and a link that is not a government site (.gov.cn), to open to keep a card, a benefit or a
    /// status. Offices send people to their own apps and halls, not to a link in an SMS. Asked only where the model is not
    /// sure and leans to impersonate_police (BENCHMARKS.md, "Twenty-fifth session").
    /// </summary>
    internal static bool IsGovernmentLink(string text) => IsGovernmentLinkFolded(TextFold.Fold(text, lower: true));

    private static bool IsGovernmentLinkFolded(string folded) =>
        GovernmentBody().IsMatch(folded) && LinkInText().IsMatch(folded) && !folded.Contains(".gov.cn", StringComparison.Ordinal)
        && (ContainsAny(folded, LinkActions) || folded.Contains("前往", StringComparison.Ordinal)) && GovernmentLinkLure().IsMatch(folded)
        && !ContainsAny(folded, ScamWarnings) && !ContainsAny(folded, NeverAsks);

    [GeneratedRegex("社保|社会保障|医保|医疗保险|健康码|核酸|防控|公安|派出所|交警|交管|税务|个税|公积金|法院|检察院|民政|人社|卫健")]
    private static partial Regex GovernmentBody();

    /// <summary>
    /// "【社保告知】你的社保未报备,请1月27号前至某网站报备,未报备将会注销社保", "您的健康码会在24小时后变黄码,避免出行受阻请登录网址认证
    /// 绑定!", "…与本院联系解除协议": a government office, court or police (or a medical insurance, a consulate) threatening a
    /// loss or a case — a card or status cancelled, stopped, frozen or turned yellow, a case opened, arrest — unless the reader
    /// acts through a site, a link, a call back, a key or a "report"; said to the reader, in at most 300 characters; not
    /// through a .gov.cn site or the offices' own apps and numbers (12368, 12123, 12333, 人民法院在线服务, 移动微法院…), not a
    /// warning. Asked where the model leans to impersonate_police and is not sure, or calls the message ordinary at less
    /// than <see cref="NearlyOrdinary"/> (BENCHMARKS.md, "Twenty-sixth session").
    /// </summary>
    internal static bool IsGovernmentThreat(string text) => IsGovernmentThreatFolded(TextFold.Fold(text, lower: true));

    private static bool IsGovernmentThreatFolded(string folded) =>
        folded.Length <= GovernmentNoticeChars && ContainsAny(folded, ToTheReader) && ThreatBody().IsMatch(folded)
        && GovernmentThreat().IsMatch(folded) && ThreatAsk().IsMatch(folded)
        && !folded.Contains(".gov.cn", StringComparison.Ordinal) && !ContainsAny(folded, OfficialChannels)
        && !ContainsAny(folded, ScamWarnings) && !ContainsAny(folded, NeverAsks);

    /// <summary>
    /// "【XX公安交警】您驾驶的车辆违法停车已被记录，请于15日内通过交管12123App处理，逾期将按规定加处罚款": a notice that sends the
    /// reader only to the office's own channel (its app, hall or window, an official 12xxx number, a .gov.cn site) and
    /// nowhere else: no link outside .gov.cn (written or blanked), no phone number but official short ones, no account or
    /// card, no chat app, no transfer, key to press, call back, deposit or code; at most 300 characters. Asked only where the
    /// model named impersonate_police (BENCHMARKS.md, "Twenty-sixth session").
    /// </summary>
    internal static bool IsOwnChannelNotice(string text, IReadOnlyList<Indicator> indicators) =>
        IsOwnChannelNoticeFolded(TextFold.Fold(text, lower: true), indicators);

    private static bool IsOwnChannelNoticeFolded(string folded, IReadOnlyList<Indicator> indicators) =>
        folded.Length <= GovernmentNoticeChars && OwnChannel().IsMatch(folded)
        && !indicators.Any(i => i.Kind switch
        {
            IndicatorKind.Url => !IsGovernmentHost(i.Value),
            IndicatorKind.Phone => !OfficialNumber().IsMatch(i.Value),
            IndicatorKind.BankCard or IndicatorKind.PaymentAccount => true,
            _ => false,
        })
        && TextFold.Placeholders(folded) is var blanked && !ContainsAny(blanked, BlankedContacts) // "<PHONE>", "{url}"…
        && !ContainsAny(blanked, MaskedLinks) && !OwnChannelAsks().IsMatch(blanked);

    private static bool IsGovernmentHost(string url) => HostOf(url).EndsWith(".gov.cn", StringComparison.Ordinal);

    // A normalized link (UrlScanner: host, then port, path or query) cut to its host.
    private static string HostOf(string url) => url.IndexOfAny(['/', ':', '?']) is var end and >= 0 ? url[..end] : url;

    [GeneratedRegex(@"12368|12123|12333|12345|12366|12329|12309|12360|人民法院在线服务|移动微法院|国家社会保险公共服务平台|个人所得税app|国家政务服务平台|电子税务局|办税服务厅|服务大厅|交警窗口|政务服务|\.gov\.cn")]
    private static partial Regex OwnChannel();

    // Anything asked outside the office's channel: a link, a chat contact, a transfer or account, a key, a call back, a
    // deposit, a code, a number to call that is no official short one (also one the phone finder missed, split by a
    // screenshot's line break: "请速致电 021-6890 / 5537").
    [GeneratedRegex("链接|连结|网址|点击|微信号|加微信|微信[:：]?\\s*[a-z0-9_]{4,}|加v|vx|qq|扣扣|转账|汇款|转入|汇入|打到|转到|卡号|账号|按[0-9]|按键|回电|保证金|验证码|密码|"
        + "(?:致电|拨打|电话|联系)[:：]?\\s*(?!(?:12|95|96)[0-9]{3}(?![0-9]))[0-9x*]{3,}")]
    private static partial Regex OwnChannelAsks();

    // Said to the reader ("你的社保", "您的健康码"), in a text message's length: news ("男子闯红灯被罚…不服起诉交警，法院这么判
    // http://…") and long forwards tell of others.
    private const int GovernmentNoticeChars = 300; // also the longest own-channel notice
    private static readonly string[] ToTheReader = ["你", "您", "妳"];

    [GeneratedRegex("社保|社会保障|医保|医疗保险|医用保险|健康码|防控办|公安|派出所|警官|交警|交管|车管|税务|公积金|法院|本院|检察院|司法|民政|人社|领事馆|大使馆|海关")]
    private static partial Regex ThreatBody();

    // What the office threatens: a card or status cancelled, stopped, void or frozen, a code turned yellow, an
    // investigation, a case, arrest.
    [GeneratedRegex("注销|停止使用|停用|作废|冻结|黄码|红码|稽查|起诉|拘留|通缉|逮捕|传唤|传票|立案|强制|无法报销|停保|失效|违约|涉嫌")]
    private static partial Regex GovernmentThreat();

    // How the reader is to avert it: a site or link, a log-in, a call back, a key, a "report" or "verification".
    [GeneratedRegex("网址|网站|链接|连结|http|www|登录|登陆|点击|联系本院|与本院联系|致电|回电|按[0-9]|按键|报备|认证")]
    private static partial Regex ThreatAsk();

    // The offices' own channels, which a genuine notice names.
    private static readonly string[] OfficialChannels =
    [
        "12368", "12123", "12333", "12345", "12366", "12329", "人民法院在线服务", "移动微法院", "国家社会保险公共服务平台", "掌上12333",
        "个人所得税app", "国家政务服务平台", "到窗口", "到大厅", "营业厅", "携带身份证",
    ];

    // What is at stake: a card or status that lapses, is upgraded, frozen or stopped, to verify or complete.
    [GeneratedRegex("到期|过期|失效|升级|认证|核查|核实|补充|异常|冻结|停用|注销|清除|变黄|变红")]
    private static partial Regex GovernmentLinkLure();

    /// <summary>
    /// "本市药业周五买入周一必涨…点击http://…验证并关注每日操作", "股民交流…每日鉴证涨不停…群满即封加WECHAT验证", "近期飙股资讯,请点选连结加入群组":
    /// shares promised to rise (必涨, 涨停, 飙股, 牛股, 黑马…) or free stock tips and software, and a group, a chat app, a link or a
    /// reply to get them. Licensed brokers may not promise a rise and their adverts carry a risk warning; the free tips are
    /// the front door of the investment scam. Asked only where the model is not sure and leans to fake_investment; not for
    /// lottery tips, which the illegal-offer caution answers (BENCHMARKS.md, "Twenty-fifth session").
    /// </summary>
    internal static bool IsStockTip(string text) => IsStockTipFolded(TextFold.Fold(text, lower: true));

    private static bool IsStockTipFolded(string folded) =>
        StockTip().IsMatch(folded) && TipChannel().IsMatch(folded) && !ContainsAny(folded, BrokerWarnings)
        && !ContainsAny(folded, ScamWarnings) && !IsIllegalOfferFolded(folded);

    [GeneratedRegex("必涨|涨停|飙股|牛股|黑马|拉升|涨不停|暴涨|妖股|金股|荐股|推荐个股|个股机会|股票软件|内幕消息|内幕信息")]
    private static partial Regex StockTip();

    [GeneratedRegex("群|微信|wechat|qq|点击|点选|进入|http|回复|验证|加入|链接|连结")]
    private static partial Regex TipChannel();

    // What a licensed broker's advert, a warning about such tips or the news of one says ("别信", "被骗", "非法荐股",
    // "不法分子冒充", "我直接把群退了").
    private static readonly string[] BrokerWarnings =
        ["有风险", "风险提示", "不构成", "投资需谨慎", "谨慎投资", "不会", "骗", "别信", "别去", "别加", "不要信", "不要加", "非法", "不法", "冒充", "报警", "退了"];

    /// <summary>
    /// The type a rule names where the model names none: a bank account and a name and nothing else, out of the blue (the
    /// "pay into this card" scam), is the acquaintance it pretends to be; a "court" suing the reader over a show's prize or
    /// its contract (the prize scam's second act) is police impersonation.
    /// </summary>
    private static (string Type, string Rule, double Confidence)? NamedByRule(string folded) =>
        IsBareAccountFolded(folded) ? (AcquaintanceType, BareAccountRule, BareAccountConfidence)
        : IsPrizeCourtFolded(folded) ? (PoliceType, PrizeCourtRule, PrizeCourtConfidence)
        : null;

    /// <summary>
    /// The type a rule names from a message's links where the model names none: a delivery notice whose link goes to a
    /// cheap or free host (<see cref="IsCourierLink(string, IReadOnlyList{Indicator})"/>) is fake customer service.
    /// </summary>
    private static (string Type, string Rule, double Confidence)? NamedByLink(string folded, IReadOnlyList<Indicator> indicators) =>
        IsCourierLinkFolded(folded, indicators) && !IsPrizeClaimFolded(folded, indicators) // a prize "to sign for" keeps its caution
            ? (CourierType, CourierLinkRule, CourierLinkConfidence) : null;

    /// <summary>
    /// "包裹已派发.请您及时查收.http://qq-sf.top", "[顺丰]您的包裹派送失败，地址无效。请在此更新：sf-kf.cc/u9": a delivery notice (快递,
    /// 包裹, 派送, 驿站…) whose link goes to a host under a cheap top-level domain (.top, .xyz, .vip, .cc, .icu, .club…) or a
    /// free blog host (tumblr, blogspot), where couriers send their own sites' links; at most 200 characters and no warning
    /// about scams. Named where the model names no type, even where it calls the message ordinary: real ones were called
    /// ordinary at 1.00 (BENCHMARKS.md, "Twenty-sixth session"); not a prize to sign for, which the prize caution answers.
    /// </summary>
    internal static bool IsCourierLink(string text, IReadOnlyList<Indicator> indicators) =>
        IsCourierLinkFolded(TextFold.Fold(text, lower: true), indicators);

    internal static bool IsCourierLink(string text) => IsCourierLink(text, IndicatorExtractor.AsLearned(TextFold.Readable(text)));

    private static bool IsCourierLinkFolded(string folded, IReadOnlyList<Indicator> indicators) =>
        folded.Length <= CourierCallChars && indicators.Any(i => i.Kind == IndicatorKind.Url && IsCheapHost(i.Value))
        && ContainsAny(folded, CourierWords) && !ContainsAny(folded, ScamWarnings);

    // Top-level domains sold for next to nothing, and free hosts, that smishing links use (a normalized URL starts with
    // its host).
    private static readonly string[] CheapTlds = ["top", "xyz", "vip", "icu", "cc", "pw", "club", "site", "online", "shop", "work", "live", "fun", "cyou", "buzz", "rest", "bar"];
    private static readonly string[] FreeHosts = [".tumblr.com", ".blogspot.com", ".wixsite.com", ".weebly.com"];

    private static bool IsCheapHost(string url)
    {
        var host = HostOf(url);
        var dot = host.LastIndexOf('.');
        return dot >= 0 && (CheapTlds.Contains(host[(dot + 1)..]) || FreeHosts.Any(f => host.EndsWith(f, StringComparison.Ordinal)));
    }

    /// <summary>
    /// "农行卡6228 4800 1234 5678 910 户名陈干兴", "请转账至…李友元，工行", "邮政储蓄：…。李善花": a bank, an account number of
    /// at least 15 digits (or masked digits), and besides the bank, the number and its labels (户名, 卡号, 账号, 开户行…) at
    /// most 14 Chinese characters (a name, "请转账至", "把钱汇到这个卡上"); at most 200 characters and no warning about scams.
    /// Sent out of the blue to many numbers, it is paid by whoever happens to owe a landlord, a relative or a supplier that
    /// week. In the 800k Chinese SMS set (measured only) it holds for 104 of its 5,793 distinct spam texts and 4 of its 52,057
    /// normal ones (people sending their own card to someone who asked); among the 2,000 spam texts measured, the model had
    /// called 25 such "looks ordinary" and 6 "not sure" (BENCHMARKS.md, "Twenty-second session"). No learned or test message,
    /// real or team-written, meets it.
    /// </summary>
    internal static bool IsBareAccount(string text) => IsBareAccountFolded(TextFold.Fold(text, lower: true));

    private static bool IsBareAccountFolded(string folded)
    {
        if (folded.Length > BareAccountChars || !BankName().IsMatch(folded) || ContainsAny(folded, ScamWarnings))
        {
            return false;
        }

        var account = false;
        foreach (Match m in AccountNumber().Matches(folded))
        {
            account |= m.Value.Count(c => char.IsAsciiDigit(c) || c is 'x' or '*' or '×') >= BareAccountDigits
                && !MobileGroup().IsMatch(m.Value); // "100   13912345678 99" is a phone number among other figures
        }

        if (!account)
        {
            return false;
        }

        var rest = AccountLabel().Replace(BankName().Replace(AccountNumber().Replace(folded, " "), " "), " ");
        var words = rest.Count(TextFold.IsCjk);
        return words <= BareAccountWords || (words <= PayIntoThisCardWords && PayIntoThisCard().IsMatch(folded));
    }

    // "有时间跟我把钱打到这张卡上", "以后房租请打到这个卡号上": the ask itself, which lets a few more words stand around the account.
    [GeneratedRegex("(?:打|转|汇|存)(?:到|入|进)?(?:这|此)(?:张|个)?(?:新)?(?:卡|账户|账号|帐户|帐号)")]
    private static partial Regex PayIntoThisCard();

    /// <summary>
    /// "北京市人民法院通知《我是歌手栏目组》有份违约资料传来本院起诉您本人…您会赔偿高额违约金": a court (or a lawyer) suing the
    /// reader, or holding them in breach, over a show's draw, a prize or its "contract". Courts serve papers in person and
    /// never over a television show's prize; this is the prize scam's second act, where the "winner" who would not pay the fee
    /// is threatened. 4 of the 2,000 spam texts of the 800k Chinese SMS set measured are such, and the model called all 4
    /// "looks ordinary" (BENCHMARKS.md, "Twenty-second session"); no other message of any set, real or team-written, meets it.
    /// </summary>
    internal static bool IsPrizeCourt(string text) => IsPrizeCourtFolded(TextFold.Fold(text, lower: true));

    private static bool IsPrizeCourtFolded(string folded) =>
        Court().IsMatch(folded) && Sued().IsMatch(folded) && PrizeShow().IsMatch(folded) && !ContainsAny(folded, ScamWarnings);

    [GeneratedRegex("法.?院|律师|本院")] // "法I院": a letter put in to dodge filters
    private static partial Regex Court();

    [GeneratedRegex("起诉|违约|失信|传票|诉讼|[领中]奖协议|调查您|解除")] // "领奖协议…与法院协商解除", "本院调查您"
    private static partial Regex Sued();

    [GeneratedRegex("栏目|节目|领奖|抽奖|中奖")]
    private static partial Regex PrizeShow();

    [GeneratedRegex("农行|农业银行|农业|工行|工商银行|工商|建行|建设银行|中行|中国银行|邮政|邮储|储蓄|信用社|信用联社|农商|招行|招商银行|交行|交通银行|民生|兴业|浦发|光大|中信|华夏|广发|银行")]
    private static partial Regex BankName();

    // Digits or masked digits, in groups split by spaces, dots, dashes or commas ("6228 4800…", "xxxx-xxxx-…",
    // "62220******176", "xxxx，xxxx，…", "xxxx。xxxx。…").
    [GeneratedRegex(@"(?<![0-9a-z])[0-9x*×][0-9x*×\s.,\-、。]{13,40}[0-9x*×](?![0-9a-z])")]
    private static partial Regex AccountNumber();

    [GeneratedRegex(@"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")]
    private static partial Regex MobileGroup();

    [GeneratedRegex("开户名|开户行|开户人|开户|户名|姓名|收款人|卡号|账号|账户|存折|中国|卡")]
    private static partial Regex AccountLabel();

    [GeneratedRegex("贷款|信用贷|无抵押|零抵押|抵押|放款|下款|借款|额度|信用卡|提现|垫还|代还|套现|pos机|助贷|网贷|融资|"
        // Spelled to dodge filters, as loan agents' bulk SMS do: 代/歀, 贷歀, 信拥咔, 信/佣/咔, 姿金, 借代 (twenty-third session).
        + "[贷代][/|.\\s-]{0,3}[款歀]|放[/|.\\s-]{0,3}歀|信[/|.\\s-]{0,3}[用拥佣][/|.\\s-]{0,3}[卡咔佧]|姿金|借代|信贷")]
    private static partial Regex LoanOffer();

    // A mobile number, also masked or blanked by whoever collected the message ("138****5678", "xxxxxxxxxxx", "[手机]"),
    // WeChat or QQ.
    [GeneratedRegex("(?<![0-9])1[3-9][0-9][ -]?[0-9]{4}[ -]?[0-9]{4}(?![0-9])|(?<![0-9a-z*×])[1x*×][3-9x*×][0-9x*×]{9}(?![0-9a-z*×])|\\[手机\\]|微信|wechat|qq|加v|vx|"
        // The number the message came from: "存下号码，以备不时之需".
        + "存下(?:我的)?(?:号码|电话)|保存(?:我的)?(?:号码|电话)|存一下(?:号码|电话)")]
    private static partial Regex PersonalContact();

    [GeneratedRegex("(?<![0-9])95[0-9]{3}(?![0-9])|(?<![0-9])400[-0-9]{7}")]
    private static partial Regex LenderLine();

    /// <summary>
    /// "您已被奔跑吧兄弟抽选为场外幸运观众，将获得18万元及笔记本电脑一台，请登录 http://… 领取，验证码 6688": the reader is told
    /// they were picked or won (中奖, 幸运, 场外, 抽选, 选为, 评为, 之星…), a prize worth stealing for (a laptop, a computer, an
    /// Apple, a tablet, gold, a car, ten thousands of yuan), and a way to claim it (a link, written or blanked, a number to
    /// call, a code, a fee, tax or deposit first) or a show's or notary's name, which picks no one's phone number for real
    /// (场外, 栏目组, 公证处); at most 300 characters; and no draw still to come (有机会, 即日起, 参与抽奖: how carriers and
    /// shops advertise theirs). A shop's prize of a rice cooker at the service desk and a lottery's 15 yuan paid to the
    /// account do not meet all three. 28 of 44 such real SMS of the FBS set were called ordinary (BENCHMARKS.md,
    /// "Twenty-first session").
    /// </summary>
    internal static bool IsPrizeClaim(string text, IReadOnlyList<Indicator> indicators) =>
        IsPrizeClaimFolded(TextFold.Fold(text, lower: true), indicators);

    // Folding keeps every character's place, so the folded text's length is the message's.
    private static bool IsPrizeClaimFolded(string folded, IReadOnlyList<Indicator> indicators)
    {
        if (folded.Length > PrizeChars)
        {
            return false;
        }

        return PrizeWon().IsMatch(folded) && PrizeWorth().IsMatch(folded) && !PrizeDraw().IsMatch(folded) && !ContainsAny(folded, ScamWarnings)
            && (indicators.Any(i => i.Kind is IndicatorKind.Url or IndicatorKind.Phone) || ContainsAny(folded, MaskedLinks) || ContainsAny(folded, PrizeClaims)
                || ContainsAny(folded, PrizeShows) || OffStage().IsMatch(folded));
    }

    // Picked or won: 中奖, 获奖, 二等奖, 幸运观众, 场外, 抽选为, 选为, 评为, 定为, 今日之星, 栏目组, 互动者, 将获得.
    [GeneratedRegex("中奖|获奖|大奖|得奖|[一二三叁特]等奖|特别奖|幸运|场外.{0,3}(?:观众|覌众|众|用户|者|奖|之星)|抽选|抽中|抽取|选为|被选中|选中您|选中你|评为|被.{0,12}定为|指定你|指定您|之星|栏目组|节目组|互动者|参与者|已获得|将获得|将得到")]
    private static partial Regex PrizeWon();

    // A draw still to come, as shops and carriers advertise it ("有机会赢取", "参加…抽取", "只要您想中奖"): the scam says the
    // reader has already won.
    [GeneratedRegex("有机会|即日起|抽奖机会|(?:即可|可|去|立即)抽奖|(?:参与|参加).{0,16}抽|抽奖链接|想中奖|赢取")]
    private static partial Regex PrizeDraw();

    // A show's off-stage audience ("场外幸运观众", "場外某者", "场外二等奖"), not an over-the-counter fund ("场外10元起购").
    [GeneratedRegex("场外.{0,3}(?:观众|覌众|众|用户|者|奖|之星)")]
    private static partial Regex OffStage();

    // Worth a scam: a laptop or computer (笔记本, 笔记本电脑, misspelt 笔纪本), an Apple, a tablet, gold, a car, or ten
    // thousands of yuan (8万, 叁萬, 286000元, lOOOOO元).
    [GeneratedRegex("笔.本|电脑|电脳|苹果|iphone|ipad|macbook|平板|金条|黄金|家电|[0-9一二三四五六七八九十百千两壹贰叁肆伍陆柒捌玖拾佰仟]\\s*万|[0-9lo]{5,}\\s*元|创业基金|梦想基金|轿车|汽车")]
    private static partial Regex PrizeWorth();

    /// <summary>
    /// An advert for online gambling, 六合彩 tips, cheating devices for cards and mahjong, "escort" services or fake
    /// documents and invoices, at most 400 characters: one word only such adverts use (百家乐, 娱乐城, 首存, 返水, 真人荷官,
    /// 必中三肖, 欲钱去买, 机麻控制器, 透视眼镜…), or one of each pair of weaker ones (投注, 线上棋牌 or 赌场 and 注册送, 彩金 or
    /// 提款; 上门服务, 男士会所 or 一条龙 and 美女, 少妇 or 技师; a club or KTV and "new girls"; 代开发票, 刻章, 假证 or 各类证件
    /// and a price, 保真, 验后付款 or a contact), read also without the symbols put between characters ("佰*嘉*乐"). A
    /// lottery's own notice, a repairman's 上门服务, a school's 一条龙服务, a jeweller's 彩金, a gym's or a mahjong room's
    /// "充500送100", the tax office's notice about its 代开发票 service, a 12123 reminder to renew a driving licence, the
    /// Jockey Club (香港赛马会) and a colleague's "新来的美女同事" meet none; nor does a warning that names such adverts as
    /// scams (诈骗, 骗局, 谨防…).
    /// </summary>
    internal static bool IsIllegalOffer(string text) => IsIllegalOfferFolded(TextFold.Fold(text, lower: true));

    private static bool IsIllegalOfferFolded(string folded)
    {
        if (folded.Length > IllegalOfferChars)
        {
            return false;
        }

        if (ContainsAny(folded, ScamWarnings))
        {
            return false;
        }

        // "佰*嘉*楽", "網 上-博 采": read also without what was put between the characters.
        var squeezed = TextFold.Squeeze(folded);
        return IsIllegalOfferText(folded) || (!ReferenceEquals(squeezed, folded) && IsIllegalOfferText(squeezed));
    }

    private static bool IsIllegalOfferText(string folded)
    {
        return (IllegalOffer().IsMatch(folded) || (Gambling().IsMatch(folded) && GamblingLure().IsMatch(folded))
                || ((Invoices().IsMatch(folded) || Documents().IsMatch(folded)) && InvoiceTerms().IsMatch(folded))
                || (ContainsAny(folded, EscortServices) && ContainsAny(folded, EscortPeople))
                || (NightVenue().IsMatch(folded) && NewGirls().IsMatch(folded)));
    }

    // A club or KTV announcing "new girls" ("会所…新来一批00后女孩", "新到极品车模…订房"): a colleague's "新来的美女同事" names no
    // venue, and a night out at a KTV announces no arrivals.
    [GeneratedRegex("会所|ktv|夜总会|包间|包厢|订房")]
    private static partial Regex NightVenue();

    [GeneratedRegex("新(?:来|到|进)了?.{0,6}(?:美女|女孩|模特|车模|佳丽|学生妹|小妹)")]
    private static partial Regex NewGirls();

    // Said only by such adverts.
    [GeneratedRegex("百家乐|佰家乐|博彩|真人荷官|娱乐城|游戏城|首存|返水|返氺|反水|六合彩|特码|时时彩|老虎机|注单|(?<![a-z])bbin|冰球突破|糖果派对|"
        + "澳门.{0,3}(?:葡京|威尼斯人)|"
        // 六合彩 tips ("极限三肖中特", "平特一肖", "大胆下注") and filter-dodging casino names (博采, 娱乐场, 牌九, 龙虎斗): the 800k
        // set's spam has dozens, called ordinary before (BENCHMARKS.md, "Twenty-second session").
        + "肖中特|码中特|平特.?肖|平特一|大胆下注|博采|娱乐场(?!所)|娛樂場(?!所)|牌九|龙虎斗|龍虎斗|"
        // More of the same set's (twenty-third session): 六合彩 riddles and tips ("必中六肖", "欲钱去买…的生肖", "香港马会挂牌",
        // "蓝绿波"), cheating devices sold to card and mahjong players (变牌, 透视眼镜, 机麻控制器), hostess recruiting.
        + "必中.{0,6}[肖特码]|[二三四五六]肖|欲钱|爱钱去买|马会挂牌|玛会|马会.{0,4}(?:资料|开奖|内幕|传真)|挂牌.{0,6}(?:肖|成语|绝杀)|"
        + "波色|蓝绿波|红绿波|红蓝波|曾道人|变牌(?!子)|透视眼镜|机麻控制|麻将.{0,8}(?:控制器|包赢|作弊)|牌.{0,4}分析仪|"
        + "分析仪.{0,10}(?:斗牛|三公|金花|扑克)|公关佳丽|男公关|女士休闲会所")]
    private static partial Regex IllegalOffer();

    // Documents made to order: with the same terms of the trade as invoices (a price, pay on delivery, a contact), since
    // court news ("开设赌场罪", "虚假证据") and chat ("他问我怎么办假证") name them too.
    [GeneratedRegex("刻章|(?<!虚)假证|高仿|办各类证|各类证件|各种证件[:：]|[作做]各类(?:资格|职称)|毕业文凭|办理.{0,3}(?:毕业证|学位证|文凭)|印章.{0,4}牌照")]
    private static partial Regex Documents();

    // Invoices made out for others (the tax office's own 代开发票 is a service, named without a price or a contact), and the
    // terms of the trade: points, "genuine", pay after checking, a number or a chat app.
    [GeneratedRegex("代开.{0,12}票|发票.{0,3}代开")]
    private static partial Regex Invoices();

    [GeneratedRegex("点数|税点|点低|点位|个点|保真|可查|验后|验证后|先验|付款|电话|联系|wechat|微信|qq|[0-9]{7,}")]
    private static partial Regex InvoiceTerms();

    // Betting on line, and what draws players in.
    [GeneratedRegex("投注|下注|体育(?:投注|平台|博彩|赛事)|(?:线上|网上|网络)棋牌|棋牌(?:游戏|平台)|电子游艺|电游|真人(?:视讯|娱乐|百家)|赌|彩票网|娱乐公司|网上开户|入款")]
    private static partial Regex Gambling();

    [GeneratedRegex("注册.{0,3}送|开户.{0,3}送|充.{0,4}送|存.{0,4}送|彩金|体验金|提款|出款|流水")]
    private static partial Regex GamblingLure();

    /// <summary>
    /// "我换号了，这是我新号，存一下" and little else (at most 30 letters and characters besides the number): nothing in it
    /// says who really sent it, so it is never called ordinary, only "not sure".
    /// </summary>
    internal static bool IsNewNumberNotice(string text, IReadOnlyList<Indicator> indicators)
    {
        var rest = TextFold.Fold(Without(text, indicators, IndicatorKind.Phone), lower: true);
        return rest.Count(char.IsLetterOrDigit) <= NewNumberWords && ContainsAny(rest, NewNumberPhrases);
    }

    /// <summary>
    /// "【中通快递】您的快件因地址不详无法派送，请联系快递员 138 0577 1234": a delivery problem and a number to call, nothing
    /// more (no link, sum, fee, claim, refund, loss, account, code, chat app, court or customs; at most 200 characters),
    /// Asked only where the model named fake_customer_service.
    /// Real couriers send exactly this, and the model, which learned many fake courier notices that go on to a link or a
    /// fee, called such notices fake customer service (team-written probes, BENCHMARKS.md, "Eighteenth session").
    /// </summary>
    internal static bool IsCourierCall(string text, IReadOnlyList<Indicator> indicators)
    {
        if (text.Length > CourierCallChars || !indicators.Any(i => i.Kind == IndicatorKind.Phone) || indicators.Any(i => i.Kind == IndicatorKind.Url))
        {
            return false;
        }

        var folded = TextFold.Fold(text, lower: true);
        return ContainsAny(folded, CourierWords) && ContainsAny(folded, DeliveryProblems)
            && !ContainsAny(folded, CourierAsks) && !ContainsAny(folded, MaskedLinks);
    }

    /// <summary>
    /// "【ETC】尊敬的车主，您的车辆苏A***9在沪宁高速通行费33.60元已从记账卡扣除。": money already taken, to the cent, and nothing
    /// asked: no phone number, link (written or blanked), code, chat app, call to act or threat; at most 160 characters. Asked
    /// only where the model named a fraud type. The model called this genuine toll notice impersonate_police at 0.52 after
    /// the nineteenth session's training (team-written, lookalikes16); real bank, toll and utility notices give the sum to
    /// the cent, and the debit scams of <see cref="IsCallBackNotice"/> give round sums and a number to call.
    /// </summary>
    internal static bool IsSettledDebit(string text, IReadOnlyList<Indicator> indicators)
    {
        if (text.Length > SettledDebitChars || indicators.Any(i => i.Kind is IndicatorKind.Phone or IndicatorKind.Url or IndicatorKind.PaymentAccount))
        {
            return false;
        }

        var folded = TextFold.Fold(text, lower: true);
        return SettledDebit().IsMatch(folded) && CentSum().IsMatch(folded)
            && !ContainsAny(folded, SettledDebitAsks) && !ContainsAny(folded, MaskedLinks);
    }

    // Taken already: "已扣除", "已从记账卡扣除", "扣款成功", "缴费成功".
    [GeneratedRegex(@"已(?:成功|自动)?(?:从.{0,15}?)?(?:扣除|扣款|扣费|划扣|代扣|扣取|缴费|缴纳)|(?:扣款|扣费|划扣|代扣|缴费|支付)成功")]
    private static partial Regex SettledDebit();

    [GeneratedRegex(@"[0-9]\.[0-9]{2}\s*元")]
    private static partial Regex CentSum();

    /// <summary>
    /// "您的卡在沃尔玛消费5800元，如有疑问请咨询 0755-6160 1784", "我行将扣除您信用卡年费1200元，详询 4008××××99": a sum taken from
    /// the reader, then a number to call about it. A bank's real notice gives the sum to the cent ("71.40元") or sends the
    /// reader to its 95xxx line; a number not of that kind (95xxx, 96xxx, 12xxx, 10086, 10010, 10000) is the one the scam
    /// needs called. Real scams of this kind quoted on web pages were called ordinary at 0.7-1.0 (BENCHMARKS.md, "Sixteenth
    /// session"), so they are "not sure", with advice to call the number on the card instead.
    /// </summary>
    internal static bool IsCallBackNotice(string text)
    {
        if (text.IndexOfAny(['元', '块']) < 0)
        {
            return false; // no sum: most messages, at the cost of one scan
        }

        var folded = TextFold.Fold(text, lower: true);
        for (var match = CallBack().Match(folded); match.Success; match = match.NextMatch())
        {
            if (!OfficialNumber().IsMatch(match.Groups["number"].Value))
            {
                return true;
            }
        }

        return false;
    }

    // A sum taken (a verb of taking or renewing, then round yuan or a sum in words; or the sum, then within 10 characters a
    // verb of taking), then within 60 characters an ask to call, then within 25 a number: digits, or masked as collectors
    // and forwarders mask it (4008××××99, ****, ……). Renewing (续费, 续订, 续保) and calling back (回电, 来电) since the
    // thirty-fifth session: "网盘会员已自动续费298元/月 退订速回电173****5019" (blind35) was called ordinary at 0.93.
    [GeneratedRegex(@"(?:(?<before>扣除|扣取|扣款|划扣|扣费|扣收|扣出|消费|刷卡|透支|提取|支取|转出|(?<!手)续费|续订|续保)[^，。,.!！;；?？赠送返满减得]{0,8}?)?(?:(?<![0-9.])[0-9][0-9,]*(?![.0-9])|[一二两三四五六七八九十百千万零壹贰叁肆伍陆柒捌玖拾佰仟]+)\s*(?:元|块)(?(before)|[^，。,.!！;；?？]{0,10}?(?:扣除|扣取|扣款|划扣|扣费|扣收|扣出)).{0,60}?(?:疑问|详询|咨询|致电|拨|联系|核查|如非本人|回电|来电).{0,25}?(?<number>[0-9][0-9 \-]{3,}|[×x*]{2,}|…+)")]
    private static partial Regex CallBack();

    [GeneratedRegex("^(?:95[0-9]{3}|96[0-9]{3}|12[0-9]{3}|10086|10010|10000)")]
    private static partial Regex OfficialNumber();

    /// <summary>The text with every indicator of one kind blanked out, as written.</summary>
    private static string Without(string text, IReadOnlyList<Indicator> indicators, IndicatorKind kind)
    {
        foreach (var indicator in indicators)
        {
            if (indicator.Kind == kind)
            {
                text = text.Replace(indicator.Raw, " ", StringComparison.Ordinal);
            }
        }

        return text;
    }

    /// <summary>Calibrated class probabilities in <see cref="Classes"/> order.</summary>
    internal double[] Probabilities(string text, IReadOnlyList<Indicator>? indicators, out string[] matched) =>
        ProbabilitiesOfReadable(TextFold.Readable(text), indicators, out matched);

    // The windows below are cut from the readable text and read as they are, as the model reads them.
    private double[] ProbabilitiesOfReadable(string text, IReadOnlyList<Indicator>? indicators, out string[] matched)
    {
        var whole = ProbabilitiesOf(text, indicators ?? IndicatorExtractor.AsLearned(text), out matched);

        // A long call or forwarded chat: the investment pitch in a long call full of chit-chat, or one scam message in
        // a forwarded chat, is a small part of the whole and would be judged by the rest. The most fraud-like window
        // decides when it is sure enough; the rule labels shown stay those of the whole text.
        var other = Classes.Count - 1;
        var worst = whole;
        foreach (var window in Windows(text, _rules.Model.WindowChars))
        {
            var p = ProbabilitiesOf(window, IndicatorExtractor.AsLearned(window), out _);
            worst = p[other] < worst[other] ? p : worst;
        }

        return 1 - worst[other] >= _rules.Model.WindowGate ? worst : whole;
    }

    /// <summary>
    /// The half-overlapping windows of <paramref name="size"/> characters a long text is also judged in; none for a text
    /// of at most one and a half windows.
    /// </summary>
    internal static IReadOnlyList<string> Windows(string text, int size)
    {
        if (size <= 0 || text.Length <= size * 3 / 2)
        {
            return [];
        }

        var length = Math.Min(text.Length, Featurizer.MaxChars);
        var windows = new List<string>();
        for (var start = 0; ; start += size / 2)
        {
            windows.Add(text.Substring(start, Math.Min(size, length - start)));
            if (start + size >= length)
            {
                return windows;
            }
        }
    }

    private double[] ProbabilitiesOf(string text, IReadOnlyList<Indicator> indicators, out string[] matched)
    {
        var extra = RuleFeatures(text, indicators, out matched);
        if (!_rules.Model.UseRules)
        {
            Array.Clear(extra);
        }

        return Model.Probabilities(Featurizer.Extract(text), extra, _rules.Model.Temperature);
    }

    internal Sample Sample(string text, int cls)
    {
        text = TextFold.Readable(text);
        return new(Featurizer.Extract(text), _rules.Model.UseRules ? RuleFeatures(text, IndicatorExtractor.AsLearned(text), out _) : new float[Extras], cls,
            cls == Classes.Count - 1 ? (float)_rules.Model.OrdinaryWeight : 1f);
    }

    internal (string Name, string Advice) Text(string code, string lang)
    {
        var language = Languages.Canonical(lang);
        if (_rules.Texts.TryGetValue(language, out var types) && types.TryGetValue(code, out var text))
        {
            return text;
        }

        throw new ArgumentException($"Unknown fraud type '{code}'; use one of FraudTypes.All or 'other'.", nameof(code));
    }

    /// <summary>
    /// The keyword rules' view of a message, as model inputs: per type net / (net + scale) of its keyword weights
    /// (strengthened by indicators and pressure cues), the harmless keywords, the cues, which indicator kinds occur.
    /// </summary>
    private float[] RuleFeatures(string text, IReadOnlyList<Indicator> indicators, out string[] matched)
    {
        var lowered = TextFold.ForModel(text);
        var state = new ScanState
        {
            Text = TextFold.Squeeze(TextFold.WithoutNumberBlanks(lowered)), // "贷·款" is 贷款; "[手机]" is no 手机
            Seen = new bool[_automaton.Count],
            Scores = new double[FraudTypes.All.Count],
            Matched = new List<int>(),
            Owner = this,
        };
        _automaton.Scan(state.Text, ref state, OnMatch);

        var harmless = 0.0;
        var cues = 0.0;
        foreach (var k in state.Matched)
        {
            harmless += _typeOf[k] == HarmlessType ? _weight[k] : 0;
            cues += _typeOf[k] == CueType ? _weight[k] : 0;
        }

        var extra = new float[Extras];
        var kinds = 0.0;
        foreach (var indicator in indicators)
        {
            var slot = IndicatorSlot(indicator.Kind);
            if (extra[slot] == 0)
            {
                extra[slot] = 1;
                kinds += _rules.IndicatorBoost.GetValueOrDefault(indicator.KindCode);
            }
        }

        var url = IndicatorSlot(IndicatorKind.Url);
        if (extra[url] == 0 && ContainsAny(lowered, MaskedLinks))
        {
            extra[url] = 1; // a blanked-out link still asks the reader to open one; it is never reported as an indicator
            kinds += _rules.IndicatorBoost.GetValueOrDefault(IndicatorKind.Url.ToCode());
        }

        var phone = IndicatorSlot(IndicatorKind.Phone);
        if (extra[phone] == 0 && ContainsAny(lowered, BlankedPhones))
        {
            extra[phone] = 1; // a number blanked out by whoever collected the message ("<PHONE>", "[手机号]", "CELLPHONE")
            kinds += _rules.IndicatorBoost.GetValueOrDefault(IndicatorKind.Phone.ToCode());
        }

        var card = IndicatorSlot(IndicatorKind.BankCard);
        if (extra[card] == 0 && lowered.Contains("[卡号]", StringComparison.Ordinal))
        {
            extra[card] = 1; // an account blanked out ("[银行卡号]", "BANK")
            kinds += _rules.IndicatorBoost.GetValueOrDefault(IndicatorKind.BankCard.ToCode());
        }

        var boost = kinds + Math.Min(cues, _rules.CueCap);
        var any = false;
        for (var t = 0; t < state.Scores.Length; t++)
        {
            var net = state.Scores[t] > 0 ? state.Scores[t] + boost + harmless : 0;
            extra[t] = net <= 0 ? 0 : (float)(net / (net + _rules.Scale));
            any |= state.Scores[t] > 0;
        }

        if (extra[IndicatorSlot(IndicatorKind.Url)] == 1 && IsLure(lowered))
        {
            extra[LureSlot] = 1;
        }

        extra[FraudTypes.All.Count] = (float)Math.Min(1, -harmless / _rules.Scale);
        extra[FraudTypes.All.Count + 1] = (float)Math.Min(1, cues / _rules.CueCap / 2);
        extra[Extras - 1] = any ? 0 : 1;
        matched = state.Matched.Select(k => _label[k]).ToArray();
        return extra;
    }

    /// <summary>Whether the link-lure input is set: a link, a verb to act on it and a reason to act now.</summary>
    internal bool HasLinkLure(string text)
    {
        text = TextFold.Readable(text);
        return RuleFeatures(text, IndicatorExtractor.AsLearned(text), out _)[LureSlot] == 1;
    }

    private static int IndicatorSlot(IndicatorKind kind) => FraudTypes.All.Count + 2 + (int)kind;

    private static bool IsLure(string lowered) => ContainsAny(lowered, LinkActions) && ContainsAny(lowered, LinkLures);

    private static bool ContainsAny(string text, string[] words)
    {
        foreach (var word in words)
        {
            if (text.Contains(word, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static void OnMatch(ref ScanState state, int keyword, int start)
    {
        if (state.Seen[keyword])
        {
            return;
        }

        var owner = state.Owner;
        var word = owner._automaton.Keyword(keyword);
        if (char.IsAsciiLetterOrDigit(word[0]) && start > 0 && char.IsAsciiLetterOrDigit(state.Text[start - 1]))
        {
            return; // English keywords must start a word: "loan" in "loans" counts, in "sloane" it does not.
        }

        state.Seen[keyword] = true;
        state.Matched.Add(keyword);
        var type = owner._typeOf[keyword];
        if (type >= 0)
        {
            state.Scores[type] += owner._weight[keyword];
        }
    }

    private static int IndexOf(string type)
    {
        for (var i = 0; i < FraudTypes.All.Count; i++)
        {
            if (FraudTypes.All[i] == type)
            {
                return i;
            }
        }

        return type == FraudTypes.Other ? -1 : throw new InvalidDataException($"Unknown fraud type '{type}' in rules.");
    }

    private struct ScanState
    {
        public string Text;
        public bool[] Seen;
        public double[] Scores;
        public List<int> Matched;
        public FraudClassifier Owner;
    }
}
