using System.Net.Http.Headers;
using Dapper;
using FraudWatch.IntegrationTests.FakeTelegram;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace FraudWatch.IntegrationTests.Infrastructure;

/// <summary>
/// The real FraudWatch host, in-process, on its own fresh database, talking HTTP to a fake Bot API
/// (or in dry-run when none is given). Roles: user 1001 is admin from settings; one API key per role.
/// </summary>
public sealed class TestHost : IAsyncDisposable
{
    public const long AdminUserId = 1001;
    public static readonly IReadOnlyDictionary<string, string> Keys = new Dictionary<string, string>
    {
        ["admin"] = "admin-key-0123456789abcdef",
        ["officer"] = "officer-key-0123456789abcdef",
        ["assistant"] = "assistant-key-0123456789abcdef",
        ["analyst"] = "analyst-key-0123456789abcdef",
        ["resident"] = "resident-key-0123456789abcdef",
    };

    readonly WebApplicationFactory<Program> factory;

    TestHost(WebApplicationFactory<Program> factory, string connectionString)
    {
        this.factory = factory;
        ConnectionString = connectionString;
        Db = NpgsqlDataSource.Create(connectionString);
    }

    public string ConnectionString { get; }
    public NpgsqlDataSource Db { get; }
    public IServiceProvider Services => factory.Services;

    public static Task<TestHost> StartAsync(FakeBotApi? telegram = null, IDictionary<string, string?>? settings = null, string? connectionString = null, Action<IServiceCollection>? services = null)
    {
        connectionString ??= TestDatabase.Create();
        var all = new Dictionary<string, string?>
        {
            ["ConnectionStrings:FraudWatch"] = connectionString,
            ["FraudWatch:Admins"] = AdminUserId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["FraudWatch:ApiKeys"] = string.Join(',', Keys.Select(k => $"{k.Value}:{k.Key}")),
            ["FraudWatch:DataDirectory"] = Path.Combine(Path.GetTempPath(), "fraudwatch-host-" + Guid.NewGuid().ToString("N")),
            ["Telegram:BotToken"] = telegram?.Token ?? "",
            ["Telegram:ApiBaseUrl"] = telegram?.BaseUrl ?? "http://127.0.0.1:9",
            ["Telegram:PollTimeoutSeconds"] = "1",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            all[key] = value;

        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in all)
                builder.UseSetting(key, value);
            if (services is not null)
                builder.ConfigureServices(services);
        });
        _ = factory.Server; // starts the host
        return Task.FromResult(new TestHost(factory, connectionString));
    }

    /// <param name="followRedirects">false to see a redirect itself (the followed request would lose the key's header).</param>
    public HttpClient Client(string? role = null, bool followRedirects = true)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = followRedirects });
        if (role is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Keys.TryGetValue(role, out var key) ? key : role);
        return client;
    }

    /// <summary>
    /// A browser-like client for /console, which takes only the session cookie: a session of the role's key, started
    /// directly (residents' keys cannot sign in through the form, but the console must still refuse such a session).
    /// </summary>
    public async Task<HttpClient> ConsoleClientAsync(string role, bool followRedirects = true)
    {
        var key = await Get<FraudWatch.Access.ApiKeyStore>().FindKeyAsync(Keys[role]) ?? throw new InvalidOperationException($"no {role} key");
        var session = await Get<FraudWatch.Access.ConsoleSessions>().StartAsync(key);
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = followRedirects, HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", $"{FraudWatch.Access.ApiKeyAuthenticationHandler.Cookie}={session}");
        return client;
    }

    public T Get<T>() where T : notnull => factory.Services.GetRequiredService<T>();

    /// <summary>Polls the database until the query returns a non-default value.</summary>
    public async Task<T> WaitForAsync<T>(string sql, object? args = null, Func<T, bool>? until = null, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        T? last = default;
        while (DateTime.UtcNow < deadline)
        {
            await using var connection = await Db.OpenConnectionAsync();
            last = await connection.QuerySingleOrDefaultAsync<T>(sql, args);
            if (until is null ? !EqualityComparer<T>.Default.Equals(last, default) : until(last!))
                return last!;
            await Task.Delay(100);
        }

        throw new TimeoutException($"Waited {seconds}s for: {sql} (last value: {last})");
    }

    /// <summary>Waits until the update has been stored and handled (or kept as failed); returns its status.</summary>
    public Task<string> HandledAsync(long updateId, int seconds = 20) =>
        WaitForAsync<string>("SELECT status FROM telegram_updates WHERE update_id = @updateId AND status <> 'received'", new { updateId }, seconds: seconds);

    public Task<T> ScalarAsync<T>(string sql, object? args = null) => Db.ScalarAsync<T>(sql, args);

    public Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? args = null) => Db.QueryListAsync<T>(sql, args);

    public async ValueTask DisposeAsync()
    {
        await factory.DisposeAsync();
        await Db.DisposeAsync();
    }
}
