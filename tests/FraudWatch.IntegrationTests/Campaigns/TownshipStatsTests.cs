using Dapper;
using FraudWatch.Campaigns;
using FraudWatch.IntegrationTests.Infrastructure;

namespace FraudWatch.IntegrationTests.Campaigns;

public sealed class TownshipStatsTests : IAsyncLifetime
{
    TestHost host = null!;

    public async Task InitializeAsync() => host = await TestHost.StartAsync();

    public Task DisposeAsync() => host.DisposeAsync().AsTask();

    /// <summary>A broadcast starts hundreds of renders at once: they share one read of their township's figures.</summary>
    [Fact]
    public async Task Concurrent_renders_of_one_township_share_one_read()
    {
        var stats = host.Get<TownshipStats>();
        await using var holder = await host.Db.OpenConnectionAsync();
        await using var transaction = await holder.BeginTransactionAsync();
        await holder.ExecuteAsync("LOCK TABLE report_daily_township IN ACCESS EXCLUSIVE MODE", transaction: transaction);

        var renders = Enumerable.Range(0, 50).Select(_ => Task.Run(() => stats.ThisMonthAsync("灵溪镇", CancellationToken.None))).ToArray();
        const string waiting = """
            SELECT count(*) FROM pg_stat_activity
            WHERE wait_event_type = 'Lock' AND query LIKE '%FROM report_daily_township%' AND pid <> pg_backend_pid()
            """;
        await using var observer = await host.Db.OpenConnectionAsync();
        long readers = 0;
        for (var waited = 0; waited < 2_000; waited += 50)
        {
            readers = await observer.ExecuteScalarAsync<long>(waiting);
            await Task.Delay(50);
        }

        Assert.Equal(1, readers);
        await transaction.CommitAsync();
        var figures = await Task.WhenAll(renders);
        Assert.All(figures, f => Assert.Equal(figures[0], f));

        // Another township is read on its own.
        Assert.NotNull(await stats.ThisMonthAsync("钱库镇", CancellationToken.None));
    }
}
