using Dapper;
using FraudWatch.Broadcasting;
using FraudWatch.Campaigns;
using FraudWatch.IntegrationTests.FakeTelegram;
using FraudWatch.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using static FraudWatch.IntegrationTests.Campaigns.CampaignKit;

namespace FraudWatch.IntegrationTests.Campaigns;

/// <summary>The engine's sweep (leases, finished runs, progress) must never hold up claims, sends or recorded results.</summary>
public sealed class BroadcastHousekeepingTests : IAsyncLifetime
{
    FakeBotApi telegram = null!;
    TestHost? host;

    public async Task InitializeAsync() => telegram = await FakeBotApi.StartAsync();

    public async Task DisposeAsync()
    {
        if (host is not null)
            await host.DisposeAsync();
        await telegram.DisposeAsync();
    }

    /// <summary>Closing runs waits until the test opens the gate.</summary>
    sealed class GatedRunCloser(CampaignStore inner, Task gate) : IRunCloser
    {
        public int Calls;

        public async Task<IReadOnlyList<long>> FinishRunsAsync(CancellationToken ct)
        {
            Interlocked.Increment(ref Calls);
            await gate.WaitAsync(ct);
            return await inner.FinishRunsAsync(ct);
        }
    }

    [Fact]
    public async Task A_broadcast_keeps_sending_while_the_sweep_is_held_up()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        GatedRunCloser? closer = null;
        // 30 msg/s: at most 30 claimed at once, so 120 groups need several claims while the sweep waits.
        host = await TestHost.StartAsync(telegram, Settings(("Broadcast:MessagesPerSecond", "30")), services: s =>
            s.Replace(ServiceDescriptor.Singleton<IRunCloser>(sp => closer = new GatedRunCloser(sp.GetRequiredService<CampaignStore>(), gate.Task))));
        var chats = await BindGroupsAsync(host, "钱库镇", 120, -7100);

        var id = (await CreateAsync(host, new { text = "今晚村委会反诈讲座。", target = "township:钱库镇", schedule = "now" })).GetProperty("id").GetInt64();
        await telegram.WaitForAsync(t => t.SendCount >= chats.Length ? (int?)t.SendCount : null, TimeSpan.FromSeconds(30));

        Assert.True(closer is { Calls: > 0 }, "the sweep ran and is waiting");
        Assert.False(gate.Task.IsCompleted);
        Assert.Equal("running", await host.ScalarAsync<string>("SELECT status FROM campaign_runs WHERE campaign_id = @id", new { id }));

        gate.SetResult();
        await FinishedAsync(host, id);
        Assert.All(chats, chat => Assert.Single(telegram.SentTo(chat)));
    }

    [Fact]
    public async Task Renewing_leases_skips_a_delivery_whose_result_is_being_recorded_instead_of_waiting()
    {
        host = await TestHost.StartAsync(telegram, Settings(("Broadcast:SendTimeoutSeconds", "20")));
        var chats = await BindGroupsAsync(host, "桥墩镇", 3, -7400);
        // Telegram answers after 10 s, so the claimed deliveries stay 'sending' for the test, however slow the machine.
        telegram.ResponseDelay = TimeSpan.FromSeconds(10);
        var id = (await CreateAsync(host, new { text = "反诈提醒：不要点陌生链接。", target = "township:桥墩镇", schedule = "now" })).GetProperty("id").GetInt64();
        var instance = host.Get<BroadcastEngine>().Instance;
        const string sending = "SELECT count(*) FROM deliveries d JOIN campaign_runs r ON r.id = d.run_id WHERE r.campaign_id = @id AND d.status = 'sending'";
        for (var waited = 0; await host.ScalarAsync<long>(sending, new { id }) < chats.Length; waited += 50)
        {
            Assert.True(waited < 10_000, "deliveries were claimed");
            await Task.Delay(50);
        }

        // Another statement holds one delivery's row, as the result writer does while it records a batch.
        await using var holder = await host.Db.OpenConnectionAsync();
        await using var transaction = await holder.BeginTransactionAsync();
        var held = await holder.ExecuteScalarAsync<long>(
            "SELECT d.id FROM deliveries d JOIN campaign_runs r ON r.id = d.run_id WHERE r.campaign_id = @id ORDER BY d.id LIMIT 1 FOR UPDATE OF d",
            new { id }, transaction);
        var before = await LeasesAsync(id);

        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        await host.Get<DeliveryStore>().RenewAndRecoverAsync(instance, TimeSpan.FromMinutes(10), patience.Token);

        var after = await LeasesAsync(id);
        Assert.Equal(before[held], after[held]);
        Assert.All(after.Where(r => r.Key != held), r => Assert.True(r.Value > before[r.Key].AddMinutes(5), "lease renewed"));

        await transaction.RollbackAsync();
        telegram.ResponseDelay = TimeSpan.Zero;
        await FinishedAsync(host, id);
    }

    async Task<Dictionary<long, DateTime>> LeasesAsync(long campaignId)
    {
        await using var connection = await host!.Db.OpenConnectionAsync();
        return (await connection.QueryAsync<(long Id, DateTime Lease)>(
                "SELECT d.id, d.lease_until FROM deliveries d JOIN campaign_runs r ON r.id = d.run_id WHERE r.campaign_id = @campaignId",
                new { campaignId }))
            .ToDictionary(r => r.Id, r => r.Lease);
    }
}
