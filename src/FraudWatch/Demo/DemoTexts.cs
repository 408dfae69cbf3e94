using System.Globalization;

namespace FraudWatch.Demo;

/// <summary>
/// What residents forward with /report, per fraud type, written the way such messages read. Placeholders:
/// {phone} a mobile number, {landline} a 0577 number, {url} a link, {card} a bank card, {amount} yuan, {qq} a QQ id.
/// The seeder runs each filled-in text through FraudWatch.Detection, so types and indicators match the real pipeline.
/// </summary>
public static class DemoTexts
{
    /// <summary>Share of reports by type, after the published mix (刷单返利 largest, then investment, shopping, customer service, loans, police).</summary>
    public static IReadOnlyList<(string Type, double Weight)> Mix { get; } =
    [
        ("task_rebate", 27), ("fake_investment", 15), ("fake_shopping", 12), ("fake_customer_service", 11), ("fake_loan", 9),
        ("impersonate_police", 7), ("fake_credit", 5.5), ("impersonate_acquaintance", 5), ("romance", 4), ("game_trade", 3.5), ("other", 6),
    ];

    public static IReadOnlyDictionary<string, string[]> Templates { get; } = new Dictionary<string, string[]>
    {
        ["task_rebate"] =
        [
            "有人拉我进群说网络兼职刷单，做任务返佣金，第一单返了12元，现在要我垫付{amount}做连单，联系人 {phone}",
            "抖音点赞兼职，动动手指日结，导师说充值越多返佣越多，链接 {url}",
            "收到短信：宝妈在家就能做，刷信誉写好评一单一结，加QQ：{qq}",
            "群里派单，说卡单了要再垫资{amount}才能返还本金，客服电话 {phone}",
        ],
        ["fake_investment"] =
        [
            "被拉进股票群，老师带单荐股，说稳赚不赔，让在 {url} 入金{amount}",
            "有个理财群说发现平台漏洞，保证收益，先入金{amount}，联系 {phone}",
            "微信好友推荐炒黄金，高回报稳赚，下载 {url} 开户",
            "投资群老师发买入信号，说原始股包中，让转{amount}到银行卡 {card}",
        ],
        ["fake_shopping"] =
        [
            "朋友圈有人卖内部价烟酒，让加微信下单先付全款{amount}，电话 {phone}",
            "有人私下卖演唱会门票，不走平台，要先转账{amount}，链接 {url}",
            "网上看到超低价手机，厂家直销一折，客服让先付款到 {card}",
            "有人说代购名牌包高仿一比一，私下交易先转钱，QQ：{qq}",
        ],
        ["fake_customer_service"] =
        [
            "自称快递理赔专员，说我快递丢件要双倍赔偿，让下载会议app屏幕共享，电话 {phone}",
            "来电说我误开通了商家会员，不取消会员会自动扣费，让点 {url}",
            "自称电商客服说订单异常要退款，让开屏幕共享操作备用金，号码 {landline}",
            "短信说快递地址不详无法派送，让补填地址 {url}",
        ],
        ["fake_loan"] =
        [
            "贷款app说不看征信秒下款，结果说银行卡号填错放款失败，要交解冻费{amount}，客服 {phone}",
            "有人发短信小额贷无抵押低息，只要身份证就能下款，链接 {url}",
            "网贷客服说要刷流水验资，让先转{amount}到 {card}",
            "打电话推销大额贷款不用抵押，黑户也能秒批，要先交手续费，电话 {phone}",
        ],
        ["impersonate_police"] =
        [
            "自称公安局刑侦的，说我身份证被盗用涉嫌洗钱，要配合调查把钱转到安全账户，电话 {landline}",
            "来电自称检察院，说我涉案有逮捕令，要签保密协议不要告诉任何人，让做资金清查，号码 {phone}",
            "视频笔录的假警察，发了通缉令照片，让转移资金到 {card}",
            "有人冒充专案组说我卷入犯罪团伙，让下载 {url} 做资金核查",
        ],
        ["fake_credit"] =
        [
            "自称银监会的说我学生时期开了校园贷未注销，会影响征信，让把钱借出来清空额度，电话 {phone}",
            "来电说我京东金条学生账户没注销，征信会受影响，要配合注销账户，号码 {landline}",
            "短信说可以征信修复消除逾期记录，点 {url} 办理",
            "有人说能帮我洗白征信消除记录，先交{amount}，QQ：{qq}",
        ],
        ["impersonate_acquaintance"] =
        [
            "有人加我微信说是村里领导，说到我办公室来一趟，开会不方便讲话，让帮我转{amount}给别人，明天还你",
            "陌生号码 {phone} 说还记得我吗，猜猜我是谁，说换了号码，要借{amount}",
            "冒充孩子老师说要交资料费，这是我新的微信，转到老师的卡 {card}",
            "QQ上自称我表哥，说手机坏了借的手机，让我帮我转{amount}，回头还你，QQ：{qq}",
        ],
        ["romance"] =
        [
            "交友app认识的人自称驻外军官，一直不肯视频，说为了我们的未来让我投钱一起赚钱，网站 {url}",
            "婚恋网站认识的男朋友说在石油平台工作，叫我亲爱的，让我转{amount}给他办手续",
            "网恋对象说带我一起赚钱保证能中，让在 {url} 充值，这是不是杀猪盘",
            "网站认识的海外华人说是战地医生，不肯见面，要我汇{amount}到 {card}",
        ],
        ["game_trade"] =
        [
            "孩子在游戏里看到低价充值点券，对方让加QQ {qq} 交易，说要先转钱",
            "有人说王者荣耀领皮肤，要输入你的qq和验证码，链接 {url}",
            "孩子要卖游戏账号，买家说要在交易猫换绑，让先交保证金{amount}",
            "说是原神代充折扣充值，要扫码付款，电话 {phone}",
        ],
        ["other"] =
        [
            "有个陌生号码 {phone} 一直打过来，接了又不说话，不知道是不是骗子",
            "快递员打电话说我的包裹放在村口驿站了，号码 {phone}，这个是真的吗",
            "收到短信说本月电费已从银行卡扣款86.5元，不知道是不是骗子发的",
            "村医打电话 {phone} 通知明天上午到卫生室免费体检，是真的吧",
        ],
    };

    static readonly string[] MobilePrefixes = ["134", "135", "136", "137", "138", "139", "150", "151", "152", "157", "158", "159", "170", "171", "182", "183", "187", "188", "198", "199"];
    static readonly string[] Domains = ["vip-task8.com", "jd-tuikuan.cn", "gp-vip88.com", "licai-app.top", "dai-kuan365.cn", "zx-xiufu.com", "kefu-95.cc", "hjtz-888.com", "sf-buji.top", "wzry-pifu.cn", "yh-qingcha.com", "dating-love.vip"];

    public static string Fill(string template, Random random, int poolIndex) => template
        .Replace("{phone}", Phone(poolIndex), StringComparison.Ordinal)
        .Replace("{landline}", string.Create(CultureInfo.InvariantCulture, $"0577-{6000_0000 + (poolIndex * 7919 % 3999_9999):0000 0000}"), StringComparison.Ordinal)
        .Replace("{url}", $"http://{Domains[poolIndex % Domains.Length]}/{(char)('a' + (poolIndex % 26))}{poolIndex % 97}", StringComparison.Ordinal)
        .Replace("{card}", Card(poolIndex), StringComparison.Ordinal)
        .Replace("{amount}", Amount(random), StringComparison.Ordinal)
        .Replace("{qq}", string.Create(CultureInfo.InvariantCulture, $"{2_300_000_000L + (poolIndex * 104_729L % 99_999_999)}"), StringComparison.Ordinal);

    // The same scam number shows up in several villages: index into a small pool, not a fresh number each time.
    static string Phone(int poolIndex)
    {
        var prefix = MobilePrefixes[poolIndex % MobilePrefixes.Length];
        return string.Create(CultureInfo.InvariantCulture, $"{prefix}{(poolIndex * 7_654_321L + 1_234_567) % 100_000_000:00000000}");
    }

    static string Amount(Random random)
    {
        var yuan = random.Next(0, 10) switch
        {
            < 5 => random.Next(2, 50) * 100,
            < 8 => random.Next(5, 50) * 1000,
            _ => random.Next(1, 20) * 10_000,
        };
        return yuan >= 10_000 && yuan % 10_000 == 0 ? $"{yuan / 10_000}万元" : string.Create(CultureInfo.InvariantCulture, $"{yuan}元");
    }

    /// <summary>A 16-digit UnionPay-looking number with a valid Luhn check digit.</summary>
    static string Card(int poolIndex)
    {
        var body = string.Create(CultureInfo.InvariantCulture, $"622202{(poolIndex * 48_271L + 13) % 1_000_000_000:000000000}");
        var sum = 0;
        for (var i = 0; i < body.Length; i++)
        {
            var d = body[body.Length - 1 - i] - '0';
            if (i % 2 == 0)
            {
                d *= 2;
                if (d > 9)
                    d -= 9;
            }

            sum += d;
        }

        return body + (char)('0' + ((10 - (sum % 10)) % 10));
    }
}
