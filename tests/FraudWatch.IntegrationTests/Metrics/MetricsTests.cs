using System.Net;
using FraudWatch.IntegrationTests.FakeTelegram;
using FraudWatch.IntegrationTests.Infrastructure;
using static FraudWatch.IntegrationTests.Campaigns.CampaignKit;

namespace FraudWatch.IntegrationTests.Metrics;

/// <summary>GET /metrics in the Prometheus text format: FraudWatch's own instruments, admin only, or on its own port.</summary>
public sealed class MetricsTests
{
    const long Resident = 7_400_000_001;

    [Fact]
    public async Task Admin_scrape_after_a_report_shows_reports_ingested_sends_and_backlogs()
    {
        await using var telegram = await FakeBotApi.StartAsync();
        await using var host = await TestHost.StartAsync(telegram, Settings());
        var update = telegram.PrivateText(Resident, "/report 冒充公检法 13812345678 要求转账到安全账户");
        Assert.Equal("done", await host.HandledAsync(update, seconds: 60));
        await host.WaitForAsync<long>("SELECT count(*) FROM reports");
        // A broadcast whose one group answers 429 once: one pause for every instance, then the send.
        var group = (await BindGroupsAsync(host, "灵溪镇", 1, -7_400_000))[0];
        telegram.Fault(group, FaultKind.TooManyRequests(1), times: 1);
        await FinishedAsync(host, (await CreateAsync(host, new { text = "防诈提醒", target = $"group:{group}", schedule = "now" })).GetProperty("id").GetInt64());

        using var anonymous = host.Client();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/metrics")).StatusCode);
        using var analyst = host.Client("analyst");
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.GetAsync("/metrics")).StatusCode);

        using var admin = host.Client("admin");
        var text = "";
        // The answer to the report is sent just after the report is stored; the scrape waits for its counter.
        for (var i = 0; i < 100 && !text.Contains("fraudwatch_sends_total{", StringComparison.Ordinal); i++)
        {
            using var response = await admin.GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType);
            text = await response.Content.ReadAsStringAsync();
            await Task.Delay(100);
        }

        Assert.Matches(@"(?m)^fraudwatch_reports_ingested_total(\{[^}]*\})? [1-9]", text);
        Assert.Matches(@"(?m)^fraudwatch_sends_total\{[^}]*outcome=""sent""[^}]*\} [1-9]", text);
        Assert.Matches(@"(?m)^fraudwatch_sends_total\{[^}]*outcome=""rate_limited""[^}]*\} [1-9]", text);
        Assert.Matches(@"(?m)^fraudwatch_rate_limit_pauses_total(\{[^}]*\})? [1-9]", text);
        Assert.Matches(@"(?m)^fraudwatch_detection_duration_seconds_count(\{[^}]*\})? [1-9]", text);
        Assert.Matches(@"(?m)^fraudwatch_deliveries\{[^}]*status=""pending""", text);
        Assert.Matches(@"(?m)^fraudwatch_queued_replies\{[^}]*kind=""answer""", text);
        Assert.Matches(@"(?m)^fraudwatch_updates\{[^}]*status=""received""", text);
        Assert.Contains("fraudwatch_ocr_queue_depth", text, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds", text, StringComparison.Ordinal);
        Assert.Contains("http_client_request_duration_seconds", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_metrics_port_the_scrape_is_served_there_without_a_key_and_not_on_the_app()
    {
        var port = TestPorts.Free();
        await using var host = await TestHost.StartAsync(settings: Settings(("Metrics:Port", port.ToString(System.Globalization.CultureInfo.InvariantCulture))));

        using var admin = host.Client("admin");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/metrics")).StatusCode);
        using var scraper = new HttpClient();
        var text = await scraper.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics"));
        Assert.Contains("fraudwatch_ocr_queue_depth", text, StringComparison.Ordinal);
    }
}

/// <summary>OTLP export goes only where Metrics:OtlpEndpoint says: here a collector on loopback.</summary>
public sealed class OtlpExportTests
{
    [Fact]
    public async Task With_an_otlp_endpoint_metrics_are_pushed_to_it_as_http_protobuf()
    {
        using var collector = new HttpListener();
        var port = 0;
        for (var attempt = 0; attempt < 10 && !collector.IsListening; attempt++)
        {
            port = TestPorts.Free();
            collector.Prefixes.Clear();
            collector.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                collector.Start();
            }
            catch (HttpListenerException)
            {
            }
        }

        await using var host = await TestHost.StartAsync(settings: Settings(
            ("Metrics:OtlpEndpoint", $"http://127.0.0.1:{port}"), ("Metrics:OtlpIntervalSeconds", "1")));
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var pushes = new List<(string Method, string Path, string? Type, string Body)>();
        // Each push holds what was collected by then; wait for one that carries FraudWatch's own gauges.
        while (!pushes.Any(p => p.Body.Contains("fraudwatch.ocr.queue_depth", StringComparison.Ordinal)))
        {
            var context = await collector.GetContextAsync().WaitAsync(wait.Token);
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body, wait.Token);
            context.Response.StatusCode = 200;
            context.Response.Close();
            pushes.Add((context.Request.HttpMethod, context.Request.Url!.AbsolutePath, context.Request.ContentType, System.Text.Encoding.UTF8.GetString(body.ToArray())));
        }

        Assert.All(pushes, p => Assert.Equal(("POST", "/v1/metrics", "application/x-protobuf"), (p.Method, p.Path, p.Type)));
    }
}
