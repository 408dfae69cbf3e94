using System.Diagnostics;
using System.Net;
using FraudWatch.IntegrationTests.FakeTelegram;
using FraudWatch.IntegrationTests.Infrastructure;
using FraudWatch.Storage;
using Xunit.Abstractions;
using static FraudWatch.IntegrationTests.Campaigns.CampaignKit;

namespace FraudWatch.IntegrationTests.Reliability;

/// <summary>
/// PostgreSQL stopped under a running host, mid-broadcast and mid-ingest, on a cluster of this test's own:
/// /health/ready says so while it lasts, and once it is back the host carries on by itself and loses nothing.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class DatabaseOutageTests(ITestOutputHelper output) : IAsyncLifetime
{
    const int Groups = 400;
    const int Reports = 200;
    const int InFlight = 8;
    // Longer than every retry budget inside the host (the broadcast result writer's gave up after about 33 s).
    static readonly TimeSpan Outage = TimeSpan.FromSeconds(Scale.Int("FRAUDWATCH_RELIABILITY_OUTAGE_SECONDS", 40));
    readonly string folder = HostProcess.NewWorkingDirectory();
    EmbeddedPostgres cluster = null!;
    FakeBotApi telegram = null!;
    TestHost host = null!;

    public async Task InitializeAsync()
    {
        cluster = EmbeddedPostgres.Start(folder, durable: false);
        cluster.CreateDatabase("outage");
        telegram = await FakeBotApi.StartAsync();
        telegram.ResponseDelay = TimeSpan.FromMilliseconds(10);
        host = await TestHost.StartAsync(telegram, Settings(("Broadcast:MessagesPerSecond", "40"), ("Broadcast:MaxInFlight", $"{InFlight}"),
            ("Reports:PerHour", "1000")), cluster.ConnectionStringFor("outage"));
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await telegram.DisposeAsync();
        PgCtl("stop", "-m", "immediate");
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Database_stopped_mid_broadcast_and_mid_ingest_host_reports_it_and_recovers_losing_nothing()
    {
        var chats = await BindGroupsAsync(host, "钱库镇", Groups, -400_000_000);
        var id = (await CreateAsync(host, new { template = "fake_loan", target = "township:钱库镇", schedule = "now" })).GetProperty("id").GetInt64();
        for (var i = 0; i < Reports / 2; i++)
            telegram.PrivateText(Reporter(i), $"/report 陌生号码 1390000{i:D4} 说我贷款逾期要转账");
        await telegram.WaitForAsync(t => t.SendCount >= Groups / 8 ? (int?)t.SendCount : null, TimeSpan.FromSeconds(60));

        cluster.Stop();
        var down = Stopwatch.StartNew();
        var sentAtStop = telegram.SendCount;
        for (var i = Reports / 2; i < Reports; i++)
            telegram.PrivateText(Reporter(i), $"/report 陌生号码 1390000{i:D4} 说我贷款逾期要转账");

        using var client = host.Client();
        var answers = new List<HttpStatusCode>();
        while (down.Elapsed < Outage)
        {
            answers.Add((await client.GetAsync("/health/ready")).StatusCode);
            await Task.Delay(1000);
        }

        cluster.Resume();
        var back = Stopwatch.StartNew();
        while ((await client.GetAsync("/health/ready")).StatusCode != HttpStatusCode.OK && back.Elapsed < TimeSpan.FromSeconds(60))
            await Task.Delay(250);
        var readyAfter = back.Elapsed;

        await FinishedAsync(host, id, seconds: 180);
        await host.WaitForAsync<long>("SELECT count(*) FROM reports", until: n => n >= Reports, seconds: 120);
        await host.WaitForAsync<long>("SELECT count(*) FROM telegram_updates WHERE status = 'received'", until: n => n == 0, seconds: 60);

        var received = chats.Select(c => telegram.SentTo(c).Count).ToArray();
        var duplicates = received.Sum(n => Math.Max(0, n - 1));
        var lateAnswers = answers.Skip(5).ToList(); // the first seconds may still see a pooled connection
        output.WriteLine($"DB outage: {Outage.TotalSeconds:F0} s with {sentAtStop}/{Groups} groups sent and {Reports / 2} of {Reports} reports waiting; "
            + $"/health/ready answered {string.Join(",", answers.Select(a => (int)a))}; ready {readyAfter.TotalSeconds:F1} s after restart; "
            + $"missed {received.Count(n => n == 0)}, duplicates {duplicates}, reports {await host.ScalarAsync<long>("SELECT count(*) FROM reports")}");

        Assert.All(lateAnswers, a => Assert.Equal(HttpStatusCode.ServiceUnavailable, a));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        Assert.All(received, n => Assert.True(n >= 1, "a group was skipped"));
        Assert.InRange(duplicates, 0, InFlight);
        Assert.Equal(Groups, await host.ScalarAsync<long>("SELECT count(*) FROM deliveries WHERE status = 'sent'"));
        Assert.Equal(Reports, await host.ScalarAsync<long>("SELECT count(DISTINCT (chat_id, message_id)) FROM reports"));
        Assert.Equal(0, await host.ScalarAsync<long>("SELECT count(*) FROM telegram_updates WHERE status <> 'done'"));
    }

    static long Reporter(int i) => 8_000_000L + i;

    /// <summary>pg_ctl on this test's cluster (to stop it at once), as the postgres user when the tests run as root (as EmbeddedPostgres does).</summary>
    void PgCtl(params string[] arguments)
    {
        var pgCtl = Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin", "pg_ctl")).Where(File.Exists).OrderDescending().First();
        var root = Environment.UserName == "root";
        var info = new ProcessStartInfo(root ? "runuser" : pgCtl) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/tmp" };
        if (root)
        {
            foreach (var a in new[] { "-u", "postgres", "--", pgCtl })
                info.ArgumentList.Add(a);
        }

        foreach (var a in new[] { "-D", Path.Combine(folder, "postgres"), "-l", Path.Combine(folder, "postgres", "server.log") }.Concat(arguments))
            info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEnd() + process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(90_000), "pg_ctl did not finish");
        if (arguments[0] == "start")
            Assert.True(process.ExitCode == 0, $"pg_ctl start failed: {error}");
    }
}
