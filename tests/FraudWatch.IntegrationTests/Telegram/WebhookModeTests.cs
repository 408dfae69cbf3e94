using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FraudWatch.IntegrationTests.FakeTelegram;
using FraudWatch.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

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

    [Fact]
    public async Task A_webhook_deleted_by_someone_else_is_set_again()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var telegram = await FakeBotApi.StartAsync();
        await using var host = await TestHost.StartAsync(telegram, Webhook, services: s => s.AddSingleton<TimeProvider>(clock));
        await telegram.WaitForAsync(t => t.Calls.FirstOrDefault(c => c.Method == "setWebhook" && c.StatusCode == 200), TimeSpan.FromSeconds(30));

        // Another program with the same token (a poller, a developer's laptop) deletes the webhook: Telegram then delivers nothing here.
        using var bot = new HttpClient();
        await bot.PostAsJsonAsync($"{telegram.BaseUrl}/bot{telegram.Token}/deleteWebhook", new { });
        Assert.Equal("", await WebhookUrlAsync(telegram));

        var sets = telegram.Calls.Count(c => c.Method == "setWebhook" && c.StatusCode == 200);
        await AdvanceUntilAsync(clock, () => Task.FromResult(telegram.Calls.Count(c => c.Method == "setWebhook" && c.StatusCode == 200) > sets));

        Assert.Equal(Url, await WebhookUrlAsync(telegram));
        Assert.Equal(Secret, (string?)telegram.Calls.Last(c => c.Method == "setWebhook").Params["secret_token"]);
    }

    [Fact]
    public async Task Ready_says_when_Telegram_cannot_deliver_to_the_webhook_and_is_503_once_that_lasts()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var telegram = await FakeBotApi.StartAsync();
        await using var host = await TestHost.StartAsync(telegram, Webhook, services: s => s.AddSingleton<TimeProvider>(clock));
        using var admin = host.Client("admin");
        using var anyone = host.Client();
        await ReadyAsync(admin, body => body.Contains("webhook", StringComparison.Ordinal) && body.Contains("\"Healthy\"", StringComparison.Ordinal));

        // The reverse proxy is down (here: nothing listens on port 9): Telegram keeps the update and records the error.
        telegram.PrivateText(4101, "/help");
        await telegram.WaitForAsync(t => t.WebhookDeliveries.FirstOrDefault(d => d.StatusCode == 0), TimeSpan.FromSeconds(20));

        await AdvanceUntilAsync(clock, async () => (await admin.GetStringAsync("/health/ready")).Contains("cannot deliver", StringComparison.Ordinal));
        var degraded = await admin.GetStringAsync("/health/ready");
        Assert.Contains("\"Degraded\"", degraded, StringComparison.Ordinal);
        Assert.Contains("Connection failed", degraded, StringComparison.Ordinal);

        // Still failing at the next look, more than 30 s later: not ready, as for a poller whose calls fail that long.
        await AdvanceUntilAsync(clock, async () => (await anyone.GetAsync("/health/ready")).StatusCode == HttpStatusCode.ServiceUnavailable);
    }

    static async Task<string?> WebhookUrlAsync(FakeBotApi telegram)
    {
        using var bot = new HttpClient();
        var info = await bot.GetFromJsonAsync<JsonElement>($"{telegram.BaseUrl}/bot{telegram.Token}/getWebhookInfo");
        return info.GetProperty("result").GetProperty("url").GetString();
    }

    /// <summary>Moves the host's clock a minute at a time (its timers may start after an advance) until the condition holds.</summary>
    static async Task AdvanceUntilAsync(FakeTimeProvider clock, Func<Task<bool>> done)
    {
        for (var i = 0; i < 40; i++)
        {
            if (await done())
                return;
            clock.Advance(TimeSpan.FromSeconds(61));
            await Task.Delay(500);
        }

        Assert.True(await done(), "not seen after 40 minutes of the host's clock");
    }

    static async Task ReadyAsync(HttpClient client, Func<string, bool> until)
    {
        var deadline = DateTime.UtcNow.AddSeconds(40);
        var body = "";
        while (DateTime.UtcNow < deadline)
        {
            body = await (await client.GetAsync("/health/ready")).Content.ReadAsStringAsync();
            if (until(body))
                return;
            await Task.Delay(200);
        }

        throw new TimeoutException($"/health/ready never showed what was awaited: {body}");
    }
}
