using Dapper;
using FraudWatch.IntegrationTests.FakeTelegram;
using FraudWatch.IntegrationTests.Infrastructure;
using FraudWatch.Reports;

namespace FraudWatch.IntegrationTests.Reports;

/// <summary>Telegram's limits never hold intake up: an answer or warning that cannot go out at once is queued and sent later.</summary>
public sealed class QueuedReplyTests : IAsyncLifetime
{
    const long Officer = 2001;
    const long VillageChat = -611;
    const string Scam = "自称县公安局民警，说我涉嫌洗钱，要我把钱转到安全账户，电话 0577-8888 9999";
    FakeBotApi telegram = null!;
    TestHost host = null!;

    public async Task InitializeAsync()
    {
        telegram = await FakeBotApi.StartAsync();
        // Two messages a minute per group: the village group is full after a couple of answers.
        host = await TestHost.StartAsync(telegram, new Dictionary<string, string?> { ["Broadcast:GroupMessagesPerMinute"] = "2" });
        await host.HandledAsync(telegram.PrivateText(TestHost.AdminUserId, $"/role {Officer} officer"));
        await host.HandledAsync(telegram.BotAdded(VillageChat, "渎浦村反诈群", Officer));
        await host.HandledAsync(telegram.GroupText(VillageChat, Officer, "/bind 灵溪镇 渎浦村"));
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await telegram.DisposeAsync();
    }

    [Fact]
    public async Task Reports_in_a_group_over_its_minute_limit_are_stored_at_once_and_their_answers_queued()
    {
        // Waiting for the group's window would take a minute per answer: each report must be handled well within that.
        for (var resident = 3001; resident <= 3005; resident++)
            await host.HandledAsync(telegram.GroupText(VillageChat, resident, "/report " + Scam), seconds: 30);

        Assert.Equal(5, await host.ScalarAsync<long>("SELECT count(*) FROM reports"));
        var queued = await host.ScalarAsync<long>("SELECT count(*) FROM reports WHERE answer_pending");
        Assert.True(queued >= 3, $"{queued} answers queued");
        Assert.True(telegram.SentTo(VillageChat).Count <= 2 + 1, "the group's limit was exceeded"); // + the bind answer may predate the window
    }

    [Fact]
    public async Task Reports_whose_answers_wait_join_their_wave_in_the_background()
    {
        for (var resident = 3201; resident <= 3206; resident++)
            await host.HandledAsync(telegram.GroupText(VillageChat, resident, "/report " + Scam), seconds: 30);
        Assert.True(await host.ScalarAsync<long>("SELECT count(*) FROM reports WHERE answer_pending") >= 3);

        // The answers still wait for the group's minute, but every report is in the one wave and none waits to join.
        await host.WaitForAsync<long>("SELECT count(*) FROM reports WHERE wave_pending", until: n => n == 0, seconds: 30);
        Assert.Equal(6, await host.ScalarAsync<long>("SELECT count(*) FROM wave_texts"));
        Assert.Equal(6, await host.ScalarAsync<int>("SELECT report_count FROM waves"));
        Assert.Equal(["phone:+8657788889999"], await host.QueryAsync<string>("SELECT kind || ':' || value FROM wave_indicators"));
        Assert.Equal(["渎浦村"], await host.QueryAsync<string>("SELECT village FROM wave_villages"));
    }

    [Fact]
    public async Task While_Telegram_asks_everyone_to_pause_reports_are_stored_with_their_answer_and_wave_join_queued()
    {
        // A 429 on a private reply pauses every send for 30 s: the limiter is congested.
        telegram.Fault(3401, FakeTelegram.FaultKind.TooManyRequests(30), times: 1);
        await host.HandledAsync(telegram.PrivateText(3401, "/help"), seconds: 15);
        var sendsBefore = telegram.SentTo(VillageChat).Count;

        for (var resident = 3402; resident <= 3404; resident++)
            await host.HandledAsync(telegram.GroupText(VillageChat, resident, "/report " + Scam), seconds: 15);

        Assert.Equal(3, await host.ScalarAsync<long>("SELECT count(*) FROM reports WHERE answer_pending"));
        Assert.Equal(sendsBefore, telegram.SentTo(VillageChat).Count);
        await host.WaitForAsync<long>("SELECT count(*) FROM reports WHERE wave_pending", until: n => n == 0, seconds: 30);
        Assert.Equal(3, await host.ScalarAsync<int>("SELECT report_count FROM waves"));
    }

    [Fact]
    public async Task A_queued_answer_names_the_spread_of_its_wave()
    {
        await host.HandledAsync(telegram.PrivateText(3301, "/report " + Scam));
        await host.HandledAsync(telegram.GroupText(VillageChat, 3302, "/report " + Scam));
        await host.HandledAsync(telegram.PrivateText(3303, "/report " + Scam));
        var id = await host.ScalarAsync<long>("SELECT max(id) FROM reports");

        await host.Get<QueuedReplies>().QueueAnswerAsync(id, joinWave: true, CancellationToken.None);
        await host.WaitForAsync<long>("SELECT count(*) FROM reports WHERE id = @id AND NOT answer_pending", new { id }, seconds: 15);

        Assert.Equal(2, telegram.SentTo(3303).Count);
        Assert.Matches("已在 1 个村被举报 3 次|reported 3 times in 1 village\\.", telegram.SentTo(3303)[^1].Text);
    }

    [Fact]
    public async Task A_queued_answer_is_sent_in_the_background_and_one_left_by_a_dead_instance_is_taken_up()
    {
        const long Resident = 3101;
        await host.HandledAsync(telegram.PrivateText(Resident, "/report " + Scam));
        var id = await host.ScalarAsync<long>("SELECT max(id) FROM reports");
        Assert.Single(telegram.SentTo(Resident));

        await host.Get<QueuedReplies>().QueueAnswerAsync(id, joinWave: false, CancellationToken.None);
        await host.WaitForAsync<long>("SELECT count(*) FROM reports WHERE id = @id AND NOT answer_pending", new { id }, seconds: 15);
        Assert.Equal(2, telegram.SentTo(Resident).Count);
        Assert.Contains($"#{id}", telegram.SentTo(Resident)[^1].Text);

        // Claimed three minutes ago by an instance that never finished: the lease has run out, so it is sent again.
        await using (var connection = await host.Db.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("UPDATE reports SET answer_pending = true, answer_claimed_at = now() - interval '3 minutes' WHERE id = @id", new { id });
        }

        await host.WaitForAsync<long>("SELECT count(*) FROM reports WHERE id = @id AND NOT answer_pending", new { id }, seconds: 15);
        Assert.Equal(3, telegram.SentTo(Resident).Count);
    }

    [Fact]
    public async Task Warnings_in_a_group_over_its_minute_limit_are_queued_without_holding_the_chat_up()
    {
        await using (var connection = await host.Db.OpenConnectionAsync())
        {
            // Five confirmed numbers: a group is warned about each number once an hour, so five warnings need five numbers.
            await connection.ExecuteAsync(
                "INSERT INTO indicator_verdicts (kind, value, verdict, by) SELECT 'phone', '+86577888899' || n, 'confirmed_fraud', 'test' FROM generate_series(10, 14) n");
        }

        for (var resident = 3201; resident <= 3205; resident++)
            await host.HandledAsync(telegram.GroupText(VillageChat, resident, $"谁知道这个号码 0577-8888 99{resident - 3191} 是干嘛的？第{resident}次"), seconds: 30);

        Assert.Equal(5, await host.ScalarAsync<long>("SELECT count(*) FROM warnings_sent"));
        var queued = await host.ScalarAsync<long>("SELECT count(*) FROM warnings_sent WHERE pending");
        Assert.True(queued >= 3, $"{queued} warnings queued");
        Assert.Equal(queued, await host.ScalarAsync<long>("SELECT count(*) FROM warnings_sent WHERE pending AND reply LIKE '%96110%'"));
    }

    [Fact]
    public async Task A_queued_warning_left_by_a_dead_instance_is_sent_once_its_lease_runs_out()
    {
        const long OtherGroup = -612;
        await using (var connection = await host.Db.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("""
                INSERT INTO warnings_sent (chat_id, message_id, kind, value, reason, text, pending, claimed_at, reply)
                VALUES (@OtherGroup, 77, 'phone', '+8657788889999', 'confirmed', '原消息', true, now() - interval '3 minutes', '⚠️ 反诈提醒 96110')
                """, new { OtherGroup });
        }

        await host.WaitForAsync<long>("SELECT count(*) FROM warnings_sent WHERE chat_id = @OtherGroup AND NOT pending AND bot_message_id IS NOT NULL", new { OtherGroup }, seconds: 15);
        // Message 77 is not in the fake chat, so, as Telegram does with allow_sending_without_reply, it goes out as a plain message.
        Assert.Equal("⚠️ 反诈提醒 96110", Assert.Single(telegram.SentTo(OtherGroup)).Text);
    }
}
