using System.ComponentModel;
using FraudWatch.Access;
using FraudWatch.Detection;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FraudWatch.Reports;

/// <summary>A dispute as the API shows it: the resident as a pseudonym, never their Telegram id.</summary>
public sealed record DisputeView(
    long Id, DateTime At, string Resident, string Text, string? ForwardedFrom, string Language, string GuessedType, string GuessedTypeName,
    string? ReviewedAs, string? ReviewedType, string? ReviewedBy, DateTime? ReviewedAt)
{
    public static DisputeView From(Dispute d, Func<long, string> pseudonym) => new(
        d.Id, d.FeedbackAt, pseudonym(d.UserId), d.Text, d.ForwardedFrom, d.Language, d.GuessedType,
        FraudTypes.DisplayName(d.GuessedType, Languages.Chinese), d.ReviewedAs, d.ReviewedType, d.ReviewedBy, d.ReviewedAt);
}

public sealed record ReviewBody(string? Verdict, string? Type);

/// <summary>
/// Disputes: messages residents checked in private that the bot called a scam and they marked "Not a scam". Officers
/// review each: ordinary (a false alarm on a real message) or a scam (the resident is warned).
/// </summary>
public static class DisputesApi
{
    static readonly string[] Statuses = ["open", "reviewed", "all"];

    internal static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/checks").WithTags("Reports");
        api.MapGet("/disputed", ListDisputes).WithName(nameof(ListDisputes)).RequireRole(Role.Assistant)
            .WithSummary("Private checks the bot called a scam and the resident marked \"Not a scam\", newest first; residents as pseudonyms; ?format=csv");
        api.MapPost("/{id:long}/review", ReviewDispute).WithName(nameof(ReviewDispute)).RequireRole(Role.Assistant)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Review a dispute: {verdict: ordinary|fraud, type}; the resident is told the first time, the review is audited and measured");
    }

    public static async Task<Results<Ok<IEnumerable<DisputeView>>, CsvList<DisputeView>, ValidationProblem>> ListDisputes(
        HttpContext http,
        [Description("open (not yet reviewed, the default), reviewed or all.")] string? status,
        [Description("Most disputes to answer, 1-5000 (default 1000).")] int? limit,
        PrivateCheckStore checks, Pseudonyms pseudonyms, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (status is not null && !Statuses.Contains(status))
            errors["status"] = ["open, reviewed or all."];
        if (limit is < 1 or > 5000)
            errors["limit"] = ["1-5000."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        var list = await checks.DisputesAsync((status ?? "open") switch { "open" => false, "reviewed" => true, _ => null }, limit ?? 1000, ct);
        var pseudonym = await pseudonyms.ResolverAsync(ct);
        var views = list.Select(d => DisputeView.From(d, pseudonym));
        return http.WantsCsv() ? new CsvList<DisputeView>(views, "disputes") : TypedResults.Ok(views);
    }

    public static async Task<Results<Ok<DisputeView>, ValidationProblem, ProblemHttpResult>> ReviewDispute(
        long id, ReviewBody body, HttpContext http, CheckDisputes disputes, Pseudonyms pseudonyms, CancellationToken ct)
    {
        if (CheckDisputes.Validate(body.Verdict, body.Type) is var (field, message))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

        var actor = http.User.Identity?.Name ?? "api";
        var (status, dispute) = await disputes.ReviewAsync(new DisputeReview(id, body.Verdict!, body.Type, actor, actor), ct);
        if (status == OutcomeStatus.NotFound)
            return TypedResults.Problem(statusCode: 404, title: "No such dispute",
                detail: $"Check {id} is not a dispute: it does not exist, the bot did not call it a scam, or the resident did not mark it \"Not a scam\".");
        return TypedResults.Ok(DisputeView.From(dispute!, await pseudonyms.ResolverAsync(ct)));
    }
}
