using System.Text;
using System.Text.RegularExpressions;

namespace FraudWatch.Ocr;

/// <summary>Tidies Tesseract's output for indicator extraction and for showing residents what was read.</summary>
public static partial class OcrText
{
    public static string Clean(string raw)
    {
        var lines = new List<string>();
        foreach (var rawLine in raw.Split('\n'))
        {
            var line = FoldDigits(rawLine);
            line = Blanks().Replace(line, " ");
            // Chinese is written without spaces; Tesseract's chi_sim model often puts one between every character.
            line = SpaceBetweenCjk().Replace(line, "");
            line = SpacedDigits().Replace(line, JoinIfPhone).Trim();
            if (line.Length > 0)
                lines.Add(line);
        }

        return string.Join('\n', lines);
    }

    /// <summary>True when the text holds at least one letter or digit: punctuation and specks alone are no text.</summary>
    public static bool HasText(string cleaned) => cleaned.Any(char.IsLetterOrDigit);

    /// <summary>
    /// "1 3 8 1 2 3 4 5 6 7 8" is one number read with gaps; "138 1234 5678" and "0577 8888 9999" are how people
    /// write numbers and the extractor reads them as they are. Only runs with a group of one or two digits whose
    /// digits together make a Chinese phone number are joined, so that dates, amounts and counts stay apart.
    /// </summary>
    static string JoinIfPhone(Match run)
    {
        var groups = run.Value.Split(' ');
        if (groups.All(g => g.Length >= 3))
            return run.Value;
        var digits = string.Concat(groups);
        return PhoneDigits().IsMatch(digits) ? digits : run.Value;
    }

    static string FoldDigits(string line)
    {
        if (!line.Any(c => c is >= '０' and <= '９'))
            return line;
        var folded = new StringBuilder(line.Length);
        foreach (var c in line)
            folded.Append(c is >= '０' and <= '９' ? (char)(c - '０' + '0') : c);
        return folded.ToString();
    }

    [GeneratedRegex("[ \\t\\u3000\\u00A0\\f\\v\\r]+")]
    private static partial Regex Blanks();

    // CJK ideographs, CJK punctuation (【】，。：) and full-width forms, on both sides of a space.
    [GeneratedRegex("(?<=[\\u3000-\\u303F\\u3400-\\u4DBF\\u4E00-\\u9FFF\\uFF00-\\uFFEF]) (?=[\\u3000-\\u303F\\u3400-\\u4DBF\\u4E00-\\u9FFF\\uFF00-\\uFFEF])")]
    private static partial Regex SpaceBetweenCjk();

    [GeneratedRegex("(?<![0-9])[0-9]+(?: [0-9]+)+(?![0-9])")]
    private static partial Regex SpacedDigits();

    // Mobile, landline with area code, 400/800 numbers, 95xxx/96xxx service numbers (96110 is the anti-fraud hotline).
    [GeneratedRegex("^(?:1[3-9][0-9]{9}|0[1-9][0-9]{8,10}|[48]00[0-9]{7}|9[56][0-9]{3})$")]
    private static partial Regex PhoneDigits();
}
