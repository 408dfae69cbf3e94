using System.Text;
using System.Text.RegularExpressions;

namespace FraudWatch.Telegram;

/// <summary>
/// Keeps a reply within Telegram's 4,096 characters (counted after its HTML is parsed: tags do not count, an entity
/// counts as one). Telegram refuses a longer message outright, so the resident would get nothing at all: a longer one is
/// cut at the last line that fits (or, for one very long line, between characters), its open tags closed, and "…" added.
/// The answers keep their own lists short (<see cref="Reports.ReportText.ShownIndicators"/>); this is the last guard.
/// </summary>
public static partial class MessageFit
{
    public const int MaxVisible = 4096;

    public static string Fit(string html, int maxVisible = MaxVisible)
    {
        ArgumentNullException.ThrowIfNull(html);
        if (html.Length <= maxVisible)
            return html; // tags and entities only ever make the visible text shorter than the markup
        var (visible, cut, lastLine) = Scan(html, maxVisible - Marker.Length);
        if (cut == html.Length || visible + Visible(html, cut) <= maxVisible)
            return html;
        if (lastLine > cut / 2)
            cut = lastLine; // a whole line rather than half of one, unless that loses more than half the message
        var kept = html[..cut];
        var text = new StringBuilder(kept);
        foreach (var name in OpenTags(kept))
            text.Append("</").Append(name).Append('>');
        return text.Append(Marker).ToString();
    }

    const string Marker = "\n…";

    /// <summary>The length Telegram counts: tags left out, an entity as one character, in UTF-16 units.</summary>
    public static int VisibleLength(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        return Visible(html, 0);
    }

    static int Visible(string html, int from) => Scan(html, int.MaxValue, from).Visible;

    /// <summary>
    /// Walks the markup from <paramref name="from"/> until the next visible unit would pass <paramref name="budget"/>:
    /// the visible units counted, where it stopped (the end when all fit) and the last line break before that.
    /// </summary>
    static (int Visible, int Stop, int LastLine) Scan(string html, int budget, int from = 0)
    {
        int visible = 0, lastLine = -1;
        for (var i = from; i < html.Length;)
        {
            if (html[i] == '<' && TagHere().Match(html, i) is { Success: true } tag)
            {
                i += tag.Length;
                continue;
            }

            // Telegram counts UTF-16 units: a surrogate pair is two and is never split, and so is an entity that stands
            // for a character outside the basic plane (&#128512;); any other entity is one.
            var (width, counts) = html[i] == '&' && EntityHere().Match(html, i) is { Success: true } entity ? (entity.Length, Units(entity.ValueSpan))
                : char.IsHighSurrogate(html[i]) && i + 1 < html.Length ? (2, 2) : (1, 1);
            if (visible + counts > budget)
                return (visible, i, lastLine);
            if (html[i] == '\n')
                lastLine = i;
            visible += counts;
            i += width;
        }

        return (visible, html.Length, lastLine);
    }

    /// <summary>UTF-16 units of the character an entity stands for: 2 for a number above U+FFFF, else 1.</summary>
    static int Units(ReadOnlySpan<char> entity)
    {
        if (entity.Length < 4 || entity[1] != '#')
            return 1;
        var hex = entity[2] is 'x' or 'X';
        var digits = entity[(hex ? 3 : 2)..^1];
        var parsed = hex
            ? int.TryParse(digits, System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out var n)
            : int.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out n);
        return parsed && n > 0xFFFF ? 2 : 1;
    }

    /// <summary>The tags left open at the end of <paramref name="html"/>, innermost first.</summary>
    static IEnumerable<string> OpenTags(string html)
    {
        var open = new Stack<string>();
        foreach (Match tag in Tag().Matches(html))
        {
            var name = tag.Groups["name"].Value.ToLowerInvariant();
            if (tag.Groups["close"].Success)
            {
                if (open.Count > 0 && open.Peek() == name)
                    open.Pop();
            }
            else
            {
                open.Push(name);
            }
        }

        return open;
    }

    [GeneratedRegex("<(?<close>/)?(?<name>[a-zA-Z][a-zA-Z0-9-]*)[^<>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex("\\G<(?<close>/)?(?<name>[a-zA-Z][a-zA-Z0-9-]*)[^<>]*>")]
    private static partial Regex TagHere();

    [GeneratedRegex("\\G&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});")]
    private static partial Regex EntityHere();
}
