using System.Diagnostics.Tracing;
using System.Globalization;
using System.Runtime;

namespace FraudWatch.Benchmarks;

/// <summary>
/// Each garbage collection's generation and pause (runtime suspended to restarted), from the runtime's own events.
/// A pause stops every thread, timers included: one longer than the limiter's late-slot tolerance forfeits the slots
/// it covers, so how the pause time is split matters as much as its total.
/// </summary>
sealed class GcPauses : EventListener
{
    readonly Lock gate = new();
    readonly List<(int Gen, double Ms)> pauses = [];
    DateTime suspendedAt;
    int generation = -1;

    public void Clear()
    {
        lock (gate)
            pauses.Clear();
    }

    public string Summary()
    {
        lock (gate)
        {
            var byGen = string.Join(", ", pauses.GroupBy(p => p.Gen).OrderBy(g => g.Key).Select(g => $"gen{g.Key} {g.Count()}"));
            return string.Create(CultureInfo.InvariantCulture,
                $"GC pauses {pauses.Sum(p => p.Ms):0} ms ({(GCSettings.IsServerGC ? "server" : "workstation")} GC; {byGen}; longest {pauses.Select(p => p.Ms).DefaultIfEmpty(0).Max():0} ms)");
        }
    }

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
            EnableEvents(source, EventLevel.Informational, (EventKeywords)0x1); // GC
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        switch (e.EventName)
        {
            case "GCSuspendEEBegin_V1":
                suspendedAt = e.TimeStamp;
                break;
            case "GCStart_V2":
                generation = Convert.ToInt32(e.Payload![1], CultureInfo.InvariantCulture);
                break;
            case "GCRestartEEEnd_V1":
                lock (gate)
                    pauses.Add((generation, (e.TimeStamp - suspendedAt).TotalMilliseconds));
                break;
        }
    }
}
