using FraudWatch.Detection;

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

/// <summary>Keeps this instance answering with the active county model (or the shipped one): at start, then every minute.</summary>
public sealed class CountyModelWatcher(CountyModelStore store, DetectionModel detection, ILogger<CountyModelWatcher> logger) : BackgroundService
{
    internal static readonly TimeSpan Every = TimeSpan.FromMinutes(1);

    /// <summary>The active model's fingerprint when it could not be read: not read again (2.5 MB a minute) until another is active.</summary>
    string? unreadable;

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

        if (active == inUse.Fingerprint || active == Volatile.Read(ref unreadable) || await store.ActiveModelAsync(ct) is not { } bytes)
            return;
        FraudClassifier model;
        try
        {
            model = FraudClassifier.FromModel(bytes);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The model in use may be one an admin has since retired: the shipped model is the one known to be wanted.
            Volatile.Write(ref unreadable, active);
            detection.Use(null);
            logger.LogError(e, "County model {Fingerprint} is active but this instance cannot read it (written by another version, or damaged): answering with the shipped model {Shipped}",
                active, FraudClassifier.Default.Fingerprint);
            return;
        }

        detection.Use(model);
        logger.LogInformation("Answering with county model {Fingerprint}", model.Fingerprint);
    }
}
