using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using FraudWatch.Demo;
using FraudWatch.Detection;
using FraudWatch.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FraudWatch.IntegrationTests.Demo;

/// <summary>The --demo seeder against a fresh database, read back the way an analyst would see it.</summary>
public sealed class DemoSeederTests
{
    static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 4, 25, 4, 0, 0, TimeSpan.Zero)); // 12:00 in Asia/Shanghai

    [Fact]
    public async Task Demo_fills_an_empty_database_with_a_year_of_the_county_and_refuses_a_second_time()
    {
        await using var host = await TestHost.StartAsync(services: s => s.AddSingleton<TimeProvider>(Clock));

        var (summary, refusal) = await ActivatorUtilities.CreateInstance<DemoSeeder>(host.Services).SeedAsync();

        Assert.Null(refusal);
        Assert.NotNull(summary);
        var groups = await host.QueryAsync<(string Township, string Village, int Members, string[] Tags)>(
            "SELECT township, village, members, tags FROM groups WHERE status = 'active'");
        Assert.Equal(25, groups.Count);
        Assert.InRange(groups.Sum(g => g.Members), 2_900, 3_100);
        Assert.Equal(10, groups.Count(g => g.Tags.Contains("community")));
        Assert.Contains(groups, g => g.Township == "灵溪镇");
        Assert.Contains(groups, g => g.Village == "溪头埠村");
        Assert.Equal(1, await host.ScalarAsync<int>("SELECT count(*)::int FROM groups WHERE is_duty"));
        Assert.True(await host.ScalarAsync<int>("SELECT count(*)::int FROM user_roles WHERE role IN ('officer', 'assistant')") >= 10);

        // A year of reports ending today in the county, every fraud type present, the largest share order brushing.
        var months = await host.QueryAsync<string>("""
            SELECT DISTINCT to_char(created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') FROM reports ORDER BY 1
            """);
        Assert.Equal("2025-04", months[0]);
        Assert.Equal("2026-04", months[^1]);
        Assert.Equal(13, months.Count);
        var types = (await host.QueryAsync<(string Type, long Count)>("SELECT fraud_type, count(*) FROM reports GROUP BY 1 ORDER BY 2 DESC")).ToList();
        Assert.All(FraudTypes.All, t => Assert.Contains(types, x => x.Type == t));
        Assert.Equal("task_rebate", types[0].Type);
        Assert.InRange(types.Sum(t => t.Count), 2_000, 4_000);
        Assert.True(await host.ScalarAsync<long>("SELECT count(*) FROM report_indicators") > 1_000);
        // The last fortnight's reports join their waves in the background: the same scripts recur across villages.
        await host.WaitForAsync<long>("SELECT count(*) FROM waves WHERE report_count >= 2", until: n => n > 0, seconds: 120);

        // Outcomes as an analyst counts them, straight from the API.
        using var analyst = host.Client("analyst");
        var stats = await analyst.GetFromJsonAsync<JsonElement>("/api/v1/stats/summary");
        var totals = stats.GetProperty("totals");
        Assert.True(totals.GetProperty("prevented").GetInt32() > totals.GetProperty("reports").GetInt32() / 2);
        Assert.InRange(totals.GetProperty("losses").GetInt32(), 50, 600);
        Assert.True(totals.GetProperty("lost").GetDecimal() > 0);
        Assert.True(stats.GetProperty("streaks").EnumerateArray().Count(s => s.GetProperty("longestDays").GetInt32() >= 45) >= 3);
        // The guesses measured against what officers decided: the made-up texts are the kind the classifier learned, so it
        // is seldom wrong on them; the ordinary ones officers found harmless.
        var detection = await analyst.GetFromJsonAsync<JsonElement>("/api/v1/stats/detection?from=2025-04-01&to=2026-04-30");
        Assert.InRange(detection.GetProperty("typeAccuracy").GetDouble(), 0.9, 1);
        Assert.InRange(detection.GetProperty("notFraud").GetInt64(), 20, 200);
        Assert.InRange(detection.GetProperty("falseAlarmRate").GetDouble(), 0, 0.5);
        Assert.Equal(detection.GetProperty("typeCorrected").GetInt64(),
            await host.ScalarAsync<long>("SELECT count(*) FROM reports WHERE guessed_type IS NOT NULL AND type_by IS NOT NULL"));
        // Residents' disputes of private checks: each one a message the shipped classifier does call a scam, some reviewed.
        var disputes = (await host.Client("assistant").GetFromJsonAsync<JsonElement>("/api/v1/checks/disputed?status=all")).EnumerateArray().ToList();
        Assert.InRange(disputes.Count, 2, 4);
        Assert.All(disputes, d => Assert.Equal(FraudWatch.Detection.Verdict.Fraud, FraudWatch.Detection.Detector.Analyze(d.GetProperty("text").GetString()!).Classification.Verdict));
        Assert.Contains(disputes, d => d.GetProperty("reviewedAs").ValueKind == JsonValueKind.Null);
        Assert.Equal(disputes.Count(d => d.GetProperty("reviewedAs").GetString() == "fraud"), detection.GetProperty("disputesFraud").GetInt64());
        var preSpringFestival = await host.ScalarAsync<long>("SELECT count(*) FROM reports WHERE created_at >= '2026-01-13' AND created_at < '2026-02-17'");
        var spring = await host.ScalarAsync<long>("SELECT count(*) FROM reports WHERE created_at >= '2026-03-13' AND created_at < '2026-04-17'");
        Assert.True(preSpringFestival > spring * 1.3, $"{preSpringFestival} reports before Spring Festival, {spring} in spring");

        // Past campaigns, each run delivered to its target groups.
        Assert.True(await host.ScalarAsync<int>("SELECT count(*)::int FROM campaigns WHERE status = 'done'") >= 10);
        var deliveries = await host.QueryAsync<(string Status, string Text)>("SELECT status, rendered_text FROM deliveries");
        Assert.All(deliveries, d => Assert.Contains(d.Status, new[] { "sent", "dry_run" }));
        Assert.All(deliveries, d => Assert.False(string.IsNullOrWhiteSpace(d.Text)));

        // The next real /report gets the next number.
        Assert.Equal(summary.Reports + 1L, await host.ScalarAsync<long>("SELECT nextval(pg_get_serial_sequence('reports', 'id'))"));

        var (again, secondRefusal) = await ActivatorUtilities.CreateInstance<DemoSeeder>(host.Services).SeedAsync();
        Assert.Null(again);
        Assert.Contains("already has 26 groups", secondRefusal);
        Assert.Equal(summary.Reports, await host.ScalarAsync<long>("SELECT count(*) FROM reports"));
    }

    [Fact]
    public async Task Demo_refuses_a_database_with_one_group_and_changes_nothing()
    {
        await using var host = await TestHost.StartAsync(services: s => s.AddSingleton<TimeProvider>(Clock));
        await using (var connection = await host.Db.OpenConnectionAsync())
            await connection.ExecuteAsync("INSERT INTO groups (chat_id, title) VALUES (-42, 'a real group')");

        var (summary, refusal) = await ActivatorUtilities.CreateInstance<DemoSeeder>(host.Services).SeedAsync();

        Assert.Null(summary);
        Assert.StartsWith("--demo only fills an empty database", refusal);
        Assert.Equal(1, await host.ScalarAsync<int>("SELECT count(*)::int FROM groups"));
        Assert.Equal(0, await host.ScalarAsync<int>("SELECT count(*)::int FROM reports"));
        Assert.Equal(0, await host.ScalarAsync<int>("SELECT count(*)::int FROM campaigns"));
    }
}
