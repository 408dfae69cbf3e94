using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using FraudWatch.Access;
using FraudWatch.Campaigns;
using FraudWatch.IntegrationTests.FakeTelegram;
using FraudWatch.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FraudWatch.IntegrationTests.Analytics;

/// <summary>
/// A hand-built county whose answers are worked out by hand, including reports either side of
/// midnight in Asia/Shanghai (UTC+8) at a month boundary. "Today" is 2026-04-25 in the county.
/// </summary>
public sealed class StatisticsTests : IAsyncLifetime
{
    FakeBotApi telegram = null!;
    TestHost host = null!;

    public async Task InitializeAsync()
    {
        telegram = await FakeBotApi.StartAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 4, 25, 4, 0, 0, TimeSpan.Zero));
        host = await TestHost.StartAsync(telegram, services: s => s.AddSingleton<TimeProvider>(clock));
        await using var connection = await host.Db.OpenConnectionAsync();
        await connection.ExecuteAsync("""
            INSERT INTO groups (chat_id, title, status, township, village, members, bound_at) VALUES
              (-1, '渎浦村反诈群', 'active', '灵溪镇', '渎浦村', 120, '2026-01-01T00:00Z'),
              (-2, '沪山村反诈群', 'active', '灵溪镇', '沪山村', 80, '2026-01-01T00:00Z'),
              (-3, '项东村反诈群', 'active', '钱库镇', '项东村', 200, '2026-01-01T00:00Z');
            INSERT INTO reports (group_id, chat_id, message_id, reporter_user_id, text, language, fraud_type, score, status, outcome, amount, created_at)
            SELECT g.id, r.chat, r.msg, 10, 't', 'zh-CN', r.type, 0.9, CASE WHEN r.outcome IS NULL THEN 'new' ELSE 'resolved' END, r.outcome, r.amount, r.at::timestamptz
            FROM (VALUES
              (-1, 1, 'impersonate_police', 'dissuaded', 5000, '2026-03-31T16:30Z'),   -- 04-01 00:30 local: April
              (-1, 2, 'fake_investment', 'intercepted', 20000, '2026-03-31T15:30Z'),   -- 03-31 23:30 local: March
              (-2, 3, 'task_rebate', 'loss', 3000, '2026-04-10T02:00Z'),
              (-3, 4, 'other', 'not_fraud', NULL, '2026-04-15T02:00Z'),
              (-3, 5, 'task_rebate', 'loss', 1000, '2026-03-05T02:00Z'),
              (-1, 6, 'romance', NULL, NULL, '2026-04-20T02:00Z'),
              (777, 7, 'fake_loan', 'dissuaded', 800, '2026-04-02T02:00Z')         -- a private chat: no group
            ) AS r(chat, msg, type, outcome, amount, at)
            LEFT JOIN groups g ON g.chat_id = r.chat;
            """);
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await telegram.DisposeAsync();
    }

    Task<JsonElement> Get(string url) => host.Client("analyst").GetFromJsonAsync<JsonElement>(url);

    [Fact]
    public async Task Months_split_at_local_midnight_with_change_against_the_previous_month()
    {
        var rows = (await Get("/api/v1/stats/prevented?from=2026-03-01&to=2026-04-30&groupBy=month")).EnumerateArray().ToList();

        Assert.Equal(["2026-03", "2026-04"], rows.Select(r => r.GetProperty("period").GetString()));
        var (march, april) = (rows[0], rows[1]);
        Assert.Equal((2, 1, 20000m, 1, 1000m), (march.GetProperty("reports").GetInt32(), march.GetProperty("prevented").GetInt32(), march.GetProperty("protected").GetDecimal(), march.GetProperty("losses").GetInt32(), march.GetProperty("lost").GetDecimal()));
        Assert.Equal(0.5, march.GetProperty("lossRate").GetDouble());
        Assert.Equal((5, 2, 5800m, 1, 3000m), (april.GetProperty("reports").GetInt32(), april.GetProperty("prevented").GetInt32(), april.GetProperty("protected").GetDecimal(), april.GetProperty("losses").GetInt32(), april.GetProperty("lost").GetDecimal()));
        Assert.Equal(0.3333, april.GetProperty("lossRate").GetDouble());
        Assert.Equal(1.0, april.GetProperty("preventedChange").GetDouble());
        Assert.Equal(1.5, april.GetProperty("reportsChange").GetDouble());
    }

    // `from` is inclusive, also mid-period: March from the 10th holds only the 31st's report, not the 5th's loss, and adds up
    // with the same range grouped by type. Before the thirty-fifth session the first month was counted whole.
    [Fact]
    public async Task A_range_starting_mid_month_counts_that_month_from_its_first_day_only()
    {
        var rows = (await Get("/api/v1/stats/prevented?from=2026-03-10&to=2026-04-30&groupBy=month")).EnumerateArray().ToList();

        Assert.Equal(["2026-03", "2026-04"], rows.Select(r => r.GetProperty("period").GetString()));
        var march = rows[0];
        Assert.Equal((1, 1, 0, 0m), (march.GetProperty("reports").GetInt32(), march.GetProperty("prevented").GetInt32(), march.GetProperty("losses").GetInt32(), march.GetProperty("lost").GetDecimal()));
        var byType = (await Get("/api/v1/stats/prevented?from=2026-03-10&to=2026-04-30&groupBy=type")).EnumerateArray().ToList();
        Assert.Equal(byType.Sum(r => r.GetProperty("reports").GetInt32()), rows.Sum(r => r.GetProperty("reports").GetInt32()));
        Assert.Equal(byType.Sum(r => r.GetProperty("lost").GetDecimal()), rows.Sum(r => r.GetProperty("lost").GetDecimal()));
    }

    // A bucket the range cuts is compared with the same days of the bucket before (README: "the period of the same length
    // just before"), as /stats does: April so far (1–25, "today") against 1–25 March, not all of March, which made the
    // current month of the default query always look like a fall; 5–25 April against 5–25 March likewise.
    [Fact]
    public async Task A_period_the_range_cuts_is_compared_with_the_same_days_of_the_one_before()
    {
        var rows = (await Get("/api/v1/stats/prevented?from=2026-03-01&to=2026-04-25&groupBy=month")).EnumerateArray().ToList();
        var april = rows.Single(r => r.GetProperty("period").GetString() == "2026-04");
        Assert.Equal((5, 1), (april.GetProperty("reports").GetInt32(), april.GetProperty("previousReports").GetInt32())); // March 1–25: the 5th's loss
        Assert.Equal(4.0, april.GetProperty("reportsChange").GetDouble());
        Assert.Equal(1000m, april.GetProperty("previousLost").GetDecimal());
        var march = rows.Single(r => r.GetProperty("period").GetString() == "2026-03");
        Assert.Equal(2, march.GetProperty("reports").GetInt32());

        var cut = (await Get("/api/v1/stats/prevented?from=2026-04-05&to=2026-04-25&groupBy=month,township")).EnumerateArray().ToList();
        var lingxi = cut.Single(r => r.GetProperty("township").GetString() == "灵溪镇");
        Assert.Equal((2, 0), (lingxi.GetProperty("reports").GetInt32(), lingxi.GetProperty("previousReports").GetInt32())); // its March report was on the 31st
        var qianku = cut.Single(r => r.GetProperty("township").GetString() == "钱库镇");
        Assert.Equal((1, 1), (qianku.GetProperty("reports").GetInt32(), qianku.GetProperty("previousReports").GetInt32()));
    }

    [Fact]
    public async Task A_period_combines_with_a_place()
    {
        var rows = (await Get("/api/v1/stats/prevented?from=2026-04-01&to=2026-04-30&groupBy=month,township")).EnumerateArray().ToList();

        var lingxi = rows.Single(r => r.GetProperty("township").GetString() == "灵溪镇");
        Assert.Equal((3, 1, 1, 1), (lingxi.GetProperty("reports").GetInt32(), lingxi.GetProperty("prevented").GetInt32(), lingxi.GetProperty("losses").GetInt32(), lingxi.GetProperty("previousReports").GetInt32()));
        Assert.Equal(0.0, lingxi.GetProperty("preventedChange").GetDouble());
        var qianku = rows.Single(r => r.GetProperty("township").GetString() == "钱库镇");
        Assert.Equal((1, 0), (qianku.GetProperty("reports").GetInt32(), qianku.GetProperty("prevented").GetInt32()));
        Assert.Equal(0.0, qianku.GetProperty("reportsChange").GetDouble());
    }

    [Fact]
    public async Task Type_and_village_breakdowns_and_filters()
    {
        var types = (await Get("/api/v1/stats/prevented?from=2026-03-01&to=2026-04-30&groupBy=type")).EnumerateArray().ToList();
        Assert.Equal(2, types.Single(t => t.GetProperty("type").GetString() == "task_rebate").GetProperty("losses").GetInt32());

        var villages = (await Get("/api/v1/stats/prevented?from=2026-03-01&to=2026-04-30&groupBy=village&township=灵溪镇")).EnumerateArray().ToList();
        Assert.Equal(["沪山村", "渎浦村"], villages.Select(v => v.GetProperty("village").GetString()).Order());
        Assert.Equal(3, villages.Single(v => v.GetProperty("village").GetString() == "渎浦村").GetProperty("reports").GetInt32());
    }

    [Fact]
    public async Task Summary_gives_totals_change_streaks_and_coverage()
    {
        var summary = await Get("/api/v1/stats/summary?from=2026-04-01&to=2026-04-30");

        var totals = summary.GetProperty("totals");
        Assert.Equal((5, 2, 5800m, 3000m), (totals.GetProperty("reports").GetInt32(), totals.GetProperty("prevented").GetInt32(), totals.GetProperty("protected").GetDecimal(), totals.GetProperty("lost").GetDecimal()));
        Assert.Equal(1.0, summary.GetProperty("preventedChange").GetDouble());
        Assert.Equal(2.0, summary.GetProperty("lostChange").GetDouble());
        var streaks = summary.GetProperty("streaks").EnumerateArray().ToDictionary(s => s.GetProperty("village").GetString()!, s => (s.GetProperty("currentDays").GetInt32(), s.GetProperty("longestDays").GetInt32()));
        Assert.Equal((115, 115), streaks["渎浦村"]);
        Assert.Equal((15, 99), streaks["沪山村"]);
        Assert.Equal((51, 63), streaks["项东村"]);
        var coverage = summary.GetProperty("coverage").EnumerateArray().Single(c => c.GetProperty("village").GetString() == "项东村");
        Assert.Equal(200, coverage.GetProperty("members").GetInt64());
        Assert.Equal(3, summary.GetProperty("villageCount").GetInt32());
    }

    // /bind again with new tags, in a group already bound to that village, is a retag: the village has been covered since
    // January all the same. Before, it set bound_at to now, so 渎浦村's 115 days with no loss fell to 1.
    [Fact]
    public async Task Retagging_a_group_with_bind_keeps_its_villages_days_without_a_loss()
    {
        await host.HandledAsync(telegram.GroupText(-1, TestHost.AdminUserId, "/bind 灵溪镇 渎浦村 #coast"));
        Assert.Equal(["coast"], await host.ScalarAsync<string[]>("SELECT tags FROM groups WHERE chat_id = -1"));

        var summary = await Get("/api/v1/stats/summary?from=2026-04-01&to=2026-04-30");
        var duPu = summary.GetProperty("streaks").EnumerateArray().Single(s => s.GetProperty("village").GetString() == "渎浦村");
        Assert.Equal((115, 115), (duPu.GetProperty("currentDays").GetInt32(), duPu.GetProperty("longestDays").GetInt32()));

        // Bound to another village, the group starts that village's coverage when it is bound (the database's clock).
        await host.HandledAsync(telegram.GroupText(-1, TestHost.AdminUserId, "/bind 钱库镇 新村"));
        var boundAt = await host.ScalarAsync<DateTime>("SELECT bound_at FROM groups WHERE chat_id = -1");
        Assert.True(boundAt > DateTime.UtcNow.AddMinutes(-5), $"bound_at {boundAt:O}");
    }

    [Fact]
    public async Task Outcome_changes_are_reflected_at_once()
    {
        await using (var connection = await host.Db.OpenConnectionAsync())
            await connection.ExecuteAsync("UPDATE reports SET status = 'resolved', outcome = 'intercepted', amount = 1200 WHERE message_id = 6");

        var april = (await Get("/api/v1/stats/prevented?from=2026-04-01&to=2026-04-30&groupBy=month")).EnumerateArray().Single();
        Assert.Equal((3, 7000m), (april.GetProperty("prevented").GetInt32(), april.GetProperty("protected").GetDecimal()));
    }

    // A report whose type an officer corrects leaves its old (day, group, type) roll-up row at zero; a breakdown by type
    // listed that row as a type with 0 reports (StatisticsOracleTests found it), which the same reports filed with the
    // right type from the start never show.
    [Fact]
    public async Task A_corrected_type_leaves_no_row_of_zero_reports_behind()
    {
        var id = await host.ScalarAsync<long>("SELECT id FROM reports WHERE message_id = 6");
        var response = await host.Client("assistant").PostAsJsonAsync($"/api/v1/reports/{id}/type", new { type = "fake_shopping" });
        response.EnsureSuccessStatusCode();

        var types = (await Get("/api/v1/stats/prevented?from=2026-04-20&to=2026-04-20&groupBy=type")).EnumerateArray().ToList();
        Assert.Equal(["fake_shopping"], types.Select(t => t.GetProperty("type").GetString()));
        var byMonth = (await Get("/api/v1/stats/prevented?from=2026-04-01&to=2026-04-30&groupBy=month,type")).EnumerateArray().ToList();
        Assert.DoesNotContain(byMonth, r => r.GetProperty("type").GetString() == "romance");
    }

    [Fact]
    public async Task Both_roll_ups_stay_equal_to_the_reports_through_changes()
    {
        await using (var connection = await host.Db.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("UPDATE reports SET status = 'resolved', outcome = 'loss', amount = 900 WHERE message_id = 6");
            await connection.ExecuteAsync("DELETE FROM reports WHERE message_id = 4");
        }

        const string fromReports = """
            SELECT count(*)::bigint, count(*) FILTER (WHERE outcome IN ('dissuaded', 'intercepted'))::bigint,
                   coalesce(sum(amount) FILTER (WHERE outcome = 'loss'), 0) FROM reports
            """;
        var expected = await host.QueryAsync<(long, long, decimal)>(fromReports);
        var perGroup = await host.QueryAsync<(long, long, decimal)>("SELECT sum(reports)::bigint, sum(prevented)::bigint, sum(lost) FROM report_daily");
        var perTownship = await host.QueryAsync<(long, long, decimal)>("SELECT sum(reports)::bigint, sum(prevented)::bigint, sum(lost) FROM report_daily_township");
        Assert.Equal(expected, perGroup);
        Assert.Equal(expected, perTownship);
        Assert.Equal((6L, 3L, 4900m), expected[0]);
    }

    [Theory]
    [InlineData("from=2026-13-01", "from")]
    [InlineData("from=2026-05-01&to=2026-04-01", "from")]
    [InlineData("groupBy=month,week", "groupBy")]
    [InlineData("groupBy=planet", "groupBy")]
    [InlineData("township=火星镇", "township")]
    public async Task Bad_queries_are_problems_naming_the_parameter(string query, string parameter)
    {
        var response = await host.Client("analyst").GetAsync($"/api/v1/stats/prevented?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Csv_export_has_a_header_and_one_line_per_row()
    {
        var csv = await host.Client("analyst").GetStringAsync("/api/v1/stats/prevented?from=2026-03-01&to=2026-04-30&groupBy=month&format=csv");
        var lines = csv.TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("period,periodStart,township,village,chatId,group,type,reports,prevented,protected,losses,lost,lossRate", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("2026-04,2026-04-01,", lines[2]);
    }

    // This month so far (1–25 April) against the same days of last month (1–25 March), not all of March: a month only
    // begun would always look like a fall (before the thirty-fifth session it was compared with the whole month).
    [Fact]
    public async Task Stats_command_answers_assistants_with_this_month_against_the_same_days_of_last()
    {
        await host.Get<RoleStore>().SetAsync(6001, Role.Assistant, "test", null);
        await host.HandledAsync(telegram.PrivateText(6001, "/stats 灵溪镇 month"));
        var text = telegram.SentTo(6001).Single().Text;
        Assert.Contains("灵溪镇 · 2026-04", text);
        Assert.Contains("reports: 3 (same days of the previous period: 0)", text); // its March report came on the 31st
        Assert.Contains("prevented: 1", text);

        await host.HandledAsync(telegram.PrivateText(6001, "/stats month"));
        Assert.Contains("reports: 5 (+400% vs the same days of the previous period)", telegram.SentTo(6001)[^1].Text); // March 1–25: 1

        await host.HandledAsync(telegram.PrivateText(6002, "/stats"));
        Assert.Contains("needs the assistant role", telegram.SentTo(6002).Single().Text);
    }
}

public sealed class TemplateStatsTests
{
    [Fact]
    public async Task Weekly_reminder_quotes_this_months_township_figures()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 4, 25, 4, 0, 0, TimeSpan.Zero));
        await using var host = await TestHost.StartAsync(services: s => s.AddSingleton<TimeProvider>(clock));
        await using (var connection = await host.Db.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("""
                INSERT INTO groups (chat_id, title, status, township, village) VALUES (-11, '渎浦村', 'active', '灵溪镇', '渎浦村'), (-12, '项东村', 'active', '钱库镇', '项东村');
                INSERT INTO reports (group_id, chat_id, message_id, reporter_user_id, text, language, fraud_type, score, status, outcome, amount, created_at)
                SELECT g.id, g.chat_id, n, 10, 't', 'zh-CN', 'task_rebate', 0.9, CASE WHEN n <= 2 THEN 'resolved' ELSE 'new' END,
                       CASE WHEN n <= 2 THEN 'dissuaded' END, NULL, '2026-04-10T02:00Z'
                FROM groups g, generate_series(1, 3) n WHERE g.chat_id = -11;
                INSERT INTO reports (group_id, chat_id, message_id, reporter_user_id, text, language, fraud_type, score, created_at)
                SELECT g.id, g.chat_id, 9, 10, 't', 'zh-CN', 'other', 0.1, '2026-03-10T02:00Z' FROM groups g WHERE g.chat_id = -11;
                """);
        }

        var preview = await host.Client("officer").PostAsJsonAsync("/api/v1/campaigns/preview", new { template = "weekly_reminder", chatId = -11 });
        var text = (await preview.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("text").GetString();
        Assert.Contains("<b>3</b> 起", text);
        Assert.Contains("<b>2</b> 起", text);
    }

    // The figures are kept for five minutes, but never across the county's midnight into a new month: a render a minute
    // into May quotes May (nothing yet), not April's read of a minute before (thirty-fifth session).
    [Fact]
    public async Task A_render_just_after_the_month_turns_quotes_the_new_month()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 4, 30, 15, 58, 0, TimeSpan.Zero)); // 23:58 in Shanghai
        await using var host = await TestHost.StartAsync(services: s => s.AddSingleton<TimeProvider>(clock));
        await using (var connection = await host.Db.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("""
                INSERT INTO groups (chat_id, title, status, township, village) VALUES (-11, '渎浦村', 'active', '灵溪镇', '渎浦村');
                INSERT INTO reports (group_id, chat_id, message_id, reporter_user_id, text, language, fraud_type, score, created_at)
                SELECT g.id, g.chat_id, n, 10, 't', 'zh-CN', 'task_rebate', 0.9, '2026-04-10T02:00Z' FROM groups g, generate_series(1, 3) n;
                """);
        }

        var stats = host.Get<TownshipStats>();
        Assert.Equal(3, (await stats.ThisMonthAsync("灵溪镇", CancellationToken.None)).ReportsThisMonth);
        clock.Advance(TimeSpan.FromMinutes(3)); // 00:01 on 1 May
        Assert.Equal(0, (await stats.ThisMonthAsync("灵溪镇", CancellationToken.None)).ReportsThisMonth);
    }
}
