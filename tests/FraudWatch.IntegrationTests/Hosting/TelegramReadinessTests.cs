using System.Net;
using FraudWatch.IntegrationTests.FakeTelegram;
using FraudWatch.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FraudWatch.IntegrationTests.Hosting;

/// <summary>
/// /health/ready (and so the --health probe) covers Telegram after sign-in: a refused token is 503 at once, other
/// failures only once they have lasted 30 s with no call succeeding, and a webhook Telegram did not take is 503.
/// </summary>
public sealed class TelegramReadinessTests
{
    [Fact]
    public async Task Ready_is_503_as_soon_as_Telegram_refuses_the_token_after_sign_in()
    {
        await using var telegram = await FakeBotApi.StartAsync();
        await using var host = await TestHost.StartAsync(telegram);
        using var admin = host.Client("admin");
        await ReadyAsync(admin, until: body => body.Contains(telegram.BotUsername, StringComparison.Ordinal) && body.Contains("\"Healthy\"", StringComparison.Ordinal));

        telegram.TokenRevoked = true;
        await telegram.WaitForAsync(t => t.Calls.Any(c => c.Method == "getUpdates" && c.StatusCode == 401) ? (bool?)true : null, TimeSpan.FromSeconds(30));

        using var anyone = host.Client();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await anyone.GetAsync("/health/ready")).StatusCode);
        Assert.Contains("token refused", await ReadyAsync(admin, until: _ => true), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failing_getUpdates_keeps_ready_for_30_seconds_then_503_and_ready_again_once_Telegram_answers()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var telegram = await FakeBotApi.StartAsync();
        await using var host = await TestHost.StartAsync(telegram, services: s => s.AddSingleton<TimeProvider>(clock));
        using var admin = host.Client("admin");
        using var anyone = host.Client();
        await ReadyAsync(admin, until: body => body.Contains(telegram.BotUsername, StringComparison.Ordinal) && body.Contains("\"Healthy\"", StringComparison.Ordinal));

        telegram.FaultMethod("getUpdates", FaultKind.BadGatewayHtml);
        // Failing, but not for long: degraded, still ready.
        await ReadyAsync(admin, until: body => body.Contains("\"Degraded\"", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await anyone.GetAsync("/health/ready")).StatusCode);

        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await anyone.GetAsync("/health/ready")).StatusCode);

        telegram.ClearMethodFaults("getUpdates");
        await ReadyAsync(admin, until: body => body.Contains("\"Healthy\"", StringComparison.Ordinal) && !body.Contains("failing", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await anyone.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task Ready_is_503_while_Telegram_refuses_the_webhook_and_200_once_it_takes_it()
    {
        await using var telegram = await FakeBotApi.StartAsync();
        telegram.FaultMethod("setWebhook", FaultKind.BadGatewayJson);
        await using var host = await TestHost.StartAsync(telegram, new Dictionary<string, string?>
        {
            ["Telegram:UpdateMode"] = "Webhook",
            ["Telegram:WebhookUrl"] = "http://127.0.0.1:9/telegram/webhook",
            ["Telegram:WebhookSecret"] = "readiness-secret",
        });
        await telegram.WaitForAsync(t => t.Calls.Any(c => c.Method == "setWebhook" && c.StatusCode == 502) ? (bool?)true : null, TimeSpan.FromSeconds(30));

        using var anyone = host.Client();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await anyone.GetAsync("/health/ready")).StatusCode);

        telegram.ClearMethodFaults("setWebhook");
        using var admin = host.Client("admin");
        await ReadyAsync(admin, until: body => body.Contains("webhook", StringComparison.Ordinal) && body.Contains("\"Healthy\"", StringComparison.Ordinal));
    }

    static async Task<string> ReadyAsync(HttpClient client, Func<string, bool> until)
    {
        var deadline = DateTime.UtcNow.AddSeconds(40);
        var body = "";
        while (DateTime.UtcNow < deadline)
        {
            body = await (await client.GetAsync("/health/ready")).Content.ReadAsStringAsync();
            if (until(body))
                return body;
            await Task.Delay(200);
        }

        throw new TimeoutException($"/health/ready never showed what was awaited: {body}");
    }
}
