using System.Text.Json.Nodes;
using FraudWatch.IntegrationTests.FakeTelegram;
using FraudWatch.Reports;

namespace FraudWatch.IntegrationTests.Reports;

/// <summary>A resident who reported in a group follows the answer's link into the private chat and hears the outcome there.</summary>
public sealed class ReportLinkTests : ReportsTestBase
{
    const long Resident = 3601;

    protected override IReadOnlyDictionary<long, string> UserLanguages { get; } = new Dictionary<long, string> { [Resident] = "zh-hans" };

    [Fact]
    public async Task The_deep_link_subscribes_a_group_reporter_who_then_gets_the_outcome_in_words()
    {
        await InGroup(VillageChat, Resident, "/report " + Scam);
        var id = await LastReportId();
        var answer = telegram.SentTo(VillageChat).Last();
        var url = (string)JsonNode.Parse(answer.ReplyMarkupJson!)!["inline_keyboard"]![0]![0]!["url"]!;
        Assert.Equal($"https://t.me/{telegram.BotUsername}?start=r{id}", url);

        // Someone else cannot use the link.
        await Private(3602, $"/start r{id}");
        Assert.DoesNotContain($"#{id}", telegram.SentTo(3602).Last().Text);

        await Private(Resident, $"/start r{id}");
        Assert.Contains($"#{id}", telegram.SentTo(Resident).Last().Text);
        Assert.Contains("结果", telegram.SentTo(Resident).Last().Text);

        await Private(Assistant, $"/outcome {id} dissuaded");
        var notice = telegram.SentTo(Resident).Last().Text;
        Assert.Contains($"#{id}", notice);
        Assert.Contains("劝阻", notice);
        Assert.DoesNotContain("dissuaded", notice);
    }

    // A group's answer sent from the queue (Telegram's limits backed up) carries the same link as one sent at once: before
    // the thirty-fifth session it went without it, and a reporter in a busy group had no way to hear the outcome.
    [Fact]
    public async Task A_group_answer_sent_from_the_queue_keeps_the_link()
    {
        await InGroup(VillageChat, Resident, "/report " + Scam);
        var id = await LastReportId();
        var before = telegram.SentTo(VillageChat).Count;

        await host.Get<QueuedReplies>().QueueAnswerAsync(id, joinWave: false, CancellationToken.None);
        await host.WaitForAsync<long>("SELECT count(*) FROM reports WHERE id = @id AND NOT answer_pending", new { id }, seconds: 15);

        Assert.Equal(before + 1, telegram.SentTo(VillageChat).Count);
        var answer = telegram.SentTo(VillageChat)[^1];
        Assert.Contains($"#{id}", answer.Text);
        var url = (string)JsonNode.Parse(answer.ReplyMarkupJson!)!["inline_keyboard"]![0]![0]!["url"]!;
        Assert.Equal($"https://t.me/{telegram.BotUsername}?start=r{id}", url);
    }
}
