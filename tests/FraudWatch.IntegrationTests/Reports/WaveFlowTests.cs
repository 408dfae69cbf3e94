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
    }
}
