using System.Globalization;
using System.Net;
using Dapper;
using FraudWatch.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace FraudWatch.IntegrationTests.Console;

/// <summary>
/// The real host on Kestrel at 127.0.0.1 (a browser needs a real port), on a fresh database, in Telegram
/// dry-run, with the county clock fixed at 2026-04-25 12:00 in Asia/Shanghai. The data set is the one the
/// statistics tests work out by hand, plus one old private-chat report for the queue.
/// </summary>
public sealed class ConsoleHost : IAsyncDisposable
{
    readonly WebApplicationFactory<Program> root;
    readonly WebApplicationFactory<Program> factory;

    ConsoleHost(WebApplicationFactory<Program> root, WebApplicationFactory<Program> factory, int port, NpgsqlDataSource db)
    {
        this.root = root;
        this.factory = factory;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        Db = db;
    }

    public Uri BaseAddress { get; }
    public NpgsqlDataSource Db { get; }

    /// <summary>The private-chat report (2026-02-10) left unresolved for the queue test.</summary>
    public long QueueReportId { get; private set; }

    /// <summary>A private check the bot called a scam and its resident marked "Not a scam", not yet reviewed.</summary>
    public long DisputeId { get; private set; }

    public static async Task<ConsoleHost> StartAsync()
    {
        var connectionString = TestDatabase.Create("console");
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 4, 25, 4, 0, 0, TimeSpan.Zero));
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:FraudWatch"] = connectionString,
            ["FraudWatch:Admins"] = TestHost.AdminUserId.ToString(CultureInfo.InvariantCulture),
            ["FraudWatch:ApiKeys"] = string.Join(',', TestHost.Keys.Select(k => $"{k.Value}:{k.Key}")),
            ["FraudWatch:DataDirectory"] = Path.Combine(Path.GetTempPath(), "fraudwatch-console-" + Guid.NewGuid().ToString("N")),
            ["Telegram:BotToken"] = "",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        var root = new WebApplicationFactory<Program>();
        var factory = root.WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in settings)
                builder.UseSetting(key, value);
            builder.ConfigureServices(s => s.AddSingleton<TimeProvider>(clock));
        });
        var port = TestPorts.Free();
        factory.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        factory.StartServer();

        var host = new ConsoleHost(root, factory, port, NpgsqlDataSource.Create(connectionString));
        await host.SeedAsync();
        return host;
    }

    async Task SeedAsync()
    {
        await using var connection = await Db.OpenConnectionAsync();
        await connection.ExecuteAsync("""
            INSERT INTO groups (chat_id, title, status, township, village, members, tags, bound_at) VALUES
              (-1, '渎浦村反诈群', 'active', '灵溪镇', '渎浦村', 120, '{老人}', '2026-01-01T00:00Z'),
              (-2, '沪山村反诈群', 'active', '灵溪镇', '沪山村', 80, '{}', '2026-01-01T00:00Z'),
              (-3, '项东村反诈群', 'active', '钱库镇', '项东村', 200, '{}', '2026-01-01T00:00Z');
            INSERT INTO reports (group_id, chat_id, message_id, reporter_user_id, text, language, fraud_type, score, status, outcome, amount, created_at)
            SELECT g.id, r.chat, r.msg, 10, 't', 'zh-CN', r.type, 0.9, CASE WHEN r.outcome IS NULL THEN 'new' ELSE 'resolved' END, r.outcome, r.amount, r.at::timestamptz
            FROM (VALUES
              (-1, 1, 'impersonate_police', 'dissuaded', 5000, '2026-03-31T16:30Z'),
              (-1, 2, 'fake_investment', 'intercepted', 20000, '2026-03-31T15:30Z'),
              (-2, 3, 'task_rebate', 'loss', 3000, '2026-04-10T02:00Z'),
              (-3, 4, 'other', 'not_fraud', NULL, '2026-04-15T02:00Z'),
              (-3, 5, 'task_rebate', 'loss', 1000, '2026-03-05T02:00Z'),
              (-1, 6, 'romance', NULL, NULL, '2026-04-20T02:00Z'),
              (777, 7, 'fake_loan', 'dissuaded', 800, '2026-04-02T02:00Z')
            ) AS r(chat, msg, type, outcome, amount, at)
            LEFT JOIN groups g ON g.chat_id = r.chat;
            """);
        QueueReportId = await connection.ExecuteScalarAsync<long>("""
            INSERT INTO reports (chat_id, message_id, reporter_user_id, text, language, fraud_type, score, created_at)
            VALUES (778, 8, 424242, '自称客服说快递丢了，要我加QQ并转账 <b>理赔</b>，电话 13800138000', 'zh-CN', 'fake_customer_service', 0.8, '2026-02-10T02:00Z')
            RETURNING id
            """);
        await connection.ExecuteAsync(
            "INSERT INTO report_indicators (report_id, kind, value, raw) VALUES (@QueueReportId, 'phone', '+8613800138000', '13800138000')", new { QueueReportId });
        DisputeId = await connection.ExecuteScalarAsync<long>("""
            INSERT INTO private_checks (user_id, chat_id, message_id, text, language, verdict, guessed_type, feedback, feedback_at)
            VALUES (515151, 515151, 3, '【农商银行】您的积分即将到期，请到营业厅兑换 <i>礼品</i>', 'zh-CN', 'fraud', 'fake_customer_service', 'not_fraud', now())
            RETURNING id
            """);
    }

    public Task<T> ScalarAsync<T>(string sql, object? args = null) => Db.ScalarAsync<T>(sql, args);

    public Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? args = null) => Db.QueryListAsync<T>(sql, args);

    public async ValueTask DisposeAsync()
    {
        await factory.DisposeAsync();
        await root.DisposeAsync();
        await Db.DisposeAsync();
    }
}
