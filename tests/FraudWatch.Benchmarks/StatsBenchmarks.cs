using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Dapper;
using FraudWatch.Storage;
using Npgsql;

namespace FraudWatch.Benchmarks;

/// <summary>
/// Statistics at county-of-counties scale: STATS_REPORTS synthetic reports (default 10 million) across STATS_GROUPS groups
/// (default 100,000) generated inside PostgreSQL, then the real program (dotnet FraudWatch.dll, a child process) asked over
/// loopback HTTP, beside the same questions as plain GROUP BYs over the raw reports table, in the same run; then a
/// streamed CSV export of about a million rows while the child's resident memory is sampled. Figures are printed and
/// appended to BenchmarkDotNet.Artifacts/stats.txt.
/// </summary>
[Config(typeof(OneShot))]
public class StatsBenchmarks
{
    const string Key = "bench-analyst-key-0123456789";
    static readonly int Reports = EnvInt("STATS_REPORTS", 10_000_000);
    static readonly int Groups = EnvInt("STATS_GROUPS", 100_000);
    static readonly int Calls = EnvInt("STATS_CALLS", 30);

    sealed class OneShot : ManualConfig
    {
        // One cold run of up to an hour: the default in-process timeout (5 minutes) is shorter than loading 10M rows.
        public OneShot() => AddJob(Job.Dry.WithToolchain(new InProcessEmitToolchain(TimeSpan.FromHours(1), logOutput: true)));
    }

    [Benchmark(Description = "stats over the daily roll-up vs GROUP BY over raw reports, and a 1M-row CSV export")]
    public void Stats() => RunAsync().GetAwaiter().GetResult();

    static async Task RunAsync()
    {
        using var postgres = EmbeddedPostgres.Start(Path.Combine(Path.GetTempPath(), $"fraudwatch-stats-{Environment.ProcessId}"), durable: false);
        postgres.CreateDatabase("stats");
        var connectionString = postgres.ConnectionStringFor("stats") + ";Command Timeout=0";
        StorageExtensions.Migrate(connectionString);
        Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;
        await using var db = NpgsqlDataSource.Create(connectionString);
        Log($"STATS size: {Reports:N0} reports across {Groups:N0} groups, {Calls} timed calls per question");

        await StatsData.LoadAsync(db, Reports, Groups, Log);
        var (campaignId, days, expected) = await StatsData.ExportCampaignAsync(db, Reports, 1_000_000);

        using var host = StatsHost.Start(connectionString, Key);
        try
        {
            using var http = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
            await host.WaitReadyAsync(http);

            var sinceLocal = DateTime.UtcNow.AddHours(8).Date.AddMonths(-12).AddDays(1);
            await TimeAsync("API GET /api/v1/stats/summary", Calls, () => GetAsync(http, "/api/v1/stats/summary"));
            await TimeAsync("API GET /api/v1/stats/prevented?groupBy=month,township", Calls, () => GetAsync(http, "/api/v1/stats/prevented?groupBy=month,township"));
            await TimeAsync("API GET /api/v1/stats/prevented?groupBy=month (county)", Calls, () => GetAsync(http, "/api/v1/stats/prevented?groupBy=month"));
            await TimeAsync("SQL GROUP BY over raw reports: month x township (same question)", 5, () => StatsData.RawMonthTownshipAsync(db, sinceLocal));
            await TimeAsync("SQL GROUP BY over raw reports: totals of the summary", 5, () => StatsData.RawTotalsAsync(db, sinceLocal));

            await ExportAsync(http, host, $"/api/v1/stats/campaign-effect/reports?campaignId={campaignId}&days={days}&format=csv", expected);
        }
        finally
        {
            host.Stop();
        }
    }

    static async Task GetAsync(HttpClient http, string url)
    {
        using var response = await http.GetAsync(url);
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync();
    }

    static async Task TimeAsync(string name, int calls, Func<Task> call)
    {
        for (var i = 0; i < Math.Min(3, calls); i++)
            await call();
        var ms = new List<double>();
        for (var i = 0; i < calls; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await call();
            ms.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        ms.Sort();
        Log(string.Create(CultureInfo.InvariantCulture,
            $"STATS {name}: p50 {Percentile(ms, 0.50):0.0} ms, p95 {Percentile(ms, 0.95):0.0} ms, max {ms[^1]:0.0} ms over {calls} calls (after warm-up)"));
    }

    static async Task ExportAsync(HttpClient http, StatsHost host, string url, long expected)
    {
        var before = host.ResidentMiB();
        long peak = before, lines = 0, bytes = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, host.ResidentMiB());
                await Task.Delay(50);
            }
        });
        var clock = Stopwatch.StartNew();
        using (var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead))
        {
            response.EnsureSuccessStatusCode();
            await using var body = await response.Content.ReadAsStreamAsync();
            var buffer = new byte[1 << 16];
            int read;
            while ((read = await body.ReadAsync(buffer)) > 0)
            {
                bytes += read;
                lines += buffer.AsSpan(0, read).Count((byte)'\n');
            }
        }

        clock.Stop();
        await sampling.CancelAsync();
        await sampler;
        Log(string.Create(CultureInfo.InvariantCulture,
            $"STATS CSV export: {lines - 1:N0} rows (expected {expected:N0}), {bytes / 1048576.0:0} MiB in {clock.Elapsed.TotalSeconds:0.0} s " +
            $"({(lines - 1) / clock.Elapsed.TotalSeconds:N0} rows/s); host resident memory {before} MiB before, peak {peak} MiB during (sampled every 50 ms), " +
            $"process high-water mark {host.HighWaterMiB()} MiB"));
    }

    static double Percentile(List<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    static int EnvInt(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : fallback;

    internal static void Log(string line)
    {
        Console.WriteLine(line);
        Directory.CreateDirectory("BenchmarkDotNet.Artifacts");
        File.AppendAllText(Path.Combine("BenchmarkDotNet.Artifacts", "stats.txt"), $"{DateTime.UtcNow:yyyy-MM-dd HH:mm:ss}Z {line}{Environment.NewLine}");
    }
}
