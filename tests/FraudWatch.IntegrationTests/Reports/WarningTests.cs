namespace FraudWatch.IntegrationTests.Reports;

public sealed class WarningTests : ReportsTestBase
{
    [Fact]
    public async Task Harmless_messages_get_no_reply_and_nothing_is_stored()
    {
        var before = telegram.SentTo(VillageChat).Count;
        await Chat(VillageChat, 3001, "今天下午三点在村委会开会，大家准时到");
        await Chat(VillageChat, 3002, "我的新号码 138 1234 5678，有事打我");
        await Chat(VillageChat, 3003, "Anyone selling eggs? see https://example.com/eggs");

        Assert.Equal(before, telegram.SentTo(VillageChat).Count);
        Assert.Equal(0, await host.ScalarAsync<long>("SELECT count(*) FROM warnings_sent"));
        Assert.Equal(0, await host.ScalarAsync<long>("SELECT count(*) FROM reports"));
        Assert.Equal(0, await host.ScalarAsync<long>("SELECT count(*) FROM telegram_updates WHERE payload IS NOT NULL"));
    }

    [Fact]
    public async Task One_warning_after_the_third_distinct_reporter_and_none_before()
    {
        // The two who report in private have spoken in the village group, so they count (PRODUCT.md section 9).
        await Chat(VillageChat, 3001, "大家好");
        await Chat(VillageChat, 3002, "收到");
        await Private(3001, "/report " + Scam);
        await Private(3002, "/report 又是这个号 0577 8888 9999 冒充公安");
        var (_, afterTwo) = await Chat(VillageChat, 3100, "有个 +86 577 8888 9999 打给我说我涉嫌洗钱");
        Assert.Empty(Warnings(VillageChat));

        await InGroup(VillageChat, 3003, "/report 057788889999 骗子电话");
        var (update, afterThree) = await Chat(VillageChat, 3100, "又是 0577-8888 9999 打来了");
        await telegram.RedeliverAsync(update);
        await Chat(VillageChat, 3101, "今天天气不错");

        var warning = Assert.Single(Warnings(VillageChat));
        Assert.Equal(afterThree, warning.ReplyToMessageId);
        Assert.Contains("3 位乡亲举报", warning.Text);
        Assert.Contains("0577 8888 9999", warning.Text);
        Assert.NotEqual(afterTwo, warning.ReplyToMessageId);
        var stored = await host.QueryAsync<(long MessageId, string Text)>("SELECT message_id, text FROM warnings_sent");
        Assert.Equal((afterThree, "又是 0577-8888 9999 打来了"), Assert.Single(stored));
    }

    [Fact]
    public async Task A_reported_number_edited_into_a_group_message_is_warned_once()
    {
        foreach (var user in new long[] { 3001, 3002, 3003 })
            await InGroup(VillageChat, user, "/report " + Scam);
        var (_, messageId) = await Chat(VillageChat, 3100, "有事找我");
        Assert.Empty(Warnings(VillageChat));

        // A harmless message edited afterwards to hold the number; edited again, it is still one warning.
        foreach (var text in new[] { "有事找我 0577-8888 9999", "有事找我 0577-8888 9999 急" })
            await host.HandledAsync(telegram.EnqueueUpdate($$$"""
                {"edited_message":{"message_id":{{{messageId}}},"date":1,"edit_date":2,"from":{"id":3100,"is_bot":false,"first_name":"User3100"},
                 "chat":{"id":{{{VillageChat}}},"type":"group","title":"渎浦村反诈群"},"text":"{{{text}}}"}}
                """));

        Assert.Equal(messageId, Assert.Single(Warnings(VillageChat)).ReplyToMessageId);
    }

    [Fact]
    public async Task A_number_posted_again_and_again_is_warned_once_per_group_for_an_hour_and_the_warning_says_so()
    {
        await host.HandledAsync(telegram.BotAdded(-602, "项东村反诈群", Officer));
        await InGroup(-602, Officer, "/bind 钱库镇 项东村");
        await Private(Officer, "/alert 0577-8888 9999 village:渎浦村 自称公安让转账");
        await Private(Officer, "/alert 0577-6666 7777 village:渎浦村 冒充客服");

        // A scammer floods the group: ten messages in a minute, the number written several ways.
        var first = 0L;
        for (var i = 0; i < 10; i++)
        {
            var (_, messageId) = await Chat(VillageChat, 3666, $"政府补贴今天截止，速打 {(i % 2 == 0 ? "0577-8888 9999" : "+86 577 8888 9999")} 领取（{i}）");
            first = i == 0 ? messageId : first;
        }

        await telegram.WaitForAsync(t => Warnings(VillageChat).Count > 0 ? "" : null, TimeSpan.FromSeconds(20));
        var warning = Assert.Single(Warnings(VillageChat));
        Assert.Equal(first, warning.ReplyToMessageId);
        Assert.Contains("1 小时内本群再出现这个号码不再重复提醒", warning.Text);
        Assert.Equal(1, await host.ScalarAsync<long>("SELECT count(*) FROM warnings_sent WHERE chat_id = @VillageChat", new { VillageChat }));

        // Another group is warned on its own; in the flooded group a message with another confirmed number is warned about that one.
        await Chat(-602, 3100, "0577 8888 9999 打给我说中奖了");
        Assert.Single(Warnings(-602));
        var (_, both) = await Chat(VillageChat, 3100, "057788889999 和 0577-6666 7777 都打过我");
        Assert.Equal(2, Warnings(VillageChat).Count);
        Assert.Equal(both, Warnings(VillageChat)[^1].ReplyToMessageId);
        Assert.Contains("0577 6666 7777", Warnings(VillageChat)[^1].Text);

        // An hour later the number is warned about again.
        await host.ScalarAsync<int>("WITH u AS (UPDATE warnings_sent SET created_at = created_at - interval '61 minutes' RETURNING 1) SELECT count(*)::int FROM u");
        var (_, later) = await Chat(VillageChat, 3666, "0577-8888 9999 领补贴");
        Assert.Equal(later, Warnings(VillageChat)[^1].ReplyToMessageId);
        Assert.Contains("0577 8888 9999", Warnings(VillageChat)[^1].Text);
    }

    [Fact]
    public async Task A_confirmed_number_posted_in_a_channels_name_is_warned()
    {
        await Private(Officer, "/alert 0577-8888 9999 village:渎浦村 自称公安让转账");

        // In a supergroup anyone may post as one of their channels: Telegram sends it from Channel_Bot, a bot, with sender_chat.
        const long messageId = 7_001;
        await host.HandledAsync(telegram.EnqueueUpdate($$$"""
            {"message":{"message_id":{{{messageId}}},"date":1,"from":{"id":136817688,"is_bot":true,"first_name":"Channel","username":"Channel_Bot"},
             "sender_chat":{"id":-1009876543210,"type":"channel","title":"政府补贴发放中心"},
             "chat":{"id":{{{VillageChat}}},"type":"supergroup","title":"渎浦村反诈群"},"text":"补贴今天截止，速打 0577-8888 9999 领取"}}
            """));

        Assert.Equal(messageId, Assert.Single(Warnings(VillageChat)).ReplyToMessageId);
    }

    [Fact]
    public async Task Same_reporter_three_times_raises_no_warning()
    {
        await Private(3001, "/report " + Scam);
        await Private(3001, "/report 0577-8888 9999 又打来了");
        await InGroup(VillageChat, 3001, "/report 0577 8888 9999 第三次");
        await Chat(VillageChat, 3100, "0577-8888 9999 是谁的电话？");

        Assert.Empty(Warnings(VillageChat));
        Assert.Equal(0, await host.ScalarAsync<long>("SELECT count(*) FROM warnings_sent"));
    }

    [Fact]
    public async Task Alert_confirms_the_number_broadcasts_and_later_messages_are_warned()
    {
        await host.HandledAsync(telegram.BotAdded(-602, "项东村反诈群", Officer));
        await InGroup(-602, Officer, "/bind 钱库镇 项东村");

        await Private(Officer, "/alert 0577-8888 9999 village:渎浦村 自称公安让转账");

        Assert.Equal("confirmed_fraud", await host.ScalarAsync<string>("SELECT verdict FROM indicator_verdicts WHERE kind = 'phone' AND value = @Number", new { Number }));
        // The alert goes out through the broadcast engine as a pinned urgent_alert campaign.
        await telegram.WaitForAsync(t => t.SentTo(VillageChat).FirstOrDefault(m => m.Text.Contains("紧急预警") && m.Text.Contains("0577 8888 9999")), TimeSpan.FromSeconds(20));
        Assert.Contains("going out to 1 groups", telegram.SentTo(Officer).Last().Text);
        Assert.Equal("sent", await host.WaitForAsync<string>("""
            SELECT d.status FROM deliveries d JOIN campaign_runs r ON r.id = d.run_id JOIN campaigns c ON c.id = r.campaign_id
            JOIN campaign_alerts a ON a.campaign_id = c.id
            WHERE c.template = 'urgent_alert' AND c.pin AND a.value = @Number AND d.status = 'sent'
            """, new { Number }));
        Assert.DoesNotContain(telegram.SentTo(-602), m => m.Text.Contains("紧急预警"));
        Assert.Equal(1, await host.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'indicator.confirm' AND actor = @actor", new { actor = $"tg:{Officer}" }));

        // Confirmed numbers warn everywhere, not only in the alert's target.
        await Chat(-602, 3100, "刚才 0577 8888 9999 打电话说我卡被冻结");
        var warning = Assert.Single(Warnings(-602));
        Assert.Contains("确认是诈骗", warning.Text);
    }

    [Fact]
    public async Task Alert_needs_the_officer_role_and_a_phone_or_link()
    {
        await Private(3001, "/alert 0577-8888 9999 all");
        Assert.Contains("needs the officer role", telegram.SentTo(3001).Last().Text);
        await Private(Officer, "/alert hello all");
        Assert.Contains("not a phone number or a link", telegram.SentTo(Officer).Last().Text);
        Assert.Equal(0, await host.ScalarAsync<long>("SELECT count(*) FROM indicator_verdicts"));
    }
}
