using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Runtime;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Dapper;
using FraudWatch.IntegrationTests.FakeTelegram;
using FraudWatch.IntegrationTests.Infrastructure;
using FraudWatch.Telegram;
using Hangfire;
using Telegram.Bot;

namespace FraudWatch.Benchmarks;

/// <summary>
/// End-to-end broadcast runs: the real host on a throwaway PostgreSQL cluster, sending to the fake Bot API
/// answering at once. Each method is one cold run; the figures that matter (msg/s, CPU, memory, rate
/// violations) are printed and appended to BenchmarkDotNet.Artifacts/broadcast.txt.
/// </summary>
[Config(typeof(OneShot))]
public class BroadcastThroughput
{
    sealed class OneShot : ManualConfig
    {
        public OneShot() => AddJob(Job.Dry.WithToolchain(new InProcessEmitToolchain(TimeSpan.FromHours(1), logOutput: true)));
    }

    /// <summary>WebApplicationFactory looks for the host's folder from the working directory; point it there.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "src", "FraudWatch", "FraudWatch.csproj")))
            dir = dir.Parent;
        if (dir is not null)
            Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_FRAUDWATCH", Path.Combine(dir.FullName, "src", "FraudWatch"));
    }

    [Benchmark(Description = "engine: 20,000 groups at 1,000 msg/s")]
    public Task Engine20000At1000() => RunEngineAsync(groups: 20_000, rate: 1000);

    [Benchmark(Description = "baseline: one Hangfire job per message (5,000)")]
    public async Task HangfireJobPerMessage()
    {
        await using var telegram = await FakeBotApi.StartAsync();
        await using var host = await TestHost.StartAsync(telegram, new Dictionary<string, string?> { ["Broadcast:MessagesPerSecond"] = "1000" });
        const int messages = 5_000;
        var jobs = host.Get<IBackgroundJobClient>();
        var (cpu, clock) = Start();
        for (var i = 0; i < messages; i++)
        {
            var chatId = -2_000_000L - i;
            jobs.Enqueue<BaselineSendJob>(j => j.SendAsync(chatId, "baseline warning"));
        }

        await telegram.WaitForAsync(t => t.SendCount >= messages ? (int?)t.SendCount : null, TimeSpan.FromMinutes(10));
        Report("baseline: one Hangfire job per message", messages, telegram, cpu, clock, 1000);
    }

    [Benchmark(Description = "engine: 600 groups at 30 msg/s")]
    public Task Engine600At30() => RunEngineAsync(groups: 600, rate: 30);

    /// <summary>The shipped Broadcast__MaxInFlight unless BROADCAST_INFLIGHT says otherwise (to compare settings).</summary>
    static async Task RunEngineAsync(int groups, int rate)
    {
        await using var telegram = await FakeBotApi.StartAsync();
        telegram.ConfigureLimits(globalPerSecond: rate, perChatPerMinute: 20);
        var settings = new Dictionary<string, string?>
        {
            ["Broadcast:MessagesPerSecond"] = rate.ToString(CultureInfo.InvariantCulture),
        };
        if (Environment.GetEnvironmentVariable("BROADCAST_INFLIGHT") is { Length: > 0 } inFlight)
            settings["Broadcast:MaxInFlight"] = inFlight;
        await using var host = await TestHost.StartAsync(telegram, settings);
        await using (var connection = await host.Db.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("""
                INSERT INTO groups (chat_id, title, status, township, village, members)
                SELECT -1000000 - g, 'bench ' || g, 'active', 'bench', 'village ' || g, 50 FROM generate_series(1, @groups) g
                """, new { groups });
        }

        using var client = host.Client("officer");
        var (cpu, clock) = Start();
        var response = await client.PostAsJsonAsync("/api/v1/campaigns", new { template = "fake_investment", target = "township:bench", schedule = "now" });
        response.EnsureSuccessStatusCode();
        await telegram.WaitForAsync(t => t.SendCount >= groups ? (int?)t.SendCount : null, TimeSpan.FromMinutes(10));
        Report($"engine: {groups} groups at {rate} msg/s", groups, telegram, cpu, clock, rate);
    }

    // GC pauses stop every thread: a pause longer than the late-slot tolerance forfeits the slots it covers.
    static TimeSpan gcPauseAtStart;
    static int gen2AtStart;
    static long allocatedAtStart;

    static (TimeSpan Cpu, Stopwatch Clock) Start()
    {
        GC.Collect();
        gcPauseAtStart = GC.GetTotalPauseDuration();
        gen2AtStart = GC.CollectionCount(2);
        allocatedAtStart = GC.GetTotalAllocatedBytes();
        return (Process.GetCurrentProcess().TotalProcessorTime, Stopwatch.StartNew());
    }

    static void Report(string name, int messages, FakeBotApi telegram, TimeSpan cpuAtStart, Stopwatch clock, int configured)
    {
        clock.Stop();
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime - cpuAtStart;
        var gcPause = GC.GetTotalPauseDuration() - gcPauseAtStart;
        // Other processes on the machine delay this one's timers: the load at the end of the run goes with the figures.
        var load = File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
        var sends = telegram.Calls.Where(c => c.Method.Equals("sendMessage", StringComparison.OrdinalIgnoreCase) && c.StatusCode == 200)
            .Select(c => c.AtUtc).Order().ToList();
        var span = (sends[^1] - sends[0]).TotalSeconds;
        var sustained = span > 0 ? (sends.Count - 1) / span : double.NaN;
        // The tightest run of configured+1 sends, as the fake saw them: under a second means a violation.
        var tightest = Enumerable.Range(0, Math.Max(0, sends.Count - configured)).Select(i => (sends[i + configured] - sends[i]).TotalMilliseconds).DefaultIfEmpty(double.NaN).Min();
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{name}: {messages} messages in {clock.Elapsed.TotalSeconds:0.0} s end to end; sustained {sustained:0.0} msg/s between first and last send " +
            $"({100 * sustained / configured:0.0}% of {configured}/s); process CPU {cpu.TotalSeconds:0.0} s ({100 * cpu.TotalSeconds / clock.Elapsed.TotalSeconds / Environment.ProcessorCount:0}% of {Environment.ProcessorCount} cores, host + fake API, PostgreSQL not included); " +
            $"peak working set {process.PeakWorkingSet64 / 1048576} MiB; allocated {(GC.GetTotalAllocatedBytes() - allocatedAtStart) / 1048576} MiB, GC pauses {gcPause.TotalMilliseconds:0} ms ({GC.CollectionCount(2) - gen2AtStart} gen2, {(GCSettings.IsServerGC ? "server" : "workstation")} GC); " +
            $"rate violations {telegram.RateViolations} (tightest {configured + 1} sends: {tightest:0} ms); load average {load}");
        Console.WriteLine(line);
        Directory.CreateDirectory("BenchmarkDotNet.Artifacts");
        File.AppendAllText(Path.Combine("BenchmarkDotNet.Artifacts", "broadcast.txt"), line + Environment.NewLine);
    }
}

/// <summary>The design the issue rules out, for comparison: each message its own Hangfire job.</summary>
public sealed class BaselineSendJob(BotGateway gateway)
{
    public Task SendAsync(long chatId, string text) => gateway.SendAsync(new OutgoingMessage(chatId, text), CancellationToken.None);
}
