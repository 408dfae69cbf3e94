using System.Net;
using System.Text.RegularExpressions;
using Dapper;
using FraudWatch.IntegrationTests.Infrastructure;

namespace FraudWatch.IntegrationTests.Console;

/// <summary>The composer and campaign pages over HTTP with an officer's console session (dry-run, no browser).</summary>
public sealed partial class CampaignConsoleTests : IAsyncLifetime
{
    TestHost host = null!;

    public async Task InitializeAsync()
    {
        host = await TestHost.StartAsync();
        await using var connection = await host.Db.OpenConnectionAsync();
        await connection.ExecuteAsync("""
            INSERT INTO groups (chat_id, title, status, township, village, members) VALUES
              (-11, '甲村群', 'active', '甲镇', '甲村', 30), (-12, '乙村群', 'left', '甲镇', '乙村', 40);
            """);
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    // PRODUCT.md section 4: every campaign shows targeted, sent, failed, skipped, dry_run and pending. The campaign page
    // left out skipped (a group the bot left before its turn), so its numbers did not add up to the groups targeted.
    [Fact]
    public async Task The_campaign_page_shows_the_skipped_groups()
    {
        var id = await host.ScalarAsync<long>("""
            WITH c AS (
                INSERT INTO campaigns (template, target, schedule_kind, schedule, run_at, time_zone, created_by, status)
                VALUES ('fake_loan', 'township:甲镇', 'now', 'now', now(), 'Asia/Shanghai', 'test', 'done') RETURNING id),
            r AS (INSERT INTO campaign_runs (campaign_id, occurrence_at, status, targeted) SELECT id, now(), 'done', 2 FROM c RETURNING id),
            d AS (INSERT INTO deliveries (run_id, group_id, chat_id, members, status)
                  SELECT r.id, g.id, g.chat_id, g.members, CASE WHEN g.status = 'left' THEN 'skipped' ELSE 'dry_run' END
                  FROM r, groups g RETURNING 1)
            SELECT id FROM c
            """);
        using var client = await host.ConsoleClientAsync("officer");

        var page = await client.GetStringAsync($"/console/campaigns/{id}");

        Assert.Matches(Metric("targeted", "2"), page);
        Assert.Matches(Metric("dryRun", "1"), page);
        Assert.Matches(Metric("skipped", "1"), page);
    }

    // A double click on Create (or a resent form) made a second campaign, and every group got the warning twice.
    [Fact]
    public async Task A_composer_form_sent_twice_makes_one_campaign()
    {
        using var client = await host.ConsoleClientAsync("officer");
        var page = await client.GetStringAsync("/console/campaigns/new");
        var fields = HiddenField().Matches(page).Select(m => new KeyValuePair<string, string>(m.Groups[1].Value, WebUtility.HtmlDecode(m.Groups[2].Value))).ToList();
        fields.AddRange([new("template", "fake_loan"), new("target", "township:甲镇"), new("when", "now")]);

        for (var i = 0; i < 2; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/console/campaigns") { Content = new FormUrlEncodedContent(fields) };
            request.Headers.Add("Origin", "http://localhost");
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Matches(@"/console/campaigns/\d+$", response.RequestMessage!.RequestUri!.AbsolutePath);
        }

        Assert.Equal(1, await host.ScalarAsync<long>("SELECT count(*) FROM campaigns"));
        Assert.Equal(1, await host.ScalarAsync<long>("SELECT count(*) FROM deliveries"));
    }

    static string Metric(string key, string value) => $"""data-count="{key}"><div class="label">[^<]*<small>[^<]*</small></div><div class="value">{value}</div>""";

    [GeneratedRegex("""<input type="hidden" name="(\w+)" value="([^"]*)">""")]
    private static partial Regex HiddenField();
}
