namespace FraudWatch.IntegrationTests.Reports;

/// <summary>
/// How numbers and accounts read in what residents get, and that the same situation is said alike on every path
/// (a private message, /check, /report).
/// </summary>
public sealed class ResidentWordingTests : ReportsTestBase
{
    const long Resident = 3401;
    const long EnglishResident = 3402;

    protected override IReadOnlyDictionary<long, string> UserLanguages { get; } = new Dictionary<long, string> { [Resident] = "zh-hans" };

    const string Brushing = "加我微信：abc12345 有兼职刷单，日赚300元，先垫付500元";

    [Fact]
    public async Task A_payment_account_is_shown_by_its_app_name_never_as_a_code()
    {
        await Private(Resident, Brushing);
        await Private(Resident, "/check " + Brushing);
        await InGroup(VillageChat, Resident, "/report " + Brushing);
        await Private(EnglishResident, Brushing);

        var chinese = telegram.SentTo(Resident).Select(m => m.Text).Concat([telegram.SentTo(VillageChat).Last().Text]).ToList();
        Assert.Equal(3, chinese.Count);
        Assert.All(chinese, text => Assert.DoesNotContain("wechat:", text, StringComparison.OrdinalIgnoreCase));
        Assert.All(chinese, text => Assert.Contains("微信 abc12345", text, StringComparison.Ordinal));
        var english = telegram.SentTo(EnglishResident).Single().Text;
        Assert.DoesNotContain("wechat:", english, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("WeChat abc12345", english, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_foreign_number_is_shown_with_its_country_code_never_as_a_local_one()
    {
        // In national format a London number reads 020 7946 0958: a Guangzhou landline to anyone in China.
        const string Call = "自称公安的人用 +44 20 7946 0958 打给我，让我转账到安全账户";
        await Private(Resident, Call);
        await Private(Resident, "/report " + Call);
        await InGroup(VillageChat, Resident, "/check " + Call);

        var answers = telegram.SentTo(Resident).Select(m => m.Text).Concat([telegram.SentTo(VillageChat).Last().Text]).ToList();
        Assert.Equal(3, answers.Count);
        Assert.All(answers, text => Assert.Contains("+44 20 7946 0958", text, StringComparison.Ordinal));
        Assert.All(answers, text => Assert.DoesNotContain(">020 7946 0958", text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Check_of_a_message_holding_a_reported_number_says_be_careful_as_a_private_message_does()
    {
        foreach (var reporter in new long[] { 3411, 3412, 3413 })
            await InGroup(VillageChat, reporter, "/report 0577-6666 5555 骗子");
        const string Message = "转账给这个 0577-6666 5555";

        await Private(Resident, Message);
        await InGroup(VillageChat, Resident, "/check " + Message);

        var inPrivate = telegram.SentTo(Resident).Single().Text;
        var check = telegram.SentTo(VillageChat).Last().Text;
        Assert.Contains("请小心", inPrivate, StringComparison.Ordinal);
        Assert.DoesNotContain("看起来是正常的", check, StringComparison.Ordinal);
        Assert.Contains("⚠️ <b>请小心。</b><code>0577 6666 5555</code> 已被 3 人举报。", check, StringComparison.Ordinal);

        await Private(Officer, "/alert 0577-6666 5555 group:-999");
        await InGroup(VillageChat, Resident, "/check " + Message);
        Assert.Contains("⚠️ <b>这是诈骗。</b>民警已确认<code>0577 6666 5555</code>是诈骗。", telegram.SentTo(VillageChat).Last().Text, StringComparison.Ordinal);
    }
}
