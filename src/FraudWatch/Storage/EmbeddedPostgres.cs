using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Npgsql;

namespace FraudWatch.Storage;

/// <summary>
/// A private PostgreSQL cluster started from the machine's PostgreSQL binaries, for running without
/// a configured database (and for tests). PostgreSQL refuses to run as root, so as root the cluster
/// runs as the <c>postgres</c> OS user.
/// Nothing is reachable without the password: it is random, made at initdb and kept in a 0600 file
/// beside the cluster; pg_hba.conf asks for it (scram-sha-256) over TCP (127.0.0.1 only) and over the
/// Unix socket, which lives in a 0700 folder of its own.
/// Only the process that started the cluster stops it: it holds an OS file lock on <c>postgres.lock</c> beside the
/// cluster. A second process on the same data directory shares the running cluster and leaves it running; a cluster
/// whose starter died (the kernel dropped its lock) is taken over by the next process, which then stops it.
/// </summary>
public sealed partial class EmbeddedPostgres : IDisposable
{
    const string Database = "fraudwatch";
    const string User = "fraudwatch";
    public const string PasswordFileName = "postgres-password";
    public const string LockFileName = "postgres.lock";
    const string FallbackSocketPrefix = "fraudwatch-pg-";
    // A Unix socket path holds at most 107 bytes; PostgreSQL adds "/.s.PGSQL.<port>" (up to 15) to the folder.
    const int MaxSocketDirectoryBytes = 107 - 15;
    const string Hba = """
        # Written by FraudWatch at every start of its embedded cluster: every connection needs the password.
        local   all   all                  scram-sha-256
        host    all   all   127.0.0.1/32   scram-sha-256

        """;

    readonly string binDirectory;
    readonly string dataDirectory;
    readonly string clusterDirectory;
    readonly bool asPostgresUser;
    readonly bool durable;
    readonly string password;
    FileStream? ownerLock;
    int stopped;

    EmbeddedPostgres(string binDirectory, string dataDirectory, bool asPostgresUser, bool durable, string password, int port, string? socketDirectory)
    {
        this.binDirectory = binDirectory;
        this.dataDirectory = dataDirectory;
        clusterDirectory = Path.Combine(dataDirectory, "postgres");
        this.asPostgresUser = asPostgresUser;
        this.durable = durable;
        this.password = password;
        Port = port;
        SocketDirectory = socketDirectory ?? "";
    }

    public int Port { get; }

    /// <summary>The data directory: the cluster in <c>postgres/</c>, the password file, the socket folder.</summary>
    public string DataDirectory => dataDirectory;

    /// <summary>The folder holding the server's Unix socket (0700, owned by the server's OS user).</summary>
    public string SocketDirectory { get; private set; }

    /// <summary>True when the data directory's path is too long for a Unix socket, so the socket folder is a private one elsewhere.</summary>
    public bool SocketOutsideDataDirectory => !SocketDirectory.StartsWith(dataDirectory + "/", StringComparison.Ordinal);

    /// <summary>False when another live process started the cluster: it stops it, <see cref="Stop"/> here leaves it running.</summary>
    public bool Owned => ownerLock is not null;

    public string ConnectionString => ConnectionStringFor(Database);

    public string ConnectionStringFor(string database) =>
        $"Host=127.0.0.1;Port={Port};Username={User};Password={password};Database={database};Pooling=true;Maximum Pool Size=50;Timeout=15";

    /// <summary>Starts (initialising on first use) the cluster under <paramref name="dataDirectory"/>.</summary>
    /// <param name="durable">false turns fsync off: for throwaway test clusters only.</param>
    /// <param name="port">The port to try first (tests); by default one the system finds free.</param>
    public static EmbeddedPostgres Start(string dataDirectory, bool durable = true, int? port = null)
    {
        var bin = FindBinaries() ?? throw new StartupException(
            "No PostgreSQL binaries found (looked for pg_ctl in /usr/lib/postgresql/*/bin and on PATH). " +
            "Install them with 'apt-get install postgresql' (Debian/Ubuntu) or your system's PostgreSQL 15+ package, " +
            "set ConnectionStrings__FraudWatch to an existing database, or run 'docker compose up' to start PostgreSQL and FraudWatch together.");

        var root = Path.GetFullPath(dataDirectory);
        try
        {
            return Start(bin, root, durable, port);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StartupException($"FraudWatch__DataDirectory: cannot use {root} ({e.Message}); choose a folder this user can create and write, or set ConnectionStrings__FraudWatch.");
        }
    }

    static EmbeddedPostgres Start(string bin, string root, bool durable, int? port)
    {
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

        var passwordFile = Path.Combine(root, PasswordFileName);
        var password = ReadPassword(passwordFile);
        var ownerLock = TakeOwnership(root);
        var running = ReadRunning(cluster);
        var setup = new EmbeddedPostgres(bin, root, asPostgres, durable, password ?? NewPassword(), 0, null);
        if (!File.Exists(Path.Combine(cluster, "PG_VERSION")))
        {
            setup.InitDb();
            WritePassword(passwordFile, setup.password);
        }
        else if (password is null)
        {
            // A cluster made by an older FraudWatch with trust authentication (or whose password file was deleted):
            // it gets a new password, set with no server listening, and the pg_hba.conf below.
            if (running is not null)
                setup.Tool("pg_ctl", ["-D", cluster, "-m", "fast", "-w", "-t", "60", "stop"]);
            running = null;
            setup.SetPasswordOffline();
            WritePassword(passwordFile, setup.password);
        }

        var pg = new EmbeddedPostgres(bin, root, asPostgres, durable, setup.password, running?.Port ?? port ?? FreePort(), running?.SocketDirectory);
        // A port found free can be taken (as an outgoing connection's source port) before the server binds it:
        // then the server starts again on another one.
        for (var attempt = 1; running is null; attempt++)
        {
            try
            {
                pg.StartServer();
                break;
            }
            catch (StartupException) when (attempt < 3 && pg.PortWasTaken())
            {
                RemoveFallbackSocketDirectory(pg.SocketDirectory);
                pg = new EmbeddedPostgres(bin, root, asPostgres, durable, setup.password, FreePort(), null);
            }
        }

        pg.ownerLock = ownerLock;
        // Also covers a start-up that fails after the cluster came up.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => pg.Stop();
        try
        {
            pg.CreateDatabase(Database);
        }
        catch (NpgsqlException e)
        {
            throw new StartupException($"FraudWatch__DataDirectory: the embedded cluster in {cluster} does not answer on port {pg.Port} ({e.Message}); stop the postgres process named in its postmaster.pid, then start again.");
        }

        return pg;
    }

    /// <summary>Starts the server again after <see cref="Stop"/> (tests of a database outage).</summary>
    public void Resume()
    {
        ownerLock ??= TakeOwnership(dataDirectory);
        StartServer();
        Interlocked.Exchange(ref stopped, 0);
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

    /// <summary>Stops the server if this process started it (or took it over from a dead one); else leaves it to its owner.</summary>
    public void Stop()
    {
        if (Interlocked.Exchange(ref stopped, 1) == 1)
            return;
        NpgsqlConnection.ClearAllPools();
        if (ownerLock is null)
            return;
        try
        {
            // pg_ctl signals the pid in postmaster.pid: only while that is still this cluster's server.
            if (ReadRunning(clusterDirectory) is not null)
                Tool("pg_ctl", ["-D", clusterDirectory, "-m", "fast", "-w", "-t", "30", "stop"]);
        }
        catch (StartupException)
        {
            // Already stopped by someone else: nothing to do on the way out.
        }

        RemoveFallbackSocketDirectory(SocketDirectory);
        ownerLock.Dispose();
        ownerLock = null;
    }

    /// <summary>
    /// The lock on <c>postgres.lock</c> that marks the cluster's owner, or null while another live process holds it. On Unix,
    /// .NET takes FileShare.None as an exclusive flock, which no other open of the file (in this process or another)
    /// can take while it is held, and which the kernel drops when its holder dies, however it dies.
    /// </summary>
    static FileStream? TakeOwnership(string root)
    {
        try
        {
            return new FileStream(Path.Combine(root, LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Dispose() => Stop();

    /// <summary>Stops a cluster under <paramref name="dataDirectory"/> if one runs there (e.g. left by a killed process).</summary>
    public static void StopCluster(string dataDirectory)
    {
        var root = Path.GetFullPath(dataDirectory);
        var cluster = Path.Combine(root, "postgres");
        if (FindBinaries() is not { } bin || ReadRunning(cluster) is not { } running)
            return;
        var pg = new EmbeddedPostgres(bin, root, IsRoot(), false, "", running.Port, running.SocketDirectory);
        pg.Tool("pg_ctl", ["-D", cluster, "-m", "immediate", "-w", "-t", "30", "stop"]);
        RemoveFallbackSocketDirectory(running.SocketDirectory);
    }

    void InitDb()
    {
        // initdb reads the password from a file; this one lives only as long as initdb runs.
        var pwfile = Path.Combine(dataDirectory, ".initdb-password");
        WritePrivateFile(pwfile, password);
        try
        {
            if (asPostgresUser)
                Run("chown", ["postgres:postgres", pwfile], null);
            Tool("initdb", ["-D", clusterDirectory, "-U", User, "--auth=scram-sha-256", $"--pwfile={pwfile}", "-E", "UTF8", "--locale=C.UTF-8"]);
        }
        finally
        {
            File.Delete(pwfile);
        }
    }

    /// <summary>Sets the password in single-user mode: no server runs, so nobody can connect meanwhile.</summary>
    void SetPasswordOffline()
    {
        var output = Tool("postgres", ["--single", "-D", clusterDirectory, "-c", "password_encryption=scram-sha-256", "postgres"],
            $"ALTER ROLE \"{User}\" PASSWORD '{password}';\n");
        if (output.Contains("ERROR", StringComparison.Ordinal))
            throw new StartupException($"FraudWatch__DataDirectory: could not set a password on the embedded cluster in {clusterDirectory}: {output.Trim()}");
    }

    void StartServer()
    {
        // A postmaster.pid naming a live process that is not this cluster's server (a pid reused after a reboot): the
        // server would take that process for its running self when it runs as the same OS user, and refuse to start.
        var pidFile = Path.Combine(clusterDirectory, "postmaster.pid");
        if (PidOf(pidFile) is { } pid && IsAlive(pid) && !IsServerOf(pid, clusterDirectory))
            File.Delete(pidFile);

        var hba = Path.Combine(clusterDirectory, "pg_hba.conf");
        File.WriteAllText(hba, Hba);
        SocketDirectory = MakeSocketDirectory();
        if (asPostgresUser)
            Run("chown", ["postgres:postgres", hba, SocketDirectory], null);

        var options = $"-p {Port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='{SocketDirectory}' -c unix_socket_permissions=0700 -c password_encryption=scram-sha-256 -c max_connections=300";
        if (!durable)
        {
            // Test clusters serve many short-lived hosts at once, each with its own pools.
            options = options.Replace("max_connections=300", "max_connections=1000", StringComparison.Ordinal)
                + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
        }

        Tool("pg_ctl", ["-D", clusterDirectory, "-l", Path.Combine(clusterDirectory, "server.log"), "-w", "-t", "60", "-o", options, "start"]);
    }

    bool PortWasTaken()
    {
        var log = Path.Combine(clusterDirectory, "server.log");
        return File.Exists(log) && File.ReadLines(log).TakeLast(20).Any(line => line.Contains("could not bind IPv4 address \"127.0.0.1\"", StringComparison.Ordinal));
    }

    /// <summary>
    /// A 0700 folder for the socket: <c>socket/</c> in the data directory, or, when that path is too long for a
    /// Unix socket (or cannot be quoted for pg_ctl), a fresh private folder under /run (root), $XDG_RUNTIME_DIR or /tmp.
    /// </summary>
    string MakeSocketDirectory()
    {
        var inData = Path.Combine(dataDirectory, "socket");
        string directory;
        if (System.Text.Encoding.UTF8.GetByteCount(inData) <= MaxSocketDirectoryBytes && !inData.Any(c => c is '\'' or ',' or '\\' or '"' or '$' or '`'))
        {
            directory = inData;
            Directory.CreateDirectory(directory);
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        else
        {
            var runtime = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
            var parent = asPostgresUser && Directory.Exists("/run") ? "/run"
                : runtime is { Length: > 0 and < 40 } && Directory.Exists(runtime) ? runtime
                : "/tmp";
            // mkdtemp makes the folder atomically, 0700 and ours, so nobody can plant one in its place.
            var template = System.Text.Encoding.UTF8.GetBytes($"{parent}/{FallbackSocketPrefix}XXXXXX\0");
            if (mkdtemp(template) == 0)
                throw new StartupException($"FraudWatch__DataDirectory: its path is too long for PostgreSQL's Unix socket and no private socket folder could be made under {parent} (errno {Marshal.GetLastPInvokeError()}); choose a shorter data directory.");
            directory = System.Text.Encoding.UTF8.GetString(template, 0, template.Length - 1);
        }

        return directory;
    }

    static void RemoveFallbackSocketDirectory(string directory)
    {
        if (!Path.GetFileName(directory).StartsWith(FallbackSocketPrefix, StringComparison.Ordinal))
            return;
        try
        {
            Directory.Delete(directory, recursive: false);
        }
        catch (IOException)
        {
            // Still in use (a server left running) or gone already.
        }
    }

    static string NewPassword() => RandomNumberGenerator.GetHexString(48, lowercase: true);

    static string? ReadPassword(string file)
    {
        if (!File.Exists(file))
            return null;
        try
        {
            var text = File.ReadAllText(file).Trim();
            if (text.Length == 0)
                return null;
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            return text;
        }
        catch (UnauthorizedAccessException)
        {
            throw new StartupException($"FraudWatch__DataDirectory: cannot read the embedded cluster's password in {file}; run FraudWatch as the user who created the data directory, or choose another one.");
        }
    }

    /// <summary>Written beside, then moved into place, so a crash never leaves a half-written password.</summary>
    static void WritePassword(string file, string password)
    {
        var next = file + ".new";
        File.Delete(next);
        WritePrivateFile(next, password + "\n");
        File.Move(next, file, overwrite: true);
    }

    static void WritePrivateFile(string file, string text)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var stream = new FileStream(file, options);
        using var writer = new StreamWriter(stream);
        writer.Write(text);
    }

    string Tool(string name, string[] arguments, string? input = null)
    {
        var path = Path.Combine(binDirectory, name);
        return asPostgresUser
            ? Run("runuser", ["-u", "postgres", "--", path, .. arguments], "/tmp", input)
            : Run(path, arguments, null, input);
    }

    static string Run(string file, string[] arguments, string? workingDirectory, string? input = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input is not null,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        info.Environment["LC_ALL"] = "C.UTF-8";
        using var process = Process.Start(info) ?? throw new StartupException($"Could not start {file}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            process.StandardInput.Write(input);
            process.StandardInput.Close();
        }

        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new StartupException($"{Path.GetFileName(file)} {string.Join(' ', arguments)} failed ({process.ExitCode}): {error.Result.Trim()} {output.Result.Trim()}");
        return output.Result + error.Result;
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

    sealed record Running(int Port, string SocketDirectory);

    static Running? ReadRunning(string cluster)
    {
        // postmaster.pid: line 1 the pid, 4 the port, 5 the socket folder. A stale file (left by a killed server) is
        // ignored: its pid is gone, or, after a reboot, belongs to some other process.
        var pidFile = Path.Combine(cluster, "postmaster.pid");
        if (!File.Exists(pidFile))
            return null;
        var lines = File.ReadAllLines(pidFile);
        if (lines.Length < 4 || !int.TryParse(lines[0], out var pid) || !int.TryParse(lines[3], CultureInfo.InvariantCulture, out var port))
            return null;
        return IsAlive(pid) && IsServerOf(pid, cluster) ? new Running(port, lines.Length > 4 ? lines[4].Split(',')[0].Trim() : "") : null;
    }

    static int? PidOf(string pidFile) =>
        File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), CultureInfo.InvariantCulture, out var pid) ? pid : null;

    static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>
    /// Whether the live process <paramref name="pid"/> is a PostgreSQL server of <paramref name="cluster"/>: pg_ctl starts it
    /// as <c>postgres -D &lt;cluster&gt; ...</c>, and /proc shows every user that command line. Elsewhere, any live pid counts.
    /// </summary>
    static bool IsServerOf(int pid, string cluster)
    {
        if (!OperatingSystem.IsLinux())
            return true;
        string[] arguments;
        try
        {
            arguments = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        return arguments.Length > 2 && Path.GetFileName(arguments[0]) == "postgres"
            && arguments.Zip(arguments.Skip(1)).Any(pair => pair is ("-D", var folder) && folder.TrimEnd('/') == cluster);
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

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint mkdtemp([In, Out] byte[] template);
}
