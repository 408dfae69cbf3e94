using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using System.Text;
using FraudWatch.IntegrationTests.FakeTelegram;
using FraudWatch.IntegrationTests.Infrastructure;
using FraudWatch.Telegram;

namespace FraudWatch.IntegrationTests.Telegram;

/// <summary>PRODUCT.md section 8: no update lost, each acted on once, one bad update never stops the others.</summary>
public sealed class UpdateDeliveryTests : IAsyncLifetime
{
    const long Resident = 4001;
    FakeBotApi telegram = null!;

    public async Task InitializeAsync() => telegram = await FakeBotApi.StartAsync();

    public async Task DisposeAsync() => await telegram.DisposeAsync();

    static string PrivateHelp(long updateId, long userId, int messageId) => $$$"""
        {"update_id":{{{updateId}}},"message":{"message_id":{{{messageId}}},"date":1764400000,
         "chat":{"id":{{{userId}}},"type":"private","first_name":"Li"},"from":{"id":{{{userId}}},"is_bot":false,"first_name":"Li"},
         "text":"/help","entities":[{"offset":0,"length":5,"type":"bot_command"}]}}
        """;

    [Fact]
    public async Task Redelivered_update_is_acted_on_once()
    {
        await using var host = await TestHost.StartAsync(telegram);
        var id = telegram.PrivateText(Resident, "/help");
        await host.HandledAsync(id);
        await telegram.RedeliverAsync(id);
        var next = telegram.PrivateText(Resident, "/start");
        await host.HandledAsync(next);

        Assert.Equal(2, telegram.SentTo(Resident).Count);
        Assert.Equal(1, await host.ScalarAsync<long>("SELECT count(*) FROM telegram_updates WHERE update_id = @id", new { id }));
    }

    [Fact]
    public async Task An_update_reusing_the_id_of_one_handled_over_a_week_ago_is_acted_on()
    {
        await using var host = await TestHost.StartAsync(telegram);
        var id = telegram.PrivateText(Resident, "/help");
        await host.HandledAsync(id);
        await using (var connection = await host.Db.OpenConnectionAsync())
        await using (var age = new Npgsql.NpgsqlCommand("UPDATE telegram_updates SET received_at = now() - interval '8 days' WHERE update_id = @id", connection))
        {
            age.Parameters.AddWithValue("id", id);
            await age.ExecuteNonQueryAsync();
        }

        // After a week without updates Telegram may pick the next update_id at random (Bot API, getUpdates): here, the old one.
        Assert.True(await host.Get<UpdateInbox>().StoreAsync(id, PrivateHelp(id, Resident, 6), CancellationToken.None));

        await telegram.WaitForAsync(t => t.SentTo(Resident).Count == 2 ? (bool?)true : null, TimeSpan.FromSeconds(20));
        Assert.Equal("done", await host.HandledAsync(id));
    }

    [Fact]
    public async Task Update_stored_before_a_crash_is_acted_on_at_restart()
    {
        var database = TestDatabase.Create();
        await using (var first = await TestHost.StartAsync(settings: null, connectionString: database))
        {
        }

        // What a crash between "stored" and "acted on" leaves behind.
        await using (var db = Npgsql.NpgsqlDataSource.Create(database))
        await using (var insert = db.CreateCommand("INSERT INTO telegram_updates (update_id, payload, kind) VALUES (777001, @p, 'message')"))
        {
            insert.Parameters.AddWithValue("p", PrivateHelp(777001, Resident, 5));
            await insert.ExecuteNonQueryAsync();
        }

        await using var restarted = await TestHost.StartAsync(telegram, connectionString: database);
        Assert.Equal("done", await restarted.HandledAsync(777001));
        Assert.Single(telegram.SentTo(Resident));
    }

    [Fact]
    public async Task Malformed_update_is_kept_with_its_error_and_the_others_are_handled()
    {
        var before = telegram.PrivateText(Resident, "/help");
        // A chat-member status Telegram.Bot does not know fails its parser: only this update may fail.
        var bad = telegram.EnqueueRaw("""
            {"update_id":0,"my_chat_member":{"chat":{"id":-77,"type":"group","title":"x"},"from":{"id":1,"is_bot":false,"first_name":"a"},
             "date":1764400000,"old_chat_member":{"status":"superadmin","user":{"id":123456789,"is_bot":true,"first_name":"b"}},
             "new_chat_member":{"status":"superadmin","user":{"id":123456789,"is_bot":true,"first_name":"b"}}}}
            """.Replace("\"update_id\":0", $"\"update_id\":{before + 1}", StringComparison.Ordinal), before + 1);
        var after = telegram.PrivateText(Resident, "/start");
        await using var host = await TestHost.StartAsync(telegram);

        Assert.Equal("done", await host.HandledAsync(before));
        Assert.Equal("failed", await host.HandledAsync(bad));
        Assert.Equal("done", await host.HandledAsync(after));
        Assert.Equal(2, telegram.SentTo(Resident).Count);
        var error = await host.ScalarAsync<string>("SELECT error FROM telegram_updates WHERE update_id = @bad", new { bad });
        Assert.Contains("unparseable", error);
        Assert.NotNull(await host.ScalarAsync<string>("SELECT payload FROM telegram_updates WHERE update_id = @bad", new { bad }));
    }

    [Fact]
    public async Task Updates_with_ids_of_the_wrong_type_never_stop_the_poller()
    {
        var before = telegram.PrivateText(Resident, "/help");
        var badChat = telegram.EnqueueRaw($$$"""{"update_id":{{{before + 1}}},"message":{"message_id":1,"date":1764400000,"chat":{"id":"{{{Resident}}}","type":"private"},"text":"/help"}}""", before + 1);
        telegram.EnqueueRaw($$$"""{"update_id":"{{{before + 2}}}","message":{"message_id":2,"date":1764400000,"chat":{"id":{{{Resident}}},"type":"private"},"text":"/help"}}""", before + 2);
        var after = telegram.PrivateText(Resident, "/start");
        await using var host = await TestHost.StartAsync(telegram);

        Assert.Equal("done", await host.HandledAsync(before));
        Assert.Equal("done", await host.HandledAsync(after));
        // Telegram.Bot reads a chat id written as a string; the update whose own id is one is not an update at all.
        Assert.Equal("done", await host.HandledAsync(badChat));
    }

    [Fact]
    public async Task Handled_ordinary_updates_do_not_keep_their_text()
    {
        await using var host = await TestHost.StartAsync(telegram);
        var id = telegram.GroupText(-88, Resident, "明天村口开会，大家记得带身份证");
        await host.HandledAsync(id);

        Assert.Equal(0, await host.ScalarAsync<long>("SELECT count(*) FROM telegram_updates WHERE payload LIKE '%开会%'"));
    }

    [Fact]
    public async Task Only_one_of_two_instances_polls_and_the_other_takes_over_when_it_stops()
    {
        var database = TestDatabase.Create();
        var first = await TestHost.StartAsync(telegram, connectionString: database);
        await using var second = await TestHost.StartAsync(telegram, connectionString: database);
        await first.HandledAsync(telegram.PrivateText(Resident, "/help"));

        var roles = new[] { first.Get<TelegramStatus>().Role, second.Get<TelegramStatus>().Role };
        Assert.Single(roles, r => r == "polling");
        Assert.DoesNotContain(telegram.Calls, c => c.Method == "getUpdates" && c.StatusCode == 409);

        var firstWasLeader = roles[0] == "polling";
        await first.DisposeAsync();
        if (firstWasLeader)
        {
            await second.HandledAsync(telegram.PrivateText(Resident, "/start"), seconds: 30);
            Assert.Equal("polling", second.Get<TelegramStatus>().Role);
        }

        Assert.DoesNotContain(telegram.Calls, c => c.Method == "getUpdates" && c.StatusCode == 409);
    }

    [Fact]
    public async Task Webhook_mode_registers_the_secret_and_refuses_requests_without_it()
    {
        await using var host = await TestHost.StartAsync(telegram, new Dictionary<string, string?>
        {
            ["Telegram:UpdateMode"] = "Webhook",
            ["Telegram:WebhookUrl"] = "http://127.0.0.1:9/telegram/webhook",
            ["Telegram:WebhookSecret"] = "s3cret-webhook_token",
        });
        var setWebhook = await telegram.WaitForAsync(t => t.Calls.FirstOrDefault(c => c.Method == "setWebhook"), TimeSpan.FromSeconds(20));
        Assert.Equal("s3cret-webhook_token", (string?)setWebhook.Params["secret_token"]);
        Assert.Equal("http://127.0.0.1:9/telegram/webhook", (string?)setWebhook.Params["url"]);

        var body = PrivateHelp(900001, Resident, 9);
        var client = host.Client();
        async Task<HttpStatusCode> Post(string? secret, string json)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/telegram/webhook") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            if (secret is not null)
                request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", secret);
            return (await client.SendAsync(request)).StatusCode;
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await Post(null, body));
        Assert.Equal(HttpStatusCode.Unauthorized, await Post("s3cret-webhook_tokex", body));
        Assert.Equal(0, await host.ScalarAsync<long>("SELECT count(*) FROM telegram_updates"));

        Assert.Equal(HttpStatusCode.BadRequest, await Post("s3cret-webhook_token", "{\"update_id\":90"));
        Assert.Equal(HttpStatusCode.OK, await Post("s3cret-webhook_token", body));
        Assert.Equal(HttpStatusCode.OK, await Post("s3cret-webhook_token", body));
        Assert.Equal("done", await host.HandledAsync(900001));
        Assert.Single(telegram.SentTo(Resident));
        Assert.DoesNotContain(telegram.Calls, c => c.Method == "getUpdates");
    }

    [Fact]
    public async Task Commands_for_this_bot_are_answered_and_others_ignored()
    {
        await using var host = await TestHost.StartAsync(telegram);
        await telegram.WaitForAsync(t => t.Calls.FirstOrDefault(c => c.Method == "getMe"), TimeSpan.FromSeconds(10));

        await host.HandledAsync(telegram.GroupText(-91, Resident, "/help@FraudWatchTestBot"));
        await host.HandledAsync(telegram.GroupText(-91, Resident, "/help@SomeOtherBot"));
        await host.HandledAsync(telegram.GroupText(-91, Resident, "/nosuchcommand"));
        Assert.Single(telegram.SentTo(-91));

        await host.HandledAsync(telegram.PrivateText(Resident, "/nosuchcommand"));
        Assert.Contains("/help", Assert.Single(telegram.SentTo(Resident)).Text);
    }

    [Fact]
    public async Task Unreachable_telegram_is_retried_with_back_off_not_a_hot_loop()
    {
        var calls = 0;
        var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var broken = builder.Build();
        broken.Run(async context =>
        {
            if (context.Request.Path.Value?.EndsWith("/getUpdates", StringComparison.Ordinal) == true || context.Request.Path.Value?.EndsWith("/deleteWebhook", StringComparison.Ordinal) == true)
                Interlocked.Increment(ref calls);
            context.Response.StatusCode = 502;
            context.Response.ContentType = "text/html";
            await context.Response.WriteAsync("<html><body><h1>502 Bad Gateway</h1></body></html>");
        });
        await broken.StartAsync();
        var url = broken.Urls.First();

        await using var host = await TestHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Telegram:BotToken"] = FakeBotApi.DefaultToken,
            ["Telegram:ApiBaseUrl"] = url,
        });
        await Task.Delay(TimeSpan.FromSeconds(6));

        // The poller's calls (deleteWebhook, then getUpdates): with 1-2-4 s back-off, six seconds allow a handful of tries.
        Assert.InRange(calls, 1, 6);
        var ready = await host.Client().GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
    }
}
