using System.Globalization;
using FraudWatch.Audit;
using FraudWatch.Telegram;

namespace FraudWatch.Reports;

public enum OutcomeStatus
{
    Recorded,
    /// <summary>The same decision was already recorded: nothing changed.</summary>
    Unchanged,
    /// <summary>A button was pressed on a report someone already decided: the first decision stands.</summary>
    AlreadyDecided,
    NotFound,
}

public sealed record OutcomeRequest(long ReportId, string Outcome, decimal? Amount, string? Note, string Actor, string ActorName, bool OnlyIfNew);

/// <summary>One way to record an outcome, whether from a button, /outcome or the API: audited, shown on the duty post, told to the reporter;
/// and an officer's correction of a report's fraud type.</summary>
public sealed class OutcomeService(ReportStore reports, AuditLog audit, DutyDesk desk, ChatSender sender, ChatLanguage languages, ILogger<OutcomeService> logger)
{
    public async Task<(OutcomeStatus Status, Report? Report)> RecordAsync(OutcomeRequest request, CancellationToken ct)
    {
        var (before, after) = await reports.RecordOutcomeAsync(
            request.ReportId, request.Outcome, request.Amount, request.Note, request.ActorName, request.OnlyIfNew, ct);
        if (before is null)
            return (OutcomeStatus.NotFound, null);
        if (after is null)
            return (before.Status == "resolved" && before.Outcome != request.Outcome ? OutcomeStatus.AlreadyDecided : OutcomeStatus.Unchanged, before);

        await audit.WriteAsync(request.Actor, "report.outcome", $"report:{after.Id}", new
        {
            outcome = after.Outcome,
            amount = after.Amount,
            note = after.OutcomeNote,
            by = request.ActorName,
            previousOutcome = before.Outcome,
            previousAmount = before.Amount,
        }, ct);
        await desk.ShowAsync(after, ct);
        await TellReporterAsync(after, before.Outcome is null, ct);
        return (OutcomeStatus.Recorded, after);
    }

    /// <summary>
    /// An officer's fraud type for a report, when the classifier guessed wrong: the statistics count it from now on, the
    /// guess is kept for GET /api/v1/stats/detection, the change is audited, and a decided duty post shows it.
    /// </summary>
    public async Task<(OutcomeStatus Status, Report? Report)> CorrectTypeAsync(long reportId, string type, string actor, string actorName, CancellationToken ct)
    {
        var (before, after) = await reports.CorrectTypeAsync(reportId, type, actorName, ct);
        if (before is null)
            return (OutcomeStatus.NotFound, null);
        if (after is null)
            return (OutcomeStatus.Unchanged, before);

        await audit.WriteAsync(actor, "report.type", $"report:{after.Id}", new
        {
            type = after.FraudType,
            previousType = before.FraudType,
            guessedType = after.GuessedType,
            by = actorName,
        }, ct);
        await desk.ShowAsync(after, ct);
        return (OutcomeStatus.Recorded, after);
    }

    async Task TellReporterAsync(Report report, bool first, CancellationToken ct)
    {
        // Past the retention period the reporter's id is gone (0): there is no one left to tell.
        if (!first || report.ReporterUserId == 0)
            return;
        // In the reporter's own language; a report made before it was kept falls back to its text's.
        var text = ResidentText.OutcomeNotice(report.Id, report.Outcome!, report.ReporterLanguage ?? languages.Of(inGroup: false, null, report.Language));
        // A resident who never opened a private chat with the bot cannot be reached; the outcome stands regardless.
        var sent = await sender.ReplyAsync(report.ReporterUserId, text, ct: ct);
        if (sent.Status is SendStatus.Failed or SendStatus.Left)
            logger.LogInformation("Could not tell the reporter of #{ReportId} the outcome: {Error}", report.Id, sent.Error);
    }
}
