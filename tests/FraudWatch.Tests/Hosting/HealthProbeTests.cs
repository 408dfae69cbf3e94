namespace FraudWatch.Tests.Hosting;

/// <summary>The --health probe asks the address the host listens on; Kestrel's wildcards are asked on loopback.</summary>
public sealed class HealthProbeTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5080", "http://127.0.0.1:5080/health/ready")]
    [InlineData("http://0.0.0.0:8080", "http://127.0.0.1:8080/health/ready")]
    [InlineData("http://*:5080;https://*:5443", "http://127.0.0.1:5080/health/ready")]
    [InlineData("http://+:80", "http://127.0.0.1/health/ready")]
    [InlineData("http://[::]:5080/", "http://[::1]:5080/health/ready")]
    public void ReadyUrl_asks_the_first_configured_address(string urls, string expected) =>
        Assert.Equal(expected, HealthProbe.ReadyUrl(["--health", "--urls", urls]).ToString());
}
