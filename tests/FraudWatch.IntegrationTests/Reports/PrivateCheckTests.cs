using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FraudWatch.IntegrationTests.Infrastructure;
using FraudWatch.IntegrationTests.Ocr;

namespace FraudWatch.IntegrationTests.Reports;

/// <summary>Residents in private: anything they send is checked and answered in their language, with buttons to report it.</summary>
public sealed partial class PrivateCheckTests : ReportsTestBase
{
    const long Resident = 3301;
    const long EnglishResident = 3302;

    protected override IReadOnlyDictionary<long, string> UserLanguages { get; } = new Dictionary<long, string> { [Resident] = "zh-hans" };

    const string Sms = "【顺丰速运】您的快递在运输中丢失，我司将为您办理理赔，请联系客服 0577-8888 9999 并按提示操作退款。";

    /// <summary>What residents must never see: internal type codes, scores, E.164 phones, an English sentence in a Chinese answer.</summary>
    static void AssertResidentChinese(string text)
    {
        Assert.Contains("0577 8888 9999", text);
        Assert.DoesNotContain("+86", text);
        Assert.DoesNotMatch(Codes(), text);
        Assert.DoesNotMatch(@"\b0\.\d", text);
        Assert.DoesNotMatch(@"[A-Za-z]{4,} [A-Za-z]{3,}", Regex.Replace(text, "<[^>]+>", ""));
    }

    [GeneratedRegex(@"\b(fake_[a-z_]+|impersonate_[a-z]+|task_rebate|romance|game_trade|not_fraud|other)\b")]
    private static partial Regex Codes();

    [Fact]
    public async Task A_forwarded_sms_is_answered_in_Chinese_with_the_number_in_national_format_and_two_buttons()
    {
        await host.HandledAsync(telegram.ForwardedText(Resident, Sms, "95338"));

        var answer = Assert.Single(telegram.SentTo(Resident));
        AssertResidentChinese(answer.Text);
        Assert.Contains("96110", answer.Text);
        Assert.Contains("举报", Regex.Unescape(answer.ReplyMarkupJson!));
        Assert.Contains("不是诈骗", Regex.Unescape(answer.ReplyMarkupJson!));
        Assert.Equal(0, await host.ScalarAsync<long>("SELECT count(*) FROM reports"));
    }

    [Fact]
    public async Task A_resident_whose_telegram_is_in_English_gets_the_answer_in_English_only()
    {
        await host.HandledAsync(telegram.ForwardedText(EnglishResident, Sms, "95338"));

        var answer = Assert.Single(telegram.SentTo(EnglishResident));
        Assert.Contains("0577 8888 9999", answer.Text);
        Assert.DoesNotMatch(@"\p{IsCJKUnifiedIdeographs}", Regex.Replace(answer.Text, "<i>.*?</i>", ""));
        Assert.Contains("Report it", answer.ReplyMarkupJson);
    }

    [Theory]
    [InlineData("你认真看完这个相册吧 http://t.cn/A6xKp2", "不要点开链接")]
    [InlineData("妈，我手机号换了，新号是 139 1234 5678，您存一下", "原来的号码")]
    [InlineData("尊敬的客户：您尾号3306的银行卡今日在大润发超市消费4860元，将于月底从您账户扣除，如有疑问请咨询 0577-6583 2091。", "银行卡背面")]
    [InlineData("网盘会员已自动续费298元/月 退订速回电173****5019", "商家的官方App")] // "looks ordinary" before the thirty-fifth session
    [InlineData("你这是贵人多忘事啊，上个月还一起喝过酒呢", "不要替对方说出名字")]
    [InlineData("【中通快递】您的快件因地址不详无法派送，请联系派件员 13805771234 确认地址。", "官方App里查物流")]
    [InlineData("【ETC】尊敬的车主，您的车辆苏A***9在沪宁高速通行费33.60元已从记账卡扣除。", "它像是一条已扣款的通知")]
    [InlineData("【XX公安交警】您驾驶的车辆违法停车已被记录，请于15日内通过交管12123App处理，逾期将按规定加处罚款。", "该单位自己的App")]
    public async Task Words_that_cannot_show_a_message_is_safe_get_not_sure_and_what_to_do(string text, string advice)
    {
        await Private(Resident, text);

        var answer = Assert.Single(telegram.SentTo(Resident));
        Assert.Contains("我不能确定", answer.Text);
        Assert.Contains(advice, answer.Text);
        Assert.DoesNotContain("看起来是正常的", answer.Text);
        Assert.DoesNotContain("最像", answer.Text);
    }

    // A prize scam or an illegal offer is none of the ten types, so it is never "looks like <type>"; but it is not left
    // in doubt either.
    [Theory]
    [InlineData(Resident, "你被《跑一男》节一目组定为本季场外互动者，得8萬与笔記本一部，用验证码到 http://t.cn/Rx8k2P 査收，24小时內有效", "常见的中奖诈骗", "不要点开链接")]
    [InlineData(EnglishResident, "恭喜你中了好声音特别大奖，奖品是苹果笔记本电脑一台，领奖地址 http://t.cn/Rp3Lm9", "common prize scam", "Do not open the link")]
    [InlineData(Resident, "澳门葡京线上娱乐城正式上线，真人荷官百家乐，首存100送100，天天返水，网址 www.pj8866.cc", "网络赌博", "不要点开链接")]
    public async Task A_prize_claim_or_an_illegal_offer_is_answered_be_careful_in_words_of_its_own(long user, string text, string said, string link)
    {
        await Private(user, text);

        var answer = Assert.Single(telegram.SentTo(user));
        Assert.Contains(said, answer.Text);
        Assert.Contains(link, answer.Text);
        Assert.DoesNotContain(user == Resident ? "我不能确定" : "not sure", answer.Text);
        Assert.DoesNotContain(user == Resident ? "看起来是正常的" : "looks ordinary", answer.Text);
    }

    [Theory]
    [InlineData("【中国移动】您本月话费账单已出，共计58.00元，详情请登录 https://www.10086.cn 查询。", "如要办理，请用官方App或官网")]
    [InlineData("王姐，上次的鸡蛋钱一共120，方便的时候转账给我就行，不急", "付钱或转账前，请打您原来存的号码")]
    [InlineData("明天早上七点半村口集合，体检免费，带身份证，不用交钱", null)]
    public async Task An_ordinary_message_that_asks_what_a_scam_would_ask_says_how_to_do_it_safely(string text, string? care)
    {
        await Private(Resident, text);

        var answer = Assert.Single(telegram.SentTo(Resident));
        Assert.Contains("这条消息看起来是正常的。", answer.Text);
        if (care is null)
        {
            Assert.DoesNotContain("官方App", answer.Text);
            Assert.DoesNotContain("核实", answer.Text);
        }
        else
            Assert.Contains(care, answer.Text);
    }

    [Fact]
    public async Task Pasted_text_is_checked_like_a_forward()
    {
        await Private(Resident, "有人打电话说是公安局的，说我涉嫌洗钱，让我把钱转到安全账户，电话 0577-8888 9999");

        var answer = Assert.Single(telegram.SentTo(Resident));
        AssertResidentChinese(answer.Text);
        Assert.Contains("诈骗", answer.Text);
    }

    [Fact]
    public async Task A_long_forward_cut_where_an_emoji_stands_is_still_answered_and_kept_whole()
    {
        // Private checks read the first 10,000 characters. An emoji is two of them (UTF-16), so a cut there split it in
        // half, and half an emoji cannot be written as UTF-8: the check was never stored and the resident got no answer.
        var text = Sms + new string('。', 10_000 - Sms.Length - 1) + "😀后面还有很多字";
        await Private(Resident, text);

        var answer = Assert.Single(telegram.SentTo(Resident));
        AssertResidentChinese(answer.Text);
        var stored = await host.ScalarAsync<string>("SELECT text FROM private_checks");
        Assert.Equal(9_999, stored.Length);
        Assert.False(char.IsHighSurrogate(stored[^1]), "half an emoji was stored");
    }

    [Fact]
    public async Task The_report_button_files_the_forward_as_a_report_with_its_origin()
    {
        await host.HandledAsync(telegram.ForwardedText(Resident, Sms, "95338"));
        var answer = Assert.Single(telegram.SentTo(Resident));
        var data = (string)JsonNode.Parse(answer.ReplyMarkupJson!)!["inline_keyboard"]![0]![0]!["callback_data"]!;
        Assert.StartsWith("chk:r:", data);

        await host.HandledAsync(telegram.CallbackQuery(Resident, Resident, answer.MessageId, data));

        var id = await LastReportId();
        var text = await host.ScalarAsync<string>("SELECT text FROM reports WHERE id = @id", new { id });
        Assert.Contains("0577-8888 9999", text);
        Assert.Contains("95338", text);
        Assert.Equal(Number, await host.ScalarAsync<string>("SELECT value FROM report_indicators WHERE report_id = @id AND kind = 'phone'", new { id }));
        Assert.Contains(telegram.SentTo(Resident), m => m.Text.Contains($"#{id}", StringComparison.Ordinal));
        // Pressed again: the same report, not a second one.
        await host.HandledAsync(telegram.CallbackQuery(Resident, Resident, answer.MessageId, data));
        Assert.Equal(1, await host.ScalarAsync<long>("SELECT count(*) FROM reports WHERE reporter_user_id = @Resident", new { Resident }));
    }

    [Fact]
    public async Task A_screenshot_is_read_and_answered_with_the_number_it_holds()
    {
        var picture = Pictures.Render(Pictures.Sms, "jpg", "-resize", "50%");
        await host.HandledAsync(telegram.PrivatePhoto(Resident, picture), seconds: 90);

        var answer = Assert.Single(telegram.SentTo(Resident));
        Assert.Contains("图片", answer.Text);
        AssertResidentChinese(answer.Text);
        Assert.Contains("举报", Regex.Unescape(answer.ReplyMarkupJson!));
    }

    // A picture that cannot be read (here: not a picture at all) with the message as its caption: the caption is still
    // checked, after the line on the picture. Before the thirty-fifth session only the line on the picture came back.
    [Fact]
    public async Task The_caption_of_a_picture_that_cannot_be_read_is_still_checked()
    {
        await host.HandledAsync(telegram.PrivatePhoto(Resident, "this is not an image at all"u8.ToArray(), caption: Sms), seconds: 60);

        var answer = Assert.Single(telegram.SentTo(Resident));
        Assert.Contains("图片", answer.Text);
        Assert.Contains("0577 8888 9999", answer.Text);
        Assert.Contains("诈骗", answer.Text);
        AssertResidentChinese(answer.Text);
        Assert.Contains("举报", Regex.Unescape(answer.ReplyMarkupJson!));
    }

    [Fact]
    public async Task A_sticker_or_empty_message_gets_a_short_request_for_text_or_a_picture()
    {
        var update = new JsonObject
        {
            ["message"] = new JsonObject
            {
                ["message_id"] = 77,
                ["from"] = new JsonObject { ["id"] = Resident, ["is_bot"] = false, ["first_name"] = "A" },
                ["chat"] = new JsonObject { ["id"] = Resident, ["type"] = "private", ["first_name"] = "A" },
                ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                ["sticker"] = new JsonObject { ["file_id"] = "s1", ["file_unique_id"] = "s1", ["type"] = "regular", ["width"] = 512, ["height"] = 512, ["is_animated"] = false, ["is_video"] = false },
            },
        };
        await host.HandledAsync(telegram.EnqueueUpdate(update.ToJsonString()));

        var answer = Assert.Single(telegram.SentTo(Resident));
        Assert.Contains("截图", answer.Text);
    }

    [Fact]
    public async Task Start_shows_the_users_own_id()
    {
        await Private(Resident, "/start");

        Assert.Contains($"<code>{Resident}</code>", telegram.SentTo(Resident).Last().Text);
    }

    [Fact]
    public async Task Command_menus_are_set_per_scope_and_language_with_descriptions()
    {
        // The menus go out paced, in the background: the officer's English one, given last, ends the queue.
        var officer = Officer.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await telegram.WaitForAsync(t => t.Calls.Any(c => c.Method.Equals("setMyCommands", StringComparison.OrdinalIgnoreCase) && c.StatusCode == 200
            && c.Params["scope"]?["chat_id"]?.ToString() == officer && (string?)c.Params["language_code"] == "en") ? (bool?)true : null, TimeSpan.FromSeconds(30));
        var menus = telegram.Calls.Where(c => c.Method.Equals("setMyCommands", StringComparison.OrdinalIgnoreCase) && c.StatusCode == 200)
            .Select(c => (Scope: (string?)c.Params["scope"]?["type"], Chat: c.Params["scope"]?["chat_id"]?.ToString(), Language: (string?)c.Params["language_code"],
                Commands: c.Params["commands"]!.AsArray().Select(x => (string)x!["command"]!).ToList(), Body: c.RawBody))
            .ToList();
        foreach (var language in new[] { "zh", "en" })
        {
            var privateMenu = Assert.Single(menus, m => m.Scope == "all_private_chats" && m.Language == language);
            Assert.Contains("report", privateMenu.Commands);
            Assert.DoesNotContain("broadcast", privateMenu.Commands);
            var groupMenu = Assert.Single(menus, m => m.Scope == "all_group_chats" && m.Language == language);
            Assert.DoesNotContain("broadcast", groupMenu.Commands);
            var admin = menus.Last(m => m.Scope == "chat" && m.Chat == TestHost.AdminUserId.ToString(System.Globalization.CultureInfo.InvariantCulture) && m.Language == language);
            Assert.Contains("role", admin.Commands);
            Assert.Contains("broadcast", admin.Commands);
        }

        // The officer was given the role after start: their chat's menu came with the /role command.
        Assert.Contains(menus, m => m.Scope == "chat" && m.Chat == officer && m.Commands.Contains("broadcast") && !m.Commands.Contains("role"));
        Assert.Contains("举报", menus.First(m => m.Scope == "all_private_chats" && m.Language == "zh").Body.Contains("\\u", StringComparison.Ordinal)
            ? System.Text.RegularExpressions.Regex.Unescape(menus.First(m => m.Scope == "all_private_chats" && m.Language == "zh").Body)
            : menus.First(m => m.Scope == "all_private_chats" && m.Language == "zh").Body);
        Assert.Contains("96110", telegram.Descriptions["description:zh"]);
        Assert.Contains("96110", telegram.Descriptions["short:en"]);
    }
}
