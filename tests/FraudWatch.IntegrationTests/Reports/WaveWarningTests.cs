namespace FraudWatch.IntegrationTests.Reports;

/// <summary>PRODUCT.md section 9: a new number in a known wave counts toward warnings like a reported number.</summary>
public sealed class WaveWarningTests : ReportsTestBase
{
    const long VillageB = -621, VillageC = -622;

    static string Script(string number) =>
        $"【医保局】您的医保卡因异常消费已被冻结，请于今日内致电 {number} 联系工作人员办理解冻，逾期将移交公安机关处理。";

    async Task BindAsync(long chatId, string township, string village)
    {
        await host.HandledAsync(telegram.BotAdded(chatId, $"{village}反诈群", Officer));
        await InGroup(chatId, Officer, $"/bind {township} {village}");
    }

    async Task ThreeVillagesReportAsync()
    {
        await BindAsync(VillageB, "灵溪镇", "观美村");
        await BindAsync(VillageC, "马站镇", "城门村");
        await InGroup(VillageChat, 3501, "/report " + Script("0577-6123 4567"));
        await InGroup(VillageB, 3502, "/report " + Script("0577-6999 1234"));
        await InGroup(VillageC, 3503, "/report " + Script("021-5555 0101"));
    }

    [Fact]
    public async Task A_wave_copy_with_a_brand_new_number_is_warned_and_the_number_stays_known()
    {
        await ThreeVillagesReportAsync();

        // The fourth copy is not reported: it is posted in a group with a number nobody has reported.
        await Chat(VillageChat, 3600, Script("0577-6000 8888"));

        var warning = Assert.Single(Warnings(VillageChat));
        Assert.Contains("0577 6000 8888", warning.Text);
        Assert.Contains("3 位乡亲举报的同一诈骗信息", warning.Text);
        Assert.Equal(("+8657760008888", "wave"), Assert.Single(await host.QueryAsync<(string, string)>("SELECT value, reason FROM warnings_sent")));

        // From now on the number alone is warned about, and /check says it belongs to the reported wave.
        await Chat(VillageB, 3601, "刚才 0577 6000 8888 打给我了，是什么号码？");
        Assert.Contains("0577 6000 8888", Assert.Single(Warnings(VillageB)).Text);
        await InGroup(VillageC, 3602, "/check 0577-6000 8888");
        Assert.Contains("属于已在 3 个村被举报 3 次的诈骗信息", telegram.SentTo(VillageC).Last().Text);
    }

    [Fact]
    public async Task A_message_warning_about_the_wave_is_no_copy_and_its_helpful_number_is_never_called_a_scam()
    {
        await ThreeVillagesReportAsync();

        // A neighbour passes on the police's advice, quoting the script; the only number is the police station's.
        await Chat(VillageChat, 3600,
            "派出所提醒：收到“您的医保卡因异常消费已被冻结，请于今日内致电联系工作人员办理解冻，逾期将移交公安机关处理”的短信是诈骗！有疑问打灵溪派出所 0577-6472 1234");
        // Later someone gives the station's number in another village.
        await Chat(VillageB, 3601, "灵溪派出所的电话是 0577-6472 1234，有事可以打");

        Assert.Empty(await host.QueryAsync<string>("SELECT value FROM warnings_sent"));
        Assert.DoesNotContain("+8657764721234", await host.QueryAsync<string>("SELECT value FROM wave_indicators"));
    }

    [Fact]
    public async Task A_new_number_reported_in_a_wave_is_warned_like_one_reported_three_times()
    {
        await ThreeVillagesReportAsync();
        await InGroup(VillageB, 3504, "/report " + Script("0577-6333 2222"));
        Assert.Equal(1, await host.ScalarAsync<long>("SELECT count(DISTINCT reporter_user_id) FROM reports r JOIN report_indicators i ON i.report_id = r.id WHERE i.value = '+8657763332222'"));

        await Chat(VillageC, 3601, "0577-6333 2222 又打来了");

        var warning = Assert.Single(Warnings(VillageC));
        Assert.Contains("0577 6333 2222", warning.Text);
        Assert.Contains("4 位乡亲举报", warning.Text);
    }

    [Fact]
    public async Task A_wave_from_too_few_county_reporters_warns_nobody_and_official_numbers_never()
    {
        await BindAsync(VillageB, "灵溪镇", "观美村");
        await InGroup(VillageChat, 3501, "/report " + Script("0577-6123 4567"));
        await InGroup(VillageB, 3502, "/report " + Script("0577-6999 1234"));
        // A stranger never seen in a bound group reports in private: kept, but moves nothing.
        await Private(3999, "/report " + Script("021-5555 0101"));
        Assert.Equal(3, await host.ScalarAsync<int>("SELECT report_count FROM waves"));

        await Chat(VillageChat, 3600, Script("0577-6000 8888"));
        Assert.Empty(Warnings(VillageChat));

        // A third county reporter makes the wave reported; an official number in a copy is still never warned about.
        await InGroup(VillageB, 3503, "/report " + Script("0577-6444 1111"));
        await Chat(VillageChat, 3601, Script("96110"));
        Assert.Empty(Warnings(VillageChat));
        await Chat(VillageChat, 3602, Script("0577-6000 7777"));
        Assert.Contains("0577 6000 7777", Assert.Single(Warnings(VillageChat)).Text);
    }
}
