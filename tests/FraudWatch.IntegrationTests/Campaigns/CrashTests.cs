using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using FraudWatch.Groups;
using FraudWatch.IntegrationTests.FakeTelegram;
using FraudWatch.IntegrationTests.Infrastructure;
using Npgsql;

namespace FraudWatch.IntegrationTests.Campaigns;

/// <summary>The real host as a child process, killed with SIGKILL mid-broadcast and started again.</summary>
public sealed class CrashTests : IAsyncLifetime
{
    const int Groups = 300;
    const int InFlight = 8; // Broadcast__MaxInFlight below: the most sends Telegram can accept that the dead process never recorded
    const string OfficerKey = "officer-key-0123456789abcdef";
    FakeBotApi telegram = null!;
    NpgsqlDataSource db = null!;
    string connectionString = "";
    readonly int port = TestPorts.Free();
    Process? child;

    public async Task InitializeAsync()
    {
        telegram = await FakeBotApi.StartAsync();
        telegram.ResponseDelay = TimeSpan.FromMilliseconds(30);
        connectionString = TestDatabase.Create("crash");
        db = NpgsqlDataSource.Create(connectionString);
    }

    public async Task DisposeAsync()
    {
        Kill();
        await db.DisposeAsync();
        await telegram.DisposeAsync();
    }

    [Fact]
    public async Task Killed_mid_broadcast_resumes_after_restart_and_no_group_is_missed()
    {
        await StartChildAsync();
        var groups = new GroupStore(db);
        var chats = Enumerable.Range(0, Groups).Select(i => -10_000L - i).ToArray();
        foreach (var (chat, i) in chats.Select((c, i) => (c, i)))
        {
            await groups.JoinedAsync(chat, $"group {i}", "group", 1);
            await groups.BindVillageAsync(chat, "灵溪镇", $"村{i}", [], 1);
        }

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", OfficerKey);
        var response = await http.PostAsJsonAsync("/api/v1/campaigns", new { template = "fake_investment", target = "township:灵溪镇", schedule = "now" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        await telegram.WaitForAsync(t => t.SendCount >= 60 ? (int?)t.SendCount : null, TimeSpan.FromSeconds(30));
        Kill();
        var atKill = telegram.SendCount;
        Assert.True(atKill < Groups, "the broadcast finished before the kill; slow the fake down");

        await StartChildAsync();
        await WaitAsync(async () => await Scalar<string>("SELECT status FROM campaign_runs WHERE campaign_id = @id", new { id }) == "done", seconds: 60);

        var received = chats.Select(c => telegram.SentTo(c).Count).ToArray();
        Assert.All(received, n => Assert.True(n >= 1, "a group was skipped"));
        var duplicates = received.Sum(n => n - 1);
        Assert.InRange(duplicates, 0, InFlight);
        Assert.Equal(Groups, await Scalar<long>("SELECT count(*) FROM deliveries WHERE status = 'sent'", new { }));
    }

    async Task StartChildAsync()
    {
        var start = new ProcessStartInfo("dotnet", [HostDll()])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(HostDll())!,
        };
        var env = start.Environment;
        env["ConnectionStrings__FraudWatch"] = connectionString;
        env["Telegram__BotToken"] = telegram.Token;
        env["Telegram__ApiBaseUrl"] = telegram.BaseUrl;
        env["Telegram__PollTimeoutSeconds"] = "1";
        env["Urls"] = $"http://127.0.0.1:{port}";
        env["FraudWatch__ApiKeys"] = $"{OfficerKey}:officer";
        env["FraudWatch__DataDirectory"] = Path.Combine(Path.GetTempPath(), "fraudwatch-crash-" + Guid.NewGuid().ToString("N"));
        env["Broadcast__MessagesPerSecond"] = "100";
        env["Broadcast__MaxInFlight"] = InFlight.ToString(System.Globalization.CultureInfo.InvariantCulture);
        env["Broadcast__LeaseSeconds"] = "3";
        env["Logging__LogLevel__Default"] = "Warning";
        child = Process.Start(start)!;
        child.OutputDataReceived += (_, _) => { };
        child.ErrorDataReceived += (_, _) => { };
        child.BeginOutputReadLine();
        child.BeginErrorReadLine();

        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await WaitAsync(async () =>
        {
            Assert.False(child.HasExited, $"the host exited with {(child.HasExited ? child.ExitCode : 0)}");
            try
            {
                return (await probe.GetAsync($"http://127.0.0.1:{port}/health/live")).IsSuccessStatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return false;
            }
        }, seconds: 60);
    }

    void Kill()
    {
        if (child is { HasExited: false })
        {
            child.Kill(entireProcessTree: true); // SIGKILL on Linux: no shutdown hooks run
            child.WaitForExit();
        }

        child?.Dispose();
        child = null;
    }

    async Task<T> Scalar<T>(string sql, object args)
    {
        await using var connection = await db.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<T>(sql, args) ?? default!;
    }

    static async Task WaitAsync(Func<Task<bool>> condition, int seconds)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"not within {seconds} s");
            await Task.Delay(200);
        }
    }

    /// <summary>The host as built beside this test run (src/FraudWatch/bin/&lt;configuration&gt;/net10.0).</summary>
    static string HostDll()
    {
        var baseDir = AppContext.BaseDirectory;
        var dir = new DirectoryInfo(baseDir);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "src", "FraudWatch", "FraudWatch.csproj")))
            dir = dir.Parent;
        Assert.NotNull(dir);
        var configuration = baseDir.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = Path.Combine(dir.FullName, "src", "FraudWatch", "bin", configuration, "net10.0", "FraudWatch.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing; build the solution first");
        return dll;
    }
}
