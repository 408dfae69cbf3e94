using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using FraudWatch.IntegrationTests.FakeTelegram;
using FraudWatch.IntegrationTests.Infrastructure;
using FraudWatch.Reports;
using Hangfire;
using Hangfire.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static FraudWatch.IntegrationTests.Campaigns.CampaignKit;

namespace FraudWatch.IntegrationTests.Reliability;

/// <summary>
/// Reporters' Telegram ids and names never appear in anything the API shows, JSON or CSV, on any GET route
/// (Reports/OutcomeTests checks the report list; this walks the whole route table). Old texts are blanked, counts kept.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class PrivacyTests(ITestOutputHelper output) : IAsyncLifetime
{
    static readonly (long Id, string First, string Last, string Username)[] Reporters =
    [
        (6_123_456_701, "王秀英", "Reporterova", "xiuying_w88"),
        (6_123_456_702, "Qiaolian", "陈巧莲", "qiaolian_c77"),
        (6_123_456_703, "林德福", "Lindefu", "defu_lin66"),
    ];

    const long GroupChat = -500_000_001;
    FakeBotApi telegram = null!;
    TestHost host = null!;
    long nextUpdate = 50_000;

    public async Task InitializeAsync()
    {
        telegram = await FakeBotApi.StartAsync();
        host = await TestHost.StartAsync(telegram, Settings(("Reports:PerHour", "100"), ("Reports:RetentionDays", "30")));
        await BindGroupsAsync(host, "灵溪镇", 1, GroupChat);
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await telegram.DisposeAsync();
    }

    async Task<long[]> FileReportsAsync()
    {
        var updates = new List<long>();
        foreach (var (r, i) in Reporters.Select((r, i) => (r, i)))
        {
            foreach (var chat in new[] { GroupChat, r.Id })
            {
                var update = nextUpdate++;
                var from = new JsonObject { ["id"] = r.Id, ["is_bot"] = false, ["first_name"] = r.First, ["last_name"] = r.Last, ["username"] = r.Username };
                var text = $"/report 收到冒充公检法电话 1381234{i:D4}，对方要求转账5000元到安全账户";
                var json = new JsonObject
                {
                    ["update_id"] = update,
                    ["message"] = new JsonObject
                    {
                        ["message_id"] = update,
                        ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                        ["chat"] = chat < 0 ? new JsonObject { ["id"] = chat, ["type"] = "group", ["title"] = "灵溪镇 group 0" }
                                            : new JsonObject { ["id"] = chat, ["type"] = "private", ["first_name"] = r.First, ["username"] = r.Username },
                        ["from"] = from,
                        ["text"] = text,
                        ["entities"] = new JsonArray(new JsonObject { ["offset"] = 0, ["length"] = 7, ["type"] = "bot_command" }),
                    },
                };
                telegram.EnqueueRaw(json.ToJsonString(), update);
                updates.Add(update);
            }
        }

        foreach (var update in updates)
            Assert.Equal("done", await host.HandledAsync(update, seconds: 60));
        return [.. await host.QueryAsync<long>("SELECT id FROM reports ORDER BY id")];
    }

    [Fact]
    public async Task No_api_route_shows_a_reporters_telegram_id_or_name_in_json_or_csv()
    {
        var ids = await FileReportsAsync();
        Assert.Equal(Reporters.Length * 2, ids.Length);
        using (var assistant = host.Client("assistant"))
        {
            Assert.True((await assistant.PostAsJsonAsync($"/api/v1/reports/{ids[0]}/outcome", new { outcome = "dissuaded", amount = 5000 })).IsSuccessStatusCode);
            Assert.True((await assistant.PostAsJsonAsync($"/api/v1/reports/{ids[1]}/outcome", new { outcome = "loss", amount = 2000, note = "已报案" })).IsSuccessStatusCode);
        }

        // A campaign to the reporters' group, so the campaign-effect routes (which list its reports) are scanned too.
        using (var officerApi = host.Client("officer"))
        {
            var created = await officerApi.PostAsJsonAsync("/api/v1/campaigns", new { text = "防诈提醒", target = $"group:{GroupChat}", schedule = "now" });
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
            campaignId = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetInt64();
        }

        var routes = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy is not null)
                && e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains("GET") == true
                && e.RoutePattern.RawText?.Contains("hangfire", StringComparison.Ordinal) != true)
            .ToList();
        var secrets = Reporters.SelectMany(r => new[] { r.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), r.First, r.Last, r.Username }).ToList();
        var leaks = new List<string>();
        var scanned = 0;
        var waveIds = (await host.QueryAsync<long>("SELECT id FROM waves ORDER BY id")).ToArray();
        foreach (var endpoint in routes)
        {
            foreach (var path in Paths(endpoint, ids, campaignId, waveIds))
            {
                foreach (var role in new[] { "analyst", "admin" })
                {
                    foreach (var suffix in new[] { "", path.Contains('?', StringComparison.Ordinal) ? "&format=csv" : "?format=csv" })
                    {
                        using var client = host.Client(role);
                        var response = await client.GetAsync(path + suffix);
                        var body = await response.Content.ReadAsStringAsync();
                        scanned++;
                        leaks.AddRange(secrets.Where(s => body.Contains(s, StringComparison.OrdinalIgnoreCase)).Select(s => $"{role} GET {path}{suffix} ({(int)response.StatusCode}) shows '{s}'"));
                        if (role == "admin" && suffix.Length == 0)
                            Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {body}");
                    }
                }
            }
        }

        output.WriteLine($"Privacy: {scanned} answers from {routes.Count} GET routes scanned for {Reporters.Length} reporters' ids and names; {leaks.Count} leaks");
        Assert.Empty(leaks);
        // The reports really were there to leak: each text is shown, with a pseudonym for its reporter.
        using var officer = host.Client("officer");
        var list = await officer.GetFromJsonAsync<JsonElement>("/api/v1/reports");
        Assert.Equal(ids.Length, list.GetArrayLength());
        Assert.All(list.EnumerateArray(), r => Assert.False(string.IsNullOrEmpty(r.GetProperty("reporter").GetString())));
    }

    long campaignId;

    static IEnumerable<string> Paths(RouteEndpoint endpoint, long[] reportIds, long campaignId, long[] waveIds)
    {
        var pattern = "/" + string.Join('/', endpoint.RoutePattern.PathSegments.Select(s => string.Concat(s.Parts.Select(p => p switch
        {
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart { Name: "chatId" } => GroupChat.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart { Name: "id" } => "{id}",
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart => "13812340000",
            _ => "",
        }))));
        if (pattern.Contains("/campaigns/{id}", StringComparison.Ordinal))
            return [];
        if (pattern.Contains("/stats/campaign-effect", StringComparison.Ordinal))
            return [string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{pattern}?campaignId={campaignId}")];
        if (pattern.Contains("/waves/{id}", StringComparison.Ordinal))
            return waveIds.Select(id => pattern.Replace("{id}", id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        if (pattern.Contains("/keys/{id}", StringComparison.Ordinal))
            return [];
        if (pattern.Contains("{id}", StringComparison.Ordinal))
            return reportIds.Select(id => pattern.Replace("{id}", id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        return pattern.Contains("/stats/prevented", StringComparison.Ordinal)
            ? [pattern, .. new[] { "township", "village", "group", "type" }.Select(by => $"{pattern}?groupBy=month,{by}")]
            : [pattern];
    }

    [Fact]
    public async Task Retention_blanks_texts_older_than_the_setting_and_keeps_every_count()
    {
        var ids = await FileReportsAsync();
        var old = ids[..4];
        await host.ScalarAsync<int>("WITH u AS (UPDATE reports SET created_at = now() - interval '40 days' WHERE id = ANY(@old) RETURNING 1) SELECT count(*)::int FROM u", new { old });
        await host.ScalarAsync<int>("""
            WITH w AS (INSERT INTO warnings_sent (chat_id, message_id, kind, value, reason, text, created_at)
                VALUES (@chat, 1, 'phone', '13812340000', 'reported', '加我微信带你炒股 13812340000', now() - interval '40 days'),
                       (@chat, 2, 'phone', '13812340000', 'reported', '今天又有人打 13812340000', now()) RETURNING 1)
            SELECT count(*)::int FROM w
            """, new { chat = GroupChat });
        const string counts = "SELECT (SELECT count(*) FROM reports)::text || '/' || (SELECT count(*) FROM report_indicators)::text || '/' || coalesce((SELECT string_agg(d::text, ';' ORDER BY d::text) FROM report_daily d), '')";
        var before = await host.ScalarAsync<string>(counts);
        using var analyst = host.Client("analyst");
        var from = DateTime.UtcNow.AddDays(-60).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var statsBefore = await analyst.GetStringAsync($"/api/v1/stats/prevented?from={from}&groupBy=month,type");

        var blanked = await host.Get<ReportRetentionJob>().RunAsync(CancellationToken.None);

        Assert.Equal(old.Length + 1, blanked);
        Assert.Equal(before, await host.ScalarAsync<string>(counts));
        Assert.Equal(statsBefore, await analyst.GetStringAsync($"/api/v1/stats/prevented?from={from}&groupBy=month,type"));
        Assert.Equal(old.Length, await host.ScalarAsync<long>("SELECT count(*) FROM reports WHERE text = '' AND id = ANY(@old)", new { old }));
        Assert.Equal(0, await host.ScalarAsync<long>("SELECT count(*) FROM reports WHERE text = '' AND NOT id = ANY(@old)", new { old }));
        Assert.Equal(0, await host.ScalarAsync<long>("SELECT count(*) FROM report_indicators WHERE raw <> '' AND report_id = ANY(@old)", new { old }));
        Assert.Equal(["", "今天又有人打 13812340000"], await host.QueryAsync<string>("SELECT text FROM warnings_sent ORDER BY message_id"));
        Assert.Equal(0, await host.Get<ReportRetentionJob>().RunAsync(CancellationToken.None));
        using var connection = host.Get<JobStorage>().GetConnection();
        Assert.Contains(connection.GetRecurringJobs(), j => j.Id == ReportRetentionJob.RecurringId);
        output.WriteLine($"Retention: {blanked} texts older than 30 days blanked; reports, indicators, daily roll-up and /stats/prevented unchanged");
    }
}
