namespace FraudWatch.Detection;

/// <summary>
/// Finds phones, links, bank cards, payment accounts and amounts in one message, read without characters that show
/// nothing, symbols inside a number, or the spaces of a text stored word by word or spaced out
/// (<see cref="Detector.Readable"/>, which is also how each <see cref="Indicator.Raw"/> is written). Pure and
/// thread-safe.
/// </summary>
public static class IndicatorExtractor
{
    public static IReadOnlyList<Indicator> Extract(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return ExtractReadable(TextFold.Readable(text));
    }

    /// <summary>
    /// <see cref="Extract"/> of a text already made readable (<see cref="TextFold.Readable"/>) or cut from one, read as
    /// it is: detection reads a message once and hands that form on.
    /// </summary>
    internal static IReadOnlyList<Indicator> ExtractReadable(string text) => ExtractReadable(text, asLearned: false, out _);

    /// <param name="widened">Whether a wider reading than the learned one found something (else <see cref="AsLearned"/> gives the same list).</param>
    internal static IReadOnlyList<Indicator> ExtractReadable(string text, out bool widened) => ExtractReadable(text, asLearned: false, out widened);

    /// <summary>
    /// The indicators as the shipped model learned them (its rule features read them): without the later, wider
    /// readings (links with 。 or 点 for dots, short-link TLDs, ids right after a service's name), so those widen what
    /// residents are told and what is looked up without changing a single answer of the model.
    /// </summary>
    internal static IReadOnlyList<Indicator> AsLearned(string text) => ExtractReadable(text, asLearned: true, out _);

    private static IReadOnlyList<Indicator> ExtractReadable(string text, bool asLearned, out bool widened)
    {
        widened = false;
        if (text.Length == 0)
        {
            return [];
        }

        var folded = TextFold.Fold(text, lower: false);
        var found = new List<(int Start, Indicator Indicator)>();
        var claimed = new List<(int Start, int End)>();

        var urls = new List<UrlScanner.Match>();
        widened = UrlScanner.Scan(folded, urls, asLearned);
        foreach (var url in urls)
        {
            found.Add((url.Start, new Indicator(IndicatorKind.Url, url.Value, text.Substring(url.Start, url.Length))));
            claimed.Add((url.Start, url.Start + url.Length));
        }

        var accounts = new List<PaymentAccountScanner.Match>();
        PaymentAccountScanner.Scan(folded, accounts, asLearned);
        widened |= accounts.Exists(a => !a.Marked);
        foreach (var account in accounts)
        {
            found.Add((account.Start, new Indicator(IndicatorKind.PaymentAccount, account.Value, text.Substring(account.Start, account.Length))));
            if (account.Service == "qq")
            {
                // A QQ id is never a phone; a WeChat or Alipay id often is one, so those stay open to the phone scan.
                claimed.Add((account.IdStart, account.Start + account.Length));
            }
        }

        var amounts = new List<AmountScanner.Match>();
        AmountScanner.Scan(folded, amounts);
        foreach (var amount in amounts)
        {
            if (Overlaps(claimed, amount.Start, amount.Start + amount.Length))
            {
                continue;
            }

            found.Add((amount.Start, new Indicator(IndicatorKind.Amount, AmountScanner.Format(amount.Value), text.Substring(amount.Start, amount.Length))));
            claimed.Add((amount.Start, amount.Start + amount.Length));
        }

        var numbers = new List<PhoneScanner.Match>();
        PhoneScanner.Scan(folded, (start, end) => Overlaps(claimed, start, end), numbers);
        foreach (var number in numbers)
        {
            found.Add((number.Start, new Indicator(number.Kind, number.Value, text.Substring(number.Start, number.Length))));
        }

        found.Sort((a, b) => a.Start.CompareTo(b.Start));
        var result = new List<Indicator>(found.Count);
        foreach (var (_, indicator) in found)
        {
            if (!result.Exists(r => r.Kind == indicator.Kind && r.Value == indicator.Value))
            {
                result.Add(indicator);
            }
        }

        return result;
    }

    /// <summary>
    /// Normalizes one bare phone number or link exactly as <see cref="Extract"/> would, for reputation look-ups.
    /// Returns null when the input is neither.
    /// </summary>
    public static string? NormalizeValue(string input)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return null;
        }

        var folded = TextFold.Fold(input.Trim(), lower: false);
        return PhoneScanner.NormalizeWhole(folded) ?? UrlScanner.NormalizeWhole(folded);
    }

    /// <summary>Parses a command argument such as "5000", "3.5万", "¥2,000" or "20w" into yuan; null if it is not an amount.</summary>
    public static decimal? ParseAmount(string input)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return null;
        }

        return AmountScanner.ParseWhole(TextFold.Fold(input, lower: false));
    }

    private static bool Overlaps(List<(int Start, int End)> spans, int start, int end)
    {
        foreach (var (s, e) in spans)
        {
            if (start < e && s < end)
            {
                return true;
            }
        }

        return false;
    }
}
