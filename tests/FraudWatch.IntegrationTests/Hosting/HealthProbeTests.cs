using FraudWatch.IntegrationTests.Infrastructure;

namespace FraudWatch.IntegrationTests.Hosting;

/// <summary><c>dotnet FraudWatch.dll --health</c>, the Docker image's HEALTHCHECK, against a running host and against nothing.</summary>
public sealed class HealthProbeTests
{
    [Fact]
    public async Task Health_mode_exits_0_against_a_ready_host_and_1_when_nothing_listens()
    {
        await using var host = HostProcess.Start(new Dictionary<string, string?> { ["ConnectionStrings__FraudWatch"] = TestDatabase.Create() });
        await host.WaitReadyAsync(90);

        // The probe reads Urls like the host; a wildcard address is asked on loopback.
        await using (var probe = HostProcess.Start(new Dictionary<string, string?> { ["Urls"] = $"http://0.0.0.0:{host.Port}" }, arguments: "--health"))
            Assert.True(await probe.WaitForExitAsync(30) == 0, probe.Output);

        await using (var probe = HostProcess.Start(new Dictionary<string, string?>(), port: TestPorts.Free(), arguments: "--health"))
        {
            Assert.Equal(1, await probe.WaitForExitAsync(30));
            Assert.Contains("no answer", probe.Output, StringComparison.Ordinal);
        }
    }
}
