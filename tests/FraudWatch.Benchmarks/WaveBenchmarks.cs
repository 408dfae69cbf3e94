using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Dapper;
using FraudWatch.Detection;
using FraudWatch.Storage;
using FraudWatch.Waves;
using Microsoft.Extensions.Options;

namespace FraudWatch.Benchmarks;

/// <summary>
/// Wave matching at a million stored texts: WAVES_TEXTS synthetic normalized texts (default 1,000,000: WAVES_SCRIPTS scripts,
/// default 5,000, each copy with one word changed, so no copy is within 0.95 of another and every text is indexed, the
/// worst case; WAVES_DISTINCT=n keeps n variants per script and makes the other copies exact repeats, stored unindexed)
/// generated inside PostgreSQL, then, in the same run, WaveStore.MatchAsync (/check), WaveStore.AddAsync
/// (a report joining or starting a wave) and a plain single-row INSERT into wave_texts as the baseline, one call at a time.
/// Figures are printed and appended to BenchmarkDotNet.Artifacts/waves.txt.
/// </summary>
[Config(typeof(OneShot))]
public class WaveBenchmarks
{
    static readonly int Texts = EnvInt("WAVES_TEXTS", 1_000_000);
    static readonly int Scripts = EnvInt("WAVES_SCRIPTS", 5_000);
    static readonly int Distinct = EnvInt("WAVES_DISTINCT", int.MaxValue);
    const int Calls = 200;

    sealed class OneShot : ManualConfig
    {
        public OneShot() => AddJob(Job.Dry.WithToolchain(new InProcessEmitToolchain(TimeSpan.FromHours(1), logOutput: true)));
    }

    [Benchmark(Description = "wave matching against a million stored texts, beside a plain INSERT")]
    public void Waves() => RunAsync().GetAwaiter().GetResult();

    static async Task RunAsync()
    {
        using var postgres = EmbeddedPostgres.Start(Path.Combine(Path.GetTempPath(), $"fraudwatch-waves-{Environment.ProcessId}"), durable: false);
        postgres.CreateDatabase("waves");
        var connectionString = postgres.ConnectionStringFor("waves") + ";Command Timeout=0";
        StorageExtensions.Migrate(connectionString);
        await using var db = StorageExtensions.BuildDataSource(connectionString);
        Log($"WAVES size: {Texts:N0} texts of {Scripts:N0} scripts, {(Distinct == int.MaxValue ? "every copy a distinct variant" : $"{Distinct} distinct variants per script")}; load average {LoadAverage()}");

        await WaveData.LoadAsync(db, Texts, Scripts, Distinct, Log);
        var (copies, novel) = await WaveData.ProbesAsync(db, Calls / 2);
        var store = new WaveStore(db, Options.Create(new WaveOptions()));

        await TimeAsync("MatchAsync, new copy of a stored script (/check)", copies, text => store.MatchAsync(text));
        await TimeAsync("MatchAsync, text of no stored script (/check)", novel, text => store.MatchAsync(text));
        var copiesFound = 0;
        foreach (var text in copies)
            copiesFound += await store.MatchAsync(text) is null ? 0 : 1;
        var novelFound = 0;
        foreach (var text in novel)
            novelFound += await store.MatchAsync(text) is null ? 0 : 1;
        Log($"WAVES matched {copiesFound} of {copies.Count} new copies and {novelFound} of {novel.Count} texts of no stored script");

        var reportId = 10_000_000L;
        var now = DateTime.UtcNow;
        await TimeAsync("AddAsync, copy joins its wave", copies, text => store.AddAsync(Report(++reportId, text, now)));
        await TimeAsync("AddAsync, new script starts a wave", novel.Select(t => t + " 新").ToList(), text => store.AddAsync(Report(++reportId, text, now)));
        await TimeAsync("baseline: plain single-row INSERT INTO wave_texts", copies.Concat(novel).ToList(), async text =>
        {
            await using var connection = await db.OpenConnectionAsync();
            await connection.ExecuteAsync("""
                INSERT INTO wave_texts (report_id, wave_id, text, masked_text, indexed, type, village, created_at)
                VALUES (@id, 1, @text, @text, true, 'other', 'V1', now())
                """, new { id = ++reportId, text });
        });
        await TimeAsync("MatchAsync again, after the inserts (/check)", copies, text => store.MatchAsync(text));

        await using var sizes = await db.OpenConnectionAsync();
        var size = await sizes.QuerySingleAsync<(long Index, long Table, long Rows, long Indexed)>("""
            SELECT pg_relation_size('wave_texts_trgm'), pg_total_relation_size('wave_texts') - pg_indexes_size('wave_texts'),
                   (SELECT count(*) FROM wave_texts), (SELECT count(*) FROM wave_texts WHERE indexed)
            """);
        Log(string.Create(CultureInfo.InvariantCulture,
            $"WAVES sizes: trigram index (GIN) {size.Index / 1048576.0:N0} MiB over {size.Indexed:N0} indexed of {size.Rows:N0} texts; table {size.Table / 1048576.0:N0} MiB; load average {LoadAverage()}"));
    }

    static WaveReport Report(long id, string text, DateTime at) =>
        new(id, text, "other", at, "V" + (id % 500), "T1", null, "R-BENCH", IndicatorExtractor.Extract(text));

    static async Task TimeAsync(string name, IReadOnlyList<string> inputs, Func<string, Task> call)
    {
        foreach (var text in inputs.Take(10))
            await call(text + " 热身");
        var ms = new List<double>();
        foreach (var text in inputs)
        {
            var start = Stopwatch.GetTimestamp();
            await call(text);
            ms.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        ms.Sort();
        Log(string.Create(CultureInfo.InvariantCulture,
            $"WAVES {name}: p50 {Percentile(ms, 0.50):0.00} ms, p95 {Percentile(ms, 0.95):0.00} ms, p99 {Percentile(ms, 0.99):0.00} ms, max {ms[^1]:0.00} ms over {ms.Count} calls"));
    }

    static double Percentile(List<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    static int EnvInt(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : fallback;

    internal static void Log(string line)
    {
        Console.WriteLine(line);
        Directory.CreateDirectory("BenchmarkDotNet.Artifacts");
        File.AppendAllText(Path.Combine("BenchmarkDotNet.Artifacts", "waves.txt"), $"{DateTime.UtcNow:yyyy-MM-dd HH:mm:ss}Z {line}{Environment.NewLine}");
    }
}
