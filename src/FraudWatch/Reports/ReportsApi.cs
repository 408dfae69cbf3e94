using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using FraudWatch.Access;
using FraudWatch.Detection;
using FraudWatch.Telegram;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace FraudWatch.Reports;

public sealed record IndicatorView(string Kind, string Value, string Raw);

public sealed record ReportView(
    long Id, DateTime CreatedAt, string Reporter, long? GroupChatId, string? Township, string? Village, string Language,
    string Type, string TypeName, double Score, string Text, string Status, string? Outcome, bool Prevented,
    decimal? Amount, decimal? AmountProtected, decimal? AmountLost, string? OutcomeBy, DateTime? OutcomeAt, string? OutcomeNote,
    IReadOnlyList<IndicatorView> Indicators, string GuessedType, string? TypeBy)
{
    public static ReportView From(Report r, Func<long, string> pseudonym, IEnumerable<ReportIndicator> indicators) => new(
        r.Id, r.CreatedAt, r.ReporterPseudonym ?? pseudonym(r.ReporterUserId), r.GroupChatId, r.Township, r.Village, r.Language,
        r.FraudType, FraudTypes.DisplayName(r.FraudType, Languages.Chinese), r.Score, r.Text, r.Status, r.Outcome,
        r.Outcome is { } o && Outcomes.IsPrevented(o), r.Amount,
        r.Outcome is { } p && Outcomes.IsPrevented(p) ? r.Amount : null, r.Outcome == Outcomes.Loss ? r.Amount : null,
        r.OutcomeBy, r.OutcomeAt, r.OutcomeNote,
        indicators.Select(i => new IndicatorView(i.Kind, i.Value, i.Raw)).ToList(), r.GuessedType ?? r.FraudType, r.TypeBy);
}

/// <summary>A report as one CSV line: its indicators joined into one cell as <c>kind:value</c>.</summary>
public sealed record ReportCsvRow(
    long Id, DateTime CreatedAt, string Reporter, long? GroupChatId, string? Township, string? Village, string Language,
    string Type, string TypeName, double Score, string Text, string Status, string? Outcome, bool Prevented,
    decimal? Amount, decimal? AmountProtected, decimal? AmountLost, string? OutcomeBy, DateTime? OutcomeAt, string? OutcomeNote,
    string GuessedType, string? TypeBy, string Indicators)
{
    public static ReportCsvRow From(ReportView r) => new(
        r.Id, r.CreatedAt, r.Reporter, r.GroupChatId, r.Township, r.Village, r.Language, r.Type, r.TypeName, r.Score, r.Text, r.Status,
        r.Outcome, r.Prevented, r.Amount, r.AmountProtected, r.AmountLost, r.OutcomeBy, r.OutcomeAt, r.OutcomeNote, r.GuessedType, r.TypeBy,
        string.Join(' ', r.Indicators.Select(i => $"{i.Kind}:{i.Value}")));
}

public sealed record ReportDetail(ReportView Report, IReadOnlyList<AuditEntry> Audit);

public sealed record OutcomeBody(string? Outcome, JsonElement? Amount, string? Note);

public sealed record TypeBody(string? Type);

public sealed record CheckBody(string? Text);


/// <summary>
/// The answer of POST /api/v1/check. <see cref="Type"/> is a fraud type only when <see cref="Verdict"/> is "fraud";
/// "not_sure" is the classifier's own doubt (<see cref="Confidence"/> under its thresholds) or a <see cref="Caution"/>:
/// "link_to_look_at", "new_number", "call_back" or "guess_who", words that cannot show the message is safe, or
/// "courier_call", a courier's delivery problem whose only ask is a call, or "settled_debit", a notice of a sum to the cent
/// already taken with nothing asked, or "own_channel", a government office's notice whose only asks go through its own app,
/// hall or official number, where the model's fraud type is held back; or "prize", a prize the reader never
/// entered for, claimed through a link, a code or a fee (a scam of none of the ten types); or "illegal_offer", an advert for
/// online gambling, "escort" services or fake documents and invoices.
/// </summary>
public sealed record CheckView(string Language, IReadOnlyList<IndicatorView> Indicators, string Type, string TypeName, double Score, string Advice,
    IReadOnlyList<Reputation> Reputation, string Verdict, double Confidence, string? Caution);

public static class ReportsApi
{
    static readonly string[] Statuses = ["new", "resolved"];

    internal static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Reports");
        api.MapGet("/reports", ListReports).WithName(nameof(ListReports)).RequireRole(Role.Assistant)
            .WithSummary("Reports, newest first; reporters as pseudonyms; ?format=csv");
        api.MapGet("/reports/{id:long}", GetReport).WithName(nameof(GetReport)).RequireRole(Role.Assistant)
            .ProducesProblem(StatusCodes.Status404NotFound).WithSummary("One report with its indicators, outcome and audit trail");
        api.MapPost("/reports/{id:long}/outcome", RecordOutcome).WithName(nameof(RecordOutcome)).RequireRole(Role.Assistant)
            .ProducesProblem(StatusCodes.Status404NotFound).WithSummary("Record a report's outcome: {outcome, amount, note}");
        api.MapPost("/reports/{id:long}/type", CorrectType).WithName(nameof(CorrectType)).RequireRole(Role.Assistant)
            .ProducesProblem(StatusCodes.Status404NotFound).WithSummary("Correct a report's fraud type: {type}; the classifier's guess is kept");
        api.MapPost("/check", Check).WithName(nameof(Check)).RequireRole(Role.Assistant)
            .WithSummary("Indicators, fraud type, score, advice and reputation of each indicator");
        api.MapGet("/reputation/{**value}", GetReputation).WithName(nameof(GetReputation)).RequireRole(Role.Assistant)
            .ProducesProblem(StatusCodes.Status400BadRequest).WithSummary("What is known about one phone number or link");
    }

    public static async Task<Results<Ok<IEnumerable<ReportView>>, CsvList<ReportCsvRow>, ValidationProblem>> ListReports(
        HttpContext http,
        [Description("Only reports in this status: new or resolved.")] string? status,
        [Description("Only reports from groups of this township.")] string? township,
        [Description("Only reports from groups of this village.")] string? village,
        [Description("Only reports of this fraud type, e.g. impersonate_police, or other.")] string? type,
        [Description(QueryDays.FromDescription)] string? from,
        [Description(QueryDays.ToDescription)] string? to,
        [Description("Most reports to answer, 1-5000 (default 1000).")] int? limit,
        ReportStore reports, Pseudonyms pseudonyms, IOptions<FraudWatchOptions> options, TimeProvider clock, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (status is not null && !Statuses.Contains(status))
            errors["status"] = ["new or resolved."];
        if (type is not null && !FraudTypes.IsKnown(type))
            errors["type"] = [$"one of {string.Join(", ", FraudTypes.All)}, other."];
        var zone = options.Value.Zone;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), zone).DateTime);
        var fromDay = QueryDays.Parse(from, "from", errors) ?? today.AddMonths(-12);
        var toDay = QueryDays.Parse(to, "to", errors) ?? today;
        QueryDays.RequireOrder(fromDay, toDay, errors);
        if (limit is < 1 or > 5000)
            errors["limit"] = ["1-5000."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        var filter = new ReportFilter(status, township, village, type, QueryDays.StartUtc(fromDay, zone),
            QueryDays.StartUtc(toDay.AddDays(1), zone), limit ?? 1000);
        var list = await reports.ListAsync(filter, ct);
        var indicators = (await reports.IndicatorsAsync(list.Select(r => r.Id).ToList(), ct)).ToLookup(i => i.ReportId);
        var pseudonym = await pseudonyms.ResolverAsync(ct);
        var views = list.Select(r => ReportView.From(r, pseudonym, indicators[r.Id]));
        return http.WantsCsv() ? new CsvList<ReportCsvRow>(views.Select(ReportCsvRow.From), "reports") : TypedResults.Ok(views);
    }

    public static async Task<Results<Ok<ReportDetail>, ProblemHttpResult>> GetReport(long id, ReportStore reports, Pseudonyms pseudonyms, CancellationToken ct)
    {
        if (await reports.GetAsync(id, ct) is not { } report)
            return TypedResults.Problem(statusCode: 404, title: "Unknown report", detail: $"No report #{id}.");
        var view = ReportView.From(report, await pseudonyms.ResolverAsync(ct), await reports.IndicatorsAsync([id], ct));
        return TypedResults.Ok(new ReportDetail(view, await reports.AuditTrailAsync(id, ct)));
    }

    public static async Task<Results<Ok<ReportView>, ValidationProblem, ProblemHttpResult>> RecordOutcome(
        long id, OutcomeBody body, OutcomeService outcomes, Pseudonyms pseudonyms, ReportStore reports, HttpContext http, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var outcome = body.Outcome?.Trim().ToLowerInvariant();
        if (!Outcomes.IsKnown(outcome))
            errors["outcome"] = ["dissuaded, intercepted, loss, not_fraud or duplicate."];
        decimal? amount = null;
        switch (body.Amount)
        {
            case null or { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined }:
                break;
            case { ValueKind: JsonValueKind.Number } number when number.TryGetDecimal(out var value):
                amount = value;
                break;
            case { ValueKind: JsonValueKind.String } text when IndicatorExtractor.ParseAmount(text.GetString()!) is { } parsed:
                amount = parsed;
                break;
            default:
                errors["amount"] = ["an amount in yuan: 5000, \"¥2,000\" or \"3.5万\"."];
                break;
        }

        if (outcome is not null && Outcomes.IsKnown(outcome) && ReportArgs.CheckAmount(outcome, amount) is { } amountError)
            errors["amount"] = [amountError];
        if (body.Note is { Length: > 2000 })
            errors["note"] = ["at most 2000 characters."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        var actor = http.User.Identity?.Name ?? "api";
        var note = string.IsNullOrWhiteSpace(body.Note) ? null : body.Note.Trim();
        var (status, report) = await outcomes.RecordAsync(new OutcomeRequest(id, outcome!, amount, note, actor, actor, OnlyIfNew: false), ct);
        if (status == OutcomeStatus.NotFound)
            return TypedResults.Problem(statusCode: 404, title: "Unknown report", detail: $"No report #{id}.");
        return TypedResults.Ok(ReportView.From(report!, await pseudonyms.ResolverAsync(ct), await reports.IndicatorsAsync([id], ct)));
    }

    public static async Task<Results<Ok<ReportView>, ValidationProblem, ProblemHttpResult>> CorrectType(
        long id, TypeBody body, OutcomeService outcomes, Pseudonyms pseudonyms, ReportStore reports, HttpContext http, CancellationToken ct)
    {
        var type = body.Type?.Trim().ToLowerInvariant();
        if (type is null || !FraudTypes.IsKnown(type))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["type"] = [$"one of {string.Join(", ", FraudTypes.All)}, other."] });
        var actor = http.User.Identity?.Name ?? "api";
        var (status, report) = await outcomes.CorrectTypeAsync(id, type, actor, actor, ct);
        if (status == OutcomeStatus.NotFound)
            return TypedResults.Problem(statusCode: 404, title: "Unknown report", detail: $"No report #{id}.");
        return TypedResults.Ok(ReportView.From(report!, await pseudonyms.ResolverAsync(ct), await reports.IndicatorsAsync([id], ct)));
    }

    /// <summary>
    /// The longest text POST /api/v1/check takes: a whole call transcript or forwarded chat. Its phones and links are all
    /// found; the classifier reads the first 20,000 characters.
    /// </summary>
    internal const int MaxCheckChars = 100_000;

    public static async Task<Results<Ok<CheckView>, ValidationProblem>> Check(CheckBody body, Checker checker, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body.Text) || body.Text.Length > MaxCheckChars)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["text"] = [$"the message to check, 1-{MaxCheckChars} characters."] });
        var result = await checker.CheckAsync(body.Text, bareValueAlone: false, ct);
        var detection = result.Detection!;
        var c = detection.Classification;
        return TypedResults.Ok(new CheckView(detection.Language, detection.Indicators.Select(i => new IndicatorView(i.KindCode, i.Value, i.Raw)).ToList(),
            c.Type, FraudTypes.DisplayName(c.Type, detection.Language), c.Score, c.Advice, result.Reputation,
            c.Verdict.ToCode(), c.Confidence, c.Caution.ToCode()));
    }

    public static async Task<Results<Ok<Reputation>, ProblemHttpResult>> GetReputation(
        [Description("A phone number or link, percent-encoded (a URL's slashes as %2F).")] string value, ReputationStore reputation, CancellationToken ct)
    {
        // Routing leaves an encoded slash (%2F) encoded; decode what remains.
        var decoded = Uri.UnescapeDataString(value);
        if (ReportArgs.Normalize(decoded) is not var (normalized, kind))
            return TypedResults.Problem(statusCode: 400, title: "Not a phone number or link", detail: $"'{decoded}' is neither; percent-encode a phone number or URL into the path.");
        return TypedResults.Ok((await reputation.LookupAsync([(kind, normalized)], ct))[0]);
    }
}
