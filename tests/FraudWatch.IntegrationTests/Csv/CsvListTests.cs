using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FraudWatch.IntegrationTests.FakeTelegram;
using FraudWatch.IntegrationTests.Infrastructure;
using static FraudWatch.IntegrationTests.Campaigns.CampaignKit;

namespace FraudWatch.IntegrationTests.Csv;

/// <summary>Every list route answers CSV with ?format=csv (PRODUCT.md §7): UTF-8 with BOM, a header row, formulas escaped.</summary>
public sealed class CsvListTests : IAsyncLifetime
{
    const long Resident = 7_300_000_001;
    const long GroupChat = -730_000_001;
    FakeBotApi telegram = null!;
    TestHost host = null!;

    public async Task InitializeAsync()
    {
        telegram = await FakeBotApi.StartAsync();
        host = await TestHost.StartAsync(telegram, Settings());
        await BindGroupsAsync(host, "灵溪镇", 1, GroupChat);
        // A report whose text starts like a spreadsheet formula.
        var update = telegram.PrivateText(Resident, "/report =HYPERLINK(\"http://evil.example\") 冒充公检法 13812345678 要求转账到安全账户");
        Assert.Equal("done", await host.HandledAsync(update, seconds: 60));
        await CreateAsync(host, new { text = "防诈提醒", target = $"group:{GroupChat}", schedule = "now" });
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await telegram.DisposeAsync();
    }

    static async Task<string[]> CsvLinesAsync(HttpResponseMessage response)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {Encoding.UTF8.GetString(bytes)}");
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        return Encoding.UTF8.GetString(bytes[3..]).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public async Task Reports_list_as_csv_shows_pseudonyms_and_escapes_formulas()
    {
        using var assistant = host.Client("assistant");
        var lines = await CsvLinesAsync(await assistant.GetAsync("/api/v1/reports?format=csv"));

        Assert.StartsWith("id,createdAt,reporter,", lines[0]);
        Assert.EndsWith(",indicators", lines[0].TrimEnd('\r'));
        var row = Assert.Single(lines[1..]);
        Assert.DoesNotContain(Resident.ToString(System.Globalization.CultureInfo.InvariantCulture), row);
        Assert.Contains(",R-", row);
        Assert.Contains("phone:", row);
        Assert.DoesNotContain(",=HYPERLINK", row);
        Assert.DoesNotContain(",\"=HYPERLINK", row);
    }

    [Fact]
    public async Task Campaigns_list_as_csv_has_one_line_per_campaign_with_its_counts()
    {
        using var officer = host.Client("officer");
        var lines = await CsvLinesAsync(await officer.GetAsync("/api/v1/campaigns?format=csv"));

        Assert.StartsWith("id,template,text,target,schedule,pin,expiresAt,status,createdBy,createdAt,targeted,sent,failed,skipped,dryRun,pending,reach,runs", lines[0]);
        var row = Assert.Single(lines[1..]);
        Assert.Contains($"group:{GroupChat}", row);
        Assert.EndsWith(",1", row.TrimEnd('\r'));
    }

    // Routes that answer one object rather than a list, or need an id; each with why.
    static readonly Dictionary<string, string> NotLists = new()
    {
        ["/api/v1/stats/summary"] = "headline numbers: one object, not a list",
    };

    [Fact]
    public async Task Every_get_list_route_in_the_openapi_document_answers_csv()
    {
        using var admin = host.Client("admin");
        var campaignId = (await admin.GetFromJsonAsync<JsonElement>("/api/v1/campaigns"))[0].GetProperty("id").GetInt64();
        var document = await admin.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var routes = document.GetProperty("paths").EnumerateObject()
            .Where(p => p.Name.StartsWith("/api/", StringComparison.Ordinal) && !p.Name.Contains('{', StringComparison.Ordinal)
                && p.Value.TryGetProperty("get", out _) && !NotLists.ContainsKey(p.Name.TrimEnd('/')))
            .Select(p => p.Name.TrimEnd('/'))
            .ToList();
        Assert.Contains("/api/v1/reports", routes);
        Assert.Contains("/api/v1/campaigns", routes);
        Assert.Contains("/api/v1/groups", routes);

        var failures = new List<string>();
        foreach (var route in routes)
        {
            var query = route.StartsWith("/api/v1/stats/campaign-effect", StringComparison.Ordinal) ? $"?campaignId={campaignId}&format=csv" : "?format=csv";
            using var response = await admin.GetAsync(route + query);
            var body = await response.Content.ReadAsByteArrayAsync();
            if (!response.IsSuccessStatusCode || response.Content.Headers.ContentType?.MediaType != "text/csv" || body.Length < 3 || body[0] != 0xEF)
                failures.Add($"GET {route}{query}: {(int)response.StatusCode} {response.Content.Headers.ContentType}");
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }
}
