using FraudWatch.Detection;
using FraudWatch.IntegrationTests.Infrastructure;
using FraudWatch.Waves;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FraudWatch.IntegrationTests.Waves;

/// <summary>A fresh migrated database and the real WaveStore on it.</summary>
public sealed class WavesDb : IAsyncDisposable
{
    WavesDb(string connectionString, WaveOptions options)
    {
        ConnectionString = connectionString;
        Db = NpgsqlDataSource.Create(connectionString);
        Store = new WaveStore(Db, Options.Create(options));
    }

    public string ConnectionString { get; }
    public NpgsqlDataSource Db { get; }
    public WaveStore Store { get; }

    public static WavesDb Create(WaveOptions? options = null)
    {
        var connectionString = TestDatabase.Create("w"); // migrated already (a copy of TestDatabase's template)
        return new WavesDb(connectionString, options ?? new WaveOptions());
    }

    static long nextReport = 1000;

    /// <summary>A report as intake would give it: the extractor's indicators, a fresh report id.</summary>
    public static WaveReport Report(string text, string village, DateTime at, string township = "灵溪镇", string type = "impersonate_police") =>
        new(Interlocked.Increment(ref nextReport), text, type, at, village, township, -100, "R-TEST", IndicatorExtractor.Extract(text));

    public Task<WaveJoin?> AddAsync(string text, string village, DateTime at) => Store.AddAsync(Report(text, village, at));

    /// <summary>Where the fast tests keep the labelled pairs.</summary>
    public static string PairsFile()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "FraudWatch.Tests", "Waves", "Data", "pairs.jsonl");
            if (File.Exists(candidate))
                return candidate;
        }

        throw new FileNotFoundException("tests/FraudWatch.Tests/Waves/Data/pairs.jsonl not found above " + AppContext.BaseDirectory);
    }

    public async ValueTask DisposeAsync() => await Db.DisposeAsync();
}
