using FraudWatch.IntegrationTests.FakeTelegram;
using FraudWatch.IntegrationTests.Infrastructure;

namespace FraudWatch.IntegrationTests.Telegram;

/// <summary>Webhook mode as a county runs it: the webhook is set, kept set, and readiness says when Telegram cannot use it.</summary>
public sealed class WebhookModeTests
{
    const string Url = "http://127.0.0.1:9/telegram/webhook";
    const string Secret = "webhook-mode-secret";

    static readonly Dictionary<string, string?> Webhook = new()
    {
        ["Telegram:UpdateMode"] = "Webhook",
        ["Telegram:WebhookUrl"] = Url,
        ["Telegram:WebhookSecret"] = Secret,
    };

    [Fact]
    public async Task A_setWebhook_refused_with_429_is_tried_again_only_after_retry_after()
    {
        await using var telegram = await FakeBotApi.StartAsync();
        telegram.FaultMethod("setWebhook", FaultKind.TooManyRequests(3), times: 1);
        await using var host = await TestHost.StartAsync(telegram, Webhook);

        var refused = await telegram.WaitForAsync(t => t.Calls.FirstOrDefault(c => c.Method == "setWebhook" && c.StatusCode == 429), TimeSpan.FromSeconds(30));
        var taken = await telegram.WaitForAsync(t => t.Calls.FirstOrDefault(c => c.Method == "setWebhook" && c.StatusCode == 200), TimeSpan.FromSeconds(30));

        // Bot API: "retry_after: In case of exceeding flood control, the number of seconds left to wait before the request can be repeated".
        var next = telegram.Calls.First(c => c.AtUtc > refused.AtUtc);
        Assert.True(next.AtUtc - refused.AtUtc >= TimeSpan.FromSeconds(2.9), $"{next.Method} came {(next.AtUtc - refused.AtUtc).TotalMilliseconds:0} ms after a 429 with retry_after 3");
        Assert.Equal(Url, (string?)taken.Params["url"]);
    }
}
