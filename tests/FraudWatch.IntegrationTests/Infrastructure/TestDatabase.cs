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
        var folder = Environment.GetEnvironmentVariable("FRAUDWATCH_TEST_PG");
        if (folder is null)
        {
            StopOrphans();
            folder = Path.Combine(Path.GetTempPath(), $"fraudwatch-tests-{Environment.ProcessId}");
        }

        return EmbeddedPostgres.Start(folder, durable: false);
    });

    /// <summary>
    /// Clusters of earlier test runs whose process died without stopping them (a killed test host)
    /// are stopped and removed, so they do not pile up on a developer's machine.
    /// </summary>
    static void StopOrphans()
    {
        foreach (var folder in Directory.GetDirectories(Path.GetTempPath(), "fraudwatch-tests-*"))
        {
            if (!int.TryParse(Path.GetFileName(folder)["fraudwatch-tests-".Length..], out var pid) || IsAlive(pid))
                continue;
            try
            {
                EmbeddedPostgres.StopCluster(folder);
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or StartupException)
            {
                // Someone else's or half-removed: leave it.
            }
        }
    }

    static bool IsAlive(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    public static EmbeddedPostgres Server => Cluster.Value;

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public static string Create(string prefix = "t")
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(40, prefix.Length + 33)];
        Server.CreateDatabase(name);
        return Server.ConnectionStringFor(name);
    }
}
