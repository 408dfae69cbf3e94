using System.Net;
using System.Net.Http.Headers;
using FraudWatch.Access;
using FraudWatch.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace FraudWatch.IntegrationTests.Access;

/// <summary>The console cookie: a server-side session that never holds the key, ends at sign-out and with its key, and only opens the console.</summary>
public sealed class SessionTests : IAsyncLifetime
{
    TestHost host = null!;

    public async Task InitializeAsync() => host = await TestHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    /// <summary>A client that neither follows redirects nor keeps cookies, so each test says exactly what it sends.</summary>
    internal static HttpClient Raw(TestHost host) => ((TestServer)host.Services.GetRequiredService<IServer>()).CreateClient();

    /// <summary>Signs in through the console's form; returns the cookie's value.</summary>
    internal static async Task<string> SignInAsync(TestHost host, string key)
    {
        using var http = Raw(host);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/console/sign-in")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = key, ["returnUrl"] = "" }),
        };
        request.Headers.Add("Origin", "http://localhost");
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(ApiKeyAuthenticationHandler.Cookie + "=", StringComparison.Ordinal));
        return cookie[(ApiKeyAuthenticationHandler.Cookie.Length + 1)..cookie.IndexOf(';', StringComparison.Ordinal)];
    }

    async Task<HttpStatusCode> GetAsync(string path, string cookie, string method = "GET", string origin = "http://localhost", string? authorization = null)
    {
        using var http = Raw(host);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Add("Cookie", $"{ApiKeyAuthenticationHandler.Cookie}={cookie}");
        request.Headers.Add("Origin", origin);
        if (authorization is not null)
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        using var response = await http.SendAsync(request);
        return method == "GET" && response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString.StartsWith("/console/sign-in", StringComparison.Ordinal) == true
            ? HttpStatusCode.Unauthorized
            : response.StatusCode;
    }

    [Fact]
    public async Task Cookie_holds_a_hashed_session_id_never_the_key()
    {
        var key = TestHost.Keys["officer"];
        var session = await SignInAsync(host, key);

        Assert.DoesNotContain(key, session, StringComparison.Ordinal);
        Assert.True(session.Length >= 32, session);
        Assert.Equal(1, await host.ScalarAsync<long>("SELECT count(*) FROM console_sessions WHERE token_hash = @hash AND expires_at > now()", new { hash = ApiKeyStore.Hash(session) }));
        Assert.Equal(HttpStatusCode.OK, await GetAsync("/console/campaigns/new", session));
        // A cookie in the old form, the raw key, opens nothing.
        Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync("/console/campaigns/new", key));
    }

    [Fact]
    public async Task Cookie_opens_the_console_and_hangfire_but_never_the_api()
    {
        var session = await SignInAsync(host, TestHost.Keys["admin"]);

        Assert.Equal(HttpStatusCode.OK, await GetAsync("/console/dashboard", session));
        Assert.Equal(HttpStatusCode.OK, await GetAsync("/hangfire", session));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync("/api/v1/keys", session));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync("/api/v1/campaigns", session));
    }

    [Fact]
    public async Task A_bearer_key_opens_the_api_and_hangfire_but_never_the_console()
    {
        using var http = Raw(host);
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", TestHost.Keys["admin"]);

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/v1/keys")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/hangfire")).StatusCode);
        using var console = await http.GetAsync("/console/dashboard");
        Assert.Equal(HttpStatusCode.Redirect, console.StatusCode);
        Assert.StartsWith("/console/sign-in", console.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dashboard_action_signed_in_by_the_cookie_from_another_site_is_refused()
    {
        var session = await SignInAsync(host, TestHost.Keys["admin"]);

        Assert.Equal(HttpStatusCode.Forbidden, await GetAsync("/hangfire/recurring/trigger", session, "POST", origin: "https://evil.example"));
        Assert.NotEqual(HttpStatusCode.Forbidden, await GetAsync("/hangfire/recurring/trigger", session, "POST"));
        // Only a bearer key spares the check: any other Authorization header leaves the cookie signing the request in.
        Assert.Equal(HttpStatusCode.Forbidden, await GetAsync("/hangfire/recurring/trigger", session, "POST", origin: "https://evil.example", authorization: "Basic YWRtaW46eA=="));
    }

    [Fact]
    public async Task Sign_out_ends_the_session()
    {
        var session = await SignInAsync(host, TestHost.Keys["analyst"]);

        Assert.Equal(HttpStatusCode.Redirect, await GetAsync("/console/sign-out", session, "POST"));

        Assert.Equal(0, await host.ScalarAsync<long>("SELECT count(*) FROM console_sessions"));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync("/console/dashboard", session));
    }

    [Fact]
    public async Task Revoking_the_key_ends_its_sessions_and_an_expired_session_opens_nothing()
    {
        var http = KeysTests.With(host.Client(), TestHost.Keys["admin"]);
        var (id, key) = await KeysTests.CreateAsync(http, "assistant", "volunteer tablet");
        var session = await SignInAsync(host, key);
        var other = await SignInAsync(host, TestHost.Keys["analyst"]);
        Assert.Equal(HttpStatusCode.OK, await GetAsync("/console/reports", session));

        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync($"/api/v1/keys/{id}")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync("/console/reports", session));
        Assert.Equal(0, await host.ScalarAsync<long>("SELECT count(*) FROM console_sessions WHERE api_key_id = @id", new { id }));

        Assert.Equal(HttpStatusCode.OK, await GetAsync("/console/dashboard", other));
        await host.ScalarAsync<long>("UPDATE console_sessions SET expires_at = now() - interval '1 second' RETURNING id");
        Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync("/console/dashboard", other));
    }

    [Fact]
    public async Task An_ended_session_sends_the_browser_to_sign_in_drops_its_cookie_and_never_counts_as_a_wrong_key()
    {
        var session = await SignInAsync(host, TestHost.Keys["officer"]);
        // 12 hours idle: the session ends; the browser still holds the cookie (it lives 7 days).
        await host.ScalarAsync<long>("WITH e AS (UPDATE console_sessions SET expires_at = now() - interval '1 minute' RETURNING 1) SELECT count(*) FROM e");

        async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? key = null)
        {
            using var http = Raw(host);
            using var request = new HttpRequestMessage(method, path);
            request.Headers.Add("Cookie", $"{ApiKeyAuthenticationHandler.Cookie}={session}");
            request.Headers.Add("Origin", "http://localhost");
            if (key is not null)
                request.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = key, ["returnUrl"] = "" });
            return await http.SendAsync(request);
        }

        // What a browser that keeps the stale cookie does: open the console, land on the sign-in page, load its assets; three times over.
        foreach (var _ in Enumerable.Range(0, 3))
        {
            foreach (var path in new[] { "/console/campaigns/new", "/console/sign-in?returnUrl=%2Fconsole%2Fcampaigns%2Fnew", "/console/assets/console.css", "/console/assets/console.js" })
            {
                using var response = await SendAsync(HttpMethod.Get, path);
                Assert.NotEqual(HttpStatusCode.TooManyRequests, response.StatusCode);
            }
        }

        using var page = await SendAsync(HttpMethod.Get, "/console/campaigns/new");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/console/sign-in", page.Headers.Location?.OriginalString, StringComparison.Ordinal);
        var dropped = page.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(ApiKeyAuthenticationHandler.Cookie + "=", StringComparison.Ordinal));
        Assert.StartsWith(ApiKeyAuthenticationHandler.Cookie + "=;", dropped, StringComparison.Ordinal);
        Assert.Contains("expires=Thu, 01 Jan 1970", dropped, StringComparison.OrdinalIgnoreCase);

        using var form = await SendAsync(HttpMethod.Get, "/console/sign-in");
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        using var signIn = await SendAsync(HttpMethod.Post, "/console/sign-in", TestHost.Keys["officer"]);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        // Signing in again sets the new session only: the stale cookie's removal must not follow and undo it.
        var fresh = Assert.Single(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith(ApiKeyAuthenticationHandler.Cookie + "=", StringComparison.Ordinal));
        Assert.False(fresh.StartsWith(ApiKeyAuthenticationHandler.Cookie + "=;", StringComparison.Ordinal), fresh);
    }
}
