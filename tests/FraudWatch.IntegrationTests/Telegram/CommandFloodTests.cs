using FraudWatch.IntegrationTests.FakeTelegram;
using FraudWatch.IntegrationTests.Infrastructure;

namespace FraudWatch.IntegrationTests.Telegram;

/// <summary>One resident flooding the bot gets one polite line, then silence; everyone else is served as usual.</summary>
public sealed class CommandFloodTests : IAsyncLifetime
{
    const long Flooder = 3701, Neighbour = 3702;
    FakeBotApi telegram = null!;
    TestHost host = null!;

    public async Task InitializeAsync()
    {
        telegram = await FakeBotApi.StartAsync();
        host = await TestHost.StartAsync(telegram, new Dictionary<string, string?>
        {
            ["Telegram:CommandsPerMinute"] = "5",
            ["Reports:PrivateChecksPerMinute"] = "4",
        });
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await telegram.DisposeAsync();
    }

    [Fact]
    public async Task Commands_past_the_limit_get_one_refusal_then_silence()
    {
        for (var i = 0; i < 12; i++)
            await host.HandledAsync(telegram.PrivateText(Flooder, "/help"));

        var sent = telegram.SentTo(Flooder);
        Assert.Equal(6, sent.Count);
        // A private chat answers in the user's Telegram language (the fake's users are "en").
        Assert.Contains("commands too fast", sent[^1].Text);
        // Someone else is answered as usual.
        await host.HandledAsync(telegram.PrivateText(Neighbour, "/help"));
        Assert.Single(telegram.SentTo(Neighbour));
    }

    [Fact]
    public async Task Forwards_past_the_limit_get_one_polite_line_then_silence()
    {
        for (var i = 0; i < 10; i++)
            await host.HandledAsync(telegram.ForwardedText(Flooder, $"第{i}条：您的快递丢失，请联系客服 0577-8888 9999 退款", "95338"));

        var sent = telegram.SentTo(Flooder);
        Assert.Equal(5, sent.Count);
        Assert.Contains("wait a minute", sent[^1].Text);
        Assert.Equal(4, await host.ScalarAsync<long>("SELECT count(*) FROM private_checks WHERE user_id = @Flooder", new { Flooder }));
    }
}
