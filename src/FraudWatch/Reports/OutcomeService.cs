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

/// <summary>
/// A stored decision on a report (an outcome or a type) and what is left to do about it: shown on the duty post, and, for
/// a first outcome, told to the reporter (<see cref="OutcomeService.PublishAsync"/>).
/// </summary>
public sealed record OutcomeDecision(OutcomeStatus Status, Report? Report, bool TellReporter = false);

/// <summary>One way to record an outcome, whether from a button, /outcome or the API: audited, shown on the duty post, told to the reporter;
/// and an officer's correction of a report's fraud type.</summary>
public sealed class OutcomeService(ReportStore reports, AuditLog audit, DutyDesk desk, ChatSender sender, ChatLanguage languages, ILogger<OutcomeService> logger)
{
    public async Task<(OutcomeStatus Status, Report? Report)> RecordAsync(OutcomeRequest request, CancellationToken ct)
    {
        var decision = await StoreAsync(request, ct);
        await PublishAsync(decision, ct);
        return (decision.Status, decision.Report);
    }

    /// <summary>
    /// Stores and audits an outcome, and nothing more: a button answers its press before <see cref="PublishAsync"/> talks to
    /// Telegram, which may take long enough for the press to expire.
    /// </summary>
    public async Task<OutcomeDecision> StoreAsync(OutcomeRequest request, CancellationToken ct)
    {
        var (before, after) = await reports.RecordOutcomeAsync(
            request.ReportId, request.Outcome, request.Amount, request.Note, request.ActorName, request.OnlyIfNew, ct);
        if (before is null)
            return new(OutcomeStatus.NotFound, null);
        if (after is null)
            return new(before.Status == "resolved" && before.Outcome != request.Outcome ? OutcomeStatus.AlreadyDecided : OutcomeStatus.Unchanged, before);

        await audit.WriteAsync(request.Actor, "report.outcome", $"report:{after.Id}", new
        {
            outcome = after.Outcome,
            amount = after.Amount,
            note = after.OutcomeNote,
            by = request.ActorName,
            previousOutcome = before.Outcome,
            previousAmount = before.Amount,
        }, ct);
        return new(OutcomeStatus.Recorded, after, TellReporter: before.Outcome is null);
    }

    /// <summary>Brings the duty post up to date with a recorded decision and tells the reporter a first outcome.</summary>
    public async Task PublishAsync(OutcomeDecision decision, CancellationToken ct)
    {
        if (decision is not { Status: OutcomeStatus.Recorded, Report: { } report })
            return;
        await desk.ShowAsync(report, ct);
        if (decision.TellReporter)
            await TellReporterAsync(report, ct);
    }

    /// <summary>
    /// An officer's fraud type for a report, when the classifier guessed wrong: the statistics count it from now on, the
    /// guess is kept for GET /api/v1/stats/detection, the change is audited, and a decided duty post shows it.
    /// </summary>
    public async Task<(OutcomeStatus Status, Report? Report)> CorrectTypeAsync(long reportId, string type, string actor, string actorName, CancellationToken ct)
    {
        var decision = await StoreTypeAsync(reportId, type, actor, actorName, ct);
        await PublishAsync(decision, ct);
        return (decision.Status, decision.Report);
    }

    /// <summary>Stores and audits a type correction, and nothing more (see <see cref="StoreAsync"/>).</summary>
    public async Task<OutcomeDecision> StoreTypeAsync(long reportId, string type, string actor, string actorName, CancellationToken ct)
    {
        var (before, after) = await reports.CorrectTypeAsync(reportId, type, actorName, ct);
        if (before is null)
            return new(OutcomeStatus.NotFound, null);
        if (after is null)
            return new(OutcomeStatus.Unchanged, before);

        await audit.WriteAsync(actor, "report.type", $"report:{after.Id}", new
        {
            type = after.FraudType,
            previousType = before.FraudType,
            guessedType = after.GuessedType,
            by = actorName,
        }, ct);
        return new(OutcomeStatus.Recorded, after);
    }

    async Task TellReporterAsync(Report report, CancellationToken ct)
    {
        // Past the retention period the reporter's id is gone (0): there is no one left to tell.
        if (report.ReporterUserId == 0)
            return;
        // In the reporter's own language; a report made before it was kept falls back to its text's.
        var text = ResidentText.OutcomeNotice(report.Id, report.Outcome!, report.ReporterLanguage ?? languages.Of(inGroup: false, null, report.Language));
        // A resident who never opened a private chat with the bot cannot be reached; the outcome stands regardless.
        var sent = await sender.ReplyAsync(report.ReporterUserId, text, ct: ct);
        if (sent.Status is SendStatus.Failed or SendStatus.Left)
            logger.LogInformation("Could not tell the reporter of #{ReportId} the outcome: {Error}", report.Id, sent.Error);
    }
}
