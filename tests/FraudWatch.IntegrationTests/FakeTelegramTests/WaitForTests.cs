using Telegram.Bot;

namespace FraudWatch.IntegrationTests.FakeTelegramTests;

public sealed class WaitForTests : FakeBotApiTest
{
    [Fact]
    public async Task WaitFor_returns_value_types_once_they_appear()
    {
        var message = await Bot.SendMessage(-5, "pin me", cancellationToken: default);
        var pinning = Bot.PinChatMessage(-5, message.MessageId, cancellationToken: default);

        var pinned = await Fake.WaitForAsync(f => f.PinnedMessageId(-5), Patience);

        await pinning;
        Assert.Equal(message.MessageId, pinned);
    }

    [Fact]
    public async Task WaitFor_times_out_with_a_summary_of_recent_calls()
    {
        await Bot.SendMessage(-5, "only this", cancellationToken: default);

        var error = await Assert.ThrowsAsync<TimeoutException>(() =>
            Fake.WaitForAsync(f => f.SentTo(-6).FirstOrDefault(), TimeSpan.FromMilliseconds(100)));

        Assert.Contains("sendMessage→200", error.Message);
        Assert.Contains("1 accepted sends", error.Message);
    }
}
