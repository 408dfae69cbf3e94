using FraudWatch.Storage;

namespace FraudWatch.IntegrationTests.Infrastructure;

/// <summary>
/// A PostgreSQL cluster of one test's own, in a folder of its own, for tests that stop and start the database under a
/// running host (the shared cluster of <see cref="TestDatabase"/> must never stop).
/// </summary>
public sealed class OwnCluster : IDisposable
{
    readonly string folder = HostProcess.NewWorkingDirectory();
    readonly EmbeddedPostgres cluster;

    public OwnCluster(string database)
    {
        cluster = EmbeddedPostgres.Start(folder, durable: false);
        cluster.CreateDatabase(database);
        ConnectionString = cluster.ConnectionStringFor(database);
    }

    public string ConnectionString { get; }

    public void Stop() => cluster.Stop();

    public void Resume() => cluster.Resume();

    public void Dispose()
    {
        cluster.Stop();
        Directory.Delete(folder, recursive: true);
    }
}
