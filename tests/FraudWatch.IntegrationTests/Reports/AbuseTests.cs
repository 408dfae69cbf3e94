namespace FraudWatch.IntegrationTests.Reports;

/// <summary>Warnings that throwaway accounts cannot steer (issue 13 item 5; PRODUCT.md section 9).</summary>
public sealed class AbuseTests : ReportsTestBase
{
    [Theory]
    [InlineData("96110")]
    [InlineData("95588")]
    public async Task Official_numbers_are_never_warned_about_however_many_report_them(string number)
    {
        foreach (var resident in new long[] { 3001, 3002, 3003, 3004 })
            await InGroup(VillageChat, resident, $"/report 有人冒充客服 {number} 打来说我账户异常");
        Assert.Equal(4, await host.ScalarAsync<long>("SELECT count(*) FROM report_indicators WHERE kind = 'phone' AND value = @number", new { number }));

        await Chat(VillageChat, 3100, $"刚接到 {number} 的电话，说我银行卡被冻结");
        await Private(Officer, $"/alert {number} all 冒充");

        Assert.Empty(Warnings(VillageChat));
        Assert.Equal(0, await host.ScalarAsync<long>("SELECT count(*) FROM warnings_sent"));
        Assert.Contains("official number", telegram.SentTo(Officer).Last().Text);
        Assert.Equal(0, await host.ScalarAsync<long>("SELECT count(*) FROM indicator_verdicts"));
    }

    [Fact]
    public async Task Strangers_reporting_in_private_are_kept_but_warn_nobody_until_seen_in_a_bound_group()
    {
        foreach (var stranger in new long[] { 3001, 3002, 3003 })
            await Private(stranger, "/report " + Scam);
        await Chat(VillageChat, 3100, "0577-8888 9999 是谁？");

        Assert.Empty(Warnings(VillageChat));
        Assert.Equal(3, await host.ScalarAsync<long>("SELECT count(*) FROM reports WHERE group_id IS NULL"));
        using (var officer = host.Client("officer"))
            Assert.Contains(Number, await officer.GetStringAsync("/api/v1/reports"));

        // Two of them speak in the bound group: still two county reporters, no warning.
        await Chat(VillageChat, 3001, "大家好");
        await Chat(VillageChat, 3002, "收到");
        await Chat(VillageChat, 3100, "又是 0577-8888 9999");
        Assert.Empty(Warnings(VillageChat));

        // Speaking in a group that is not bound makes no one a member of the county.
        await host.HandledAsync(telegram.BotAdded(-650, "闲聊群", 3003));
        await Chat(-650, 3003, "hello");
        await Chat(VillageChat, 3100, "0577 8888 9999 打了好几次");
        Assert.Empty(Warnings(VillageChat));

        // The third speaks in the bound group: three county reporters, one warning.
        await Chat(VillageChat, 3003, "我也接到过");
        var (_, warned) = await Chat(VillageChat, 3100, "+86 577 8888 9999 又来了");
        Assert.Equal(warned, Assert.Single(Warnings(VillageChat)).ReplyToMessageId);
        // Only who and where is kept of their chat, never a word of it.
        Assert.Equal(3, await host.ScalarAsync<long>(
            "SELECT count(*) FROM group_members_seen s JOIN groups g ON g.id = s.group_id WHERE g.chat_id = @VillageChat AND s.user_id IN (3001, 3002, 3003)", new { VillageChat }));
        Assert.Equal(0, await host.ScalarAsync<long>("SELECT count(*) FROM group_members_seen s JOIN groups g ON g.id = s.group_id WHERE g.chat_id = -650"));
    }

    [Fact]
    public async Task One_reporter_gets_at_most_three_duty_posts_an_hour_and_the_rest_are_listed()
    {
        for (var i = 0; i < 5; i++)
            await InGroup(VillageChat, 3001, $"/report 第{i}个骗子电话 0577-8888 99{i:00}");
        var ids = await host.QueryAsync<long>("SELECT id FROM reports ORDER BY id");
        Assert.Equal(5, ids.Count);

        foreach (var id in ids.Take(3))
            DutyPost(id);
        await host.WaitForAsync<long>("SELECT count(*) FROM reports WHERE duty_skipped", until: n => n == 2);
        Assert.Equal(3, telegram.SentTo(DutyChat).Count(m => m.Text.Contains("新举报", StringComparison.Ordinal)));

        // Another reporter's report still goes up at once.
        await InGroup(VillageChat, 3002, "/report " + Scam);
        // Reporting in a bound group makes the reporter a member of the county, as speaking there does.
        Assert.Equal(1, await host.ScalarAsync<long>("SELECT count(*) FROM group_members_seen WHERE user_id = 3002"));
        DutyPost(await LastReportId());
        using var officer = host.Client("officer");
        var list = await officer.GetStringAsync("/api/v1/reports");
        foreach (var id in ids)
            Assert.Contains($"\"id\":{id},", list, StringComparison.Ordinal);
    }
}
