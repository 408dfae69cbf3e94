using System.Reflection;
using Dapper;
using DbUp;
using Npgsql;

namespace FraudWatch.Storage;

public static class StorageExtensions
{
    /// <summary>
    /// Columns are snake_case and records PascalCase. Dapper builds each record's reader once per process and keeps
    /// it, reading this switch only then; so it is set when this assembly loads, before any store can run a query
    /// (a test process that uses a store before any host has started got readers that left chat_id, is_duty and
    /// every other two-word column at their defaults, for the rest of the run).
    /// </summary>
    [System.Runtime.CompilerServices.ModuleInitializer]
    internal static void MatchSnakeCaseColumns() => DefaultTypeMap.MatchNamesWithUnderscores = true;

    /// <summary>
    /// One NpgsqlDataSource for the app. With no connection string, starts the embedded cluster first and stops it
    /// when the host stops (or shares the one another FraudWatch started on the same data directory, and leaves it running).
    /// </summary>
    public static void AddStorage(this WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString("FraudWatch");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            var dataDirectory = builder.Configuration["FraudWatch:DataDirectory"] is { Length: > 0 } dir ? dir : ".fraudwatch";
            var embedded = EmbeddedPostgres.Start(dataDirectory);
            builder.Services.AddSingleton(embedded);
            builder.Services.AddHostedService<EmbeddedPostgresNotice>();
            connectionString = embedded.ConnectionString;
            builder.Configuration["ConnectionStrings:FraudWatch"] = connectionString;
        }

        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new StartupException($"ConnectionStrings__FraudWatch: not a valid PostgreSQL connection string ({e.Message}).");
        }

        WaitForDatabase(connectionString);
        builder.Services.AddSingleton(_ => BuildDataSource(connectionString));
        Migrate(connectionString);
    }

    /// <summary>Stops the embedded cluster, if this process started it, after everything else has stopped (Ctrl+C, SIGTERM or a normal exit).</summary>
    public static void StopEmbeddedPostgresOnExit(this WebApplication app)
    {
        if (app.Services.GetService<EmbeddedPostgres>() is { } embedded)
            app.Lifetime.ApplicationStopped.Register(embedded.Stop);
    }

    /// <summary>
    /// The app's one data source. Pooled connections are not reset on return (no session state is left on them:
    /// locks are transaction-scoped, and the poller releases its session lock itself), so the statements prepared
    /// automatically on them survive; a statement used twice is prepared. Both can be set in the connection string.
    /// </summary>
    internal static NpgsqlDataSource BuildDataSource(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        // Only keys the connection string leaves out ("No Reset On Close" is also spelt "NoResetOnClose").
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.Keys
            .Cast<string>().Select(k => k.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant()).ToHashSet();
        if (!given.Contains("NORESETONCLOSE"))
            builder.ConnectionStringBuilder.NoResetOnClose = true;
        if (!given.Contains("MAXAUTOPREPARE"))
            builder.ConnectionStringBuilder.MaxAutoPrepare = 128;
        return builder.Build();
    }

    /// <summary>
    /// Waits up to 30 s for PostgreSQL (it may still be starting, as under docker compose, or recovering after a power
    /// cut), then gives up clearly. A refusal that waiting cannot change (password, database name) gives up at once.
    /// </summary>
    static void WaitForDatabase(string connectionString)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString) { Timeout = 5 };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                using var connection = new NpgsqlConnection(target.ConnectionString);
                connection.Open();
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
            {
                if (DateTime.UtcNow > deadline || e is PostgresException refusal && !PassesOnItsOwn(refusal))
                    throw new StartupException($"ConnectionStrings__FraudWatch: cannot connect to PostgreSQL at {target.Host}:{target.Port} ({e.Message}). Start the server, fix the connection string, or leave it empty to use the embedded cluster.");
                Thread.Sleep(1000);
            }
        }
    }

    /// <summary>A server's refusals that pass without anyone changing a setting: it is starting, recovering, restarting or full.</summary>
    static bool PassesOnItsOwn(PostgresException refusal) => refusal.SqlState is
        PostgresErrorCodes.CannotConnectNow         // 57P03: starting up, in crash recovery, not yet accepting connections
        or PostgresErrorCodes.AdminShutdown         // 57P01: stopped for a restart just as we connected
        or PostgresErrorCodes.CrashShutdown         // 57P02: resetting after another server process crashed
        or PostgresErrorCodes.TooManyConnections;   // 53300: other clients' connections will close

    /// <summary>
    /// Migration files renamed after a release on main had applied them, old name to new. DbUp knows a script by its
    /// name only, so without this a database that ran the old name would run the file again under the new one and stop
    /// start-up ("column … already exists").
    /// </summary>
    static readonly (string Old, string New)[] RenamedMigrations =
    [
        // Two branches each added a 0027; main ran both (87fab8c) before this one became 0028 (9588dca).
        ("0027_wave_alert_queue.sql", "0028_wave_alert_queue.sql"),
    ];

    const string MigrationPrefix = "FraudWatch.Storage.Migrations.";

    /// <summary>Records a renamed migration as applied under its new name where the journal has it under its old one.</summary>
    static void JournalRenamedMigrations(NpgsqlConnection connection)
    {
        if (connection.ExecuteScalar<string?>("SELECT to_regclass('schemaversions')::text") is null)
            return;
        const string sql = """
            INSERT INTO schemaversions (scriptname, applied)
            SELECT @New, applied FROM schemaversions
            WHERE scriptname = @Old AND NOT EXISTS (SELECT 1 FROM schemaversions WHERE scriptname = @New)
            """;
        foreach (var (oldName, newName) in RenamedMigrations)
            connection.Execute(sql, new { Old = MigrationPrefix + oldName, New = MigrationPrefix + newName });
    }

    /// <summary>Applies the embedded numbered SQL migrations; an advisory lock keeps instances from racing.</summary>
    public static void Migrate(string connectionString)
    {
        using (var connection = new NpgsqlConnection(connectionString))
        {
            connection.Open();
            connection.Execute("SELECT pg_advisory_lock(7418001)");
            try
            {
                JournalRenamedMigrations(connection);
                var result = DeployChanges.To.PostgresqlDatabase(connectionString)
                    .WithScriptsEmbeddedInAssembly(Assembly.GetExecutingAssembly(), name => name.StartsWith(MigrationPrefix, StringComparison.Ordinal))
                    .WithTransactionPerScript()
                    .LogToNowhere()
                    .Build()
                    .PerformUpgrade();
                if (!result.Successful)
                    throw new StartupException($"Database migration {result.ErrorScript?.Name} failed: {result.Error.Message}");
            }
            finally
            {
                connection.Execute("SELECT pg_advisory_unlock(7418001)");
            }
        }
    }
}

/// <summary>Says at start-up where the embedded cluster's password and socket are (the cluster starts before logging exists).</summary>
sealed class EmbeddedPostgresNotice(EmbeddedPostgres embedded, IConfiguration configuration, ILogger<EmbeddedPostgres> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var dataDirectory = Path.GetFullPath(configuration["FraudWatch:DataDirectory"] is { Length: > 0 } dir ? dir : ".fraudwatch");
        logger.LogInformation("Embedded PostgreSQL on 127.0.0.1:{Port}, password required (in {PasswordFile}), socket in {SocketDirectory}",
            embedded.Port, Path.Combine(dataDirectory, EmbeddedPostgres.PasswordFileName), embedded.SocketDirectory);
        if (!embedded.Owned)
            logger.LogWarning("Embedded PostgreSQL: another FraudWatch on this data directory started the cluster; it keeps running when this one stops, and stops when that one does");
        if (embedded.SocketOutsideDataDirectory)
            logger.LogWarning("Embedded PostgreSQL: the data directory's path is too long for a Unix socket, so the socket is in the private folder {SocketDirectory} instead", embedded.SocketDirectory);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
