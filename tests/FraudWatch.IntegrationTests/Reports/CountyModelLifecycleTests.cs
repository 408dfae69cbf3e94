using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FraudWatch.Detection;
using FraudWatch.IntegrationTests.Infrastructure;
using FraudWatch.Reports;

namespace FraudWatch.IntegrationTests.Reports;

/// <summary>
/// County models around their training, none of which trains: what is learned as what, a learning job Hangfire runs
/// again, a training lost with its process, and an instance that cannot read the active model.
/// </summary>
public sealed class CountyModelLifecycleTests : IAsyncLifetime
{
    static readonly Dictionary<string, string?> Settings = new() { ["Reports:LearnFromReports"] = "20", ["Reports:LearningOrders"] = "1" };
    TestHost host = null!;

    public async Task InitializeAsync() => host = await TestHost.StartAsync(settings: Settings);

    public async Task DisposeAsync() => await host.DisposeAsync();

    /// <summary>The shipped model with one bias moved a little: a distinct model (its own fingerprint) that costs no training.</summary>
    static byte[] CountyModelBytes(float shift)
    {
        using var raw = new MemoryStream();
        using (var inflate = new DeflateStream(new MemoryStream(FraudClassifier.Default.ModelBytes()), CompressionMode.Decompress))
            inflate.CopyTo(raw);
        var bytes = raw.ToArray();
        BitConverter.TryWriteBytes(bytes.AsSpan(16), BitConverter.ToSingle(bytes, 16) + shift); // after magic, bits, classes, extras
        using var deflated = new MemoryStream();
        using (var deflate = new DeflateStream(deflated, CompressionLevel.Fastest, leaveOpen: true))
            deflate.Write(bytes);
        return deflated.ToArray();
    }

    Task<long> InsertModelAsync(string status, byte[] model, string? fingerprint = null) => host.ScalarAsync<long>("""
        INSERT INTO county_models (requested_by, status, finished_at, fingerprint, model)
        VALUES ('key:1:admin', @status, now(), @fingerprint, @model) RETURNING id
        """, new { status, model, fingerprint = fingerprint ?? FraudClassifier.FromModel(model).Fingerprint });

    async Task<JsonElement> ModelsAsync()
    {
        using var admin = host.Client("admin");
        return await admin.GetFromJsonAsync<JsonElement>("/api/v1/detection/models");
    }

    async Task<JsonElement> LearnAsync()
    {
        using var admin = host.Client("admin");
        var started = await admin.PostAsync("/api/v1/detection/learn", null);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var id = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        for (var deadline = DateTime.UtcNow.AddMinutes(2); DateTime.UtcNow < deadline; await Task.Delay(250))
        {
            var model = (await ModelsAsync()).GetProperty("models").EnumerateArray().Single(m => m.GetProperty("id").GetInt64() == id);
            if (model.GetProperty("status").GetString() != "training")
                return model;
        }

        throw new TimeoutException($"county model {id} still training");
    }

    [Fact]
    public async Task A_fraud_outcome_whose_type_is_other_is_not_learned_as_an_ordinary_message()
    {
        // A scam outside the ten types (or one nobody typed): the model has no class for it, and "other" is its ordinary class.
        await host.ScalarAsync<long>("""
            INSERT INTO reports (chat_id, message_id, reporter_user_id, text, language, fraud_type, score, status, outcome, outcome_at)
            VALUES (9200, 1, 9201, '恭喜您中了二等奖，先交手续费', 'zh-CN', 'other', 0.3, 'resolved', 'dissuaded', now()),
                   (9200, 2, 9202, '低息贷款，先交保证金', 'zh-CN', 'fake_loan', 0.9, 'resolved', 'intercepted', now()),
                   (9200, 3, 9203, '明天村口发鸡蛋', 'zh-CN', 'other', 0.1, 'resolved', 'not_fraud', now())
            RETURNING 0
            """);

        var model = await LearnAsync();

        Assert.Contains("too few decided reports: 2 (1 fraud, 1 not_fraud", model.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_learning_job_run_again_leaves_the_models_it_finished_as_they_are()
    {
        var active = CountyModelBytes(0.001f);
        var activeId = await InsertModelAsync("active", active);
        var retiredId = await InsertModelAsync("retired", CountyModelBytes(0.002f));
        var watcher = host.Get<CountyModelWatcher>();
        await watcher.SyncAsync(CancellationToken.None);

        // Hangfire runs a job at least once: again after a crash between the model's record and the job's own, or when an
        // admin requeues it on the dashboard.
        await host.Get<CountyLearningJob>().RunAsync(activeId, CancellationToken.None);
        await host.Get<CountyLearningJob>().RunAsync(retiredId, CancellationToken.None);

        var rows = await host.QueryAsync<(long, string, bool)>("SELECT id, status, model IS NOT NULL FROM county_models ORDER BY id");
        Assert.Equal([(activeId, "active", true), (retiredId, "retired", true)], rows);
        await watcher.SyncAsync(CancellationToken.None);
        Assert.Equal(FraudClassifier.FromModel(active).Fingerprint, (await ModelsAsync()).GetProperty("inUse").GetString());
    }

    [Fact]
    public async Task A_training_lost_with_its_process_is_failed_when_the_next_learn_starts_after_the_hour()
    {
        var lost = await host.ScalarAsync<long>("INSERT INTO county_models (requested_by, requested_at) VALUES ('key:1:admin', now() - interval '2 hours') RETURNING id");

        var next = await LearnAsync();

        var models = (await ModelsAsync()).GetProperty("models").EnumerateArray().ToList();
        var old = models.Single(m => m.GetProperty("id").GetInt64() == lost);
        Assert.Equal("failed", old.GetProperty("status").GetString());
        Assert.Contains("stopped", old.GetProperty("reason").GetString());
        Assert.Equal("rejected", next.GetProperty("status").GetString());
        Assert.DoesNotContain(models, m => m.GetProperty("status").GetString() == "training");

        // The lost job, run again by Hangfire later, leaves it failed.
        await host.Get<CountyLearningJob>().RunAsync(lost, CancellationToken.None);
        Assert.Equal("failed", await host.ScalarAsync<string>("SELECT status FROM county_models WHERE id = @lost", new { lost }));
    }

    [Fact]
    public async Task A_training_whose_heartbeat_stopped_is_failed_by_the_next_learn_within_minutes_and_a_beating_one_is_not()
    {
        // Asked for 10 minutes ago; its job said it was alive 3 minutes ago, then its process died. Before, the next learn
        // was refused with 409 until the hour was up (or Hangfire ran the job again after 30 minutes).
        var lost = await host.ScalarAsync<long>("""
            INSERT INTO county_models (requested_by, requested_at, heartbeat_at)
            VALUES ('key:1:admin', now() - interval '10 minutes', now() - interval '3 minutes') RETURNING id
            """);

        var next = await LearnAsync();

        Assert.Equal("failed", await host.ScalarAsync<string>("SELECT status FROM county_models WHERE id = @lost", new { lost }));
        Assert.Equal("rejected", next.GetProperty("status").GetString()); // too few reports: it ran, and finished
        Assert.True(await host.ScalarAsync<bool>("SELECT heartbeat_at IS NOT NULL FROM county_models WHERE id = @id", new { id = next.GetProperty("id").GetInt64() }),
            "the job records that it is alive");

        // A long training whose job is still alive (asked for two hours ago, heard from 10 seconds ago) is left to finish.
        var beating = await host.ScalarAsync<long>("""
            INSERT INTO county_models (requested_by, requested_at, heartbeat_at)
            VALUES ('key:1:admin', now() - interval '2 hours', now() - interval '10 seconds') RETURNING id
            """);
        using var admin = host.Client("admin");
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync("/api/v1/detection/learn", null)).StatusCode);
        Assert.Equal("training", await host.ScalarAsync<string>("SELECT status FROM county_models WHERE id = @beating", new { beating }));
    }

    [Fact]
    public async Task An_instance_that_cannot_read_the_active_model_answers_with_the_shipped_one_not_a_retired_one()
    {
        var first = CountyModelBytes(0.001f);
        var firstId = await InsertModelAsync("active", first);
        var watcher = host.Get<CountyModelWatcher>();
        await watcher.SyncAsync(CancellationToken.None);
        Assert.Equal(FraudClassifier.FromModel(first).Fingerprint, (await ModelsAsync()).GetProperty("inUse").GetString());

        // A newer model this instance cannot read (written by another version, or damaged) replaces it.
        await host.ScalarAsync<long>("UPDATE county_models SET status = 'retired' WHERE id = @firstId RETURNING id", new { firstId });
        await InsertModelAsync("active", [1, 2, 3, 4], fingerprint: "00000000000000ff");
        await Record.ExceptionAsync(() => watcher.SyncAsync(CancellationToken.None));

        var view = await ModelsAsync();
        Assert.Equal(view.GetProperty("shipped").GetString(), view.GetProperty("inUse").GetString());
        using var assistant = host.Client("assistant");
        Assert.Equal(HttpStatusCode.OK, (await assistant.PostAsJsonAsync("/api/v1/check", new { text = "低息贷款，先交保证金" })).StatusCode);
    }
}
