using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using FraudWatch.IntegrationTests.Access;
using FraudWatch.IntegrationTests.Infrastructure;
using Npgsql;

namespace FraudWatch.IntegrationTests.Hosting;

/// <summary>
/// FraudWatch__AuthFailuresPerMinute (10 here) bounds the wrong keys one address gets looked up a minute: through any
/// spelling of the sign-in route, and however many arrive at once. In-process, every request comes from one address.
/// </summary>
public sealed class AuthFailureLimitTests : IAsyncLifetime
{
    TestHost host = null!;

    public async Task InitializeAsync() => host = await TestHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    async Task<HttpStatusCode> SignInAsync(string path, string key)
    {
        using var http = SessionTests.Raw(host);
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = key, ["returnUrl"] = "" }),
        };
        request.Headers.Add("Origin", "http://localhost");
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    async Task<HttpStatusCode> GetGroupsAsync(string key)
    {
        using var http = SessionTests.Raw(host);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/groups");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task Sign_ins_through_a_trailing_slash_count_and_are_refused_like_any_sign_in()
    {
        // Routing sends all of these to the one sign-in form.
        var paths = new[] { "/console/sign-in/", "/Console/Sign-In/", "/console/SIGN-IN" };
        for (var i = 0; i < 10; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, await SignInAsync(paths[i % paths.Length], $"guess-{i}-0123456789abcdef"));

        Assert.Equal(HttpStatusCode.TooManyRequests, await SignInAsync("/console/sign-in/", TestHost.Keys["officer"]));
        Assert.Equal(HttpStatusCode.TooManyRequests, await SignInAsync("/console/sign-in", TestHost.Keys["officer"]));
    }

    [Fact]
    public async Task Wrong_sign_ins_sent_all_at_once_get_at_most_the_limit_looked_up()
    {
        using var lookups = new KeyLookups(host);
        var statuses = await Task.WhenAll(Enumerable.Range(0, 150).Select(i => SignInAsync("/console/sign-in", $"burst-{i}-0123456789abcdef")));

        Assert.InRange(lookups.Count, 1, 10);
        var evaluated = statuses.Count(s => s == HttpStatusCode.Unauthorized);
        Assert.True(evaluated <= 10, $"{evaluated} of 150 simultaneous wrong sign-ins were looked up (401), not refused (429)");
        Assert.Equal(150 - evaluated, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task Wrong_api_keys_sent_all_at_once_get_at_most_the_limit_looked_up()
    {
        using var lookups = new KeyLookups(host);
        var statuses = await Task.WhenAll(Enumerable.Range(0, 150).Select(i => GetGroupsAsync($"burst-{i}-0123456789abcdef")));

        Assert.InRange(lookups.Count, 1, 10);
        var evaluated = statuses.Count(s => s == HttpStatusCode.Unauthorized);
        Assert.True(evaluated <= 10, $"{evaluated} of 150 simultaneous wrong API keys were answered 401, not refused (429)");
        Assert.Equal(150 - evaluated, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task Good_keys_and_sign_ins_leave_the_whole_limit_for_wrong_ones()
    {
        // Each request with a key takes one of the minute's tries before its key is looked up; a good key gives it back.
        foreach (var _ in Enumerable.Range(0, 5))
            Assert.Equal(HttpStatusCode.Redirect, await SignInAsync("/console/sign-in", TestHost.Keys["officer"]));
        Assert.Equal(HttpStatusCode.Forbidden, await SignInAsync("/console/sign-in", TestHost.Keys["resident"]));
        var good = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => GetGroupsAsync(TestHost.Keys["analyst"])));
        Assert.All(good, s => Assert.Equal(HttpStatusCode.OK, s));

        for (var i = 0; i < 10; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, await GetGroupsAsync($"guess-{i}-0123456789abcdef"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await GetGroupsAsync(TestHost.Keys["analyst"]));
    }

    /// <summary>Counts this host's key look-ups (the key store's query, as Npgsql traces it) while it is alive.</summary>
    sealed class KeyLookups : IDisposable
    {
        readonly ActivityListener listener;
        int count;

        public KeyLookups(TestHost host)
        {
            var database = new NpgsqlConnectionStringBuilder(host.ConnectionString).Database;
            listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == "Npgsql",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = activity =>
                {
                    if (activity.GetTagItem("db.namespace") as string == database && activity.GetTagItem("db.query.text") is string sql
                        && sql.Contains("FROM api_keys WHERE key_hash", StringComparison.Ordinal))
                        Interlocked.Increment(ref count);
                },
            };
            ActivitySource.AddActivityListener(listener);
        }

        public int Count => Volatile.Read(ref count);

        public void Dispose() => listener.Dispose();
    }
}
