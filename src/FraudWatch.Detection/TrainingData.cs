using System.Text.Json;

namespace FraudWatch.Detection;

/// <summary>A labelled message: its type code (or "other"), its kind (sms, chat, call; "written" when unknown) and
/// the file it came from.</summary>
internal sealed record LabelledText(string Text, string Type, string Kind, string Source);

/// <summary>The messages the model learns from, embedded in the library (DATA.md says where each file came from).</summary>
internal static class TrainingData
{
    public static IReadOnlyList<LabelledText> Embedded()
    {
        var assembly = typeof(TrainingData).Assembly;
        var names = assembly.GetManifestResourceNames()
            .Where(n => n.EndsWith(".jsonl", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (!names.Any(n => n.EndsWith("examples.jsonl", StringComparison.Ordinal)))
        {
            throw new InvalidDataException("Rules/examples.jsonl is missing from the embedded resources.");
        }

        var all = new List<LabelledText>();
        foreach (var name in names)
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
            all.AddRange(Read(reader, SourceName(name)));
        }

        return all;
    }

    public static IReadOnlyList<LabelledText> Read(TextReader reader, string source)
    {
        var rows = new List<LabelledText>();
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (line.Trim().Length == 0)
            {
                continue;
            }

            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            var text = root.GetProperty("text").GetString() ?? "";
            var type = root.GetProperty("type").GetString() ?? "";
            var kind = root.TryGetProperty("kind", out var k) ? k.GetString() ?? "written" : "written";
            if (!FraudTypes.IsKnown(type))
            {
                throw new InvalidDataException($"{source} line {number}: unknown type '{type}'; use one of FraudTypes.All or 'other'.");
            }

            rows.Add(new LabelledText(text, type, kind, source));
        }

        return rows;
    }

    /// <summary>The file every learned message of five types that have few others comes from (task_rebate, fake_shopping,
    /// romance, game_trade, fake_credit): <see cref="SourceFolds"/> always learns it.</summary>
    public const string TeamExamples = "examples";

    /// <summary>
    /// Cross-validation folds that put whole files aside, so no writer's style is both learned and judged, as with text
    /// nobody here wrote: each message's fold, files dealt largest first onto the smallest fold (ties by name), or -1 for
    /// <see cref="TeamExamples"/>, which is always learned (without it five types would have almost nothing to learn from).
    /// </summary>
    public static int[] SourceFolds(IReadOnlyList<LabelledText> all, int folds)
    {
        var sizes = new int[folds];
        var foldOf = new Dictionary<string, int> { [TeamExamples] = -1 };
        foreach (var source in all.Where(e => e.Source != TeamExamples).GroupBy(e => e.Source)
                     .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            var smallest = Array.IndexOf(sizes, sizes.Min());
            foldOf[source.Key] = smallest;
            sizes[smallest] += source.Count();
        }

        return [.. all.Select(e => foldOf[e.Source])];
    }

    private static string SourceName(string resource)
    {
        var parts = resource.Split('.');
        return parts.Length >= 2 ? parts[^2] : resource;
    }
}
