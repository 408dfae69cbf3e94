using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;

namespace FraudWatch.Telegram;

/// <summary>The subset of Telegram's HTML parse mode that warnings use: text plus &lt;b&gt; and &lt;i&gt;.</summary>
public static partial class TelegramHtml
{
    public const int MaxMessageLength = 4096;

    /// <summary>Escapes the four characters Telegram's HTML mode treats as markup.</summary>
    public static string Encode(string text)
    {
        // Every delivery encodes its group's names: most need nothing, and then nothing is allocated.
        var first = text.AsSpan().IndexOfAny(Markup);
        if (first < 0)
            return text;
        var builder = new StringBuilder(text.Length + 16).Append(text, 0, first);
        foreach (var c in text.AsSpan(first))
        {
            _ = c switch
            {
                '&' => builder.Append("&amp;"),
                '<' => builder.Append("&lt;"),
                '>' => builder.Append("&gt;"),
                '"' => builder.Append("&quot;"),
                _ => builder.Append(c),
            };
        }

        return builder.ToString();
    }

    private static readonly SearchValues<char> Markup = SearchValues.Create("&<>\"");

    /// <summary>True when markup that passed <see cref="CheckMarkup"/> shows nothing but white space: its only tags are &lt;b&gt; and &lt;i&gt;.</summary>
    public static bool IsBlank(string html) => string.IsNullOrWhiteSpace(Tags().Replace(html, ""));

    [GeneratedRegex(@"</?[bi]\s*>", RegexOptions.IgnoreCase)]
    private static partial Regex Tags();

    /// <summary>
    /// Null when the markup uses only balanced &lt;b&gt; and &lt;i&gt;; otherwise what is wrong. A tag is
    /// <c>&lt;</c>, an optional <c>/</c>, a name (a letter, then letters, digits or <c>-</c>), anything but <c>&gt;</c>,
    /// then <c>&gt;</c>; any other <c>&lt;</c> is text. It runs on every delivery, so it scans without allocating.
    /// </summary>
    public static string? CheckMarkup(string html)
    {
        var open = new Stack<string>();
        var at = 0;
        while ((at = html.IndexOf('<', at)) >= 0)
        {
            var i = at + 1;
            var close = i < html.Length && html[i] == '/';
            if (close)
                i++;
            var nameStart = i;
            if (i < html.Length && char.IsAsciiLetter(html[i]))
            {
                do
                    i++;
                while (i < html.Length && (char.IsAsciiLetterOrDigit(html[i]) || html[i] == '-'));
            }

            var end = i > nameStart ? html.IndexOf('>', i) : -1;
            if (end < 0)
            {
                at++;
                continue;
            }

            var name = html.AsSpan(nameStart, i - nameStart);
            var allowed = name.Equals("b", StringComparison.OrdinalIgnoreCase) ? "b" : name.Equals("i", StringComparison.OrdinalIgnoreCase) ? "i" : null;
            if (allowed is null || !html.AsSpan(i, end - i).IsWhiteSpace())
                return $"uses the tag {html[at..(end + 1)]}; only <b> and <i> are allowed";
            if (close)
            {
                if (open.Count == 0 || open.Pop() != allowed)
                    return $"closes </{name.ToString().ToLowerInvariant()}> that is not open";
            }
            else
            {
                open.Push(allowed);
            }

            at = end + 1;
        }

        return open.Count == 0 ? null : $"leaves <{open.Peek()}> unclosed";
    }
}
