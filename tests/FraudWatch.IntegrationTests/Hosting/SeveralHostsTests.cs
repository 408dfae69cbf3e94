using FraudWatch.IntegrationTests.FakeTelegram;
using FraudWatch.IntegrationTests.Infrastructure;
using Hangfire;

namespace FraudWatch.IntegrationTests.Hosting;

/// <summary>
/// Hangfire's defaults are process-wide (JobStorage.Current, the job activator, logging). Hosts started side by side
/// in one process, as the test classes do, must each schedule jobs in their own database.
/// </summary>
public sealed class SeveralHostsTests
{
    [Fact]
    public async Task Hosts_started_together_each_keep_their_jobs_in_their_own_database()
    {
        await using var telegram = await FakeBotApi.StartAsync();
        var hosts = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => TestHost.StartAsync(telegram))));
        try
        {
            for (var i = 0; i < hosts.Length; i++)
                hosts[i].Get<IRecurringJobManager>().AddOrUpdate($"host-{i}", () => System.Console.WriteLine("check"), Cron.Never);

            for (var i = 0; i < hosts.Length; i++)
            {
                var ids = await hosts[i].QueryAsync<string>("SELECT value FROM hangfire.set WHERE key = 'recurring-jobs' AND value LIKE 'host-%'");
                Assert.Equal([$"host-{i}"], ids);
            }
        }
        finally
        {
            foreach (var host in hosts)
                await host.DisposeAsync();
        }
    }
}
