using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using FraudWatch.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FraudWatch.IntegrationTests.Analytics;

/// <summary>
/// A hand-built county, "today" 2026-04-30 in Asia/Shanghai. Wave 1 (灵溪镇) was first reported Monday 04-06 10:00 local
/// and warned 6 hours later; wave 2 (钱库镇) first reported Wednesday 04-08, warned 24 hours later; wave 3 (week of 04-13)
/// was never warned; a single report is not a wave, and a wave of March is outside the range.
/// </summary>
public sealed class WaveStatsTests : IAsyncLifetime
{
    TestHost host = null!;

    public async Task InitializeAsync()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 4, 30, 4, 0, 0, TimeSpan.Zero));
        host = await TestHost.StartAsync(services: s => s.AddSingleton<TimeProvider>(clock));
        await using var connection = await host.Db.OpenConnectionAsync();
        await connection.ExecuteAsync("""
            INSERT INTO groups (chat_id, title, status, township, village, members) VALUES
              (-1, '渎浦村反诈群', 'active', '灵溪镇', '渎浦村', 120),
              (-2, '项东村反诈群', 'active', '钱库镇', '项东村', 200),
              (-3, '城门村反诈群', 'active', '马站镇', '城门村', 90);
            INSERT INTO waves (id, type, representative_text, first_seen, last_seen, report_count, alerted_at, warned_at) OVERRIDING SYSTEM VALUE VALUES
              (1, 'impersonate_police', 's1', '2026-04-06T02:00Z', '2026-04-06T07:00Z', 4, '2026-04-06T05:00Z', '2026-04-06T08:00Z'),
              (2, 'fake_loan', 's2', '2026-04-08T02:00Z', '2026-04-09T01:00Z', 3, '2026-04-08T20:00Z', '2026-04-09T02:00Z'),
              (3, 'task_rebate', 's3', '2026-04-14T02:00Z', '2026-04-15T02:00Z', 2, NULL, NULL),
              (4, 'other', 's4', '2026-04-15T02:00Z', '2026-04-15T02:00Z', 1, NULL, NULL),
              (5, 'romance', 's5', '2026-03-01T02:00Z', '2026-04-02T02:00Z', 5, '2026-03-02T02:00Z', '2026-03-03T02:00Z');
            INSERT INTO wave_villages (wave_id, village, township, first_seen, last_seen, reports) VALUES
              (1, '渎浦村', '灵溪镇', '2026-04-06T02:00Z', '2026-04-06T07:00Z', 4),
              (2, '项东村', '钱库镇', '2026-04-08T02:00Z', '2026-04-09T01:00Z', 3),
              (3, '城门村', '马站镇', '2026-04-14T02:00Z', '2026-04-15T02:00Z', 2);
            INSERT INTO reports (group_id, chat_id, message_id, reporter_user_id, text, language, fraud_type, score, created_at)
            SELECT g.id, r.chat, r.msg, 10 + r.msg, 't', 'zh-CN', 'other', 0.5, r.at::timestamptz
            FROM (VALUES
              (-1, 1, '2026-03-29T16:00Z'),   -- 03-30 00:00 local: first of the 7 days before wave 1's warning (04-06)
              (-1, 2, '2026-04-03T02:00Z'),
              (-1, 3, '2026-04-05T15:59Z'),   -- 04-05 23:59 local: last day before
              (-1, 4, '2026-03-29T15:00Z'),   -- 03-29 local: outside
              (-1, 5, '2026-04-06T09:00Z'),   -- the warning's own day: in neither
              (-1, 6, '2026-04-08T02:00Z'),   -- after
              (-1, 7, '2026-04-13T16:00Z'),   -- 04-14 local: outside the 7 days after
              (-2, 8, '2026-04-05T02:00Z'),   -- before wave 2's warning (04-09)
              (-2, 9, '2026-04-08T02:00Z'),
              (-3, 10, '2026-04-07T02:00Z')   -- 马站镇 was not warned
            ) AS r(chat, msg, at)
            JOIN groups g ON g.chat_id = r.chat;
            """);
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Waves_per_week_time_to_warning_and_reports_before_and_after_in_the_warned_townships()
    {
        var stats = await host.Client("analyst").GetFromJsonAsync<JsonElement>("/api/v1/stats/waves?from=2026-04-01&to=2026-04-30&days=7");

        Assert.Equal((3, 2, 2), (stats.GetProperty("waves").GetInt32(), stats.GetProperty("alerted").GetInt32(), stats.GetProperty("warned").GetInt32()));
        var weeks = stats.GetProperty("weeks").EnumerateArray()
            .Select(w => (w.GetProperty("weekStart").GetString(), w.GetProperty("waves").GetInt32(), w.GetProperty("warned").GetInt32())).ToList();
        Assert.Equal([("2026-03-30", 0, 0), ("2026-04-06", 2, 2), ("2026-04-13", 1, 0), ("2026-04-20", 0, 0), ("2026-04-27", 0, 0)], weeks);
        Assert.Equal(15.0, stats.GetProperty("medianHoursToWarning").GetDouble());
        Assert.Equal(22.2, stats.GetProperty("p90HoursToWarning").GetDouble());

        var effects = stats.GetProperty("effects").EnumerateArray().ToList();
        Assert.Equal([1L, 2L], effects.Select(e => e.GetProperty("waveId").GetInt64()));
        var first = effects[0];
        Assert.Equal(("2026-04-06", 6.0, "灵溪镇"), (first.GetProperty("day").GetString(), first.GetProperty("hoursToWarning").GetDouble(), first.GetProperty("townships")[0].GetString()));
        Assert.Equal((3L, 1L, true), (first.GetProperty("reportsBefore").GetInt64(), first.GetProperty("reportsAfter").GetInt64(), first.GetProperty("afterComplete").GetBoolean()));
        Assert.Equal(-0.6667, first.GetProperty("reportsChange").GetDouble());
        Assert.Equal((2L, 0L), (effects[1].GetProperty("reportsBefore").GetInt64(), effects[1].GetProperty("reportsAfter").GetInt64()));
        Assert.Equal((5L, 1L, -0.8), (stats.GetProperty("reportsBefore").GetInt64(), stats.GetProperty("reportsAfter").GetInt64(), stats.GetProperty("reportsChange").GetDouble()));

        var csv = await host.Client("analyst").GetAsync("/api/v1/stats/waves?from=2026-04-01&to=2026-04-30&days=7&format=csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Contains("灵溪镇", lines[1]);
    }

    [Theory]
    [InlineData("from=2026-13-01")]
    [InlineData("from=2026-04-30&to=2026-04-01")]
    [InlineData("days=0")]
    [InlineData("days=91")]
    public async Task Bad_queries_get_problem_details(string query)
    {
        var response = await host.Client("analyst").GetAsync($"/api/v1/stats/waves?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Residents_may_not_read_wave_statistics() =>
        Assert.Equal(HttpStatusCode.Forbidden, (await host.Client("resident").GetAsync("/api/v1/stats/waves")).StatusCode);
}
