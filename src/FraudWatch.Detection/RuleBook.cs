using System.Text.Json;

namespace FraudWatch.Detection;

/// <summary>The keyword rules, names and advice read from the embedded Rules/*.json files.</summary>
internal sealed record RuleBook
{
    public const string Harmless = "harmless";
    public const string Other = "other";
    public const string Cue = "cue";

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public required double Scale { get; init; }
    public required IReadOnlyDictionary<string, double> IndicatorBoost { get; init; }
    public required double CueCap { get; init; }

    /// <summary>How the learned model is trained and when its answer counts (scoring.json "model").</summary>
    public required ModelSettings Model { get; init; }

    /// <summary>Per keyword: which type it points at ("harmless" for negative context) and its weight.</summary>
    public required IReadOnlyList<(string Keyword, string Type, double Weight)> Keywords { get; init; }

    /// <summary>Language ("zh-CN", "en") → type code → (name, advice).</summary>
    public required IReadOnlyDictionary<string, IReadOnlyDictionary<string, (string Name, string Advice)>> Texts { get; init; }

    public static RuleBook LoadEmbedded()
    {
        var assembly = typeof(RuleBook).Assembly;
        ScoringFile? scoring = null;
        var keywords = new List<(string, string, double)>();
        var texts = new Dictionary<string, IReadOnlyDictionary<string, (string, string)>>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.EndsWith(".json", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            if (name.EndsWith("scoring.json", StringComparison.Ordinal))
            {
                scoring = JsonSerializer.Deserialize<ScoringFile>(stream, JsonOptions);
                continue;
            }

            var file = JsonSerializer.Deserialize<LanguageFile>(stream, JsonOptions)
                ?? throw new InvalidDataException($"Rule file {name} is empty.");
            var perType = new Dictionary<string, (string, string)>();
            foreach (var (type, rule) in file.Types)
            {
                if (type != Other && !FraudTypes.All.Contains(type))
                {
                    throw new InvalidDataException($"Rule file {name} names unknown type '{type}'; use one of FraudTypes.All.");
                }

                perType[type] = (rule.Name, rule.Advice);
                foreach (var (keyword, weight) in rule.Keywords)
                {
                    keywords.Add((Normalize(keyword), type, weight));
                }
            }

            foreach (var (keyword, weight) in file.Harmless)
            {
                keywords.Add((Normalize(keyword), Harmless, -Math.Abs(weight)));
            }

            texts[file.Language] = perType;
        }

        if (scoring is null)
        {
            throw new InvalidDataException("Rules/scoring.json is missing from the embedded resources.");
        }

        foreach (var (keyword, weight) in scoring.Cues)
        {
            keywords.Add((Normalize(keyword), Cue, weight));
        }

        // The same keyword in both language files must not count twice: keep the larger weight per (keyword, type).
        var merged = keywords
            .GroupBy(k => (k.Item1, k.Item2))
            .Select(g => (g.Key.Item1, g.Key.Item2, g.MaxBy(k => Math.Abs(k.Item3)).Item3))
            .ToList();

        return new RuleBook
        {
            Scale = scoring.Scale,
            IndicatorBoost = scoring.IndicatorBoost,
            CueCap = scoring.CueCap,
            Model = scoring.Model,
            Keywords = merged,
            Texts = texts,
        };
    }

    private static string Normalize(string keyword) => TextFold.Fold(keyword.Trim(), lower: true);

    private sealed class ScoringFile
    {
        public double Scale { get; set; }
        public Dictionary<string, double> IndicatorBoost { get; set; } = new();
        public double CueCap { get; set; }
        public Dictionary<string, double> Cues { get; set; } = new();
        public ModelSettings Model { get; set; } = new();
    }

    internal sealed record ModelSettings
    {
        public int Epochs { get; init; } = 6;
        public double LearningRate { get; init; } = 0.2;
        public int Seed { get; init; } = 1;

        /// <summary>Whether the keyword rules' view is one of the model's inputs (off only to measure what they add).</summary>
        public bool UseRules { get; init; } = true;

        /// <summary>How many models, trained on differently shuffled orders, are averaged into one.</summary>
        public int Average { get; init; } = 1;

        /// <summary>Weight of each learned message of type "other" (ordinary messages outnumber each fraud type).</summary>
        public double OrdinaryWeight { get; init; } = 1;

        /// <summary>Divides the logits before the softmax, so the probabilities match how often answers are right.</summary>
        public double Temperature { get; init; } = 1;

        /// <summary>A fraud type is named only when the calibrated probability of any fraud reaches this.</summary>
        public double FraudThreshold { get; init; } = 0.5;

        /// <summary>…and the likeliest type holds at least this share of that probability (at 1 a type is named only
        /// when it has all of it; 0.5 keeps "not sure" for a message split between types).</summary>
        public double TypeShare { get; init; } = 0.5;

        /// <summary>A message is called ordinary only when the probability of "other" reaches this.</summary>
        public double OrdinaryThreshold { get; init; } = 0.5;

        /// <summary>Each learned message weighs (mean source size / its source file's size) to this power, so a large file of
        /// one writer does not outweigh many writers (0: every message alike).</summary>
        public double SourcePower { get; init; }

        /// <summary>A text longer than one and a half windows is also judged by windows of this many characters, half
        /// overlapping, so a pitch inside a long call is not drowned by the rest of the talk; 0 turns it off.</summary>
        public int WindowChars { get; init; }

        /// <summary>The most fraud-like window decides only when its probability of any fraud reaches this (and beats
        /// the whole text's).</summary>
        public double WindowGate { get; init; } = 0.8;

        public TrainingSettings Training => new(Epochs, LearningRate, Seed, Average);
    }

    private sealed class LanguageFile
    {
        public string Language { get; set; } = "";
        public Dictionary<string, TypeRule> Types { get; set; } = new();
        public Dictionary<string, double> Harmless { get; set; } = new();
    }

    private sealed class TypeRule
    {
        public string Name { get; set; } = "";
        public string Advice { get; set; } = "";
        public Dictionary<string, double> Keywords { get; set; } = new();
    }
}
