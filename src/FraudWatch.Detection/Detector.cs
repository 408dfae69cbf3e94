namespace FraudWatch.Detection;

/// <summary>Everything FraudWatch knows about one message.</summary>
public sealed record DetectionResult(string Language, IReadOnlyList<Indicator> Indicators, Classification Classification);

public static class Detector
{
    /// <summary>The message's language, indicators and classification by <paramref name="classifier"/> (the shipped one by default).</summary>
    public static DetectionResult Analyze(string text, FraudClassifier? classifier = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = TextFold.Readable(text);
        var indicators = IndicatorExtractor.ExtractReadable(text, out var widened);
        // The model reads the indicators in the form it learned them (IndicatorExtractor.AsLearned), not the wider one;
        // read again only when the wider reading found something.
        var classification = (classifier ?? FraudClassifier.Default).ClassifyReadable(text, widened ? IndicatorExtractor.AsLearned(text) : indicators);
        return new DetectionResult(Languages.Detect(text), indicators, classification);
    }

    /// <summary>
    /// The text as detection reads it: without characters that show nothing (zero-width spaces and joiners, direction
    /// marks, soft hyphens) and without emoji put inside a number ("138🌹0013🌹8000"), which scam texts use to slip past
    /// filters; a text stored word by word ("您好 ， 这里 是 平台 客服") or spaced out character by character ("加 微 信 1 3 8")
    /// without those spaces. The same string when there is none of these; reading it again changes nothing.
    /// Indicators' <see cref="Indicator.Raw"/> are written as in this form.
    /// </summary>
    public static string Readable(string text) => TextFold.Readable(text);
}
