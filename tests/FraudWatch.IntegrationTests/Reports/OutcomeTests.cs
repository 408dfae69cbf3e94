using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace FraudWatch.IntegrationTests.Reports;

public sealed class OutcomeTests : ReportsTestBase
{
    const long Resident = 3001;
    const long ChineseResident = 3401;

    protected override IReadOnlyDictionary<long, string> UserLanguages { get; } = new Dictionary<long, string> { [ChineseResident] = "zh-hans" };

    // The outcome notice goes to the reporter's private chat, so it is in their language, not the reported text's. Before
    // the thirty-fifth session a Chinese resident reporting a bare link (English by its script) was told in English,
    // and an English-speaking one reporting a Chinese SMS in Chinese.
    [Fact]
    public async Task The_reporter_is_told_the_outcome_in_their_own_language_whatever_the_text_is_in()
    {
        await Private(ChineseResident, "/report http://fake-refund-center.top/login/verify");
        var link = await LastReportId();
        var english = await FileReportAsync(Resident, Scam); // an English app, a Chinese SMS, in a Chinese group

        await Private(Assistant, $"/outcome {link} dissuaded");
        await Private(Assistant, $"/outcome {english} dissuaded");

        var notice = telegram.SentTo(ChineseResident)[^1].Text;
        Assert.Contains($"您举报的 #{link}", notice);
        Assert.Contains($"Your report #{english}", telegram.SentTo(Resident)[^1].Text);
        Assert.Equal(["en", "zh-CN"], await host.QueryAsync<string>("SELECT reporter_language FROM reports WHERE id IN (@link, @english) ORDER BY reporter_language", new { link, english }));
    }

    async Task<long> FileReportAsync(long reporter = Resident, string text = Scam)
    {
        await InGroup(VillageChat, reporter, "/report " + text);
        return await LastReportId();
    }

    [Fact]
    public async Task Button_press_by_a_resident_is_refused_and_changes_nothing()
    {
        var id = await FileReportAsync();
        var post = DutyPost(id);

        await host.HandledAsync(telegram.CallbackQuery(3005, DutyChat, post.MessageId, $"rep:{id}:dissuaded"));

        Assert.Equal("new", await host.ScalarAsync<string>("SELECT status FROM reports WHERE id = @id", new { id }));
        Assert.Equal(0, DutyPost(id).EditCount);
        Assert.NotNull(DutyPost(id).ReplyMarkupJson);
        var answer = Assert.Single(telegram.Calls, c => c.Method.Equals("answerCallbackQuery", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("警务助理", (string?)answer.Params["text"]);
        Assert.Equal(0, await host.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'report.outcome'"));
    }

    [Fact]
    public async Task Button_press_by_an_assistant_records_the_outcome_and_edits_the_duty_post()
    {
        var id = await FileReportAsync();
        var post = DutyPost(id);

        await host.HandledAsync(telegram.CallbackQuery(Assistant, DutyChat, post.MessageId, $"rep:{id}:dissuaded"));
        // A second press (another button) after the decision changes nothing.
        await host.HandledAsync(telegram.CallbackQuery(Officer, DutyChat, post.MessageId, $"rep:{id}:loss"));

        var row = Assert.Single(await host.QueryAsync<(string Status, string Outcome)>("SELECT status, outcome FROM reports WHERE id = @id", new { id }));
        Assert.Equal(("resolved", "dissuaded"), row);
        var edited = DutyPost(id);
        Assert.Equal(1, edited.EditCount);
        Assert.Contains("已劝阻", edited.Text);
        Assert.Contains($"User{Assistant}", edited.Text);
        Assert.Null(edited.ReplyMarkupJson);
        Assert.Equal(2, telegram.Calls.Count(c => c.Method.Equals("answerCallbackQuery", StringComparison.OrdinalIgnoreCase)));
        // In words, in the reporter's language (Resident's app is English; the report's text is Chinese).
        Assert.Contains(telegram.SentTo(Resident), m => m.Text.Contains($"#{id}") && m.Text.Contains("stepped in in time") && !m.Text.Contains("dissuaded"));
        Assert.Equal(1, await host.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'report.outcome' AND actor = @actor", new { actor = $"tg:{Assistant}" }));
    }

    [Fact]
    public async Task Outcome_command_and_api_outcome_are_counted()
    {
        var first = await FileReportAsync();
        var second = await FileReportAsync(3002, "网上认识的老师带我炒股，说稳赚不赔，让我下载 app 充值 http://gupiao-vip.cc");

        await Private(Assistant, $"/outcome {first} loss 3.5万 老人已转账");
        var response = await host.Client("assistant").PostAsJsonAsync($"/api/v1/reports/{second}/outcome", new { outcome = "intercepted", amount = 20000, note = "银行止付" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var rows = await host.QueryAsync<(long Id, string Outcome, decimal Amount)>("SELECT id, outcome, amount FROM reports ORDER BY id");
        Assert.Equal([(first, "loss", 35000m), (second, "intercepted", 20000m)], rows);
        Assert.Contains("money lost", telegram.SentTo(Assistant).Last().Text);
        Assert.Contains("已拦截", DutyPost(second).Text);
        Assert.Equal(2, await host.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'report.outcome'"));

        var list = await host.Client("assistant").GetFromJsonAsync<JsonElement>("/api/v1/reports?status=resolved");
        var views = list.EnumerateArray().ToDictionary(r => r.GetProperty("id").GetInt64());
        Assert.True(views[second].GetProperty("prevented").GetBoolean());
        Assert.Equal(20000m, views[second].GetProperty("amountProtected").GetDecimal());
        Assert.Equal(35000m, views[first].GetProperty("amountLost").GetDecimal());
    }

    [Fact]
    public async Task Bad_outcomes_are_refused_and_change_nothing()
    {
        var id = await FileReportAsync();

        var bad = await host.Client("assistant").PostAsJsonAsync($"/api/v1/reports/{id}/outcome", new { outcome = "arrested" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client("assistant").PostAsJsonAsync("/api/v1/reports/999999/outcome", new { outcome = "loss" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.Client("analyst").PostAsJsonAsync($"/api/v1/reports/{id}/outcome", new { outcome = "loss" })).StatusCode);
        await Private(Resident, $"/outcome {id} dissuaded");
        Assert.Contains("needs the assistant role", telegram.SentTo(Resident).Last().Text);
        await Private(Assistant, $"/outcome {id} not_fraud 5000");
        Assert.Contains("amount goes with", telegram.SentTo(Assistant).Last().Text);

        Assert.Equal("new", await host.ScalarAsync<string>("SELECT status FROM reports WHERE id = @id", new { id }));
    }

    [Fact]
    public async Task Api_shows_reporters_as_pseudonyms_never_their_ids()
    {
        const long Reporter = 7654321;
        var first = await FileReportAsync(Reporter);
        var second = await FileReportAsync(Reporter, "0577-8888 9999 又打来了");
        var other = await FileReportAsync(3002);

        var body = await host.Client("assistant").GetStringAsync("/api/v1/reports");
        Assert.DoesNotContain(Reporter.ToString(System.Globalization.CultureInfo.InvariantCulture), body);
        var reporters = JsonDocument.Parse(body).RootElement.EnumerateArray()
            .ToDictionary(r => r.GetProperty("id").GetInt64(), r => r.GetProperty("reporter").GetString()!);
        Assert.Matches("^R-[A-Z2-7]{8}$", reporters[first]);
        Assert.Equal(reporters[first], reporters[second]);
        Assert.NotEqual(reporters[first], reporters[other]);

        var detail = await host.Client("assistant").GetStringAsync($"/api/v1/reports/{first}");
        Assert.DoesNotContain(Reporter.ToString(System.Globalization.CultureInfo.InvariantCulture), detail);
        Assert.Contains("report.create", detail);
        Assert.Contains(reporters[first], detail);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.Client("analyst").GetAsync("/api/v1/reports")).StatusCode);
    }

    [Fact]
    public async Task List_filters_by_village_type_and_dates()
    {
        await FileReportAsync();
        await Private(3002, "/report " + Scam);

        async Task<int> Count(string query) =>
            (await host.Client("assistant").GetFromJsonAsync<JsonElement>("/api/v1/reports" + query)).GetArrayLength();

        Assert.Equal(2, await Count(""));
        Assert.Equal(1, await Count("?village=渎浦村"));
        Assert.Equal(1, await Count("?township=灵溪镇&type=impersonate_police"));
        Assert.Equal(0, await Count("?type=romance"));
        Assert.Equal(0, await Count("?from=2020-01-01&to=2020-12-31"));
        Assert.Equal(HttpStatusCode.BadRequest, (await host.Client("assistant").GetAsync("/api/v1/reports?from=2025-13-01")).StatusCode);
    }
}
