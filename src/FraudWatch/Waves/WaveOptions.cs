using Microsoft.Extensions.Options;

namespace FraudWatch.Waves;

public sealed class WaveOptions
{
    public const string Section = "Waves";

    /// <summary>Distinct villages within 24 hours at which a wave is raised to the duty group (PRODUCT.md section 9: 3).</summary>
    public int AlertVillages { get; set; } = 3;

    /// <summary>
    /// pg_trgm similarity at or above which two normalized texts are one script. 0.35 was chosen on the labelled pairs in
    /// tests/FraudWatch.Tests/Waves/Data/pairs.jsonl: no pair of different scripts scored above 0.26 there, and most reworded copies score 0.35-0.5 (BENCHMARKS.md, Waves).
    /// </summary>
    public double Similarity { get; set; } = 0.35;
}

public sealed class WaveOptionsValidator : IValidateOptions<WaveOptions>
{
    public ValidateOptionsResult Validate(string? name, WaveOptions options)
    {
        var errors = new List<string>();
        if (options.AlertVillages is < 1 or > 1_000)
            errors.Add($"Waves__AlertVillages: {options.AlertVillages} is out of range (1-1000).");
        if (options.Similarity is < 0.1 or > 1 || double.IsNaN(options.Similarity))
            errors.Add($"Waves__Similarity: {options.Similarity} is out of range (0.1-1; 0.35 is the measured choice).");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
