namespace FraudWatch.Detection;

/// <summary>Alipay, WeChat and QQ ids, only when a marker says which one it is ("微信：abc123", "QQ号 12345").</summary>
internal static class PaymentAccountScanner
{
    private static readonly (string Marker, string Service)[] Markers =
    [
        ("支付宝", "alipay"), ("alipay", "alipay"), ("zfb", "alipay"),
        ("微信", "wechat"), ("wechat", "wechat"), ("weixin", "wechat"), ("vx", "wechat"), ("wx", "wechat"),
        ("v信", "wechat"), ("加v", "wechat"), ("薇信", "wechat"), ("威信", "wechat"), ("徽信", "wechat"),
        ("qq", "qq"), ("扣扣", "qq"),
    ];

    // After the marker: a noun ("号", "id"), a separator (":", "是"), or both ("QQ号12345", "微信：abc").
    private static readonly string[] Nouns = ["账号", "帳號", "帐号", "号码", "号", "id", " id"];
    private static readonly string[] Separators = [":", "是", "为", "="];

    /// <param name="Marked">Marked with "号" or ":" (the form the model learned), not only named before the id.</param>
    public readonly record struct Match(int Start, int Length, int IdStart, string Service, string Value, bool Marked = true);

    /// <param name="asLearned">The form the model learned: only ids marked with "号" or ":".</param>
    public static void Scan(string folded, List<Match> results, bool asLearned = false)
    {
        var i = 0;
        while (i < folded.Length)
        {
            if (TryMatchAt(folded, i, asLearned, out var m))
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

    private static bool TryMatchAt(string s, int start, bool asLearned, out Match match)
    {
        match = default;
        foreach (var (marker, service) in Markers)
        {
            if (!TextFold.StartsWithIgnoreCase(s, start, marker))
            {
                continue;
            }

            if (char.IsAsciiLetter(marker[0]) && start > 0 && char.IsAsciiLetterOrDigit(s[start - 1]))
            {
                return false;
            }

            var i = start + marker.Length;
            var marked = false;
            foreach (var noun in Nouns)
            {
                if (TextFold.StartsWithIgnoreCase(s, i, noun))
                {
                    i += noun.Length;
                    marked = true;
                    break;
                }
            }

            while (i < s.Length && s[i] == ' ')
            {
                i++;
            }

            foreach (var separator in Separators)
            {
                if (TextFold.StartsWithIgnoreCase(s, i, separator))
                {
                    i += separator.Length;
                    marked = true;
                    break;
                }
            }

            while (i < s.Length && s[i] == ' ')
            {
                i++;
            }

            var idStart = i;
            var id = ReadId(s, ref i, service);
            if (id is null || (!marked && (asLearned || !LooksLikeId(s, i, id, service))))
            {
                return false;
            }

            match = new Match(start, i - start, idStart, service, service + ":" + id, marked);
            return true;
        }

        return false;
    }

    /// <summary>
    /// An id right after its service's name, with no "号" or ":" ("加微信lp8899", "微信 lp8899", "QQ 12345678"), only when
    /// it cannot be an ordinary word or an amount: a QQ number not followed by a unit of money; a WeChat id as WeChat
    /// makes them (a letter first, 6–20 characters) with a digit, "_" or "-" in it, or a mobile number; an Alipay
    /// e-mail address or mobile number.
    /// </summary>
    private static bool LooksLikeId(string s, int end, string id, string service)
    {
        var mobile = id.Length == 11 && id[0] == '1' && id.All(char.IsAsciiDigit);
        return service switch
        {
            "qq" => end >= s.Length || s[end] is not ('元' or '块' or '万' or '千' or '百' or 'w' or 'W' or 'k' or 'K'),
            "wechat" => mobile || (char.IsAsciiLetter(id[0]) && id.Length is >= 6 and <= 20 && id.Any(c => char.IsAsciiDigit(c) || c is '_' or '-')),
            _ => mobile || id.Contains('@', StringComparison.Ordinal),
        };
    }

    private static string? ReadId(string s, ref int i, string service)
    {
        var start = i;
        if (service == "qq")
        {
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }

            var length = i - start;
            var glued = i < s.Length && char.IsAsciiLetter(s[i]);
            return length is >= 5 and <= 11 && s[start] != '0' && !glued ? s[start..i] : null;
        }

        var allowDot = service == "alipay";
        while (i < s.Length && (char.IsAsciiLetterOrDigit(s[i]) || s[i] is '_' or '-' || (allowDot && s[i] is '.' or '@')))
        {
            i++;
        }

        while (i > start && s[i - 1] is '.' or '-' or '@')
        {
            i--;
        }

        var id = s[start..i];
        if (id.All(c => char.IsAsciiDigit(c) || c == '-'))
        {
            id = id.Replace("-", string.Empty, StringComparison.Ordinal); // "138-1234-5678" and "13812345678" are one id
        }

        return id.Length is >= 5 and <= 40 ? id.ToLowerInvariant() : null;
    }
}
