using FraudWatch.Detection;

namespace FraudWatch.Reports;

/// <summary>What /check and POST /api/v1/check find in a text: its analysis (none for a bare phone or link) and the reputation of what it holds.</summary>
public sealed record CheckResult(DetectionResult? Detection, IReadOnlyList<Reputation> Reputation);

/// <summary>The one implementation of /check, shared by the bot and the API.</summary>
public sealed class Checker(ReputationStore reputation, DetectionModel detector)
{
    /// <summary>The indicators that have a reputation: numbers, links, cards and accounts (amounts do not).</summary>
    public static List<(string Kind, string Value)> Keys(IEnumerable<Indicator> indicators) =>
        indicators.Where(i => i.Kind != IndicatorKind.Amount).Select(i => (i.KindCode, i.Value)).ToList();

    /// <param name="bareValueAlone">A text that is only a phone or link is looked up as such, without analysis.</param>
    public async Task<CheckResult> CheckAsync(string text, bool bareValueAlone, CancellationToken ct)
    {
        DetectionResult? detection = null;
        List<(string Kind, string Value)> keys;
        if (bareValueAlone && ReportArgs.Normalize(text) is var (value, kind))
            keys = [(kind, value)];
        else
        {
            detection = detector.Analyze(text);
            keys = Keys(detection.Indicators);
        }

        return new CheckResult(detection, keys.Count == 0 ? [] : await reputation.LookupAsync(keys, ct));
    }
}
