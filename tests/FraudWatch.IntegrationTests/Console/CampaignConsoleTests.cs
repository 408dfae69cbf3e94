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

    [GeneratedRegex("""<input type="hidden" name="(\w+)" value="([^"]*)">""")]
    private static partial Regex HiddenField();
}
