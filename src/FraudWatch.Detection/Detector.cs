namespace FraudWatch.Detection;

/// <summary>Everything FraudWatch knows about one message.</summary>
public sealed record DetectionResult(string Language, IReadOnlyList<Indicator> Indicators, Classification Classification);

public static class Detector
{
    public static DetectionResult Analyze(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var indicators = IndicatorExtractor.Extract(text);
        var classification = FraudClassifier.Default.Classify(text, indicators);
        return new DetectionResult(Languages.Detect(text), indicators, classification);
    }
}
