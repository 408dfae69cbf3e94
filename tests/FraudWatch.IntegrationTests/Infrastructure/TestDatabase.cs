using FraudWatch.Storage;

namespace FraudWatch.IntegrationTests.Infrastructure;

/// <summary>
/// One throwaway PostgreSQL cluster for the whole test run, started from the machine's binaries
/// (the same code the product uses for its embedded cluster); each test host gets a fresh database.
/// Set FRAUDWATCH_TEST_PG to a data folder to keep the cluster between runs.
/// </summary>
public static class TestDatabase
{
    static readonly Lazy<EmbeddedPostgres> Cluster = new(() =>
    {
        var folder = Environment.GetEnvironmentVariable("FRAUDWATCH_TEST_PG")
            ?? Path.Combine(Path.GetTempPath(), $"fraudwatch-tests-{Environment.ProcessId}");
        return EmbeddedPostgres.Start(folder, durable: false);
    });

    public static EmbeddedPostgres Server => Cluster.Value;

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public static string Create(string prefix = "t")
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(40, prefix.Length + 33)];
        Server.CreateDatabase(name);
        return Server.ConnectionStringFor(name);
    }
}
