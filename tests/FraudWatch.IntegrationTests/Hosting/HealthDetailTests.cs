using System.Net;
using System.Text.Json;
using FraudWatch.IntegrationTests.FakeTelegram;
using FraudWatch.IntegrationTests.Infrastructure;

namespace FraudWatch.IntegrationTests.Hosting;

/// <summary>/health/ready tells everyone whether the host is ready, and only an admin why.</summary>
public sealed class HealthDetailTests
{
    [Fact]
    public async Task Ready_shows_the_bot_and_errors_to_an_admin_key_and_only_the_status_to_anyone_else()
    {
        await using var telegram = await FakeBotApi.StartAsync();
        await using var host = await TestHost.StartAsync(telegram);
        using var admin = host.Client("admin");
        var detail = await ReadyAsync(admin, until: body => body.Contains(telegram.BotUsername, StringComparison.Ordinal));
        Assert.Contains("reachable", detail, StringComparison.Ordinal);

        foreach (var caller in new[] { null, "officer", "analyst", "not-a-key-0123456789abcdef" })
        {
            using var client = host.Client(caller);
            var response = await client.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain(telegram.BotUsername, body, StringComparison.Ordinal);
            Assert.DoesNotContain("checks", body, StringComparison.Ordinal);
            Assert.Equal("Healthy", JsonDocument.Parse(body).RootElement.GetProperty("status").GetString());
        }
    }

    static async Task<string> ReadyAsync(HttpClient client, Func<string, bool> until)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var body = "";
        while (DateTime.UtcNow < deadline)
        {
            // 503 until the host has reached Telegram (a busy machine takes a moment): its body is read as well.
            using var response = await client.GetAsync("/health/ready");
            body = await response.Content.ReadAsStringAsync();
            if (until(body))
                return body;
            await Task.Delay(200);
        }

        throw new TimeoutException($"/health/ready never showed the detail: {body}");
    }
}
