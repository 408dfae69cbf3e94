using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FraudWatch.IntegrationTests.FakeTelegram;
using FraudWatch.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace FraudWatch.IntegrationTests.Reliability;

/// <summary>
/// The real program as a child process, SIGKILLed at random moments and started again on the same database:
/// a broadcast misses no group and repeats at most the in-flight sends of each kill; a burst of reports
/// redelivered the way Telegram redelivers loses none and doubles none.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class CrashRecoveryTests(ITestOutputHelper output) : IAsyncLifetime
{
    const int Kills = 5;
    const int InFlight = 16;
    const string OfficerKey = "officer-key-0123456789abcdef";
    const string WebhookSecret = "crash-secret";
    static readonly int Groups = Scale.Int("FRAUDWATCH_RELIABILITY_CRASH_GROUPS", 5_000);
    static readonly int Reports = Scale.Int("FRAUDWATCH_RELIABILITY_REPORTS", 1_000);
    FakeBotApi telegram = null!;
    RelDb db = null!;
    HostProcess? host;

    public async Task InitializeAsync()
    {
        telegram = await FakeBotApi.StartAsync();
        db = new RelDb(TestDatabase.Create("crash"));
    }

    public async Task DisposeAsync()
    {
        host?.Kill();
        if (host is not null)
            await host.DisposeAsync();
        await db.DisposeAsync();
        await telegram.DisposeAsync();
    }

    async Task StartAsync(params (string Key, string Value)[] extra)
    {
        if (host is not null)
            await host.DisposeAsync();
        var env = new Dictionary<string, string?>
        {
            ["ConnectionStrings__FraudWatch"] = db.ConnectionString,
            ["Telegram__BotToken"] = telegram.Token,
            ["Telegram__ApiBaseUrl"] = telegram.BaseUrl,
            ["Telegram__PollTimeoutSeconds"] = "1",
            ["FraudWatch__ApiKeys"] = $"{OfficerKey}:officer",
            ["FraudWatch__DataDirectory"] = Path.Combine(Path.GetTempPath(), "fraudwatch-rel-" + Guid.NewGuid().ToString("N")),
            ["Broadcast__MessagesPerSecond"] = "400",
            ["Broadcast__MaxInFlight"] = InFlight.ToString(CultureInfo.InvariantCulture),
            ["Broadcast__LeaseSeconds"] = "3",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in extra)
            env[key] = value;
        host = await HostProcess.StartReadyAsync(env);
    }

    [Fact]
    public async Task Five_SIGKILLs_mid_broadcast_miss_no_group_and_repeat_at_most_the_in_flight_sends()
    {
        telegram.ResponseDelay = TimeSpan.FromMilliseconds(20);
        await StartAsync();
        await db.ExecuteAsync("""
            INSERT INTO groups (chat_id, title, status, township, village, members)
            SELECT -300000000 - g, 'group ' || g, 'active', '灵溪镇', '村' || g, 10 FROM generate_series(0, @n - 1) g
            """, new { n = Groups });

        using var http = new HttpClient { BaseAddress = host!.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", OfficerKey);
        var response = await http.PostAsJsonAsync("/api/v1/campaigns", new { template = "fake_investment", target = "township:灵溪镇", schedule = "now" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        var seed = Scale.Int("FRAUDWATCH_RELIABILITY_SEED", Environment.TickCount & int.MaxValue);
        var random = new Random(seed);
        var killAt = Enumerable.Range(0, Kills).Select(k => Groups * (k + 1) / (Kills + 2) + random.Next(Groups / (Kills + 2))).ToArray();
        var sentAtKill = new List<int>();
        foreach (var threshold in killAt)
        {
            await telegram.WaitForAsync(t => t.SendCount >= threshold ? (int?)t.SendCount : null, TimeSpan.FromSeconds(120));
            await Task.Delay(random.Next(0, 150));
            host!.Kill();
            sentAtKill.Add(telegram.SendCount);
            await StartAsync();
        }

        await db.WaitAsync("SELECT status FROM campaign_runs WHERE campaign_id = @id", new { id }, (string? s) => s == "done", seconds: 300);
        var chats = Enumerable.Range(0, Groups).Select(g => -300_000_000L - g);
        var received = chats.Select(c => telegram.SentTo(c).Count).ToArray();
        var missed = received.Count(n => n == 0);
        var duplicates = received.Sum(n => Math.Max(0, n - 1));
        output.WriteLine($"Crash/broadcast: seed {seed}, {Groups} groups, {Kills} SIGKILLs at sends {string.Join(", ", sentAtKill)}; "
            + $"missed {missed}, duplicates {duplicates} (bound {Kills} x {InFlight} = {Kills * InFlight})");

        Assert.Equal(0, missed);
        Assert.InRange(duplicates, 0, Kills * InFlight);
        Assert.Equal(Groups, await db.ScalarAsync<long>("SELECT count(*) FROM deliveries WHERE status = 'sent'"));
        Assert.True(sentAtKill[^1] < Groups, "the broadcast finished before the last kill; raise the group count");
    }

    [Fact]
    public async Task SIGKILL_mid_burst_of_reports_then_redelivery_loses_none_and_doubles_none()
    {
        (string, string)[] webhook =
        [
            ("Telegram__UpdateMode", "Webhook"), ("Telegram__WebhookUrl", "http://127.0.0.1:9/telegram/webhook"),
            ("Telegram__WebhookSecret", WebhookSecret),
        ];
        await StartAsync(webhook);
        var seed = Scale.Int("FRAUDWATCH_RELIABILITY_SEED", Environment.TickCount & int.MaxValue);
        var random = new Random(seed);
        var killAfter = Reports / 4 + random.Next(Reports / 2);
        var acknowledged = new bool[Reports];
        var posted = 0;

        // Eight connections, as Telegram's max_connections would: the kill lands with requests on the wire.
        using var client = new HttpClient { BaseAddress = host!.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        var next = -1;
        var killed = new TaskCompletionSource();
        var senders = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < Reports && !killed.Task.IsCompleted)
            {
                acknowledged[i] = await PostAsync(client, i);
                if (Interlocked.Increment(ref posted) == killAfter)
                {
                    host.Kill();
                    killed.TrySetResult();
                }
            }
        })).ToArray();
        await Task.WhenAll(senders);
        if (!killed.Task.IsCompleted)
            host.Kill();
        var beforeKill = acknowledged.Count(a => a);

        // Telegram resends every update not answered 200, in order; it may also resend a few it did get 200 for.
        await StartAsync(webhook);
        using var again = new HttpClient { BaseAddress = host!.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var resent = 0;
        for (var i = 0; i < Reports; i++)
        {
            if (acknowledged[i] && !(i >= beforeKill - 20 && i < beforeKill))
                continue;
            resent++;
            Assert.True(await PostAsync(again, i), $"update {i + 1} was refused after the restart");
        }

        await db.WaitAsync("SELECT count(*) FROM telegram_updates WHERE status = 'received'", null, (long n) => n == 0, seconds: 180);
        var reports = await db.ScalarAsync<long>("SELECT count(*) FROM reports");
        var distinct = await db.ScalarAsync<long>("SELECT count(DISTINCT (chat_id, message_id)) FROM reports");
        var failed = await db.ScalarAsync<long>("SELECT count(*) FROM telegram_updates WHERE status <> 'done'");
        var replies = Enumerable.Range(0, Reports).Select(i => telegram.SentTo(Reporter(i)).Count).ToArray();
        output.WriteLine($"Crash/reports: seed {seed}, {Reports} reports, SIGKILL after {killAfter} posts ({beforeKill} acknowledged), {resent} redelivered; "
            + $"reports stored {reports} ({distinct} distinct), updates not done {failed}, reporters without a reply {replies.Count(n => n == 0)}, "
            + $"repeated replies {replies.Sum(n => Math.Max(0, n - 1))}");

        Assert.Equal(Reports, reports);
        Assert.Equal(Reports, distinct);
        Assert.Equal(0, failed);
        Assert.All(replies, n => Assert.True(n >= 1, "a reporter got no answer"));
    }

    static long Reporter(int i) => 7_000_000L + i;

    static async Task<bool> PostAsync(HttpClient client, int i)
    {
        var user = Reporter(i);
        var text = $"/report 有人冒充客服打电话 138{i % 10_000:D4}{i % 7:D4} 让我转账{i}元";
        var json = JsonSerializer.Serialize(new
        {
            update_id = 10_000 + i,
            message = new
            {
                message_id = 1 + i,
                date = 1764400000,
                chat = new { id = user, type = "private", first_name = "居民" },
                from = new { id = user, is_bot = false, first_name = "居民" },
                text,
                entities = new[] { new { offset = 0, length = 7, type = "bot_command" } },
            },
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/telegram/webhook") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", WebhookSecret);
        try
        {
            return (await client.SendAsync(request)).StatusCode == HttpStatusCode.OK;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }
}
