using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using FraudWatch.IntegrationTests.Infrastructure;

namespace FraudWatch.IntegrationTests.Reliability;

/// <summary>
/// The webhook secret and API keys are compared in constant time: the secret by FixedTimeEquals over SHA-256 digests,
/// keys by looking up their SHA-256 hash (so lookup timing says nothing about the key). Checked in the source, since
/// timing cannot be asserted reliably, and by behaviour: near misses are refused. Elsewhere: keys stored only as
/// hashes (Access/AccessTests.Api_keys_are_stored_only_as_hashes), dashboard admin-only
/// (Access/AccessTests.Hangfire_dashboard_is_for_admins_only, AccessMatrixTests), buttons checked against the presser
/// (Reports/OutcomeTests.Button_press_by_a_resident_is_refused_and_changes_nothing), secrets kept out of logs
/// (Hosting/StartupTests.Bot_token_and_api_keys_never_reach_the_log).
/// </summary>
public sealed partial class SecretComparisonTests
{
    // Any ordinary comparison of something named like a secret: ==, !=, Equals, SequenceEqual, StartsWith, EndsWith.
    [GeneratedRegex(@"[\w.]*(Secret|ApiKey|BotToken|[kK]ey)\b\s*(==|!=)(?!\s*null)|(==|!=)\s*[\w.!]*(Secret|ApiKey|BotToken|[kK]ey)\b|[\w.]*(Secret|ApiKey|BotToken|[kK]ey)\w*\??\.(Equals|SequenceEqual|StartsWith|EndsWith)\(|(Equals|SequenceEqual)\([^)]*(Secret|ApiKey|BotToken)")]
    private static partial Regex OrdinaryComparison();

    static string Source()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "src", "FraudWatch")))
            dir = dir.Parent;
        Assert.NotNull(dir);
        return Path.Combine(dir.FullName, "src", "FraudWatch");
    }

    [Fact]
    public void Webhook_secret_and_api_keys_are_compared_by_fixed_time_equality_or_hash_lookup()
    {
        var files = Directory.EnumerateFiles(Source(), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)).ToList();
        var ordinary = files.SelectMany(f => File.ReadLines(f).Select((line, i) => (f, i, line)))
            .Where(x => OrdinaryComparison().IsMatch(x.line))
            .Select(x => $"{Path.GetFileName(x.f)}:{x.i + 1}: {x.line.Trim()}").ToList();
        Assert.Empty(ordinary);

        var webhook = files.Single(f => File.ReadAllText(f).Contains("X-Telegram-Bot-Api-Secret-Token", StringComparison.Ordinal));
        Assert.Matches(@"CryptographicOperations\.FixedTimeEquals\(SHA256\.HashData\(given\), SHA256\.HashData\(expected\)\)", File.ReadAllText(webhook));
        var keys = File.ReadAllText(files.Single(f => f.EndsWith("ApiKeyStore.cs", StringComparison.Ordinal)));
        Assert.Contains("WHERE key_hash = @hash", keys, StringComparison.Ordinal);
        Assert.Contains("new { hash = Hash(key) }", keys, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Near_miss_keys_and_webhook_secrets_are_refused()
    {
        const string secret = "Secret_0123456789abcdef";
        await using var host = await TestHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Telegram:BotToken"] = "123456:dummy-token-for-webhook-mode",
            ["Telegram:ApiBaseUrl"] = "http://127.0.0.1:9",
            ["Telegram:UpdateMode"] = "Webhook",
            ["Telegram:WebhookUrl"] = "http://127.0.0.1:9/telegram/webhook",
            ["Telegram:WebhookSecret"] = secret,
        });
        var key = TestHost.Keys["admin"];
        string[] nearKeys = [key[..^1] + (key[^1] == 'f' ? "e" : "f"), key[..^1], key + "0", key.ToUpperInvariant(), " " + key + "\u200B", key[1..]];
        foreach (var near in nearKeys)
        {
            using var client = host.Client(near);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/groups")).StatusCode);
        }

        using (var admin = host.Client("admin"))
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/groups")).StatusCode);

        const string update = """{"update_id":1,"message":{"message_id":1,"date":1764400000,"chat":{"id":5,"type":"private"},"text":"hi"}}""";
        using var http = host.Client();
        foreach (var near in new[] { secret[..^1] + "g", secret[..^1], secret + "f", secret.ToLowerInvariant(), "", secret + " " })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/telegram/webhook") { Content = new StringContent(update, Encoding.UTF8, "application/json") };
            request.Headers.TryAddWithoutValidation("X-Telegram-Bot-Api-Secret-Token", near);
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(request)).StatusCode);
        }

        Assert.Equal(0, await host.ScalarAsync<long>("SELECT count(*) FROM telegram_updates"));
    }
}
