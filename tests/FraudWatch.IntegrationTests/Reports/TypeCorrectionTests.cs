using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace FraudWatch.IntegrationTests.Reports;

/// <summary>Officers correct the fraud type the classifier guessed; statistics count theirs, and the guesses are measured against it.</summary>
public sealed class TypeCorrectionTests : ReportsTestBase
{
    const string Loan = "网上说无抵押贷款5万，先交2000元保证金到指定账户才放款，客服微信 dk8888";
    const string Courier = "【顺丰速运】您的快件已到菜鸟驿站，取件码 3-2-1008，请凭码取件。";

    async Task<long> FileReportAsync(long reporter, string text)
    {
        await InGroup(VillageChat, reporter, "/report " + text);
        return await LastReportId();
    }

    Task<string> Guess(long id) => host.ScalarAsync<string>("SELECT coalesce(guessed_type, fraud_type) FROM reports WHERE id = @id", new { id });

    // Shanghai days, from yesterday: a report filed just before midnight is still in range after it.
    static string Yesterday => DateTime.UtcNow.AddHours(8).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    static string Today => DateTime.UtcNow.AddHours(8).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Api_type_replaces_the_guess_in_statistics_and_keeps_the_guess()
    {
        var id = await FileReportAsync(3101, Scam);
        var guess = await Guess(id);
        var corrected = guess == "fake_credit" ? "fake_loan" : "fake_credit";

        var response = await host.Client("assistant").PostAsJsonAsync($"/api/v1/reports/{id}/type", new { type = corrected });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var view = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(corrected, view.GetProperty("type").GetString());
        Assert.Equal(guess, view.GetProperty("guessedType").GetString());
        Assert.EndsWith("assistant", view.GetProperty("typeBy").GetString());
        // The same type again changes nothing and writes no second audit entry.
        Assert.Equal(HttpStatusCode.OK, (await host.Client("assistant").PostAsJsonAsync($"/api/v1/reports/{id}/type", new { type = corrected })).StatusCode);
        var audit = Assert.Single(await host.QueryAsync<string>("SELECT details::text FROM audit_log WHERE action = 'report.type'"));
        Assert.Contains($"\"previousType\": \"{guess}\"", audit);

        await host.Client("assistant").PostAsJsonAsync($"/api/v1/reports/{id}/outcome", new { outcome = "dissuaded" });
        var types = (await host.Client("analyst").GetFromJsonAsync<JsonElement>($"/api/v1/stats/prevented?from={Yesterday}&to={Today}&groupBy=type"))
            .EnumerateArray().ToDictionary(t => t.GetProperty("type").GetString()!, t => t.GetProperty("prevented").GetInt32());
        Assert.Equal(1, types[corrected]);
        Assert.DoesNotContain(guess, types.Where(t => t.Value > 0).Select(t => t.Key));
        // The decided duty post shows the officers' type, and how to correct it.
        Assert.Contains(FraudWatch.Detection.FraudTypes.DisplayName(corrected, "zh-CN"), DutyPost(id).Text);
        Assert.Contains($"/type {id} 类型", DutyPost(id).Text);
    }

    [Fact]
    public async Task Bad_types_unknown_reports_and_other_roles_are_refused()
    {
        var id = await FileReportAsync(3102, Scam);

        var bad = await host.Client("assistant").PostAsJsonAsync($"/api/v1/reports/{id}/type", new { type = "pyramid_scheme" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("fake_loan", await bad.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client("assistant").PostAsJsonAsync("/api/v1/reports/999999/type", new { type = "fake_loan" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.Client("analyst").PostAsJsonAsync($"/api/v1/reports/{id}/type", new { type = "fake_loan" })).StatusCode);
        await Private(3102, $"/type {id} fake_loan");
        Assert.Contains("needs the assistant role", telegram.SentTo(3102).Last().Text);

        Assert.Equal(0, await host.ScalarAsync<long>("SELECT count(*) FROM reports WHERE guessed_type IS NOT NULL OR type_by IS NOT NULL"));
    }

    [Fact]
    public async Task Type_command_takes_a_code_or_a_Chinese_name()
    {
        var first = await FileReportAsync(3103, Scam);
        var second = await FileReportAsync(3104, Loan);

        await Private(Assistant, $"/type {first} 虚假征信");
        Assert.Contains($"#{first} is now Fake credit-record repair", telegram.SentTo(Assistant).Last().Text);
        await Private(Assistant, $"/type #{second} romance");
        await Private(Assistant, $"/type {second} romance");
        Assert.Contains("nothing changed", telegram.SentTo(Assistant).Last().Text);
        await Private(Assistant, $"/type {second} 传销");
        Assert.Contains("Unknown type '传销", telegram.SentTo(Assistant).Last().Text);

        var rows = await host.QueryAsync<(long Id, string Type, string By)>("SELECT id, fraud_type, type_by FROM reports WHERE type_by IS NOT NULL ORDER BY id");
        Assert.Equal([(first, "fake_credit", $"User{Assistant} (@user{Assistant})"), (second, "romance", $"User{Assistant} (@user{Assistant})")], rows);
    }

    [Fact]
    public async Task Detection_stats_measure_the_guesses_against_what_officers_decided()
    {
        var kept = await FileReportAsync(3105, Scam);
        var changed = await FileReportAsync(3106, Loan);
        var alarm = await FileReportAsync(3107, Scam);
        var quiet = await FileReportAsync(3108, Courier);
        var duplicate = await FileReportAsync(3109, Scam);
        await FileReportAsync(3110, Scam); // undecided: not measured
        var (keptGuess, changedGuess, alarmGuess, quietGuess) = (await Guess(kept), await Guess(changed), await Guess(alarm), await Guess(quiet));
        Assert.NotEqual("other", keptGuess);
        Assert.NotEqual("other", alarmGuess);
        Assert.Equal("other", quietGuess);
        var truth = changedGuess == "romance" ? "game_trade" : "romance";

        var assistant = host.Client("assistant");
        await assistant.PostAsJsonAsync($"/api/v1/reports/{changed}/type", new { type = truth });
        foreach (var (id, outcome) in new[] { (kept, "dissuaded"), (changed, "loss"), (alarm, "not_fraud"), (quiet, "not_fraud"), (duplicate, "duplicate") })
            Assert.Equal(HttpStatusCode.OK, (await assistant.PostAsJsonAsync($"/api/v1/reports/{id}/outcome", new { outcome, amount = outcome == "loss" ? 5000 : (int?)null })).StatusCode);

        var stats = await host.Client("analyst").GetFromJsonAsync<JsonElement>($"/api/v1/stats/detection?from={Yesterday}&to={Today}");
        Assert.Equal(4, stats.GetProperty("judged").GetInt64());
        Assert.Equal(2, stats.GetProperty("frauds").GetInt64());
        Assert.Equal(changedGuess == "other" ? 1 : 2, stats.GetProperty("named").GetInt64());
        Assert.Equal(1, stats.GetProperty("typeRight").GetInt64());
        Assert.Equal(1, stats.GetProperty("typeCorrected").GetInt64());
        Assert.Equal(0.5, stats.GetProperty("typeAccuracy").GetDouble());
        Assert.Equal(2, stats.GetProperty("notFraud").GetInt64());
        Assert.Equal(1, stats.GetProperty("falseAlarms").GetInt64());
        Assert.Equal(0.5, stats.GetProperty("falseAlarmRate").GetDouble());
        var rows = stats.GetProperty("byType").EnumerateArray().ToDictionary(r => r.GetProperty("type").GetString()!);
        Assert.Equal(changedGuess, Assert.Single(rows[truth].GetProperty("guesses").EnumerateObject()).Name);
        Assert.Equal(0, rows[truth].GetProperty("right").GetInt64());
        Assert.Equal(2, rows["other"].GetProperty("reports").GetInt64());
        Assert.Equal(1, rows["other"].GetProperty("right").GetInt64());
        Assert.Equal("other", rows.Keys.Last());

        var csv = await host.Client("analyst").GetStringAsync($"/api/v1/stats/detection?from={Yesterday}&to={Today}&format=csv");
        Assert.Contains($"{truth},1,0,{changedGuess}:1", csv);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Client().GetAsync("/api/v1/stats/detection")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await host.Client("analyst").GetAsync("/api/v1/stats/detection?from=2026-13-01")).StatusCode);
    }

    /// <summary>A post's buttons as "text|data", in order.</summary>
    static List<string> Buttons(string? markup) => markup is null ? [] :
        JsonDocument.Parse(markup).RootElement.GetProperty("inline_keyboard").EnumerateArray()
            .SelectMany(row => row.EnumerateArray()).Select(b => b.GetProperty("text").GetString() + "|" + b.GetProperty("callback_data").GetString()).ToList();

    string? LastButtonAnswer() => (string?)telegram.Calls.Last(c => c.Method.Equals("answerCallbackQuery", StringComparison.OrdinalIgnoreCase)).Params["text"];

    [Fact]
    public async Task Wrong_type_button_opens_the_types_on_the_post_and_one_tap_corrects_it()
    {
        var id = await FileReportAsync(3111, Scam);
        var guess = await Guess(id);
        var corrected = guess == "fake_loan" ? "fake_credit" : "fake_loan";
        var post = DutyPost(id);
        var usual = post.ReplyMarkupJson!;
        Assert.Equal(["已劝阻|rep:" + id + ":dissuaded", "被骗|rep:" + id + ":loss", "非诈骗|rep:" + id + ":not_fraud", "类型不对？|rtp:" + id], Buttons(usual));

        // A resident in the duty group cannot open it.
        await host.HandledAsync(telegram.CallbackQuery(3005, DutyChat, post.MessageId, $"rtp:{id}"));
        Assert.Contains("警务助理", LastButtonAnswer());
        Assert.Equal(usual, DutyPost(id).ReplyMarkupJson);

        // An assistant opens the list: every type and "other", the guess ticked, no outcome buttons; Back restores them.
        await host.HandledAsync(telegram.CallbackQuery(Assistant, DutyChat, post.MessageId, $"rtp:{id}"));
        var list = Buttons(DutyPost(id).ReplyMarkupJson);
        Assert.Equal(
            FraudWatch.Detection.FraudTypes.All.Append("other").Select(t => $"rtp:{id}:{t}").Append($"rtp:{id}:back"),
            list.Select(b => b.Split('|')[1]));
        Assert.Contains($"✓ {FraudWatch.Detection.FraudTypes.DisplayName(guess, "zh-CN")}|rtp:{id}:{guess}", list);
        Assert.Single(list, b => b.StartsWith('✓'));
        await host.HandledAsync(telegram.CallbackQuery(Assistant, DutyChat, post.MessageId, $"rtp:{id}:back"));
        Assert.Equal(usual, DutyPost(id).ReplyMarkupJson);

        await host.HandledAsync(telegram.CallbackQuery(Assistant, DutyChat, post.MessageId, $"rtp:{id}"));
        await host.HandledAsync(telegram.CallbackQuery(Assistant, DutyChat, post.MessageId, $"rtp:{id}:{corrected}"));
        var row = Assert.Single(await host.QueryAsync<(string Type, string Guessed, string Status)>(
            "SELECT fraud_type, guessed_type, status FROM reports WHERE id = @id", new { id }));
        Assert.Equal((corrected, guess, "new"), row);
        Assert.Contains("已改为" + FraudWatch.Detection.FraudTypes.DisplayName(corrected, "zh-CN"), LastButtonAnswer());
        Assert.Equal(1, await host.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'report.type' AND actor = @actor", new { actor = $"tg:{Assistant}" }));
        // The post names the new type and has its outcome buttons back; deciding then takes them away.
        var redrawn = DutyPost(id);
        Assert.Contains("类型：<b>" + FraudWatch.Detection.FraudTypes.DisplayName(corrected, "zh-CN"), redrawn.Text);
        Assert.Equal(usual, redrawn.ReplyMarkupJson);
        await host.HandledAsync(telegram.CallbackQuery(Officer, DutyChat, post.MessageId, $"rep:{id}:dissuaded"));
        Assert.Null(DutyPost(id).ReplyMarkupJson);
        Assert.Contains(FraudWatch.Detection.FraudTypes.DisplayName(corrected, "zh-CN"), DutyPost(id).Text);
    }

    [Fact]
    public async Task Type_command_redraws_an_undecided_post_and_a_stale_pick_changes_nothing()
    {
        var id = await FileReportAsync(3112, Scam);
        var guess = await Guess(id);
        var post = DutyPost(id);
        var usual = post.ReplyMarkupJson!;

        // An officer opens the list; meanwhile another corrects the type by command.
        await host.HandledAsync(telegram.CallbackQuery(Assistant, DutyChat, post.MessageId, $"rtp:{id}"));
        await Private(Officer, $"/type {id} romance");
        Assert.Contains("类型：<b>" + FraudWatch.Detection.FraudTypes.DisplayName("romance", "zh-CN"), DutyPost(id).Text);
        Assert.Equal(usual, DutyPost(id).ReplyMarkupJson);

        // Picking the type it already has changes nothing and closes the list.
        await host.HandledAsync(telegram.CallbackQuery(Assistant, DutyChat, post.MessageId, $"rtp:{id}"));
        await host.HandledAsync(telegram.CallbackQuery(Assistant, DutyChat, post.MessageId, $"rtp:{id}:romance"));
        Assert.Contains("已经是", LastButtonAnswer());
        Assert.Equal(usual, DutyPost(id).ReplyMarkupJson);
        Assert.Equal(1, await host.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'report.type'"));

        // Made-up or unknown data is refused.
        await host.HandledAsync(telegram.CallbackQuery(Assistant, DutyChat, post.MessageId, $"rtp:{id}:pyramid"));
        Assert.Contains("失效", LastButtonAnswer());
        await host.HandledAsync(telegram.CallbackQuery(Assistant, DutyChat, post.MessageId, "rtp:999999:fake_loan"));
        Assert.Contains("999999", LastButtonAnswer());
        Assert.Equal(("romance", guess), Assert.Single(await host.QueryAsync<(string, string)>("SELECT fraud_type, guessed_type FROM reports WHERE id = @id", new { id })));
    }
}
