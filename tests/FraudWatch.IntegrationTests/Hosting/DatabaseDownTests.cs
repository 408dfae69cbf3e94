using System.Net;
using System.Text;
using System.Text.Json;
using FraudWatch.IntegrationTests.FakeTelegram;
using FraudWatch.IntegrationTests.Infrastructure;

namespace FraudWatch.IntegrationTests.Hosting;

/// <summary>
/// While PostgreSQL is unreachable, the API and the webhook answer 503 with Retry-After and a problem saying so, not a
/// bare 500: Telegram, scripts and proxies then know to try again rather than that the request itself was wrong.
/// </summary>
public sealed class DatabaseDownTests : IAsyncLifetime
{
    const string Secret = "database-down-secret";
    OwnCluster cluster = null!;
    FakeBotApi telegram = null!;
    TestHost host = null!;

    public async Task InitializeAsync()
    {
        cluster = new OwnCluster("down");
        telegram = await FakeBotApi.StartAsync();
        host = await TestHost.StartAsync(telegram, new Dictionary<string, string?>
        {
            ["Telegram:UpdateMode"] = "Webhook",
            ["Telegram:WebhookUrl"] = "http://127.0.0.1:9/telegram/webhook",
            ["Telegram:WebhookSecret"] = Secret,
        }, cluster.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await telegram.DisposeAsync();
        cluster.Dispose();
    }

    [Fact]
    public async Task Api_and_webhook_answer_503_with_retry_after_while_the_database_is_down_and_work_again_after()
    {
        using var analyst = host.Client("analyst");
        using var anyone = host.Client();
        Assert.Equal(HttpStatusCode.OK, (await analyst.GetAsync("/api/v1/groups")).StatusCode);

        cluster.Stop();
        using var groups = await analyst.GetAsync("/api/v1/groups");
        using var update = await anyone.SendAsync(Webhook(1));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, groups.StatusCode);
        Assert.NotNull(groups.Headers.RetryAfter);
        using (var problem = JsonDocument.Parse(await groups.Content.ReadAsStringAsync()))
            Assert.Contains("database", problem.RootElement.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, update.StatusCode);
        Assert.NotNull(update.Headers.RetryAfter);

        cluster.Resume();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        HttpStatusCode again;
        while ((again = (await anyone.SendAsync(Webhook(1))).StatusCode) != HttpStatusCode.OK && DateTime.UtcNow < deadline)
            await Task.Delay(250);
        Assert.Equal(HttpStatusCode.OK, again);
        Assert.Equal(HttpStatusCode.OK, (await analyst.GetAsync("/api/v1/groups")).StatusCode);
        await host.WaitForAsync<long>("SELECT count(*) FROM telegram_updates WHERE update_id = 1", until: n => n == 1, seconds: 10);
    }

    static HttpRequestMessage Webhook(long updateId)
    {
        var body = $$$"""{"update_id":{{{updateId}}},"message":{"message_id":1,"date":{{{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}}},"chat":{"id":4201,"type":"private"},"from":{"id":4201,"is_bot":false,"first_name":"阿婆"},"text":"/help"}}""";
        var request = new HttpRequestMessage(HttpMethod.Post, "/telegram/webhook") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", Secret);
        return request;
    }
}
