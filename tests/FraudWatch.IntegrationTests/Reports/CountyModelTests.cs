using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FraudWatch.IntegrationTests.Infrastructure;
using FraudWatch.Reports;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace FraudWatch.IntegrationTests.Reports;

/// <summary>
/// A county model learned from officers' decisions: a local group-buying scam the shipped model types wrong, beside the
/// genuine group buys it flags. Team-written texts: this shows the mechanism, not a gain on real messages.
/// </summary>
public sealed class CountyModelTests(ITestOutputHelper output) : IAsyncLifetime
{
    static readonly string[] Villages = ["渎浦村", "溪头埠村", "东前村", "兴南社区", "项东村", "沪山村", "湖前村", "凤池村"];
    static readonly string[] Goods = ["土鸡蛋", "高山茶油", "农家腊肉", "野生蜂蜜", "番薯粉丝", "本地杨梅", "糯米酒", "笋干"];
    static readonly Dictionary<string, string?> Settings = new() { ["Reports:LearnFromReports"] = "20", ["Reports:LearningOrders"] = "1" };
    TestHost host = null!;

    public async Task InitializeAsync() => host = await TestHost.StartAsync(settings: Settings);

    public async Task DisposeAsync() => await host.DisposeAsync();

    static string Scam(Random random) =>
        $"{Villages[random.Next(Villages.Length)]}{Goods[random.Next(Goods.Length)]}团购接龙：每份{random.Next(20, 60)}个只要{random.Next(58, 198)}元，" +
        $"今晚{random.Next(7, 10)}点截止，先把钱转给团长小{"王李陈林"[random.Next(4)]}的微信，后天统一送到村口";

    static string Genuine(Random random) =>
        $"{Villages[random.Next(Villages.Length)]}{Goods[random.Next(Goods.Length)]}团购接龙：每份{random.Next(20, 60)}个{random.Next(58, 198)}元，" +
        "货到村口再付款，自己来村委会领，不用先转钱";

    async Task<(int Named, int Flagged)> CheckAsync(Random random)
    {
        using var assistant = host.Client("assistant");
        var (named, flagged) = (0, 0);
        for (var i = 0; i < 10; i++)
        {
            var scam = await (await assistant.PostAsJsonAsync("/api/v1/check", new { text = Scam(random) })).Content.ReadFromJsonAsync<JsonElement>();
            named += scam.GetProperty("type").GetString() == "fake_shopping" ? 1 : 0;
            var genuine = await (await assistant.PostAsJsonAsync("/api/v1/check", new { text = Genuine(random) })).Content.ReadFromJsonAsync<JsonElement>();
            flagged += genuine.GetProperty("verdict").GetString() == "fraud" ? 1 : 0;
        }

        return (named, flagged);
    }

    async Task<JsonElement> LearnAsync(TestHost on)
    {
        using var admin = on.Client("admin");
        var started = await admin.PostAsync("/api/v1/detection/learn", null);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var id = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        // Learning retrains the whole model (about a minute of one core alone); the deadline only ends a hung run, and is
        // wide because a loaded machine took over 3 minutes. A timeout here is not a speed figure.
        for (var deadline = DateTime.UtcNow.AddMinutes(10); DateTime.UtcNow < deadline; await Task.Delay(250))
        {
            var models = await admin.GetFromJsonAsync<JsonElement>("/api/v1/detection/models");
            var model = models.GetProperty("models").EnumerateArray().Single(m => m.GetProperty("id").GetInt64() == id);
            if (model.GetProperty("status").GetString() != "training")
                return model;
        }

        throw new TimeoutException($"county model {id} still training");
    }

    [Fact]
    public async Task A_model_learned_from_officers_decisions_answers_on_every_instance_until_retired()
    {
        var random = new Random(11);
        for (var i = 0; i < 60; i++)
        {
            await host.ScalarAsync<long>("""
                INSERT INTO reports (chat_id, message_id, reporter_user_id, text, language, fraud_type, guessed_type, score, status, outcome, outcome_at)
                VALUES (@chat, @message, 9100, @text, 'zh-CN', 'fake_shopping', 'impersonate_acquaintance', 0.7, 'resolved', 'dissuaded', now()),
                       (@chat, @message + 1, 9101, @genuine, 'zh-CN', 'fake_shopping', NULL, 0.8, 'resolved', 'not_fraud', now())
                RETURNING 0
                """, new { chat = 9100L, message = 2L * i, text = Scam(random), genuine = Genuine(random) });
        }

        var before = await CheckAsync(new Random(99));
        Assert.True(before.Named <= 3 && before.Flagged >= 5, $"the shipped model should miss this local scheme: {before}");

        var model = await LearnAsync(host);
        Assert.Equal("active", model.GetProperty("status").GetString());
        var figures = model.GetProperty("figures");
        Assert.Equal(120, figures.GetProperty("reports").GetInt32());
        Assert.True(figures.GetProperty("after").GetProperty("typeRight").GetInt32() > figures.GetProperty("before").GetProperty("typeRight").GetInt32());
        var after = await CheckAsync(new Random(99));
        output.WriteLine($"10 new scams named fake_shopping, 10 new genuine group buys flagged: shipped {before}, county model {after}; held out {figures}");
        Assert.True(after.Named >= 8 && after.Flagged <= 2, $"the county model should know it now: {after}, before {before}");
        Assert.Equal(1, await host.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'detection.learn'"));

        // A second instance on the same database answers with it too once its watcher looks (every minute; here at once).
        await using (var second = await TestHost.StartAsync(settings: Settings, connectionString: host.ConnectionString))
        {
            await second.Services.GetRequiredService<CountyModelWatcher>().SyncAsync(CancellationToken.None);
            using var assistant = second.Client("assistant");
            var answer = await (await assistant.PostAsJsonAsync("/api/v1/check", new { text = Scam(new Random(5)) })).Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("fake_shopping", answer.GetProperty("type").GetString());
        }

        using var admin = host.Client("admin");
        var retired = await admin.PostAsync($"/api/v1/detection/models/{model.GetProperty("id").GetInt64()}/retire", null);
        Assert.Equal(HttpStatusCode.OK, retired.StatusCode);
        var view = await retired.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(view.GetProperty("shipped").GetString(), view.GetProperty("inUse").GetString());
        Assert.Equal(before, await CheckAsync(new Random(99)));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync($"/api/v1/detection/models/{model.GetProperty("id").GetInt64()}/retire", null)).StatusCode);
    }

    [Fact]
    public async Task Too_few_decided_reports_are_refused_and_only_admins_may_ask()
    {
        var model = await LearnAsync(host);
        Assert.Equal("rejected", model.GetProperty("status").GetString());
        Assert.Contains("too few decided reports: 0", model.GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await host.Client("officer").PostAsync("/api/v1/detection/learn", null)).StatusCode);

        // Disputed private checks officers reviewed are learned too; open ones and agreements are not.
        await host.ScalarAsync<long>("""
            WITH c AS (INSERT INTO private_checks (user_id, chat_id, message_id, text, language, verdict, guessed_type, feedback, feedback_at, reviewed_as, reviewed_type)
                VALUES (1, 1, 1, '积分兑换', 'zh-CN', 'fraud', 'fake_customer_service', 'not_fraud', now(), 'ordinary', NULL),
                       (1, 1, 2, '加QQ理赔', 'zh-CN', 'fraud', 'fake_customer_service', 'not_fraud', now(), 'fraud', 'fake_customer_service'),
                       (1, 1, 3, '快递到了', 'zh-CN', 'fraud', 'fake_customer_service', 'not_fraud', now(), NULL, NULL),
                       (1, 1, 4, '取件码', 'zh-CN', 'ordinary', 'other', 'not_fraud', now(), NULL, NULL)
                RETURNING 1)
            SELECT count(*) FROM c
            """);
        var second = await LearnAsync(host);
        Assert.Contains("too few decided reports: 2 (1 fraud, 1 not_fraud, reviewed disputes included)", second.GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await host.Client("analyst").GetAsync("/api/v1/detection/models")).StatusCode);
    }
}
