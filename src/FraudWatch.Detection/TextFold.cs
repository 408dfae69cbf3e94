using System.Text;

namespace FraudWatch.Detection;

/// <summary>
/// Char-for-char folding so indexes in the folded text are indexes in the original. Folding for matching
/// (<c>lower</c>) also turns traditional characters that simplified text never uses into their simplified form, so a
/// message forwarded from Taiwan or Hong Kong meets the same rules and model features as its simplified twin; 帐,
/// which simplified text also writes for 账 (帐号, 帐户, and Taiwan's 帳戶), is read as 账; and look-alikes such as Kangxi
/// radicals and circled letters are read as the characters they stand for (in both folds, so "⼈民币1,800" is an amount).
/// In both folds, circled digits in a run of two or more are digits (<see cref="CircledDigitOf"/>), and so are runs of
/// seven or more Chinese numerals written one digit at a time (<see cref="ChineseDigitOf"/>). Characters that show
/// nothing, and symbols inside a number, are not folded but taken out before (<see cref="Readable"/>).
/// </summary>
internal static class TextFold
{
    static class Traditional
    {
        public const char First = '\u3400', Last = '\u9FFF';

        // 帐 for 账 ("原帐号已更改", "帐户"), and Taiwan's 帳, which OpenCC simplifies to 帐: 2,843 learned messages write 账,
        // 28 帐, so "帐号" met neither the keywords nor most of the features of "账号" (BENCHMARKS.md, "Fifteenth session").
        const string Variants = "帐帳";

        // Characters bulk loan SMS put for the real ones to dodge filters, read as those: 贷歀 and 代/歀 (款), 信用咔 and
        // 信拥佧 (卡), 拿銭 (钱). Ordinary text writes none of them but 咔 (咔嚓), which reads as well as 卡嚓.
        const string Disguised = "歀咔佧銭", Meant = "款卡卡钱";
        public static readonly char[] Simplified = Build();

        static char[] Build()
        {
            var table = new char[Last - First + 1];
            var pairs = TraditionalChinese.Pairs;
            for (var i = 0; i + 1 < pairs.Length; i += 2)
                table[pairs[i] - First] = pairs[i + 1];
            foreach (var variant in Variants)
                table[variant - First] = '账';
            for (var i = 0; i < Disguised.Length; i++)
                table[Disguised[i] - First] = Meant[i];
            return table;
        }
    }

    /// <summary>
    /// Look-alikes that Unicode's NFKC folds to one plain character (<see cref="CompatibilityForms"/>): Kangxi radicals
    /// ("⾦融", "⽤户", as PDF copies write them), CJK compatibility ideographs, circled ideographs and circled letters
    /// ("Ⓥ信").
    /// </summary>
    static class Compatibility
    {
        const char LowFirst = '\u2460', LowLast = '\u32FF', HighFirst = '\uF900', HighLast = '\uFAFF';
        static readonly char[] Low = new char[LowLast - LowFirst + 1], High = new char[HighLast - HighFirst + 1];

        static Compatibility()
        {
            var pairs = CompatibilityForms.Pairs;
            for (var i = 0; i + 1 < pairs.Length; i += 2)
            {
                var (from, to) = (pairs[i], pairs[i + 1]);
                if (from <= LowLast)
                    Low[from - LowFirst] = to;
                else
                    High[from - HighFirst] = to;
            }
        }

        /// <summary>The plain character <paramref name="c"/> stands for, or <paramref name="c"/> itself.</summary>
        public static char Plain(char c) =>
            c is >= LowFirst and <= LowLast ? (Low[c - LowFirst] is var low and not '\0' ? low : c)
            : c is >= HighFirst and <= HighLast ? (High[c - HighFirst] is var high and not '\0' ? high : c)
            : c;
    }

    /// <summary>
    /// Characters that show nothing: zero-width spaces and joiners, direction marks, the byte-order mark, soft hyphens,
    /// variation selectors. Scam texts put them inside words ("贷\u200B款", "点\u200D击链\u200D接") so that filters and
    /// keywords miss them, and text copied from apps and web pages carries them (39 of the 2,000 real forwarded messages
    /// of the two Cofacts ordinary sets hold some, most of them emoji variation selectors).
    /// </summary>
    private static readonly System.Buffers.SearchValues<char> Invisible = System.Buffers.SearchValues.Create(
        "\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180E\u200B\u200C\u200D\u200E\u200F\u202A\u202B\u202C\u202D\u202E" +
        "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\u206A\u206B\u206C\u206D\u206E\u206F\u3164" +
        "\uFE00\uFE01\uFE02\uFE03\uFE04\uFE05\uFE06\uFE07\uFE08\uFE09\uFE0A\uFE0B\uFE0C\uFE0D\uFE0E\uFE0F\uFEFF\uFFA0");

    /// <summary>
    /// The text as detection reads it: without characters that show nothing (<see cref="Invisible"/>), so "贷\u200B款"
    /// reads as 贷款 and "138\u200B0013\u200B8000" is a phone number; and without an emoji or other symbol put inside a
    /// number ("138🌹0013🌹8000", keycap digits "1️⃣3️⃣8️⃣"), so a phone or card number written so is found; and, for a
    /// text stored word by word or spaced out character by character, without those spaces (<see cref="Unspaced"/>);
    /// and, for a text anonymised by whoever collected it, with its capital placeholder words written as the blanks
    /// detection reads ("放款CELLPHONE" → "放款[手机]", <see cref="PlaceholderWords"/>). The same string when there is none
    /// of these. Every entry to detection reads this form:
    /// <see cref="Detector.Analyze"/>, <see cref="IndicatorExtractor.Extract"/>, <see cref="FraudClassifier.Classify"/>
    /// and the model's features.
    /// </summary>
    public static string Readable(string text)
    {
        var unspaced = Unspaced(Visible(text));
        var blanked = PlaceholderWords(unspaced);
        if (!ReferenceEquals(blanked, unspaced))
        {
            blanked = PlaceholderWords(Unspaced(blanked)); // 某 between a segmenter's spaces: read as written, once
        }

        return WithoutSymbolsInNumbers(blanked);
    }

    /// <summary>
    /// A Chinese text anonymised by whoever collected it, with capital placeholder words where a phone number, a link, an
    /// account, a number, a name or a place was ("…当天放款CELLPHONE", "详询NAME经理CELLPHONE", "最高DIGIT万…点击URL"; FBS
    /// writes them so, glued too, "CELLPHONEWECHAT"), written with the blanks the rest of detection reads
    /// (<see cref="Placeholders"/>): "[手机]", "[电话]", "[链接]", "[卡号]", "[数字]", 某 and 某地. Only where the anonymiser's
    /// hand shows: a word no one writes in Chinese text (CELLPHONE, PHONE_NUMBER, DIGIT, HOTLINE, BANK_CARD…, or URL
    /// just after a verb to open it, "请登陆URL进行升级") must stand in it, or two placeholder phrases apart; only then are
    /// the common words (URL, NAME, PHONE, BANK, CARD…) read as blanks, so "今天去BANK办事" and "这个网站的URL是多少" stay
    /// as written. A run of capitals counts only as a whole, and standing apart: every word of it
    /// (capitals between spaces) a placeholder, no Latin word or digit beside it, not inside a link or an address
    /// ("WWW.BANK.CN", "CARD@163.com", "a.cn/LINK") and not a label ("PHONE：0571…", "PHONE-138…"). Done after
    /// <see cref="Unspaced"/>, so letters spelled out one at a time are read as one word, in one reading.
    /// </summary>
    internal static string PlaceholderWords(string text)
    {
        if (text.AsSpan().IndexOfAny(PlaceholderInitials) < 0 || !text.AsSpan().ContainsAnyInRange('\u4E00', '\u9FFF'))
        {
            return text;
        }

        var phrases = new List<(int Start, int End, string Written)>();
        var strong = false;
        for (var i = 0; i < text.Length; i++)
        {
            if (!char.IsAsciiLetterUpper(text[i]) || (i > 0 && (char.IsAsciiLetterOrDigit(text[i - 1]) || IsLinkChar(text[i - 1]))))
            {
                continue;
            }

            // The phrase: runs of capitals between white space, each made of placeholder words (a contact word may follow,
            // "CELLPHONEWECHAT", or stand alone, "CELLPHONE QQ").
            var written = new StringBuilder();
            var whole = true;
            var blanks = 0;
            var phraseStrong = false;
            var at = i;
            var end = i;
            while (true)
            {
                var runEnd = at;
                while (runEnd < text.Length && (char.IsAsciiLetterUpper(text[runEnd]) || text[runEnd] == '_'))
                {
                    runEnd++;
                }

                var word = at;
                while (word < runEnd && PlaceholderWordAt(text.AsSpan(word, runEnd - word)) is var (length, blank, isStrong) && length > 0)
                {
                    written.Append(blank);
                    blanks++;
                    phraseStrong |= isStrong || (text.AsSpan(word, length) is "URL" && AfterLinkVerb(text, i));
                    word += length;
                }

                if (word < runEnd && !IsContactWord(text.AsSpan(word, runEnd - word)))
                {
                    whole = false;
                }

                written.Append(text, word, runEnd - word);
                end = runEnd;
                var tail = runEnd < text.Length && char.IsAsciiLetterLower(text[runEnd]) && text.AsSpan(at, runEnd - at) is "URL";
                if (tail || (runEnd < text.Length && (char.IsAsciiLetterOrDigit(text[runEnd]) || IsLinkChar(text[runEnd]) || text[runEnd] == '：')))
                {
                    whole &= tail; // "URLdfge": a link's tail in small letters; "PHONE-138…", "CARD@…", "NAME9" are no blanks
                    break;
                }

                var next = runEnd;
                while (next < text.Length && char.IsWhiteSpace(text[next]))
                {
                    next++;
                }

                if (next == runEnd || next == text.Length || !char.IsAsciiLetterUpper(text[next]))
                {
                    // Apart from a Latin word or number after the spaces ("NAME is Tom", "PHONE 0571…"), but for a link's
                    // tail ("URL dk0thngap").
                    whole &= next == text.Length || (text.AsSpan(at, runEnd - at) is "URL" && char.IsAsciiLetterOrDigit(text[next]))
                        || !(char.IsAsciiLetterOrDigit(text[next]) || text[next] is ':' or '：');
                    break;
                }

                written.Append(text, runEnd, next - runEnd);
                at = next;
            }

            var before = i - 1;
            while (before >= 0 && char.IsWhiteSpace(text[before]))
            {
                before--;
            }

            if (whole && blanks > 0 && (before < 0 || !char.IsAsciiLetterOrDigit(text[before])))
            {
                phrases.Add((i, end, written.ToString()));
                strong |= phraseStrong;
            }

            i = end - 1;
        }

        if (!strong && phrases.Count < 2)
        {
            return text;
        }

        var rewritten = new StringBuilder(text.Length);
        var copied = 0;
        foreach (var (start, end, written) in phrases)
        {
            rewritten.Append(text, copied, start - copied).Append(written);
            copied = end;
        }

        return rewritten.Append(text, copied, text.Length - copied).ToString();
    }

    // "请及时登陆URL进行升级", "请登入我行网站URL", "点击下载URL": a link's place after a verb to open it, which no one
    // writes as "URL" but an anonymiser.
    private static bool AfterLinkVerb(string text, int at)
    {
        var from = Math.Max(0, at - 8);
        var before = text.AsSpan(from, at - from);
        foreach (var verb in LinkVerbs)
        {
            if (before.Contains(verb, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static readonly string[] LinkVerbs = ["登录", "登陆", "登入", "点击", "访问", "打开", "进入", "戳", "下载"];

    // Characters of links, e-mail addresses and labels: capitals beside them are part of those ("WWW.BANK.CN").
    private static bool IsLinkChar(char c) => c is '.' or '/' or ':' or '-' or '=' or '@' or '_' or '#' or '%' or '&' or '?' or '+' or '~' or '\\';

    // The longest placeholder word the run starts with, its blank, and whether no one writes it in Chinese text; (0, "",
    // false) if none.
    private static (int Length, string Blank, bool Strong) PlaceholderWordAt(ReadOnlySpan<char> run)
    {
        foreach (var (word, blank, strong) in PlaceholderWordBlanks)
        {
            if (run.StartsWith(word, StringComparison.Ordinal))
            {
                return (word.Length, blank, strong);
            }
        }

        return (0, "", false);
    }

    // What may follow placeholders in one glued run and stays as written: "CELLPHONEWECHAT", "CELLPHONEQQ".
    private static bool IsContactWord(ReadOnlySpan<char> rest) => rest is "WECHAT" or "QQ" or "VX" or "WX";

    private static readonly System.Buffers.SearchValues<char> PlaceholderInitials = System.Buffers.SearchValues.Create("ABCDHLMNPTUW");

    // Longest first, so CELLPHONE is not read as a shorter word. Strong: no one writes it in Chinese text but an anonymiser.
    private static readonly (string Word, string Blank, bool Strong)[] PlaceholderWordBlanks =
    [
        ("ACCOUNT_NUMBER", "[卡号]", true), ("MOBILE_NUMBER", "[手机]", true), ("PHONE_NUMBER", "[电话]", true),
        ("BANK_ACCOUNT", "[卡号]", true), ("CREDIT_CARD", "[卡号]", true), ("PHONENUMBER", "[电话]", true),
        ("CELLPHONE", "[手机]", true), ("BANK_CARD", "[卡号]", true), ("PHONE_NUM", "[电话]", true), ("TELEPHONE", "[电话]", false),
        ("BANKCARD", "[卡号]", true), ("LOCATION", "某地", false), ("ACCOUNT", "[卡号]", false), ("ADDRESS", "某地", false),
        ("HOTLINE", "[电话]", true), ("WEBSITE", "[链接]", false), ("MOBILE", "[手机]", false), ("NUMBER", "[数字]", false),
        ("AMOUNT", "[数字]", false), ("DIGITS", "[数字]", true), ("PERSON", "某", false), ("PHONE", "[电话]", false),
        ("DIGIT", "[数字]", true), ("PLACE", "某地", false), ("CARD", "[卡号]", false), ("BANK", "[卡号]", false),
        ("LINK", "[链接]", false), ("NAME", "某", false), ("URL", "[链接]", false), ("NUM", "[数字]", false),
    ];

    /// <summary>
    /// A text stored word by word, as a word segmenter writes it ("您好 ， 这里 是 平台 客服 ， 您 的 资金 已 冻结"), or with a
    /// space after every character ("加 微 信 1 3 8 …"), written back as people write it: in the first, no space between
    /// two Chinese characters or Chinese punctuation ("建行 6222…" keeps its space); in the second, no single space
    /// between two one-character pieces or beside a Chinese one, and one where there were more ("热 线 ： 13800138000 2 4
    /// 小 时" keeps the number apart from the 24). Ordinary spacing stays: a text is read as segmented only with at least
    /// four spaces between Chinese characters, one for every three of them or more, and a segmenter's marks: punctuation
    /// standing alone between spaces, or one word in three a single character (a segmenter leaves 的, 了, 是, 我 alone;
    /// "好的 收到 谢谢 再见" and bulk adverts' spaced four-character phrases, "房产抵押 车辆抵押", stay as written). Done
    /// again until nothing changes, so that the text read is read the same way a second time.
    /// </summary>
    private static string Unspaced(string text)
    {
        while (true)
        {
            var span = text.AsSpan();
            if (span.Count(' ') + span.Count('\t') + span.Count('\u3000') < 4)
            {
                return text;
            }

            var spacedOut = IsSpacedOut(span);
            if (!spacedOut && !IsSegmented(span))
            {
                return text;
            }

            var written = new StringBuilder(text.Length);
            for (var i = 0; i < text.Length; i++)
            {
                if (!IsSpace(text[i]))
                {
                    written.Append(text[i]);
                    continue;
                }

                var end = SpacesEnd(span, i);
                if (spacedOut ? !JoinsSpacedOut(span, i, end) : !BetweenChinese(span, i, end))
                {
                    written.Append(' ');
                }

                i = end - 1;
            }

            if (written.Length == text.Length)
            {
                return text;
            }

            text = written.ToString();
        }
    }

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\u3000';

    private static int SpacesEnd(ReadOnlySpan<char> text, int start)
    {
        var end = start;
        while (end < text.Length && IsSpace(text[end]))
        {
            end++;
        }

        return end;
    }

    // Whether the spaces from start to end stand between Chinese characters or Chinese punctuation, or a line or the
    // text ends there, on both sides.
    private static bool BetweenChinese(ReadOnlySpan<char> text, int start, int end) =>
        (start == 0 || IsChineseSide(text[start - 1])) && (end == text.Length || IsChineseSide(text[end]));

    // A Chinese character, Chinese or full-width punctuation, or a line end; full-width digits and letters are not.
    private static bool IsChineseSide(char c) =>
        IsCjk(c) || c is '\n' or '\r' || c is >= '\u3000' and <= '\u303F'
        || (c is >= '\uFF00' and <= '\uFFEF' && !(c is >= '\uFF10' and <= '\uFF19' or >= '\uFF21' and <= '\uFF3A' or >= '\uFF41' and <= '\uFF5A'));

    // In a spaced-out text, a single space goes between two one-character pieces or beside a Chinese one; a longer run
    // was a space of the text, and a number or link written whole keeps its spaces.
    private static bool JoinsSpacedOut(ReadOnlySpan<char> text, int start, int end)
    {
        if (end - start > 1 || start == 0 || end == text.Length)
        {
            return false;
        }

        var left = start;
        while (left > 0 && !IsSpace(text[left - 1]) && text[left - 1] is not ('\n' or '\r'))
        {
            left--;
        }

        var right = end;
        while (right < text.Length && !IsSpace(text[right]) && text[right] is not ('\n' or '\r'))
        {
            right++;
        }

        return (start - left == 1 && right - end == 1) || IsChineseSide(text[start - 1]) || IsChineseSide(text[end]);
    }

    // At least four runs of spaces between Chinese characters, one for every three Chinese characters or more, and a
    // segmenter's marks: punctuation alone between spaces, or a third of the Chinese words one character long.
    private static bool IsSegmented(ReadOnlySpan<char> text)
    {
        var chinese = 0;
        var gaps = 0;
        var words = 0;
        var single = 0;
        var lonePunctuation = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (IsCjk(c))
            {
                chinese++;
                if (i == 0 || !IsCjk(text[i - 1]))
                {
                    words++;
                    single += i + 1 == text.Length || !IsCjk(text[i + 1]) ? 1 : 0;
                }
            }
            else if (IsSpace(c))
            {
                var end = SpacesEnd(text, i);
                gaps += BetweenChinese(text, i, end) ? 1 : 0;
                i = end - 1;
            }
            else if (!lonePunctuation && IsChineseSide(c) && c is not ('\n' or '\r') && i > 0 && IsSpace(text[i - 1])
                     && i + 1 < text.Length && IsSpace(text[i + 1]))
            {
                lonePunctuation = true;
            }
        }

        return gaps >= 4 && gaps * 3 >= chinese && (lonePunctuation || single * 5 >= words);
    }

    // At least eight pieces between spaces, four in five of them one character long.
    private static bool IsSpacedOut(ReadOnlySpan<char> text)
    {
        var pieces = 0;
        var single = 0;
        foreach (var range in text.SplitAny(" \t\u3000\n\r"))
        {
            var length = range.End.GetOffset(text.Length) - range.Start.GetOffset(text.Length);
            pieces += length > 0 ? 1 : 0;
            single += length == 1 ? 1 : 0;
        }

        return pieces >= 8 && single * 5 >= pieces * 4;
    }

    private static string WithoutSymbolsInNumbers(string text)
    {
        var first = FirstSymbolInNumber(text);
        if (first < 0)
        {
            return text;
        }

        StringBuilder? kept = null;
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            if (c > '\u2000' && i > 0 && char.IsAsciiDigit(text[i - 1]))
            {
                // A keycap's combining mark after its digit ("1⃣"), or up to two symbol characters (an emoji is two)
                // between two digits.
                var gap = 0;
                while (gap < 2 && i + gap < text.Length && IsSymbolInNumber(text[i + gap]))
                {
                    gap++;
                }

                if (gap > 0 && (c == Keycap || (i + gap < text.Length && char.IsAsciiDigit(text[i + gap]))))
                {
                    kept ??= new StringBuilder(text, 0, i, text.Length);
                    i += (c == Keycap ? 1 : gap) - 1;
                    continue;
                }
            }

            kept?.Append(c);
        }

        return kept?.ToString() ?? text;
    }

    private const char Keycap = '\u20E3';

    // Where the first symbol after a digit is, or -1: digits are few, so this looks only after them.
    private static int FirstSymbolInNumber(string text)
    {
        var span = text.AsSpan();
        var at = span.IndexOfAnyInRange('0', '9');
        while (at >= 0 && at + 1 < span.Length)
        {
            if (span[at + 1] > '\u2000' && IsSymbolInNumber(span[at + 1]))
            {
                return at + 1;
            }

            var next = span[(at + 1)..].IndexOfAnyInRange('0', '9');
            at = next < 0 ? -1 : at + 1 + next;
        }

        return -1;
    }

    // Not a look-alike the fold reads as a character: Kangxi radicals are symbols too ("11⽉10⽇" is a date).
    private static bool IsSymbolInNumber(char c) =>
        c == Keycap || (c > '\u2000' && !IsCjk(c) && Compatibility.Plain(c) == c
            && (char.IsSurrogate(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.OtherSymbol));

    private static string Visible(string text)
    {
        var at = text.AsSpan().IndexOfAny(Invisible);
        if (at < 0)
        {
            return text;
        }

        var visible = new StringBuilder(text.Length);
        visible.Append(text, 0, at);
        foreach (var c in text.AsSpan(at))
        {
            if (!Invisible.Contains(c))
            {
                visible.Append(c);
            }
        }

        return visible.ToString();
    }

    /// <summary>
    /// The digit a circled, negative circled, double circled, parenthesised or dotted digit (①, ❶, ➊, ⓵, ⑴, ⒈) writes, or
    /// -1. <see cref="Fold"/> reads them as digits in a run of two or more ("加微信❶❸❽⓪⓪❶❸❽⓪⓪⓪"), never alone, where one
    /// numbers a list ("①点击链接②输入验证码").
    /// </summary>
    private static int CircledDigitOf(char c) => c switch
    {
        >= '\u2460' and <= '\u2468' => c - '\u2460' + 1, // ①
        >= '\u2474' and <= '\u247C' => c - '\u2474' + 1, // ⑴
        >= '\u2488' and <= '\u2490' => c - '\u2488' + 1, // ⒈
        '\u24EA' or '\u24FF' => 0, // ⓪ ⓿
        >= '\u24F5' and <= '\u24FD' => c - '\u24F5' + 1, // ⓵
        >= '\u2776' and <= '\u277E' => c - '\u2776' + 1, // ❶
        >= '\u2780' and <= '\u2788' => c - '\u2780' + 1, // ➀
        >= '\u278A' and <= '\u2792' => c - '\u278A' + 1, // ➊
        _ => -1,
    };

    /// <summary>
    /// The digit a Chinese numeral writes one digit at a time, as a number is read out (一三八零零…, 幺 for 1, 〇) or
    /// written in capitals (壹贰叁…), or -1. <see cref="Fold"/> reads a run of <see cref="NumeralRun"/> or more as digits: a
    /// phone, QQ or order number spoken in a call transcript or spelled so filters miss it ("扣扣：二八六五九零三"); a
    /// shorter run is a year or a count ("二零二六年", "三五个").
    /// </summary>
    private static int ChineseDigitOf(char c) => c switch
    {
        '〇' or '零' => 0,
        '一' or '壹' or '幺' => 1,
        '二' or '贰' or '貳' => 2,
        '三' or '叁' => 3,
        '四' or '肆' => 4,
        '五' or '伍' => 5,
        '六' or '陆' or '陸' => 6,
        '七' or '柒' => 7,
        '八' or '捌' => 8,
        '九' or '玖' => 9,
        _ => -1,
    };

    private const int NumeralRun = 7;

    // Both looked up for every character folded, so from a table: the Chinese digit, or 10 + the circled digit, or -1.
    private static readonly sbyte[] Digits = BuildDigits();

    private static sbyte[] BuildDigits()
    {
        var digits = new sbyte[char.MaxValue + 1];
        for (var c = 0; c <= char.MaxValue; c++)
        {
            digits[c] = (sbyte)(ChineseDigitOf((char)c) is >= 0 and var chinese ? chinese
                : CircledDigitOf((char)c) is >= 0 and var circled ? 10 + circled : -1);
        }

        return digits;
    }

    /// <summary>See <see cref="ChineseDigitOf"/>.</summary>
    private static int ChineseDigit(char c) => Digits[c] is var d and < 10 ? d : -1;

    /// <summary>See <see cref="CircledDigitOf"/>.</summary>
    private static int CircledDigit(char c) => Digits[c] >= 10 ? Digits[c] - 10 : -1;

    public static string Fold(string text, bool lower)
    {
        return string.Create(text.Length, (text, lower), static (span, state) =>
        {
            var (source, toLower) = state;
            var numeralsUntil = -1; // the end of a run of Chinese numerals long enough to be a number
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                if (i >= numeralsUntil && ChineseDigit(c) >= 0 && (i == 0 || ChineseDigit(source[i - 1]) < 0))
                {
                    var end = i + 1;
                    while (end < source.Length && ChineseDigit(source[end]) >= 0)
                    {
                        end++;
                    }

                    numeralsUntil = end - i >= NumeralRun ? end : -1;
                }

                if (i < numeralsUntil)
                {
                    c = (char)('0' + ChineseDigit(c));
                }
                else if (CircledDigit(c) is var digit and >= 0
                    && ((i > 0 && CircledDigit(source[i - 1]) >= 0) || (i + 1 < source.Length && CircledDigit(source[i + 1]) >= 0)))
                {
                    c = (char)('0' + digit);
                }
                else if (c >= '\uFF01' && c <= '\uFF5E')
                {
                    c = (char)(c - 0xFEE0);
                }
                else if (c == '\u3000' || c == '\u00A0' || c == '\u2009' || c == '\u202F')
                {
                    c = ' ';
                }
                else if (c == '\uFFE5')
                {
                    c = '¥';
                }
                else if (c == '\u2014' || c == '\u2013' || c == '\u2212')
                {
                    c = '-';
                }

                c = Compatibility.Plain(c);
                if (toLower && c >= Traditional.First && c <= Traditional.Last && Traditional.Simplified[c - Traditional.First] is var simple and not '\0')
                {
                    c = simple;
                }
                else if (toLower && c >= 'A' && c <= 'Z')
                {
                    c = (char)(c + 32);
                }
                else if (toLower && c > '\u007F')
                {
                    c = char.ToLowerInvariant(c);
                }

                span[i] = c;
            }

            if (toLower)
            {
                Undisguise(span);
            }
        });
    }

    /// <summary>
    /// Words bulk loan and "add me" SMS spell with a look-alike or sound-alike character to dodge filters, read as the
    /// words meant, in place (two characters for two): 姿金 (资金), 借代 (借贷), 代款 (贷款, also 代歀), 信佣/信俑 and
    /// 信拥卡 (信用, but 相信拥有 stays), 俐息 (利息), 宝险 (保险), 苹安 (平安), 薇信/嶶信/徽信 (微信, but 安徽信用社 stays). Of the
    /// 88,734 messages labelled ordinary in every set, 4 hold one, 3 of them adverts themselves (BENCHMARKS.md,
    /// "Twenty-seventh session").
    /// </summary>
    private static void Undisguise(Span<char> folded)
    {
        var from = 0;
        while (from < folded.Length - 1)
        {
            var at = folded[from..^1].IndexOfAny(DisguiseStarts);
            if (at < 0)
            {
                return;
            }

            var i = from + at;
            var next = folded[i + 1];
            var (first, second) = (folded[i], next) switch
            {
                ('姿', '金') => ('资', '金'),
                ('借', '代') => ('借', '贷'),
                ('代', '款') => ('贷', '款'),
                ('信', '佣' or '俑') => ('信', '用'),
                ('信', '拥') when i + 2 < folded.Length && folded[i + 2] is '卡' or '贷' => ('信', '用'), // not 相信拥有
                ('俐', '息') => ('利', '息'),
                ('宝', '险') => ('保', '险'),
                ('苹', '安') => ('平', '安'),
                ('薇' or '嶶', '信') => ('微', '信'),
                ('徽', '信') when i == 0 || folded[i - 1] != '安' => ('微', '信'),
                _ => (folded[i], next),
            };
            folded[i] = first;
            folded[i + 1] = second;
            from = i + 1;
        }
    }

    private static readonly System.Buffers.SearchValues<char> DisguiseStarts = System.Buffers.SearchValues.Create("姿借代信俐宝苹薇嶶徽");

    /// <summary>The text as the model's features and the keyword rules read it, before <see cref="Squeeze"/>: folded,
    /// lowered, placeholders as blanked numbers and links. One place, so features and rules never read differently.</summary>
    public static string ForModel(string text) => Placeholders(Fold(text, lower: true));

    /// <summary>
    /// What anonymised collections put where a phone number, a link, an account, a number, a name or a place was
    /// ("<PHONE>", "[url]", "{phone}", "[手机号]", "[银行卡号]", "<NUM>", "[姓名]"), as the blanks the rest of detection
    /// reads: "[电话]" and "[手机]" (a mobile) read as a phone number, "[卡号]" as a bank card's, "[数字]" as a number of no
    /// known length (<see cref="Featurizer"/>), "[链接]" as a link (learned so), 某 and 某地. Lowered text in, lowered
    /// text out.
    /// </summary>
    public static string Placeholders(string lowered)
    {
        if (lowered.IndexOfAny(['<', '[', '{']) < 0)
        {
            return lowered;
        }

        foreach (var (placeholder, blanked) in PlaceholderForms)
        {
            if (lowered.Contains(placeholder, StringComparison.Ordinal))
            {
                lowered = lowered.Replace(placeholder, blanked, StringComparison.Ordinal);
            }
        }

        return lowered;
    }

    /// <summary>The text without blanked numbers (<see cref="NumberBlanks"/>), each a space, so that the keyword rules do
    /// not read the blank's own words (手机, 电话) as the message's.</summary>
    public static string WithoutNumberBlanks(string blanked)
    {
        if (!blanked.Contains('['))
        {
            return blanked;
        }

        foreach (var (blank, _) in NumberBlanks)
        {
            blanked = blanked.Replace(blank, " ", StringComparison.Ordinal);
        }

        return blanked;
    }

    /// <summary>
    /// The blanks <see cref="Placeholders"/> and <see cref="PlaceholderWords"/> write where a number was, each with the
    /// digits of the number it usually stands for: a mobile's 11, a bank card's 19; "[数字]" could be any number, so none.
    /// The model reads a blank as that many digits (<see cref="Featurizer"/>); one with digits is a contact to the rules.
    /// </summary>
    public static readonly (string Blank, int Digits)[] NumberBlanks = [("[手机]", 11), ("[电话]", 11), ("[卡号]", 19), ("[数字]", 0)];

    private static readonly (string Placeholder, string Blanked)[] PlaceholderForms =
    [
        ("<phone>", "[电话]"), ("[phone]", "[电话]"), ("{phone}", "[电话]"), ("<tel>", "[电话]"), ("[tel]", "[电话]"),
        ("<phone_number>", "[电话]"), ("[phone_number]", "[电话]"), ("<手机号>", "[手机]"), ("[手机号]", "[手机]"),
        ("[手机号码]", "[手机]"), ("[电话号码]", "[电话]"), ("<电话>", "[电话]"),
        ("<url>", "[链接]"), ("[url]", "[链接]"), ("{url}", "[链接]"), ("<link>", "[链接]"), ("[link]", "[链接]"), ("<链接>", "[链接]"),
        ("<card>", "[卡号]"), ("[card]", "[卡号]"), ("{card}", "[卡号]"), ("<account>", "[卡号]"), ("[account]", "[卡号]"),
        ("[银行卡号]", "[卡号]"), ("[银行卡]", "[卡号]"), ("[账号]", "[卡号]"), ("<卡号>", "[卡号]"),
        ("<num>", "[数字]"), ("[num]", "[数字]"), ("{num}", "[数字]"), ("<number>", "[数字]"), ("[number]", "[数字]"),
        ("<digit>", "[数字]"), ("[digit]", "[数字]"), ("[金额]", "[数字]"), ("<数字>", "[数字]"),
        ("<name>", "某"), ("[name]", "某"), ("{name}", "某"), ("[姓名]", "某"), ("<姓名>", "某"), ("[名字]", "某"),
        ("<person>", "某"), ("[person]", "某"), ("<location>", "某地"), ("[location]", "某地"), ("<credit_card>", "[卡号]"),
        ("[credit_card]", "[卡号]"),
        ("<address>", "某地"), ("[address]", "某地"), ("<place>", "某地"), ("[place]", "某地"), ("[地址]", "某地"), ("<地址>", "某地"),
    ];

    /// <summary>
    /// The folded text without what is put between Chinese characters to dodge filters and keyword matching: "贷·款",
    /// "刷*单", "加🔥微信" become "贷款", "刷单", "加微信" (up to two symbols, emoji or · • * | ~ + # _ between two Chinese
    /// characters), and "加 微 信", "贷 款 秒 批" become "加微信", "贷款秒批" where single characters stand between spaces.
    /// Up to two emoji or other symbols between an ASCII letter or digit and another, or a Chinese character, go too
    /// ("1🌹3🌹8", "V❤信"); ASCII punctuation there stays ("1+1", "c#").
    /// Spaces between words or clauses ("好的 明天见"), and . - / (sentence ends, ranges, "短信/彩信"), stay. Not
    /// index-preserving: for the model's features and the keyword rules, never for indicators.
    /// </summary>
    public static string Squeeze(string folded)
    {
        StringBuilder? squeezed = null;
        for (var i = 0; i < folded.Length; i++)
        {
            if (i > 0 && IsCjk(folded[i - 1]))
            {
                var gap = 0;
                while (gap < 2 && i + gap < folded.Length && IsFiller(folded[i + gap]))
                {
                    gap++;
                }

                if (gap == 0 && folded[i] == ' ' && i + 1 < folded.Length && IsCjk(folded[i + 1])
                    && ((i > 1 && folded[i - 2] == ' ') || (i + 2 < folded.Length && folded[i + 2] == ' ')))
                {
                    gap = 1; // a space beside a character standing alone: spelled out one character at a time
                }

                if (gap > 0 && i + gap < folded.Length
                    && (IsCjk(folded[i + gap]) || (IsAsciiLetterOrDigit(folded[i + gap]) && AllSymbols(folded.AsSpan(i, gap)))))
                {
                    squeezed ??= new StringBuilder(folded, 0, i, folded.Length);
                    i += gap - 1;
                    continue;
                }
            }
            else if (i > 0 && IsAsciiLetterOrDigit(folded[i - 1]))
            {
                // Emoji and other symbols (not ASCII punctuation: "1+1", "c#", "a_b" stay) inside a number or a word:
                // "1🌹3🌹8", "V❤信".
                var gap = 0;
                while (gap < 2 && i + gap < folded.Length && IsFiller(folded[i + gap]) && folded[i + gap] > '\u007F')
                {
                    gap++;
                }

                if (gap > 0 && i + gap < folded.Length && (IsCjk(folded[i + gap]) || IsAsciiLetterOrDigit(folded[i + gap])))
                {
                    squeezed ??= new StringBuilder(folded, 0, i, folded.Length);
                    i += gap - 1;
                    continue;
                }
            }

            squeezed?.Append(folded[i]);
        }

        return squeezed?.ToString() ?? folded;
    }

    private static bool AllSymbols(ReadOnlySpan<char> gap)
    {
        foreach (var c in gap)
        {
            if (c <= '\u007F')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsFiller(char c) => c switch
    {
        '·' or '•' or '*' or '|' or '~' or '+' or '#' or '_' => true,
        < '\u2000' => false,
        _ => !IsCjk(c) && (char.IsSurrogate(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.OtherSymbol),
    };

    public static bool IsAsciiLetterOrDigit(char c) => char.IsAsciiLetterOrDigit(c);

    public static bool IsCjk(char c) => (c >= '\u4E00' && c <= '\u9FFF') || (c >= '\u3400' && c <= '\u4DBF');

    public static bool StartsWithIgnoreCase(string s, int index, string prefix) =>
        index + prefix.Length <= s.Length &&
        s.AsSpan(index, prefix.Length).Equals(prefix, StringComparison.OrdinalIgnoreCase);
}
