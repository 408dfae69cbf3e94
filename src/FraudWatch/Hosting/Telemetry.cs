using System.Diagnostics.Metrics;

namespace FraudWatch;

/// <summary>
/// The <c>FraudWatch</c> meter and the instruments features record into with one call (Metrics/ exports them).
/// Names use dots; Prometheus shows them as <c>fraudwatch_*</c>, counters with <c>_total</c>.
/// </summary>
public static class Telemetry
{
    public const string MeterName = "FraudWatch";

    public static readonly Meter Meter = new(MeterName);

    static readonly Counter<long> Sends = Meter.CreateCounter<long>("fraudwatch.sends", "{call}",
        "Bot API calls (sendMessage, edits, pins, buttons) by outcome: sent, dry_run, kicked, migrated, rate_limited, transient, rejected");

    static readonly Counter<long> Pauses = Meter.CreateCounter<long>("fraudwatch.rate_limit.pauses", "{pause}",
        "429 answers from Telegram that paused every send on every instance");

    static readonly Counter<long> ReportsIngested = Meter.CreateCounter<long>("fraudwatch.reports.ingested", "{report}",
        "Reports stored (refused ones over the per-hour limit not counted)");

    static readonly Histogram<double> Detection = Meter.CreateHistogram<double>("fraudwatch.detection.duration", "s",
        "Time to extract indicators and guess the fraud type of one report");

    public static void Sent(string outcome) => Sends.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public static void Paused() => Pauses.Add(1);

    public static void ReportIngested() => ReportsIngested.Add(1);

    public static void Detected(TimeSpan elapsed) => Detection.Record(elapsed.TotalSeconds);
}
