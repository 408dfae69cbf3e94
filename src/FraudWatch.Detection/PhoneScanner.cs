using PhoneNumbers;

namespace FraudWatch.Detection;

/// <summary>
/// Digit runs (with spaces, dashes, dots or brackets inside) become phone numbers or bank cards.
/// Canonical phone forms: E.164 ("+8613812345678", "+8657788889999", "+85512345678");
/// Chinese service numbers as bare digits ("95588", "96110", "4001234567").
/// </summary>
internal static class PhoneScanner
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    public readonly record struct Match(int Start, int Length, IndicatorKind Kind, string Value);

    private readonly record struct Group(int Start, int End);

    public static void Scan(string folded, Func<int, int, bool> isClaimed, List<Match> results)
    {
        var groups = new List<Group>(8);
        var i = 0;
        while (i < folded.Length)
        {
            var chunkStart = i;
            var plus = false;
            if (folded[i] == '(' && i + 1 < folded.Length && (folded[i + 1] == '+' || char.IsAsciiDigit(folded[i + 1])))
            {
                i++;
            }

            if (folded[i] == '+' && i + 1 < folded.Length && char.IsAsciiDigit(folded[i + 1]))
            {
                plus = true;
                i++;
            }

            if (!char.IsAsciiDigit(folded[i]))
            {
                i = chunkStart + 1;
                continue;
            }

            var gluedLeft = chunkStart > 0 && char.IsAsciiLetterOrDigit(folded[chunkStart - 1]);
            groups.Clear();
            i = ReadChunk(folded, i, groups);
            var gluedRight = i < folded.Length && char.IsAsciiLetter(folded[i]);
            if (!gluedLeft && !gluedRight)
            {
                Resolve(folded, groups, plus, chunkStart, isClaimed, results);
            }
        }
    }

    /// <summary>Normalizes a whole string that should be one phone number; null if it is not one.</summary>
    public static string? NormalizeWhole(string folded)
    {
        var results = new List<Match>(1);
        Scan(folded.Trim(), static (_, _) => false, results);
        return results.Count == 1 && results[0].Kind == IndicatorKind.Phone && results[0].Length == folded.Trim().Length
            ? results[0].Value
            : null;
    }

    private static int ReadChunk(string s, int i, List<Group> groups)
    {
        while (true)
        {
            var start = i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }

            groups.Add(new Group(start, i));
            var sep = i;
            var sepCount = 0;
            var hasParen = false;
            while (sep < s.Length && sepCount < 2 && s[sep] is ' ' or '-' or '.' or '(' or ')')
            {
                hasParen |= s[sep] is '(' or ')';
                sep++;
                sepCount++;
            }

            var closingParen = i < s.Length && s[i] == ')';
            if (sepCount == 0 || sep >= s.Length || !char.IsAsciiDigit(s[sep]) || (sepCount == 2 && !hasParen))
            {
                return closingParen ? i + 1 : i;
            }

            i = sep;
        }
    }

    private static void Resolve(string s, List<Group> groups, bool plus, int chunkStart, Func<int, int, bool> isClaimed, List<Match> results)
    {
        var g = 0;
        while (g < groups.Count)
        {
            var found = false;
            for (var last = Math.Min(groups.Count - 1, g + 5); last >= g; last--)
            {
                var digits = Digits(s, groups, g, last);
                if (digits.Length < 5 || digits.Length > 19)
                {
                    continue;
                }

                var withPlus = plus && g == 0;
                var start = g == 0 ? chunkStart : groups[g].Start;

                var end = groups[last].End;
                if (isClaimed(start, end))
                {
                    continue;
                }

                var match = Classify(digits, withPlus, groups, g, last);
                if (match is { } m)
                {
                    results.Add(new Match(start, end - start, m.Kind, m.Value));
                    g = last + 1;
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                g++;
            }
        }
    }

    private static string Digits(string s, List<Group> groups, int first, int last)
    {
        var length = 0;
        for (var k = first; k <= last; k++)
        {
            length += groups[k].End - groups[k].Start;
        }

        return string.Create(length, (s, groups, first, last), static (span, st) =>
        {
            var pos = 0;
            for (var k = st.first; k <= st.last; k++)
            {
                var grp = st.groups[k];
                st.s.AsSpan(grp.Start, grp.End - grp.Start).CopyTo(span[pos..]);
                pos += grp.End - grp.Start;
            }
        });
    }

    private static (IndicatorKind Kind, string Value)? Classify(string digits, bool plus, List<Group> groups, int first, int last)
    {
        var n = digits.Length;
        if (plus)
        {
            return n is >= 8 and <= 15 ? ParsePhone("+" + digits, requireValid: digits.StartsWith("86", StringComparison.Ordinal)) : null;
        }

        if (n is >= 16 and <= 19 && LooksLikeCardGroups(groups, first, last) && Luhn.IsValid(digits) && !LooksLikeIdCard(digits))
        {
            return (IndicatorKind.BankCard, digits);
        }

        if (LooksLikeDate(digits, groups, first, last))
        {
            return null;
        }

        if (n == 5 && (digits.StartsWith("95", StringComparison.Ordinal) || digits.StartsWith("96", StringComparison.Ordinal)))
        {
            return (IndicatorKind.Phone, digits);
        }

        if (n == 10 && (digits.StartsWith("400", StringComparison.Ordinal) || digits.StartsWith("800", StringComparison.Ordinal)))
        {
            return (IndicatorKind.Phone, digits);
        }

        var plausible = (n == 11 && digits[0] == '1')
            || (n is >= 10 and <= 12 && digits[0] == '0' && digits[1] != '0')
            || (n is >= 12 and <= 17 && digits.StartsWith("00", StringComparison.Ordinal))
            || (n == 13 && digits.StartsWith("861", StringComparison.Ordinal));
        return plausible ? ParsePhone(digits, requireValid: true) : null;
    }

    private static (IndicatorKind Kind, string Value)? ParsePhone(string text, bool requireValid)
    {
        try
        {
            var number = Util.Parse(text, "CN");
            var ok = requireValid ? Util.IsValidNumber(number) : Util.IsPossibleNumber(number);
            return ok ? (IndicatorKind.Phone, Util.Format(number, PhoneNumberFormat.E164)) : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    // Cards are written in one run or in groups of four (the last may be shorter).
    private static bool LooksLikeCardGroups(List<Group> groups, int first, int last)
    {
        if (first == last)
        {
            return true;
        }

        for (var k = first; k < last; k++)
        {
            if (groups[k].End - groups[k].Start != 4)
            {
                return false;
            }
        }

        return groups[last].End - groups[last].Start <= 4;
    }

    // Resident id: 6-digit region, then a birth date 19xx/20xx MM DD.
    private static bool LooksLikeIdCard(string digits) =>
        digits.Length == 18 && digits[6] is '1' or '2' && digits[7] is '9' or '0' && digits[10] is '0' or '1';

    private static bool LooksLikeDate(string digits, List<Group> groups, int first, int last)
    {
        var firstLength = groups[first].End - groups[first].Start;
        var year = digits.StartsWith("19", StringComparison.Ordinal) || digits.StartsWith("20", StringComparison.Ordinal);
        if (year && firstLength == 4 && last > first && groups[first + 1].End - groups[first + 1].Start <= 2)
        {
            return true;
        }

        return year && first == last && digits.Length == 8;
    }
}
