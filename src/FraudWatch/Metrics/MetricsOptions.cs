using Microsoft.Extensions.Options;

namespace FraudWatch.Metrics;

/// <summary>The <c>Metrics</c> section: where the Prometheus scrape is served and whether OTLP export is on.</summary>
public sealed class MetricsOptions
{
    public const string Section = "Metrics";

    /// <summary>0: GET /metrics on the app's own address, admin key required. Else a separate listener on this port, without a key.</summary>
    public int Port { get; set; }

    /// <summary>The address the separate listener binds to; <c>*</c> for every interface (inside a container).</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Empty: nothing is sent anywhere. Else an OTLP collector, e.g. http://127.0.0.1:4318 (http/protobuf).</summary>
    public string OtlpEndpoint { get; set; } = "";

    /// <summary>Seconds between OTLP pushes.</summary>
    public int OtlpIntervalSeconds { get; set; } = 60;

    /// <summary>Seconds the database gauges (pending deliveries, queued answers, waiting updates) are kept before they are read again.</summary>
    public int DatabaseGaugeSeconds { get; set; } = 5;
}

public sealed class MetricsOptionsValidator : IValidateOptions<MetricsOptions>
{
    public ValidateOptionsResult Validate(string? name, MetricsOptions options)
    {
        var errors = new List<string>();
        if (options.Port is < 0 or > 65535)
            errors.Add($"Metrics__Port: {options.Port} is out of range; use 0 (serve /metrics on the app's address, admin only) or a port 1 to 65535.");
        if (string.IsNullOrWhiteSpace(options.Host) || options.Host.Contains('/', StringComparison.Ordinal))
            errors.Add($"Metrics__Host: '{options.Host}' is not a host name, an IP address or *.");
        if (options.OtlpEndpoint.Length > 0 && (!Uri.TryCreate(options.OtlpEndpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
            errors.Add($"Metrics__OtlpEndpoint: '{options.OtlpEndpoint}' is not an http(s) URL; write it like http://127.0.0.1:4318, or leave it empty (no export).");
        if (options.OtlpIntervalSeconds is < 1 or > 3600)
            errors.Add($"Metrics__OtlpIntervalSeconds: {options.OtlpIntervalSeconds} is out of range; use 1 to 3600.");
        if (options.DatabaseGaugeSeconds is < 1 or > 300)
            errors.Add($"Metrics__DatabaseGaugeSeconds: {options.DatabaseGaugeSeconds} is out of range; use 1 to 300.");
        return errors.Count > 0 ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
    }
}
