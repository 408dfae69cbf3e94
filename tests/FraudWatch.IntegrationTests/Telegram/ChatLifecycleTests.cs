using FraudWatch.IntegrationTests.FakeTelegram;
using FraudWatch.IntegrationTests.Infrastructure;
using FraudWatch.Telegram;
using Microsoft.Extensions.DependencyInjection;
using static FraudWatch.IntegrationTests.Campaigns.CampaignKit;

namespace FraudWatch.IntegrationTests.Telegram;

/// <summary>Telegram's answer that a chat moved stands even when recording it fails: the send goes on to the new id.</summary>
public sealed class ChatLifecycleTests : IAsyncLifetime
{
    FakeBotApi telegram = null!;
    TestHost host = null!;

    sealed class FailingOwner : IChatLifecycle
    {
        public Task LeftAsync(long chatId, CancellationToken ct) => throw new InvalidOperationException("recording failed");
        public Task MigratedAsync(long oldChatId, long newChatId, CancellationToken ct) => throw new InvalidOperationException("recording failed");
    }

    public async Task InitializeAsync()
    {
        telegram = await FakeBotApi.StartAsync();
        host = await TestHost.StartAsync(telegram, Settings(), services: s => s.AddSingleton<IChatLifecycle, FailingOwner>());
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await telegram.DisposeAsync();
    }

    [Fact]
    public async Task A_migrated_send_whose_record_fails_still_reaches_the_new_chat()
    {
        var chats = await BindGroupsAsync(host, "灵溪镇", 1, -713);
        const long supergroup = -1001000713;
        telegram.Fault(chats[0], FaultKind.Migrated(supergroup));

        var id = (await CreateAsync(host, new { text = "今晚8点 村委会反诈讲座。", target = "township:灵溪镇", schedule = "now" })).GetProperty("id").GetInt64();
        await FinishedAsync(host, id);

        var delivery = Assert.Single(await DeliveriesAsync(host, id));
        Assert.Equal((supergroup, "sent"), (delivery.ChatId, delivery.Status));
        Assert.Single(telegram.SentTo(supergroup));
    }
}
