using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FraudWatch.IntegrationTests.Reports;

/// <summary>One scam script seen across villages becomes one wave: answered with its spread, raised once to the duty group, warned on an officer's word.</summary>
public sealed class WaveFlowTests : ReportsTestBase
{
    const long VillageB = -611, VillageC = -612, VillageD = -613;

    static string Script(string number) =>
        $"【医保局】您的医保卡因异常消费已被冻结，请于今日内致电 {number} 联系工作人员办理解冻，逾期将移交公安机关处理。";

    async Task BindAsync(long chatId, string township, string village)
    {
        await host.HandledAsync(telegram.BotAdded(chatId, $"{village}反诈群", Officer));
        await InGroup(chatId, Officer, $"/bind {township} {village}");
    }

    [Fact]
    public async Task A_burst_while_Telegram_asks_to_pause_joins_its_wave_in_the_background_and_alerts_once()
    {
        await BindAsync(VillageB, "灵溪镇", "观美村");
        await BindAsync(VillageC, "马站镇", "城门村");
        // A 429 on a private reply pauses every send for 20 s: the reports below are stored with answer and join queued.
        telegram.Fault(3601, FakeTelegram.FaultKind.TooManyRequests(20), times: 1);
        await Private(3601, "/help");

        await InGroup(VillageChat, 3602, "/report " + Script("0577-6123 4567"));
        await InGroup(VillageB, 3603, "/report " + Script("0577-6999 1234"));
        await InGroup(VillageC, 3604, "/report " + Script("021-5555 0101"));

        // Stored with their answers waiting (nothing goes out during the pause), then joined in the background.
        Assert.Equal(3, await host.ScalarAsync<long>("SELECT count(*) FROM reports WHERE answer_pending"));
        await host.WaitForAsync<long>("SELECT count(*) FROM waves WHERE report_count = 3 AND alerted_at IS NOT NULL", until: n => n == 1, seconds: 30);
        await host.WaitForAsync<long>("SELECT count(*) FROM reports WHERE wave_pending", until: n => n == 0, seconds: 30);
        // The alert waits out the pause in the outbox; then it reaches the duty group once, and every answer names the spread.
        for (var deadline = DateTime.UtcNow.AddSeconds(60); DateTime.UtcNow < deadline && !AllSent(); Thread.Sleep(100))
        {
        }

        Assert.Single(telegram.SentTo(DutyChat), m => m.Text.Contains("诈骗波次", StringComparison.Ordinal));
        Assert.Contains(telegram.SentTo(VillageC), m => m.Text.Contains("这条信息已在 3 个村被举报 3 次", StringComparison.Ordinal));

        bool AllSent() =>
            telegram.SentTo(DutyChat).Any(m => m.Text.Contains("诈骗波次", StringComparison.Ordinal))
            && telegram.SentTo(VillageC).Any(m => m.Text.Contains("被举报", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Three_villages_make_one_wave_answered_alerted_once_and_warned()
    {
        await BindAsync(VillageB, "灵溪镇", "观美村");
        await BindAsync(VillageC, "马站镇", "城门村");
        await BindAsync(VillageD, "马站镇", "魁里村");

        await InGroup(VillageChat, 3501, "/report " + Script("0577-6123 4567"));
        await InGroup(VillageB, 3502, "/report " + Script("0577-6999 1234"));
        await InGroup(VillageC, 3503, "/report " + Script("021-5555 0101"));

        Assert.Equal(1, await host.ScalarAsync<long>("SELECT count(*) FROM waves"));
        Assert.Equal(3, await host.ScalarAsync<long>("SELECT report_count FROM waves"));

        // The fourth copy, with yet another number, is checked in a fourth village: the answer names the spread.
        await InGroup(VillageD, 3504, "/check " + Script("0577-6000 8888"));
        Assert.Contains("这条信息已在 3 个村被举报 3 次", telegram.SentTo(VillageD).Last().Text);

        var alerts = telegram.SentTo(DutyChat).Where(m => m.Text.Contains("诈骗波次", StringComparison.Ordinal)).ToList();
        var alert = Assert.Single(alerts);
        var data = (string)JsonNode.Parse(alert.ReplyMarkupJson!)!["inline_keyboard"]![0]![0]!["callback_data"]!;
        Assert.StartsWith("wave:", data);

        // A resident pressing the button changes nothing; the officer's press warns the wave's townships.
        await host.HandledAsync(telegram.CallbackQuery(3501, DutyChat, alert.MessageId, data));
        Assert.Equal(0, await host.ScalarAsync<long>("SELECT count(*) FROM campaigns"));
        await host.HandledAsync(telegram.CallbackQuery(Officer, DutyChat, alert.MessageId, data));
        await host.WaitForAsync<long>("SELECT count(*) FROM deliveries WHERE status = 'sent'", until: n => n == 4, seconds: 60);

        foreach (var chat in new[] { VillageChat, VillageB, VillageC, VillageD })
            Assert.Contains(telegram.SentTo(chat), m => m.Text.Contains("6123", StringComparison.Ordinal) && Regex.IsMatch(m.Text, "诈骗|fraud"));
        Assert.NotNull(await host.ScalarAsync<DateTime?>("SELECT warned_at FROM waves"));
        // A second press does not warn twice.
        await host.HandledAsync(telegram.CallbackQuery(Officer, DutyChat, alert.MessageId, data));
        Assert.Equal(1, await host.ScalarAsync<long>("SELECT count(*) FROM campaigns"));
        Assert.Contains("已经预警过，未重复发送", telegram.SentTo(DutyChat).Last().Text);
    }

    async Task<string> ThreeVillagesReportAsync(Func<int, string> text, string townshipB = "宜山镇", string townshipC = "马站镇")
    {
        await BindAsync(VillageB, townshipB, "鲸头村");
        await BindAsync(VillageC, townshipC, "渔寮村");
        await InGroup(VillageChat, 3701, "/report " + text(1));
        await InGroup(VillageB, 3702, "/report " + text(2));
        await InGroup(VillageC, 3703, "/report " + text(3));
        var alert = Assert.Single(telegram.SentTo(DutyChat), m => m.Text.Contains("诈骗波次", StringComparison.Ordinal));
        return (string)JsonNode.Parse(alert.ReplyMarkupJson!)!["inline_keyboard"]![0]![0]!["callback_data"]!;
    }

    [Fact]
    public async Task The_warn_button_never_calls_an_official_number_quoted_in_the_wave_a_scam()
    {
        // A bank phishing text names the bank's own 95588 next to the phishing link; the phone is seen first.
        var data = await ThreeVillagesReportAsync(n =>
            $"【工商银行】尊敬的客户，您的电子密码器将于今日过期，请尽快登录 www.icbc-mima{n}.top 进行升级，逾期将无法使用网上银行，详询95588。");

        await host.HandledAsync(telegram.CallbackQuery(Officer, DutyChat, telegram.SentTo(DutyChat).Last().MessageId, data));

        var alerted = Assert.Single(await host.QueryAsync<(string Kind, string Value)>("SELECT kind, value FROM campaign_alerts"));
        Assert.Equal("url", alerted.Kind);
        Assert.Contains("icbc-mima", alerted.Value);
    }

    [Fact]
    public async Task A_wave_whose_only_numbers_are_official_is_not_warned_and_the_officer_is_told_why()
    {
        var data = await ThreeVillagesReportAsync(_ => "【工商银行】尊敬的客户，您的账户存在异常交易已被临时冻结，请立即致电95588转人工核实解冻，逾期将无法使用");

        await host.HandledAsync(telegram.CallbackQuery(Officer, DutyChat, telegram.SentTo(DutyChat).Last().MessageId, data));

        Assert.Equal(0, await host.ScalarAsync<long>("SELECT count(*) FROM campaigns"));
        Assert.Equal(0, await host.ScalarAsync<long>("SELECT count(*) FROM waves WHERE warned_at IS NOT NULL"));
        Assert.Contains("除官方号码外没有可预警的号码或链接", telegram.SentTo(DutyChat).Last().Text);
    }

    [Fact]
    public async Task A_warning_that_reaches_no_group_leaves_the_wave_warnable_and_says_so()
    {
        var data = await ThreeVillagesReportAsync(n => Script($"0577-6123 456{n}"), townshipB: "灵溪镇", townshipC: "灵溪镇");
        // The township was mistyped at binding; the officer binds the three groups again under its right name first.
        foreach (var (chat, village) in new[] { (VillageChat, "渎浦村"), (VillageB, "鲸头村"), (VillageC, "渔寮村") })
            await InGroup(chat, Officer, $"/bind 灵溪 {village}");

        await host.HandledAsync(telegram.CallbackQuery(Officer, DutyChat, telegram.SentTo(DutyChat).Last().MessageId, data));

        Assert.Equal(0, await host.ScalarAsync<long>("SELECT count(*) FROM campaign_alerts"));
        Assert.Equal(0, await host.ScalarAsync<long>("SELECT count(*) FROM waves WHERE warned_at IS NOT NULL"));
        Assert.Contains("未能向 灵溪镇 发送预警", telegram.SentTo(DutyChat).Last().Text);
        // In the duty group's language only: the campaign engine's English refusal (naming an API route) stays in the log.
        Assert.DoesNotMatch("[A-Za-z]{2,}", telegram.SentTo(DutyChat).Last().Text.Replace("/alert", "", StringComparison.Ordinal));
    }
}
