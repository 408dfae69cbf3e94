using System.Text.Json;

namespace FraudWatch.Detection;

/// <summary>
/// A naive Bayes model over character pairs (Chinese) and words and word pairs (English), learned from the labelled
/// examples in Rules/examples.jsonl when first used. Keyword rules recognise the wording they list; the model
/// recognises the wording of the examples, so a scheme told in new words still lands near its type. Adding a
/// misjudged message to the examples file teaches it, without code. Thread-safe after construction.
/// </summary>
internal sealed class TextModel
{
    /// <summary>The classes in order: <see cref="FraudTypes.All"/>, then <see cref="FraudTypes.Other"/>.</summary>
    public static IReadOnlyList<string> Classes { get; } = [.. FraudTypes.All, FraudTypes.Other];

    private readonly Dictionary<ulong, int> _vocabulary;
    private readonly double[][] _logLikelihood; // class → feature → log P(feature | class)
    private readonly double[] _logUnseen; // class → log P(unknown feature | class)
    private readonly double[] _logPrior;

    private TextModel(Dictionary<ulong, int> vocabulary, double[][] logLikelihood, double[] logUnseen, double[] logPrior)
    {
        _vocabulary = vocabulary;
        _logLikelihood = logLikelihood;
        _logUnseen = logUnseen;
        _logPrior = logPrior;
    }


    /// <summary>
    /// Learns from (text, type) pairs; each feature counts once per message; classes are as likely as they are frequent
    /// in the examples.
    /// </summary>
    public static TextModel Train(IEnumerable<(string Text, string Type)> examples, double alpha)
    {
        var classes = Classes.Count;
        var vocabulary = new Dictionary<ulong, int>();
        var counts = Enumerable.Range(0, classes).Select(_ => new Dictionary<int, int>()).ToArray();
        var totals = new double[classes];
        var documents = new int[classes];
        var seen = new HashSet<ulong>();
        foreach (var (text, type) in examples)
        {
            var c = IndexOf(type);
            documents[c]++;
            seen.Clear();
            Features(text, seen);
            foreach (var feature in seen)
            {
                if (!vocabulary.TryGetValue(feature, out var index))
                {
                    index = vocabulary.Count;
                    vocabulary[feature] = index;
                }

                counts[c][index] = counts[c].GetValueOrDefault(index) + 1;
                totals[c]++;
            }
        }

        var logLikelihood = new double[classes][];
        var logUnseen = new double[classes];
        for (var c = 0; c < classes; c++)
        {
            var denominator = totals[c] + (alpha * (vocabulary.Count + 1));
            logUnseen[c] = Math.Log(alpha / denominator);
            var row = new double[vocabulary.Count];
            Array.Fill(row, logUnseen[c]);
            foreach (var (index, count) in counts[c])
            {
                row[index] = Math.Log((count + alpha) / denominator);
            }

            logLikelihood[c] = row;
        }

        var logPrior = documents.Select(d => Math.Log((d + 1.0) / (documents.Sum() + classes))).ToArray();
        return new TextModel(vocabulary, logLikelihood, logUnseen, logPrior);
    }

    public static IReadOnlyList<(string Text, string Type)> EmbeddedExamples()
    {
        var assembly = typeof(TextModel).Assembly;
        var name = assembly.GetManifestResourceNames().SingleOrDefault(n => n.EndsWith("examples.jsonl", StringComparison.Ordinal))
            ?? throw new InvalidDataException("Rules/examples.jsonl is missing from the embedded resources.");
        using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
        var examples = new List<(string, string)>();
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (line.Trim().Length == 0)
            {
                continue;
            }

            using var json = JsonDocument.Parse(line);
            var text = json.RootElement.GetProperty("text").GetString() ?? "";
            var type = json.RootElement.GetProperty("type").GetString() ?? "";
            if (!FraudTypes.IsKnown(type))
            {
                throw new InvalidDataException($"Rules/examples.jsonl line {number}: unknown type '{type}'; use one of FraudTypes.All or 'other'.");
            }

            examples.Add((text, type));
        }

        return examples;
    }

    /// <summary>Probability of each class, in <see cref="Classes"/> order, for a message's <see cref="Features"/>.</summary>
    public double[] Posterior(HashSet<ulong> seen)
    {
        var scores = (double[])_logPrior.Clone();
        foreach (var feature in seen)
        {
            if (!_vocabulary.TryGetValue(feature, out var index))
            {
                continue; // a feature no example had says nothing about any class
            }

            for (var c = 0; c < scores.Length; c++)
            {
                scores[c] += _logLikelihood[c][index];
            }
        }

        var max = scores.Max();
        var sum = 0.0;
        for (var c = 0; c < scores.Length; c++)
        {
            scores[c] = Math.Exp(scores[c] - max);
            sum += scores[c];
        }

        for (var c = 0; c < scores.Length; c++)
        {
            scores[c] /= sum;
        }

        return scores;
    }

    /// <summary>
    /// Hashes of the message's features: each Chinese character and each pair of neighbouring Chinese characters,
    /// each English word (a trailing "s" dropped) and each pair of neighbouring words, and each run of digits by its
    /// length ("11 digits" is a mobile number, "6 digits" a code). Punctuation and spaces break pairs.
    /// </summary>
    internal static void Features(string text, HashSet<ulong> features)
    {
        var folded = TextFold.Fold(text, lower: true);
        ulong previous = 0; // hash of the previous token in the same run, 0 when the run was broken
        var i = 0;
        while (i < folded.Length)
        {
            var c = folded[i];
            if (TextFold.IsCjk(c))
            {
                var token = Hash(1, folded.AsSpan(i, 1));
                features.Add(token);
                if (previous != 0 && i > 0 && TextFold.IsCjk(folded[i - 1]))
                {
                    features.Add(Hash(2, folded.AsSpan(i - 1, 2)));
                }

                previous = token;
                i++;
            }
            else if (char.IsAsciiLetter(c))
            {
                var start = i;
                while (i < folded.Length && (char.IsAsciiLetter(folded[i]) || folded[i] == '\''))
                {
                    i++;
                }

                var word = folded.AsSpan(start, i - start).TrimEnd('\'');
                if (word.Length > 3 && word[^1] == 's' && word[^2] != 's')
                {
                    word = word[..^1];
                }

                var token = Hash(3, word);
                features.Add(token);
                if (previous != 0)
                {
                    features.Add(Mix(previous, token));
                }

                previous = token;
                // A single space keeps the English word run going; anything else breaks it.
                if (i < folded.Length && folded[i] == ' ')
                {
                    i++;
                }
            }
            else if (char.IsAsciiDigit(c))
            {
                var start = i;
                while (i < folded.Length && (char.IsAsciiDigit(folded[i]) || ((folded[i] == ' ' || folded[i] == '-') && i + 1 < folded.Length && char.IsAsciiDigit(folded[i + 1]))))
                {
                    i++;
                }

                var digits = folded.AsSpan(start, i - start).ToString().Count(char.IsAsciiDigit);
                features.Add(Hash(4, [(char)Math.Min(digits, 20)]));
                previous = 0;
            }
            else
            {
                previous = 0;
                i++;
            }
        }
    }

    private static int IndexOf(string type)
    {
        for (var c = 0; c < Classes.Count; c++)
        {
            if (Classes[c] == type)
            {
                return c;
            }
        }

        throw new ArgumentException($"Unknown type '{type}'.", nameof(type));
    }

    // FNV-1a over the characters, seeded by the feature kind so a word and a character pair never share a hash.
    private static ulong Hash(int kind, ReadOnlySpan<char> chars)
    {
        var hash = 14695981039346656037UL ^ (ulong)kind;
        foreach (var c in chars)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash == 0 ? 1 : hash;
    }

    private static ulong Mix(ulong a, ulong b) => ((a * 31) ^ b) * 1099511628211UL | 1;
}
