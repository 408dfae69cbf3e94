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

        DropScreenChrome(lines);
        return JoinWrappedLines(lines);
    }

    /// <summary>
    /// A phone screenshot carries the phone's own words around the message: the status bar ("中国移动 4G 14:32 86%"), the
    /// thread's date ("今天 14:30") and the app's labels ("短信/彩信", "iMessage", "发送"). They say nothing about the message
    /// and weigh against it: a carrier's name is what genuine carrier notices say, and read with the message it turned
    /// scams into "looks ordinary" (BENCHMARKS.md, screenshots). The sender's number stays: it is evidence.
    /// </summary>
    static void DropScreenChrome(List<string> lines)
    {
        lines.RemoveAll(line => IsStatusBar(line) || IsAppLabelOrDate(line));
    }

    // "中国移动 4G 14:32 86%", or a part of it on a line of its own ("中国联通HD 5G", "下午3:05 62%"; Tesseract may read it
    // after the message): a signal, battery or carrier, and hardly anything else once they and the clock are taken out.
    static bool IsStatusBar(string line)
    {
        if (!Battery().IsMatch(line) && !Network().IsMatch(line) && !Carrier().IsMatch(line))
            return false;
        var rest = Carrier().Replace(Network().Replace(Battery().Replace(Clock().Replace(line, ""), ""), ""), "");
        return rest.Replace("上午", "").Replace("下午", "").Count(char.IsLetterOrDigit) <= 4;
    }

    // "短信", "今天 14:30", or both on one line: "短信/彩信 今天 14:30" (read as "短信/彩信今天 14:30").
    static bool IsAppLabelOrDate(string line) =>
        Timestamp().IsMatch(line)
        || AppLabels.Any(label => line.StartsWith(label, StringComparison.Ordinal) && Timestamp().IsMatch(line[label.Length..].TrimStart()));

    static readonly HashSet<string> AppLabels =
        ["短信", "信息", "短信/彩信", "彩信", "iMessage", "文本信息", "短信息", "发送", "输入短信", "输入信息", "发信息", "按住 说话", "按住说话", "Text Message", "Message", "Send"];

    /// <summary>
    /// Tesseract ends a line where the bubble wrapped it, so "手术费2" / "万" and "https://f" / "zaq-app.cn" come apart. A
    /// line of at least 12 characters, with words in it, that does not end a sentence runs on into the next: with nothing
    /// between them where Chinese, a link or a number cut at its dash is involved, with a space between English words.
    /// Short lines (a sender's number, a name) and finished sentences keep their line break.
    /// </summary>
    static string JoinWrappedLines(List<string> lines)
    {
        var text = new StringBuilder();
        for (var i = 0; i < lines.Count; i++)
        {
            if (i > 0)
            {
                var previous = lines[i - 1];
                var next = lines[i];
                var wrapped = previous.Length >= 12 && previous.Any(char.IsLetter) && !SentenceEnds.Contains(previous[^1]);
                text.Append(!wrapped ? "\n"
                    : EndsInLink().IsMatch(previous) || IsChinese(previous[^1]) || IsChinese(next[0])
                      || (char.IsAsciiDigit(previous[^1]) && next[0] == '-') || (previous[^1] == '-' && char.IsAsciiDigit(next[0])) ? ""
                    : char.IsAsciiLetterOrDigit(previous[^1]) && char.IsAsciiLetterOrDigit(next[0]) ? " "
                    : "\n");
            }

            text.Append(lines[i]);
        }

        return text.ToString();
    }

    const string SentenceEnds = "。！？!?…";

    static bool IsChinese(char c) => c is >= '\u3000' and <= '\u303F' or >= '\u3400' and <= '\u4DBF' or >= '\u4E00' and <= '\u9FFF' or >= '\uFF00' and <= '\uFFEF';

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

    [GeneratedRegex("(?<![0-9])[0-2]?[0-9][:：][0-5][0-9](?![0-9])")]
    private static partial Regex Clock();

    [GeneratedRegex("(?<![0-9])[0-9]{1,3} ?%")]
    private static partial Regex Battery();

    [GeneratedRegex("中国(?:移动|联通|电信|广电)|China ?(?:Mobile|Unicom|Telecom)|CMCC", RegexOptions.IgnoreCase)]
    private static partial Regex Carrier();

    [GeneratedRegex("(?<![A-Za-z0-9])(?:[2-5]G\\+?|LTE|VoLTE|HD|Wi-?Fi)(?![A-Za-z0-9])", RegexOptions.IgnoreCase)]
    private static partial Regex Network();

    // A thread's date or time on a line of its own: "今天 14:30", "昨天21:17", "星期一 上午 9:05", "2024年5月12日 15:01", "5月12日".
    [GeneratedRegex("^(?:今天|昨天|前天|星期[一二三四五六日天]|周[一二三四五六日]|(?:[0-9]{4}年)?[0-9]{1,2}月[0-9]{1,2}日|[0-9]{4}[-/.][0-9]{1,2}[-/.][0-9]{1,2})? ?(?:上午|下午|晚上|凌晨|中午)? ?(?:[0-2]?[0-9][:：][0-5][0-9])?$")]
    private static partial Regex Timestamp();

    // A link running to the end of the line: its rest is on the next line.
    [GeneratedRegex("(?:https?:/{0,2}|www\\.)[^\\s]*$|[A-Za-z0-9-]+\\.(?:cn|com|net|top|vip|cc|xyz|info|org)(?:/[^\\s]*)?$", RegexOptions.IgnoreCase)]
    private static partial Regex EndsInLink();

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
