using System.Diagnostics;
using System.Globalization;
using FraudWatch.IntegrationTests.Hosting;
using FraudWatch.IntegrationTests.Infrastructure;
using FraudWatch.Storage;
using Npgsql;

namespace FraudWatch.IntegrationTests.Storage;

/// <summary>
/// The embedded cluster's data directory when it cannot be used, is shared by two programs, was left by a killed one,
/// or holds a postmaster.pid from before a reboot: who starts and who stops the cluster.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class EmbeddedClusterTests
{
    [Fact]
    public void Second_start_on_one_data_directory_leaves_the_first_ones_cluster_running()
    {
        var folder = HostProcess.NewWorkingDirectory();
        try
        {
            using var first = EmbeddedPostgres.Start(folder, durable: false);
            var second = EmbeddedPostgres.Start(folder, durable: false);
            Assert.Equal(first.Port, second.Port);
            second.Stop(); // the second program exits normally

            Assert.Equal(1, Query(first, "SELECT 1"));
            first.Stop();
            Assert.False(File.Exists(Path.Combine(folder, "postgres", "postmaster.pid")), "the one that started the cluster stops it");
        }
        finally
        {
            EmbeddedPostgres.StopCluster(folder);
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Cluster_left_by_a_killed_FraudWatch_is_reused_and_stopped_by_the_next()
    {
        var workingDirectory = HostProcess.NewWorkingDirectory();
        var folder = Path.Combine(workingDirectory, ".fraudwatch");
        try
        {
            await using (var killed = HostProcess.Start(new Dictionary<string, string?>(), workingDirectory))
            {
                await killed.WaitReadyAsync(120);
                killed.Kill(); // SIGKILL: the cluster it started goes on running, with no one to stop it
            }

            var port = int.Parse(File.ReadAllLines(Path.Combine(folder, "postgres", "postmaster.pid"))[3], CultureInfo.InvariantCulture);
            using var next = EmbeddedPostgres.Start(folder, durable: false);
            Assert.Equal(port, next.Port);
            Assert.Equal(1, Query(next, "SELECT 1"));
            next.Stop();
            StartupFailureTests.AssertNoClusterRuns(workingDirectory);
        }
        finally
        {
            StartupFailureTests.RemoveFolder(workingDirectory);
        }
    }

    /// <summary>
    /// The postmaster died with the machine; its pid now belongs to another live process: this test (another user's
    /// process when run as root), or another cluster's postmaster (a postgres of the same OS user, which PostgreSQL
    /// itself would take for the owner of the lock file).
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Stale_postmaster_pid_whose_pid_was_reused_does_not_stop_start_up(bool pidOfAnotherCluster)
    {
        var folder = HostProcess.NewWorkingDirectory();
        var otherFolder = HostProcess.NewWorkingDirectory();
        EmbeddedPostgres? other = null;
        EmbeddedPostgres? again = null;
        try
        {
            _ = EmbeddedPostgres.Start(folder, durable: false);
            var pidFile = Path.Combine(folder, "postgres", "postmaster.pid");
            var lines = File.ReadAllLines(pidFile);
            KillWithItsChildren(int.Parse(lines[0], CultureInfo.InvariantCulture)); // as after a power cut or the OOM killer
            NpgsqlConnection.ClearAllPools(); // a new process has no pooled connections
            other = pidOfAnotherCluster ? EmbeddedPostgres.Start(otherFolder, durable: false) : null;
            var reused = other is null
                ? Environment.ProcessId
                : int.Parse(File.ReadAllLines(Path.Combine(otherFolder, "postgres", "postmaster.pid"))[0], CultureInfo.InvariantCulture);
            lines[0] = reused.ToString(CultureInfo.InvariantCulture);
            File.WriteAllLines(pidFile, lines);

            var error = Record.Exception(() => again = EmbeddedPostgres.Start(folder, durable: false));
            Assert.True(error is null, $"start with a stale postmaster.pid failed: {error?.GetType().FullName}: {error?.Message}");
            Assert.Equal(1, Query(again!, "SELECT 1"));
            Assert.NotEqual(reused, int.Parse(File.ReadAllLines(pidFile)[0], CultureInfo.InvariantCulture));

            again!.Stop();
            EmbeddedPostgres.StopCluster(folder); // the first start's lock is still held in this process, so the second one left it running
            Assert.False(File.Exists(pidFile), "the restarted cluster stops");
            if (other is not null)
                Assert.Equal(1, Query(other, "SELECT 1"));
        }
        finally
        {
            try
            {
                EmbeddedPostgres.StopCluster(folder);
            }
            catch (StartupException)
            {
                // only when the test already failed
            }

            other?.Stop();
            Directory.Delete(folder, recursive: true);
            Directory.Delete(otherFolder, recursive: true);
        }
    }

    [Theory]
    [InlineData("/proc/fraudwatch-data")]
    [InlineData("/dev/null/fraudwatch-data")]
    public async Task Unusable_data_directory_stops_start_up_with_one_line_naming_it(string dataDirectory)
    {
        var workingDirectory = HostProcess.NewWorkingDirectory();
        try
        {
            await using var host = HostProcess.Start(new Dictionary<string, string?> { ["FraudWatch__DataDirectory"] = dataDirectory }, workingDirectory);

            Assert.Equal(2, await host.WaitForExitAsync(90));
            var complaint = Assert.Single(host.Output.Split('\n'), l => l.Contains("cannot start", StringComparison.Ordinal));
            Assert.Contains("FraudWatch__DataDirectory", complaint, StringComparison.Ordinal);
            Assert.Contains(dataDirectory, complaint, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", host.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(workingDirectory, recursive: true);
        }
    }

    static int Query(EmbeddedPostgres cluster, string sql)
    {
        using var connection = new NpgsqlConnection(cluster.ConnectionString + ";Pooling=false");
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// SIGKILL to the postmaster, then waits for its children to notice and exit: until they have, the old shared
    /// memory is in use and no new server may start on the cluster.
    /// </summary>
    static void KillWithItsChildren(int pid)
    {
        var children = Directory.GetDirectories("/proc").Select(Path.GetFileName).OfType<string>()
            .Where(name => name.All(char.IsAsciiDigit) && Stat(name) is [_, var parent, ..] && parent == pid.ToString(CultureInfo.InvariantCulture))
            .Select(name => int.Parse(name, CultureInfo.InvariantCulture))
            .ToList();
        using (var postmaster = Process.GetProcessById(pid))
        {
            postmaster.Kill();
            postmaster.WaitForExit();
        }

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && children.Any(child => Stat(child.ToString(CultureInfo.InvariantCulture)) is [var state, ..] && state != "Z"))
            Thread.Sleep(100);
    }

    /// <summary>/proc/&lt;pid&gt;/stat from the state on (state, parent pid, ...); empty once the process is gone.</summary>
    static string[] Stat(string pid)
    {
        try
        {
            // "pid (name) state ppid ...": the name may hold spaces, so count from its closing bracket.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return [];
        }
    }
}
