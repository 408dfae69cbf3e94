using FraudWatch.Telegram;

namespace FraudWatch.Tests.Hosting;

public sealed class OptionsValidationTests
{
    [Fact]
    public void Defaults_are_valid()
    {
        Assert.True(new FraudWatchOptionsValidator().Validate(null, new FraudWatchOptions()).Succeeded);
        Assert.True(new TelegramOptionsValidator().Validate(null, new TelegramOptions()).Succeeded);
    }

    [Theory]
    [InlineData("Europe/Nowhere", "", "", "FraudWatch__TimeZone")]
    [InlineData("Asia/Shanghai", "1,-5", "", "FraudWatch__Admins")]
    [InlineData("Asia/Shanghai", "", "0123456789abcdef:chief", "FraudWatch__ApiKeys")]
    [InlineData("Asia/Shanghai", "", "tooshort:admin", "FraudWatch__ApiKeys")]
    public void Bad_fraudwatch_setting_names_its_key(string zone, string admins, string keys, string named)
    {
        var result = new FraudWatchOptionsValidator().Validate(null, new FraudWatchOptions { TimeZone = zone, Admins = admins, ApiKeys = keys });
        Assert.All(result.Failures!, f => Assert.StartsWith(named, f));
        Assert.NotEmpty(result.Failures!);
    }

    // .NET on Linux also finds Windows names, which PostgreSQL does not know: the daily roll-up's trigger then refused every
    // new report ("time zone not recognized") and a database that already held reports could not start.
    [Theory]
    [InlineData("China Standard Time", "Asia/Shanghai")]
    [InlineData("Singapore Standard Time", "Asia/Singapore")]
    public void A_windows_time_zone_name_is_refused_naming_its_iana_name(string zone, string iana)
    {
        var result = new FraudWatchOptionsValidator().Validate(null, new FraudWatchOptions { TimeZone = zone });
        var failure = Assert.Single(result.Failures ?? []);
        Assert.StartsWith("FraudWatch__TimeZone", failure);
        Assert.Contains(iana, failure);
    }

    [Theory]
    [InlineData("10.0.0.5,proxy.example", "", 10, "FraudWatch__KnownProxies")]
    [InlineData("", "10.0.0.0/33", 10, "FraudWatch__KnownNetworks")]
    [InlineData("", "", 0, "FraudWatch__AuthFailuresPerMinute")]
    public void Bad_proxy_or_limit_setting_names_its_key(string proxies, string networks, int failures, string named)
    {
        var result = new FraudWatchOptionsValidator().Validate(null, new FraudWatchOptions { KnownProxies = proxies, KnownNetworks = networks, AuthFailuresPerMinute = failures });
        Assert.StartsWith(named, Assert.Single(result.Failures!));
    }

    [Fact]
    public void A_templates_directory_that_is_not_a_folder_is_refused_naming_the_key()
    {
        var missing = Path.Combine(Path.GetTempPath(), "fraudwatch-no-such-templates-" + Guid.NewGuid().ToString("N"));
        var result = new FraudWatchOptionsValidator().Validate(null, new FraudWatchOptions { TemplatesDirectory = missing });
        Assert.StartsWith("FraudWatch__TemplatesDirectory: ", Assert.Single(result.Failures ?? []));
        Assert.True(new FraudWatchOptionsValidator().Validate(null, new FraudWatchOptions { TemplatesDirectory = Path.GetTempPath() }).Succeeded);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_retry_base_that_is_not_a_number_is_refused_naming_the_key(double seconds)
    {
        // "NaN" binds to a double and passes a range check; the first retry's delay would then throw.
        var result = new FraudWatch.Broadcasting.BroadcastOptionsValidator().Validate(null, new FraudWatch.Broadcasting.BroadcastOptions { RetryBaseSeconds = seconds });
        Assert.StartsWith("Broadcast__RetryBaseSeconds: ", Assert.Single(result.Failures ?? []));
    }

    [Fact]
    public void Proxies_and_networks_parse_comma_separated()
    {
        var options = new FraudWatchOptions { KnownProxies = "10.0.0.5, ::1", KnownNetworks = "10.0.0.0/8,fd00::/8" };
        Assert.True(new FraudWatchOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal(2, options.KnownProxyAddresses.Count);
        Assert.Equal(2, options.KnownNetworkRanges.Count);
    }

    [Fact]
    public void Webhook_mode_needs_url_and_secret()
    {
        var result = new TelegramOptionsValidator().Validate(null, new TelegramOptions { BotToken = "123456:abcdefghijklmn", UpdateMode = UpdateMode.Webhook });
        Assert.Contains(result.Failures!, f => f.StartsWith("Telegram__WebhookUrl", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Telegram__WebhookSecret", StringComparison.Ordinal));
    }

    [Fact]
    public void Malformed_token_is_refused() =>
        Assert.StartsWith("Telegram__BotToken", Assert.Single(new TelegramOptionsValidator().Validate(null, new TelegramOptions { BotToken = "hunter2" }).Failures!));
}
