using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using FraudWatch.Detection;

namespace FraudWatch.Waves;

/// <summary>
/// Turns a scam message into the form copies of one script share: what changes from copy to copy (numbers, links,
/// cards, accounts, amounts, ids, the addressee's name) becomes a placeholder, and width, case, punctuation and
/// spacing are folded. Pure and thread-safe.
/// </summary>
public static partial class WaveText
{
    public const string Phone = "tel";
    public const string Link = "url";
    public const string Card = "card";
    public const string Account = "acct";
    public const string Amount = "amt";
    public const string Number = "num";
    public const string Name = "name";

    static readonly string[] Placeholders = [Phone, Link, Card, Account, Amount, Number, Name];

    /// <summary>The masked, folded text that is stored and compared.</summary>
    public static string Normalize(string text) => Fold(Mask(text));

    /// <summary>
    /// Masks what varies between copies but keeps the text readable (punctuation and case stay): used as a wave's
    /// representative text, so a wave shows the script without anyone's number or name.
    /// </summary>
    public static string Mask(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        // NFKC folds full-width letters, digits and punctuation to ASCII, so the extractor and the patterns below see one spelling.
        // Characters that show nothing go first, so "贷\u200B款" and "贷款" are one script.
        var masked = Detector.Readable(text.Normalize(NormalizationForm.FormKC));
        foreach (var indicator in IndicatorExtractor.Extract(masked).OrderByDescending(i => i.Raw.Length))
        {
            if (indicator.Raw.Length > 0)
                masked = masked.Replace(indicator.Raw, $" {Placeholder(indicator.Kind)} ", StringComparison.Ordinal);
        }

        masked = AddressedName().Replace(masked, m => m.Groups["lead"].Value + " " + Name + " " + m.Groups["tail"].Value);
        masked = TitledName().Replace(masked, m => " " + Name + " " + m.Groups["title"].Value);
        masked = EnglishName().Replace(masked, m => m.Groups["lead"].Value + " " + Name);
        // Whatever digits are left: order and case numbers, id cards, codes, "3 天" against "5 天" in another copy.
        masked = Code().Replace(masked, " " + Number + " ");
        return Spaces().Replace(masked, " ");
    }

    /// <summary>Lowercases and keeps letters and digits only, runs of anything else becoming one space.</summary>
    public static string Fold(string masked)
    {
        var folded = new StringBuilder(masked.Length);
        var space = true;
        foreach (var c in masked.Normalize(NormalizationForm.FormKC))
        {
            if (char.IsLetterOrDigit(c))
            {
                folded.Append(char.ToLowerInvariant(c));
                space = false;
            }
            else if (!space)
            {
                folded.Append(' ');
                space = true;
            }
        }

        return folded.ToString().TrimEnd();
    }

    /// <summary>
    /// Whether a normalized text says enough to be matched: a bare number with a word or two ("tel 骗子") would
    /// otherwise make every such report one wave. Chinese characters count double against Latin letters.
    /// </summary>
    public static bool IsMatchable(string normalized)
    {
        var weight = 0;
        foreach (var word in normalized.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (Placeholders.Contains(word))
                continue;
            foreach (var c in word)
                weight += c >= '\u2E80' ? 2 : 1;
        }

        return weight >= MinimumWeight;
    }

    /// <summary>About ten Chinese characters or twenty Latin letters besides the placeholders.</summary>
    public const int MinimumWeight = 20;

    static string Placeholder(IndicatorKind kind) => kind switch
    {
        IndicatorKind.Phone => Phone,
        IndicatorKind.Url => Link,
        IndicatorKind.BankCard => Card,
        IndicatorKind.PaymentAccount => Account,
        IndicatorKind.Amount => Amount,
        _ => Number,
    };

    const string Surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";

    /// <summary>"您好张三，" "尊敬的李建国:" "张三您好": a greeting and the 2-3 character name it addresses.</summary>
    [GeneratedRegex($"(?<lead>尊敬的|亲爱的|您好|你好|hi|hello|dear)[\\s,:!]*[{Surnames}]\\p{{IsCJKUnifiedIdeographs}}{{1,2}}(?<tail>[\\s,:!。，：！]|您|你)|(?<lead>^|[\\s,:!。，：！])[{Surnames}]\\p{{IsCJKUnifiedIdeographs}}{{1,2}}(?<tail>您好|你好)", RegexOptions.IgnoreCase)]
    private static partial Regex AddressedName();

    /// <summary>"李先生" "王女士" "陈经理": a surname (and maybe a given name) before a form of address.</summary>
    [GeneratedRegex($"[{Surnames}]\\p{{IsCJKUnifiedIdeographs}}?(?<title>先生|女士|小姐|老师|经理|警官|阿姨|叔叔|(?:总|姐|哥)(?=[\\s,:!。，：！您你]|$))")]
    private static partial Regex TitledName();

    [GeneratedRegex(@"(?<lead>\b(?i:dear|hi|hello|mr|mrs|ms|miss)\.?)\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?")]
    private static partial Regex EnglishName();

    [GeneratedRegex(@"[ \t]{2,}")]
    private static partial Regex Spaces();

    /// <summary>A run of Latin letters, digits and dashes that holds a digit: "ZJ2023-0815", "3", "A1B2".</summary>
    [GeneratedRegex(@"[A-Za-z\-]*\d[A-Za-z\d\-]*")]
    private static partial Regex Code();
}
