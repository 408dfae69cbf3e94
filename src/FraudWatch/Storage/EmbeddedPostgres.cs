using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Npgsql;

namespace FraudWatch.Storage;

/// <summary>
/// A private PostgreSQL cluster started from the machine's PostgreSQL binaries, for running without
/// a configured database (and for tests). PostgreSQL refuses to run as root, so as root the cluster
/// runs as the <c>postgres</c> OS user.
/// </summary>
public sealed partial class EmbeddedPostgres : IDisposable
{
    const string Database = "fraudwatch";
    const string User = "fraudwatch";

    readonly string binDirectory;
    readonly string clusterDirectory;
    readonly bool asPostgresUser;
    int stopped;

    EmbeddedPostgres(string binDirectory, string clusterDirectory, int port, bool asPostgresUser)
    {
        this.binDirectory = binDirectory;
        this.clusterDirectory = clusterDirectory;
        this.asPostgresUser = asPostgresUser;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => ConnectionStringFor(Database);

    public string ConnectionStringFor(string database) =>
        $"Host=127.0.0.1;Port={Port};Username={User};Database={database};Pooling=true;Maximum Pool Size=50;Timeout=15";

    /// <summary>Starts (initialising on first use) the cluster under <paramref name="dataDirectory"/>.</summary>
    /// <param name="durable">false turns fsync off: for throwaway test clusters only.</param>
    public static EmbeddedPostgres Start(string dataDirectory, bool durable = true)
    {
        var bin = FindBinaries() ?? throw new StartupException(
            "No PostgreSQL binaries found (looked for pg_ctl in /usr/lib/postgresql/*/bin and on PATH). " +
            "Install them with 'apt-get install postgresql' (Debian/Ubuntu) or your system's PostgreSQL 15+ package, " +
            "set ConnectionStrings__FraudWatch to an existing database, or run 'docker compose up' to start PostgreSQL and FraudWatch together.");

        var root = Path.GetFullPath(dataDirectory);
        var cluster = Path.Combine(root, "postgres");
        Directory.CreateDirectory(root);
        var asPostgres = IsRoot();
        if (asPostgres)
        {
            // The postgres user must be able to reach and own the cluster folder.
            Directory.CreateDirectory(cluster);
            for (var dir = new DirectoryInfo(root); dir is not null; dir = dir.Parent)
            {
                if (OperatingSystem.IsLinux() && (dir.UnixFileMode & UnixFileMode.OtherExecute) == 0)
                    throw new StartupException(
                        $"FraudWatch__DataDirectory: started as root, the embedded PostgreSQL runs as the 'postgres' user, who cannot enter {dir.FullName}. " +
                        "Choose a data directory outside private folders (e.g. FraudWatch__DataDirectory=/var/lib/fraudwatch), run as a normal user, or set ConnectionStrings__FraudWatch.");
            }

            Run("chown", ["-R", "postgres:postgres", cluster], null);
        }

        if (!File.Exists(Path.Combine(cluster, "PG_VERSION")))
        {
            var init = new EmbeddedPostgres(bin, cluster, 0, asPostgres);
            init.Tool("initdb", ["-D", cluster, "-U", User, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]);
        }

        var running = ReadRunningPort(cluster);
        var port = running ?? FreePort();
        var pg = new EmbeddedPostgres(bin, cluster, port, asPostgres);
        if (running is null)
        {
            var options = $"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=/tmp -c max_connections=300";
            if (!durable)
            {
                // Test clusters serve many short-lived hosts at once, each with its own pools.
                options = options.Replace("max_connections=300", "max_connections=1000", StringComparison.Ordinal)
                    + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
            }
            pg.Tool("pg_ctl", ["-D", cluster, "-l", Path.Combine(cluster, "server.log"), "-w", "-t", "60", "-o", options, "start"]);
        }

        pg.CreateDatabase(Database);
        // Also covers a start-up that fails after the cluster came up.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => pg.Stop();
        return pg;
    }

    public void CreateDatabase(string name, string? template = null)
    {
        using var connection = new NpgsqlConnection(ConnectionStringFor("postgres"));
        connection.Open();
        using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", name);
        if (exists.ExecuteScalar() is not null)
            return;
        var sql = template is null ? $"CREATE DATABASE \"{name}\"" : $"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"";
        using var create = new NpgsqlCommand(sql, connection);
        create.ExecuteNonQuery();
    }

    public void Stop()
    {
        if (Interlocked.Exchange(ref stopped, 1) == 1)
            return;
        NpgsqlConnection.ClearAllPools();
        try
        {
            Tool("pg_ctl", ["-D", clusterDirectory, "-m", "fast", "-w", "-t", "30", "stop"]);
        }
        catch (StartupException)
        {
            // Already stopped by someone else: nothing to do on the way out.
        }
    }

    public void Dispose() => Stop();

    /// <summary>Stops a cluster under <paramref name="dataDirectory"/> if one runs there (e.g. left by a killed process).</summary>
    public static void StopCluster(string dataDirectory)
    {
        var cluster = Path.Combine(Path.GetFullPath(dataDirectory), "postgres");
        if (FindBinaries() is not { } bin || ReadRunningPort(cluster) is not { } port)
            return;
        new EmbeddedPostgres(bin, cluster, port, IsRoot()).Tool("pg_ctl", ["-D", cluster, "-m", "immediate", "-w", "-t", "30", "stop"]);
    }

    void Tool(string name, string[] arguments)
    {
        var path = Path.Combine(binDirectory, name);
        if (asPostgresUser)
            Run("runuser", ["-u", "postgres", "--", path, .. arguments], "/tmp");
        else
            Run(path, arguments, null);
    }

    static void Run(string file, string[] arguments, string? workingDirectory)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        info.Environment["LC_ALL"] = "C.UTF-8";
        using var process = Process.Start(info) ?? throw new StartupException($"Could not start {file}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new StartupException($"{Path.GetFileName(file)} {string.Join(' ', arguments)} failed ({process.ExitCode}): {error.Result.Trim()} {output.Result.Trim()}");
    }

    static string? FindBinaries()
    {
        var candidates = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => (Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0, Bin: Path.Combine(d, "bin")))
                .Where(c => c.Version >= 13 && File.Exists(Path.Combine(c.Bin, "pg_ctl")))
                .OrderByDescending(c => c.Version)
                .Select(c => c.Bin)
            : [];
        var fromPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Where(d => File.Exists(Path.Combine(d, "pg_ctl")) && File.Exists(Path.Combine(d, "initdb")));
        return candidates.Concat(fromPath).FirstOrDefault();
    }

    static int? ReadRunningPort(string cluster)
    {
        // postmaster.pid line 1 is the pid, line 4 the port; a stale file from a killed machine is ignored.
        var pidFile = Path.Combine(cluster, "postmaster.pid");
        if (!File.Exists(pidFile))
            return null;
        var lines = File.ReadAllLines(pidFile);
        if (lines.Length < 4 || !int.TryParse(lines[0], out var pid) || !int.TryParse(lines[3], CultureInfo.InvariantCulture, out var port))
            return null;
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited ? null : port;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    static bool IsRoot() => OperatingSystem.IsLinux() && geteuid() == 0;

    [LibraryImport("libc")]
    private static partial uint geteuid();
}
