using FraudWatch.Detection;

namespace FraudWatch.IntegrationTests.Reports;

public sealed class ReportCommandTests : ReportsTestBase
{
    const long Resident = 3001;

    [Fact]
    public async Task Report_answer_has_number_normalized_phone_type_and_advice_and_reaches_duty_group()
    {
        await InGroup(VillageChat, Resident, "/report " + Scam);

        var id = await LastReportId();
        var type = await host.ScalarAsync<string>("SELECT fraud_type FROM reports WHERE id = @id", new { id });
        Assert.Equal("impersonate_police", type);
        var answer = telegram.SentTo(VillageChat).Last();
        Assert.NotNull(answer.ReplyToMessageId);
        Assert.Contains($"#{id}", answer.Text);
        Assert.Contains("0577 8888 9999", answer.Text);
        Assert.Contains(FraudTypes.DisplayName(type, "zh-CN"), answer.Text);
        Assert.Contains(FraudTypes.Advice(type, "zh-CN"), answer.Text);
        Assert.Equal(Number, await host.ScalarAsync<string>("SELECT value FROM report_indicators WHERE report_id = @id AND kind = 'phone'", new { id }));

        var post = DutyPost(id);
        Assert.Contains($"rep:{id}:dissuaded", post.ReplyMarkupJson);
        Assert.Contains($"rep:{id}:not_fraud", post.ReplyMarkupJson);
        Assert.Equal(post.MessageId, await host.WaitForAsync<long>("SELECT coalesce(duty_message_id, 0) FROM reports WHERE id = @id", new { id }, until: m => m != 0));
    }

    // A prize scam is none of the ten types: its type stays "other", but its advice line is the prize scam's, not the
    // general line for messages of no known type.
    [Fact]
    public async Task A_reported_prize_scam_gets_the_prize_advice_under_type_other()
    {
        await InGroup(VillageChat, Resident, "/report 你被《跑一男》节一目组定为本季场外互动者，得8萬与笔記本一部，用验证码到 http://t.cn/Rx8k2P 査收，24小时內有效");

        var id = await LastReportId();
        Assert.Equal("other", await host.ScalarAsync<string>("SELECT fraud_type FROM reports WHERE id = @id", new { id }));
        var answer = telegram.SentTo(VillageChat).Last();
        Assert.Contains($"#{id}", answer.Text);
        Assert.Contains("中奖诈骗", answer.Text);
        Assert.DoesNotContain(FraudTypes.Advice("other", "zh-CN"), answer.Text);
    }

    [Fact]
    public async Task Report_as_a_reply_takes_the_replied_message_text()
    {
        var (_, suspicious) = await Chat(VillageChat, 3099, "【快递理赔】您的包裹丢失，点击 http://kuaidi-lipei.top/claim 领取双倍赔偿");
        await InGroup(VillageChat, Resident, "/report 这个是骗子吧", replyTo: suspicious);

        var id = await LastReportId();
        var text = await host.ScalarAsync<string>("SELECT text FROM reports WHERE id = @id", new { id });
        Assert.Contains("快递理赔", text);
        Assert.Contains("这个是骗子吧", text);
        Assert.Equal(1, await host.ScalarAsync<long>("SELECT count(*) FROM report_indicators WHERE report_id = @id AND kind = 'url' AND value LIKE 'kuaidi-lipei.top%'", new { id }));
        Assert.Contains("kuaidi-lipei.top", telegram.SentTo(VillageChat).Last().Text);
    }

    [Fact]
    public async Task Eleventh_report_in_an_hour_is_refused_and_stores_nothing()
    {
        for (var i = 1; i <= 10; i++)
            await Private(Resident, $"/report 第{i}个可疑电话 0577-8888 99{i:00}");
        await Private(Resident, "/report 第11个可疑电话 0577-8888 9911");

        Assert.Equal(10, await host.ScalarAsync<long>("SELECT count(*) FROM reports WHERE reporter_user_id = @Resident", new { Resident }));
        Assert.Equal(0, await host.ScalarAsync<long>("SELECT count(*) FROM report_indicators WHERE value = '+8657788889911'"));
        var refusal = telegram.SentTo(Resident).Last();
        Assert.Contains("You have filed 10 reports", refusal.Text);
        Assert.DoesNotContain("#", refusal.Text);

        // Another resident is not held back by the first one's limit.
        await Private(3002, "/report " + Scam);
        Assert.Equal(11, await host.ScalarAsync<long>("SELECT count(*) FROM reports"));
    }

    [Fact]
    public async Task Report_in_an_unbound_group_is_refused_with_the_reason()
    {
        await host.HandledAsync(telegram.BotAdded(-699, "未绑定群", Officer));
        await InGroup(-699, Resident, "/report " + Scam);

        Assert.Equal(0, await host.ScalarAsync<long>("SELECT count(*) FROM reports"));
        var refusal = telegram.SentTo(-699).Last();
        Assert.Contains("/bind", refusal.Text);
        Assert.Contains("还没有绑定", refusal.Text);
    }

    [Fact]
    public async Task Empty_report_gets_the_usage_line()
    {
        await InGroup(VillageChat, Resident, "/report");

        Assert.Equal(0, await host.ScalarAsync<long>("SELECT count(*) FROM reports"));
        Assert.Contains("用法：/report", telegram.SentTo(VillageChat).Last().Text);
    }

    [Fact]
    public async Task Report_in_private_chat_is_accepted_without_a_group()
    {
        await Private(Resident, "/report " + Scam);

        var id = await LastReportId();
        Assert.Equal(0, await host.ScalarAsync<long>("SELECT count(*) FROM reports WHERE id = @id AND group_id IS NOT NULL", new { id }));
        Assert.Contains($"#{id}", telegram.SentTo(Resident).Last().Text);
    }
}
