using System.Globalization;
using FraudWatch.IntegrationTests.FakeTelegram;
using FraudWatch.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Hosting;

namespace FraudWatch.IntegrationTests.Reliability;

/// <summary>
/// PostgreSQL restarts (e.g. <c>docker compose restart postgres</c>) while the bot is still signing in to Telegram, on a
/// cluster of this test's own: sign-in waits for the database like every worker, and the host keeps running.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class TelegramSignInOutageTests : IAsyncLifetime
{
    OwnCluster cluster = null!;
    FakeBotApi telegram = null!;
    TestHost host = null!;

    public async Task InitializeAsync()
    {
        cluster = new OwnCluster("signin");
        telegram = await FakeBotApi.StartAsync();
        // Telegram unreachable at first: sign-in retries getMe.
        telegram.FaultMethod("getMe", FaultKind.BadGatewayHtml);
        host = await TestHost.StartAsync(telegram, connectionString: cluster.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await telegram.DisposeAsync();
        cluster.Dispose();
    }

    [Fact]
    public async Task Database_down_when_telegram_answers_sign_in_waits_for_it_and_sets_the_menus_after()
    {
        var lifetime = host.Get<IHostApplicationLifetime>();
        await telegram.WaitForAsync(t => t.Calls.Any(c => c.Method == "getMe" && c.StatusCode == 502) ? (bool?)true : null, TimeSpan.FromSeconds(30));

        // Telegram answers just as the database goes down: sign-in reaches the command menus, which read the roles.
        cluster.Stop();
        telegram.ClearMethodFaults("getMe");
        await telegram.WaitForAsync(t => t.Calls.Any(c => c.Method == "getMe" && c.StatusCode == 200) ? (bool?)true : null, TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(3)); // the menu step meets the stopped database
        Assert.False(lifetime.ApplicationStopping.IsCancellationRequested, "the host stopped itself when the database was down during Telegram sign-in");

        cluster.Resume();
        var admin = TestHost.AdminUserId.ToString(CultureInfo.InvariantCulture);
        await telegram.WaitForAsync(t => t.Calls.Any(c => c.Method == "setMyCommands" && c.StatusCode == 200 && c.Params["scope"]?["chat_id"]?.ToString() == admin)
            ? (bool?)true : null, TimeSpan.FromSeconds(60));
        Assert.False(lifetime.ApplicationStopping.IsCancellationRequested);
    }
}
