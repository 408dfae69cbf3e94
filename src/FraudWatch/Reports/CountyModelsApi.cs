using System.ComponentModel;
using FraudWatch.Access;
using FraudWatch.Audit;
using Hangfire;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FraudWatch.Reports;

/// <summary>The county models: which one answers, what it learned from, how it compared.</summary>
public sealed record CountyModelsView(string InUse, string Shipped, IReadOnlyList<CountyModel> Models);

/// <summary>A county model as one CSV line, its held-out figures flattened.</summary>
public sealed record CountyModelCsvRow(
    long Id, string RequestedBy, DateTime RequestedAt, string Status, DateTime? FinishedAt, string? Fingerprint, int? Reports, int? HeldOut,
    string? Shipped, int? HeldOutFrauds, int? RightBefore, int? RightAfter, int? HeldOutOrdinary, int? FalseAlarmsBefore, int? FalseAlarmsAfter, string? Reason)
{
    public static CountyModelCsvRow From(CountyModel m) => new(
        m.Id, m.RequestedBy, m.RequestedAt, m.Status, m.FinishedAt, m.Fingerprint, m.Figures?.Reports, m.Figures?.HeldOut, m.Figures?.Shipped,
        m.Figures?.Before.Frauds, m.Figures?.Before.TypeRight, m.Figures?.After.TypeRight, m.Figures?.Before.Ordinary,
        m.Figures?.Before.FalseAlarms, m.Figures?.After.FalseAlarms, m.Reason);
}

/// <summary>/api/v1/detection: learn a model from the county's decided reports, list the models, retire the active one (admin).</summary>
public static class CountyModelsApi
{
    internal static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/detection").WithTags("Detection");
        api.MapPost("/learn", Learn).WithName(nameof(Learn)).RequireRole(Role.Admin)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Learn a model from the shipped data and the county's decided reports, in the background; it answers only if it is no worse than the shipped model on the reports held out");
        api.MapGet("/models", ListModels).WithName(nameof(ListModels)).RequireRole(Role.Admin)
            .WithSummary("The model in use, the shipped one, and the county models with their figures (newest first); ?format=csv lists the models");
        api.MapPost("/models/{id:long}/retire", RetireModel).WithName(nameof(RetireModel)).RequireRole(Role.Admin)
            .ProducesProblem(StatusCodes.Status404NotFound).WithSummary("Stop answering with the active county model: the shipped model answers again");
    }

    public static async Task<Results<Accepted<CountyModel>, ProblemHttpResult>> Learn(
        HttpContext http, CountyModelStore store, IBackgroundJobClient jobs, AuditLog audit, CancellationToken ct)
    {
        var actor = http.User.Identity?.Name ?? "api";
        if (await store.StartAsync(actor, ct) is not { } model)
            return TypedResults.Problem(statusCode: 409, title: "Already learning", detail: "A county model is being learned; wait for it (GET /api/v1/detection/models).");
        jobs.Enqueue<CountyLearningJob>(j => j.RunAsync(model.Id, CancellationToken.None));
        await audit.WriteAsync(actor, "detection.learn.start", $"county_model:{model.Id}", new { }, ct);
        return TypedResults.Accepted("/api/v1/detection/models", model);
    }

    public static async Task<Results<Ok<CountyModelsView>, CsvList<CountyModelCsvRow>>> ListModels(
        HttpContext http, CountyModelStore store, DetectionModel detection, CancellationToken ct)
    {
        var models = await store.ListAsync(ct);
        return http.WantsCsv() ? new CsvList<CountyModelCsvRow>(models.Select(CountyModelCsvRow.From), "county-models")
            : TypedResults.Ok(new CountyModelsView(detection.Current.Fingerprint, Detection.FraudClassifier.Default.Fingerprint, models));
    }

    public static async Task<Results<Ok<CountyModelsView>, ProblemHttpResult>> RetireModel(
        [Description("The active county model's id.")] long id, HttpContext http, CountyModelStore store, CountyModelWatcher watcher,
        DetectionModel detection, AuditLog audit, CancellationToken ct)
    {
        if (!await store.RetireAsync(id, ct))
            return TypedResults.Problem(statusCode: 404, title: "Not the active model", detail: $"County model {id} is not active.");
        await audit.WriteAsync(http.User.Identity?.Name ?? "api", "detection.retire", $"county_model:{id}", new { }, ct);
        await watcher.SyncAsync(ct);
        return TypedResults.Ok(new CountyModelsView(detection.Current.Fingerprint, Detection.FraudClassifier.Default.Fingerprint, await store.ListAsync(ct)));
    }
}
