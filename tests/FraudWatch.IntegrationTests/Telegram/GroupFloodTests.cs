using FraudWatch.IntegrationTests.FakeTelegram;
using FraudWatch.IntegrationTests.Infrastructure;

namespace FraudWatch.IntegrationTests.Telegram;

/// <summary>A group flooded with commands past its minute limit holds up no other chat: its replies wait in the outbox.</summary>
public sealed class GroupFloodTests : IAsyncLifetime
{
    const long Officer = 3801, FloodGroup = -800;
    FakeBotApi telegram = null!;
    TestHost host = null!;

    public async Task InitializeAsync()
    {
        telegram = await FakeBotApi.StartAsync();
        host = await TestHost.StartAsync(telegram, new Dictionary<string, string?> { ["Broadcast:GroupMessagesPerMinute"] = "2" });
        await host.HandledAsync(telegram.PrivateText(TestHost.AdminUserId, $"/role {Officer} officer"));
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await telegram.DisposeAsync();
    }

    [Fact]
    public async Task A_flooded_group_holds_up_no_chat_in_any_lane_and_its_replies_wait_in_the_outbox()
    {
        // Every lane gets a bound village group (the flood group's lane too); binding them uses their minute.
        var villages = Enumerable.Range(1, 8).Select(i => -800L - i).ToArray();
        foreach (var chat in villages)
        {
            await host.HandledAsync(telegram.BotAdded(chat, $"村{-chat}", Officer));
            await host.HandledAsync(telegram.GroupText(chat, Officer, $"/bind 灵溪镇 村{-chat}"));
        }

        // Six residents ask for help in a group whose minute allows two messages: none of them waits for the minute.
        for (var resident = 3811; resident <= 3816; resident++)
            await host.HandledAsync(telegram.GroupText(FloodGroup, resident, "/help"), seconds: 15);
        Assert.True(await host.ScalarAsync<long>("SELECT count(*) FROM bot_messages WHERE chat_id = @FloodGroup AND status = 'queued'", new { FloodGroup }) >= 3);

        // A report in every lane is stored and answered (or its answer queued) at once.
        foreach (var chat in villages)
            await host.HandledAsync(telegram.GroupText(chat, 3820, "/report 自称公安让我转账到安全账户 0577-8888 9999"), seconds: 15);
        Assert.Equal(8, await host.ScalarAsync<long>("SELECT count(*) FROM reports"));
    }
}
