using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using FraudWatch.Access;
using FraudWatch.Audit;
using FraudWatch.IntegrationTests.Infrastructure;
using FraudWatch.Storage;
using FraudWatch.Waves;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace FraudWatch.IntegrationTests.Waves;

/// <summary>
/// The waves routes over HTTP with the product's own settings, storage, API keys and problem answers, in a host of
/// just those features: Program.cs maps the waves API once the lead wires AddWaves/MapWavesApi.
/// </summary>
public sealed class WavesApiTests : IAsyncLifetime
{
    const string Scam = "您好张三，我是温州市公安局民警，你的身份证涉嫌一起洗钱案，需将资金转入安全账户配合调查，电话0577-8888 9999，详见 https://gaj-wz.top/case";
    WebApplication app = null!;
    WaveStore store = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration["ConnectionStrings:FraudWatch"] = TestDatabase.Create("wapi");
        builder.Configuration["FraudWatch:ApiKeys"] = string.Join(',', TestHost.Keys.Select(k => $"{k.Value}:{k.Key}"));
        builder.Configuration["Logging:LogLevel:Default"] = "Warning";
        builder.AddSettings();
        builder.AddAudit();
        builder.AddStorage();
        builder.AddAccess();
        builder.AddHttpApi();
        builder.AddWaves();
        app = builder.Build();
        app.UseHttpApi();
        app.MapWavesApi();
        await app.StartAsync();
        store = app.Services.GetRequiredService<WaveStore>();
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    HttpClient Client(string role)
    {
        var client = app.GetTestClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestHost.Keys[role]);
        return client;
    }

    async Task<long> SeedAsync()
    {
        var now = DateTime.UtcNow;
        await store.AddAsync(WavesDb.Report(Scam, "渎浦村", now.AddHours(-5)));
        await store.AddAsync(WavesDb.Report(Scam.Replace("张三", "李四", StringComparison.Ordinal).Replace("0577-8888 9999", "13912345678", StringComparison.Ordinal), "龙港村", now.AddHours(-1)));
        var lone = await store.AddAsync(WavesDb.Report("【顺丰快递】您的快递在运输中丢失，我们将理赔300元，请点击 http://sf-pei.cn 填写理赔信息。", "灵溪村", now));
        return lone!.WaveId;
    }

    [Fact]
    public async Task Waves_list_shows_counts_villages_and_indicators_newest_first()
    {
        var lone = await SeedAsync();

        var list = await Client("assistant").GetFromJsonAsync<JsonElement>("/api/v1/waves");

        var wave = Assert.Single(list.EnumerateArray());
        Assert.Equal(2, wave.GetProperty("reports").GetInt32());
        Assert.Equal(["渎浦村", "龙港村"], wave.GetProperty("villages").EnumerateArray().Select(v => v.GetString()));
        Assert.Contains("phone:+8613912345678", wave.GetProperty("indicators").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("impersonate_police", wave.GetProperty("type").GetString());
        Assert.DoesNotContain("张三", wave.GetProperty("representativeText").GetString());

        var all = await Client("assistant").GetFromJsonAsync<JsonElement>("/api/v1/waves?minReports=1");
        Assert.Equal(lone, all[0].GetProperty("id").GetInt64());
        Assert.Equal(2, all.GetArrayLength());
    }

    [Fact]
    public async Task Waves_list_answers_csv()
    {
        await SeedAsync();

        var response = await Client("officer").GetAsync("/api/v1/waves?format=csv");

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("id,type,typeName,representativeText,firstSeen,lastSeen,reports,villageCount,villages", lines[0]);
        Assert.Equal(2, lines.Length);
        Assert.Contains("渎浦村 龙港村", lines[1]);
    }

    [Fact]
    public async Task One_wave_comes_with_its_reports()
    {
        await SeedAsync();
        var id = (await Client("assistant").GetFromJsonAsync<JsonElement>("/api/v1/waves"))[0].GetProperty("id").GetInt64();

        var detail = await Client("assistant").GetFromJsonAsync<JsonElement>($"/api/v1/waves/{id}");

        Assert.Equal(id, detail.GetProperty("wave").GetProperty("id").GetInt64());
        var reports = detail.GetProperty("reports").EnumerateArray().ToList();
        Assert.Equal(["渎浦村", "龙港村"], reports.Select(r => r.GetProperty("village").GetString()));
        Assert.All(reports, r => Assert.Equal("R-TEST", r.GetProperty("reporter").GetString()));
    }

    [Fact]
    public async Task Unknown_wave_bad_dates_and_low_roles_are_refused()
    {
        var missing = await Client("assistant").GetAsync("/api/v1/waves/999999");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Contains("No wave #999999", await missing.Content.ReadAsStringAsync());

        var bad = await Client("assistant").GetAsync("/api/v1/waves?from=2026-13-01&limit=0");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("from", out _) && errors.TryGetProperty("limit", out _));

        Assert.Equal(HttpStatusCode.Forbidden, (await Client("analyst").GetAsync("/api/v1/waves")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Client("resident").GetAsync("/api/v1/waves/1")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.GetTestClient().GetAsync("/api/v1/waves")).StatusCode);
    }

    [Fact]
    public async Task OpenApi_describes_both_routes_with_csv_and_problems()
    {
        var document = await app.GetTestClient().GetStringAsync("/openapi/v1.json");

        Assert.Contains("/api/v1/waves/{id}", document);
        Assert.Contains("text/csv", document);
        Assert.Contains("application/problem+json", document);
    }
}
