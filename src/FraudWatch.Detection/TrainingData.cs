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

    private static string SourceName(string resource)
    {
        var parts = resource.Split('.');
        return parts.Length >= 2 ? parts[^2] : resource;
    }
}
