using System.Text.Json;
using Dapper;
using FraudWatch.Audit;
using FraudWatch.Detection;
using Hangfire;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FraudWatch.Reports;

/// <summary>
/// The classifier this instance answers with: the shipped one, or the county's active model
/// (<see cref="CountyModelWatcher"/>). Every /report, /check, private check and queued answer goes through it.
/// </summary>
public sealed class DetectionModel
{
    FraudClassifier current = FraudClassifier.Default;

    public FraudClassifier Current => Volatile.Read(ref current);

    public DetectionResult Analyze(string text) => Detector.Analyze(text, Current);

    /// <summary>Answers with <paramref name="classifier"/> from now on; null goes back to the shipped model.</summary>
    public void Use(FraudClassifier? classifier) => Volatile.Write(ref current, classifier ?? FraudClassifier.Default);
}

/// <summary>How a model answered the held-out fifth of the county's decided reports.</summary>
public sealed record HeldOutFigures(int Frauds, int TypeRight, int Ordinary, int FalseAlarms)
{
    public double? TypeAccuracy => Frauds == 0 ? null : Math.Round((double)TypeRight / Frauds, 4);
    public double? FalseAlarmRate => Ordinary == 0 ? null : Math.Round((double)FalseAlarms / Ordinary, 4);
}

/// <summary>What a county model learned from and how it compared with the model in use on the held-out reports.</summary>
public sealed record LearningFigures(int Reports, int Frauds, int Ordinary, int HeldOut, string InUse, HeldOutFigures Before, HeldOutFigures After);

/// <summary>A row of county_models, without the model's bytes.</summary>
public sealed record CountyModel(
    long Id, string RequestedBy, DateTime RequestedAt, string Status, DateTime? FinishedAt, string? Fingerprint, LearningFigures? Figures, string? Reason);

/// <summary>county_models: models learned from the county's decided reports, at most one active.</summary>
public sealed class CountyModelStore(NpgsqlDataSource db)
{
    const string Columns = "id, requested_by, requested_at, status, finished_at, fingerprint, figures::text AS figures, reason";

    /// <summary>A new model in training, or null when one is already training (one at a time).</summary>
    public async Task<CountyModel?> StartAsync(string requestedBy, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // One at a time across instances; a model still "training" after an hour was lost with its process.
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(7418011)", transaction: transaction, cancellationToken: ct));
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition($"""
            INSERT INTO county_models (requested_by)
            SELECT @requestedBy WHERE NOT EXISTS (SELECT 1 FROM county_models WHERE status = 'training' AND requested_at > now() - interval '1 hour')
            RETURNING {Columns}
            """, new { requestedBy }, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
        return row?.ToModel();
    }

    public async Task<IReadOnlyList<CountyModel>> ListAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<Row>(new CommandDefinition($"SELECT {Columns} FROM county_models ORDER BY id DESC LIMIT 100", cancellationToken: ct)))
            .Select(r => r.ToModel()).ToList();
    }

    /// <summary>The reports officers decided, as the county's labelled messages: a fraud outcome gives the report's type
    /// (an officer's correction or the guess they let stand), not_fraud gives "other". Texts past retention are blank.</summary>
    public async Task<IReadOnlyList<(long Id, string Text, string Type)>> DecidedAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<(long, string, string)>(new CommandDefinition("""
            SELECT id, text, CASE WHEN outcome = 'not_fraud' THEN 'other' ELSE fraud_type END
            FROM reports
            WHERE outcome IN ('dissuaded', 'intercepted', 'loss', 'not_fraud') AND text <> ''
            ORDER BY id
            """, cancellationToken: ct))).AsList();
    }

    /// <summary>Ends a training: "active" replaces the active model in the same transaction; "rejected" or "failed" say why.</summary>
    public async Task FinishAsync(long id, string status, byte[]? model, string? fingerprint, LearningFigures? figures, string? reason, CancellationToken ct)
    {
        var activate = status == "active";
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (activate)
            await connection.ExecuteAsync(new CommandDefinition("UPDATE county_models SET status = 'retired' WHERE status = 'active'", transaction: transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE county_models SET status = @status, finished_at = now(), model = @model, fingerprint = @fingerprint, figures = @figures::jsonb, reason = @reason
            WHERE id = @id
            """, new
        {
            id, model, fingerprint, reason, status,
            figures = figures is null ? null : JsonSerializer.Serialize(figures, JsonSerializerOptions.Web),
        }, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
    }

    /// <summary>Retires a model: with none active, the shipped model answers again. False if it was not active.</summary>
    public async Task<bool> RetireAsync(long id, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE county_models SET status = 'retired' WHERE id = @id AND status = 'active'", new { id }, cancellationToken: ct)) == 1;
    }

    /// <summary>Retention: deletes the county models requested before <paramref name="cutoffUtc"/> that no longer answer.
    /// The active one stays until replaced or retired (its weights are hashed statistics, not texts).</summary>
    public async Task<int> DeleteOlderThanAsync(DateTime cutoffUtc, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM county_models WHERE status IN ('retired', 'rejected', 'failed') AND requested_at < @cutoffUtc", new { cutoffUtc }, cancellationToken: ct));
    }

    /// <summary>The active model's fingerprint, or null when the shipped model should answer.</summary>
    public async Task<string?> ActiveFingerprintAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            "SELECT fingerprint FROM county_models WHERE status = 'active'", cancellationToken: ct));
    }

    public async Task<byte[]?> ActiveModelAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<byte[]?>(new CommandDefinition(
            "SELECT model FROM county_models WHERE status = 'active'", cancellationToken: ct));
    }

    sealed record Row(long Id, string RequestedBy, DateTime RequestedAt, string Status, DateTime? FinishedAt, string? Fingerprint, string? Figures, string? Reason)
    {
        public CountyModel ToModel() => new(Id, RequestedBy, RequestedAt, Status, FinishedAt, Fingerprint,
            Figures is null ? null : JsonSerializer.Deserialize<LearningFigures>(Figures, JsonSerializerOptions.Web), Reason);
    }
}

/// <summary>
/// The Hangfire job behind POST /api/v1/detection/learn. It learns a model from the shipped data and four fifths of the
/// county's decided reports, compares it with the model in use on the fifth held out (by report id), and makes the model
/// learned from all of them active only when it is no worse there on either count: types named right, ordinary
/// messages given a type. Every instance then answers with it (<see cref="CountyModelWatcher"/>).
/// </summary>
public sealed class CountyLearningJob(
    CountyModelStore store, DetectionModel detection, AuditLog audit, IOptions<ReportsOptions> options, ILogger<CountyLearningJob> logger)
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
        var decided = await store.DecidedAsync(ct);
        var frauds = decided.Count(d => d.Type != FraudTypes.Other);
        var ordinary = decided.Count - frauds;
        var least = options.Value.LearnFromReports;
        if (decided.Count < least || frauds == 0 || ordinary == 0)
        {
            await store.FinishAsync(id, "rejected", null, null, null,
                $"too few decided reports: {decided.Count} ({frauds} fraud, {ordinary} not_fraud); at least {least}, with both kinds, are needed", ct);
            return;
        }

        var orders = options.Value.LearningOrders;
        var heldOut = decided.Where(d => d.Id % 5 == 0).ToList();
        var inUse = detection.Current;
        logger.LogInformation("Learning county model {ModelId}: {Reports} decided reports, {HeldOut} held out; step 1 of 2", id, decided.Count, heldOut.Count);
        var trial = await Task.Run(() => FraudClassifier.Learn(decided.Where(d => d.Id % 5 != 0).Select(d => (d.Text, d.Type)), Repeat, orders), ct);
        var before = Measure(inUse, heldOut);
        var after = Measure(trial, heldOut);
        var better = after.TypeRight >= before.TypeRight && after.FalseAlarms <= before.FalseAlarms;
        logger.LogInformation("County model {ModelId}: held out, in use {BeforeRight}/{Frauds} right and {BeforeAlarms}/{Ordinary} false alarms, learned {AfterRight} and {AfterAlarms}; step 2 of 2",
            id, before.TypeRight, before.Frauds, before.FalseAlarms, before.Ordinary, after.TypeRight, after.FalseAlarms);
        var model = await Task.Run(() => FraudClassifier.Learn(decided.Select(d => (d.Text, d.Type)), Repeat, orders), ct);
        var figures = new LearningFigures(decided.Count, frauds, ordinary, heldOut.Count, inUse.Fingerprint, before, after);
        await store.FinishAsync(id, better ? "active" : "rejected", model.ModelBytes(), model.Fingerprint, figures,
            better ? null : "not used: on the held-out reports it named fewer types right or flagged more ordinary messages than the model in use", ct);
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

/// <summary>Keeps this instance answering with the active county model (or the shipped one): at start, then every minute.</summary>
public sealed class CountyModelWatcher(CountyModelStore store, DetectionModel detection, ILogger<CountyModelWatcher> logger) : BackgroundService
{
    internal static readonly TimeSpan Every = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every);
        do
        {
            try
            {
                await SyncAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not read the active county model; answering with the model in use");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Loads the active model when it is not the one in use; goes back to the shipped model when none is active.</summary>
    public async Task SyncAsync(CancellationToken ct)
    {
        var active = await store.ActiveFingerprintAsync(ct);
        var inUse = detection.Current;
        if (active is null)
        {
            if (!ReferenceEquals(inUse, FraudClassifier.Default))
            {
                detection.Use(null);
                logger.LogInformation("No county model is active: answering with the shipped model {Fingerprint}", FraudClassifier.Default.Fingerprint);
            }

            return;
        }

        if (active == inUse.Fingerprint || await store.ActiveModelAsync(ct) is not { } bytes)
            return;
        var model = FraudClassifier.FromModel(bytes);
        detection.Use(model);
        logger.LogInformation("Answering with county model {Fingerprint}", model.Fingerprint);
    }
}
