using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using FraudWatch.IntegrationTests.Infrastructure;

namespace FraudWatch.IntegrationTests.Access;

/// <summary>The admin key routes: a key shown once, a list without secrets, a revoke that holds on every instance.</summary>
public sealed class KeysTests : IAsyncLifetime
{
    TestHost host = null!;

    public async Task InitializeAsync() => host = await TestHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    internal static async Task<(long Id, string Key)> CreateAsync(HttpClient admin, string role, string label)
    {
        using var response = await admin.PostAsJsonAsync("/api/v1/keys", new { role, label });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetInt64();
        Assert.Equal($"/api/v1/keys/{id}", response.Headers.Location?.OriginalString);
        return (id, created.GetProperty("key").GetString()!);
    }

    internal static HttpClient With(HttpClient client, string key)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    [Fact]
    public async Task Created_key_is_shown_once_works_for_its_role_and_is_listed_without_secrets()
    {
        var (id, key) = await CreateAsync(host.Client("admin"), "officer", "duty desk 1");

        Assert.True(key.Length >= 32, key);
        Assert.Equal(HttpStatusCode.OK, (await With(host.Client(), key).GetAsync("/api/v1/campaigns")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await With(host.Client(), key).GetAsync("/api/v1/keys")).StatusCode);

        var listText = await host.Client("admin").GetStringAsync("/api/v1/keys");
        var listed = JsonDocument.Parse(listText).RootElement.EnumerateArray().Single(k => k.GetProperty("id").GetInt64() == id);
        Assert.Equal(("duty desk 1", "officer"), (listed.GetProperty("label").GetString(), listed.GetProperty("role").GetString()));
        Assert.NotEqual(JsonValueKind.Null, listed.GetProperty("created").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, listed.GetProperty("lastUsed").ValueKind);
        Assert.Equal(JsonValueKind.Null, listed.GetProperty("revoked").ValueKind);
        foreach (var secret in TestHost.Keys.Values.Append(key))
            Assert.DoesNotContain(secret, listText, StringComparison.Ordinal);
        Assert.DoesNotContain("hash", listText, StringComparison.OrdinalIgnoreCase);

        using var csv = await host.Client("admin").GetAsync("/api/v1/keys?format=csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("id,label,role,", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith($"{id},duty desk 1,officer,", StringComparison.Ordinal));
        Assert.Equal(1, await host.ScalarAsync<long>("SELECT count(*) FROM api_keys WHERE key_hash = @hash", new { hash = FraudWatch.Access.ApiKeyStore.Hash(key) }));
    }

    [Fact]
    public async Task Only_admins_manage_keys()
    {
        foreach (var role in new[] { "officer", "analyst", "assistant", "resident" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await host.Client(role).PostAsJsonAsync("/api/v1/keys", new { role = "admin", label = "mine" })).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await host.Client(role).DeleteAsync("/api/v1/keys/1")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Client().GetAsync("/api/v1/keys")).StatusCode);
        Assert.Equal(TestHost.Keys.Count, await host.ScalarAsync<long>("SELECT count(*) FROM api_keys WHERE revoked_at IS NULL"));
    }

    [Fact]
    public async Task Bad_role_or_label_is_a_validation_problem_and_stores_nothing()
    {
        using var response = await host.Client("admin").PostAsJsonAsync("/api/v1/keys", new { role = "sheriff", label = "  " });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("role", out _));
        Assert.True(errors.TryGetProperty("label", out _));
        Assert.Equal(TestHost.Keys.Count, await host.ScalarAsync<long>("SELECT count(*) FROM api_keys"));
    }

    [Fact]
    public async Task Revoked_key_fails_at_once_on_every_instance()
    {
        await using var other = await TestHost.StartAsync(connectionString: host.ConnectionString);
        var (id, key) = await CreateAsync(host.Client("admin"), "analyst", "laptop");
        Assert.Equal(HttpStatusCode.OK, (await With(other.Client(), key).GetAsync("/api/v1/stats/summary")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await host.Client("admin").DeleteAsync($"/api/v1/keys/{id}")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await With(other.Client(), key).GetAsync("/api/v1/stats/summary")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await With(host.Client(), key).GetAsync("/api/v1/stats/summary")).StatusCode);
        var listed = (await other.Client("admin").GetFromJsonAsync<JsonElement>("/api/v1/keys")).EnumerateArray().Single(k => k.GetProperty("id").GetInt64() == id);
        Assert.NotEqual(JsonValueKind.Null, listed.GetProperty("revoked").ValueKind);

        using var unknown = await host.Client("admin").DeleteAsync("/api/v1/keys/999999");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Audit_entries_tell_two_keys_of_one_role_apart_by_label()
    {
        var (_, alice) = await CreateAsync(host.Client("admin"), "admin", "alice");
        var (_, bob) = await CreateAsync(host.Client("admin"), "admin", "bob");
        var (made, _) = await CreateAsync(With(host.Client(), alice), "analyst", "made by alice");
        Assert.Equal(HttpStatusCode.NoContent, (await With(host.Client(), bob).DeleteAsync($"/api/v1/keys/{made}")).StatusCode);

        var actors = await host.QueryAsync<(string Action, string Actor)>(
            "SELECT action, actor FROM audit_log WHERE subject = @subject ORDER BY id", new { subject = $"key:{made}" });
        Assert.Equal(2, actors.Count);
        Assert.Matches(@"^key:\d+:alice$", actors[0].Actor);
        Assert.Matches(@"^key:\d+:bob$", actors[1].Actor);
        Assert.Equal(("key.create", "key.revoke"), (actors[0].Action, actors[1].Action));
    }
}
