using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using FraudWatch.IntegrationTests.Infrastructure;
using FraudWatch.Reports;

namespace FraudWatch.IntegrationTests.Analytics;

/// <summary>
/// Past Reports__RetentionDays a dispute (a private check the bot called a scam and the resident did not) loses its text
/// and its resident, but GET /api/v1/stats/detection still counts it: README, "counts, outcomes and statistics stay".
/// Before, retention deleted the row and the disputes of a year ago fell to 0.
/// </summary>
public sealed class DetectionRetentionTests
{
    const string Marker = "XQ申诉秘密";

    [Fact]
    public async Task Disputes_past_retention_still_count_without_their_texts_or_residents()
    {
        await using var host = await TestHost.StartAsync();
        await host.ScalarAsync<int>("""
            WITH c AS (
                INSERT INTO private_checks (user_id, chat_id, message_id, text, language, verdict, guessed_type, feedback, feedback_at, reviewed_as, created_at)
                VALUES (7700200001, 7700200001, 1, @Marker || ' 贷款', 'zh-CN', 'fraud', 'fake_loan', 'not_fraud', now() - interval '400 days', 'ordinary', now() - interval '400 days'),
                       (7700200002, 7700200002, 2, @Marker || ' 刷单', 'zh-CN', 'fraud', 'task_rebate', 'not_fraud', now() - interval '400 days', NULL, now() - interval '400 days'),
                       (7700200003, 7700200003, 3, @Marker || ' 你好', 'zh-CN', 'ordinary', 'other', NULL, NULL, NULL, now() - interval '400 days')
                RETURNING 1)
            SELECT count(*)::int FROM c
            """, new { Marker });
        using var analyst = host.Client("analyst");
        var range = $"from={DateTime.UtcNow.AddDays(-500).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}&to={DateTime.UtcNow.AddDays(-300).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
        async Task<string> Disputes()
        {
            var stats = await analyst.GetFromJsonAsync<JsonElement>($"/api/v1/stats/detection?{range}");
            return $"{stats.GetProperty("disputes").GetInt64()}/{stats.GetProperty("disputesOrdinary").GetInt64()}/{stats.GetProperty("disputesFraud").GetInt64()}";
        }

        Assert.Equal("2/1/0", await Disputes());

        await host.Get<ReportRetentionJob>().RunAsync(CancellationToken.None);

        Assert.Equal("2/1/0", await Disputes());
        Assert.Equal(0, await host.ScalarAsync<long>(
            "SELECT count(*) FROM private_checks WHERE text LIKE '%' || @Marker || '%' OR user_id > 7700200000 OR chat_id > 7700200000", new { Marker }));
        Assert.Equal(2, await host.ScalarAsync<long>("SELECT count(*) FROM private_checks"));
        using var assistant = host.Client("assistant");
        Assert.Equal(0, (await assistant.GetFromJsonAsync<JsonElement>("/api/v1/checks/disputed?status=all")).GetArrayLength());
    }
}
