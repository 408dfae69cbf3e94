using FraudWatch.Storage;
using Npgsql;

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

    /// <summary>
    /// A database migrated once, as the product's start-up migrates one (its numbered scripts and Hangfire's schema), that
    /// <see cref="Create"/> copies: a run starts hundreds of hosts, and migrating each database anew took much of the run's
    /// processor time. No one connects to it after it is built (PostgreSQL copies only a template nobody is using).
    /// </summary>
    static readonly Lazy<string> Migrated = new(() =>
    {
        const string name = "migrated_template";
        Server.CreateDatabase(name);
        var connectionString = Server.ConnectionStringFor(name) + ";Pooling=false";
        StorageExtensions.Migrate(connectionString);
        using (var connection = new NpgsqlConnection(connectionString))
        {
            connection.Open();
            Hangfire.PostgreSql.PostgreSqlObjectsInstaller.Install(connection, "hangfire");
        }

        return name;
    });

    public static EmbeddedPostgres Server => Cluster.Value;

    /// <summary>
    /// Creates a database in the state the product's start-up leaves a new one (its schema migrated, no data) and returns
    /// its connection string. The product still runs its migrations on it, and finds nothing to do.
    /// </summary>
    public static string Create(string prefix = "t") => Create(prefix, Migrated.Value);

    /// <summary>Creates an empty database, for tests of the product's own migration of a new database.</summary>
    public static string CreateEmpty(string prefix = "t") => Create(prefix, template: null);

    static string Create(string prefix, string? template)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(40, prefix.Length + 33)];
        Server.CreateDatabase(name, template);
        return Server.ConnectionStringFor(name);
    }
}
