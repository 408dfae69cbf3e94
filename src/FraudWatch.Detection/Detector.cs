namespace FraudWatch.Detection;

/// <summary>Everything FraudWatch knows about one message.</summary>
public sealed record DetectionResult(string Language, IReadOnlyList<Indicator> Indicators, Classification Classification);

public static class Detector
{
    /// <summary>The message's language, indicators and classification by <paramref name="classifier"/> (the shipped one by default).</summary>
    public static DetectionResult Analyze(string text, FraudClassifier? classifier = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var indicators = IndicatorExtractor.Extract(text);
        var classification = (classifier ?? FraudClassifier.Default).Classify(text, indicators);
        return new DetectionResult(Languages.Detect(text), indicators, classification);
    }
}
