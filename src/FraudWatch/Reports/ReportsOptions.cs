using Microsoft.Extensions.Options;

namespace FraudWatch.Reports;

public sealed class ReportsOptions
{
    public const string Section = "Reports";

    /// <summary>Reports one resident may file in a rolling hour (PRODUCT.md section 5: 10).</summary>
    public int PerHour { get; set; } = 10;

    /// <summary>Distinct reporters after which a number or link is warned about in every active group (section 5: 3).</summary>
    public int WarnAtReporters { get; set; } = 3;

    /// <summary>
    /// Minutes a group, once warned about a number or link, gets no new warning about it (0: every message is warned):
    /// a scammer posting the number ten times a minute would otherwise get ten warnings and crowd the group's talk out.
    /// </summary>
    public int WarnAgainAfterMinutes { get; set; } = 60;

    /// <summary>Messages one resident may have checked in private in a minute; past it one polite line, then silence.</summary>
    public int PrivateChecksPerMinute { get; set; } = 20;

    /// <summary>Numbers never warned about, comma-separated, added to the built-in police, bank and carrier lines (section 9).</summary>
    public string OfficialNumbers { get; set; } = "";

    /// <summary>Duty-group posts one reporter's reports may make in an hour; the rest are stored and listed, not posted.</summary>
    public int DutyPostsPerReporterPerHour { get; set; } = 3;

    /// <summary>Decided reports (an outcome other than duplicate) a county model needs before one is learned.</summary>
    public int LearnFromReports { get; set; } = 200;

    /// <summary>Training orders a county model averages, as the shipped one does; fewer learn faster and a little worse.</summary>
    public int LearningOrders { get; set; } = 10;

    internal static IEnumerable<string> ParseNumbers(string? list) =>
        (list ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(Reports.OfficialNumbers.Local);
}

public sealed class ReportsOptionsValidator : IValidateOptions<ReportsOptions>
{
    public ValidateOptionsResult Validate(string? name, ReportsOptions options)
    {
        var errors = new List<string>();
        if (options.PerHour is < 1 or > 10_000)
            errors.Add($"Reports__PerHour: {options.PerHour} is out of range (1-10000).");
        if (options.WarnAtReporters is < 1 or > 1_000)
            errors.Add($"Reports__WarnAtReporters: {options.WarnAtReporters} is out of range (1-1000).");
        if (options.WarnAgainAfterMinutes is < 0 or > 10_080)
            errors.Add($"Reports__WarnAgainAfterMinutes: {options.WarnAgainAfterMinutes} is out of range (0-10080).");
        if (options.PrivateChecksPerMinute is < 1 or > 1_000)
            errors.Add($"Reports__PrivateChecksPerMinute: {options.PrivateChecksPerMinute} is out of range (1-1000).");
        if (options.DutyPostsPerReporterPerHour is < 1 or > 1_000)
            errors.Add($"Reports__DutyPostsPerReporterPerHour: {options.DutyPostsPerReporterPerHour} is out of range (1-1000).");
        if (options.LearnFromReports is < 20 or > 1_000_000)
            errors.Add($"Reports__LearnFromReports: {options.LearnFromReports} is out of range (20-1000000).");
        if (options.LearningOrders is < 1 or > 20)
            errors.Add($"Reports__LearningOrders: {options.LearningOrders} is out of range (1-20).");
        foreach (var entry in (options.OfficialNumbers ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!entry.All(c => char.IsAsciiDigit(c) || c is '+' or '-' or ' ') || OfficialNumbers.Local(entry).Length is < 3 or > 15)
                errors.Add($"Reports__OfficialNumbers: '{entry}' is not a phone number; list numbers separated by commas, e.g. 95588,0577-12345678.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
