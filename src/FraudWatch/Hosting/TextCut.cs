namespace FraudWatch;

/// <summary>
/// Cuts text to a length in UTF-16 units without splitting a character written as two of them (most emoji, rare Chinese
/// characters). Half of one cannot be written as UTF-8: PostgreSQL refuses to store it and Telegram refuses to send it
/// ("text must be encoded in UTF-8"), so a cut in the wrong place lost a resident's check.
/// </summary>
public static class TextCut
{
    /// <summary>At most <paramref name="max"/> units from the start, one fewer when the last would be half a pair.</summary>
    public static string Head(string text, int max)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        if (text.Length <= max)
            return text;
        return text[..(max > 0 && char.IsHighSurrogate(text[max - 1]) ? max - 1 : max)];
    }

    /// <summary><see cref="Head"/> with "…" after it when anything was cut.</summary>
    public static string Shorten(string text, int max) => text.Length <= max ? text : Head(text, max) + "…";
}
