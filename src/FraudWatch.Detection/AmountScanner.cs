using System.Globalization;

namespace FraudWatch.Detection;

/// <summary>Money amounts: a currency mark before (¥ $ RMB 人民币) or a unit after (元 块 万 w), else not an amount.</summary>
internal static class AmountScanner
{
    private static readonly string[] Prefixes = ["¥", "$", "rmb", "人民币", "usd", "cny"];
    private static readonly string[] Units = ["元", "块钱", "块", "圆", "rmb", "yuan", "cny", "美元", "美金", "usd", "dollars", "dollar"];

    private const string CountingWords = "人名个次户步里亩斤字件只头张本篇条元年";

    public readonly record struct Match(int Start, int Length, decimal Value);

    public static void Scan(string folded, List<Match> results)
    {
        var i = 0;
        while (i < folded.Length)
        {
            if (TryMatchAt(folded, i, allowBare: false, out var m))
            {
                results.Add(m);
                i = m.Start + m.Length;
            }
            else
            {
                i++;
            }
        }
    }

    public static decimal? ParseWhole(string folded)
    {
        var text = folded.Trim();
        return text.Length > 0 && TryMatchAt(text, 0, allowBare: true, out var m) && m.Length == text.Length ? m.Value : null;
    }

    private static bool TryMatchAt(string s, int start, bool allowBare, out Match match)
    {
        match = default;
        var i = start;
        var hasPrefix = false;
        foreach (var prefix in Prefixes)
        {
            if (TextFold.StartsWithIgnoreCase(s, i, prefix))
            {
                if (char.IsAsciiLetter(prefix[0]) && i > 0 && char.IsAsciiLetter(s[i - 1]))
                {
                    continue;
                }

                hasPrefix = true;
                i += prefix.Length;
                while (i < s.Length && s[i] == ' ')
                {
                    i++;
                }

                break;
            }
        }

        if (i >= s.Length || !char.IsAsciiDigit(s[i]))
        {
            return false;
        }

        // A number glued to letters, digits or a dot on its left is part of something else (an id, a version).
        if (!hasPrefix && i > 0 && (char.IsAsciiLetterOrDigit(s[i - 1]) || s[i - 1] is '.' or ',' or '+'))
        {
            return false;
        }

        var digits = new System.Text.StringBuilder();
        while (i < s.Length)
        {
            var c = s[i];
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
                i++;
            }
            else if (c == ',' && HasThreeDigits(s, i + 1))
            {
                i++;
            }
            else
            {
                break;
            }
        }

        if (i + 1 < s.Length && s[i] == '.' && char.IsAsciiDigit(s[i + 1]))
        {
            digits.Append('.');
            i++;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                digits.Append(s[i]);
                i++;
            }
        }

        if (digits.Length > 15 || !decimal.TryParse(digits.ToString(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        var afterNumber = i;
        var j = i;
        if (j < s.Length && s[j] == ' ')
        {
            j++;
        }

        var multiplier = 1m;
        var strongMultiplier = false;
        if (j < s.Length)
        {
            var c = s[j];
            var nextIsLetter = j + 1 < s.Length && char.IsAsciiLetter(s[j + 1]);
            switch (c)
            {
                case '万': multiplier = 10_000m; strongMultiplier = true; j++; value += ReadWanTail(s, ref j) / multiplier; break;
                case '亿': multiplier = 100_000_000m; strongMultiplier = true; j++; break;
                case '千': multiplier = 1_000m; j++; break;
                case 'w' or 'W' when !nextIsLetter: multiplier = 10_000m; strongMultiplier = true; j++; break;
                case 'k' or 'K' when !nextIsLetter: multiplier = 1_000m; j++; break;
            }
        }

        var hasUnit = false;
        var k = j;
        if (k < s.Length && s[k] == ' ' && multiplier != 1m)
        {
            k++;
        }

        foreach (var unit in Units)
        {
            if (TextFold.StartsWithIgnoreCase(s, k, unit))
            {
                var unitEnd = k + unit.Length;
                if (char.IsAsciiLetter(unit[0]) && unitEnd < s.Length && char.IsAsciiLetter(s[unitEnd]))
                {
                    continue;
                }

                hasUnit = true;
                j = unitEnd;
                break;
            }
        }

        if (multiplier == 1m && !hasUnit)
        {
            j = afterNumber;
        }

        if (!(hasPrefix || hasUnit || strongMultiplier || (allowBare && (multiplier == 1m || j > afterNumber))))
        {
            return false;
        }

        // "2万人" is a crowd, not money: a bare 万 followed by a counting word is no amount.
        if (strongMultiplier && !hasUnit && !hasPrefix && j < s.Length && CountingWords.Contains(s[j]))
        {
            return false;
        }

        // A number glued to letters on its right ("12345abc") is an id, not money.
        if (!hasUnit && j < s.Length && char.IsAsciiLetterOrDigit(s[j]))
        {
            return false;
        }

        match = new Match(start, j - start, value * multiplier);
        return true;
    }

    // "3万5千" = 35000, "3万5" = 35000, "1万2000" = 12000.
    private static decimal ReadWanTail(string s, ref int j)
    {
        var k = j;
        while (k < s.Length && char.IsAsciiDigit(s[k]) && k - j < 4)
        {
            k++;
        }

        if (k == j || (k < s.Length && (char.IsAsciiDigit(s[k]) || s[k] == '.')))
        {
            return 0;
        }

        var tail = decimal.Parse(s.AsSpan(j, k - j), CultureInfo.InvariantCulture);
        if (k < s.Length && s[k] == '千')
        {
            j = k + 1;
            return tail * 1000;
        }

        var single = k - j == 1;
        j = k;
        return single ? tail * 1000 : tail;
    }

    private static bool HasThreeDigits(string s, int i) =>
        i + 2 < s.Length && char.IsAsciiDigit(s[i]) && char.IsAsciiDigit(s[i + 1]) && char.IsAsciiDigit(s[i + 2]) &&
        (i + 3 >= s.Length || !char.IsAsciiDigit(s[i + 3]));

    public static string Format(decimal value) => value.ToString("0.##########", CultureInfo.InvariantCulture);
}
