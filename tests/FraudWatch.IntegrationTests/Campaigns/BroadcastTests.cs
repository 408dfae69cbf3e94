using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FraudWatch.Campaigns;
using FraudWatch.IntegrationTests.FakeTelegram;
using FraudWatch.IntegrationTests.Infrastructure;
using Hangfire;
using static FraudWatch.IntegrationTests.Campaigns.CampaignKit;

namespace FraudWatch.IntegrationTests.Campaigns;

public sealed class BroadcastTests : IAsyncLifetime
{
    FakeBotApi telegram = null!;
    readonly List<TestHost> hosts = [];

    public async Task InitializeAsync() => telegram = await FakeBotApi.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var host in hosts)
            await host.DisposeAsync();
        await telegram.DisposeAsync();
    }

    async Task<TestHost> StartAsync(Dictionary<string, string?>? settings = null, string? connectionString = null, bool dryRun = false)
    {
        var host = await TestHost.StartAsync(dryRun ? null : telegram, settings ?? Settings(), connectionString);
        hosts.Add(host);
        return host;
    }

    // A group the bot left or that was unbound while a run was under way gets nothing more (PRODUCT.md: no delivery is
    // tried again until it is re-added); its delivery is skipped. Before the thirty-fifth session both were still sent.
    [Fact]
    public async Task A_group_that_leaves_or_is_unbound_during_a_run_gets_nothing_more()
    {
        var host = await StartAsync(Settings(("Broadcast:MessagesPerSecond", "5")));
        var chats = await BindGroupsAsync(host, "藻溪镇", 30, -6000);
        var id = (await CreateAsync(host, new { template = "romance", target = "township:藻溪镇", schedule = "now" })).GetProperty("id").GetInt64();
        await host.WaitForAsync<long>("SELECT count(*) FROM deliveries WHERE status = 'sent'", until: n => n >= 2);
        var (left, unbound) = (chats[^1], chats[^2]);
        await host.Get<FraudWatch.Groups.GroupStore>().MarkLeftAsync(left);
        await host.Get<FraudWatch.Groups.GroupStore>().UnbindAsync(unbound);

        await FinishedAsync(host, id, seconds: 90);
        var deliveries = await DeliveriesAsync(host, id);
        Assert.Equal(("skipped", "the bot left the group before its turn"), deliveries.Single(d => d.ChatId == left) is var l ? (l.Status, l.Error) : default);
        Assert.Equal(("skipped", "the group was unbound before its turn"), deliveries.Single(d => d.ChatId == unbound) is var u ? (u.Status, u.Error) : default);
        Assert.Empty(telegram.SentTo(left));
        Assert.Empty(telegram.SentTo(unbound));
        Assert.Equal(28, deliveries.Count(d => d.Status == "sent"));
    }

    [Fact]
    public async Task Township_campaign_reaches_exactly_its_active_groups_once()
    {
        var host = await StartAsync();
        var lingxi = await BindGroupsAsync(host, "灵溪镇", 6, -1000, members: 30);
        var other = await BindGroupsAsync(host, "钱库镇", 3, -2000);
        await host.Get<FraudWatch.Groups.GroupStore>().UnbindAsync(lingxi[4]);   // pending: not targeted
        await host.Get<FraudWatch.Groups.GroupStore>().MarkLeftAsync(lingxi[5]); // left: not targeted

        var created = await CreateAsync(host, new { template = "impersonate_police", target = "township:灵溪镇", schedule = "now" });
        var id = created.GetProperty("id").GetInt64();
        await FinishedAsync(host, id);

        foreach (var chat in lingxi[..4])
        {
            var message = Assert.Single(telegram.SentTo(chat));
            Assert.Contains("灵溪镇村", message.Text);
            Assert.Contains("公检法不会电话办案", message.Text);
        }

        foreach (var chat in other.Concat(lingxi[4..]))
            Assert.Empty(telegram.SentTo(chat));
        var view = await GetAsync(host, id);
        Assert.Equal((4, 4, 0, 0, 120L), (view.GetProperty("targeted").GetInt32(), view.GetProperty("sent").GetInt32(),
            view.GetProperty("failed").GetInt32(), view.GetProperty("pending").GetInt32(), view.GetProperty("reach").GetInt64()));
        Assert.Equal("done", view.GetProperty("status").GetString());
        Assert.Equal(1, await host.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'campaign.create' AND subject = @s", new { s = $"campaign:{id}" }));
    }

    [Fact]
    public async Task Kicked_migrated_429_and_502_end_in_the_right_states_with_no_group_missed()
    {
        var host = await StartAsync();
        var chats = await BindGroupsAsync(host, "马站镇", 10, -3000);
        const long supergroup = -1009990000001;
        telegram.Fault(chats[0], FaultKind.Kicked);
        telegram.Fault(chats[1], FaultKind.Migrated(supergroup), times: 1);
        telegram.Fault(chats[2], FaultKind.TooManyRequests(1), times: 1);
        telegram.Fault(chats[3], FaultKind.BadGatewayJson, times: 2);
        telegram.Fault(chats[4], FaultKind.BadGatewayHtml, times: 2);
        telegram.Fault(chats[5], FaultKind.BadGatewayHtml);           // never recovers
        telegram.Fault(chats[6], FaultKind.Timeout(TimeSpan.FromSeconds(3)), times: 1);

        var id = (await CreateAsync(host, new { text = "今晚8点 村委会反诈讲座，欢迎参加。", target = "township:马站镇", schedule = "now" })).GetProperty("id").GetInt64();
        await FinishedAsync(host, id);

        var states = (await DeliveriesAsync(host, id)).ToDictionary(d => d.ChatId);
        Assert.Equal("skipped", states[chats[0]].Status);
        Assert.Equal("left", await host.ScalarAsync<string>("SELECT status FROM groups WHERE chat_id = @c", new { c = chats[0] }));
        Assert.Equal("sent", states[supergroup].Status);
        Assert.Single(telegram.SentTo(supergroup));
        Assert.Equal(supergroup, await host.ScalarAsync<long>("SELECT chat_id FROM groups WHERE title = '马站镇 group 1'"));
        Assert.Equal("failed", states[chats[5]].Status);
        Assert.Contains("502", states[chats[5]].Error);
        foreach (var chat in new[] { chats[2], chats[3], chats[4], chats[6], chats[7], chats[8], chats[9] })
        {
            Assert.Equal("sent", states[chat].Status);
            Assert.Single(telegram.SentTo(chat));
        }

        var view = await GetAsync(host, id);
        Assert.Equal((10, 8, 1, 1), (view.GetProperty("targeted").GetInt32(), view.GetProperty("sent").GetInt32(), view.GetProperty("failed").GetInt32(), view.GetProperty("skipped").GetInt32()));
    }

    [Fact]
    public async Task A_429_pauses_the_whole_broadcast_for_retry_after()
    {
        var host = await StartAsync();
        var chats = await BindGroupsAsync(host, "金乡镇", 12, -4000);
        telegram.Fault(chats[0], FaultKind.TooManyRequests(2), times: 1);

        var id = (await CreateAsync(host, new { text = "提醒：陌生来电要转账，先挂断。", target = "township:金乡镇", schedule = "now" })).GetProperty("id").GetInt64();
        await FinishedAsync(host, id);

        var calls = telegram.Calls.Where(c => c.Method.Equals("sendMessage", StringComparison.OrdinalIgnoreCase)).ToList();
        var refused = calls.First(c => c.StatusCode == 429);
        // Sends already on the wire when the 429 came may land just after it; nothing new starts during the pause.
        var during = calls.Where(c => c.AtUtc > refused.AtUtc.AddMilliseconds(100) && c.AtUtc < refused.AtUtc.AddSeconds(1.9)).ToList();
        Assert.True(during.Count == 0, $"{during.Count} sends during the pause after {refused.AtUtc:HH:mm:ss.fff}: {string.Join(", ", during.Select(c => c.AtUtc.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture)))}");
        Assert.Contains(calls, c => c.AtUtc >= refused.AtUtc.AddSeconds(1.9));
        Assert.All(chats, chat => Assert.Single(telegram.SentTo(chat)));
    }

    [Fact]
    public async Task Sends_keep_to_the_configured_limits()
    {
        telegram.ConfigureLimits(globalPerSecond: 10, perChatPerMinute: 20);
        var host = await StartAsync(Settings(("Broadcast:MessagesPerSecond", "10")));
        var chats = await BindGroupsAsync(host, "宜山镇", 35, -5000);

        var id = (await CreateAsync(host, new { template = "fake_loan", target = "all", schedule = "now" })).GetProperty("id").GetInt64();
        await FinishedAsync(host, id);

        Assert.All(chats, chat => Assert.Single(telegram.SentTo(chat)));
        Assert.True(telegram.RateViolations == 0, $"{telegram.RateViolations} sends over the limits: {telegram.RateViolationDetails}");
    }

    [Fact]
    public async Task Cancel_mid_run_stops_every_delivery_not_yet_sent()
    {
        var host = await StartAsync(Settings(("Broadcast:MessagesPerSecond", "5")));
        var chats = await BindGroupsAsync(host, "藻溪镇", 40, -6000);
        var id = (await CreateAsync(host, new { template = "romance", target = "tag:none,township:藻溪镇", schedule = "now" })).GetProperty("id").GetInt64();
        await host.WaitForAsync<long>("SELECT count(*) FROM deliveries WHERE status = 'sent'", until: n => n >= 3);

        using var client = host.Client("officer");
        var response = await client.PostAsync($"/api/v1/campaigns/{id}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await FinishedAsync(host, id);
        var sentAtCancel = telegram.SendCount;
        await Task.Delay(1500);

        Assert.Equal(sentAtCancel, telegram.SendCount);
        var states = await DeliveriesAsync(host, id);
        var sent = states.Count(s => s.Status == "sent");
        Assert.Equal(40, sent + states.Count(s => s.Status == "cancelled"));
        Assert.InRange(sent, 3, 39);
        var dump = await host.QueryAsync<(long, string, DateTime?)>("SELECT chat_id, status, finished_at FROM deliveries ORDER BY id");
        Assert.True(sent == chats.Count(c => telegram.SentTo(c).Count == 1), string.Join("\n", dump.Select(d => $"{d} {telegram.SentTo(d.Item1).Count}")));
        var view = await GetAsync(host, id);
        Assert.Equal("cancelled", view.GetProperty("status").GetString());
        Assert.Equal(1, await host.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'campaign.cancel'"));
    }

    [Fact]
    public async Task Recurring_campaign_fires_twice_each_firing_its_own_run()
    {
        var host = await StartAsync();
        var chats = await BindGroupsAsync(host, "桥墩镇", 3, -7000);
        var id = (await CreateAsync(host, new { template = "weekly_reminder", target = "village:桥墩镇村0,village:桥墩镇村2", schedule = "cron 0 9 * * 1" })).GetProperty("id").GetInt64();
        var jobs = host.Get<IRecurringJobManager>();

        jobs.Trigger(CampaignService.RecurringId(id));
        await FinishedAsync(host, id, runs: 1);
        jobs.Trigger(CampaignService.RecurringId(id));
        await FinishedAsync(host, id, runs: 2);

        Assert.Equal(2, telegram.SentTo(chats[0]).Count);
        Assert.Equal(2, telegram.SentTo(chats[2]).Count);
        Assert.Empty(telegram.SentTo(chats[1]));
        var view = await GetAsync(host, id);
        Assert.Equal(2, view.GetProperty("runs").GetArrayLength());
        Assert.All(view.GetProperty("runs").EnumerateArray(), run => Assert.Equal(2, run.GetProperty("sent").GetInt32()));
        Assert.Equal("scheduled", view.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Dry_run_records_the_exact_text_and_sends_nothing()
    {
        var host = await StartAsync(dryRun: true);
        var chats = await BindGroupsAsync(host, "龙港镇", 2, -8000);
        var id = (await CreateAsync(host, new { template = "task_rebate", target = "group:" + chats[1], schedule = "now", officerName = "庄海伦", officerPhone = "0577-6478 0110" })).GetProperty("id").GetInt64();
        await FinishedAsync(host, id);

        var text = await host.ScalarAsync<string>("SELECT rendered_text FROM deliveries WHERE status = 'dry_run' AND chat_id = @c", new { c = chats[1] });
        var expected = host.Get<WarningRenderer>().Render("task_rebate", null, "龙港镇", "龙港镇村1", "龙港镇 group 1", "zh-CN", "庄海伦", "0577-6478 0110");
        Assert.Equal(expected.Text, text);
        Assert.Contains("庄海伦", text);
        Assert.Empty(telegram.Calls);
        Assert.Equal(1, (await GetAsync(host, id)).GetProperty("dryRun").GetInt32());
    }

    [Fact]
    public async Task Two_instances_share_one_run_with_no_duplicates()
    {
        telegram.ResponseDelay = TimeSpan.FromMilliseconds(20);
        var settings = Settings(("Broadcast:MessagesPerSecond", "100"), ("Broadcast:MaxInFlight", "8"));
        var first = await StartAsync(settings);
        var second = await StartAsync(settings, first.ConnectionString);
        var chats = await BindGroupsAsync(first, "霞关镇", 120, -9000);

        var id = (await CreateAsync(first, new { text = "霞关镇：近期冒充客服退款诈骗高发。", target = "township:霞关镇", schedule = "now" })).GetProperty("id").GetInt64();
        second.Get<FraudWatch.Broadcasting.BroadcastEngine>().Wake();
        await FinishedAsync(first, id);

        Assert.All(chats, chat => Assert.Single(telegram.SentTo(chat)));
        Assert.Equal(2, await first.ScalarAsync<long>("SELECT count(DISTINCT sent_by) FROM deliveries"));
    }

    [Theory]
    [InlineData("{\"template\":\"no_such\",\"target\":\"all\",\"schedule\":\"now\"}", "template")]
    [InlineData("{\"template\":\"fake_loan\",\"target\":\"county:x\",\"schedule\":\"now\"}", "target")]
    [InlineData("{\"template\":\"fake_loan\",\"target\":\"township:无此镇\",\"schedule\":\"now\"}", "target")]
    [InlineData("{\"template\":\"fake_loan\",\"target\":\"all\",\"schedule\":\"cron 61 * * * *\"}", "schedule")]
    [InlineData("{\"template\":\"fake_loan\",\"target\":\"all\",\"schedule\":\"at 2001-01-01 09:00\"}", "schedule")]
    [InlineData("{\"template\":\"urgent_alert\",\"target\":\"all\",\"schedule\":\"now\"}", "template")]
    [InlineData("{\"text\":\"TOO_LONG\",\"target\":\"all\",\"schedule\":\"now\"}", "text")]
    public async Task Bad_input_gets_a_problem_naming_the_field_and_creates_nothing(string body, string field)
    {
        var host = await StartAsync();
        await BindGroupsAsync(host, "南宋镇", 1, -9900);
        using var client = host.Client("officer");
        var response = await client.PostAsync("/api/v1/campaigns",
            new StringContent(body.Replace("TOO_LONG", new string('警', 4100), StringComparison.Ordinal), System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(0, await host.ScalarAsync<long>("SELECT count(*) FROM campaigns"));
    }

    [Fact]
    public async Task Campaign_endpoints_need_the_officer_role()
    {
        var host = await StartAsync();
        using var analyst = host.Client("analyst");
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.GetAsync("/api/v1/campaigns")).StatusCode);
        using var anonymous = host.Client();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/v1/campaigns", new { text = "x", target = "all" })).StatusCode);
    }
}
