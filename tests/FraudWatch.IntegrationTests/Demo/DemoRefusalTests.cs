using Dapper;
using FraudWatch.Demo;
using FraudWatch.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace FraudWatch.IntegrationTests.Demo;

/// <summary>--demo hands roles to fixed Telegram ids, so it must never run against a live bot.</summary>
public sealed class DemoRefusalTests
{
    [Fact]
    public async Task Demo_with_a_bot_token_stops_with_one_line_and_seeds_nothing()
    {
        var database = TestDatabase.Create("demo");
        await using var host = HostProcess.Start(new Dictionary<string, string?>
        {
            ["ConnectionStrings__FraudWatch"] = database,
            ["Telegram__BotToken"] = "123456789:TEST-fraudwatch-token",
            ["Telegram__ApiBaseUrl"] = "http://127.0.0.1:9",
        }, arguments: "--demo");

        Assert.Equal(2, await host.WaitForExitAsync(90));
        var complaint = host.Output.Split('\n').Where(l => l.Contains("cannot start", StringComparison.Ordinal)).ToList();
        Assert.Single(complaint);
        Assert.Contains("--demo", complaint[0], StringComparison.Ordinal);
        Assert.Contains("Telegram__BotToken", complaint[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", host.Output, StringComparison.Ordinal);

        await using var db = NpgsqlDataSource.Create(database);
        await using var connection = await db.OpenConnectionAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM user_roles"));
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM groups"));
    }

    [Fact]
    public async Task A_live_bot_refuses_a_database_the_demo_filled()
    {
        // `--demo` in dry-run first: the demo county with its officers at fixed Telegram ids.
        string database;
        await using (var demo = await TestHost.StartAsync())
        {
            Assert.Null((await ActivatorUtilities.CreateInstance<DemoSeeder>(demo.Services).SeedAsync()).Refusal);
            database = demo.ConnectionString;
        }

        // Then the same database with a bot token and no --demo: those ids would be real strangers with officer rights.
        await using var host = HostProcess.Start(new Dictionary<string, string?>
        {
            ["ConnectionStrings__FraudWatch"] = database,
            ["Telegram__BotToken"] = "123456789:TEST-fraudwatch-token",
            ["Telegram__ApiBaseUrl"] = "http://127.0.0.1:9",
        });

        Assert.Equal(2, await host.WaitForExitAsync(90));
        var complaint = Assert.Single(host.Output.Split('\n'), l => l.Contains("cannot start", StringComparison.Ordinal));
        Assert.Contains("--demo", complaint, StringComparison.Ordinal);
        Assert.Contains("fresh", complaint, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", host.Output, StringComparison.Ordinal);
    }
}
