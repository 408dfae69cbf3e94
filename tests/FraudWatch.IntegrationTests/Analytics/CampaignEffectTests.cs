using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using FraudWatch.IntegrationTests.Infrastructure;
using FraudWatch.Reports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FraudWatch.IntegrationTests.Analytics;

/// <summary>
/// A hand-built county: campaign 1 reached 渎浦村 and 沪山村 (not 项东村) at 2026-04-10 09:00 Asia/Shanghai
/// (01:00 UTC). "Today" is 2026-04-30, so a 14-day after-window (04-11..04-24) is complete and a 30-day one is not.
/// </summary>
public sealed class CampaignEffectTests : IAsyncLifetime
{
    TestHost host = null!;
    long campaignId;

    public async Task InitializeAsync()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 4, 30, 4, 0, 0, TimeSpan.Zero));
        host = await TestHost.StartAsync(services: s => s.AddSingleton<TimeProvider>(clock));
        await using var connection = await host.Db.OpenConnectionAsync();
        campaignId = await connection.ExecuteScalarAsync<long>("""
            INSERT INTO groups (chat_id, title, status, township, village, members) VALUES
              (-1, '渎浦村反诈群', 'active', '灵溪镇', '渎浦村', 120),
              (-2, '沪山村反诈群', 'active', '灵溪镇', '沪山村', 80),
              (-3, '项东村反诈群', 'active', '钱库镇', '项东村', 200);
            INSERT INTO campaigns (template, target, schedule_kind, schedule, run_at, time_zone, status, created_by)
            VALUES ('impersonate_police', 'township:灵溪镇', 'at', 'at 2026-04-10 09:00', '2026-04-10T01:00Z', 'Asia/Shanghai', 'done', 'test')
            RETURNING id;
            """);
        await connection.ExecuteAsync("""
            WITH run AS (INSERT INTO campaign_runs (campaign_id, occurrence_at, status, targeted) VALUES (@campaignId, '2026-04-10T01:00Z', 'done', 2) RETURNING id)
            INSERT INTO deliveries (run_id, group_id, chat_id, members, status)
            SELECT run.id, g.id, g.chat_id, g.members, 'dry_run' FROM run, groups g WHERE g.township = '灵溪镇';

            INSERT INTO reports (group_id, chat_id, message_id, reporter_user_id, text, language, fraud_type, score, status, outcome, amount, created_at)
            SELECT g.id, r.chat, r.msg, 10 + r.msg, 't', 'zh-CN', 'task_rebate', 0.9, CASE WHEN r.outcome IS NULL THEN 'new' ELSE 'resolved' END, r.outcome, r.amount, r.at::timestamptz
            FROM (VALUES
              (-1, 1, 'loss', 3000, '2026-03-26T16:30Z'),        -- 03-27 00:30 local: first day of the 14 before
              (-1, 2, 'dissuaded', 1000, '2026-03-26T15:30Z'),   -- 03-26 23:30 local: outside
              (-1, 3, 'loss', 5000, '2026-04-02T02:00Z'),
              (-2, 4, 'intercepted', 20000, '2026-04-05T02:00Z'),
              (-2, 5, 'loss', 2000, '2026-04-09T15:59Z'),        -- 04-09 23:59 local: the last day before
              (-1, 6, 'dissuaded', NULL, '2026-04-10T08:00Z'),   -- the run's own day: in neither window
              (-1, 7, 'dissuaded', 500, '2026-04-10T16:00Z'),    -- 04-11 00:00 local: first day after
              (-2, 8, 'loss', 1500, '2026-04-20T02:00Z'),
              (-2, 9, NULL, NULL, '2026-04-24T15:00Z'),          -- 04-24 23:00 local: last day after
              (-1, 10, 'loss', 9000, '2026-04-24T16:00Z'),       -- 04-25 local: outside 14, inside 30
              (-3, 11, 'loss', 7000, '2026-04-05T02:00Z'),       -- 项东村 was not targeted
              (-3, 12, 'loss', 7000, '2026-04-15T02:00Z')
            ) AS r(chat, msg, outcome, amount, at)
            JOIN groups g ON g.chat_id = r.chat;
            """, new { campaignId });
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Reports_and_losses_in_the_target_groups_before_and_after_a_run()
    {
        var effect = await host.Client("analyst").GetFromJsonAsync<JsonElement>($"/api/v1/stats/campaign-effect?campaignId={campaignId}");

        Assert.Equal(14, effect.GetProperty("days").GetInt32());
        var run = effect.GetProperty("runs").EnumerateArray().Single();
        Assert.Equal(("2026-04-10", 2, 200L), (run.GetProperty("day").GetString(), run.GetProperty("groups").GetInt32(), run.GetProperty("members").GetInt64()));
        var before = run.GetProperty("before");
        Assert.Equal(("2026-03-27", "2026-04-09"), (before.GetProperty("from").GetString(), before.GetProperty("to").GetString()));
        Assert.Equal((4, 1, 20000m, 3, 10000m), Figures(before));
        var after = run.GetProperty("after");
        Assert.Equal(("2026-04-11", "2026-04-24", 14), (after.GetProperty("from").GetString(), after.GetProperty("to").GetString(), after.GetProperty("days").GetInt32()));
        Assert.Equal((3, 1, 500m, 1, 1500m), Figures(after));
        Assert.True(run.GetProperty("afterComplete").GetBoolean());
        Assert.Equal(-0.25, run.GetProperty("reportsChange").GetDouble());
        Assert.Equal(-0.6667, run.GetProperty("lossesChange").GetDouble());
        Assert.Equal(-0.85, run.GetProperty("lostChange").GetDouble());
    }

    [Fact]
    public async Task An_after_window_still_running_is_compared_per_day()
    {
        var run = (await host.Client("analyst").GetFromJsonAsync<JsonElement>($"/api/v1/stats/campaign-effect?campaignId={campaignId}&days=30"))
            .GetProperty("runs").EnumerateArray().Single();

        // Before: 03-11..04-09 holds 1-5 (5 reports, 2 prevented, 3 losses); after: 04-11..today 04-30 = 20 days observed, 4 reports, 2 losses.
        Assert.Equal((5, 2, 21000m, 3, 10000m), Figures(run.GetProperty("before")));
        Assert.Equal((4, 1, 500m, 2, 10500m), Figures(run.GetProperty("after")));
        Assert.Equal(20, run.GetProperty("after").GetProperty("days").GetInt32());
        Assert.False(run.GetProperty("afterComplete").GetBoolean());
        Assert.Equal(0.2, run.GetProperty("reportsChange").GetDouble()); // (4/20 - 5/30) / (5/30)
    }

    [Fact]
    public async Task The_reports_behind_the_figures_stream_as_csv_with_pseudonyms()
    {
        var csv = await host.Client("analyst").GetStringAsync($"/api/v1/stats/campaign-effect/reports?campaignId={campaignId}&format=csv");

        var lines = csv.TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("runId,window,id,createdAt,township,village,groupChatId,type,outcome,amount,reporter", lines[0]);
        Assert.Equal(7, lines.Length - 1);
        Assert.Equal(4, lines.Count(l => l.Contains(",before,", StringComparison.Ordinal)));
        Assert.DoesNotContain(lines, l => l.Contains("项东村", StringComparison.Ordinal));
        Assert.All(lines.Skip(1), l => Assert.Matches(",R-[A-Z2-7]{8}$", l));
    }

    // The run's delivery to 项东村 was skipped (the bot had been removed): the warning never reached it. Before, its group,
    // its 200 members and its reports counted as the campaign's: groups 3, members 400.
    [Fact]
    public async Task Groups_the_run_never_reached_are_not_counted()
    {
        await using (var connection = await host.Db.OpenConnectionAsync())
            await connection.ExecuteAsync("""
                INSERT INTO deliveries (run_id, group_id, chat_id, members, status)
                SELECT r.id, g.id, g.chat_id, g.members, 'skipped' FROM campaign_runs r, groups g WHERE r.campaign_id = @campaignId AND g.chat_id = -3
                """, new { campaignId });
        using var client = host.Client("analyst");

        var run = (await client.GetFromJsonAsync<JsonElement>($"/api/v1/stats/campaign-effect?campaignId={campaignId}")).GetProperty("runs").EnumerateArray().Single();
        var csv = await client.GetStringAsync($"/api/v1/stats/campaign-effect/reports?campaignId={campaignId}&format=csv");

        Assert.Equal((2, 200L), (run.GetProperty("groups").GetInt32(), run.GetProperty("members").GetInt64()));
        Assert.Equal((4, 1, 20000m, 3, 10000m), Figures(run.GetProperty("before")));
        Assert.Equal((3, 1, 500m, 1, 1500m), Figures(run.GetProperty("after")));
        Assert.DoesNotContain("项东村", csv, StringComparison.Ordinal);
    }

    // Past Reports__RetentionDays a report keeps its stored pseudonym and loses the Telegram id. Before, the pseudonym was
    // derived from the id again, so every such report showed one shared reporter (that of id 0).
    [Fact]
    public async Task Reports_past_retention_keep_their_own_reporters_pseudonyms()
    {
        await host.Get<ReportStore>().StorePseudonymsAsync(await host.Get<Pseudonyms>().ResolverAsync(), CancellationToken.None);
        await using (var connection = await host.Db.OpenConnectionAsync())
            await connection.ExecuteAsync("UPDATE reports SET reporter_user_id = NULL");
        var stored = (await host.QueryAsync<(long Id, string Pseudonym)>("SELECT id, reporter_pseudonym FROM reports")).ToDictionary(r => r.Id, r => r.Pseudonym);

        var rows = (await host.Client("analyst").GetFromJsonAsync<JsonElement>($"/api/v1/stats/campaign-effect/reports?campaignId={campaignId}")).EnumerateArray().ToList();

        Assert.Equal(7, rows.Count);
        Assert.Equal(rows.Select(r => stored[r.GetProperty("id").GetInt64()]), rows.Select(r => r.GetProperty("reporter").GetString()));
        Assert.Equal(7, rows.Select(r => r.GetProperty("reporter").GetString()).Distinct().Count());
    }

    [Theory]
    [InlineData("", "campaignId")]
    [InlineData("campaignId=abc", "campaignId")]
    [InlineData("campaignId=1&days=0", "days")]
    [InlineData("campaignId=1&days=91", "days")]
    public async Task Bad_queries_are_problems_naming_the_parameter(string query, string parameter)
    {
        var response = await host.Client("analyst").GetAsync($"/api/v1/stats/campaign-effect?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Unknown_campaign_is_404_and_residents_are_refused()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client("analyst").GetAsync("/api/v1/stats/campaign-effect?campaignId=999999")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.Client("resident").GetAsync($"/api/v1/stats/campaign-effect?campaignId={campaignId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Client().GetAsync($"/api/v1/stats/campaign-effect?campaignId={campaignId}")).StatusCode);
    }

    static (int, int, decimal, int, decimal) Figures(JsonElement w) => (
        w.GetProperty("reports").GetInt32(), w.GetProperty("prevented").GetInt32(), w.GetProperty("protected").GetDecimal(),
        w.GetProperty("losses").GetInt32(), w.GetProperty("lost").GetDecimal());
}
