using System.Net;
using FraudWatch.IntegrationTests.Reports;

namespace FraudWatch.IntegrationTests.Console;

/// <summary>The console's waves page: the wave on its timeline with its villages, and the Warn button warning once.</summary>
public sealed class WaveConsoleTests : ReportsTestBase
{
    const long VillageB = -631, VillageC = -632;

    static string Script(string number) =>
        $"【医保局】您的医保卡因异常消费已被冻结，请于今日内致电 {number} 联系工作人员办理解冻，逾期将移交公安机关处理。";

    async Task<long> WaveOfThreeVillagesAsync()
    {
        foreach (var (chat, township, village) in new[] { (VillageB, "马站镇", "城门村"), (VillageC, "马站镇", "魁里村") })
        {
            await host.HandledAsync(telegram.BotAdded(chat, $"{village}反诈群", Officer));
            await InGroup(chat, Officer, $"/bind {township} {village}");
        }

        await InGroup(VillageChat, 3501, "/report " + Script("0577-6123 4567"));
        await InGroup(VillageB, 3502, "/report " + Script("0577-6999 1234"));
        await InGroup(VillageC, 3503, "/report " + Script("021-5555 0101"));
        return await host.ScalarAsync<long>("SELECT id FROM waves");
    }

    static async Task<HttpResponseMessage> WarnAsync(HttpClient client, long id)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/console/waves/{id}/warn") { Content = new FormUrlEncodedContent([]) };
        request.Headers.Add("Origin", "http://localhost");
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task The_waves_page_lists_the_wave_and_its_Warn_button_warns_once()
    {
        var id = await WaveOfThreeVillagesAsync();
        var officer = await host.ConsoleClientAsync("officer");

        var page = await officer.GetStringAsync("/console/waves");
        Assert.Contains($"id=\"wave-{id}\"", page);
        Assert.Contains("class=\"chart timeline\"", page);
        Assert.Contains("城门村、渎浦村、魁里村", page);
        Assert.Contains("灵溪镇、马站镇", page);
        Assert.Contains("data-reports=\"3\" data-villages=\"3\" data-status=\"alerted\"", page);
        Assert.Contains($"action=\"/console/waves/{id}/warn\"", page);
        Assert.Contains("href=\"/console/waves\"", page);
        Assert.Contains("data-waves=\"1\" data-warned=\"0\"", page);

        var press = await host.ConsoleClientAsync("officer", followRedirects: false);
        using var first = await WarnAsync(press, id);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal($"/console/waves?warned={id}", first.Headers.Location!.OriginalString);
        // The same path as the duty group's button: one urgent_alert campaign to the wave's townships, delivered to its 3 groups.
        await host.WaitForAsync<long>("SELECT count(*) FROM deliveries WHERE status = 'sent'", until: n => n == 3, seconds: 60);
        Assert.Equal("urgent_alert", await host.ScalarAsync<string>("SELECT template FROM campaigns"));
        var warnedPage = await officer.GetStringAsync(first.Headers.Location.OriginalString);
        Assert.Contains($"波次 #{id} 的预警已发出", warnedPage);
        Assert.Contains("data-waves=\"1\" data-warned=\"1\"", warnedPage);
        Assert.Contains("data-status=\"warned\"", warnedPage);
        Assert.DoesNotContain($"action=\"/console/waves/{id}/warn\"", warnedPage);

        using var second = await WarnAsync(press, id);
        Assert.Equal($"/console/waves?already={id}", second.Headers.Location!.OriginalString);
        Assert.Equal(1, await host.ScalarAsync<long>("SELECT count(*) FROM campaigns"));
        Assert.Equal(3, await host.ScalarAsync<long>("SELECT count(*) FROM deliveries"));
    }

    [Fact]
    public async Task Analysts_see_counts_only_and_only_officers_may_warn()
    {
        var id = await WaveOfThreeVillagesAsync();

        var analyst = await (await host.ConsoleClientAsync("analyst")).GetStringAsync("/console/waves");
        Assert.Contains("data-reports=\"3\" data-villages=\"3\"", analyst);
        Assert.DoesNotContain("城门村", analyst);
        Assert.DoesNotContain("医保卡", analyst);
        Assert.DoesNotContain("8657761234567", analyst);
        Assert.DoesNotContain("/warn\"", analyst);

        var assistant = await (await host.ConsoleClientAsync("assistant")).GetStringAsync("/console/waves");
        Assert.Contains("城门村", assistant);
        Assert.Contains("8657761234567", assistant);
        Assert.DoesNotContain("/warn\"", assistant);

        using var refused = await WarnAsync(await host.ConsoleClientAsync("assistant"), id);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(0, await host.ScalarAsync<long>("SELECT count(*) FROM waves WHERE warned_at IS NOT NULL"));
        Assert.Equal(0, await host.ScalarAsync<long>("SELECT count(*) FROM campaigns"));
    }
}
