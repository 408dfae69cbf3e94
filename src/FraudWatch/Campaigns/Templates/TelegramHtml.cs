using System.Text;
using System.Text.RegularExpressions;

namespace FraudWatch.Campaigns;

/// <summary>The subset of Telegram's HTML parse mode that warnings use: text plus &lt;b&gt; and &lt;i&gt;.</summary>
public static partial class TelegramHtml
{
    public const int MaxMessageLength = 4096;

    private static readonly string[] AllowedTags = ["b", "i"];

    /// <summary>Escapes the four characters Telegram's HTML mode treats as markup.</summary>
    public static string Encode(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                _ => c.ToString(),
            });
        }

        return builder.ToString();
    }

    /// <summary>Null when the markup uses only balanced &lt;b&gt; and &lt;i&gt;; otherwise what is wrong.</summary>
    public static string? CheckMarkup(string html)
    {
        var open = new Stack<string>();
        foreach (Match tag in Tag().Matches(html))
        {
            var name = tag.Groups["name"].Value.ToLowerInvariant();
            if (!AllowedTags.Contains(name) || tag.Groups["attrs"].Value.Trim().Length > 0)
            {
                return $"uses the tag {tag.Value}; only <b> and <i> are allowed";
            }

            if (tag.Groups["close"].Success)
            {
                if (open.Count == 0 || open.Pop() != name)
                {
                    return $"closes </{name}> that is not open";
                }
            }
            else
            {
                open.Push(name);
            }
        }

        return open.Count == 0 ? null : $"leaves <{open.Peek()}> unclosed";
    }

    [GeneratedRegex(@"<(?<close>/)?(?<name>[a-zA-Z][a-zA-Z0-9-]*)(?<attrs>[^>]*)>")]
    private static partial Regex Tag();
}
