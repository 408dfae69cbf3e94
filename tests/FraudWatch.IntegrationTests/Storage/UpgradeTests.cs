using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using FraudWatch.IntegrationTests.Infrastructure;
using FraudWatch.Storage;
using Npgsql;

namespace FraudWatch.IntegrationTests.Storage;

/// <summary>README, "Upgrade": a database an earlier release migrated is migrated forward by the current one at start.</summary>
public sealed class UpgradeTests
{
    /// <summary>
    /// main at 87fab8c shipped the wave alert queue as 0027_wave_alert_queue.sql; 9588dca renamed the file to 0028 (two
    /// branches had each added a 0027). DbUp journals scripts by name, so the renamed file looked new.
    /// </summary>
    [Fact]
    public void Database_that_ran_the_wave_alert_queue_as_0027_starts_on_the_current_release()
    {
        var connectionString = TestDatabase.CreateEmpty("upg");
        OldRelease.Migrate(connectionString, OldRelease.UpTo("0028"),
            new Dictionary<string, string> { ["0028_wave_alert_queue.sql"] = "0027_wave_alert_queue.sql" });

        var failure = Record.Exception(() => StorageExtensions.Migrate(connectionString));

        Assert.True(failure is null, failure?.Message);
        using var connection = new NpgsqlConnection(connectionString);
        Assert.Equal(2, connection.ExecuteScalar<int>(
            "SELECT count(*) FROM information_schema.columns WHERE table_name = 'waves' AND column_name IN ('alert_pending', 'alert_claimed_at')"));
    }

    /// <summary>
    /// A county's database as the release with migration 0020 (the outbox) left it: a bound group, a report with an
    /// officer's outcome and amount, an open report with a phone number. The current release migrates it at start and
    /// its API shows the old rows as they were.
    /// </summary>
    [Fact]
    public async Task Database_of_the_0020_release_with_reports_reads_the_same_through_the_current_api()
    {
        var connectionString = TestDatabase.CreateEmpty("upg");
        OldRelease.Migrate(connectionString, OldRelease.UpTo("0020"));
        long decided, open;
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            var group = await connection.ExecuteScalarAsync<long>("""
                INSERT INTO groups (chat_id, title, status, township, village, tags, members, bound_at)
                VALUES (-100200300, '东前村反诈群', 'active', '金乡镇', '东前村', '{elderly}', 182, now() - interval '40 days')
                RETURNING id
                """);
            const string report = """
                INSERT INTO reports (group_id, chat_id, message_id, reporter_user_id, reporter_pseudonym, in_county, text, language,
                                     fraud_type, score, status, outcome, amount, outcome_by, outcome_at, township, created_at)
                VALUES (@group, -100200300, @message, 5550001, 'R-0AB12CD3', true, @text, 'zh-CN', @type, 0.93, @status, @outcome,
                        @amount, @by, CASE WHEN @outcome::text IS NULL THEN NULL ELSE now() - interval '9 days' END, '金乡镇', now() - interval '10 days')
                RETURNING id
                """;
            decided = await connection.ExecuteScalarAsync<long>(report, new
            {
                group, message = 11L, text = "您好，这里是公安局，您的账户涉嫌洗钱，请转账到安全账户", type = "impersonate_police",
                status = "resolved", outcome = "intercepted", amount = 50000m, by = "officer:900001",
            });
            open = await connection.ExecuteScalarAsync<long>(report, new
            {
                group, message = 12L, text = "刷单返利，日赚三百，加我 13800138000", type = "task_rebate",
                status = "new", outcome = (string?)null, amount = (decimal?)null, by = (string?)null,
            });
            await connection.ExecuteAsync("INSERT INTO report_indicators (report_id, kind, value, raw) VALUES (@open, 'phone', '+8613800138000', '13800138000')", new { open });
        }

        await using var host = await TestHost.StartAsync(connectionString: connectionString);

        var groups = await host.Client("analyst").GetFromJsonAsync<JsonElement>("/api/v1/groups");
        var bound = Assert.Single(groups.EnumerateArray());
        Assert.Equal("active", bound.GetProperty("status").GetString());
        Assert.Equal("东前村", bound.GetProperty("village").GetString());

        var first = (await host.Client("assistant").GetFromJsonAsync<JsonElement>($"/api/v1/reports/{decided}")).GetProperty("report");
        Assert.Equal("R-0AB12CD3", first.GetProperty("reporter").GetString());
        Assert.Equal("东前村", first.GetProperty("village").GetString());
        Assert.Equal("intercepted", first.GetProperty("outcome").GetString());
        Assert.Equal(50000m, first.GetProperty("amount").GetDecimal());
        Assert.Equal("impersonate_police", first.GetProperty("type").GetString());

        var second = await host.Client("assistant").GetStringAsync($"/api/v1/reports/{open}");
        Assert.Contains("+8613800138000", second, StringComparison.Ordinal);

        var reputation = await host.Client("assistant").GetFromJsonAsync<JsonElement>("/api/v1/reputation/13800138000");
        Assert.Contains("\"reports\":1", reputation.GetRawText().Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);

        var summary = await host.Client("analyst").GetStringAsync("/api/v1/stats/summary");
        Assert.Contains("50000", summary, StringComparison.Ordinal);
    }
}
