using FraudWatch.Detection;

namespace FraudWatch.Tests.Detection;

public class OtherIndicatorTests
{
    private static string[] Values(string text, IndicatorKind kind) =>
        IndicatorExtractor.Extract(text).Where(i => i.Kind == kind).Select(i => i.Value).ToArray();

    [Theory]
    [InlineData("点击 https://WWW.Tb-Refund.top/claim?id=9#top 领取", "tb-refund.top/claim?id=9")]
    [InlineData("http://example.com:80/", "example.com")]
    [InlineData("https://example.com:443/a/b/", "example.com/a/b")]
    [InlineData("https://example.com:8443/a", "example.com:8443/a")]
    [InlineData("访问www.sf-express-pay.cc补填地址", "sf-express-pay.cc")]
    [InlineData("官网foo-bar.com，欢迎", "foo-bar.com")]
    [InlineData("see xn--fiqs8s.xn--55qx5d now", "xn--fiqs8s.xn--55qx5d")]
    [InlineData("go to abc.vip/Invite?Code=AbC.", "abc.vip/Invite?Code=AbC")]
    [InlineData("下载：http://192.168.10.2:8080/app.apk", "192.168.10.2:8080/app.apk")]
    [InlineData("ｗｗｗ．ａｂｃ．ｘｙｚ", "abc.xyz")]
    [InlineData("点击t.cn/A6xYz看详情", "t.cn/A6xYz")]
    [InlineData("HTTPS://Bit.ly/3AbC", "bit.ly/3AbC")]
    [InlineData("包裹已派发.请您及时查收.http://qq-sf.top", "qq-sf.top")] // a full stop after a Chinese character ends a sentence
    [InlineData("详情请登录.www.abc-refund.cc办理", "abc-refund.cc")]
    public void Links_are_normalized(string text, string expected) =>
        Assert.Equal([expected], Values(text, IndicatorKind.Url));

    // Bulk scam texts write a link's dots as 。 or 点 to slip past filters, and use short-link services outside the
    // usual TLDs; none of these was found, so "no number or link found" was the answer and nothing could be looked up.
    [Theory]
    [InlineData("登录 www。abc-pay。com 领取补贴", "abc-pay.com")]
    [InlineData("登录abc-pay点com领取补贴", "abc-pay.com")]
    [InlineData("网址：tb-refund｡top/claim", "tb-refund.top/claim")]
    [InlineData("点击 bit.ly/3abcd 查看", "bit.ly/3abcd")]
    [InlineData("详情 goo.gl/Xy12z", "goo.gl/Xy12z")]
    public void Links_written_to_slip_past_filters_are_found(string text, string expected) =>
        Assert.Equal([expected], Values(text, IndicatorKind.Url));

    // A link whose domain is not in ASCII letters (an internationalized domain) was not found at all, so the answer said
    // "no number or link found" and it could not be looked up; it is kept in its ASCII (punycode) form, the one a browser
    // goes to, so the two spellings of one domain are one link.
    [Theory]
    [InlineData("http://中国银行.com/login 请登录", "xn--fiqs8s856bruk.com/login")]
    [InlineData("登录https://www.中国银行.com领取", "xn--fiqs8s856bruk.com")]
    [InlineData("打开 http://例子.中国 看看", "xn--fsqu00a.xn--fiqs8s")]
    [InlineData("https://xn--fiqs8s856bruk.com/login", "xn--fiqs8s856bruk.com/login")]
    [InlineData("点击http://abc.top领取", "abc.top")] // an ASCII host directly followed by Chinese stays as it was
    public void Internationalized_domains_after_a_scheme_are_found_in_their_ascii_form(string text, string expected) =>
        Assert.Equal([expected], Values(text, IndicatorKind.Url));

    // The wider readings above must not change what the model answers: it learned the indicators in the narrower form.
    // Analyze reads a message a second time in that form only when the wider reading found something, so both paths
    // are checked on every learned message and on ones the wider reading changes.
    [Fact]
    public void The_model_answers_the_same_whatever_the_wider_readings_find()
    {
        var texts = TrainingData.Embedded().Select(e => e.Text).Where((_, i) => i % 7 == 0)
            .Concat([
                "客服说快递丢了要理赔，加微信lp8899，登录 www。tb-pay。com 填银行卡", "QQ 12345678 联系我办无抵押贷款",
                "点击 bit.ly/3abcd 领取补贴", "老师带你炒股稳赚，加vx abc_123 进群", "abc-pay点com 退款", "电话139-1234-5678",
            ])
            .ToList();
        foreach (var text in texts)
        {
            var analyzed = Detector.Analyze(text).Classification;
            var classified = FraudClassifier.Default.Classify(text);
            Assert.True((analyzed.Type, analyzed.Verdict, analyzed.Score) == (classified.Type, classified.Verdict, classified.Score), text);
        }

        Assert.Contains(texts, t => IndicatorExtractor.ExtractReadable(TextFold.Readable(t), out var widened).Count > 0 && widened);
    }

    [Theory]
    [InlineData("价格3.5元")]
    [InlineData("文件 readme.md 和 photo.jpg")]
    [InlineData("邮箱 abc@qq.com")]
    [InlineData("version 1.2.3")]
    [InlineData("名字是Ms.Suman")] // a full stop inside a word
    [InlineData("约好下午3点30分，到了打电话")]
    [InlineData("明天8点cn航班")]
    [InlineData("收到。OK，谢谢")]
    public void Non_links_are_skipped(string text) =>
        Assert.Empty(Values(text, IndicatorKind.Url));

    [Theory]
    [InlineData("卡号6222021234567890128", "6222021234567890128")]
    [InlineData("转到 6222 0212 3456 7890 128 这张卡", "6222021234567890128")]
    [InlineData("card 6217-0012-3412-3416", "6217001234123416")]
    [InlineData("账户：６２２８４８００１１２２３３４４５５４", "6228480011223344554")]
    public void Bank_cards_passing_Luhn_are_found(string text, string expected) =>
        Assert.Equal([expected], Values(text, IndicatorKind.BankCard));

    [Theory]
    [InlineData("卡号6222021234567890127")]
    [InlineData("6222 0212 3456 78")]
    [InlineData("身份证330327199001011234")]
    public void Numbers_failing_Luhn_or_length_are_not_cards(string text) =>
        Assert.Empty(Values(text, IndicatorKind.BankCard));

    [Theory]
    [InlineData("4111111111111111", true)]
    [InlineData("4111111111111112", false)]
    [InlineData("6222021234567890128", true)]
    [InlineData("", false)]
    public void Luhn_check(string digits, bool valid) =>
        Assert.Equal(valid, Luhn.IsValid(digits));

    [Theory]
    [InlineData("支付宝：fraud.pay@163.com", "alipay:fraud.pay@163.com")]
    [InlineData("alipay: 13812345678", "alipay:13812345678")]
    [InlineData("加我微信：DZ88866", "wechat:dz88866")]
    [InlineData("vx: abc_123", "wechat:abc_123")]
    [InlineData("WeChat ID: lily_hr2024", "wechat:lily_hr2024")]
    [InlineData("联系QQ：2876541230", "qq:2876541230")]
    [InlineData("QQ号 12345678", "qq:12345678")]
    [InlineData("ｑｑ：１２３４５６７", "qq:1234567")]
    [InlineData("电话/微信：138-1234-5678", "wechat:13812345678")]
    [InlineData("加V：abc123", "wechat:abc123")]
    [InlineData("请添加理赔专员微信 lp8899", "wechat:lp8899")] // marked by the word before it alone
    [InlineData("加微信lp8899领取", "wechat:lp8899")]
    [InlineData("加vx abc_123 咨询", "wechat:abc_123")]
    [InlineData("QQ 12345678", "qq:12345678")]
    public void Marked_payment_accounts_are_found(string text, string expected) =>
        Assert.Equal([expected], Values(text, IndicatorKind.PaymentAccount));

    [Theory]
    [InlineData("我在微信群里说过了")]
    [InlineData("用微信转了200元")]
    [InlineData("QQ音乐很好听")]
    [InlineData("wechat is great")]
    [InlineData("微信payment开通了")]
    [InlineData("用微信 50000元")]
    [InlineData("QQ 20000元")]
    [InlineData("wechat account is fine")]
    public void Unmarked_mentions_are_not_accounts(string text) =>
        Assert.Empty(Values(text, IndicatorKind.PaymentAccount));

    [Theory]
    [InlineData("先转5000元", "5000")]
    [InlineData("¥5,000", "5000")]
    [InlineData("￥3.5万", "35000")]
    [InlineData("赚了3万元", "30000")]
    [InlineData("月入20w", "200000")]
    [InlineData("RMB 2000 only", "2000")]
    [InlineData("just $500", "500")]
    [InlineData("交２０００块钱", "2000")]
    [InlineData("1.5亿", "150000000")]
    [InlineData("共计3万5千元", "35000")]
    [InlineData("1万2000元", "12000")]
    [InlineData("价格：100-200元", "200")]
    public void Amounts_are_in_yuan(string text, string expected) =>
        Assert.Equal([expected], Values(text, IndicatorKind.Amount));

    [Theory]
    [InlineData("2024年5月")]
    [InlineData("电话13812345678")]
    [InlineData("5k run tomorrow")]
    [InlineData("room 302")]
    [InlineData("2万人参加")]
    public void Plain_numbers_are_not_amounts(string text) =>
        Assert.Empty(Values(text, IndicatorKind.Amount));

    [Theory]
    [InlineData("5000", 5000)]
    [InlineData("3.5万", 35000)]
    [InlineData("¥2,000", 2000)]
    [InlineData(" ２０w ", 200000)]
    [InlineData("800元", 800)]
    public void ParseAmount_reads_command_arguments(string input, double expected) =>
        Assert.Equal((decimal)expected, IndicatorExtractor.ParseAmount(input));

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("5000 and more")]
    [InlineData("3.5.1")]
    public void ParseAmount_is_null_for_non_amounts(string input) =>
        Assert.Null(IndicatorExtractor.ParseAmount(input));

    [Fact]
    public void Indicators_come_in_text_order_without_duplicates()
    {
        var found = IndicatorExtractor.Extract("加微信：abc123，转5000元到6222021234567890128，网址 abc.vip ，再转5000元");
        Assert.Equal(
            [IndicatorKind.PaymentAccount, IndicatorKind.Amount, IndicatorKind.BankCard, IndicatorKind.Url],
            found.Select(i => i.Kind));
    }

    [Fact]
    public void Kind_codes_are_stable()
    {
        Assert.Equal(
            ["phone", "url", "bank_card", "payment_account", "amount"],
            Enum.GetValues<IndicatorKind>().Select(k => k.ToCode()));
        Assert.True(IndicatorKinds.TryParse("bank_card", out var kind));
        Assert.Equal(IndicatorKind.BankCard, kind);
    }
}
