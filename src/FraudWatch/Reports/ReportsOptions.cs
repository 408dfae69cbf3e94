using Microsoft.Extensions.Options;

namespace FraudWatch.Reports;

public sealed class ReportsOptions
{
    public const string Section = "Reports";

    /// <summary>Reports one resident may file in a rolling hour (PRODUCT.md section 5: 10).</summary>
    public int PerHour { get; set; } = 10;

    /// <summary>Distinct reporters after which a number or link is warned about in every active group (section 5: 3).</summary>
    public int WarnAtReporters { get; set; } = 3;

    /// <summary>Messages one resident may have checked in private in a minute; past it one polite line, then silence.</summary>
    public int PrivateChecksPerMinute { get; set; } = 20;
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
        if (options.PrivateChecksPerMinute is < 1 or > 1_000)
            errors.Add($"Reports__PrivateChecksPerMinute: {options.PrivateChecksPerMinute} is out of range (1-1000).");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
