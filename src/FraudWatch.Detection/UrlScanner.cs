using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace FraudWatch.Detection;

/// <summary>Finds links and bare domains with a hand-written scanner: linear time, no regex backtracking.</summary>
internal static class UrlScanner
{
    // Bare domains count only with one of these TLDs, so "readme.md" or "3.5" are never links.
    private static readonly FrozenSet<string> KnownTlds = new[]
    {
        "com", "net", "org", "cn", "top", "xyz", "vip", "cc", "app", "info", "biz", "io", "co", "me", "tv",
        "club", "site", "online", "shop", "store", "live", "fun", "icu", "ltd", "work", "link", "win", "bid",
        "loan", "wang", "ren", "asia", "pro", "mobi", "ws", "tk", "ml", "ga", "cf", "gq", "ru", "hk", "tw",
        "mo", "sg", "uk", "us", "la", "ph", "kh", "mm", "th", "vn", "jp", "kr", "de", "fr", "gov", "edu",
        "cyou", "buzz", "today", "tech", "space", "website", "xin", "shop", "cloud", "run", "one", "bet",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    // Short-link services (bit.ly, goo.gl, is.gd) and cheap domains of bulk scam texts; not ones that English words run
    // into after a full stop with no space ("ok.so", "me.to", "this.in"). Not in the form the model learned.
    private static readonly FrozenSet<string> ShortLinkTlds = new[] { "ly", "gl", "gd", "pw", "su", "cm", "ink", "kim" }
        .ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    public readonly record struct Match(int Start, int Length, string Value);

    /// <param name="asLearned">The form the model learned: no dots written as 。 or 点, no short-link TLDs.</param>
    /// <returns>Whether a wider reading than the learned one was used (a dot written as 。 or 点, a short-link TLD).</returns>
    public static bool Scan(string folded, List<Match> results, bool asLearned = false)
    {
        var widened = false;
        if (!asLearned)
        {
            var read = DotsRead(folded);
            widened = !ReferenceEquals(read, folded);
            folded = read;
        }

        var before = results.Count;
        ScanRead(folded, results, asLearned);
        return widened || (!asLearned && results.Skip(before).Any(m => IsShortLink(m.Value)));
    }

    private static bool IsShortLink(string value)
    {
        var end = value.AsSpan().IndexOfAny('/', '?', ':');
        var host = end < 0 ? value : value[..end];
        var tld = host[(host.LastIndexOf('.') + 1)..];
        return ShortLinkTlds.Contains(tld);
    }

    private static void ScanRead(string folded, List<Match> results, bool asLearned)
    {

        var i = 0;
        while (i < folded.Length)
        {
            var c = folded[i];
            if (!char.IsAsciiLetterOrDigit(c) || (i > 0 && IsWordBefore(folded[i - 1]) && !IsSentenceStop(folded, i - 1)))
            {
                i++;
                continue;
            }

            var end = TryMatch(folded, i, out var value, asLearned);
            if (value is not null)
            {
                results.Add(new Match(i, end - i, value));
                i = end;
                continue;
            }

            // Skip the rest of this token so scanning never restarts mid-word or mid-email.
            while (i < folded.Length && IsHostChar(folded[i]))
            {
                i++;
            }

            if (i < folded.Length && !IsHostChar(folded[i]))
            {
                i++;
            }
        }
    }

    /// <summary>Normalizes a whole string that should be one link; null if it is not one.</summary>
    public static string? NormalizeWhole(string folded)
    {
        folded = DotsRead(folded);
        var end = TryMatch(folded, 0, out var value);
        return value is not null && end == folded.Length ? value : null;
    }

    /// <summary>
    /// A link's dots written as the Chinese full stop (。, ｡) or the word 点 to slip past filters ("www。abc。com",
    /// "abc点com") read as dots, position for position: 。 between two ASCII letters or digits, 点 between an ASCII
    /// letter and one ("下午3点30分" stays as it is).
    /// </summary>
    private static string DotsRead(string s)
    {
        char[]? read = null;
        for (var i = 1; i < s.Length - 1; i++)
        {
            var dot = s[i] switch
            {
                '。' or '｡' => char.IsAsciiLetterOrDigit(s[i - 1]) && char.IsAsciiLetterOrDigit(s[i + 1]),
                '点' => char.IsAsciiLetter(s[i - 1]) && char.IsAsciiLetter(s[i + 1]),
                _ => false,
            };
            if (dot)
            {
                read ??= s.ToCharArray();
                read[i] = '.';
            }
        }

        return read is null ? s : new string(read);
    }

    // An ASCII full stop after a Chinese character or a space ends a sentence ("请您及时查收.http://…"); after a letter or
    // digit it is part of a host or a word ("a.b.com", "Ms.Suman").
    private static bool IsSentenceStop(string s, int i) => s[i] == '.' && (i == 0 || !IsWordBefore(s[i - 1]));

    private static bool IsWordBefore(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '@' or '/';

    private static bool IsHostChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.';

    private static int TryMatch(string s, int start, out string? value, bool asLearned = false)
    {
        value = null;
        var i = start;
        string? scheme = null;
        if (TextFold.StartsWithIgnoreCase(s, i, "https://"))
        {
            scheme = "https";
            i += 8;
        }
        else if (TextFold.StartsWithIgnoreCase(s, i, "http://"))
        {
            scheme = "http";
            i += 7;
        }

        var hostStart = i;
        while (i < s.Length && IsHostChar(s[i]))
        {
            i++;
        }

        var hostEnd = i;
        while (hostEnd > hostStart && s[hostEnd - 1] is '.' or '-')
        {
            hostEnd--;
        }

        var host = hostEnd > hostStart ? s[hostStart..hostEnd].ToLowerInvariant() : null;
        if (scheme is not null && (host is null || !IsValidHost(host, hasScheme: true, asLearned))
            && InternationalHost(s, hostStart) is var (internationalEnd, ascii))
        {
            (host, hostEnd, i) = (ascii, internationalEnd, internationalEnd);
        }

        if (host is null || !IsValidHost(host, scheme is not null, asLearned))
        {
            return i;
        }

        i = hostEnd;
        if (host.StartsWith("www.", StringComparison.Ordinal))
        {
            host = host[4..];
        }

        var sb = new StringBuilder(host);
        if (i + 1 < s.Length && s[i] == ':' && char.IsAsciiDigit(s[i + 1]))
        {
            var portStart = i + 1;
            var j = portStart;
            while (j < s.Length && char.IsAsciiDigit(s[j]))
            {
                j++;
            }

            var port = s[portStart..j];
            var isDefault = port == "80" && scheme != "https" || port == "443" && scheme != "http";
            if (!isDefault)
            {
                sb.Append(':').Append(port);
            }

            i = j;
        }

        if (i < s.Length && s[i] is '/' or '?' or '#')
        {
            var pathStart = i;
            while (i < s.Length && IsPathChar(s[i]))
            {
                i++;
            }

            while (i > pathStart && s[i - 1] is '.' or ',' or ';' or ':' or '!' or '?' or ')' or ']' or '\'' or '"')
            {
                i--;
            }

            var rest = s[pathStart..i];
            var hash = rest.IndexOf('#', StringComparison.Ordinal);
            if (hash >= 0)
            {
                rest = rest[..hash];
            }

            var query = rest.IndexOf('?', StringComparison.Ordinal);
            var path = query >= 0 ? rest[..query] : rest;
            var queryPart = query >= 0 ? rest[query..] : string.Empty;
            path = path.TrimEnd('/');
            if (queryPart == "?")
            {
                queryPart = string.Empty;
            }

            sb.Append(path).Append(queryPart);
        }

        value = sb.ToString();
        return i;
    }

    /// <summary>
    /// A host in letters other than ASCII after a scheme ("http://中国银行.com"), in the ASCII (punycode) form a browser
    /// goes to, so both spellings of a domain are one link; null when there is none. Only after a scheme: without one,
    /// words run into a domain ("请登录中国银行.com"). A last label that starts in ASCII ends where the ASCII does, so
    /// "…中国银行.com领取" ends at ".com".
    /// </summary>
    private static (int End, string Ascii)? InternationalHost(string s, int start)
    {
        var end = start;
        while (end < s.Length && (IsHostChar(s[end]) || (s[end] > '\u007F' && char.IsLetterOrDigit(s[end]))))
        {
            end++;
        }

        while (end > start && s[end - 1] is '.' or '-')
        {
            end--;
        }

        var lastDot = end > start ? s.LastIndexOf('.', end - 1, end - start) : -1;
        if (lastDot < 0)
        {
            return null;
        }

        if (char.IsAscii(s[lastDot + 1]))
        {
            end = lastDot + 1;
            while (end < s.Length && IsHostChar(s[end]) && s[end] != '.')
            {
                end++;
            }
        }

        var unicode = s[start..end];
        if (unicode.All(char.IsAscii))
        {
            return null;
        }

        try
        {
            return (end, new IdnMapping().GetAscii(unicode).ToLowerInvariant());
        }
        catch (ArgumentException)
        {
            return null; // not a domain name (a symbol, a label too long)
        }
    }

    private static bool IsPathChar(char c) =>
        c > ' ' && c < '\u007F' && c is not '<' and not '>' and not '"' and not '\'' and not '`' and not '{' and not '}' and not '|' and not '\\' and not '^';

    private static bool IsValidHost(string host, bool hasScheme, bool asLearned)
    {
        var labels = host.Split('.');
        if (labels.Length < 2)
        {
            return hasScheme && host == "localhost";
        }

        foreach (var label in labels)
        {
            if (label.Length == 0 || label.Length > 63 || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }
        }

        var tld = labels[^1];
        if (hasScheme)
        {
            var allDigits = labels.Length == 4 && labels.All(l => l.All(char.IsAsciiDigit));
            return allDigits || (tld.Length >= 2 && (tld.All(char.IsAsciiLetter) || tld.StartsWith("xn--", StringComparison.Ordinal)));
        }

        return KnownTlds.Contains(tld) || tld.StartsWith("xn--", StringComparison.Ordinal) || (!asLearned && ShortLinkTlds.Contains(tld));
    }
}
