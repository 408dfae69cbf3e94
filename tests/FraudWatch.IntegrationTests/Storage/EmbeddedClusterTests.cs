using FraudWatch.IntegrationTests.Infrastructure;

namespace FraudWatch.IntegrationTests.Storage;

/// <summary>
/// The embedded cluster's data directory when it cannot be used.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class EmbeddedClusterTests
{
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
}
