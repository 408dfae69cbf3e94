using System.Net.Http.Json;
using System.Text.Json;
using FraudWatch.IntegrationTests.Infrastructure;

namespace FraudWatch.IntegrationTests.Hosting;

/// <summary>The first command of the README, as a real process: nothing configured.</summary>
public sealed class StartupTests
{
    [Fact]
    public async Task Unconfigured_start_runs_embedded_postgres_in_dry_run_and_stops_it_on_exit()
    {
        var workingDirectory = HostProcess.NewWorkingDirectory();
        await using var host = HostProcess.Start(new Dictionary<string, string?>(), workingDirectory);
        await host.WaitReadyAsync(90);

        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        var ready = await http.GetFromJsonAsync<JsonElement>("/health/ready");
        Assert.Equal("Healthy", ready.GetProperty("status").GetString());
        var cluster = Path.Combine(workingDirectory, ".fraudwatch", "postgres");
        Assert.True(File.Exists(Path.Combine(cluster, "PG_VERSION")), "the cluster lives under .fraudwatch/ in the working directory");
        Assert.True(File.Exists(Path.Combine(cluster, "postmaster.pid")), "the cluster runs while FraudWatch runs");
        Assert.True(File.Exists(Path.Combine(workingDirectory, ".fraudwatch", "postgres-password")), "the cluster's password is kept beside it");
        Assert.Contains("DRY-RUN", host.Output);

        Assert.Equal(0, await host.StopAsync());
        Assert.False(File.Exists(Path.Combine(cluster, "postmaster.pid")), "the cluster stops when FraudWatch stops");
    }

    [Theory]
    [InlineData("FraudWatch__TimeZone", "Mars/Olympus_Mons", "FraudWatch__TimeZone")]
    [InlineData("FraudWatch__Admins", "12,abc", "FraudWatch__Admins")]
    [InlineData("FraudWatch__ApiKeys", "short:admin", "FraudWatch__ApiKeys")]
    [InlineData("Telegram__UpdateMode", "Webhook", "Telegram__Webhook")]
    [InlineData("Telegram__UpdateMode", "Sideways", "Telegram__UpdateMode")]
    [InlineData("ConnectionStrings__FraudWatch", "Host=127.0.0.1;Port=1;Username=x;Timeout=1", "ConnectionStrings__FraudWatch")]
    [InlineData("Metrics__Port", "9464'", "Metrics__Port")]
    public async Task Bad_setting_stops_start_up_with_one_line_naming_the_key(string key, string value, string named)
    {
        var workingDirectory = HostProcess.NewWorkingDirectory();
        try
        {
            await using var host = HostProcess.Start(new Dictionary<string, string?>
            {
                ["ConnectionStrings__FraudWatch"] = key.StartsWith("Connection", StringComparison.Ordinal) ? value : TestDatabase.Create(),
                [key] = value,
                ["Telegram__BotToken"] = key.StartsWith("Telegram", StringComparison.Ordinal) ? "123456789:TEST-fraudwatch-token" : null,
            }, workingDirectory);

            Assert.Equal(2, await host.WaitForExitAsync(90));
            var complaint = host.Output.Split('\n').Where(l => l.Contains("cannot start")).ToList();
            Assert.NotEmpty(complaint);
            Assert.All(complaint, line => Assert.Contains(named, line));
            Assert.DoesNotContain("   at ", host.Output);
        }
        finally
        {
            Directory.Delete(workingDirectory, recursive: true);
        }
    }
}

public sealed class SecretsInLogsTests
{
    [Fact]
    public async Task Bot_token_and_api_keys_never_reach_the_log()
    {
        await using var telegram = await FakeTelegram.FakeBotApi.StartAsync();
        const string apiKey = "very-secret-admin-key-0123456789";
        await using var host = HostProcess.Start(new Dictionary<string, string?>
        {
            ["ConnectionStrings__FraudWatch"] = TestDatabase.Create(),
            ["Telegram__BotToken"] = telegram.Token,
            ["Telegram__ApiBaseUrl"] = telegram.BaseUrl,
            ["Telegram__PollTimeoutSeconds"] = "1",
            ["FraudWatch__ApiKeys"] = $"{apiKey}:admin",
            ["Logging__LogLevel__Default"] = "Debug",
            ["Logging__LogLevel__System.Net.Http.HttpClient"] = "Trace",
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Debug",
        });
        await host.WaitReadyAsync(90);
        var update = telegram.PrivateText(5151, "/help");
        await telegram.WaitForAsync(t => t.SentTo(5151).FirstOrDefault(), TimeSpan.FromSeconds(30));
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new("Bearer", apiKey);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync("/api/v1/groups")).StatusCode);
        await host.StopAsync();

        var secretPart = telegram.Token.Split(':')[1];
        Assert.True(update > 0);
        Assert.Contains("signed in as", host.Output);
        Assert.DoesNotContain(secretPart, host.Output);
        Assert.DoesNotContain(apiKey, host.Output);
    }
}
