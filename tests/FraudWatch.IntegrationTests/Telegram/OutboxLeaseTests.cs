using Dapper;
using FraudWatch.IntegrationTests.FakeTelegram;
using FraudWatch.IntegrationTests.Infrastructure;
using FraudWatch.Telegram;

namespace FraudWatch.IntegrationTests.Telegram;

/// <summary>
/// The reply outbox with a 2-second lease: a reply still being sent keeps its claim however long Telegram makes it
/// wait, and a claim whose instance died is taken over.
/// </summary>
public sealed class OutboxLeaseTests : IAsyncLifetime
{
    const long SlowGroup = -7_734_000_001, OrphanGroup = -7_734_000_002;
    FakeBotApi telegram = null!;
    TestHost host = null!;

    public async Task InitializeAsync()
    {
        telegram = await FakeBotApi.StartAsync();
        host = await TestHost.StartAsync(telegram, new Dictionary<string, string?> { ["Telegram:OutboxLeaseSeconds"] = "2" });
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await telegram.DisposeAsync();
    }

    [Fact]
    public async Task A_queued_reply_that_waits_out_two_429s_longer_than_the_lease_reaches_the_group_once()
    {
        // Two 429s of 5 s keep the reply in its claim for over 10 s, five leases; the other outbox lane polls every 5 s meanwhile.
        telegram.Fault(SlowGroup, FaultKind.TooManyRequests(5), times: 2);
        await host.Get<BotMessageStore>().QueueAsync(SlowGroup, "slow outbox reply", null, null, CancellationToken.None);
        Outbox.Wake();

        await host.WaitForAsync<string>("SELECT status FROM bot_messages WHERE text = 'slow outbox reply' AND status = 'sent'", seconds: 40);
        // A lane that had taken the reply over would still be waiting out the group's pause: give it the time to send.
        await Task.Delay(TimeSpan.FromSeconds(8));
        Assert.Single(telegram.SentTo(SlowGroup), m => m.Text.Contains("slow outbox reply", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_reply_claimed_by_an_instance_that_died_is_sent_once_after_the_lease()
    {
        // Claimed just now by an instance that will never renew the claim.
        await using (var connection = await host.Db.OpenConnectionAsync())
        {
            await connection.ExecuteAsync(
                "INSERT INTO bot_messages (chat_id, text, status, claimed_at) VALUES (@OrphanGroup, 'orphaned outbox reply', 'queued', now())", new { OrphanGroup });
        }

        await host.WaitForAsync<string>("SELECT status FROM bot_messages WHERE text = 'orphaned outbox reply' AND status = 'sent'", seconds: 30);
        Assert.Single(telegram.SentTo(OrphanGroup), m => m.Text.Contains("orphaned outbox reply", StringComparison.Ordinal));
    }
}
