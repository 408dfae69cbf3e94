using FraudWatch.Audit;
using FraudWatch.Detection;
using FraudWatch.Telegram;

namespace FraudWatch.Reports;

/// <summary>An officer's review of a dispute, from the API or the console: "ordinary" (the bot was wrong) or "fraud" with a type.</summary>
/// <param name="OnlyIfNew">A duty-group button: the first review stands, a later press changes nothing.</param>
public sealed record DisputeReview(long CheckId, string Verdict, string? Type, string Actor, string ActorName, bool OnlyIfNew = false);

/// <summary>
/// Disputes: private checks the bot called a scam and the resident marked "Not a scam". One way to review them: stored,
/// audited ("check.review"), and the resident told the officer's answer in the chat where they asked, the first time.
/// </summary>
public sealed class CheckDisputes(PrivateCheckStore checks, AuditLog audit, ChatSender sender, ILogger<CheckDisputes> logger)
{
    public const string Ordinary = "ordinary";
    public const string Fraud = "fraud";

    /// <summary>Null when the review's verdict and type are well formed; otherwise the field at fault and what is wrong.</summary>
    public static (string Field, string Message)? Validate(string? verdict, string? type) => verdict switch
    {
        Ordinary when string.IsNullOrEmpty(type) => null,
        Ordinary => ("type", "an ordinary message has no type; leave type out."),
        Fraud when string.IsNullOrEmpty(type) || FraudTypes.All.Contains(type) => null,
        Fraud => ("type", $"type: one of {string.Join(", ", FraudTypes.All)}, or left out for the type the bot named."),
        _ => ("verdict", "verdict: ordinary (the bot was wrong) or fraud (it is a scam)."),
    };

    public async Task<(OutcomeStatus Status, Dispute? Dispute)> ReviewAsync(DisputeReview review, CancellationToken ct)
    {
        var (before, after) = await checks.ReviewAsync(review.CheckId, review.Verdict, string.IsNullOrEmpty(review.Type) ? null : review.Type, review.ActorName, review.OnlyIfNew, ct);
        if (before is null)
            return (OutcomeStatus.NotFound, null);
        if (after is null)
            return (OutcomeStatus.Unchanged, before);

        await audit.WriteAsync(review.Actor, "check.review", $"check:{after.Id}", new
        {
            verdict = after.ReviewedAs,
            type = after.ReviewedType,
            guessedType = after.GuessedType,
            by = review.ActorName,
            previousVerdict = before.ReviewedAs,
            previousType = before.ReviewedType,
        }, ct);
        if (before.ReviewedAs is null)
        {
            // Told once: a later change of mind is for the officers to explain in person.
            var sent = await sender.ReplyAsync(after.ChatId, ResidentText.DisputeReviewed(after.ReviewedAs!, after.ReviewedType, after.Language), (int)after.MessageId, ct: ct);
            if (sent.Status is SendStatus.Failed or SendStatus.Left)
                logger.LogInformation("Could not tell the resident of check {CheckId} the review: {Error}", after.Id, sent.Error);
        }

        return (OutcomeStatus.Recorded, after);
    }
}
