using FraudWatch.IntegrationTests.FakeTelegram;
using FraudWatch.IntegrationTests.Infrastructure;

namespace FraudWatch.IntegrationTests.Telegram;

/// <summary>A reply that Telegram answers with 429 waits in the outbox, not in the update lane it came from.</summary>
public sealed class ReplyRateLimitTests : IAsyncLifetime
{
    // Both groups are in lane 4 of 8 (|chat id| mod 8): the second is handled by the lane the first one's reply came from.
    const long LimitedGroup = -900, LaneMate = -908;
    FakeBotApi telegram = null!;
    TestHost host = null!;

    public async Task InitializeAsync()
    {
        telegram = await FakeBotApi.StartAsync();
        host = await TestHost.StartAsync(telegram);
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await telegram.DisposeAsync();
    }

    [Fact]
    public async Task A_reply_answered_429_is_queued_and_the_next_chat_in_its_lane_is_answered_at_once()
    {
        telegram.Fault(LimitedGroup, FaultKind.TooManyRequests(40), times: 1);
        await host.HandledAsync(telegram.GroupText(LimitedGroup, 3901, "/help"), seconds: 15);

        // The lane is free: the lane-mate's /help is handled well inside the 40 s the first group must wait.
        await host.HandledAsync(telegram.GroupText(LaneMate, 3902, "/help"), seconds: 8);
        Assert.Equal(1, await host.ScalarAsync<long>("SELECT count(*) FROM bot_messages WHERE chat_id = @LimitedGroup AND status = 'queued'", new { LimitedGroup }));
        Assert.Equal(1, await host.ScalarAsync<long>("SELECT count(*) FROM bot_messages WHERE chat_id = @LaneMate AND status = 'sent'", new { LaneMate }));
    }
}
