using FraudWatch.Audit;
using FraudWatch.Detection;
using Hangfire;
using Microsoft.Extensions.Options;

namespace FraudWatch.Reports;

/// <summary>
/// The Hangfire job behind POST /api/v1/detection/learn. It learns a model from the shipped data and four fifths of the
/// county's decided reports (and the disputed private checks officers reviewed), compares it with the shipped model on the fifth held out (by report id; neither has seen
/// them, while an earlier county model has), and makes the model learned from all of them active only when it is no
/// worse there on either count: types named right, ordinary messages given a type. Every instance then answers with it
/// (<see cref="CountyModelWatcher"/>).
/// </summary>
public sealed class CountyLearningJob(
    CountyModelStore store, PrivateCheckStore checks, DetectionModel detection, AuditLog audit, IOptions<ReportsOptions> options, ILogger<CountyLearningJob> logger)
{
    /// <summary>Each decided report is learned this many times: real messages of the place weigh more than a written one.</summary>
    const int Repeat = 3;

    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(long id, CancellationToken ct)
    {
        try
        {
            await LearnAsync(id, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Learning county model {ModelId} failed", id);
            await store.FinishAsync(id, "failed", null, null, null, e.Message, CancellationToken.None);
            throw;
        }
    }

    async Task LearnAsync(long id, CancellationToken ct)
    {
        // Hangfire runs a job at least once (again after a crash between the model's record and the job's, or when an admin
        // requeues it on the dashboard): a model already finished (and perhaps since retired), or failed as lost, stays as it is.
        if (!await store.IsTrainingAsync(id, ct))
        {
            logger.LogInformation("County model {ModelId} is no longer training; its job, run again, leaves it as it is", id);
            return;
        }

        // While it learns, the job says so (a minute or more on 2 cores): a training whose heartbeat stops was lost with its
        // process, and the next learn request may start at once.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var heart = BeatAsync(id, stop.Token);
        try
        {
            await LearnCheckedAsync(id, ct);
        }
        finally
        {
            await stop.CancelAsync();
            await heart;
        }
    }

    async Task BeatAsync(long id, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                try
                {
                    await store.BeatAsync(id, ct);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "County model {ModelId}: could not record that it is still learning", id);
                }

                await Task.Delay(CountyModelStore.Heartbeat, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Learning ended.
        }
    }

    async Task LearnCheckedAsync(long id, CancellationToken ct)
    {
        // Reviewed disputes are real messages too; negative ids keep them apart from reports' in the held-out split.
        var decided = (await store.DecidedAsync(ct)).Concat((await checks.ReviewedAsync(ct)).Select(c => (Id: -c.Id, c.Text, c.Type))).ToList();
        var frauds = decided.Count(d => d.Type != FraudTypes.Other);
        var ordinary = decided.Count - frauds;
        var least = options.Value.LearnFromReports;
        if (decided.Count < least || frauds == 0 || ordinary == 0)
        {
            await store.FinishAsync(id, "rejected", null, null, null,
                $"too few decided reports: {decided.Count} ({frauds} fraud, {ordinary} not_fraud, reviewed disputes included); at least {least}, with both kinds, are needed", ct);
            return;
        }

        var orders = options.Value.LearningOrders;
        var heldOut = decided.Where(d => d.Id % 5 == 0).ToList();
        var shipped = FraudClassifier.Default;
        logger.LogInformation("Learning county model {ModelId}: {Reports} decided reports, {HeldOut} held out; step 1 of 2", id, decided.Count, heldOut.Count);
        var trial = await Task.Run(() => FraudClassifier.Learn(decided.Where(d => d.Id % 5 != 0).Select(d => (d.Text, d.Type)), Repeat, orders), ct);
        var before = Measure(shipped, heldOut);
        var after = Measure(trial, heldOut);
        var better = after.TypeRight >= before.TypeRight && after.FalseAlarms <= before.FalseAlarms;
        logger.LogInformation("County model {ModelId}: held out, shipped model {BeforeRight}/{Frauds} right and {BeforeAlarms}/{Ordinary} false alarms, learned {AfterRight} and {AfterAlarms}; step 2 of 2",
            id, before.TypeRight, before.Frauds, before.FalseAlarms, before.Ordinary, after.TypeRight, after.FalseAlarms);
        var model = await Task.Run(() => FraudClassifier.Learn(decided.Select(d => (d.Text, d.Type)), Repeat, orders), ct);
        var figures = new LearningFigures(decided.Count, frauds, ordinary, heldOut.Count, shipped.Fingerprint, before, after);
        if (!await store.FinishAsync(id, better ? "active" : "rejected", model.ModelBytes(), model.Fingerprint, figures,
                better ? null : "not used: on the held-out reports it named fewer types right or flagged more ordinary messages than the shipped model", ct))
            return;
        await audit.WriteAsync("system", "detection.learn", $"county_model:{id}", new { model.Fingerprint, active = better, figures }, ct);
        if (better)
            detection.Use(model);
    }

    static HeldOutFigures Measure(FraudClassifier classifier, IReadOnlyList<(long Id, string Text, string Type)> heldOut)
    {
        var frauds = heldOut.Where(d => d.Type != FraudTypes.Other).ToList();
        var ordinary = heldOut.Where(d => d.Type == FraudTypes.Other).ToList();
        return new HeldOutFigures(frauds.Count, frauds.Count(d => classifier.Classify(d.Text).Type == d.Type),
            ordinary.Count, ordinary.Count(d => classifier.Classify(d.Text).Type != FraudTypes.Other));
    }
}
