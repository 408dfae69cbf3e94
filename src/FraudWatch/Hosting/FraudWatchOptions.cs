using System.Globalization;
using Microsoft.Extensions.Options;

namespace FraudWatch;

public sealed class FraudWatchOptions
{
    public const string Section = "FraudWatch";

    public string DataDirectory { get; set; } = ".fraudwatch";
    public string TimeZone { get; set; } = "Asia/Shanghai";
    public string Admins { get; set; } = "";
    public string ApiKeys { get; set; } = "";
    /// <summary>Where the Liquid templates live; empty means the copy shipped beside the binary.</summary>
    public string TemplatesDirectory { get; set; } = "";
    /// <summary>Proxies whose X-Forwarded-For/Proto are believed, comma-separated IPs; with KnownNetworks empty too, loopback only.</summary>
    public string KnownProxies { get; set; } = "";
    /// <summary>Networks (CIDR, comma-separated) whose X-Forwarded-For/Proto are believed.</summary>
    public string KnownNetworks { get; set; } = "";
    /// <summary>Failed API keys and console sign-ins allowed per client IP a minute before it gets 429.</summary>
    public int AuthFailuresPerMinute { get; set; } = 10;
    /// <summary>The county's language: replies where neither the group nor the user's Telegram app names zh or en, and groups with none set.</summary>
    public string DefaultLanguage { get; set; } = ReplyLanguage.Chinese;

    /// <summary><see cref="DefaultLanguage"/> in canonical form (zh-CN or en).</summary>
    public string CountyLanguage => ReplyLanguage.Parse(DefaultLanguage) ?? ReplyLanguage.Chinese;

    public IReadOnlyList<System.Net.IPAddress> KnownProxyAddresses => KnownProxies
        .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(System.Net.IPAddress.Parse)
        .ToList();

    public IReadOnlyList<System.Net.IPNetwork> KnownNetworkRanges => KnownNetworks
        .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(n => System.Net.IPNetwork.Parse(n))
        .ToList();

    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    public IReadOnlyList<long> AdminIds => Admins
        .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(id => long.Parse(id, CultureInfo.InvariantCulture))
        .ToList();

    public IReadOnlyList<(string Key, Role Role)> BootstrapKeys => ApiKeys
        .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(pair => pair.Split(':', 2))
        .Select(parts => (parts[0], Roles.Parse(parts[1])!.Value))
        .ToList();

    public string ResolvedTemplatesDirectory => string.IsNullOrWhiteSpace(TemplatesDirectory)
        ? Path.Combine(AppContext.BaseDirectory, "templates")
        : Path.GetFullPath(TemplatesDirectory);
}

public sealed class FraudWatchOptionsValidator : IValidateOptions<FraudWatchOptions>
{
    public ValidateOptionsResult Validate(string? name, FraudWatchOptions options)
    {
        var errors = new List<string>();
        try
        {
            // PostgreSQL computes the roll-up's days with the same name, and knows only IANA names; .NET also finds
            // Windows names ("China Standard Time"), which would make the roll-up refuse every report.
            if (!options.Zone.HasIanaId)
                errors.Add(TimeZoneInfo.TryConvertWindowsIdToIanaId(options.TimeZone, out var iana)
                    ? $"FraudWatch__TimeZone: '{options.TimeZone}' is a Windows name that PostgreSQL does not know; use the IANA name {iana}."
                    : $"FraudWatch__TimeZone: '{options.TimeZone}' is not an IANA time zone name (use one such as Asia/Shanghai).");
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            errors.Add($"FraudWatch__TimeZone: '{options.TimeZone}' is not a known time zone (use an IANA name such as Asia/Shanghai).");
        }

        foreach (var id in options.Admins.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!long.TryParse(id, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value <= 0)
                errors.Add($"FraudWatch__Admins: '{id}' is not a Telegram user id (comma-separated positive numbers).");
        }

        foreach (var pair in options.ApiKeys.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = pair.Split(':', 2);
            if (parts.Length != 2 || parts[0].Length < 16)
                errors.Add("FraudWatch__ApiKeys: each entry must be key:role with a key of at least 16 characters.");
            else if (Roles.Parse(parts[1]) is null)
                errors.Add($"FraudWatch__ApiKeys: '{parts[1]}' is not a role (resident, assistant, officer, analyst, admin).");
        }

        foreach (var proxy in options.KnownProxies.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!System.Net.IPAddress.TryParse(proxy, out _))
                errors.Add($"FraudWatch__KnownProxies: '{proxy}' is not an IP address (comma-separated, e.g. 10.0.0.5,::1).");
        }

        foreach (var network in options.KnownNetworks.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!System.Net.IPNetwork.TryParse(network, out _))
                errors.Add($"FraudWatch__KnownNetworks: '{network}' is not a network in CIDR form (comma-separated, e.g. 10.0.0.0/8).");
        }

        if (options.AuthFailuresPerMinute < 1)
            errors.Add("FraudWatch__AuthFailuresPerMinute: must be at least 1.");

        if (ReplyLanguage.Parse(options.DefaultLanguage) is null)
            errors.Add($"FraudWatch__DefaultLanguage: '{options.DefaultLanguage}' is not a language the bot speaks; use zh-CN or en.");

        // Otherwise the template catalog, built when the bot's commands are first needed, stops the host with a stack trace.
        if (!string.IsNullOrWhiteSpace(options.TemplatesDirectory) && !Directory.Exists(options.ResolvedTemplatesDirectory))
            errors.Add($"FraudWatch__TemplatesDirectory: '{options.ResolvedTemplatesDirectory}' is not a folder; give the folder holding zh-CN/ and en/, or leave it empty for the templates shipped with FraudWatch.");

        if (string.IsNullOrWhiteSpace(options.DataDirectory))
            errors.Add("FraudWatch__DataDirectory: must not be empty.");

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
