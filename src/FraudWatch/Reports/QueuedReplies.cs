using FraudWatch.Detection;
using FraudWatch.Telegram;

namespace FraudWatch.Reports;

/// <summary>
/// Sends the report answers and warnings that could not go out at once (the group's per-minute limit used up, or
/// the shared send timeline backed up), as Telegram's limits allow, so intake never waits for Telegram. Works from
/// the database, so every instance helps. A send may wait out a 429's retry_after longer than the lease, so the claim
/// is renewed while its batch is sent (<see cref="LeaseRenewal"/>): no lane of a live instance takes it again. A reply
/// claimed by an instance that died is taken up again after the lease: a resident may, rarely, get a reply twice, never none.
/// </summary>
public sealed class QueuedReplies(
    ReportStore reports, ReputationStore reputation, WaveDesk waves, ChatSender sender, ChatLanguage languages, DetectionModel detector,
    TelegramStatus telegram, ILogger<QueuedReplies> logger)
    : QueueWorker(Signal, logger, poll: TimeSpan.FromSeconds(5))
{
    const int Batch = 8;
    static readonly QueueSignal Signal = new(lanes: 4);

    /// <summary>How long a claim whose instance died holds its replies; tests shorten it.</summary>
    internal TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Marks the report's answer as waiting and wakes the workers; with <paramref name="joinWave"/> the report joins its wave
    /// in the background (<see cref="WaveJoiner"/>) too.
    /// </summary>
    public async Task QueueAnswerAsync(long reportId, bool joinWave, CancellationToken ct)
    {
        await reports.QueueAnswerAsync(reportId, joinWave, ct);
        if (joinWave)
            AnswersQueued();
        else
            Signal.WakeAll();
    }

    /// <summary>Wakes the workers for answers stored as waiting (<see cref="NewReport.QueueAnswer"/>), and the wave join.</summary>
    public void AnswersQueued()
    {
        Signal.WakeAll();
        WaveJoiner.Enqueue();
    }

    /// <summary>Keeps the warning's text on its claim row and wakes the workers.</summary>
    public async Task QueueWarningAsync(long warningId, string reply, CancellationToken ct)
    {
        await reputation.QueueWarningAsync(warningId, reply, ct);
        Signal.WakeAll();
    }

    protected internal override async Task<bool> ProcessNextAsync(int lane, CancellationToken ct) =>
        await SendAnswersAsync(ct) + await SendWarningsAsync(ct) > 0;

    /// <summary>Claims up to a batch of waiting report answers and sends them; returns how many it claimed.</summary>
    internal async Task<int> SendAnswersAsync(CancellationToken ct)
    {
        var lease = Lease;
        var claimed = await reports.ClaimAnswersAsync(lease, Batch, ct);
        if (claimed.Ids.Count == 0)
            return 0;
        await using var claim = LeaseRenewal.Start(claimed, lease, reports.RenewAnswerClaimAsync, logger, ct);
        foreach (var id in claimed.Ids.Order())
        {
            if (!claim.Holds(id))
                continue;
            if (await reports.GetAsync(id, ct) is { } report)
            {
                // In a group the group's language; in a private chat the reporter's (a report made before it was kept: its text's).
                var lang = report.ChatId < 0 ? await languages.OfChatAsync(report.ChatId, null, ct)
                    : report.ReporterLanguage ?? languages.Of(inGroup: false, null, report.Language);
                // The wave join is idempotent: it names the wave the background join chose, or joins the report now.
                var detection = detector.Analyze(report.Text);
                var wave = await waves.JoinAsync(report, detection, report.ReporterPseudonym ?? "", ct);
                // In a group, as when the answer goes at once, the link into the private chat where the outcome can reach them.
                var link = report.ChatId < 0 ? ReportLinks.TellMeButton(telegram.BotUsername, report.Id, lang) : null;
                var result = await sender.SendAsync(report.ChatId, ReportText.Answer(report, detection, lang) + WaveDesk.SpreadSuffix(wave, lang),
                    report.ChatId < 0 ? (int)report.MessageId : null, link, ct: ct);
                if (result.Status == SendStatus.Failed)
                    logger.LogWarning("Answer to report #{Id} failed: {Error}", id, result.Error);
            }

            await reports.AnswerSentAsync(id, ct);
        }

        return claimed.Ids.Count;
    }

    /// <summary>Claims up to a batch of waiting warnings and sends them; returns how many it claimed.</summary>
    internal async Task<int> SendWarningsAsync(CancellationToken ct)
    {
        var lease = Lease;
        var claimed = await reputation.ClaimWarningsAsync(lease, Batch, ct);
        if (claimed.Count == 0)
            return 0;
        await using var claim = LeaseRenewal.Start(QueueClaim.Of([.. claimed.Select(w => (w.Id, w.ClaimedAt))]), lease, reputation.RenewWarningClaimAsync, logger, ct);
        foreach (var warning in claimed.OrderBy(w => w.Id))
        {
            if (!claim.Holds(warning.Id))
                continue;
            var result = await sender.SendAsync(warning.ChatId, warning.Reply, (int)warning.MessageId, ct: ct);
            await reputation.WarningSentAsync(warning.Id, result.MessageId, ct);
        }

        return claimed.Count;
    }
}
