using System.Net;
using System.Text;
using FraudWatch.IntegrationTests.FakeTelegram;
using FraudWatch.IntegrationTests.Infrastructure;
using Npgsql;

namespace FraudWatch.IntegrationTests.Telegram;

/// <summary>
/// The real program behind Kestrel in webhook mode, with the fake Bot API posting to it as Telegram posts through a
/// reverse proxy: updates arrive once however often they are sent, and what is not an update is refused with a 4xx.
/// </summary>
public sealed class WebhookEdgeTests : IAsyncLifetime
{
    const string Secret = "edge-webhook-secret";
    const long Resident = 4301;
    FakeBotApi telegram = null!;
    HostProcess host = null!;
    NpgsqlDataSource db = null!;

    public async Task InitializeAsync()
    {
        telegram = await FakeBotApi.StartAsync();
        var database = TestDatabase.Create("webhook");
        db = NpgsqlDataSource.Create(database);
        var port = TestPorts.Free();
        host = HostProcess.Start(new Dictionary<string, string?>
        {
            ["ConnectionStrings__FraudWatch"] = database,
            ["Telegram__BotToken"] = telegram.Token,
            ["Telegram__ApiBaseUrl"] = telegram.BaseUrl,
            ["Telegram__UpdateMode"] = "Webhook",
            ["Telegram__WebhookUrl"] = $"http://127.0.0.1:{port}/telegram/webhook",
            ["Telegram__WebhookSecret"] = Secret,
            ["FraudWatch__DataDirectory"] = Path.Combine(Path.GetTempPath(), "fraudwatch-webhook-" + Guid.NewGuid().ToString("N")),
        }, port: port);
        await host.WaitReadyAsync(90);
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await db.DisposeAsync();
        await telegram.DisposeAsync();
    }

    [Fact]
    public async Task Telegram_posting_an_update_to_the_webhook_and_again_gets_it_answered_once()
    {
        var id = telegram.PrivateText(Resident, "/help");
        await telegram.WaitForAsync(t => t.SentTo(Resident).Count == 1 ? (bool?)true : null, TimeSpan.FromSeconds(30));
        Assert.Contains(telegram.WebhookDeliveries, d => d.UpdateId == id && d.StatusCode == 200);

        // Telegram sends again what it thinks unanswered, on several connections at once.
        await telegram.RedeliverAsync(id);
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        var again = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PostAsync(http, Secret, Update(id))));
        Assert.All(again, status => Assert.Equal(HttpStatusCode.OK, status));
        await telegram.WaitForAsync(t => t.WebhookDeliveries.Count(d => d.UpdateId == id && d.StatusCode == 200) == 2 ? (bool?)true : null, TimeSpan.FromSeconds(30));

        var next = telegram.PrivateText(Resident, "/start");
        await telegram.WaitForAsync(t => t.SentTo(Resident).Count >= 2 ? (bool?)true : null, TimeSpan.FromSeconds(30));
        await Task.Delay(500);
        Assert.Equal(2, telegram.SentTo(Resident).Count);
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM telegram_updates WHERE update_id = @id", new { id }));
        Assert.Equal("done", await db.ScalarAsync<string>("SELECT status FROM telegram_updates WHERE update_id = @next", new { next }));
    }

    [Fact]
    public async Task What_is_not_an_update_gets_a_4xx_and_nothing_is_stored()
    {
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        var before = await db.ScalarAsync<long>("SELECT count(*) FROM telegram_updates");

        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(http, null, Update(990001)));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(http, Secret + "x", Update(990001)));
        foreach (var body in new[] { "", "[]", "\"update\"", "null", "{}", "{\"update_id\":\"990002\"}", "{\"update_id\":1.5}", "{\"update_id\":99", "\u00ff\u00fe" })
        {
            var status = await PostAsync(http, Secret, body);
            Assert.True(status == HttpStatusCode.BadRequest, $"'{body}' answered {(int)status}");
        }

        // A Telegram update is a few kilobytes; 2 MB is refused while it is read.
        var large = await PostAsync(http, Secret, Update(990003, new string('长', 700_000)));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large);

        Assert.Equal(before, await db.ScalarAsync<long>("SELECT count(*) FROM telegram_updates"));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task An_update_with_its_chat_id_written_as_a_string_is_taken_and_handled()
    {
        using var http = new HttpClient { BaseAddress = host.BaseAddress };

        var status = await PostAsync(http, Secret, """{"update_id":990005,"message":{"message_id":1,"date":1764400000,"chat":{"id":"4302","type":"private"},"text":"hello"}}""");

        Assert.Equal(HttpStatusCode.OK, status);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await db.ScalarAsync<string?>("SELECT status FROM telegram_updates WHERE update_id = 990005") is null or "received" && DateTime.UtcNow < deadline)
            await Task.Delay(100);
        Assert.Equal("done", await db.ScalarAsync<string?>("SELECT status FROM telegram_updates WHERE update_id = 990005"));
    }

    static string Update(long id, string text = "/help") => $$$"""
        {"update_id":{{{id}}},"message":{"message_id":{{{id % 100_000}}},"date":1764400000,
         "chat":{"id":{{{Resident}}},"type":"private","first_name":"Li"},"from":{"id":{{{Resident}}},"is_bot":false,"first_name":"Li"},
         "text":"{{{text}}}"}}
        """;

    static async Task<HttpStatusCode> PostAsync(HttpClient http, string? secret, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/telegram/webhook") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (secret is not null)
            request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", secret);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }
}
