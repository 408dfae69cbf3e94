using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace FraudWatch.IntegrationTests.Reports;

public sealed class CheckTests : ReportsTestBase
{
    [Fact]
    public async Task Reputation_and_check_give_report_figures_per_indicator()
    {
        await InGroup(VillageChat, 3001, "/report " + Scam);
        await InGroup(VillageChat, 3002, "/report 0577 8888 9999 冒充公安");
        await Private(3001, "/report +86 577 8888 9999 又打来了");

        var reputation = await host.Client("assistant").GetFromJsonAsync<JsonElement>("/api/v1/reputation/" + Uri.EscapeDataString("0577-8888 9999"));
        Assert.Equal(3, reputation.GetProperty("reports").GetInt32());
        Assert.Equal(2, reputation.GetProperty("reporters").GetInt32());
        Assert.Equal(["渎浦村"], reputation.GetProperty("villages").EnumerateArray().Select(v => v.GetString()));
        Assert.Contains("impersonate_police", reputation.GetProperty("types").EnumerateArray().Select(v => v.GetString()));
        Assert.NotEqual(JsonValueKind.Null, reputation.GetProperty("firstSeen").ValueKind);

        var check = await host.Client("assistant").PostAsJsonAsync("/api/v1/check", new { text = "民警说我涉嫌洗钱，让我打 0577-8888-9999 转到安全账户" });
        var result = await check.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("impersonate_police", result.GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(result.GetProperty("advice").GetString()));
        var first = result.GetProperty("reputation")[0];
        Assert.Equal(("+8657788889999", 3), (first.GetProperty("value").GetString(), first.GetProperty("reports").GetInt32()));

        var url = await host.Client("assistant").GetFromJsonAsync<JsonElement>("/api/v1/reputation/" + Uri.EscapeDataString("https://never-reported.top/a"));
        Assert.Equal(0, url.GetProperty("reports").GetInt32());
        var bad = await host.Client("assistant").GetAsync("/api/v1/reputation/hello");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.Client("resident").GetAsync("/api/v1/reputation/95588")).StatusCode);
    }

    [Fact]
    public async Task Check_command_answers_with_figures_and_verdict()
    {
        await InGroup(VillageChat, 3001, "/report " + Scam);
        await InGroup(VillageChat, 3002, "/report 0577 8888 9999 冒充公安");
        await Private(Officer, "/alert 0577-8888 9999 group:-999");

        await Private(3003, "/check 0577 8888 9999");

        var answer = telegram.SentTo(3003).Last().Text;
        Assert.Contains("2 reports by 2 people", answer);
        Assert.Contains("an officer confirmed it as fraud", answer);
        Assert.DoesNotContain("3001", answer);

        await InGroup(VillageChat, 3003, "/check 您好，我是京东客服，您的会员要扣费，请加QQ 2876541230 办理退订");
        var message = telegram.SentTo(VillageChat).Last();
        Assert.NotNull(message.ReplyToMessageId);
        Assert.Contains("建议：", message.Text);
    }
}
