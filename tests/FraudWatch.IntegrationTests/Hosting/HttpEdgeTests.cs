using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Dapper;
using FraudWatch.IntegrationTests.Infrastructure;
using Npgsql;

namespace FraudWatch.IntegrationTests.Hosting;

/// <summary>The real process behind Kestrel, as an attacker on the network meets it: default settings, so loopback is the known proxy.</summary>
public sealed class HttpEdgeTests(HttpEdgeTests.Host host) : IClassFixture<HttpEdgeTests.Host>
{
    public const string AdminKey = "edge-admin-key-0123456789abcdef";
    const long ChatId = -100_777_000;

    public sealed class Host : IAsyncLifetime
    {
        public string Database { get; } = TestDatabase.Create("edge");
        public HostProcess Process { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Process = HostProcess.Start(new Dictionary<string, string?>
            {
                ["ConnectionStrings__FraudWatch"] = Database,
                ["FraudWatch__ApiKeys"] = $"{AdminKey}:admin",
            });
            await Process.WaitReadyAsync(90);
        }

        public async Task DisposeAsync() => await Process.DisposeAsync();
    }

    [Fact]
    public async Task Oversized_body_gets_413_and_changes_nothing()
    {
        await using var db = NpgsqlDataSource.Create(host.Database);
        await using (var connection = await db.OpenConnectionAsync())
            await connection.ExecuteAsync("INSERT INTO groups (chat_id, title) VALUES (@ChatId, 'edge') ON CONFLICT DO NOTHING", new { ChatId });
        using var http = Client(host.Process, "198.51.100.1");
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);

        // The same request, small: accepted, so only its size is refused below.
        var small = await http.PatchAsync($"/api/v1/groups/{ChatId}", Json("钱库镇", 10_000));
        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
        var audits = await CountAsync(db, "SELECT count(*) FROM audit_log");

        var large = await http.PatchAsync($"/api/v1/groups/{ChatId}", Json("灵溪镇", 2 * 1024 * 1024));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);
        await using var check = await db.OpenConnectionAsync();
        Assert.Equal("钱库镇", await check.ExecuteScalarAsync<string>("SELECT township FROM groups WHERE chat_id = @ChatId", new { ChatId }));
        Assert.Equal(audits, await CountAsync(db, "SELECT count(*) FROM audit_log"));
    }

    [Fact]
    public async Task Eighty_headers_get_431()
    {
        // Kestrel's own default allows 100; 64 is plenty for browsers, proxies and API clients.
        using var http = Client(host.Process, "198.51.100.6");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        for (var i = 0; i < 80; i++)
            request.Headers.Add($"X-Padding-{i}", "x");

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, (await http.SendAsync(request)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task Sign_in_through_a_known_proxy_that_forwards_https_gets_a_Secure_cookie()
    {
        var secure = await SignInAsync(host.Process, "198.51.100.2", AdminKey, forwardedHttps: true);
        var plain = await SignInAsync(host.Process, "198.51.100.2", AdminKey, forwardedHttps: false);

        Assert.Equal(HttpStatusCode.Redirect, secure.StatusCode);
        Assert.Contains("secure", Cookie(secure), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Redirect, plain.StatusCode);
        Assert.DoesNotContain("secure", Cookie(plain), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Bad_bearer_keys_past_ten_a_minute_get_429_even_with_a_good_key_from_that_address_only()
    {
        using var attacker = Client(host.Process, "198.51.100.3");
        for (var i = 0; i < 10; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await GetGroupsAsync(attacker, $"guess-{i}-0123456789abcdef")).StatusCode);

        var refused = await GetGroupsAsync(attacker, "guess-10-0123456789abcdef");
        var goodKey = await GetGroupsAsync(attacker, AdminKey);
        using var neighbour = Client(host.Process, "198.51.100.4");
        var other = await GetGroupsAsync(neighbour, AdminKey);
        var noKey = await attacker.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.InRange(refused.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 60);
        Assert.Equal(HttpStatusCode.TooManyRequests, goodKey.StatusCode);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal(HttpStatusCode.OK, noKey.StatusCode);
    }

    [Fact]
    public async Task Failed_sign_ins_past_ten_a_minute_get_429_and_no_cookie()
    {
        for (var i = 0; i < 10; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(host.Process, "198.51.100.5", $"guess-{i}-0123456789abcdef", forwardedHttps: true)).StatusCode);

        var refused = await SignInAsync(host.Process, "198.51.100.5", AdminKey, forwardedHttps: true);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal("", Cookie(refused));
    }

    [Fact]
    public async Task Bad_keys_from_one_IPv6_64_are_counted_together_and_IPv4_mapped_addresses_one_by_one()
    {
        // One subscriber holds a whole /64: each guess from another address in it still counts against it.
        for (var i = 0; i < 10; i++)
        {
            using var guesser = Client(host.Process, $"2001:db8:7:0:{i + 1:x}::{i + 1:x}");
            Assert.Equal(HttpStatusCode.Unauthorized, (await GetGroupsAsync(guesser, $"guess-{i}-0123456789abcdef")).StatusCode);
        }

        using var sameSubnet = Client(host.Process, "2001:db8:7::abcd");
        using var nextSubnet = Client(host.Process, "2001:db8:7:1::abcd");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await GetGroupsAsync(sameSubnet, AdminKey)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetGroupsAsync(nextSubnet, AdminKey)).StatusCode);

        // IPv4 behind IPv6 notation (::ffff:a.b.c.d) stays one IPv4 address: its neighbours are other people.
        for (var i = 0; i < 10; i++)
        {
            using var mapped = Client(host.Process, "::ffff:198.51.100.20");
            Assert.Equal(HttpStatusCode.Unauthorized, (await GetGroupsAsync(mapped, $"guess-{i}-0123456789abcdef")).StatusCode);
        }

        using var mappedNeighbour = Client(host.Process, "::ffff:198.51.100.21");
        Assert.Equal(HttpStatusCode.OK, (await GetGroupsAsync(mappedNeighbour, AdminKey)).StatusCode);
    }

    internal static HttpClient Client(HostProcess process, string forwardedFor)
    {
        var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = process.BaseAddress };
        http.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        return http;
    }

    internal static async Task<HttpResponseMessage> SignInAsync(HostProcess process, string forwardedFor, string key, bool forwardedHttps)
    {
        using var http = Client(process, forwardedFor);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/console/sign-in")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = key, ["returnUrl"] = "" }),
        };
        request.Headers.Add("Origin", process.BaseAddress.GetLeftPart(UriPartial.Authority));
        if (forwardedHttps)
            request.Headers.Add("X-Forwarded-Proto", "https");
        return await http.SendAsync(request);
    }

    internal static string Cookie(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? string.Join("\n", values) : "";

    static async Task<HttpResponseMessage> GetGroupsAsync(HttpClient http, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/groups");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return await http.SendAsync(request);
    }

    static StringContent Json(string township, int padding) =>
        new($$"""{"township":"{{township}}","note":"{{new string('x', padding)}}"}""", Encoding.UTF8, "application/json");

    static async Task<long> CountAsync(NpgsqlDataSource db, string sql)
    {
        await using var connection = await db.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>(sql);
    }
}

/// <summary>A proxy FraudWatch was not told about: its forwarded headers are ignored.</summary>
public sealed class UnknownProxyTests
{
    [Fact]
    public async Task Sign_in_through_an_unknown_proxy_gets_no_Secure_cookie_and_its_forwarded_for_does_not_dodge_the_limit()
    {
        await using var process = HostProcess.Start(new Dictionary<string, string?>
        {
            ["ConnectionStrings__FraudWatch"] = TestDatabase.Create("proxy"),
            ["FraudWatch__ApiKeys"] = $"{HttpEdgeTests.AdminKey}:admin",
            ["FraudWatch__KnownProxies"] = "192.0.2.1",
            ["FraudWatch__KnownNetworks"] = "192.0.2.128/25",
        });
        await process.WaitReadyAsync(90);

        var signIn = await HttpEdgeTests.SignInAsync(process, "203.0.113.50", HttpEdgeTests.AdminKey, forwardedHttps: true);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.DoesNotContain("secure", HttpEdgeTests.Cookie(signIn), StringComparison.OrdinalIgnoreCase);

        // Each guess claims another address; all of them are the one real peer, 127.0.0.1.
        for (var i = 0; i < 10; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await HttpEdgeTests.SignInAsync(process, $"203.0.113.{i}", $"guess-{i}-0123456789abcdef", forwardedHttps: false)).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await HttpEdgeTests.SignInAsync(process, "203.0.113.99", HttpEdgeTests.AdminKey, forwardedHttps: false)).StatusCode);
    }
}
