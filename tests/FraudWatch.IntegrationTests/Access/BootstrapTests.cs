using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using FraudWatch.Access;
using FraudWatch.IntegrationTests.FakeTelegram;
using FraudWatch.IntegrationTests.Infrastructure;

namespace FraudWatch.IntegrationTests.Access;

/// <summary>What the settings gave is taken back when the settings stop giving it: at the next start.</summary>
public sealed class BootstrapTests
{
    static string KeysExcept(params string[] roles) =>
        string.Join(',', TestHost.Keys.Where(k => !roles.Contains(k.Key)).Select(k => $"{k.Value}:{k.Key}"));

    [Fact]
    public async Task Keys_and_admins_removed_from_the_settings_lose_access_at_the_next_start_and_grants_by_role_stay()
    {
        var database = TestDatabase.Create("boot");
        await using (var telegram = await FakeBotApi.StartAsync())
        await using (var first = await TestHost.StartAsync(telegram, connectionString: database))
        {
            await first.HandledAsync(telegram.PrivateText(TestHost.AdminUserId, "/role 5010 admin"));
            Assert.Equal(Role.Admin, await first.Get<RoleStore>().GetAsync(5010));
            Assert.Equal(HttpStatusCode.OK, (await first.Client("officer").GetAsync("/api/v1/campaigns")).StatusCode);
            await SessionTests.SignInAsync(first, TestHost.Keys["officer"]);
        }

        var without = new Dictionary<string, string?> { ["FraudWatch:ApiKeys"] = KeysExcept("officer"), ["FraudWatch:Admins"] = "1002" };
        await using (var second = await TestHost.StartAsync(settings: without, connectionString: database))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await second.Client("officer").GetAsync("/api/v1/campaigns")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await second.Client("admin").GetAsync("/api/v1/keys")).StatusCode);
            Assert.Equal(0, await second.ScalarAsync<long>(
                "SELECT count(*) FROM console_sessions s JOIN api_keys k ON k.id = s.api_key_id WHERE k.label = 'settings:officer'"));

            var roles = second.Get<RoleStore>();
            Assert.Equal(Role.Resident, await roles.GetAsync(TestHost.AdminUserId));
            Assert.Equal(Role.Admin, await roles.GetAsync(1002));
            Assert.Equal(Role.Admin, await roles.GetAsync(5010));
            Assert.Equal("settings", await second.ScalarAsync<string>(
                "SELECT actor FROM audit_log WHERE action = 'role.set' AND subject = @subject", new { subject = $"user:{TestHost.AdminUserId.ToString(CultureInfo.InvariantCulture)}" }));
        }

        // Put back in the settings, the key works again: only its removal from the settings had revoked it.
        await using var third = await TestHost.StartAsync(connectionString: database);
        Assert.Equal(HttpStatusCode.OK, (await third.Client("officer").GetAsync("/api/v1/campaigns")).StatusCode);
        Assert.Equal(Role.Admin, await third.Get<RoleStore>().GetAsync(TestHost.AdminUserId));
    }

    [Fact]
    public async Task An_id_taken_out_of_FraudWatch__Admins_loses_admin_even_if_it_was_also_given_with_role()
    {
        var database = TestDatabase.Create("boot");
        await using (var telegram = await FakeBotApi.StartAsync())
        await using (var first = await TestHost.StartAsync(telegram, settings: new Dictionary<string, string?> { ["FraudWatch:Admins"] = "1001,1003" }, connectionString: database))
        {
            // A settings admin confirms his own role; another settings admin is demoted and promoted again; 5010, not in the settings, is made admin.
            foreach (var command in new[] { "/role 1001 admin", "/role 1003 officer", "/role 1003 admin", "/role 5010 admin" })
                await first.HandledAsync(telegram.PrivateText(TestHost.AdminUserId, command));
            Assert.Equal(Role.Admin, await first.Get<RoleStore>().GetAsync(1003));
        }

        // 5010 is put in the settings too, then taken out with 1001 and 1003.
        await using (var second = await TestHost.StartAsync(settings: new Dictionary<string, string?> { ["FraudWatch:Admins"] = "1002,5010" }, connectionString: database))
        {
            var roles = second.Get<RoleStore>();
            Assert.Equal(Role.Resident, await roles.GetAsync(TestHost.AdminUserId));
            Assert.Equal(Role.Resident, await roles.GetAsync(1003));
            Assert.Equal(Role.Admin, await roles.GetAsync(5010));
        }

        await using var third = await TestHost.StartAsync(settings: new Dictionary<string, string?> { ["FraudWatch:Admins"] = "1002" }, connectionString: database);
        Assert.Equal(Role.Resident, await third.Get<RoleStore>().GetAsync(5010));
        Assert.Equal(Role.Admin, await third.Get<RoleStore>().GetAsync(1002));
    }

    [Fact]
    public async Task A_settings_key_an_admin_revoked_stays_revoked_after_a_restart()
    {
        var database = TestDatabase.Create("boot");
        await using (var first = await TestHost.StartAsync(connectionString: database))
        {
            var id = await first.ScalarAsync<long>("SELECT id FROM api_keys WHERE label = 'settings:analyst'");
            Assert.Equal(HttpStatusCode.NoContent, (await first.Client("admin").DeleteAsync($"/api/v1/keys/{id}")).StatusCode);
        }

        await using var second = await TestHost.StartAsync(connectionString: database);
        Assert.Equal(HttpStatusCode.Unauthorized, (await second.Client("analyst").GetAsync("/api/v1/stats/summary")).StatusCode);
    }

    [Fact]
    public async Task First_start_without_an_admin_key_prints_one_that_works_and_later_starts_print_none()
    {
        var database = TestDatabase.Create("first");
        var environment = new Dictionary<string, string?> { ["ConnectionStrings__FraudWatch"] = database };
        string key;
        await using (var process = HostProcess.Start(environment))
        {
            await process.WaitReadyAsync(90);
            var lines = process.Output.Split('\n').Where(l => l.Contains("admin API key (shown once)", StringComparison.Ordinal)).ToList();
            var line = Assert.Single(lines);
            var match = System.Text.RegularExpressions.Regex.Match(line, @"FraudWatch: first start, admin API key \(shown once\): (\S+)\s*$");
            Assert.True(match.Success, line);
            key = match.Groups[1].Value;
            Assert.True(key.Length >= 32, key);

            using var http = new HttpClient { BaseAddress = process.BaseAddress };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/v1/keys")).StatusCode);
        }

        await using (var again = HostProcess.Start(environment))
        {
            await again.WaitReadyAsync(90);
            Assert.DoesNotContain("admin API key (shown once)", again.Output, StringComparison.Ordinal);
        }

        await using var db = Npgsql.NpgsqlDataSource.Create(database);
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM api_keys WHERE role = 'admin' AND source = 'first_start'"));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM api_keys WHERE label LIKE @k", new { k = $"%{key}%" }));
    }
}
