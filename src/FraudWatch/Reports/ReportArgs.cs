using System.Globalization;
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

public sealed record AlertArgs(string Value, string Kind, string Target, string? Note);

/// <summary>Parses command arguments; each parser returns the value or the one-line reason it is refused.</summary>
public static class ReportArgs
{
    public static long? ParseReportId(string? text) =>
        long.TryParse(text?.TrimStart('#'), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0 ? id : null;

    /// <summary>"&lt;id&gt; &lt;outcome&gt; [amount] [note ...]"</summary>
    public static (OutcomeArgs? Args, string? Error) ParseOutcome(string args)
    {
        var words = args.Split((char[]?)null, 4, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 2 || ParseReportId(words[0]) is not { } id)
            return (null, "Usage: /outcome <report-id> <dissuaded|intercepted|loss|not_fraud|duplicate> [amount] [note]");
        var outcome = words[1].ToLowerInvariant();
        if (!Outcomes.IsKnown(outcome))
            return (null, $"Unknown outcome '{words[1]}': use dissuaded, intercepted, loss, not_fraud or duplicate.");

        decimal? amount = null;
        var noteFrom = 2;
        if (words.Length > 2 && IndicatorExtractor.ParseAmount(words[2]) is { } parsed)
        {
            amount = parsed;
            noteFrom = 3;
        }

        var note = string.Join(' ', words.Skip(noteFrom)).Trim();
        return CheckAmount(outcome, amount) is { } error ? (null, error) : (new OutcomeArgs(id, outcome, amount, note.Length == 0 ? null : note), null);
    }

    public static string? CheckAmount(string outcome, decimal? amount) => amount switch
    {
        null => null,
        < 0 => "The amount cannot be negative.",
        > 100_000_000_000m => "The amount is too large; give it in yuan, e.g. 5000 or 3.5万.",
        _ when !Outcomes.TakesAmount(outcome) => $"An amount goes with dissuaded, intercepted or loss, not with {outcome}.",
        _ => null,
    };

    /// <summary>"&lt;phone-or-url&gt; &lt;target&gt; [note ...]"; the number may be written with spaces ("0577 8888 9999 all").</summary>
    public static (AlertArgs? Args, string? Error) ParseAlert(string args)
    {
        var words = args.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 2)
            return (null, "Usage: /alert <phone-or-url> <all | township:NAME | village:NAME | tag:TAG | group:CHAT-ID> [note]");
        for (var split = 1; split < words.Length && split <= 4; split++)
        {
            if (AlertTarget.Parse(words[split]) is null || Normalize(string.Join(' ', words[..split])) is not var (value, kind))
                continue;
            var note = string.Join(' ', words[(split + 1)..]).Trim();
            return (new AlertArgs(value, kind, words[split], note.Length == 0 ? null : note), null);
        }

        if (Normalize(words[0]) is null)
            return (null, $"'{words[0]}' is not a phone number or a link; e.g. /alert 0577-8888-9999 all or /alert http://fake-refund.top township:灵溪镇");
        return (null, $"No target after '{words[0]}': use all, township:NAME, village:NAME, tag:TAG or group:CHAT-ID (several joined by commas).");
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
