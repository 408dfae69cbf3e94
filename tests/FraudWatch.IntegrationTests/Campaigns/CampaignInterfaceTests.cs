using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using FraudWatch.Campaigns;
using FraudWatch.IntegrationTests.FakeTelegram;
using FraudWatch.IntegrationTests.Infrastructure;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static FraudWatch.IntegrationTests.Campaigns.CampaignKit;

namespace FraudWatch.IntegrationTests.Campaigns;

public sealed class CampaignInterfaceTests : IAsyncLifetime
{
    FakeBotApi telegram = null!;
    TestHost host = null!;

    public async Task InitializeAsync()
    {
        telegram = await FakeBotApi.StartAsync();
        host = await TestHost.StartAsync(telegram, Settings());
        await host.HandledAsync(telegram.PrivateText(TestHost.AdminUserId, $"/role {Officer} officer"));
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await telegram.DisposeAsync();
    }

    async Task<string> Ask(long userId, string text)
    {
        var before = telegram.SentTo(userId).Count;
        await host.HandledAsync(telegram.PrivateText(userId, text));
        return telegram.SentTo(userId).Skip(before).Last().Text;
    }

    [Fact]
    public async Task Officer_broadcasts_lists_and_cancels_from_a_private_chat()
    {
        var chats = await BindGroupsAsync(host, "望里镇", 2, -400);

        var created = await Ask(Officer, "/broadcast fake_credit village:望里镇村1 now");
        Assert.Contains("started now for 1 groups", created);
        var id = await host.ScalarAsync<long>("SELECT max(id) FROM campaigns");
        await FinishedAsync(host, id);
        Assert.Single(telegram.SentTo(chats[1]));
        Assert.Empty(telegram.SentTo(chats[0]));
        Assert.Equal($"tg:{Officer}", await host.ScalarAsync<string>("SELECT created_by FROM campaigns WHERE id = @id", new { id }));

        var scheduled = await Ask(Officer, "/broadcast fake_shopping all cron 0 9 * * 1");
        Assert.Contains("scheduled: cron 0 9 * * 1", scheduled);
        var list = await Ask(Officer, "/campaigns");
        Assert.Contains($"#{id} fake_credit", list);
        var recurring = await host.ScalarAsync<long>("SELECT max(id) FROM campaigns");
        Assert.Contains("cancelled", await Ask(Officer, $"/cancel {recurring}"));
        Assert.Equal("cancelled", await host.ScalarAsync<string>("SELECT status FROM campaigns WHERE id = @recurring", new { recurring }));

        Assert.Contains("Unknown template", await Ask(Officer, "/broadcast no_such all now"));
        Assert.Equal(2, await host.ScalarAsync<long>("SELECT count(*) FROM campaigns"));
    }

    [Fact]
    public async Task Resident_cannot_broadcast()
    {
        await BindGroupsAsync(host, "望里镇", 1, -450);
        Assert.Contains("needs the officer role", await Ask(3001, "/broadcast fake_credit all now"));
        Assert.Equal(0, await host.ScalarAsync<long>("SELECT count(*) FROM campaigns"));
    }

    [Fact]
    public async Task Preview_renders_as_that_group_gets_it()
    {
        var chats = await BindGroupsAsync(host, "赤溪镇", 1, -500);
        Assert.Contains("赤溪镇村0", await Ask(Officer, $"/preview impersonate_police {chats[0]}"));

        using var client = host.Client("officer");
        var preview = await client.PostAsJsonAsync("/api/v1/campaigns/preview", new { template = "impersonate_police", chatId = chats[0] });
        var text = (await preview.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("text").GetString();
        Assert.Contains("【赤溪镇村0反诈提醒】", text);

        var unknown = await client.PostAsJsonAsync("/api/v1/campaigns/preview", new { template = "impersonate_police", chatId = -1 });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.True((await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("chatId", out _));

        var templates = await client.GetFromJsonAsync<JsonElement>("/api/v1/templates");
        Assert.Contains(templates.EnumerateArray(), t => t.GetProperty("name").GetString() == "impersonate_police"
            && t.GetProperty("variables").EnumerateArray().Any(v => v.GetString() == "group.village"));
    }

    [Fact]
    public async Task Runs_of_an_expired_campaign_do_not_start()
    {
        // The campaign's clock, not the wall's: it expires an hour after it is made, and the clock then moves on two.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        // Its own fake Bot API: two hosts polling one fake would take each other's updates.
        await using var ownTelegram = await FakeBotApi.StartAsync();
        await using var own = await TestHost.StartAsync(ownTelegram, Settings(), services: s => s.AddSingleton<TimeProvider>(clock));
        await BindGroupsAsync(own, "矾山镇", 2, -600);
        var expires = clock.GetUtcNow().AddHours(1).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        // Hourly: a cron whose first firing would come after the expiry is refused.
        var id = (await CreateAsync(own, new { template = "weekly_reminder", target = "all", schedule = "cron 0 * * * *", expiresAt = expires })).GetProperty("id").GetInt64();
        clock.Advance(TimeSpan.FromHours(2));

        own.Get<IRecurringJobManager>().Trigger(CampaignService.RecurringId(id));
        await own.WaitForAsync<string>("SELECT status FROM campaigns WHERE id = @id AND status = 'expired'", new { id });

        Assert.Equal(0, await own.ScalarAsync<long>("SELECT count(*) FROM campaign_runs"));
        Assert.DoesNotContain(ownTelegram.Calls, c => c.Method == "sendMessage" && c.Params["chat_id"]!.ToString().StartsWith("-6", StringComparison.Ordinal));
    }

    // An expiry without an offset is the county's local time (Asia/Shanghai here, UTC+8) in every form an officer may write;
    // before the thirty-fifth session only "yyyy-MM-dd HH:mm" was, and the other forms were read as UTC.
    [Theory]
    [InlineData("2030-01-02 09:30", "2030-01-02T01:30:00Z")]
    [InlineData("2030-01-02 09:30:00", "2030-01-02T01:30:00Z")]
    [InlineData("2030-01-02T09:30", "2030-01-02T01:30:00Z")]
    [InlineData("2030-01-02", "2030-01-01T16:00:00Z")]
    [InlineData("2030-01-02T09:30:00+08:00", "2030-01-02T01:30:00Z")]
    [InlineData("2030-01-02T09:30:00Z", "2030-01-02T09:30:00Z")]
    public async Task An_expiry_without_an_offset_is_county_time(string expiresAt, string utc)
    {
        await BindGroupsAsync(host, "桥墩镇", 1, -800);
        var id = (await CreateAsync(host, new { template = "fake_loan", target = "township:桥墩镇", schedule = "cron 0 9 * * 1", expiresAt })).GetProperty("id").GetInt64();

        var stored = await host.ScalarAsync<DateTime>("SELECT expires_at FROM campaigns WHERE id = @id", new { id });
        Assert.Equal(DateTime.Parse(utc, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal), stored.ToUniversalTime());
    }

    // A cancel that comes while a run is being started waits for it and cancels it too. Here the start is held open by
    // hand at the point StartRunAsync holds the campaign's row with its run written; before the thirty-fifth session the
    // cancel read the runs from before its wait, and that run went on sending.
    [Fact]
    public async Task A_cancel_during_a_run_start_cancels_that_run()
    {
        var chats = await BindGroupsAsync(host, "马站镇", 1, -900);
        var id = (await CreateAsync(host, new { template = "fake_loan", target = "township:马站镇", schedule = "cron 0 9 * * 1" })).GetProperty("id").GetInt64();

        await using var starting = await host.Db.OpenConnectionAsync();
        await using var start = await starting.BeginTransactionAsync();
        await starting.ExecuteAsync("SELECT id FROM campaigns WHERE id = @id FOR UPDATE", new { id }, start);
        var run = await starting.QuerySingleAsync<long>("INSERT INTO campaign_runs (campaign_id, occurrence_at) VALUES (@id, now()) RETURNING id", new { id }, start);
        await starting.ExecuteAsync("""
            INSERT INTO deliveries (run_id, group_id, chat_id, next_attempt_at)
            SELECT @run, g.id, g.chat_id, now() + interval '1 hour' FROM groups g WHERE g.chat_id = @chat
            """, new { run, chat = chats[0] }, start);

        var cancel = host.Get<CampaignStore>().CancelAsync(id, CancellationToken.None);
        await Task.Delay(500);
        Assert.False(cancel.IsCompleted, "the cancel waits for the run being started");
        await start.CommitAsync();
        var (cancelled, runs) = await cancel;

        Assert.True(cancelled);
        Assert.Equal([run], runs);
        Assert.Equal("cancelled", await host.ScalarAsync<string>("SELECT status FROM campaign_runs WHERE id = @run", new { run }));
        Assert.Equal("cancelled", await host.ScalarAsync<string>("SELECT status FROM deliveries WHERE run_id = @run", new { run }));
    }

    // The API body is {template | text, target, schedule, pin, expiresAt} (and the officer's name and phone); an alert is
    // /alert's alone. Before, "alert" was read from the body: an incomplete one failed its insert with a 500 after the
    // campaign was stored, and the sweeper then started that campaign, every delivery failing for want of the alert.
    [Fact]
    public async Task An_alert_in_the_api_body_is_not_read()
    {
        await BindGroupsAsync(host, "藻溪镇", 1, -950);
        using var client = host.Client("officer");

        var response = await client.PostAsJsonAsync("/api/v1/campaigns", new { template = "urgent_alert", target = "all", schedule = "now", alert = new { } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await host.ScalarAsync<long>("SELECT count(*) FROM campaigns"));
    }

    // GET /api/v1/campaigns answers the newest 200: older campaigns, and a CSV of a past year, are reached by from and to.
    [Fact]
    public async Task Campaigns_older_than_the_newest_are_reached_by_from_to_and_limit()
    {
        await BindGroupsAsync(host, "矾山镇", 1, -980);
        using var client = host.Client("officer");
        foreach (var template in new[] { "fake_credit", "fake_shopping", "fake_loan" })
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/campaigns", new { template, target = "all", schedule = "cron 0 9 * * 1" })).StatusCode);
        await host.ScalarAsync<long>("UPDATE campaigns SET created_at = '2025-03-10 02:00+00' WHERE template = 'fake_credit' RETURNING 0");

        async Task<string[]> Templates(string query) =>
            [.. (await client.GetFromJsonAsync<JsonElement>("/api/v1/campaigns" + query)).EnumerateArray().Select(c => c.GetProperty("template").GetString()!)];
        Assert.Equal(["fake_loan", "fake_shopping", "fake_credit"], await Templates(""));
        Assert.Equal(["fake_loan"], await Templates("?limit=1"));
        Assert.Equal(["fake_credit"], await Templates("?from=2025-03-10&to=2025-03-10"));
        Assert.Equal(["fake_loan", "fake_shopping"], await Templates("?from=2026-01-01"));
        var csv = await client.GetStringAsync("/api/v1/campaigns?format=csv&to=2025-12-31");
        Assert.Contains("fake_credit", csv);
        Assert.DoesNotContain("fake_loan", csv);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/campaigns?limit=0")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/campaigns?from=2026-02-01&to=2026-01-01")).StatusCode);
    }

    // A script that times out waiting for the answer to POST /api/v1/campaigns and sends it again must not warn every
    // group twice: with the same Idempotency-Key it gets the first campaign back.
    [Fact]
    public async Task A_create_retried_with_the_same_idempotency_key_makes_one_campaign()
    {
        var chats = await BindGroupsAsync(host, "桥墩镇", 2, -970);
        using var client = host.Client("officer");
        async Task<HttpResponseMessage> Post(object body, string? key)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/campaigns") { Content = JsonContent.Create(body) };
            if (key is not null)
                request.Headers.Add("Idempotency-Key", key);
            return await client.SendAsync(request);
        }

        var body = new { template = "fake_credit", target = "township:桥墩镇", schedule = "now" };
        var first = await Post(body, "run-2026-12-07-0900");
        var again = await Post(body, "run-2026-12-07-0900");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        var id = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        Assert.Equal(id, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64());
        await FinishedAsync(host, id);
        Assert.Equal(1, await host.ScalarAsync<long>("SELECT count(*) FROM campaigns"));
        Assert.All(chats, chat => Assert.Single(telegram.SentTo(chat)));

        // The same key for another campaign is a mistake, said so; a bad key is a 400 naming the header.
        var reused = await Post(new { template = "fake_shopping", target = "township:桥墩镇", schedule = "now" }, "run-2026-12-07-0900");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        var bad = await Post(body, new string('k', 201));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("Idempotency-Key", await bad.Content.ReadAsStringAsync());
        Assert.Equal(1, await host.ScalarAsync<long>("SELECT count(*) FROM campaigns"));

        // A new key is a new request.
        Assert.Equal(HttpStatusCode.Created, (await Post(body, "another-key")).StatusCode);
        Assert.Equal(2, await host.ScalarAsync<long>("SELECT count(*) FROM campaigns"));
    }

    // A command whose handling fails after its campaign is made is handled again (UpdateProcessor retries it, as it resumes
    // one cut short by a crash). Here the officer's reply cannot be recorded once; before, the second handling made a
    // second campaign and the group got the warning twice.
    [Fact]
    public async Task A_broadcast_handled_again_after_a_failure_sends_once()
    {
        var chats = await BindGroupsAsync(host, "岱岭乡", 1, -960);
        await using (var connection = await host.Db.OpenConnectionAsync())
            await connection.ExecuteAsync($$"""
            CREATE SEQUENCE fail_once;
            CREATE FUNCTION fail_once() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                -- A sequence is not rolled back with the failed insert: the first reply fails, the ones after it do not.
                IF NEW.chat_id = {{Officer}} AND nextval('fail_once') = 1 THEN
                    RAISE EXCEPTION 'the reply could not be recorded';
                END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER fail_once BEFORE INSERT ON bot_messages FOR EACH ROW EXECUTE FUNCTION fail_once();
            """);

        await host.HandledAsync(telegram.PrivateText(Officer, "/broadcast fake_credit township:岱岭乡 now"));
        var id = await host.ScalarAsync<long>("SELECT max(id) FROM campaigns");
        await FinishedAsync(host, id);

        Assert.True(await host.ScalarAsync<long>("SELECT last_value FROM fail_once") >= 2, "the command was handled again");
        Assert.Equal(1, await host.ScalarAsync<long>("SELECT count(*) FROM campaigns"));
        Assert.Single(telegram.SentTo(chats[0]));
        Assert.Contains("started now for 1 groups", telegram.SentTo(Officer).Last().Text);
    }

    // The console writes a target as "village:A, tag:B". In /broadcast only its first word was the target ("township:A,")
    // and the rest was read as the schedule: the command was refused with "Unknown target" instead of reaching both.
    [Fact]
    public async Task A_broadcast_target_may_have_spaces_after_its_commas()
    {
        var a = await BindGroupsAsync(host, "南宋镇", 1, -970);
        var b = await BindGroupsAsync(host, "霞关镇", 1, -980);

        var created = await Ask(Officer, "/broadcast fake_credit township:南宋镇, township:霞关镇 now");

        Assert.Contains("started now for 2 groups", created);
        await FinishedAsync(host, await host.ScalarAsync<long>("SELECT max(id) FROM campaigns"));
        Assert.Single(telegram.SentTo(a[0]));
        Assert.Single(telegram.SentTo(b[0]));
    }

    [Fact]
    public async Task Scheduled_campaign_waits_for_its_time()
    {
        await BindGroupsAsync(host, "凤阳乡", 1, -700);
        var created = await CreateAsync(host, new { template = "fake_loan", target = "all", schedule = "at 2099-01-01 09:00", pin = true });

        Assert.Equal("scheduled", created.GetProperty("status").GetString());
        Assert.Equal("at 2099-01-01 09:00", created.GetProperty("schedule").GetString());
        Assert.Equal(0, await host.ScalarAsync<long>("SELECT count(*) FROM campaign_runs"));
    }
}
