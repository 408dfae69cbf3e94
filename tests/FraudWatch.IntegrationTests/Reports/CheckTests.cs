using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FraudWatch.Telegram;

namespace FraudWatch.IntegrationTests.Reports;

public sealed class CheckTests : ReportsTestBase
{
    [Fact]
    public async Task Reputation_and_check_give_report_figures_per_indicator()
    {
        await InGroup(VillageChat, 3001, "/report " + Scam);
        await InGroup(VillageChat, 3002, "/report 0577 8888 9999 冒充公安");
        await Private(3001, "/report +86 577 8888 9999 又打来了");

        var reputation = await host.Client("assistant").GetFromJsonAsync<JsonElement>("/api/v1/reputation/" + Uri.EscapeDataString("0577-8888 9999"));
        Assert.Equal(3, reputation.GetProperty("reports").GetInt32());
        Assert.Equal(2, reputation.GetProperty("reporters").GetInt32());
        Assert.Equal(["渎浦村"], reputation.GetProperty("villages").EnumerateArray().Select(v => v.GetString()));
        Assert.Contains("impersonate_police", reputation.GetProperty("types").EnumerateArray().Select(v => v.GetString()));
        Assert.NotEqual(JsonValueKind.Null, reputation.GetProperty("firstSeen").ValueKind);

        var check = await host.Client("assistant").PostAsJsonAsync("/api/v1/check", new { text = "民警说我涉嫌洗钱，让我打 0577-8888-9999 转到安全账户" });
        var result = await check.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("impersonate_police", result.GetProperty("type").GetString());
        Assert.Equal("fraud", result.GetProperty("verdict").GetString());
        Assert.InRange(result.GetProperty("confidence").GetDouble(), 0.5, 1.0);
        Assert.Equal(JsonValueKind.Null, result.GetProperty("caution").ValueKind);
        Assert.False(string.IsNullOrEmpty(result.GetProperty("advice").GetString()));
        var first = result.GetProperty("reputation")[0];
        Assert.Equal(("+8657788889999", 3), (first.GetProperty("value").GetString(), first.GetProperty("reports").GetInt32()));

        var url = await host.Client("assistant").GetFromJsonAsync<JsonElement>("/api/v1/reputation/" + Uri.EscapeDataString("https://never-reported.top/a"));
        Assert.Equal(0, url.GetProperty("reports").GetInt32());
        var bad = await host.Client("assistant").GetAsync("/api/v1/reputation/hello");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.Client("resident").GetAsync("/api/v1/reputation/95588")).StatusCode);
    }

    [Fact]
    public async Task Check_command_answers_with_figures_and_verdict()
    {
        await InGroup(VillageChat, 3001, "/report " + Scam);
        await InGroup(VillageChat, 3002, "/report 0577 8888 9999 冒充公安");
        await Private(Officer, "/alert 0577-8888 9999 group:-999");

        await Private(3003, "/check 0577 8888 9999");

        var answer = telegram.SentTo(3003).Last().Text;
        Assert.Contains("2 reports by 2 people", answer);
        Assert.Contains("an officer confirmed it as fraud", answer);
        Assert.DoesNotContain("3001", answer);

        await InGroup(VillageChat, 3003, "/check 您好，我是京东客服，您的会员要扣费，请加QQ 2876541230 办理退订");
        var message = telegram.SentTo(VillageChat).Last();
        Assert.NotNull(message.ReplyToMessageId);
        Assert.Contains("建议：", message.Text);
    }

    [Fact]
    public async Task Check_of_an_official_number_says_it_is_official_and_that_a_shown_number_can_be_faked()
    {
        // A resident got a call showing 110 (or a bank's 95588) and checks it. Before: "no number or link found".
        await InGroup(VillageChat, 3004, "/check 110");
        var answer = telegram.SentTo(VillageChat).Last().Text;
        Assert.Contains("是官方号码", answer);
        Assert.Contains("可以伪造", answer);
        Assert.DoesNotContain("未提取到号码或链接", answer);

        await Private(3005, "/check +86 95588");
        Assert.Contains("is an official number", telegram.SentTo(3005).Last().Text);

        // A message that holds an official number is still analysed as a message.
        await Private(3005, "/check 我是110的民警，你涉嫌洗钱，把钱转到安全账户");
        Assert.DoesNotContain("is an official number", telegram.SentTo(3005).Last().Text);

        // The number alone sent as a private message is answered the same way (before: "looks ordinary").
        await Private(3006, "95588");
        Assert.Contains("is an official number", telegram.SentTo(3006).Last().Text);
    }

    /// <summary><paramref name="count"/> distinct mobile numbers, one space apart: 13800138000 13800138001 …</summary>
    static string Mobiles(int count) =>
        string.Join(" ", Enumerable.Range(0, count).Select(i => string.Create(CultureInfo.InvariantCulture, $"1380013{8000 + i}")));

    // Telegram refuses a message over 4,096 characters, and the answer listed every number: 80 numbers made one of 4,406
    // and the resident got nothing (thirty-fifth session). Now the first ten are listed and the rest counted.
    [Fact]
    public async Task Check_of_a_message_with_many_numbers_is_answered_with_the_first_ten_and_a_count()
    {
        var numbers = Mobiles(80);
        await Private(3004, "/check " + numbers);

        var answer = Assert.Single(telegram.SentTo(3004));
        Assert.Contains("and 70 more", answer.Text);
        Assert.True(MessageFit.VisibleLength(answer.Text) <= MessageFit.MaxVisible);
        Assert.Equal(0, await host.ScalarAsync<long>("SELECT count(*) FROM bot_messages WHERE chat_id = 3004 AND status = 'failed'"));
    }

    // An answer that fits lists every number, as PRODUCT.md's /check says: only one that would not is cut to ten.
    [Fact]
    public async Task Check_of_a_message_with_a_dozen_numbers_lists_every_one()
    {
        var numbers = Mobiles(12);
        await Private(3006, "/check " + numbers);

        var answer = Assert.Single(telegram.SentTo(3006));
        Assert.Contains("138 0013 8011", answer.Text);
        Assert.DoesNotContain("more", answer.Text);
    }

    // The same for a report: stored with all 300 numbers, answered in the group with its number, posted to the duty group.
    [Fact]
    public async Task A_report_with_hundreds_of_numbers_is_answered_and_posted_to_the_duty_group()
    {
        var numbers = Mobiles(300);
        await InGroup(VillageChat, 3005, "/report 刷单 " + numbers);

        var id = await LastReportId();
        Assert.Equal(300, await host.ScalarAsync<long>("SELECT count(*) FROM report_indicators WHERE report_id = @id", new { id }));
        var answer = Assert.Single(telegram.SentTo(VillageChat), m => m.Text.Contains($"#{id}", StringComparison.Ordinal));
        Assert.Contains("还有 290 个", answer.Text);
        var post = DutyPost(id);
        Assert.Contains("还有 290 个", post.Text);
        Assert.Equal(0, await host.ScalarAsync<long>("SELECT count(*) FROM bot_messages WHERE status = 'failed'"));
    }

    [Theory]
    [InlineData("明天上午9点在村委会二楼开会，讨论修路的事，每户派一个代表参加", "ordinary", null)]
    [InlineData("尊敬的客户：您尾号3306的银行卡今日在大润发超市消费4860元，将于月底从您账户扣除，如有疑问请咨询 0577-6583 2091。", "not_sure", "call_back")]
    [InlineData("你这是贵人多忘事啊，上个月还一起喝过酒呢", "not_sure", "guess_who")]
    [InlineData("妈，我手机号换了，新号是 139 1234 5678，您存一下", "not_sure", "new_number")]
    [InlineData("恭喜你中了好声音特别大奖，奖品是苹果笔记本电脑一台，领奖地址 http://t.cn/Rp3Lm9", "not_sure", "prize")]
    [InlineData("本公司常年代开各行业正规发票，建筑、运输、餐饮均可，验票后付款，电话 13912345678 王会计", "not_sure", "illegal_offer")]
    public async Task Check_says_ordinary_or_not_sure_and_why(string text, string verdict, string? caution)
    {
        var response = await host.Client("assistant").PostAsJsonAsync("/api/v1/check", new { text });
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("other", result.GetProperty("type").GetString());
        Assert.Equal(verdict, result.GetProperty("verdict").GetString());
        Assert.Equal(caution, result.GetProperty("caution").GetString());
        Assert.InRange(result.GetProperty("confidence").GetDouble(), 0.0, 1.0);
    }

    // /check answered "Type: Other" with the "other" advice alike for a message that looks ordinary and for one the bot is
    // not sure about, and dropped the not-sure line on what to do (call the old number) that the same text gets in private.
    [Fact]
    public async Task Check_says_not_sure_with_what_to_do_and_looks_ordinary_in_words_of_their_own()
    {
        await InGroup(VillageChat, 3010, "/check 妈，我手机号换了，新号是 139 1234 5678，您存一下");
        var unsure = telegram.SentTo(VillageChat).Last().Text;
        await InGroup(VillageChat, 3010, "/check 明天上午9点在村委会二楼开会，讨论修路的事，每户派一个代表参加");
        var ordinary = telegram.SentTo(VillageChat).Last().Text;
        await Private(3011, "/check 妈，我手机号换了，新号是 139 1234 5678，您存一下"); // an English Telegram app
        var unsureEn = telegram.SentTo(3011).Last().Text;

        Assert.Contains("我不能确定", unsure);
        Assert.Contains("原来的号码", unsure);
        Assert.Contains("看起来是正常的", ordinary);
        Assert.Contains("not sure", unsureEn);
        Assert.Contains("old number", unsureEn);
        foreach (var answer in new[] { unsure, ordinary, unsureEn })
        {
            Assert.DoesNotContain("其他", answer);
            Assert.DoesNotContain("Other", answer);
            Assert.DoesNotContain("\n\n\n", answer);
        }
    }

    // Reports made only in private chats belong to no village, and the answers said "reported 2 times in 0 villages"
    // (这条信息已在 0 个村被举报 2 次).
    [Fact]
    public async Task A_message_reported_only_in_private_is_not_said_to_be_reported_in_0_villages()
    {
        const string text = "您好，您的快递丢失了，请联系理赔客服 0577-6222 3333 办理退款";
        await Private(3021, "/report " + text);
        await Private(3022, "/report " + text);
        var answer = telegram.SentTo(3022).Last().Text;
        await Private(3023, "/check " + text);
        var check = telegram.SentTo(3023).Last().Text;
        await InGroup(VillageChat, 3024, "/check " + text);
        var groupCheck = telegram.SentTo(VillageChat).Last().Text;

        Assert.Contains("reported 2 times", answer);
        Assert.Contains("reported 2 times", check);
        Assert.Contains("被举报 2 次", groupCheck);
        foreach (var said in new[] { answer, check, groupCheck })
        {
            Assert.DoesNotContain("0 villages", said);
            Assert.DoesNotContain("0 个村", said);
        }
    }

    [Fact]
    public async Task Check_takes_a_whole_call_transcript_and_finds_the_pitch_inside_it()
    {
        // A call of over 10,000 characters (the old limit) where a "manager" pitches a product once amid small talk.
        string[] talk =
        [
            "客户：喂，你好。", "经理：阿姨您好，最近身体怎么样？天冷了要多穿点。", "客户：还行，就是腿有点疼，今天下午去村卫生室拿了点药。",
            "经理：那您要注意休息，家里孙子上学了吧？", "客户：上了，在镇上读三年级，成绩还可以。", "经理：那挺好的。您家今年的橘子收成怎么样？",
            "客户：还行，就是价格不太好，一斤才一块多。",
        ];
        var chat = string.Join("\n", Enumerable.Repeat(talk, 70).SelectMany(t => t));
        const string pitch = "经理：阿姨，我跟您说个事，我们公司内部现在有一款养老理财产品，年化收益百分之十八，保本保息，没有任何风险，名额只剩最后三个了，"
            + "我是看您人好才先告诉您。您只要下载我们的APP，把钱转到我们指定的账户，每个月利息直接打到您卡上。客户：真的这么高啊？"
            + "经理：放心，我们是国家批准的，今天投五万，年底就能多拿九千，明天就截止了，您赶紧让儿子别知道，先转过来我帮您操作。";
        var call = chat[..(chat.Length / 2)] + "\n" + pitch + "\n" + chat[(chat.Length / 2)..];
        Assert.True(call.Length > 10_000);

        async Task<string?> TypeOf(string text)
        {
            var response = await host.Client("assistant").PostAsJsonAsync("/api/v1/check", new { text });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString();
        }

        Assert.Equal("fake_investment", await TypeOf(call));
        Assert.Equal("other", await TypeOf(chat));

        var tooLong = await host.Client("assistant").PostAsJsonAsync("/api/v1/check", new { text = new string('话', 100_001) });
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("1-100000 characters", await tooLong.Content.ReadAsStringAsync());
    }
}
