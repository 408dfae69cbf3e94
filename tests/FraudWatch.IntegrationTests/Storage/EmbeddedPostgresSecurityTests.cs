using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using FraudWatch.IntegrationTests.Infrastructure;
using FraudWatch.Storage;
using Npgsql;

namespace FraudWatch.IntegrationTests.Storage;

/// <summary>
/// The embedded cluster as a local attacker sees it: another user or process on the machine, knowing the port and
/// the socket folder but not the password, gets nothing over TCP or the Unix socket.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class EmbeddedPostgresSecurityTests
{
    const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    [Fact]
    public void Connections_without_the_password_are_refused_over_tcp_and_the_socket()
    {
        var cluster = TestDatabase.Server;

        AssertLockedButOpenToTheApp(cluster);
        Assert.False(cluster.SocketOutsideDataDirectory);
        Assert.Equal(Path.Combine(cluster.DataDirectory, "socket"), cluster.SocketDirectory);
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(cluster.SocketDirectory));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(cluster.DataDirectory, EmbeddedPostgres.PasswordFileName)));
    }

    [Fact]
    public void A_port_taken_before_the_server_binds_it_is_given_up_for_another()
    {
        var root = HostProcess.NewWorkingDirectory();
        var taken = new TcpListener(IPAddress.Loopback, TestPorts.Free());
        taken.Start();
        try
        {
            var port = ((IPEndPoint)taken.LocalEndpoint).Port;
            using var cluster = EmbeddedPostgres.Start(root, durable: false, port: port);
            Assert.NotEqual(port, cluster.Port);
            AssertLockedButOpenToTheApp(cluster);
        }
        finally
        {
            taken.Stop();
            EmbeddedPostgres.StopCluster(root);
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Trust_cluster_of_an_older_version_in_a_deep_folder_gets_a_password_and_a_private_socket_folder()
    {
        // Deep enough that <folder>/socket/.s.PGSQL.<port> would not fit in a Unix socket path.
        var root = HostProcess.NewWorkingDirectory();
        var folder = Path.Combine(root, new string('d', 60), new string('e', 30));
        Directory.CreateDirectory(folder);
        try
        {
            InitDbAsOlderVersions(Path.Combine(folder, "postgres"));

            using (var cluster = EmbeddedPostgres.Start(folder, durable: false))
            {
                AssertLockedButOpenToTheApp(cluster);
                Assert.True(cluster.SocketOutsideDataDirectory);
                Assert.Equal(OwnerOnly, File.GetUnixFileMode(cluster.SocketDirectory));
                Assert.True(File.Exists(Path.Combine(cluster.SocketDirectory, $".s.PGSQL.{cluster.Port}")));
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(folder, EmbeddedPostgres.PasswordFileName)));
                cluster.Stop();
                Assert.False(Directory.Exists(cluster.SocketDirectory), "the private socket folder goes with the server");
            }

            // The second start reads the same password back.
            using var again = EmbeddedPostgres.Start(folder, durable: false);
            AssertLockedButOpenToTheApp(again);
        }
        finally
        {
            EmbeddedPostgres.StopCluster(folder);
            Directory.Delete(root, recursive: true);
        }
    }

    static void AssertLockedButOpenToTheApp(EmbeddedPostgres cluster)
    {
        foreach (var host in new[] { "127.0.0.1", cluster.SocketDirectory })
        {
            foreach (var user in new[] { "fraudwatch", "postgres" })
            {
                var noPassword = $"Host={host};Port={cluster.Port};Username={user};Database=postgres;Pooling=false;Timeout=5";
                var refused = Assert.ThrowsAny<NpgsqlException>(() => Open(noPassword));
                Assert.Contains("password", refused.Message, StringComparison.OrdinalIgnoreCase);
                var wrong = Assert.ThrowsAny<PostgresException>(() => Open(noPassword + ";Password=not-the-password"));
                Assert.Equal(PostgresErrorCodes.InvalidPassword, wrong.SqlState);
            }
        }

        var app = new NpgsqlConnectionStringBuilder(cluster.ConnectionStringFor("postgres")) { Pooling = false };
        using (var tcp = Open(app.ConnectionString))
        {
            Assert.Equal("127.0.0.1", Scalar(tcp, "SHOW listen_addresses"));
            Assert.Equal("0", Scalar(tcp, "SELECT count(*) FROM pg_hba_file_rules WHERE auth_method <> 'scram-sha-256' OR error IS NOT NULL"));
        }

        app.Host = cluster.SocketDirectory;
        using var socket = Open(app.ConnectionString);
        Assert.Equal("1", Scalar(socket, "SELECT 1"));
    }

    static NpgsqlConnection Open(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            connection.Open();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    static string? Scalar(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>What FraudWatch did before: initdb with trust authentication and no password.</summary>
    static void InitDbAsOlderVersions(string cluster)
    {
        var initdb = Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin", "initdb")).Where(File.Exists).OrderDescending().First();
        var root = Environment.UserName == "root";
        Directory.CreateDirectory(cluster);
        if (root)
            Run("chown", "postgres:postgres", cluster);
        string[] arguments = ["-D", cluster, "-U", "fraudwatch", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"];
        if (root)
            Run("runuser", ["-u", "postgres", "--", initdb, .. arguments]);
        else
            Run(initdb, arguments);
    }

    static void Run(string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/tmp" };
        foreach (var a in arguments)
            info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var output = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{file} failed: {output.Result}");
    }
}
