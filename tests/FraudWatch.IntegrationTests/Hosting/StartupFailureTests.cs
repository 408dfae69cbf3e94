using System.Net;
using System.Net.Sockets;
using FraudWatch.IntegrationTests.Infrastructure;

namespace FraudWatch.IntegrationTests.Hosting;

/// <summary>
/// Start-ups that cannot succeed, as a real process with nothing else configured: each ends with one line naming the
/// setting to fix, a non-zero exit, and no embedded PostgreSQL left running (or none started at all).
/// </summary>
public sealed class StartupFailureTests
{
    const string Unreachable = "Host=127.0.0.1;Port=1;Username=x;Timeout=1";

    [Fact]
    public async Task Port_in_use_stops_start_up_with_one_line_naming_Urls_and_stops_the_embedded_cluster()
    {
        var workingDirectory = HostProcess.NewWorkingDirectory();
        using var taken = new TcpListener(IPAddress.Loopback, TestPorts.Free());
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        try
        {
            await using var host = HostProcess.Start(new Dictionary<string, string?>(), workingDirectory, port);

            Assert.Equal(2, await host.WaitForExitAsync(120));
            var complaint = Assert.Single(host.Output.Split('\n'), l => l.Contains("cannot start", StringComparison.Ordinal));
            Assert.Contains("Urls", complaint, StringComparison.Ordinal);
            Assert.Contains($"127.0.0.1:{port}", complaint, StringComparison.Ordinal);
            Assert.Contains("address already in use", complaint, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", host.Output, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(workingDirectory, ".fraudwatch", "postgres", "PG_VERSION")), "the cluster was started before the address was taken");
            AssertNoClusterRuns(workingDirectory);
        }
        finally
        {
            taken.Stop();
            RemoveFolder(workingDirectory);
        }
    }

    [Fact]
    public async Task Metrics_port_in_use_stops_start_up_with_one_line_naming_Metrics__Port_and_stops_the_embedded_cluster()
    {
        var workingDirectory = HostProcess.NewWorkingDirectory();
        using var taken = new TcpListener(IPAddress.Loopback, TestPorts.Free());
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        try
        {
            await using var host = HostProcess.Start(new Dictionary<string, string?> { ["Metrics__Port"] = $"{port}" }, workingDirectory);

            Assert.Equal(2, await host.WaitForExitAsync(120));
            var complaint = Assert.Single(host.Output.Split('\n'), l => l.Contains("cannot start", StringComparison.Ordinal));
            Assert.Contains("Metrics__Port", complaint, StringComparison.Ordinal);
            Assert.Contains("already in use", complaint, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", host.Output, StringComparison.Ordinal);
            AssertNoClusterRuns(workingDirectory);
        }
        finally
        {
            taken.Stop();
            RemoveFolder(workingDirectory);
        }
    }

    [Theory]
    [InlineData("notaurl")]
    [InlineData("ftp://127.0.0.1:5080")]
    [InlineData("http://127.0.0.1:99999")]
    public async Task Bad_Urls_stops_start_up_with_one_line_naming_it_before_the_database_is_touched(string urls)
    {
        var workingDirectory = HostProcess.NewWorkingDirectory();
        try
        {
            await using var host = HostProcess.Start(new Dictionary<string, string?> { ["Urls"] = urls }, workingDirectory);

            Assert.Equal(2, await host.WaitForExitAsync(120));
            var complaint = Assert.Single(host.Output.Split('\n'), l => l.Contains("cannot start", StringComparison.Ordinal));
            Assert.Contains("Urls", complaint, StringComparison.Ordinal);
            Assert.Contains(urls, complaint, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", host.Output, StringComparison.Ordinal);
            AssertNoClusterRuns(workingDirectory);
            Assert.False(Directory.Exists(Path.Combine(workingDirectory, ".fraudwatch", "postgres")), "no cluster is made for a start-up that cannot succeed");
        }
        finally
        {
            RemoveFolder(workingDirectory);
        }
    }

    /// <summary>With an unreachable database the settings' error must still be the one shown, at once.</summary>
    [Theory]
    [InlineData("Broadcast__MessagesPerSecond", "0", "Broadcast__MessagesPerSecond")]
    [InlineData("Reports__PerHour", "0", "Reports__PerHour")]
    [InlineData("Ocr__TimeoutSeconds", "0", "Ocr__TimeoutSeconds")]
    [InlineData("Waves__Similarity", "2", "Waves__Similarity")]
    [InlineData("Metrics__Port", "70000", "Metrics__Port")]
    public async Task Bad_setting_is_named_before_the_database_is_tried(string key, string value, string named)
    {
        var workingDirectory = HostProcess.NewWorkingDirectory();
        try
        {
            await using var host = HostProcess.Start(new Dictionary<string, string?>
            {
                ["ConnectionStrings__FraudWatch"] = Unreachable,
                [key] = value,
            }, workingDirectory);

            Assert.Equal(2, await host.WaitForExitAsync(90));
            var complaint = host.Output.Split('\n').Where(l => l.Contains("cannot start", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(complaint);
            Assert.All(complaint, line => Assert.Contains(named, line, StringComparison.Ordinal));
            Assert.DoesNotContain("ConnectionStrings__FraudWatch", host.Output, StringComparison.Ordinal);
        }
        finally
        {
            RemoveFolder(workingDirectory);
        }
    }

    [Fact]
    public async Task Bad_setting_with_nothing_configured_makes_no_embedded_cluster()
    {
        var workingDirectory = HostProcess.NewWorkingDirectory();
        try
        {
            await using var host = HostProcess.Start(new Dictionary<string, string?> { ["Broadcast__MessagesPerSecond"] = "0" }, workingDirectory);

            Assert.Equal(2, await host.WaitForExitAsync(120));
            Assert.Contains("Broadcast__MessagesPerSecond", host.Output, StringComparison.Ordinal);
            Assert.False(Directory.Exists(Path.Combine(workingDirectory, ".fraudwatch", "postgres")), "the cluster was initialised before the settings were checked");
        }
        finally
        {
            RemoveFolder(workingDirectory);
        }
    }

    /// <summary>No postmaster of a cluster under <paramref name="folder"/> runs (what <c>pgrep -a postgres</c> would show).</summary>
    internal static void AssertNoClusterRuns(string folder)
    {
        var running = Directory.GetDirectories("/proc")
            .Select(d => Path.GetFileName(d))
            .Where(name => name.All(char.IsAsciiDigit))
            .Select(pid =>
            {
                try
                {
                    return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
                }
                catch (IOException)
                {
                    return "";
                }
            })
            .Where(command => command.Contains("postgres", StringComparison.Ordinal) && command.Contains(folder, StringComparison.Ordinal))
            .ToList();
        Assert.True(running.Count == 0, $"still running: {string.Join("; ", running)}");
        Assert.False(File.Exists(Path.Combine(folder, ".fraudwatch", "postgres", "postmaster.pid")), "postmaster.pid is left behind");
    }

    internal static void RemoveFolder(string folder)
    {
        try
        {
            FraudWatch.Storage.EmbeddedPostgres.StopCluster(Path.Combine(folder, ".fraudwatch"));
        }
        catch (StartupException)
        {
        }

        Directory.Delete(folder, recursive: true);
    }
}
