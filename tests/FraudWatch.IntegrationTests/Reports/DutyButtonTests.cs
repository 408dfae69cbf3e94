using System.Net.Http.Json;
using FraudWatch.IntegrationTests.FakeTelegram;

namespace FraudWatch.IntegrationTests.Reports;

/// <summary>
/// Buttons in the duty group, pressed as officers and others really press them: every press is answered (or the button
/// spins on the officer's phone), whatever the data, the presser, or what Telegram says to the edit that follows.
/// </summary>
public sealed class DutyButtonTests : ReportsTestBase
{
    const long Resident = 3001;

    async Task<long> FileReportAsync()
    {
        await InGroup(VillageChat, Resident, "/report " + Scam);
        return await LastReportId();
    }

    /// <summary>The notes of the presses answered so far, in order ("" for an answer with no note).</summary>
    List<string> Answers() => telegram.Calls
        .Where(c => c.Method.Equals("answerCallbackQuery", StringComparison.OrdinalIgnoreCase) && c.StatusCode == 200)
        .Select(c => (string?)c.Params["text"] ?? "")
        .ToList();

    [Fact]
    public async Task A_press_no_feature_knows_is_answered_as_no_longer_valid()
    {
        var id = await FileReportAsync();
        var post = DutyPost(id);

        // A button of an older version, a tampered prefix, and no data at all.
        var presses = new[] { "old:1:dissuaded", "REP:1:loss", "" };
        foreach (var data in presses)
            await host.HandledAsync(telegram.CallbackQuery(Officer, DutyChat, post.MessageId, data));

        Assert.Empty(telegram.UnansweredCallbackQueries);
        Assert.Equal(["这个按钮已失效。", "这个按钮已失效。", "这个按钮已失效。"], Answers());
        Assert.Equal("new", await host.ScalarAsync<string>("SELECT status FROM reports WHERE id = @id", new { id }));
    }

    [Fact]
    public async Task Every_press_of_the_wave_button_is_answered_and_a_refusal_writes_nothing_in_the_duty_group()
    {
        var posted = telegram.SentTo(DutyChat).Count;
        await host.HandledAsync(telegram.CallbackQuery(Officer, DutyChat, 1, "wave:abc"));
        await host.HandledAsync(telegram.CallbackQuery(Officer, DutyChat, 1, "wave:987654"));
        await host.HandledAsync(telegram.CallbackQuery(Resident, DutyChat, 1, "wave:987654"));

        Assert.Empty(telegram.UnansweredCallbackQueries);
        Assert.Equal(["这个按钮已失效。", "", "发送预警需要民警权限。"], Answers());
        // The officer's press on an unknown wave is told so in the chat, as every warn result is; a resident's is only a note.
        Assert.Equal(posted + 1, telegram.SentTo(DutyChat).Count);
        Assert.Equal(0, await host.ScalarAsync<long>("SELECT count(*) FROM campaigns"));
    }

    // Telegram drops a press's answer after a few seconds ("query is too old"); an edit of the post can take up to the
    // gateway's 10 s when Telegram is slow. Before, each button edited the post first and answered after: the officer's
    // button spun, then showed nothing, though the decision was stored.
    [Fact]
    public async Task A_press_is_answered_before_the_post_is_edited_so_a_slow_edit_leaves_no_button_spinning()
    {
        var id = await FileReportAsync();
        var post = DutyPost(id);
        telegram.CallbackQueryLifetime = TimeSpan.FromSeconds(5);
        var slow = FaultKind.Timeout(TimeSpan.FromSeconds(9));

        telegram.FaultMethod("editMessageReplyMarkup", slow, times: 1);
        await host.HandledAsync(telegram.CallbackQuery(Officer, DutyChat, post.MessageId, $"rtp:{id}"), seconds: 30);
        telegram.FaultMethod("editMessageText", slow, times: 1);
        await host.HandledAsync(telegram.CallbackQuery(Officer, DutyChat, post.MessageId, $"rtp:{id}:fake_investment"), seconds: 30);
        telegram.FaultMethod("editMessageText", slow, times: 1);
        await host.HandledAsync(telegram.CallbackQuery(Assistant, DutyChat, post.MessageId, $"rep:{id}:dissuaded"), seconds: 30);

        Assert.Empty(telegram.UnansweredCallbackQueries);
        Assert.Equal([$"请选择 #{id} 的正确类型。", $"#{id} 已改为虚假网络投资理财，统计按新类型计。", "已记录：已劝阻"], Answers());
        Assert.Equal(("resolved", "dissuaded", "fake_investment"), Assert.Single(await host.QueryAsync<(string, string, string)>(
            "SELECT status, outcome, fraud_type FROM reports WHERE id = @id", new { id })));
    }

    // Before, a decision whose edit Telegram turned away (429, 502, a timeout) left the post as it was for good: its buttons
    // still offered, no outcome shown, until some later change to the same report.
    [Fact]
    public async Task A_post_whose_edit_Telegram_turned_away_is_brought_up_to_date_later()
    {
        var id = await FileReportAsync();
        var post = DutyPost(id);
        telegram.FaultMethod("editMessageText", FaultKind.BadGatewayHtml, times: 1);
        await host.HandledAsync(telegram.CallbackQuery(Assistant, DutyChat, post.MessageId, $"rep:{id}:dissuaded"), seconds: 30);
        var rateLimited = await FileReportAsync();
        var second = DutyPost(rateLimited);
        telegram.FaultMethod("editMessageText", FaultKind.TooManyRequests(2), times: 1);
        await host.HandledAsync(telegram.CallbackQuery(Assistant, DutyChat, second.MessageId, $"rep:{rateLimited}:not_fraud"), seconds: 30);

        foreach (var (report, outcome) in new[] { (id, "已劝阻"), (rateLimited, "不是诈骗") })
        {
            var updated = await telegram.WaitForAsync(t => t.SentTo(DutyChat).SingleOrDefault(m =>
                m.Text.Contains($"#{report}</b>", StringComparison.Ordinal) && m.Text.Contains(outcome, StringComparison.Ordinal)), TimeSpan.FromSeconds(60));
            Assert.Null(updated.ReplyMarkupJson);
        }

        var refused = telegram.Calls.First(c => c.Method == "editMessageText" && c.StatusCode == 429);
        var retried = telegram.Calls.First(c => c.Method == "editMessageText" && c.StatusCode == 200 && c.AtUtc > refused.AtUtc
            && (long?)c.Params["message_id"] == second.MessageId);
        Assert.True(retried.AtUtc - refused.AtUtc >= TimeSpan.FromSeconds(1.9), "tried again before retry_after");
    }

    // Reports wait for the duty group (none, or the bot out of it, or its 20 posts a minute used up) while officers decide
    // them in the console or the API. Before, such a report's post came with no buttons and no word of the decision.
    [Fact]
    public async Task A_report_decided_before_its_post_goes_up_is_posted_with_its_outcome()
    {
        await host.HandledAsync(telegram.BotRemoved(DutyChat, kicked: true));
        var id = await FileReportAsync();
        var response = await host.Client("assistant").PostAsJsonAsync($"/api/v1/reports/{id}/outcome", new { outcome = "intercepted", amount = 20000 });
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);

        await host.HandledAsync(telegram.BotAdded(DutyChat, "值班群", Officer));
        await InGroup(VillageChat, 3002, "/report 网上认识的老师带我炒股，说稳赚不赔 http://gupiao-vip.cc");

        var post = DutyPost(id);
        Assert.Contains("✅ 结果：<b>已拦截</b>，保护 ¥20,000", post.Text);
        Assert.Null(post.ReplyMarkupJson);
    }
}
