using Microsoft.Extensions.Options;

namespace FraudWatch.Reports;

/// <summary>
/// Police, government, bank and carrier numbers that are never warned about, however often they are reported
/// (PRODUCT.md section 9): reporting 96110 or a bank's hotline must not make every group distrust it. The county adds
/// its own with <c>Reports__OfficialNumbers</c>.
/// </summary>
public sealed class OfficialNumbers(IOptions<ReportsOptions> options)
{
    /// <summary>Police (110, 96110 anti-fraud, 12110 SMS alarm), MIIT complaints (12381), government and consumer lines, banks' 95xxx and carriers.</summary>
    public static readonly IReadOnlyList<string> Defaults =
    [
        "110", "96110", "12110", "12381", "12345", "12315",
        "95588", "95533", "95599", "95566", "95555", "95528", "95559", "95558", "95568", "95561", "95577", "95595",
        "95580", "95511", "95501", "95508", "95516", "95526",
        "10086", "10010", "10000", "10099",
    ];

    readonly HashSet<string> numbers = [.. Defaults, .. ReportsOptions.ParseNumbers(options.Value.OfficialNumbers)];

    public bool IsOfficial(string kind, string value) => kind == "phone" && numbers.Contains(Local(value));

    /// <summary>A text that is nothing but one official number ("110", "+86 95588"), as a resident sends it to /check.</summary>
    public bool IsBareOfficial(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Length is > 0 and <= 24 && trimmed.All(c => char.IsAsciiDigit(c) || c is '+' or '-' or ' ')
            && numbers.Contains(Local(trimmed));
    }

    /// <summary>
    /// A number without country code or trunk zero, so each way of writing it matches the extractor's E.164 form:
    /// "+8695588" and "95588" are one number, "0577-8888 9999" and "+8657788889999" another.
    /// </summary>
    public static string Local(string value)
    {
        var digits = new string(value.Where(char.IsAsciiDigit).ToArray());
        if (value.TrimStart().StartsWith('+') && digits.StartsWith("86", StringComparison.Ordinal))
            digits = digits[2..];
        return digits.TrimStart('0');
    }
}
