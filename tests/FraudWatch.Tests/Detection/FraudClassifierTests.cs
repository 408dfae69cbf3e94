using FraudWatch.Detection;

namespace FraudWatch.Tests.Detection;

public class FraudClassifierTests
{
    [Fact]
    public void Ten_type_codes_are_listed() =>
        Assert.Equal(
            ["task_rebate", "fake_investment", "fake_shopping", "fake_customer_service", "fake_loan", "fake_credit",
             "impersonate_acquaintance", "impersonate_police", "romance", "game_trade"],
            FraudTypes.All);

    [Fact]
    public void Every_type_has_names_and_advice_in_both_languages()
    {
        foreach (var code in FraudTypes.All.Append(FraudTypes.Other))
        {
            foreach (var lang in new[] { "zh-CN", "en" })
            {
                Assert.False(string.IsNullOrWhiteSpace(FraudTypes.DisplayName(code, lang)), $"{code} {lang}");
                Assert.False(string.IsNullOrWhiteSpace(FraudTypes.Advice(code, lang)), $"{code} {lang}");
            }
        }

        Assert.Equal("刷单返利", FraudTypes.DisplayName("task_rebate", "zh-CN"));
        Assert.Equal("Fake loan", FraudTypes.DisplayName("fake_loan", "en"));
    }

    [Fact]
    public void Unknown_type_code_is_rejected() =>
        Assert.Throws<ArgumentException>(() => FraudTypes.DisplayName("lottery", "en"));

    [Fact]
    public void Safe_account_script_is_police_impersonation_with_Chinese_advice()
    {
        var result = FraudClassifier.Default.Classify("我是公安局民警，你涉嫌洗钱，请把钱转到安全账户配合调查");
        Assert.Equal("impersonate_police", result.Type);
        Assert.InRange(result.Score, 0.5, 1.0);
        Assert.Equal(FraudTypes.Advice("impersonate_police", "zh-CN"), result.Advice);
        Assert.Contains("impersonate_police:安全账户", result.MatchedRules);
    }

    [Fact]
    public void English_message_gets_English_advice()
    {
        var result = FraudClassifier.Default.Classify("Your loan was approved but you must pay an unfreezing fee first.");
        Assert.Equal("fake_loan", result.Type);
        Assert.Equal(FraudTypes.Advice("fake_loan", "en"), result.Advice);
    }

    [Theory]
    [InlineData("自家种的青菜5元一斤，要的说一声")]
    [InlineData("明天上午在村委会开会，大家准时到")]
    [InlineData("提醒大家：公安不会要求转账到安全账户，谨防诈骗")]
    [InlineData("")]
    public void Village_chat_stays_other_with_a_low_score(string text)
    {
        var result = FraudClassifier.Default.Classify(text);
        Assert.Equal("other", result.Type);
        Assert.True(result.Score < FraudClassifier.Default.Threshold);
    }

    // What residents forward to ask "is this a scam?" (the false alarms of issue 11): never a fraud type.
    [Theory]
    [InlineData("【顺丰速运】您的快件SF1402938475621已到达万全镇驿站，请凭取件码5-1-2087于今晚20点前取件。")]
    [InlineData("【中通快递】您好，您的包裹已放在村口小卖部代收点，取件码3021，有问题请联系派件员13857761234。")]
    // Genuine courier problem notices (address unclear, delivery failed, returned, exception): before the ninth session's
    // courier and bank rows (DATA.md) the first four were called fake_customer_service at 0.97, 0.85, 0.81 and 0.59.
    [InlineData("【中通快递】您的快件因地址不详无法派送，请联系派送员王师傅13812345678确认地址。")]
    [InlineData("【顺丰速运】您的快件SF1234567890123因收件人电话无人接听派送失败，将于明日再次派送，如需改约请点击 sf.cn/a8Kd2")]
    [InlineData("【圆通速递】您的快件已被退回，原因：收件人拒收。如有疑问请致电95554。")]
    [InlineData("【韵达快递】您好，您的快递派送异常，快递员电话15988776655，请及时联系。")]
    [InlineData("【申通快递】快件异常通知：您的快件因收件地址超区，已转邮政派送，新单号 9876543210123。")]
    [InlineData("【中国电信】岁末感恩回馈：即日起至12月31日，宽带续费一年送6个月，手机加装副卡首月免费，详询当地营业厅或拨打10000。退订回TD")]
    [InlineData("【中国移动】尊敬的客户，您的积分3260分将于年底清零，可登录中国移动APP积分商城兑换话费。退订回T")]
    [InlineData("亲爱的妈妈，祝您生日快乐！身体健康，笑口常开，周末我们回家陪您吃饭。")]
    [InlineData("亲爱的各位家长，元旦假期为1月1日至1月3日，1月4日正常上课，请注意孩子假期安全。")]
    [InlineData("【工商银行】您尾号6612卡12月2日15:40快捷支付支出128.50元，余额3,412.07元。")]
    [InlineData("【县人民医院】您已预约12月8日上午9:00骨科李医生门诊，请携带身份证和医保卡按时就诊。")]
    [InlineData("【万科·城市之光】南站旁精装小三房，总价89万起，周末样板间开放，到访即送粮油一份，售楼处电话0577-65551234。")]
    [InlineData("客服：您好，中国移动客服，请问有什么可以帮您？\n用户：我想查一下这个月的流量还剩多少。\n客服：您本月套餐流量还剩3.2G，另外有一个10元5G的流量包，需要为您办理吗？\n用户：不用了，谢谢。\n客服：好的，感谢您的来电。")]
    // A relative, neighbour or teacher giving a new number and asking for nothing (written for this test, never learned):
    // the ninth session's model called the second and the last impersonate_acquaintance (0.60, 0.58), the tenth's before
    // its new-number rows the last three (0.81, 0.57, 0.92; BENCHMARKS.md, "Tenth session"). A bare "换号了 这是新号"
    // with no name is left out: it is also the first step of the scam.
    [InlineData("妈，我换号了，这个是新号，旧卡停了，周末回家吃饭")]
    [InlineData("老李，我是村东头的王建国，换了个号，存一下")]
    [InlineData("大家好，我是三班班主任，手机号换了，新号就是这个，有事打这个")]
    [InlineData("同学们，这是我的新号码，以后常联系哈")]
    [InlineData("Your parcel has been delivered to your safe place. Thanks for shopping with us.")]
    [InlineData("Happy birthday my dear! Hope you have a wonderful day, see you at dinner.")]
    [InlineData("Get 50% off your first 3 months on our new unlimited plan. Visit a store or the app. Reply STOP to opt out.")]
    public void Ordinary_notices_and_greetings_are_never_a_fraud_type(string text)
    {
        var result = FraudClassifier.Default.Classify(text);
        Assert.NotEqual(Verdict.Fraud, result.Verdict);
        Assert.Equal(FraudTypes.Other, result.Type);
    }

    // Bank phishing: a link to log in to, with a reason to act now (a code device or certificate expiring, points to
    // turn into cash). Before the link-lure input and the phishing keywords (2026-12-03, seventh session) the first
    // was called ordinary at 0.99, like most such texts in the FBS fraud SMS (BENCHMARKS.md).
    [Theory]
    [InlineData("尊敬的工行用户您的电子密码器将于今日失效请及时登录我行网站http://icbc-mmq.cc进行升级逾期将无法使用")]
    [InlineData("【建设银行】尊敬的客户，您的账户积分已满12000分，可兑换现金120元，请登录 ccb-jf.top 兑换，逾期清零。")]
    [InlineData("您的网银证书今日过期，请点击 www.abc-zs.net 重新激活，否则账户将被冻结。")]
    public void Bank_phishing_with_a_link_is_fake_customer_service(string text)
    {
        var result = FraudClassifier.Default.Classify(text);
        Assert.Equal(Verdict.Fraud, result.Verdict);
        Assert.Equal("fake_customer_service", result.Type);
    }

    // Credit-card agents' adverts in the bulk style (written here, after the real FBS ones): their jargon (下卡, 白户,
    // 垫还, 养卡, 前期无任何费用, 不看负债) is a fake_loan keyword since the twelfth session. Before, the first was called
    // ordinary (0.64), like a quarter of FBS's loan adverts; the banks' own card notices stay ordinary.
    [Theory]
    [InlineData("本公司长期办理各行大额信用卡五到五十万下卡快前期无任何费用详询13812345678刘经理", "fake_loan")]
    [InlineData("你好我处可代办各行信用卡白户可办七天下卡下卡后收费电话15800001111", "fake_loan")]
    [InlineData("有房即可贷不看负债当天拿钱月息低详询13700002222退订回T", "fake_loan")]
    [InlineData("【招商银行】尊敬的客户，您的信用卡本期账单已出，应还金额3,268.50元，到期还款日12月18日，可通过掌上生活APP还款。", "other")]
    [InlineData("【建设银行】您尾号6621的信用卡已成功提升临时额度至30000元，有效期至2027年1月31日，详询95533。", "other")]
    public void Credit_card_agents_adverts_are_fake_loans_and_banks_card_notices_stay_ordinary(string text, string type) =>
        AssertAnsweredWithoutDoubt(text, type);

    // Stock-tip groups recruiting in the bulk style (written here, after real FBS ones): their jargon (建群, 好股, 人满即封,
    // 群满即封, 公开验证, 验证勿追, 诊股, 敢死队) is a fake_investment keyword since the thirty-third session. Before, the first
    // was called ordinary (0.90), like a dozen of FBS's real stock-tip SMS; friends and brokers talking of a rise stay
    // ordinary.
    [Theory]
    [InlineData("今日财经大盘能否反弹敢死队建群随时公布好股不卖软件不收费QQ验证退订回T", "fake_investment")]
    [InlineData("股民交流群逆袭大盘每日涨不停纯绿色交流不收费群满即封加微信验证回T退订", "fake_investment")]
    [InlineData("老王，今天大盘拉升了，你那只个股涨了没？晚上一起吃饭聊聊", "other")]
    [InlineData("今天尾盘拉升，我的基金终于回本了，晚上加个鸡腿", "other")]
    [InlineData("【华泰证券】尊敬的客户，本周五有2只新股可申购，请通过涨乐财富通APP查看，股市有风险，投资需谨慎。", "other")]
    public void Stock_tip_groups_are_fake_investment_and_talk_of_a_rise_stays_ordinary(string text, string type) =>
        AssertAnsweredWithoutDoubt(text, type);

    // The type given (or "other" for looks ordinary), never "not sure".
    private static void AssertAnsweredWithoutDoubt(string text, string type)
    {
        var result = FraudClassifier.Default.Classify(text);
        Assert.Equal(type, result.Type);
        Assert.NotEqual(Verdict.NotSure, result.Verdict);
    }

    // A child or relative in trouble, written here after whole real scams quoted on web pages that matched no keyword
    // (BENCHMARKS.md, "Fifteenth session"); the relatives' genuine news stays ordinary. Before that session's keywords
    // (被警察抓, 撞死, 私了, 打架, 扣下…) the first was "not sure" (other 0.64) and the next two were named at 0.76 and 0.65.
    [Theory]
    [InlineData("爷爷,我被警察抓了,快拿钱来保我出去!", "impersonate_acquaintance")]
    [InlineData("妈,我开车撞死人了,急需五万现金私了!", "impersonate_acquaintance")]
    [InlineData("姐,我打架被人扣下了,他们要钱才放人", "impersonate_acquaintance")]
    [InlineData("妈，我到宿舍了，路上挺顺利的，周末给你打电话", "other")]
    [InlineData("爸，我下个月放假回家，车票已经买好了，不用来接", "other")]
    public void A_relative_in_trouble_is_impersonate_acquaintance(string text, string type)
    {
        var result = FraudClassifier.Default.Classify(text);
        Assert.Equal(type, result.Type);
    }

    // Real scams are often terse, and quoted or collected ones have their links blanked out. Written by me after the
    // kinds of real scams quoted on news and police pages (BENCHMARKS.md, "Thirteenth session"); the shipped model
    // before that session called all three ordinary (0.92, 0.95, 0.93).
    [Theory]
    [InlineData("您的高速ETC已限制使用，请于10月8日前到***.***.cn签署，未签署将注销。", "fake_customer_service")]
    [InlineData("我行将于今日20点前扣除您年费1280元，如有疑问请咨询400-8××-2291。", null)]
    [InlineData("收到后立即拨打XX号码，否则视为拒绝传唤，依法对你进行拘留。", null)]
    public void Terse_scams_are_named_or_at_least_never_called_ordinary(string text, string? type)
    {
        var result = FraudClassifier.Default.Classify(text);
        Assert.NotEqual(Verdict.Ordinary, result.Verdict);
        if (type is not null)
        {
            Assert.Equal(Verdict.Fraud, result.Verdict);
            Assert.Equal(type, result.Type);
        }
    }

    [Theory]
    [InlineData("请登录 http://icbc-mmq.cc 激活，逾期失效", true)]
    [InlineData("Click http://bank-verify.top to verify, or your account will be suspended", true)]
    [InlineData("活动详情见 http://www.example.com", false)] // a link with nothing to act on
    [InlineData("您的积分即将清零，请登录APP兑换", false)] // something to act on, but no link
    [InlineData("【车辆中心】您的ETC通行卡已冻结，请点击 ***.***.cn 重新认证", true)] // a link blanked out where it was quoted
    [InlineData("您的医保卡未升级电子版，请点击[链接]激活，逾期失效", true)]
    [InlineData("尊敬的用户，您的网银证书将于次日失效，请登录×××网址进行升级", true)]
    [InlineData("您的网银证书将于次日失效，请登录官网或到网点升级", false)] // the institution's own site, not a link to open
    public void Link_lure_input_needs_a_link_an_action_and_a_reason(string text, bool lure)
    {
        Assert.Equal(lure, FraudClassifier.Default.HasLinkLure(text));
    }

    // Messages whose words cannot show they are safe, which the model would call ordinary: the album and photo trojans
    // police warn about (a "friend" sends a link to look at and little else; called ordinary at 0.99–1.00), and "I have
    // a new number" with little else (what a relative really sends and the scam's first step; the fourth was called
    // ordinary at 0.99). Only the link's target, or the old number, can tell; so "not sure", with no "if it is a scam,
    // it looks like…" from words that say nothing. And a bank-like notice of money taken with a number to call about it
    // (the card-spending and annual-fee scams, called ordinary at 0.96–0.98): only the bank's own number can tell. And a
    // caller who makes the reader guess who they are: only the number the reader has for that person can tell.
    [Theory]
    [InlineData("伟人我不想说了你认真看完这相册吧http://t.cn/A6xKp2", Caution.LinkToLookAt)]
    [InlineData("大哥，看看我们之前的精彩影集 http://t.cn/R9sd8Q", Caution.LinkToLookAt)]
    [InlineData("你都上新闻了，你自己看吧 http://news-kk.cc/a/77", Caution.LinkToLookAt)]
    [InlineData("新年快乐，这是春节大家聚会的照片 url.cn/aB3dEf", Caution.LinkToLookAt)] // photos on offer, no "看"
    [InlineData("我下个月结婚，电子请帖在这里 http://hunli-h5.cc/q/88", Caution.LinkToLookAt)]
    [InlineData("老同学，这段录像你自己瞧瞧 http://t.cn/Rv9sK2", Caution.LinkToLookAt)] // "瞧", not "看": ordinary before the twenty-first session
    [InlineData("这是我的新号码，以后打这个", Caution.NewNumber)]
    [InlineData("哥 我换新号了 旧的不用了 存下 —小军", Caution.NewNumber)]
    [InlineData("妈，我手机号换了，新号是13912345678，您存一下", Caution.NewNumber)]
    [InlineData("妈，我手机号换了，新号是 139 1234 5678，您存一下", Caution.NewNumber)] // the model is itself unsure here (ordinary < 0.7)
    [InlineData("尊敬的客户：您尾号3306的银行卡今日在大润发超市消费4860元，将于月底从您账户扣除，如有疑问请咨询 0577-6583 2091。", Caution.CallBack)] // ordinary 0.96 by the model
    [InlineData("银联中心通知：您的卡于12月3日在苏宁电器刷卡消费七千六百元，已确认成功，详询 021-5832××××。", Caution.CallBack)] // ordinary 0.98
    [InlineData("哎呀，才见过几次面，你就认不出我了？", Caution.GuessWho)] // ordinary 0.93
    [InlineData("你这是贵人多忘事啊，上个月还一起喝过酒呢", Caution.GuessWho)] // ordinary 1.00
    [InlineData("你再好好想想我是谁，以前天天一起上班的。", Caution.GuessWho)] // ordinary 0.99
    [InlineData("你被《跑一男》节一目组定为本季场外互动者，得8萬与笔記本一部，用验证码到 http://t.cn/Rx8k2P 査收，24小时內有效", Caution.Prize)] // ordinary 0.97
    [InlineData("恭喜你中了好声音特别大奖，奖品是苹果笔记本电脑一台，领奖地址 http://t.cn/Rp3Lm9", Caution.Prize)] // other 0.78
    [InlineData("您已获得星光大道互动奖5万元与电脑一台，详入 http://t.cn/Rk2Hd8 查看领取码，有效期2小时", Caution.Prize)]
    [InlineData("恭喜您在淘宝周年庆活动中被抽中为二等奖幸运用户，获得现金3万元和iPhone一部，领奖前需先交纳个人所得税800元。", Caution.Prize)] // a fee, no link
    [InlineData("澳门葡京线上娱乐城正式上线，真人荷官百家乐，首存100送100，天天返水，网址 www.pj8866.cc", Caution.IllegalOffer)] // ordinary 0.98
    [InlineData("本公司常年代开各行业正规发票，建筑、运输、餐饮均可，验票后付款，电话 13912345678 王会计", Caution.IllegalOffer)] // ordinary 0.93
    [InlineData("第108期：极限三肖中特 马虎狗，平特一肖猪，准备好了大胆下注", Caution.IllegalOffer)] // a 六合彩 tip
    [InlineData("网上博采老品牌，牌九龙虎斗应有尽有，详情登入 dhy88.com", Caution.IllegalOffer)] // a filter-dodging casino
    [InlineData("第125期必中三肖：牛 虎 兔，欲钱去买水中游的生肖，祝您发财", Caution.IllegalOffer)] // a 六合彩 riddle
    [InlineData("马会挂牌资料：本期挂牌出肖 龙羊马，加微信领取", Caution.IllegalOffer)]
    [InlineData("新款机麻控制器，起手好牌，不安装，可现场试用，满意再买，电话13912345678", Caution.IllegalOffer)] // a cheating device
    [InlineData("扑克分析仪，适合斗牛三公炸金花，透视眼镜现货，详询13912345678", Caution.IllegalOffer)]
    [InlineData("豪庭娱乐会所新来一批00后女孩，能唱能跳，欢迎老板订房 13912345678", Caution.IllegalOffer)]
    [InlineData("金沙会所长期招聘公关佳丽，日结，联系13912345678", Caution.IllegalOffer)]
    [InlineData("办理各种证件：13912345678 王老板", Caution.IllegalOffer)]
    [InlineData("网*上*博*采，佰*嘉*乐，注册即送彩金", Caution.IllegalOffer)] // read without the filler too
    public void Words_that_cannot_show_a_message_is_safe_give_not_sure_never_ordinary(string text, Caution caution)
    {
        var result = FraudClassifier.Default.Classify(text);
        Assert.Equal(Verdict.NotSure, result.Verdict);
        Assert.Equal(caution, result.Caution);
        Assert.Equal(FraudTypes.Other, result.Type);
        Assert.Equal(FraudTypes.Other, result.Likely);
    }

    // A screenshot or a pasted SMS shows the sender's number above the text. The model never learned such a line, and
    // read with the message it pulled the first of these from fake_customer_service to "not sure" (screenshots, BENCHMARKS.md).
    [Theory]
    [InlineData("1069 0288 1234\n【携程旅行】您预订的3月5日昆明至丽江K9665次列车因线路检修停运，请联系客服退票，退票可获全额退款及延误补偿，客服电话 0871-63158870。")]
    [InlineData("+86 138 0013 8000\n【社保中心】您的失业保险金待领取，共计3,600元，请在本月底前点击链接领取 http://syj-lq.cn")]
    [InlineData("95588\n【工商银行】您尾号6612的卡于12月3日消费128.00元，余额3,402.17元。")]
    public void A_senders_number_above_the_message_does_not_change_the_verdict(string text)
    {
        var body = text[(text.IndexOf('\n') + 1)..];
        Assert.Equal(body, FraudClassifier.WithoutSender(text));
        AssertJudgedAs(body, text);
    }

    /// <summary>The verdict, type and score of <paramref name="text"/> are those of <paramref name="message"/> alone.</summary>
    private static void AssertJudgedAs(string message, string text)
    {
        var whole = FraudClassifier.Default.Classify(text);
        var alone = FraudClassifier.Default.Classify(message);
        Assert.Equal((alone.Verdict, alone.Type, alone.Score), (whole.Verdict, whole.Type, whole.Score));
    }

    [Theory]
    [InlineData("明天见\n好的")] // words, not a number
    [InlineData("12\n点开会")] // too short to be a sender
    [InlineData("95588")] // nothing below it
    [InlineData("95588\n12345")] // nothing to read below it
    public void Only_a_number_line_above_words_is_a_sender(string text) => Assert.Null(FraudClassifier.WithoutSender(text));

    // Residents pass a message on with their own question about it. The question is theirs, not the message's.
    [Theory]
    [InlineData("帮我看看这个是不是骗子？\n【顺丰】您的快递丢失，请联系客服 0571-88886666 办理理赔", "【顺丰】您的快递丢失，请联系客服 0571-88886666 办理理赔")]
    [InlineData("这是诈骗吗？【顺丰】您的快递丢失，请联系客服办理理赔", "【顺丰】您的快递丢失，请联系客服办理理赔")]
    [InlineData("我收到这条短信：您的ETC已失效，请登录 etc-rz.cn 认证", "您的ETC已失效，请登录 etc-rz.cn 认证")]
    [InlineData("大家注意这条：\n【社保中心】您的社保卡需升级，请点击 sbk-sj.cn 办理", "【社保中心】您的社保卡需升级，请点击 sbk-sj.cn 办理")]
    [InlineData("您的医保卡已冻结，请点击 ybk-gov.top 解冻\n这是真的吗", "您的医保卡已冻结，请点击 ybk-gov.top 解冻")]
    [InlineData("Is this a scam?\nYour parcel is on hold, pay the fee at ups-fee.top", "Your parcel is on hold, pay the fee at ups-fee.top")]
    public void A_residents_question_about_a_message_is_not_judged_with_it(string text, string message)
    {
        Assert.Equal(message, FraudClassifier.WithoutQuestion(text));
        AssertJudgedAs(message, text);
    }

    [Theory]
    [InlineData("您好，我是您儿子的班主任，学校要收资料费，请转到以下账户")] // no question
    [InlineData("这是真的吗？太好了")] // too little besides the question
    [InlineData("奶奶，我是小明，我手机掉了，这是同学的号，你先转我两千，是真的，别告诉爸妈")] // 是真的 inside the message
    public void Messages_without_a_residents_question_stay_whole(string text) => Assert.Null(FraudClassifier.WithoutQuestion(text));

    [Theory]
    [InlineData("请拨打 <phone> 或登录 <url> 办理", "请拨打 [电话] 或登录 [链接] 办理")]
    [InlineData("加{phone}，详见[url]", "加[电话]，详见[链接]")]
    [InlineData("客服[手机号]", "客服[手机]")]
    [InlineData("户名[姓名]，卡号[银行卡号]，地址[地址]，金额<num>元", "户名某，卡号[卡号]，地址某地，金额[数字]元")]
    [InlineData("<person>您好，您在<location>的卡<credit_card>", "某您好，您在某地的卡[卡号]")]
    [InlineData("<b>普通文字</b>", "<b>普通文字</b>")]
    public void Placeholders_of_anonymised_collections_read_as_blanked_numbers_and_links(string lowered, string blanked) =>
        Assert.Equal(blanked, TextFold.Placeholders(lowered));

    // 帐 is also written for 账, and Taiwan's 帳 simplifies to 帐; both are read as 账, which the learned messages and the
    // keywords write ("账号已更改"). The index of every character stays.
    [Theory]
    [InlineData("原帐号已更改,请汇到新帐户", "原账号已更改,请汇到新账户")]
    [InlineData("您的帳戶異常", "您的账户异常")]
    [InlineData("账号", "账号")]
    public void Zhang_for_an_account_is_read_one_way(string text, string folded) =>
        Assert.Equal(folded, TextFold.Fold(text, lower: true));

    // Bulk loan SMS write a look-alike or sound-alike for the words filters look for: 代/歀, 信拥佧, 姿金, 借代, 苹安等宝险.
    // They are read as the words meant, character for character, so the model and the rules see "贷款" and "信用卡"; the
    // same characters in ordinary words stay (相信拥有, 安徽信用社, 代表).
    [Theory]
    [InlineData("深圳銀H代歀，立息低至x厘", "深圳银h贷款,立息低至x厘")]
    [InlineData("现办理xx-xxx万的信拥佧", "现办理xx-xxx万的信用卡")]
    [InlineData("今起姿金服务全面开启", "今起资金服务全面开启")]
    [InlineData("联系您做借代的销售主任", "联系您做借贷的销售主任")]
    [InlineData("有买人寿、苹安等宝险就可以", "有买人寿、平安等保险就可以")]
    [InlineData("信俑咔，加薇信", "信用卡,加微信")]
    [InlineData("我相信拥有梦想", "我相信拥有梦想")]
    [InlineData("安徽信用社代表", "安徽信用社代表")]
    [InlineData("咔嚓一声", "卡嚓一声")]
    public void Disguised_loan_words_are_read_as_meant(string text, string folded)
    {
        Assert.Equal(folded, TextFold.Fold(text, lower: true));
        Assert.Equal(text.Length, TextFold.Fold(text, lower: true).Length);
    }

    // Scam texts put characters that show nothing inside words (zero-width spaces and joiners, direction marks, soft
    // hyphens) so that filters miss "贷款" and "点击链接"; before the twenty-eighth session such a courier scam was called
    // ordinary (0.92) and lost its link. Read without them, every answer is that of the plain text.
    [Theory]
    [InlineData("\u200B")]
    [InlineData("\u200D")]
    [InlineData("\u00AD")]
    [InlineData("\u2060")]
    [InlineData("\uFEFF")]
    public void Characters_that_show_nothing_change_no_answer(string invisible)
    {
        const string plain = "您好，您的快递因地址不详无法派送，请点击链接 http://sf-kd.top 重新填写地址，或致电13800138000，逾期退回。";
        var hidden = string.Join(invisible, plain.EnumerateRunes());
        var (expected, actual) = (Detector.Analyze(plain), Detector.Analyze(hidden));
        Assert.Equal("fake_customer_service", expected.Classification.Type);
        Assert.Equal(expected.Classification.Type, actual.Classification.Type);
        Assert.Equal(expected.Classification.Verdict, actual.Classification.Verdict);
        Assert.Equal(expected.Indicators, actual.Indicators); // the link and the phone are found, written without them
        Assert.Equal(plain, Detector.Readable(hidden));
    }

    [Theory]
    [InlineData("明天下午三点开会")]
    [InlineData("生日快乐🎂 3🌹 送你 5 朵花 ❤")] // emoji, but none between two digits
    [InlineData("缴费截⽌11⽉10⽇")] // Kangxi radicals between digits are characters, not emoji
    public void Text_without_invisible_characters_or_symbols_in_a_number_is_the_same_string(string text) =>
        Assert.Same(text, Detector.Readable(text));

    // Kangxi radicals (as PDF copies write "⾦融" and "⽤户"), compatibility ideographs and circled letters stand for plain
    // characters; the fold reads them so, char for char.
    [Theory]
    [InlineData("⾦融⽤户", "金融用户")]
    [InlineData("加Ⓥ信", "加v信")]
    [InlineData("\uF902主", "车主")] // a compatibility 車, then traditional to simplified
    [InlineData("㊙密", "秘密")]
    [InlineData("①点击链接②输入", "①点击链接②输入")] // one alone numbers a list
    [InlineData("二零二六年一月三五个人", "二零二六年一月三五个人")] // a year and a count, not a number read out
    public void Look_alike_characters_are_read_as_the_ones_they_stand_for(string text, string folded)
    {
        Assert.Equal(folded, TextFold.Fold(text, lower: true));
        Assert.Equal(text.Length, TextFold.Fold(text, lower: false).Length);
    }

    [Fact]
    public void Indicators_are_found_in_look_alike_characters()
    {
        // As a bank notice copied from a PDF writes 人民币, and a link in circled letters.
        var found = IndicatorExtractor.Extract("您尾号8826账户完成代付交易⼈民币1,800.00，详见 ⓦⓦⓦ.abc-bank.top");
        Assert.Contains(found, i => i.Kind == IndicatorKind.Amount && i.Value == "1800");
        Assert.Contains(found, i => i.Kind == IndicatorKind.Url);
    }

    // A number written in circled digits or read out in Chinese numerals (to slip past filters, or as a call transcript
    // writes it) is a number, for the indicators too.
    [Theory]
    [InlineData("客服电话①③⑧⓪⓪①③⑧⓪⓪⓪，加我")]
    [InlineData("客服电话❶❸❽⓿⓿❶❸❽⓿⓿⓿，加我")]
    [InlineData("客服电话➊➌➑00➊➌➑000，加我")]
    [InlineData("客服电话一三八零零一三八零零零，加我")] // read out, as a call transcript writes it
    [InlineData("客服电话幺三八〇〇幺三八〇〇〇，加我")]
    [InlineData("客服电话壹叁捌零零壹叁捌零零零，加我")]
    [InlineData("客服电话138🌹0013🌹8000，加我")] // an emoji inside the number
    [InlineData("客服电话1️⃣3️⃣8️⃣0️⃣0️⃣1️⃣3️⃣8️⃣0️⃣0️⃣0️⃣，加我")] // keycap digits
    public void A_phone_number_in_circled_digits_or_chinese_numerals_is_found(string text)
    {
        Assert.Equal("客服电话13800138000,加我", TextFold.Fold(TextFold.Readable(text), lower: false));
        Assert.Contains(IndicatorExtractor.Extract(text), i => i.Kind == IndicatorKind.Phone && i.Value == "+8613800138000");
    }

    // Text stored word by word, as word segmenters (and data sets that keep their output) write it, or spaced out one
    // character at a time to dodge filters, reads as it was written.
    [Theory]
    [InlineData("大哥 你好 ， 我 是 你们 村 外出 务工 人员 党支部 的 联络人 。", "大哥你好，我是你们村外出务工人员党支部的联络人。")]
    [InlineData("您好 ， 我 是 302 的 房东 。\n 您 直接 转 我 就行", "您好，我是 302 的房东。\n您直接转我就行")] // spaces beside digits stay
    [InlineData("加 微 信 ： d k 6 6 8 8 ， 电 话 1 3 8 0 0 1 3 8 0 0 0", "加微信：dk6688，电话13800138000")]
    [InlineData("c a l l   m e   n o w   p l e a s e", "call me now please")] // a longer run was a space of the text
    public void A_word_segmented_or_spaced_out_text_reads_as_written(string stored, string written) =>
        Assert.Equal(written, Detector.Readable(stored));

    [Theory]
    [InlineData("好的 明天见 路上 小心")]
    [InlineData("好的 收到 谢谢 再见 明天见")] // phrases, no word a segmenter leaves alone
    [InlineData("在吗 在 吃了吗 吃了 你呢 还没")]
    [InlineData("房产抵押 车辆抵押 信用贷款 保单贷款 公积金贷款 放款快 欢迎来电")] // bulk-advert phrases, not words
    [InlineData("建行 6222 0212 3456 7890 户名 李红")]
    [InlineData("I will call you at 5 pm, see you at the gate")]
    public void Ordinary_spacing_stays(string text) => Assert.Same(text, Detector.Readable(text));

    // Read once, a text reads the same again: Analyze reads it, then the indicators and the classifier read that.
    [Theory]
    [InlineData("加  微  信  1  3  8  0  0  1  3  8  0  0  0")] // two spaces between characters
    [InlineData("今天 买 了 双色球 ， 号码 是 3 8 1 5 2 9 0 7")]
    [InlineData("您 好  这 里 是  平 台 客 服  您 的 资 金 已 冻 结")]
    [InlineData("大哥 你好 ， 我 是 你们 村 外出 务工 人员 党支部 的 联络人 。")]
    [InlineData("贷 款 热 线 ： 13800138000 2 4 小 时 服 务")]
    [InlineData("详询 NAME 经理 CELLPHONE 退订 回 T ， 户名 NAME 卡号 BANK")] // placeholders in a segmented text
    public void A_text_read_once_reads_the_same_again(string text)
    {
        var once = Detector.Readable(text);
        Assert.Equal(once, Detector.Readable(once));
        Assert.Equal(IndicatorExtractor.Extract(text), IndicatorExtractor.Extract(once));
    }

    // A number or link written whole inside a spaced-out text stays apart from the spaced digits beside it; full-width
    // digits are no Chinese characters to join across.
    [Theory]
    [InlineData("贷 款 热 线 ： 13800138000 2 4 小 时 服 务", "+8613800138000")]
    [InlineData("请 联 系 我 们 的 客 服 人 员 13800138000 13900139000 谢 谢", "+8613800138000", "+8613900139000")]
    [InlineData("手机 １３８００１３８０００ １３９００１３９０００ 联系 我 们 的 客服 人员 就 行", "+8613800138000", "+8613900139000")]
    public void Numbers_written_whole_in_a_spaced_text_are_found(string text, params string[] phones) =>
        Assert.Equal(phones, IndicatorExtractor.Extract(text).Where(i => i.Kind == IndicatorKind.Phone).Select(i => i.Value));

    [Fact]
    public void A_link_written_whole_in_a_spaced_out_text_is_found()
    {
        var found = IndicatorExtractor.Extract("网 址 dk66.top 2 4 小 时 在 线 请 访 问");
        Assert.Contains(found, i => i.Kind == IndicatorKind.Url && i.Value == "dk66.top");
    }

    [Fact]
    public void A_word_segmented_scam_gets_the_answer_of_the_plain_text()
    {
        // A team-written row of blind17; segmented, it was judged apart from the plain text until the twenty-ninth
        // session.
        const string plain =
            "大哥你好，我是你们村外出务工人员党支部的联络人，这个月组织大家集体缴养老保险，有政府补贴，个人只交一半，一年两千四，你转给我，我统一去社保局办。";
        const string segmented =
            "大哥 你好 ， 我 是 你们 村 外出 务工 人员 党支部 的 联络人 ， 这个 月 组织 大家 集体 缴 养老 保险 ， " +
            "有 政府 补贴 ， 个人 只 交 一半 ， 一年 两千四 ， 你 转给 我 ， 我 统一 去 社保局 办 。";
        var (expected, actual) = (FraudClassifier.Default.Classify(plain), FraudClassifier.Default.Classify(segmented));
        Assert.Equal("impersonate_acquaintance", expected.Type);
        Assert.Equal(expected.Type, actual.Type);
        Assert.Equal(expected.Confidence, actual.Confidence, 9);
    }

    // Anonymised collections write capital placeholder words where a number, a link, an account or a name was (FBS:
    // "当天放款CELLPHONE", "点击URL", glued "CELLPHONEWECHAT"); where a word no one writes in Chinese text shows the
    // anonymiser's hand, they are read as the blanks the model reads.
    [Theory]
    [InlineData("无抵押信用借款当天放款CELLPHONE", "无抵押信用借款当天放款[手机]")]
    [InlineData("详询NAME经理CELLPHONEWECHAT", "详询某经理[手机]WECHAT")]
    [InlineData("交给我们处理NAME   CELLPHONE退订回t", "交给我们处理某   [手机]退订回t")]
    [InlineData("最高DIGIT万详情点击URL dk0thngap回td退订", "最高[数字]万详情点击[链接] dk0thngap回td退订")]
    [InlineData("请致电PHONE转HOTLINE，户名NAME，卡号BANK", "请致电[电话]转[电话]，户名某，卡号[卡号]")]
    [InlineData("PLACE平安尊敬的用户DIGIT", "某地平安尊敬的用户[数字]")]
    [InlineData("尊敬的PERSON您好，您尾号CREDIT_CARD的卡在LOCATION消费", "尊敬的某您好，您尾号[卡号]的卡在某地消费")] // Presidio's words
    [InlineData("您的电子密码器将于次日失效请及时登陆我行网站URL进行升级", "您的电子密码器将于次日失效请及时登陆我行网站[链接]进行升级")] // after a verb to open it
    [InlineData("PLACE联通新年特惠点击领取，尊敬的NAME", "某地联通新年特惠点击领取，尊敬的某")] // two placeholder phrases apart
    [InlineData("联 系 人 N A M E 电 话 C E L L P H O N E 速 来", "联系人某电话[手机]速来")] // spelled out: one reading
    [InlineData("登录WWW.BANK.CN查询，热线HOTLINE", "登录WWW.BANK.CN查询，热线[电话]")] // inside a link: as written
    [InlineData("支付宝账号 CARD@163.com 转账 CELLPHONE", "支付宝账号 CARD@163.com 转账 [手机]")]
    [InlineData("点击 https://a.cn/LINK 领取 CELLPHONE", "点击 https://a.cn/LINK 领取 [手机]")]
    [InlineData("招商银行 CHINA MERCHANTS BANK CARD 已寄出 DIGIT", "招商银行 CHINA MERCHANTS BANK CARD 已寄出 [数字]")]
    [InlineData("CHINA\u3000MOBILE 热线 HOTLINE", "CHINA\u3000MOBILE 热线 [电话]")]
    [InlineData("我的 NAME is Tom，电话CELLPHONE", "我的 NAME is Tom，电话[手机]")]
    [InlineData("电话 PHONE-13812345678 或 CELLPHONE", "电话 PHONE-13812345678 或 [手机]")]
    public void Placeholder_words_read_as_the_blanks_they_stand_for(string stored, string read) =>
        Assert.Equal(read, Detector.Readable(stored));

    [Theory]
    [InlineData("中国银行 BANK OF CHINA 欢迎您")] // Latin words, not blanks
    [InlineData("联系我们 PHONE：0571-88886666")] // a label before the number
    [InlineData("客服 TEL 0571-88886666")]
    [InlineData("CALL THE PHONE NUMBER ON YOUR CARD NOW")] // no Chinese: capitals are shouting
    [InlineData("今天去BANK办事")] // common words alone: no anonymiser's hand
    [InlineData("请在 ACCOUNT 处填写用户名")]
    [InlineData("手机银行MOBILE BANK登录异常请重试")]
    [InlineData("这个网站的URL是多少？")]
    [InlineData("贷款 ABC NAME CELLPHONE")] // a run of capitals counts only as a whole
    public void Capitals_that_are_no_placeholders_stay(string text) => Assert.Same(text, Detector.Readable(text));

    [Theory]
    [InlineData("今天去BANK办事")]
    [InlineData("请在 ACCOUNT 处填写用户名")]
    [InlineData("请访问WEBSITE了解详情")]
    [InlineData("老板说AMOUNT要核对一下")]
    [InlineData("信用卡MOBILE版全新上线，随时随地办理")]
    public void Ordinary_text_with_capitals_is_no_fraud(string text) =>
        Assert.NotEqual(Verdict.Fraud, FraudClassifier.Default.Classify(text).Verdict);

    // A sentence of news about a case or a fund speaks to no one; the model named these for their words (thirtieth
    // session: impersonate_police 0.5–0.9, fake_investment 0.6–0.8, in the 800k set's "normal" texts).
    [Theory]
    [InlineData("万某国被衡阳县检察院批准逮捕")]
    [InlineData("夷陵法院公告发布失信被执行人“黑名单”")]
    [InlineData("王某因涉嫌强奸罪已被刑事拘留")]
    [InlineData("作为私募基金主要负责人之一")]
    [InlineData("即便收盘后股指期货IF1508翻红")]
    public void News_about_a_case_or_a_fund_is_no_scam(string text) =>
        Assert.NotEqual(Verdict.Fraud, FraudClassifier.Default.Classify(text).Verdict);

    [Theory]
    [InlineData("您好，这里是市公安局刑侦支队，您的身份证涉嫌一起洗钱案件，请立即配合调查", "impersonate_police")]
    [InlineData("刚才有个自称公安局的打电话，说我涉嫌洗钱，要把钱转到安全账户", "impersonate_police")] // a resident's retelling
    [InlineData("内部消息，某公司下周重组，原始股现在认购价格只有一块二，上市后至少翻十倍", "fake_investment")] // a promise, no "you"
    public void A_scam_that_speaks_to_someone_is_still_named(string text, string type) =>
        Assert.Equal(type, FraudClassifier.Default.Classify(text).Type);

    [Fact]
    public void An_anonymised_loan_advert_reads_as_its_plain_twin()
    {
        // Written here in the shape of FBS's anonymised loan adverts. Before the thirtieth session the placeholder was a
        // Latin word to the model (fake_loan 0.66 against the plain twin's 0.81).
        const string plain = "协办银行信用贷款先息后本年利率低公积金贷款按揭贷款均可办理13912345678";
        foreach (var anonymised in new[] { "协办银行信用贷款先息后本年利率低公积金贷款按揭贷款均可办理CELLPHONE",
                     "协办银行信用贷款先息后本年利率低公积金贷款按揭贷款均可办理<PHONE>" })
        {
            var (expected, actual) = (FraudClassifier.Default.Classify(plain), FraudClassifier.Default.Classify(anonymised));
            Assert.Equal("fake_loan", expected.Type);
            Assert.Equal(expected.Type, actual.Type);
            Assert.Equal(expected.Confidence, actual.Confidence, 2);
        }
    }

    [Fact]
    public void A_blanked_phone_reads_as_a_phone_number()
    {
        Assert.Equal(Featurizer.Extract("详询王经理13912345678"), Featurizer.Extract("详询王经理[手机]"));
        Assert.Equal(Featurizer.Extract("详询王经理13912345678"), Featurizer.Extract("详询王经理<PHONE>"));
        Assert.Equal(Featurizer.Extract("户名李红卡号6228480012345678910"), Featurizer.Extract("户名李红卡号[银行卡号]"));
    }

    [Fact]
    public void Indicators_are_found_in_a_spaced_out_text()
    {
        var found = IndicatorExtractor.Extract(
            "加 微 信 ： d k 6 6 8 8 ， 电 话 1 3 8 0 0 1 3 8 0 0 0 ， 网 址 w w w . d k - 6 6 . t o p");
        Assert.Contains(found, i => i.Kind == IndicatorKind.Phone && i.Value == "+8613800138000");
        Assert.Contains(found, i => i.Kind == IndicatorKind.Url && i.Value == "dk-66.top");
        Assert.Contains(found, i => i.Kind == IndicatorKind.PaymentAccount && i.Value == "wechat:dk6688");
    }

    [Fact]
    public void A_scam_written_in_kangxi_radicals_is_named_as_the_plain_one()
    {
        // Every character that has a Kangxi radical twin written as that radical (U+2F00–2FD5); before the twenty-eighth
        // session this message was "not sure".
        const string plain = "晓晓妈，明天交一下兴趣班的材料费哈，188，我先给她们把绘画材料买好了，你转我就行，我是美术韩老师";
        var radicals = new Dictionary<char, char>();
        for (var i = 0; i + 1 < CompatibilityForms.Pairs.Length; i += 2)
        {
            if (CompatibilityForms.Pairs[i] is >= '\u2F00' and <= '\u2FD5')
                radicals.TryAdd(CompatibilityForms.Pairs[i + 1], CompatibilityForms.Pairs[i]);
        }

        var written = new string(plain.Select(c => radicals.GetValueOrDefault(c, c)).ToArray());
        Assert.NotEqual(plain, written);
        Assert.Equal("impersonate_acquaintance", Detector.Analyze(plain).Classification.Type);
        Assert.Equal("impersonate_acquaintance", Detector.Analyze(written).Classification.Type);
    }

    [Fact]
    public void A_message_cut_into_lines_of_one_width_is_read_as_one()
    {
        const string message = "您的ETC卡已失效，请登录 etc-rz.cn 重新认证，逾期将无法通行高速公路";
        var cut = string.Join('\n', message.Chunk(12).Select(chars => new string(chars)));
        Assert.Equal(message, FraudClassifier.Unwrapped(cut));
        Assert.Contains(IndicatorExtractor.Extract(FraudClassifier.Unwrapped(cut)!), i => i.Kind == IndicatorKind.Url);
    }

    [Theory]
    [InlineData("客服：您好，请问有什么可以帮您\n用户：我想查一下话费\n客服：好的")] // turns of a call, not one cut line
    [InlineData("今天下午三点开家长会。\n请各位家长准时参加会\n议，谢谢")] // a line that ends a sentence
    [InlineData("两行而已的消息\n第二行")]
    public void Lines_of_other_widths_stay_lines(string text) => Assert.Null(FraudClassifier.Unwrapped(text));

    // Spam spells words out to get past filters and keyword lists: "贷·款", "加 微 信", an emoji in a word. The features and
    // the rules read them as written plainly; ordinary spaces, full stops, ranges and slashes stay.
    [Theory]
    [InlineData("无抵押贷·款，秒批", "无抵押贷款，秒批")]
    [InlineData("刷*单返利 加🔥微信", "刷单返利 加微信")]
    [InlineData("加 微 信 领 取 补 贴", "加微信领取补贴")]
    [InlineData("好的 明天见", "好的 明天见")] // words, not single characters, between the spaces
    [InlineData("您好.我是", "您好.我是")]
    [InlineData("短信/彩信 北京-上海", "短信/彩信 北京-上海")]
    [InlineData("加v❤信 1🌹3🌹8", "加v信 138")] // emoji inside a word or a number too
    [InlineData("信🌹v 1+1 c# a_b", "信v 1+1 c# a_b")] // but not ASCII punctuation
    public void Characters_spelled_apart_are_read_together(string folded, string squeezed) =>
        Assert.Equal(squeezed, TextFold.Squeeze(folded));

    [Fact]
    public void A_scam_spelled_apart_is_still_named()
    {
        const string plain = "您的网贷额度已审批通过，请添加客服微信缴纳解冻费后放款";
        var apart = string.Join(" ", plain.ToCharArray());
        var dotted = string.Join("·", plain.ToCharArray());
        Assert.Equal("fake_loan", FraudClassifier.Default.Classify(plain).Type);
        Assert.Equal("fake_loan", FraudClassifier.Default.Classify(apart).Type);
        Assert.Equal("fake_loan", FraudClassifier.Default.Classify(dotted).Type);
    }

    // Called ordinary at 0.92 before the disguised words were read as meant (苹安等宝险, 代/歀卡); a team-written probe
    // shaped on the 800k set's loan adverts, which may not be shipped.
    [Fact]
    public void A_loan_advert_in_disguised_words_is_named()
    {
        const string text = "元宵节快乐！全国有房、有苹安等宝险就可以当天给到xx-xxxW的白金代/歀卡，询xxxxxxxxxxx【杨经理】";
        Assert.Equal("fake_loan", FraudClassifier.Default.Classify(text).Type);
    }

    [Fact]
    public void A_new_number_in_a_longer_message_is_not_a_bare_notice()
    {
        const string text = "我换了新号，以后打这个。另外周六上午九点村里开会，记得带上户口本和身份证，中午在村委会食堂吃饭，别迟到";
        Assert.False(FraudClassifier.IsNewNumberNotice(text, IndicatorExtractor.Extract(text)));
    }

    // Genuine notices of money taken: the sum to the cent, the bank's or utility's own short number, money given not taken,
    // or no number to call. The scam's own shapes, with the sum in round yuan or in words and a number that is no
    // service line, digits or masked.
    [Theory]
    [InlineData("【建设银行】您尾号6013的信用卡11月03日在京东商城消费899.00元，如非本人交易请致电95533。", false)]
    [InlineData("【北京银行】您尾号2412的信用卡1月28日消费人民币71.40元。详询4006601169。", false)]
    [InlineData("【国家电网】您户号1234本月电费236元已从绑定账户扣款成功，如有疑问请拨打95598。", false)]
    [InlineData("【医保局】您本年度居民医保380元已由银行代扣成功，如有疑问请拨打12393。", false)]
    [InlineData("移动营业厅优惠：保持每月消费即可获赠100元话费，详询各营业厅 0577-8888 9999。", false)]
    [InlineData("妈，我在超市刷卡消费了300元，别担心，晚上回家跟你说。", false)]
    [InlineData("您的卡在沃尔玛消费5800元，将于本月结账日扣除，如有疑问请咨询 0755-6160 1784", true)]
    [InlineData("我行将于20:00之前从您账户中扣除1200元年费，请您核实！如有疑问，请咨询4008××××99", true)]
    [InlineData("您的會員到期，將在12點前自動劃扣5000元，如有疑問請聯繫客服 0769-2233 4455。", true)]
    [InlineData("中国银行通知：贵用户九月十六日透支九千柒百元，请致电 010-8562 ****", true)]
    [InlineData("您的车险已自动续保，保费4200元将于今晚从绑定卡扣除，如需退保请回拨 0571-8672 3390。", true)] // the sum, then the taking
    [InlineData("【建設銀行】您的卡片於今日消費壹萬貳仟元，非本人交易請速撥02-2718****查詢。", true)]
    [InlineData("【物业服务中心】您本月物业费320.50元已从账户扣除，如有疑问请联系 0577-8811 2233。", false)]
    // Renewals (thirty-fifth session): the scam's number is a mobile or a masked line; a real one sends the reader to its
    // app or its 95xxx line.
    [InlineData("网盘会员已自动续费298元/月 退订速回电173****5019", true)]
    [InlineData("【视频会员】您开通的超级会员将于今晚自动续订680元，非本人开通请来电 021-6689 3302 取消。", true)]
    [InlineData("【腾讯视频】您的VIP会员将于11月5日自动续费25元，如需取消请在APP“我的-会员中心”关闭自动续费。", false)]
    [InlineData("【中国移动】您的视频彩铃包将于下月自动续订10元/月，如有疑问请致电10086。", false)]
    [InlineData("续费了198元的会员，你回电话给我说一下怎么用", false)]
    [InlineData("贷款审批已通过，请先缴纳手续费500元，如有疑问请联系 0571-8672 3390。", false)] // a fee asked, not a renewal (手续费)
    public void A_sum_taken_with_a_number_to_call_that_is_no_service_line_is_a_call_back_notice(string text, bool callBack) =>
        Assert.Equal(callBack, FraudClassifier.IsCallBackNotice(text));

    // A courier's delivery problem with only a number to call is what a real courier sends; the model, which learned many
    // fake courier notices that go on to a link or a fee, named the first four fake_customer_service (0.83-0.98; written
    // by me, eighteenth session). Anything more asked keeps the model's verdict.
    [Theory]
    [InlineData("【菜鸟驿站】您的包裹因地址不详无法派送，请拨打快递员电话 138 0577 1234 联系改派。", true)]
    [InlineData("【菜鸟驿站】您的包裹因地址不详无法派送，请联系快递员 13805771234。", true)]
    [InlineData("【中通快递】您的快件因地址不详无法派送，请联系派件员 13805771234 确认地址。", true)]
    [InlineData("【圆通速递】您的包裹地址不全，快递员无法投递，请回电 137 5777 2233 补充地址。", true)]
    [InlineData("【圆通速递】您的包裹因地址不详无法派送，请点击 yto-dz.cn/c 更新收件地址，并支付2元重新派送费。", false)] // a link, a fee
    [InlineData("尊敬的***女士，您尾号****的快递因地址不详被退回，请联系客服 0577-8888 9999 重新派送并补缴运费。", false)] // a fee, "客服"
    [InlineData("【顺丰】您好，您的包裹因地址不详滞留驿站，请加理赔专员微信 sf-lp6620 处理，电话 138 0577 1234", false)] // a claim, WeChat
    [InlineData("您好这里是中国邮政 您有一份法院EMS专递因地址不详被退回 请按9查询 0577-8888 9999", false)] // a court
    [InlineData("【顺丰速运】您的快件在运输中丢失，无法派送，请致电 0755-2368 5710 处理。", false)] // a loss
    [InlineData("【菜鸟驿站】您的包裹因地址不详无法派送，请联系快递员。", false)] // no number to call
    public void A_delivery_problem_whose_only_ask_is_a_call_is_a_courier_call(string text, bool courierCall)
    {
        var indicators = IndicatorExtractor.Extract(text);
        Assert.Equal(courierCall, FraudClassifier.IsCourierCall(text, indicators));
        if (courierCall)
        {
            var result = FraudClassifier.Default.Classify(text);
            Assert.Equal((Verdict.NotSure, Caution.CourierCall, FraudTypes.Other), (result.Verdict, result.Caution, result.Type));
        }
    }

    // A sum to the cent already taken, with nothing asked, is a bill the reader forwards to ask about, not a scam: the
    // model named the first impersonate_police at 0.52 (team-written, lookalikes16; nineteenth session). A number to call,
    // a link, a round sum, a sum still to be taken or a threat keeps the model's verdict.
    [Theory]
    [InlineData("【ETC】尊敬的车主，您的车辆苏A***9在沪宁高速通行费33.60元已从记账卡扣除。", true)]
    [InlineData("【国家电网】您户号尾号0392本月电费86.45元已自动扣款成功，余额可在网上国网App查询。", true)]
    [InlineData("【工商银行】您尾号6672的卡12月3日支付宝快捷支付支出128.00元。", false)] // no "taken" said
    [InlineData("【ETC】您的车辆通行费33.60元已从记账卡扣除，如有疑问请致电 0755-8392 0147。", false)] // a number to call
    [InlineData("【ETC】您的车辆通行费33元已从记账卡扣除。", false)] // a round sum
    [InlineData("【ETC】您的ETC通行费33.60元扣款失败，记账卡已冻结，请点击 etc-gs.vip 更新。", false)] // a threat, a link
    [InlineData("【阳光保险】您的保单将于10月1日自动续保，保费128.00元将从原支付账户扣除。", false)] // still to be taken
    public void A_sum_to_the_cent_already_taken_with_nothing_asked_is_a_settled_debit(string text, bool settled)
    {
        Assert.Equal(settled, FraudClassifier.IsSettledDebit(text, IndicatorExtractor.Extract(text)));
        var result = FraudClassifier.Default.Classify(text);
        if (settled)
            Assert.NotEqual(Verdict.Fraud, result.Verdict);
    }

    // A prize claim needs all three: told they won, a prize worth a scam, a way to claim it; and no draw still to come.
    [Theory]
    [InlineData("【华润万家】恭喜您在周年庆抽奖活动中中奖：二等奖(电饭煲1台)，请于5月20日前凭小票和会员卡到服务台领取，不收取任何费用。")] // a rice cooker
    [InlineData("【中国移动】即日起充值100元以上即可参与抽奖，有机会赢取iPhone 15，详情 http://10086.cn")] // a draw to come
    [InlineData("【中国体育彩票】恭喜中奖！您购买的大乐透第24031期中得五等奖，奖金15元，已派奖至您的购彩账户。")]
    [InlineData("老王，听说你儿子单位年会抽中了一台笔记本电脑？真走运")] // nothing to claim
    [InlineData("【联通】参加流量节活动，每月20日抽取幸运用户送iPad mini，详情 http://u.10010.cn/a1")] // a draw to come
    [InlineData("只要您想中奖，刷流量就送，百万豪礼等你拿，iPhone赢取入口 http://u.10010.cn/b2")]
    public void A_shops_draw_a_lottery_win_or_a_colleagues_luck_is_no_prize_claim(string text)
    {
        Assert.False(FraudClassifier.IsPrizeClaim(text, IndicatorExtractor.Extract(text)));
        var result = FraudClassifier.Default.Classify(text);
        Assert.NotEqual(Verdict.Fraud, result.Verdict);
        Assert.Equal(Caution.None, result.Caution);
    }

    // Messages the model leans to calling one type of scam but is not sure of, named by the rule that fits: a loan agent's
    // offer from a mobile number (other 0.71, fake_loan 0.29; the card offer this test used before, "正规办理大额信用卡…
    // 详询139…", is named by the model itself since the twenty-second session), as licensed lenders advertise through their
    // 95xxx lines and apps; a private firm promising a yearly return of 10 % or more (other 0.58, fake_investment 0.41), as
    // licensed products may not promise a return.
    [Theory]
    [InlineData("房可贷车可贷无车无房信用贷上班贷营业执照贷要贷款找小何本市最专业贷款平台详询13987654321", "fake_loan", "rule:loan_from_mobile", 0.93)]
    [InlineData("新春献礼！本公司专业理财，保本保息，年利息13%-18%，欢迎到店咨询", "fake_investment", "rule:promised_yield", 0.82)]
    // A loan company's greeting or advert in its own voice, without a mobile (other 0.59, fake_loan 0.41; 0.80 / 0.20), or
    // with one but the loan only in the agents' words (先息后本, "xx-xxx万"; 0.56 / 0.43).
    [InlineData("新春快乐！新的一年祝您生意兴隆！恒信担保小王敬上！公司主做各类贷款、垫资，欢迎随时电话咨询！", "fake_loan", "rule:loan_agent", 0.75)]
    [InlineData("金诚易贷，当天下款，无任何手续费，地址：华夏广场xx楼", "fake_loan", "rule:loan_agent", 0.75)]
    [InlineData("降温了记得添衣！xx-xxx万可先息后本，最快当天拿钱！xxxxxxxxxxx【吴经理】", "fake_loan", "rule:loan_agent", 0.75)]
    // A payee's "new account" (other 0.61, impersonate_acquaintance 0.38) and a card's PIN asked for (other 0.66 and 0.61).
    [InlineData("各位同学,学校收取住宿费的账号已经更改,新的账号为*******,从本学期起请把住宿费存入这个账号.", "impersonate_acquaintance", "rule:new_account", 0.90)]
    [InlineData("我在外地乘车途中,电话卡没钱了,请代买话费卡100元,将密码发到我的手机", "impersonate_acquaintance", "rule:card_pin", 0.93)]
    [InlineData("妈：没打通你电话，这是我现在的手机号码，快停机了，帮我在街上买张手机充值卡为我手机充值好吗？我有事要忙", "impersonate_acquaintance", "rule:card_pin", 0.93)]
    // A sum to pay a third party for someone the reader obeys (team-written, acqhard27: other 0.62, acquaintance 0.29).
    [InlineData("刘总，样品费1200您先帮我垫给恒通，大单下周签。——小钟", "impersonate_acquaintance", "rule:pay_for_me", 0.95)]
    // Money to get through a link (other 0.56, fake_customer_service 0.38).
    [InlineData("您上月水费计算错误，可点击下方链接申请退款。", "fake_customer_service", "rule:money_link", 0.88)]
    // A government office's card to keep through a link (other 0.57, impersonate_police 0.41; 0.53 / 0.35). "你的健康码将于…"
    // with 你 instead of 您 is named by the model itself since the thirty-second session (other 0.47, police 0.44).
    [InlineData("【社会保障卡】全国社会保障卡已升级电子版本,请于9月5号前打开sb-12.cc在线办理", "impersonate_police", "rule:government_link", 0.85)]
    [InlineData("您的健康码将于24小时后变黄码,避免影响出行,请登录网址进行认证。", "impersonate_police", "rule:government_link", 0.85)]
    // A government office's threat the model calls ordinary, but only by a little (other 0.85, impersonate_police 0.09).
    [InlineData("您的健康码将在12小时后变黄码，为免出行受阻请登录网址认证。", "impersonate_police", "rule:government_threat", 0.91)]
    // Shares promised to rise, through a link or a group (other 0.68, fake_investment 0.26; 0.64 / 0.26). The same text
    // with 必涨以上 instead of 暴涨 is named by the model itself since 必涨 became a keyword (thirty-third session).
    [InlineData("本市科技周五买入周一暴涨本司会员已建仓完毕点击http://t.cn/A6x验证并关注每日操作", "fake_investment", "rule:stock_tip", 0.98)]
    [InlineData("近期飙股资讯,请点选连结加入群组", "fake_investment", "rule:stock_tip", 0.98)]
    public void A_message_the_model_leans_to_but_is_unsure_of_is_named_by_the_rule_that_fits(string text, string type, string rule, double confidence) =>
        AssertNamedByRule(text, FraudClassifier.IsLoanFromMobile(text) || FraudClassifier.IsLoanAgent(text) || FraudClassifier.IsPromisedYield(text)
            || FraudClassifier.IsNewAccountAsk(text) || FraudClassifier.IsCardPinAsk(text) || FraudClassifier.IsPayForMeAsk(text)
            || FraudClassifier.IsMoneyLink(text) || FraudClassifier.IsGovernmentLink(text) || FraudClassifier.IsGovernmentThreat(text) || FraudClassifier.IsStockTip(text),
            type, rule, confidence);

    // A government office's notice that sends the reader only to its own app, hall or official number: whoever sent it,
    // doing what it says cheats no one, so the model's impersonate_police (1.00 and 0.57 here) is held back as "not sure".
    [Theory]
    [InlineData("【XX公安交警】您驾驶的车辆违法停车已被记录，请于15日内通过交管12123App处理，逾期将按规定加处罚款。")]
    [InlineData("【XX税务】您有一笔车船税未缴纳，逾期将加收滞纳金，请通过电子税务局或到办税服务厅缴纳。咨询12366。")]
    public void A_notice_that_sends_the_reader_only_to_the_offices_own_channel_is_not_called_a_scam(string text)
    {
        Assert.True(FraudClassifier.IsOwnChannelNotice(text, IndicatorExtractor.Extract(text)));
        var result = FraudClassifier.Default.Classify(text);
        Assert.Equal((Verdict.NotSure, Caution.OwnChannel, FraudTypes.Other), (result.Verdict, result.Caution, result.Likely));
    }

    [Theory]
    [InlineData("【12368】您的案件已立案，因您未按时缴纳诉讼费，法院将强制执行，请速致电 021-6890 5537 处理。")] // another number
    [InlineData("国家税务总局XX市税务局：你的个税退税申请已审核通过，请加税务专员微信 tax12366_zhou 领取")] // a chat contact
    [InlineData("【交管12123】您有违章未处理，请点击 12123-wz.cn 处理，逾期将加倍罚款。")] // a link outside .gov.cn
    [InlineData("【12333】您的社保卡将被冻结，请将余额转入安全账户，详询12333。")] // a transfer
    public void A_notice_with_any_ask_outside_the_offices_own_channel_is_no_own_channel_notice(string text) =>
        Assert.False(FraudClassifier.IsOwnChannelNotice(text, IndicatorExtractor.Extract(text)));

    // A delivery notice whose link goes to a cheap host, which the model calls plainly ordinary (other 0.98): named by rule.
    [Fact]
    public void A_delivery_notice_linking_to_a_cheap_host_is_fake_customer_service_even_where_the_model_says_ordinary()
    {
        const string text = "您的快件已到驿站.请及时查收.http://kd-qj.top";
        Assert.True(FraudClassifier.IsCourierLink(text));
        var result = FraudClassifier.Default.Classify(text);
        Assert.Equal((Verdict.Fraud, "fake_customer_service"), (result.Verdict, result.Type));
        Assert.Contains("rule:courier_link", result.MatchedRules);
        AssertRulesConfidence(result, 0.98);
    }

    [Theory]
    [InlineData("包裹已派送.请点击查收 http://yt-kd.xyz/a8", true)]
    [InlineData("您的包裹已邮寄，请您查收 http://abc123.tumblr.com/", true)] // a free blog host
    [InlineData("【顺丰速运】您的快件已签收，查看详情 https://www.sf-express.com/waybill/123", false)] // the courier's own site
    [InlineData("【中通快递】您的包裹已到菜鸟驿站，取件码5-2-1024，详情 t.cn/A6xYz", false)] // a short link, not a cheap host
    [InlineData("椰果都是塑料做的？ https://kknews.cc/food/233ymz.html", false)] // no delivery
    [InlineData("警惕！“包裹派送失败请点击 sf-kd.top 更新地址”的短信是诈骗", false)] // a warning
    public void A_courier_link_needs_a_delivery_notice_and_a_link_to_a_cheap_or_free_host(string text, bool holds) =>
        Assert.Equal(holds, FraudClassifier.IsCourierLink(text));

    // A prize "to sign for" from a courier's name keeps the prize caution rather than being named by the courier-link rule.
    [Fact]
    public void A_prize_to_sign_for_through_a_cheap_link_keeps_the_prize_caution()
    {
        const string text = "【顺丰】您有一份中奖礼品待签收（笔记本电脑一台），需代缴税费268元，请点击 sf-lipin.top 支付后安排派送。";
        Assert.True(FraudClassifier.IsCourierLink(text));
        var result = FraudClassifier.Default.Classify(text);
        Assert.Equal((Verdict.NotSure, Caution.Prize), (result.Verdict, result.Caution));
    }

    [Theory]
    [InlineData("【社保告知】你的社保未报备，请本月底前至某网站报备，逾期将注销社保", true)]
    [InlineData("本院通知：您有一份违约资料传来本院，请于24小时内与本院联系解除，否则将起诉。", true)]
    [InlineData("【公积金中心】您的账户因信息不全将被冻结，请回电0571-8xxxx321核实。", true)]
    [InlineData("這裡是檢察院，您涉嫌洗錢，帳戶將被凍結，詳情請按9", true)] // traditional characters
    [InlineData("【XX区人民法院】您作为原告的案件已立案，可登录人民法院在线服务查看进展，咨询12368。", false)] // the court's own service
    [InlineData("【人社局】养老金资格认证将于月底到期，请通过掌上12333或到社区办理，逾期暂停发放。", false)] // the office's own app
    [InlineData("【深圳公积金】您的账户将于月底冻结，请登录 zjj.sz.gov.cn 核实", false)] // a government site
    [InlineData("【公安】提醒：冒充公检法说您涉嫌洗钱、要冻结账户的电话都是诈骗，请勿回电", false)] // a warning
    [InlineData("法院的判决书已经寄到家里了，你回来看看", false)] // no threat, nothing to do through a site or a call
    public void A_government_threat_needs_an_office_a_loss_or_case_and_an_ask_outside_its_own_channels(string text, bool threat) =>
        Assert.Equal(threat, FraudClassifier.IsGovernmentThreat(text));

    // The government-threat rule is asked where the model calls a message ordinary at less than 0.9, not above: this one it
    // calls ordinary at 0.98, and it stays so, though the rule's words hold.
    [Fact]
    public void A_government_threat_the_model_calls_plainly_ordinary_stays_ordinary()
    {
        const string text = "【社保提醒】你的社保未报备，请本月底前至某网站报备，逾期将注销社保。";
        Assert.True(FraudClassifier.IsGovernmentThreat(text));
        Assert.Equal(Verdict.Ordinary, FraudClassifier.Default.Classify(text).Verdict);
    }

    [Theory]
    [InlineData("明日涨停牛股免费送，加V信 gp8899 进群领取", true)]
    [InlineData("老師每日推薦飆股，點擊連結加入LINE群組", true)] // traditional characters
    [InlineData("【华泰证券】新股申购提醒：明日可申购某某股份，请登录涨乐财富通APP操作。投资有风险，入市需谨慎", false)] // a broker's notice
    [InlineData("爸你别信群里那些荐股的都是骗子有事先问我", false)] // a warning
    [InlineData("今天那只股票涨停了，晚上一起吃饭庆祝一下", false)] // no group, link or reply to join
    [InlineData("搜彩网论坛实力公开验证.内幕二肖三码请互相转告 必中三肖:龙马虎", false)] // a lottery tip, answered by the illegal-offer caution
    public void A_stock_tip_needs_a_promised_rise_or_free_tips_and_a_way_to_join(string text, bool holds) =>
        Assert.Equal(holds, FraudClassifier.IsStockTip(text));

    [Theory]
    [InlineData("您的医疗保险报销卡即将到期,八月一号前往www.yb6.cc补充核查,未补充将清除报销资格!", true)]
    [InlineData("【交管12123】您有一条违章记录异常，请点击 jg-12123.top 核查处理", true)]
    [InlineData("【深圳公积金】您的公积金账户信息需更新，请登录 zjj.sz.gov.cn 办理", false)] // a government site
    [InlineData("【南京人社】您的社会保障卡将于8月到期，请携带身份证到合作银行网点换卡，或通过江苏智慧人社APP申请", false)] // no link
    [InlineData("【公安】提醒：公安机关不会通过短信链接要求您核查身份，请勿点击", false)] // a warning
    public void A_government_link_needs_an_office_a_link_outside_gov_cn_and_a_card_or_status_at_stake(string text, bool holds) =>
        Assert.Equal(holds, FraudClassifier.IsGovernmentLink(text));

    [Theory]
    [InlineData("中国移动提醒您:您的积分3168分即将失效,请及时登录www.jfl0086cc.com安装掌上客户端提现316.8元", true)]
    [InlineData("尊敬的客户您的综合积分已达到兑换100元请及时登陆http://t.cn/A6x领取", true)]
    [InlineData("尊敬的車主您好!您的ETC認證已失效,為避免影響您的出行請務必點擊鏈接進行認證", true)] // traditional characters
    [InlineData("【中国移动】您的积分将于月底清零，可登录中国移动App兑换话费或礼品", false)] // the carrier's own app, no link
    [InlineData("您的退款已原路退回，预计1-3个工作日到账，详情请在订单页面查看", false)]
    [InlineData("【联通】积分商城上新啦，点击 http://u.10010.cn/jf 兑换精美礼品", false)] // gifts, not cash
    [InlineData("警惕！“积分兑换现金，点击链接领取”的短信都是诈骗", false)] // a warning
    public void Money_through_a_link_needs_a_link_to_open_and_cash_a_refund_or_a_lapsed_verification(string text, bool holds) =>
        Assert.Equal(holds, FraudClassifier.IsMoneyLink(text));

    [Theory]
    [InlineData("小何你好，我是房东，因为更换芯片卡，我的卡号换了，以后房租请打到这个卡号上", true)]
    [InlineData("家长您好，幼儿园收费账户已经变更，下学期保育费请存入新的账号", true)]
    [InlineData("王老板，我司原账户停用了，这月货款请转到新账户，账号稍后发你", true)]
    [InlineData("爸 钱别转到我那个旧卡上了 那个卡我销了 新卡号我周末回家写给你 不急", false)] // nothing to pay into the new one
    [InlineData("各位住户，本月房租请按合同照常转入原账户，如收到账户变更通知请先电话跟我本人确认", false)]
    [InlineData("警惕！自称房东说卡号换了、让把房租打到新卡上的短信多是诈骗", false)] // a warning
    public void A_new_account_ask_needs_the_account_changed_and_money_sent_to_it(string text, bool ask) =>
        Assert.Equal(ask, FraudClassifier.IsNewAccountAsk(text));

    [Theory]
    [InlineData("爷爷，我手机被偷了，你帮我买两张一百元的充值卡，把卡号和密码发到这个号码上", true)]
    [InlineData("在忙吗？帮我买几张京东E卡，卡密拍照发我，晚上还你", true)]
    [InlineData("我在國外,電話卡沒錢了,請代買儲值卡100元,將密碼傳送到我的手機", true)] // traditional characters
    [InlineData("生日快乐！送你一张京东E卡，卡密我发你微信了", false)] // a present, nothing to buy
    [InlineData("妈，我在营业厅给你交了一百块话费，你看看到账没有", false)]
    [InlineData("【中国移动】您已成功充值话费100元，当前余额126.50元", false)]
    public void A_card_pin_ask_needs_a_card_to_buy_and_its_pin_or_a_top_up_sent(string text, bool ask) =>
        Assert.Equal(ask, FraudClassifier.IsCardPinAsk(text));

    // Someone the reader obeys asks a sum be paid to a third party: an agent, a supplier, a "designated" firm, a payment
    // code. Not an official system, a receipt, the firm's account, a cost shared out, "don't pay me", a warning, or
    // someone else's payment told of.
    [Theory]
    [InlineData("刘总，样品费1200您先帮我垫给恒通，大单下周签。——小钟", true)]
    [InlineData("小刘，我是陈总，客户那边的定金今天要付，你先帮我转3万到供应商的账户，账号我等下发你。", true)]
    [InlineData("刘老板您好，我是超市的采购代表，需要您先从我们指定的供应商那里买一批包装盒，费用2800，请尽快。", true)]
    [InlineData("乡亲们，我是村里的网格员，今年的医保每人380元，请交给网格员小马，收款码见图，月底前交齐。", true)]
    [InlineData("阿May，我係陳總，唔方便講電話。你幫我轉8萬去呢個戶口俾供應商，今日要落訂。", true)] // traditional, Cantonese
    [InlineData("各位家长，校服费每套260元，请通过学校缴费系统缴纳，老师不收现金，也不会发个人收款码。", false)]
    [InlineData("班主任陈老师：校服费由学校统一在缴费平台收取，不要转给我个人哦。", false)]
    [InlineData("村里统一收的有线电视费，每户180，交给小卖部老板娘，她会记名字", false)]
    [InlineData("各位同学，聚会费用由全班分摊，每人150元，请转给班长，收款码发群里。", false)]
    [InlineData("小张，定金5万按流程走OA审批，审批完财务直接对公付给供应商。刘总", false)]
    [InlineData("注意：有人冒充李老师发收款码收资料费200元，请家长不要转账！", false)]
    public void A_pay_for_me_ask_needs_someone_obeyed_a_sum_and_a_third_party_to_pay(string text, bool ask) =>
        Assert.Equal(ask, FraudClassifier.IsPayForMeAsk(text));

    // A rule's answer carries the rule's measured confidence (39 of the loan rule's 41 answers on labelled sets were right),
    // not the model's own probability of the type (0.29 here, 0.05 for a bare account), which would read as "barely a
    // scam" beside a fraud verdict; the probability of any fraud is at least as high.
    private static void AssertRulesConfidence(Classification result, double confidence)
    {
        Assert.Equal(confidence, result.Confidence);
        Assert.True(result.Score >= result.Confidence, $"score {result.Score} < confidence {result.Confidence}");
    }

    [Theory]
    [InlineData("无抵押信用贷，房可贷车可贷，当天放款，详询 139 1234 5678 王经理", true)]
    [InlineData("信用卡垫还提现，加微信 dh8899", true)]
    [InlineData("你好：我是刚刚与你电话联系的信用贷款王经理。138****5678 请保留备用！", true)] // a mobile masked by whoever collected it
    [InlineData("无抵押信用借款，有资金需求联系我。xxxxxxxxxxx张", true)]
    [InlineData("开年好！低息代/歀当天到，征信花也能办，xxxxxxxxxxx【赵经理】", true)] // spelled to dodge filters
    [InlineData("你好，本人专办信 / 拥 / 咔，额度五到五十万，一周下卡，联系13912345678刘", true)]
    [InlineData("我是之前跟您电话联系过的信贷经理小孙，有资金需要随时找我，存下号码以备不时之需", true)] // the sender's own number
    [InlineData("【平安银行】无抵押信用贷最高50万，详询95511或平安口袋银行App", false)] // the bank's own line
    [InlineData("贷款、信用卡有问题请拨打 400-820-5588", false)]
    [InlineData("老张，借你的两千块下个月还你", false)] // no contact
    [InlineData("王先生，银行说您的收入证明和流水对不上，需要补一份单位证明，补齐后贷款就能审批，有问题打我15921234567", false)] // a loan in progress
    public void A_loan_from_a_mobile_needs_an_offer_a_personal_contact_and_no_lenders_line(string text, bool fromMobile) =>
        Assert.Equal(fromMobile, FraudClassifier.IsLoanFromMobile(text));

    [Theory]
    [InlineData("周转困难？手头紧？不用急，五至五十万当天到账，手续简单，详询电话：张经理", true)]
    [InlineData("资金周转不开？我公司专做转贷、垫资业务，月息低，随借随还，地址：人民路88号金融大厦6楼", true)]
    [InlineData("新年好！我是之前联系过您的刘经理，本人专业办理贷款和信用卡，有资金需要随时咨询我", true)]
    [InlineData("週轉困難？手頭緊？xx-xxx萬當天到賬，詳詢熱線", true)] // traditional characters
    [InlineData("【招商银行】尊敬的客户，我行闪电贷最高30万，随借随还，详询客户经理", false)] // the bank's own advert
    [InlineData("平安普惠，随借随还，额度最高20万，详询4008-000-000", false)] // the lender's own line
    [InlineData("老板，这个月资金周转有点紧，货款能不能下周再结？", false)] // no agent, no office
    [InlineData("警惕！自称贷款公司经理、说随借随还当天放款、先收手续费的都是诈骗", false)] // a warning
    [InlineData("王先生，您的贷款已审批通过，请明天来签合同，地址：建设路支行二楼", false)] // a loan in progress
    public void A_loan_agent_needs_a_loan_in_agents_words_and_an_agents_voice_and_no_banks_own(string text, bool agent) =>
        Assert.Equal(agent, FraudClassifier.IsLoanAgent(text));

    [Theory]
    [InlineData("鑫源财富理财顾问小周，半年期产品年化收益12%，欢迎来电", true)]
    [InlineData("理财平台新品上线，年收益xx%，每月付息", true)] // digits masked by whoever collected it
    [InlineData("专业理财，稳赚不赔，详询13912345678", true)]
    [InlineData("我们这个养老项目收益高，风险低，一万起投", true)] // a high return with no risk, in either order
    [InlineData("零风险高回报，欢迎加入", true)]
    [InlineData("收益高的产品风险也高，别乱买", false)]
    [InlineData("【建设银行】我行新发行理财产品，预期年化收益率3.8%，5万起购，理财有风险，投资需谨慎", false)]
    [InlineData("某某基金近一年收益率25%，过往业绩不代表未来表现，投资有风险", false)] // a fund's record, with its warning
    [InlineData("理财产品年化收益4.2%，期限一年", false)] // a single-digit return
    [InlineData("凡是承诺年化收益20%、保本保息的理财都是诈骗，请勿轻信", false)] // a warning
    public void A_promised_return_is_a_yearly_ten_percent_or_a_guarantee_without_a_licensed_products_words(string text, bool promised) =>
        Assert.Equal(promised, FraudClassifier.IsPromisedYield(text));

    // A bank account and a name and nothing else, sent out of the blue ("pay into this card"): the 800k Chinese SMS set's
    // spam has 104 of them, its normal texts 4 in 52,057; the model called most "looks ordinary". Named impersonate_acquaintance
    // by rule, with the rule's measured confidence.
    [Theory]
    [InlineData("农行卡6228480012345678910户名陈干兴")]
    [InlineData("邮政：xxxx xxxx xxxx xxxx xxx，户名：刘思刚")]
    [InlineData("请转账至6222021202012345678李友元，工行")]
    [InlineData("中国农业银行帐号：6228.4800.1234.5678.910 王波")]
    [InlineData("赵丽丽农行卡卡号 6228，4800，1234，5678，910")]
    [InlineData("建行户名（王建国）6217、0012、3456、7890、123。")] // 、 between the groups
    [InlineData("存这卡上 工商xxxx xxxx xxxx xxxx 王秀英")] // 工商 for the bank
    [InlineData("邮政：6210。9812。3456。7890。123 户名李春生")] // 。 between the groups
    [InlineData("建设银行卡号xxxx xxxx xxxx xxxx xxx 户名 李强")] // the model names fake_customer_service (0.53); the rule names it
    public void A_bare_bank_account_and_a_name_is_named_an_acquaintance_scam(string text) =>
        AssertNamedByRule(text, FraudClassifier.IsBareAccount(text), "impersonate_acquaintance", "rule:bare_account", 0.95);

    [Theory]
    [InlineData("我是老周，有空把钱打到这张卡上，中国邮政储蓄银行6210981234567890123户名周立新", true)] // the ask lets more words stand
    [InlineData("小何你好，我是房东，卡换了，以后房租水电请打到这个卡号上，农商银行6228481234567890123黄华荣", true)]
    [InlineData("各位家长好，本学期的书本费、校服费、保险费和午餐费合计一千二百元，请在本周五之前打到这个账户，学校财务室会统一开具收据，农行6228481234567890123某某小学", false)] // too much else to be bare
    public void A_bare_account_may_have_an_ask_to_pay_into_this_card_around_it(string text, bool bare) =>
        Assert.Equal(bare, FraudClassifier.IsBareAccount(text));

    private static void AssertNamedByRule(string text, bool ruleHolds, string type, string rule, double confidence)
    {
        Assert.True(ruleHolds);
        var result = FraudClassifier.Default.Classify(text);
        Assert.Equal((Verdict.Fraud, type), (result.Verdict, result.Type));
        Assert.Contains(rule, result.MatchedRules);
        AssertRulesConfidence(result, confidence);
    }

    [Theory]
    [InlineData("【工商银行】您尾号5678的卡12月3日支出100.00元，余额5,000.00元。")] // no whole account number
    [InlineData("本市身招行100   13912345678 99信用卡户付万")] // a phone number among figures, not an account
    [InlineData("贵公司的货款请汇入我司账户：开户行中国工商银行杭州分行，账号1202020209000123456，户名杭州某某贸易有限公司，请核对金额后付款，谢谢合作")]
    [InlineData("警惕！陌生短信发来“农行卡6228480012345678910户名陈干兴”叫你转账的都是诈骗")]
    public void A_bank_notice_an_invoice_or_a_warning_is_no_bare_account(string text) =>
        Assert.False(FraudClassifier.IsBareAccount(text));

    // The prize scam's second act: a "court" sues the reader over a show's draw or its contract. The model, which learned
    // no such message, called the 800k set's four "looks ordinary"; named impersonate_police by rule.
    [Theory]
    [InlineData("北京市人民法院通知《我是歌手栏目组》有份违约资料传来本院起诉您本人30分钟您没有联系解除合约您会赔偿高额违约金5万元")]
    [InlineData("《北京人民法I院》通知杨永坤：请您立即拨打01012345678和本院解除您和《奔跑吧兄弟》领奖合同，如您今日没解除合同。您将赔偿违约金十萬元")]
    [InlineData("【王芳】您好！您于3月5日与《快乐大本营》活动组签订一份领奖协议，请您致电010-61234567与法院协商解除")] // 领奖协议, 解除
    [InlineData("法院通知：张伟，您3月2日于《星光大道》签署一份中奖协议，本院调查您的姓名、证件号码、地址")] // 本院调查您
    public void A_court_suing_over_a_shows_prize_is_named_police_impersonation(string text) =>
        AssertNamedByRule(text, FraudClassifier.IsPrizeCourt(text), "impersonate_police", "rule:prize_court", 0.91);

    [Theory]
    [InlineData("【西湖区人民法院】王某某，您与李某某民间借贷纠纷一案已立案，依据《民事诉讼法》请登录浙江移动微法院查看诉讼材料")]
    [InlineData("我们厂拖欠的年终奖金，工友们说要去法院起诉，你去不去")]
    [InlineData("警惕：自称法院说您中奖违约要起诉的短信都是诈骗")]
    public void A_real_court_notice_a_dispute_or_a_warning_is_no_prize_court(string text) =>
        Assert.False(FraudClassifier.IsPrizeCourt(text));

    [Theory]
    [InlineData("老张，我想问问你上次办房贷找的那个银行经理电话是多少？我也想贷款装修，发我一下，我手机13812345678")]
    [InlineData("李经理，我是做建材的老陈，上次说的经营贷款材料已经准备好了，明天送到你们支行，我电话13967891234")]
    public void Talk_about_a_loan_with_a_mobile_number_stays_ordinary(string text) =>
        Assert.Equal(Verdict.Ordinary, FraudClassifier.Default.Classify(text).Verdict);

    // Illegal offers are named by words only their adverts use, or by pairs; the same words in a repairman's visit, a
    // jeweller's advert, the tax office's own invoicing service or a warning about such scams are not offers.
    [Theory]
    [InlineData("【海尔服务】您报修的洗衣机已安排师傅明天上午上门服务，师傅电话 13805771234，请保持电话畅通。")]
    [InlineData("【周大福】新春黄金彩金首饰满3000减300，详询门店。退订回T")]
    [InlineData("因系统升级，本周六税务系统暂停办理代开发票等业务，请纳税人提前安排。")]
    [InlineData("我们公司年会在会所办，有美女主持人，晚上七点开始，别迟到")]
    [InlineData("【反诈提醒】“首存100送100、天天返水”的网络赌博平台都是诈骗，输赢都由后台操控，请勿参与。")]
    [InlineData("Well I wasn't available as I was hobnobbing with them last night")] // "bbin" inside a word
    [InlineData("县法院明天公开审理一起涉嫌开设赌场罪的案件")] // court news: 赌场 with no betting lure
    [InlineData("【城东体育馆】游泳年卡充1000送200，活动到本月底，详询前台")] // a gym's top-up bonus
    [InlineData("老李棋牌室国庆充值500送100，欢迎老朋友来玩")] // a mahjong room's
    [InlineData("他在庭上承认用虚假证据骗取了保险赔偿")] // 虚假证据 is no 假证
    [InlineData("朋友问我在哪能办假证，我说那是违法的")] // talk about fake papers, no price or contact
    [InlineData("汉中特产留香山鸡，江西乐平特大丰收，城区娱乐场所全部检查完毕")] // 中特, 平特 and 娱乐场 inside other words
    [InlineData("香港赛马会向灾区捐款1000万元")] // the Jockey Club is no 马会挂牌
    [InlineData("楼下那家超市变牌子了，现在叫华联")]
    [InlineData("血糖分析仪品牌很多，医生推荐了两个")]
    [InlineData("诚聘公关经理一名，负责品牌宣传，电话13800001111")]
    [InlineData("办理各种证件请到县政务服务大厅，咨询电话12345")]
    [InlineData("报考各类资格考试，欢迎咨询，电话0577-88888888")]
    [InlineData("十二生肖里我属龙，你属什么")]
    [InlineData("我们在娱乐会所唱歌，美女同事都来了")] // a night out announces no "new girls"
    [InlineData("我们部门新来了一个美女同事，人挺好")] // new girls, but no venue
    public void Everyday_words_near_an_illegal_offer_are_no_offer(string text) =>
        Assert.False(FraudClassifier.IsIllegalOffer(text));

    [Theory]
    [InlineData("这事连我都不知道，你听谁说的？")]
    [InlineData("我听不出来他是哪里口音，反正不是本地人。")]
    public void Everyday_words_near_a_guessing_game_keep_their_verdict(string text) =>
        Assert.Equal(Caution.None, FraudClassifier.Default.Classify(text).Caution);

    [Theory]
    [InlineData("【顺丰速运】您的快件已到达城南驿站，取件码 3-2-1108，也可在顺丰速运App查看 https://www.sf-express.com")] // more to read than the link
    [InlineData("活动详情见 http://www.example.com")] // nothing asks the reader to look
    public void Other_messages_with_a_link_keep_their_verdict(string text)
    {
        var indicators = IndicatorExtractor.Extract(text);
        Assert.Contains(indicators, i => i.Kind == IndicatorKind.Url);
        Assert.False(FraudClassifier.IsLinkToLookAt(text, indicators));
    }

    // Calibrated probabilities of fake_loan, fake_customer_service, impersonate_police and other: which answer they give
    // with the shipped settings. A scam likelier than not, most of it on one type, names that type even when the type
    // alone is under 0.5 (it was "not sure" before the fifteenth session); split between types, or likelier ordinary,
    // it stays "not sure" unless "other" reaches 0.8 (0.7 before the eighteenth session).
    [Theory]
    [InlineData(0.60, 0.10, 0.00, 0.30, "fake_loan")]
    [InlineData(0.40, 0.15, 0.00, 0.45, "fake_loan")]
    [InlineData(0.30, 0.10, 0.10, 0.50, "fake_loan")]
    [InlineData(0.24, 0.24, 0.00, 0.52, "not sure")] // likelier ordinary, but not sure enough
    [InlineData(0.25, 0.20, 0.15, 0.40, "not sure")] // a scam, but which: no type holds half of it
    [InlineData(0.20, 0.05, 0.00, 0.75, "not sure")] // "other" until the eighteenth session
    [InlineData(0.10, 0.05, 0.00, 0.85, "other")]
    public void A_type_is_named_when_a_scam_is_likelier_than_not_and_mostly_of_that_type(double loan, double service, double police, double other, string expected)
    {
        var classes = FraudClassifier.Classes.ToList();
        var p = new double[classes.Count];
        p[classes.IndexOf("fake_loan")] = loan;
        p[classes.IndexOf("fake_customer_service")] = service;
        p[classes.IndexOf("impersonate_police")] = police;
        p[classes.IndexOf(FraudTypes.Other)] = other;

        var answer = FraudClassifier.Decide(p, RuleBook.LoadEmbedded().Model);

        Assert.Equal(expected, answer < 0 ? "not sure" : classes[answer]);
    }

    [Fact]
    public void Fraud_verdict_carries_a_calibrated_confidence_above_the_threshold()
    {
        var result = FraudClassifier.Default.Classify("我是公安局民警，你涉嫌洗钱，请把钱转到安全账户配合调查");
        Assert.Equal(Verdict.Fraud, result.Verdict);
        Assert.Equal(result.Type, result.Likely);
        Assert.InRange(result.Confidence, FraudClassifier.Default.Threshold, 1.0);
    }

    [Fact]
    public void A_whole_investment_call_transcript_is_fake_investment()
    {
        var turns = new List<string>
        {
            "客服：您好，我是鼎盛财富的客户经理小王，打扰您两分钟，我们公司现在有一款稳健型理财产品。",
            "用户：什么产品？",
            "客服：是我们和券商合作的私募项目，年化收益在20%左右，风险很低，本金是有保障的。",
            "用户：我平时就存银行，没买过这些。",
        };
        for (var i = 0; i < 10; i++)
        {
            turns.Add("客服：很多客户一开始也是这样，我们有专业的分析师老师每天在群里讲课，您跟着操作就可以。");
            turns.Add("用户：嗯，我听听。");
        }

        turns.Add("客服：您先下载我们的APP注册一下，起投五万，今天入金还有额外的奖励，名额不多，转到我们的对公账户就可以。");
        var result = FraudClassifier.Default.Classify(string.Join('\n', turns));
        Assert.Equal(Verdict.Fraud, result.Verdict);
        Assert.Equal("fake_investment", result.Type);
    }

    // A forward of any length is judged by its first 20,000 characters, windows included: a 200,000-character paste
    // (10× that) gets the same answer as its first 20,000 characters.
    [Fact]
    public void A_very_long_paste_is_judged_by_its_first_20000_characters()
    {
        var head = string.Concat(Enumerable.Repeat("今天天气不错，我们下午去公园散步，晚上回家吃饭。", 1_000))[..20_000];
        var paste = head + string.Concat(Enumerable.Repeat("我是公安局民警，你涉嫌洗钱，请把钱转到安全账户。", 9_000));
        Assert.True(paste.Length > 200_000);
        Assert.Equal(FraudClassifier.Default.Classify(head).Verdict, FraudClassifier.Default.Classify(paste).Verdict);
        Assert.Equal(Verdict.Ordinary, FraudClassifier.Default.Classify(paste).Verdict);
    }

    // The pitch is a fifth of a long call; the rest is ordinary talk about a meal booking and a parcel. Judged as a
    // whole the talk outweighs the pitch (ordinary, before the windows of the eleventh session); the most fraud-like
    // 300-character window decides. The same talk without the pitch stays ordinary.
    [Fact]
    public void A_pitch_inside_a_long_call_is_found_and_the_talk_alone_stays_ordinary()
    {
        string[] talk =
        [
            "A：喂，您好，是王记饭店吗？我想订个包间，周六晚上六点，大概十个人。",
            "B：您好，周六晚上包间还有，请问您贵姓？",
            "A：姓李，木子李。菜我们到了再点，有没有适合老人的清淡一点的菜？",
            "B：有的，清蒸鱼、山药炖排骨、时令青菜都可以，老人家都爱吃，到时候服务员给您推荐。",
            "A：好的，那就这样，要不要交定金？",
            "B：不用交定金，您到了报姓李就行，包间给您留到六点半。",
            "A：对了，我上周在你们这儿落了一把黑伞，不知道还在不在。",
            "B：在的在的，前台收着呢，您周六来的时候顺便拿走就行。",
            "A：太好了。还有，我家快递说放在你们门口了，是个小箱子，顺丰的。",
            "B：我看一下，有一个顺丰的小箱子，收件人姓李，我们先帮您收着。",
            "A：麻烦你们了，周六一起拿。",
            "B：不客气，周六见，路上注意安全。",
        ];
        string[] pitch =
        [
            "A：对了小李，我现在在鼎盛财富做客户经理，我们有个私募项目，年化收益百分之二十，本金有保障，风险很低。",
            "B：真的假的？我平时就存银行。",
            "A：老师每天在群里带单，您跟着操作就行，先下载我们的APP，起投五万，今天入金还有额外奖励，转到对公账户就可以。",
        ];
        var call = string.Join('\n', talk.Concat(pitch).Concat(talk));
        var result = FraudClassifier.Default.Classify(call);
        Assert.Equal(Verdict.Fraud, result.Verdict);
        Assert.Equal("fake_investment", result.Type);

        var ordinary = FraudClassifier.Default.Classify(string.Join('\n', talk.Concat(talk)));
        Assert.Equal(Verdict.Ordinary, ordinary.Verdict);
    }

    [Fact]
    public void English_keywords_need_a_word_start()
    {
        var result = FraudClassifier.Default.Classify("The gamestop on Sloane street");
        Assert.DoesNotContain(result.MatchedRules, r => r.EndsWith(":loan", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("你好，这是一条中文消息", "zh-CN")]
    [InlineData("Hello, this is an English message", "en")]
    [InlineData("加我 WeChat 吧", "zh-CN")]
    [InlineData("13812345678", "zh-CN")]
    public void Language_is_detected_by_script(string text, string lang) =>
        Assert.Equal(lang, Languages.Detect(text));

    [Fact]
    public void Analyze_returns_indicators_classification_and_language()
    {
        var result = Detector.Analyze("刷单返利，先垫付本金，佣金日结，加QQ：12345678");
        Assert.Equal("zh-CN", result.Language);
        Assert.Equal("task_rebate", result.Classification.Type);
        Assert.Contains(result.Indicators, i => i.Value == "qq:12345678");
    }

    [Fact]
    public void Analyze_gives_the_same_answers_from_many_threads()
    {
        var texts = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Detection", "Data", "labelled.jsonl")).ToArray();
        var sequential = texts.Select(t => Describe(Detector.Analyze(t))).ToArray();
        var parallel = new string[texts.Length];
        Parallel.For(0, texts.Length * 4, i => parallel[i % texts.Length] = Describe(Detector.Analyze(texts[i % texts.Length])));
        Assert.Equal(sequential, parallel);

        static string Describe(DetectionResult r) =>
            $"{r.Language}|{r.Classification.Type}|{r.Classification.Score}|{string.Join(",", r.Indicators.Select(i => i.KindCode + ":" + i.Value))}";
    }
}
