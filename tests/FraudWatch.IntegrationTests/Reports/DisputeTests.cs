using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FraudWatch.IntegrationTests.Reports;

/// <summary>
/// "Not a scam" under a private check the bot called a scam: officers see it, review it, the resident is told, and the
/// review is measured. Where the bot had not said scam, the press is only thanked.
/// </summary>
public sealed class DisputeTests : ReportsTestBase
{
    const long Resident = 3401;
    const long Other = 3402;
    const long English = 3403;
    const string Sms = "【顺丰速运】您的快递在运输中丢失，我司将为您办理理赔，请联系客服 0577-8888 9999 并按提示操作退款。";
    const string Courier = "【顺丰速运】您的快件已到菜鸟驿站，取件码 3-2-1008，请凭码取件。";

    protected override IReadOnlyDictionary<long, string> UserLanguages { get; } =
        new Dictionary<long, string> { [Resident] = "zh-hans", [Other] = "zh-hans", [English] = "en" };

    static string Yesterday => DateTime.UtcNow.AddHours(8).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    static string Today => DateTime.UtcNow.AddHours(8).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Sends the text in private and presses "Not a scam" under the answer; the answer's id.</summary>
    async Task<(long MessageId, string Data)> CheckAndDisputeAsync(long user, string text)
    {
        await host.HandledAsync(telegram.PrivateText(user, text));
        var answer = telegram.SentTo(user).Last();
        var data = (string)JsonNode.Parse(answer.ReplyMarkupJson!)!["inline_keyboard"]![0]![1]!["callback_data"]!;
        Assert.StartsWith("chk:n:", data);
        await host.HandledAsync(telegram.CallbackQuery(user, user, answer.MessageId, data));
        return (answer.MessageId, data);
    }

    string? LastButtonAnswer() => (string?)telegram.Calls.Last(c => c.Method.Equals("answerCallbackQuery", StringComparison.OrdinalIgnoreCase)).Params["text"];

    [Fact]
    public async Task Not_a_scam_under_a_scam_answer_is_reviewed_by_an_officer_and_the_resident_is_told()
    {
        var (answerId, data) = await CheckAndDisputeAsync(Resident, Sms);
        Assert.Equal("谢谢您的反馈。", LastButtonAnswer());
        var noted = telegram.SentTo(Resident).Last();
        Assert.Contains("民警会看一看", noted.Text);
        Assert.Contains("不要按它说的转账", noted.Text);
        // A second press is thanked again and changes nothing.
        var sent = telegram.SentTo(Resident).Count;
        await host.HandledAsync(telegram.CallbackQuery(Resident, Resident, answerId, data));
        Assert.Equal(sent, telegram.SentTo(Resident).Count);

        var open = await host.Client("assistant").GetFromJsonAsync<JsonElement>("/api/v1/checks/disputed");
        var dispute = Assert.Single(open.EnumerateArray());
        var id = dispute.GetProperty("id").GetInt64();
        Assert.Equal(Sms, dispute.GetProperty("text").GetString());
        Assert.Equal("fake_customer_service", dispute.GetProperty("guessedType").GetString());
        Assert.Matches("^R-[A-Z2-7]{8}$", dispute.GetProperty("resident").GetString());
        Assert.DoesNotContain(Resident.ToString(CultureInfo.InvariantCulture), dispute.GetRawText());
        Assert.Equal(HttpStatusCode.Forbidden, (await host.Client("analyst").GetAsync("/api/v1/checks/disputed")).StatusCode);

        // Wrong bodies and unknown checks change nothing.
        var assistant = host.Client("assistant");
        Assert.Equal(HttpStatusCode.BadRequest, (await assistant.PostAsJsonAsync($"/api/v1/checks/{id}/review", new { verdict = "maybe" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await assistant.PostAsJsonAsync($"/api/v1/checks/{id}/review", new { verdict = "ordinary", type = "fake_loan" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await assistant.PostAsJsonAsync($"/api/v1/checks/{id}/review", new { verdict = "fraud", type = "pyramid" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await assistant.PostAsJsonAsync("/api/v1/checks/999999/review", new { verdict = "ordinary" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.Client("analyst").PostAsJsonAsync($"/api/v1/checks/{id}/review", new { verdict = "ordinary" })).StatusCode);
        Assert.Equal(0, await host.ScalarAsync<long>("SELECT count(*) FROM private_checks WHERE reviewed_as IS NOT NULL"));

        var reviewed = await (await assistant.PostAsJsonAsync($"/api/v1/checks/{id}/review", new { verdict = "ordinary" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("ordinary", reviewed.GetProperty("reviewedAs").GetString());
        Assert.EndsWith("assistant", reviewed.GetProperty("reviewedBy").GetString());
        var told = telegram.SentTo(Resident).Last();
        Assert.Contains("它是正常消息，机器人判断错了", told.Text);
        // A reply to the message the resident asked about.
        Assert.Equal(await host.ScalarAsync<long>("SELECT message_id FROM private_checks WHERE id = @id", new { id }), told.ReplyToMessageId);
        Assert.Empty((await assistant.GetFromJsonAsync<JsonElement>("/api/v1/checks/disputed")).EnumerateArray());
        Assert.Single((await assistant.GetFromJsonAsync<JsonElement>("/api/v1/checks/disputed?status=reviewed")).EnumerateArray());
        Assert.Contains("ordinary", await assistant.GetStringAsync("/api/v1/checks/disputed?status=all&format=csv"));

        // A change of mind is recorded and audited, but the resident is not told twice.
        sent = telegram.SentTo(Resident).Count;
        var changed = await (await assistant.PostAsJsonAsync($"/api/v1/checks/{id}/review", new { verdict = "fraud" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("fraud", "fake_customer_service"), (changed.GetProperty("reviewedAs").GetString(), changed.GetProperty("reviewedType").GetString()));
        Assert.Equal(sent, telegram.SentTo(Resident).Count);
        Assert.Equal(2, await host.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'report.type' OR action = 'check.review'"));

        var stats = await host.Client("analyst").GetFromJsonAsync<JsonElement>($"/api/v1/stats/detection?from={Yesterday}&to={Today}");
        Assert.Equal((1, 0, 1), (stats.GetProperty("disputes").GetInt64(), stats.GetProperty("disputesOrdinary").GetInt64(), stats.GetProperty("disputesFraud").GetInt64()));
    }

    [Fact]
    public async Task Not_a_scam_where_the_bot_did_not_say_scam_is_only_thanked_and_forgotten_in_two_days()
    {
        await CheckAndDisputeAsync(Other, Courier);
        Assert.Equal("谢谢您的反馈。", LastButtonAnswer());
        Assert.DoesNotContain(telegram.SentTo(Other), m => m.Text.Contains("民警会看一看"));
        Assert.Empty((await host.Client("assistant").GetFromJsonAsync<JsonElement>("/api/v1/checks/disputed?status=all")).EnumerateArray());

        // A dispute outlives the two days that other private checks are kept; both go at the retention period.
        await CheckAndDisputeAsync(Resident, Sms);
        Assert.Equal(2, await host.ScalarAsync<long>("WITH u AS (UPDATE private_checks SET created_at = created_at - interval '3 days' RETURNING 1) SELECT count(*) FROM u"));
        await host.HandledAsync(telegram.PrivateText(Other, Courier + " "));
        var left = await host.QueryAsync<(string Text, string Verdict)>("SELECT text, verdict FROM private_checks ORDER BY id");
        Assert.Equal([(Sms, "fraud"), (Courier, "ordinary")], left);
    }

    [Fact]
    public async Task A_dispute_is_posted_to_the_duty_group_and_one_tap_reviews_it()
    {
        await CheckAndDisputeAsync(Resident, Sms);
        var id = await host.ScalarAsync<long>("SELECT id FROM private_checks WHERE feedback = 'not_fraud'");
        var post = telegram.SentTo(DutyChat).Last();
        Assert.Contains("居民说“不是诈骗”", post.Text);
        Assert.Contains("冒充电商物流客服", post.Text);
        Assert.Contains("0577-8888 9999", post.Text);
        Assert.DoesNotContain(Resident.ToString(CultureInfo.InvariantCulture), post.Text);
        var buttons = JsonNode.Parse(post.ReplyMarkupJson!)!["inline_keyboard"]![0]!.AsArray().Select(b => (string)b!["callback_data"]!).ToList();
        Assert.Equal([$"dsp:{id}:ordinary", $"dsp:{id}:fraud"], buttons);

        // Not for a resident in the duty group.
        await host.HandledAsync(telegram.CallbackQuery(3005, DutyChat, post.MessageId, $"dsp:{id}:ordinary"));
        Assert.Contains("警务助理", LastButtonAnswer());
        Assert.Equal(0, await host.ScalarAsync<long>("SELECT count(*) FROM private_checks WHERE reviewed_as IS NOT NULL"));

        await host.HandledAsync(telegram.CallbackQuery(Assistant, DutyChat, post.MessageId, $"dsp:{id}:fraud"));
        Assert.Equal(("fraud", "fake_customer_service"), (await host.QueryAsync<(string, string)>(
            "SELECT reviewed_as, reviewed_type FROM private_checks WHERE id = @id", new { id })).Single());
        Assert.Contains("它是诈骗（冒充电商物流客服）", telegram.SentTo(Resident).Last().Text);
        var edited = telegram.SentTo(DutyChat).Single(m => m.MessageId == post.MessageId);
        Assert.Contains("✅ 复核：<b>诈骗（冒充电商物流客服）</b>", edited.Text);
        Assert.Null(edited.ReplyMarkupJson);

        // A later press on a stale copy of the buttons changes nothing.
        var told = telegram.SentTo(Resident).Count;
        await host.HandledAsync(telegram.CallbackQuery(Officer, DutyChat, post.MessageId, $"dsp:{id}:ordinary"));
        Assert.Contains("已由", LastButtonAnswer());
        Assert.Equal("fraud", await host.ScalarAsync<string>("SELECT reviewed_as FROM private_checks WHERE id = @id", new { id }));
        Assert.Equal(told, telegram.SentTo(Resident).Count);
    }

    [Fact]
    public async Task One_resident_cannot_flood_the_duty_group_with_disputes()
    {
        var before = telegram.SentTo(DutyChat).Count;
        for (var i = 0; i < 4; i++)
            await CheckAndDisputeAsync(Other, Sms + new string('！', i + 1));
        // Reports__DutyPostsPerReporterPerHour (3): the fourth waits in the console and the API.
        Assert.Equal(3, telegram.SentTo(DutyChat).Count - before);
        Assert.Equal(4, (await host.Client("assistant").GetFromJsonAsync<JsonElement>("/api/v1/checks/disputed")).GetArrayLength());
    }

    [Fact]
    public async Task A_resident_in_English_is_answered_in_English_at_every_step()
    {
        await CheckAndDisputeAsync(English, Sms);
        Assert.Equal("Thank you for telling us.", LastButtonAnswer());
        var noted = telegram.SentTo(English).Last().Text;
        Assert.StartsWith("Thank you. An officer will look at it", noted);
        Assert.DoesNotMatch(@"\p{IsCJKUnifiedIdeographs}", noted);

        var id = await host.ScalarAsync<long>("SELECT id FROM private_checks WHERE user_id = @English", new { English });
        await host.Client("assistant").PostAsJsonAsync($"/api/v1/checks/{id}/review", new { verdict = "fraud", type = "fake_customer_service" });
        var told = telegram.SentTo(English).Last().Text;
        Assert.Contains("it is a scam (", told);
        Assert.DoesNotMatch(@"\p{IsCJKUnifiedIdeographs}", told);
    }
}
