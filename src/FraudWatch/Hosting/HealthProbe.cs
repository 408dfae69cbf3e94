namespace FraudWatch;

/// <summary>
/// <c>dotnet FraudWatch.dll --health</c>: asks the running instance's /health/ready and exits 0 (ready) or 1, for a
/// container HEALTHCHECK without curl in the image. The address is the first of the configured Urls, read the way the
/// host reads them (appsettings.json, environment, command line); a wildcard host is asked on loopback.
/// </summary>
public static class HealthProbe
{
    public const string Flag = "--health";

    public static bool IsAsked(string[] args) => args.Contains(Flag, StringComparer.Ordinal);

    public static async Task<int> RunAsync(string[] args)
    {
        var url = ReadyUrl(args);
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            using var response = await http.GetAsync(url);
            Console.WriteLine($"{url}: {(int)response.StatusCode} {response.ReasonPhrase}");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            Console.Error.WriteLine($"{url}: no answer ({e.Message}); is FraudWatch running and listening there (setting Urls)?");
            return 1;
        }
    }

    public static Uri ReadyUrl(string[] args)
    {
        var environment = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? "Production";
        var configuration = new ConfigurationBuilder()
            .AddSettingsFiles(Directory.GetCurrentDirectory())
            .SetBasePath(Directory.GetCurrentDirectory())
            .AddJsonFile($"appsettings.{environment}.json", optional: true)
            .AddEnvironmentVariables("ASPNETCORE_")
            .AddEnvironmentVariables()
            .AddCommandLine([.. args.Where(a => a != Flag)])
            .Build();
        var first = (configuration["urls"] ?? "http://127.0.0.1:5080").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault() ?? "http://127.0.0.1:5080";
        // Kestrel's wildcards (http://*:5080, http://+:5080, 0.0.0.0, [::]) are not addresses one can call.
        var wildcard = first.Replace("://*", "://127.0.0.1", StringComparison.Ordinal).Replace("://+", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal).Replace("://[::]", "://[::1]", StringComparison.Ordinal);
        return new Uri(new Uri(wildcard.TrimEnd('/') + "/"), "health/ready");
    }
}
