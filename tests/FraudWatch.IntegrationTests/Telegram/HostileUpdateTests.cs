using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using FraudWatch.IntegrationTests.FakeTelegram;
using FraudWatch.IntegrationTests.Infrastructure;

namespace FraudWatch.IntegrationTests.Telegram;

/// <summary>Generated hostile updates never crash or stall the host, never run input as SQL or Liquid.</summary>
public sealed class HostileUpdateTests
{
    const int Count = 300;

    static readonly string[] Nasty =
    [
        "'; DROP TABLE groups; --", "\" OR 1=1 --", "$$; SELECT pg_sleep(30); $$", "{{ 7 | plus: 1 }}", "{% for i in (1..999999) %}x{% endfor %}",
        "\u202Eevil\u202C", "\u0000\u0001\u0007", "🚨📞💰🧧", "<b>bold</b><script>alert(1)</script>", "&amp;&lt;", "\uFEFF\u200B",
        "+86 138 0013 8000", "057788889999", "95588", "+855 12 345 678", "１３８００１３８０００", "6222 0212 3456 7890 128",
        "https://xn--80ak6aa92e.com/a?b=c#d", "http://[::1]:80/", "javascript:alert(1)", new string('长', 5000), new string('9', 400),
    ];

    static string Text(Random random) => string.Concat(Enumerable.Range(0, random.Next(1, 4)).Select(_ => Nasty[random.Next(Nasty.Length)] + " "));

    static JsonObject Message(Random random, long updateId)
    {
        var chatId = random.Next(2) == 0 ? -900_000 - random.Next(5) : 900_000 + random.Next(5);
        var text = random.Next(3) switch
        {
            0 => "/" + new[] { "report", "check", "bind", "role", "help", "stats", "outcome", "alert", "broadcast", "nosuch" }[random.Next(10)] + " " + Text(random),
            1 => Text(random),
            _ => "/bind " + Text(random) + " " + Text(random),
        };
        var message = new JsonObject
        {
            ["message_id"] = random.Next(1, 1_000_000),
            ["date"] = 1764400000,
            ["chat"] = new JsonObject { ["id"] = chatId, ["type"] = chatId < 0 ? "group" : "private", ["title"] = Text(random) },
            ["from"] = new JsonObject { ["id"] = TestHost.AdminUserId + random.Next(3), ["is_bot"] = false, ["first_name"] = Text(random) },
            ["text"] = text,
        };
        if (text.StartsWith('/'))
            message["entities"] = new JsonArray(new JsonObject { ["offset"] = 0, ["length"] = text.IndexOf(' ', StringComparison.Ordinal), ["type"] = "bot_command" });
        if (random.Next(4) == 0)
            message["some_future_field"] = new JsonObject { ["kind"] = "hologram", ["level"] = 9 };
        if (random.Next(6) == 0)
            message["chat"]!["type"] = "metaverse";
        return new JsonObject { ["update_id"] = updateId, [random.Next(8) == 0 ? "business_message" : "message"] = message };
    }

    [Fact]
    public async Task Generated_hostile_updates_via_webhook_leave_the_host_healthy()
    {
        await using var telegram = await FakeBotApi.StartAsync();
        await using var host = await TestHost.StartAsync(telegram, new Dictionary<string, string?>
        {
            ["Telegram:UpdateMode"] = "Webhook",
            ["Telegram:WebhookUrl"] = "http://127.0.0.1:9/telegram/webhook",
            ["Telegram:WebhookSecret"] = "fuzz",
            ["Broadcast:GroupMessagesPerMinute"] = "600",
            ["Broadcast:MessagesPerSecond"] = "1000",
        });
        var random = new Random(20201117);
        var client = host.Client();
        var statuses = new Dictionary<HttpStatusCode, int>();
        for (var i = 1; i <= Count; i++)
        {
            var json = Message(random, i).ToJsonString();
            if (random.Next(5) == 0)
                json = json[..random.Next(json.Length)];
            using var request = new HttpRequestMessage(HttpMethod.Post, "/telegram/webhook") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", "fuzz");
            var status = (await client.SendAsync(request)).StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            Assert.True(status is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"input {i} answered {(int)status}: {json[..Math.Min(200, json.Length)]}");
        }

        await AssertStillWorksAsync(host, telegram, async body =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/telegram/webhook") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", "fuzz");
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request)).StatusCode);
        });
        Assert.True(statuses.GetValueOrDefault(HttpStatusCode.BadRequest) > 0, "some inputs were truncated");
    }

    [Fact]
    public async Task Generated_hostile_updates_via_polling_leave_the_host_healthy()
    {
        await using var telegram = await FakeBotApi.StartAsync();
        var random = new Random(20200916);
        for (var i = 1; i <= Count; i++)
            telegram.EnqueueRaw(Message(random, i).ToJsonString(), i);
        // Hundreds of replies to ten chats: lift the per-group send limit, which would otherwise pace them over minutes.
        await using var host = await TestHost.StartAsync(telegram, new Dictionary<string, string?>
        {
            ["Broadcast:GroupMessagesPerMinute"] = "600",
            ["Broadcast:MessagesPerSecond"] = "1000",
        });

        await AssertStillWorksAsync(host, telegram, body =>
        {
            telegram.EnqueueRaw(body, Count + 1);
            return Task.CompletedTask;
        });
    }

    static async Task AssertStillWorksAsync(TestHost host, FakeBotApi telegram, Func<string, Task> deliver)
    {
        var good = $$$"""
            {"update_id":{{{Count + 1}}},"message":{"message_id":1,"date":1764400000,"chat":{"id":4242,"type":"private","first_name":"A"},
             "from":{"id":4242,"is_bot":false,"first_name":"A"},"text":"/help","entities":[{"offset":0,"length":5,"type":"bot_command"}]}}
            """;
        await deliver(good);
        Assert.Equal("done", await host.HandledAsync(Count + 1, seconds: 120));
        Assert.Single(telegram.SentTo(4242));
        // Chats are handled in parallel: the rest drain too, none stalls.
        await host.WaitForAsync<long>("SELECT count(*) FROM telegram_updates WHERE status = 'received'", until: n => n == 0, seconds: 120);
        Assert.Equal(HttpStatusCode.OK, (await host.Client().GetAsync("/health/ready")).StatusCode);
        // Nothing ran as SQL or Liquid: the tables are there and no place name was evaluated.
        Assert.Equal(6, await host.ScalarAsync<long>(
            "SELECT count(*) FROM unnest(ARRAY['groups', 'reports', 'telegram_updates', 'bot_messages', 'user_roles', 'api_keys']) t WHERE to_regclass(t) IS NOT NULL"));
        Assert.Equal(0, await host.ScalarAsync<long>("SELECT count(*) FROM groups WHERE village = '8' OR township = '8'"));
        Assert.Equal(0, await host.ScalarAsync<long>("SELECT count(*) FROM bot_messages WHERE text LIKE '%<script>%'"));
    }
}
