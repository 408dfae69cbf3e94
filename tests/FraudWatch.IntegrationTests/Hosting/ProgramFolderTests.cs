using System.Net;
using System.Net.Sockets;
using FraudWatch.IntegrationTests.Infrastructure;

namespace FraudWatch.IntegrationTests.Hosting;

/// <summary>
/// A published FraudWatch (<c>dotnet publish -o DIR</c>, then <c>dotnet DIR/FraudWatch.dll</c>) started from another
/// working directory, as a systemd unit with its own WorkingDirectory does: it still goes by the appsettings.json
/// shipped beside it. The test binaries' folder is such a folder (FraudWatch.dll, appsettings.json, templates/).
/// </summary>
public sealed class ProgramFolderTests
{
    [Fact]
    public async Task Started_from_another_folder_with_no_Urls_it_listens_on_127_0_0_1_5080()
    {
        // The README's address is held here (or by someone else), so the outcome is the same either way: the program
        // must try that address and stop, naming it. ASP.NET Core's own default would be http://localhost:5000.
        using var holder = new TcpListener(IPAddress.Loopback, 5080);
        try
        {
            holder.Start();
        }
        catch (SocketException)
        {
            // Already taken by another program: just as good.
        }

        var workingDirectory = HostProcess.NewWorkingDirectory();
        try
        {
            await using var host = HostProcess.Start(new Dictionary<string, string?>
            {
                ["ConnectionStrings__FraudWatch"] = TestDatabase.Create(),
                ["Urls"] = null,
            }, workingDirectory);

            var exited = await WaitForExitOrListeningAsync(host, 90);

            Assert.True(exited, $"it started listening elsewhere:\n{host.Output}");
            var complaint = Assert.Single(host.Output.Split('\n'), l => l.Contains("cannot start", StringComparison.Ordinal));
            Assert.Contains("http://127.0.0.1:5080", complaint, StringComparison.Ordinal);
        }
        finally
        {
            holder.Stop();
            Directory.Delete(workingDirectory, recursive: true);
        }
    }

    static async Task<bool> WaitForExitOrListeningAsync(HostProcess host, int seconds)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (host.HasExited)
                return true;
            if (host.Output.Contains("Now listening on", StringComparison.Ordinal))
                return false;
            await Task.Delay(200);
        }

        throw new TimeoutException($"neither listening nor stopped after {seconds}s:\n{host.Output}");
    }
}
