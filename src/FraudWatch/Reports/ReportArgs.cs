using System.Globalization;
using System.Text.RegularExpressions;
using FraudWatch.Detection;

namespace FraudWatch.Reports;

public static class Outcomes
{
    public const string Dissuaded = "dissuaded";
    public const string Intercepted = "intercepted";
    public const string Loss = "loss";
    public const string NotFraud = "not_fraud";
    public const string Duplicate = "duplicate";

    public static IReadOnlyList<string> All { get; } = [Dissuaded, Intercepted, Loss, NotFraud, Duplicate];

    public static bool IsKnown(string? code) => code is not null && All.Contains(code);

    /// <summary>dissuaded and intercepted count as prevented; their amount is the amount protected.</summary>
    public static bool IsPrevented(string code) => code is Dissuaded or Intercepted;

    public static bool TakesAmount(string code) => code is Dissuaded or Intercepted or Loss;

    /// <summary>An outcome as officers write it: its code, or its Chinese word (劝阻, 拦截, 被骗, 非诈骗, 重复).</summary>
    public static string? Parse(string? word) => word?.Trim().ToLowerInvariant() switch
    {
        "劝阻" or "已劝阻" => Dissuaded,
        "拦截" or "已拦截" => Intercepted,
        "被骗" or "已被骗" or "损失" => Loss,
        "非诈骗" or "不是诈骗" => NotFraud,
        "重复" => Duplicate,
        var code when IsKnown(code) => code,
        _ => null,
    };

    /// <summary>An outcome in words, in one language.</summary>
    public static string Label(string code, string lang) => (code, ReplyLanguage.IsEnglish(lang)) switch
    {
        (Dissuaded, false) => "已劝阻",
        (Dissuaded, true) => "stopped in time",
        (Intercepted, false) => "已拦截",
        (Intercepted, true) => "payment intercepted",
        (Loss, false) => "已被骗",
        (Loss, true) => "money lost",
        (NotFraud, false) => "不是诈骗",
        (NotFraud, true) => "not fraud",
        (Duplicate, false) => "重复举报",
        (Duplicate, true) => "duplicate",
        (_, false) => "未知",
        _ => "unknown",
    };

    /// <summary>Both languages, for the web console, which shows both.</summary>
    public static string Label(string code) => code switch
    {
        Dissuaded => "已劝阻 Stopped",
        Intercepted => "已拦截 Intercepted",
        Loss => "已被骗 Loss",
        NotFraud => "不是诈骗 Not fraud",
        Duplicate => "重复 Duplicate",
        _ => code,
    };
}

public sealed record OutcomeArgs(long ReportId, string Outcome, decimal? Amount, string? Note);

public sealed record TypeArgs(long ReportId, string Type);

public sealed record AlertArgs(string Value, string Kind, string Target, string? Note);

/// <summary>Parses command arguments; each parser returns the value or the one-line reason it is refused.</summary>
public static partial class ReportArgs
{
    public static long? ParseReportId(string? text) =>
        long.TryParse(text?.TrimStart('#'), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0 ? id : null;

    /// <summary>"&lt;id&gt; &lt;outcome&gt; [amount] [note ...]"</summary>
    public static (OutcomeArgs? Args, string? Error) ParseOutcome(string args, string lang = ReplyLanguage.English)
    {
        var en = ReplyLanguage.IsEnglish(lang);
        var words = args.Split((char[]?)null, 4, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 2 || ParseReportId(words[0]) is not { } id)
            return (null, en
                ? "Usage: /outcome <report-id> <dissuaded|intercepted|loss|not_fraud|duplicate> [amount] [note]"
                : "用法：/outcome 举报编号 结果 [金额] [备注]。结果写 劝阻、拦截、被骗、非诈骗 或 重复，例如 /outcome 128 劝阻 5000");
        if (Outcomes.Parse(words[1]) is not { } outcome)
            return (null, en
                ? $"Unknown outcome '{words[1]}': use dissuaded, intercepted, loss, not_fraud or duplicate."
                : $"不认识的结果“{words[1]}”：请写 劝阻、拦截、被骗、非诈骗 或 重复。");

        decimal? amount = null;
        var noteFrom = 2;
        var rest = words.Length > 3 ? words[3] : "";
        // "5 万 老人已转账": a unit written apart from its number belongs to it.
        if (words.Length > 3 && UnitApart().Match(rest) is { Success: true } unit && IndicatorExtractor.ParseAmount(words[2] + unit.Groups[1].Value) is { } joined)
        {
            amount = joined;
            rest = rest[unit.Length..];
            noteFrom = 4;
        }
        else if (words.Length > 2 && IndicatorExtractor.ParseAmount(words[2]) is { } parsed)
        {
            amount = parsed;
            noteFrom = 3;
        }
        else if (words.Length > 2 && AmountAttempt().IsMatch(words[2]))
        {
            // A word meant as the amount that is none ("-500", "三万") is refused, never kept as the note with no amount.
            return (null, en
                ? $"'{words[2]}' is not an amount: write it in digits, for example 5000, ¥2,000 or 3.5万."
                : $"“{words[2]}”不是金额：请用数字写，例如 5000、¥2,000 或 3.5万。");
        }

        var note = (noteFrom == 4 ? rest : string.Join(' ', words.Skip(noteFrom))).Trim();
        return CheckAmount(outcome, amount, lang) is { } error ? (null, error) : (new OutcomeArgs(id, outcome, amount, note.Length == 0 ? null : note), null);
    }

    // A unit after a space: "万", "万元", "元", "块", "千" alone or before the note.
    [GeneratedRegex(@"^(万元|万|千元|千|元|块|w|k)(?=\s|$)", RegexOptions.IgnoreCase)]
    private static partial Regex UnitApart();

    // What reads as an attempt at an amount: digits with at most a sign, a currency mark and units; a sign before digits; or
    // only Chinese numerals. A note that only starts with a digit ("3人在场") is a note.
    [GeneratedRegex(@"^[-−+]?[¥￥$]?[0-9][0-9,.]*(?:万|千|元|块|w|k)*$|^[-−+][¥￥$]?[0-9]|^[一二两三四五六七八九十百千万亿零壹贰叁肆伍陆柒捌玖拾佰仟]+(?:元|块)?$", RegexOptions.IgnoreCase)]
    private static partial Regex AmountAttempt();

    /// <summary>"&lt;id&gt; &lt;type&gt;": a type code (fake_loan, other) or its Chinese or English name (虚假贷款, 其他).</summary>
    public static (TypeArgs? Args, string? Error) ParseType(string args, string lang = ReplyLanguage.English)
    {
        var en = ReplyLanguage.IsEnglish(lang);
        var words = args.Split((char[]?)null, 3, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length != 2 || ParseReportId(words[0]) is not { } id)
            return (null, en
                ? $"Usage: /type <report-id> <type>, the type one of {string.Join(", ", FraudTypes.All)}, other."
                : "用法：/type 举报编号 类型，例如 /type 128 虚假贷款；类型写中文名称，十类之外写 其他。");
        var word = words[1].Trim().ToLowerInvariant();
        var type = FraudTypes.All.Append(FraudTypes.Other).FirstOrDefault(t =>
            t == word || FraudTypes.DisplayName(t, "zh-CN") == words[1] || FraudTypes.DisplayName(t, "en").Equals(words[1], StringComparison.OrdinalIgnoreCase));
        return type is null
            ? (null, en
                ? $"Unknown type '{words[1]}': use one of {string.Join(", ", FraudTypes.All)}, other."
                : $"不认识的类型“{words[1]}”：请写 {string.Join("、", FraudTypes.All.Select(t => FraudTypes.DisplayName(t, "zh-CN")))} 或 其他。")
            : (new TypeArgs(id, type), null);
    }

    public static string? CheckAmount(string outcome, decimal? amount, string lang = ReplyLanguage.English) => (amount, ReplyLanguage.IsEnglish(lang)) switch
    {
        (null, _) => null,
        (< 0, true) => "The amount cannot be negative.",
        (< 0, false) => "金额不能是负数。",
        (> 100_000_000_000m, true) => "The amount is too large; give it in yuan, e.g. 5000 or 3.5万.",
        (> 100_000_000_000m, false) => "金额太大了，请按元填写，例如 5000 或 3.5万。",
        (_, true) when !Outcomes.TakesAmount(outcome) => $"An amount goes with dissuaded, intercepted or loss, not with {outcome}.",
        (_, false) when !Outcomes.TakesAmount(outcome) => $"只有劝阻、拦截、被骗可以填金额，{Outcomes.Label(outcome, lang)}不用填。",
        _ => null,
    };

    /// <summary>"&lt;phone-or-url&gt; &lt;target&gt; [note ...]"; the number may be written with spaces ("0577 8888 9999 all").</summary>
    public static (AlertArgs? Args, string? Error) ParseAlert(string args, string lang = ReplyLanguage.English)
    {
        var en = ReplyLanguage.IsEnglish(lang);
        var words = args.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 2)
            return (null, en
                ? "Usage: /alert <phone-or-url> <all | township:NAME | village:NAME | tag:TAG | group:CHAT-ID> [note]"
                : "用法：/alert 号码或链接 目标 [备注]。目标可写 all、township:乡镇、village:村、tag:标签、group:群号，例如 /alert 0577-8888-9999 township:灵溪镇");
        for (var split = 1; split < words.Length && split <= 4; split++)
        {
            if (AlertTarget.Parse(words[split]) is null || Normalize(string.Join(' ', words[..split])) is not var (value, kind))
                continue;
            var note = string.Join(' ', words[(split + 1)..]).Trim();
            return (new AlertArgs(value, kind, words[split], note.Length == 0 ? null : note), null);
        }

        // Say which part is wrong: the number (as much of the start as reads as one, "0577-8888 9999" included) or the target after it.
        var numberWords = Enumerable.Range(1, Math.Min(4, words.Length)).Reverse()
            .FirstOrDefault(n => Normalize(string.Join(' ', words[..n])) is not null);
        if (numberWords == 0)
            return (null, en
                ? $"'{words[0]}' is not a phone number or a link; e.g. /alert 0577-8888-9999 all or /alert http://fake-refund.top township:灵溪镇"
                : $"“{words[0]}”不是电话号码或链接，例如 /alert 0577-8888-9999 township:灵溪镇");
        var number = string.Join(' ', words[..numberWords]);
        if (numberWords == words.Length)
            return (null, en
                ? $"No target after '{number}': use all, township:NAME, village:NAME, tag:TAG or group:CHAT-ID (several joined by commas)."
                : $"“{number}”后面缺少目标：可写 all、township:乡镇、village:村、tag:标签、group:群号，多个用逗号隔开。");
        var target = words[numberWords];
        // A bare name ("灵溪镇") is most likely a township or village written without its prefix.
        var bare = !target.Contains(':', StringComparison.Ordinal) && !target.Contains(',', StringComparison.Ordinal);
        return (null, en
            ? $"No target: '{target}' is not one. After {number} write all, township:NAME, village:NAME, tag:TAG or group:CHAT-ID (several joined by commas)"
                + (bare ? $", e.g. /alert {number} township:{target}" : ".")
            : $"目标“{target}”写法不对：{number} 后面可写 all、township:乡镇、village:村、tag:标签、group:群号，多个用逗号隔开"
                + (bare ? $"，例如 /alert {number} township:{target}" : "。"));
    }

    /// <summary>One bare phone or link in normalized form with its kind ("phone" or "url"); null if it is neither.</summary>
    public static (string Value, string Kind)? Normalize(string input)
    {
        var value = IndicatorExtractor.NormalizeValue(input);
        if (value is null)
            return null;
        return (value, value.All(c => c == '+' || char.IsAsciiDigit(c)) ? IndicatorKind.Phone.ToCode() : IndicatorKind.Url.ToCode());
    }
}

/// <summary>A simple broadcast target: all, township:x, village:x, tag:x, group:id, several joined by commas.</summary>
public sealed record AlertTarget(string Kind, string Value)
{
    public static IReadOnlyList<AlertTarget>? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        var parts = new List<AlertTarget>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (part.Equals("all", StringComparison.OrdinalIgnoreCase))
            {
                parts.Add(new("all", ""));
                continue;
            }

            var colon = part.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || colon == part.Length - 1)
                return null;
            var kind = part[..colon].ToLowerInvariant();
            var value = part[(colon + 1)..];
            if (kind is not ("township" or "village" or "tag" or "group"))
                return null;
            if (kind == "group" && !long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
                return null;
            parts.Add(new(kind, kind == "tag" ? value.TrimStart('#').ToLowerInvariant() : value));
        }

        return parts;
    }

    public bool Matches(Groups.Group group) => Kind switch
    {
        "all" => true,
        "township" => group.Township == Value,
        "village" => group.Village == Value,
        "tag" => group.Tags.Contains(Value),
        "group" => group.ChatId.ToString(CultureInfo.InvariantCulture) == Value,
        _ => false,
    };
}
