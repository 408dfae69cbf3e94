using Dapper;
using FraudWatch.IntegrationTests.Infrastructure;
using FraudWatch.Reports;

namespace FraudWatch.IntegrationTests.Console;

public sealed class ReportQueueTests : IAsyncLifetime
{
    TestHost host = null!;

    public async Task InitializeAsync() => host = await TestHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    // Past Reports__RetentionDays a report keeps its stored pseudonym and loses the Telegram id. The queue derived the
    // pseudonym from the id again, so every such report showed one shared reporter (that of id 0).
    [Fact]
    public async Task Reports_past_retention_show_their_own_reporters_pseudonyms()
    {
        await using (var connection = await host.Db.OpenConnectionAsync())
            await connection.ExecuteAsync("""
                INSERT INTO reports (chat_id, message_id, reporter_user_id, text, language, fraud_type, score)
                VALUES (5, 1, 5, '', 'zh-CN', 'other', 0.1), (6, 2, 6, '', 'zh-CN', 'other', 0.1);
                """);
        var pseudonyms = host.Get<Pseudonyms>();
        await host.Get<ReportStore>().StorePseudonymsAsync(await pseudonyms.ResolverAsync(), CancellationToken.None);
        await using (var connection = await host.Db.OpenConnectionAsync())
            await connection.ExecuteAsync("UPDATE reports SET reporter_user_id = NULL");

        using var client = await host.ConsoleClientAsync("assistant");
        var page = await client.GetStringAsync("/console/reports");

        Assert.Contains(await pseudonyms.OfAsync(5), page);
        Assert.Contains(await pseudonyms.OfAsync(6), page);
        Assert.DoesNotContain(await pseudonyms.OfAsync(0), page);
    }
}
