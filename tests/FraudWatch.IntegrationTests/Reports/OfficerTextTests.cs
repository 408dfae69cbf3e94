using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FraudWatch.IntegrationTests.FakeTelegram;
using FraudWatch.IntegrationTests.Infrastructure;

namespace FraudWatch.IntegrationTests.Reports;

/// <summary>
/// What officers and assistants read in Telegram, most of them on a phone: the duty group's posts, and the answers to their
/// commands. A scam's link or number is never one tap away, and a refusal says what to write instead.
/// </summary>
public sealed class OfficerTextTests : ReportsTestBase
{
    const long Resident = 3801;
    const string Courier = "冒充快递客服说包裹丢了，让我点 http://sf-lp.top/a 理赔，电话 0577-6222 1234";

    protected override IReadOnlyDictionary<long, string> UserLanguages { get; } =
        new Dictionary<long, string> { [Resident] = "zh-hans", [Officer] = "zh-hans", [Assistant] = "zh-hans" };

    /// <summary>Telegram makes a link or a phone number in a message tappable unless it is inside &lt;code&gt;.</summary>
    static string OutsideCode(string html) => Regex.Replace(html, "<code>.*?</code>", "", RegexOptions.Singleline);

    [Fact]
    public async Task A_duty_post_shows_the_reported_text_with_its_link_and_number_not_tappable()
    {
        await InGroup(VillageChat, Resident, "/report " + Courier);
        var id = await LastReportId();
        var post = DutyPost(id).Text;
        Assert.Contains("sf-lp.top", post, StringComparison.Ordinal);
        Assert.DoesNotContain("sf-lp.top", OutsideCode(post), StringComparison.Ordinal);
        Assert.DoesNotContain("6222", OutsideCode(post), StringComparison.Ordinal);

        // The post as edited once decided, too.
        await Private(Assistant, $"/outcome {id} 劝阻");
        var edited = await telegram.WaitForAsync(t => DutyPost(id) is { EditCount: > 0 } p ? p : null, TimeSpan.FromSeconds(20));
        Assert.Contains("已劝阻", edited.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("sf-lp.top", OutsideCode(edited.Text), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dispute_post_shows_the_disputed_text_with_its_number_not_tappable()
    {
        const string Sms = "【顺丰速运】您的快递在运输中丢失，我司将为您办理理赔，请点击 http://sf-lp.top/b 或联系客服 0577-6333 4321 并按提示操作退款。";
        await Private(Resident, Sms);
        var answer = telegram.SentTo(Resident).Last();
        var data = (string)JsonNode.Parse(answer.ReplyMarkupJson!)!["inline_keyboard"]![0]![1]!["callback_data"]!;
        await host.HandledAsync(telegram.CallbackQuery(Resident, Resident, answer.MessageId, data));

        var post = await telegram.WaitForAsync(t => t.SentTo(DutyChat).LastOrDefault(m => m.Text.Contains("🤔", StringComparison.Ordinal)), TimeSpan.FromSeconds(20));
        Assert.Contains("6333", post.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("6333", OutsideCode(post.Text), StringComparison.Ordinal);
        Assert.DoesNotContain("sf-lp.top", OutsideCode(post.Text), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Duty_sent_in_private_points_to_the_officers_own_group_not_to_a_village_group()
    {
        // /duty is refused in a bound village group; the answer in private must not send the officer there.
        var chinese = await ReplyTo(Officer, "/duty");
        Assert.Contains("/duty", chinese, StringComparison.Ordinal);
        Assert.DoesNotContain("村群", chinese, StringComparison.Ordinal);
        var english = await ReplyTo(TestHost.AdminUserId, "/duty");
        Assert.DoesNotContain("village group", english, StringComparison.Ordinal);
        // /bind, which does belong in a village group, still says so.
        Assert.Contains("村群", await ReplyTo(Officer, "/bind 灵溪镇 渎浦村"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_alert_with_a_spaced_number_and_a_wrong_target_names_the_target_not_the_number()
    {
        var chinese = await ReplyTo(Officer, "/alert 0577-8888 9999 灵溪镇");
        Assert.DoesNotContain("不是电话号码", chinese, StringComparison.Ordinal);
        Assert.Contains("灵溪镇", chinese, StringComparison.Ordinal);
        Assert.Contains("township:", chinese, StringComparison.Ordinal);
        var english = await ReplyTo(TestHost.AdminUserId, "/alert 0577-8888 9999 nowhere");
        Assert.DoesNotContain("is not a phone number", english, StringComparison.Ordinal);
        Assert.Contains("'nowhere'", english, StringComparison.Ordinal);
        Assert.Equal(0, await host.ScalarAsync<long>("SELECT count(*) FROM campaigns"));
    }

    [Fact]
    public async Task Stats_name_the_week_and_the_quarter_in_Chinese_words()
    {
        var week = await ReplyTo(Officer, "/stats 本周");
        var quarter = await ReplyTo(Officer, "/stats 灵溪镇 本季度");
        Assert.DoesNotMatch(@"\d-W\d", week);
        Assert.Matches(@"\d{4}年第\d{1,2}周", week);
        Assert.DoesNotMatch(@"\d-Q\d", quarter);
        Assert.Matches(@"\d{4}年第[1-4]季度", quarter);
        // English keeps the ISO forms.
        Assert.Matches(@"\d{4}-W\d{2}", await ReplyTo(TestHost.AdminUserId, "/stats week"));
    }

    [Fact]
    public async Task An_alert_of_a_county_official_number_shows_it_as_officers_write_it()
    {
        await using var fake = await FakeBotApi.StartAsync();
        fake.SetUserLanguage(TestHost.AdminUserId, "zh-hans");
        await using var county = await TestHost.StartAsync(fake, new Dictionary<string, string?> { ["Reports:OfficialNumbers"] = "0577-12345678" });

        await county.HandledAsync(fake.PrivateText(TestHost.AdminUserId, "/alert 0577-1234 5678 all"));

        var answer = fake.SentTo(TestHost.AdminUserId).Last().Text;
        Assert.Contains("官方号码", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("+86", answer, StringComparison.Ordinal);
        Assert.Contains("<code>0577 1234 5678</code>", answer, StringComparison.Ordinal);
    }

    /// <summary>The bot's last reply in a private chat after the command.</summary>
    async Task<string> ReplyTo(long user, string command)
    {
        await Private(user, command);
        return telegram.SentTo(user).Last().Text;
    }
}
