using System.Globalization;
using Dapper;
using FraudWatch.IntegrationTests.FakeTelegram;
using FraudWatch.Reports;

namespace FraudWatch.IntegrationTests.Reports;

/// <summary>
/// The queued answers and warnings, and the duty posts, with a 2-second lease: a reply still being sent keeps its claim
/// however long Telegram's 429 makes it wait, so it reaches its chat once.
/// </summary>
public sealed class QueueLeaseTests : ReportsTestBase
{
    const long WarnedGroup = -7_735_000_001;

    [Fact]
    public async Task A_queued_answer_and_warning_that_wait_out_two_429s_longer_than_the_lease_reach_their_groups_once()
    {
        host.Get<QueuedReplies>().Lease = TimeSpan.FromSeconds(2);
        await InGroup(VillageChat, 3801, "/report " + Scam);
        var id = await LastReportId();
        var marker = string.Create(CultureInfo.InvariantCulture, $"#{id}");
        var answersBefore = telegram.SentTo(VillageChat).Count(m => m.Text.Contains(marker, StringComparison.Ordinal));
        await using (var connection = await host.Db.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("""
                INSERT INTO warnings_sent (chat_id, message_id, kind, value, reason, text, pending)
                VALUES (@WarnedGroup, 78, 'phone', '+8657788889999', 'confirmed', '原消息', false)
                """, new { WarnedGroup });
        }

        var warningId = await host.ScalarAsync<long>("SELECT id FROM warnings_sent WHERE chat_id = @WarnedGroup", new { WarnedGroup });

        // Two 429s of 4 s keep each reply in its claim for 8 s, four leases; the other three lanes poll every 5 s meanwhile.
        telegram.Fault(VillageChat, FaultKind.TooManyRequests(4), times: 2);
        telegram.Fault(WarnedGroup, FaultKind.TooManyRequests(4), times: 2);
        await host.Get<QueuedReplies>().QueueAnswerAsync(id, joinWave: false, CancellationToken.None);
        await host.Get<QueuedReplies>().QueueWarningAsync(warningId, "⚠️ slow queued warning 96110", CancellationToken.None);

        await host.WaitForAsync<long>("SELECT count(*) FROM reports WHERE id = @id AND NOT answer_pending", new { id }, seconds: 40);
        await host.WaitForAsync<long>("SELECT count(*) FROM warnings_sent WHERE id = @warningId AND NOT pending", new { warningId }, seconds: 40);
        // A lane that had taken a reply over would still be waiting out its group's pause: give it the time to send.
        await Task.Delay(TimeSpan.FromSeconds(6));
        Assert.Equal(answersBefore + 1, telegram.SentTo(VillageChat).Count(m => m.Text.Contains(marker, StringComparison.Ordinal)));
        Assert.Single(telegram.SentTo(WarnedGroup), m => m.Text.Contains("slow queued warning", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_duty_post_that_waits_out_two_429s_longer_than_the_lease_is_posted_once_whoever_polls_meanwhile()
    {
        var poster = host.Get<DutyPoster>();
        poster.Lease = TimeSpan.FromSeconds(2);
        telegram.Fault(DutyChat, FaultKind.TooManyRequests(3), times: 2);
        await InGroup(VillageChat, 3802, "/report " + Scam);
        var id = await LastReportId();
        var marker = string.Create(CultureInfo.InvariantCulture, $"#{id}</b>");

        // The background poster is waiting out the first 429 when the lease runs out; then a second poster (another
        // instance's, on its poll) looks for work.
        await Task.Delay(TimeSpan.FromSeconds(3));
        await poster.ProcessNextAsync(0, CancellationToken.None);

        await host.WaitForAsync<long>("SELECT count(*) FROM reports WHERE id = @id AND duty_message_id IS NOT NULL", new { id }, seconds: 30);
        await Task.Delay(TimeSpan.FromSeconds(4));
        Assert.Single(telegram.SentTo(DutyChat), m => m.Text.Contains(marker, StringComparison.Ordinal));
    }
}
