using System.Globalization;
using System.Text.Json;
using Dapper;
using FraudWatch.Waves;
using Xunit.Abstractions;

namespace FraudWatch.IntegrationTests.Waves;

/// <summary>
/// Precision and recall of "same script" on the team-written labelled pairs, with PostgreSQL's own pg_trgm similarity
/// over the normalized texts, at the configured threshold and around it. Prints the figures that BENCHMARKS.md quotes.
/// </summary>
public sealed class WaveThresholdTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Threshold_separates_copies_of_a_script_from_other_scripts()
    {
        var pairs = File.ReadLines(WavesDb.PairsFile()).Skip(1).Select(line => JsonDocument.Parse(line).RootElement)
            .Select(p => (Same: p.GetProperty("same").GetBoolean(), Kind: p.GetProperty("kind").GetString()!,
                A: WaveText.Normalize(p.GetProperty("a").GetString()!), B: WaveText.Normalize(p.GetProperty("b").GetString()!)))
            .ToList();
        await using var waves = WavesDb.Create();
        await using var connection = await waves.Db.OpenConnectionAsync();
        var scores = (await connection.QueryAsync<double>(
            "SELECT similarity(a, b)::float8 FROM unnest(@a, @b) WITH ORDINALITY AS x(a, b, n) ORDER BY n",
            new { a = pairs.Select(p => p.A).ToArray(), b = pairs.Select(p => p.B).ToArray() })).AsList();

        var configured = new WaveOptions().Similarity;
        output.WriteLine($"{pairs.Count} pairs: {pairs.Count(p => p.Same)} same script, {pairs.Count(p => !p.Same)} different scripts");
        output.WriteLine("threshold  precision  recall  (same pairs found / missed; different pairs joined)");
        foreach (var threshold in new[] { 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7 })
        {
            var (precision, recall, found, missed, wrong) = Figures(threshold);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{threshold,9:0.00}  {precision,9:P1}  {recall,6:P1}  ({found} / {missed}; {wrong}){(threshold == configured ? "  <- Waves__Similarity default" : "")}"));
        }

        foreach (var kind in pairs.Select(p => p.Kind).Distinct())
        {
            var s = pairs.Select((p, i) => (p, score: scores[i])).Where(x => x.p.Kind == kind).Select(x => x.score).Order().ToList();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{kind}: similarity min {s[0]:0.00}, median {s[s.Count / 2]:0.00}, max {s[^1]:0.00}"));
        }

        foreach (var (p, score) in pairs.Select((p, i) => (p, scores[i])).Where(x => x.p.Same != x.Item2 >= configured))
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrong at {configured}: {score:0.00} {p.Kind}: {p.A} | {p.B}"));

        var atConfigured = Figures(configured);
        Assert.True(atConfigured.Precision >= 0.98, $"precision {atConfigured.Precision:P1}");
        Assert.True(atConfigured.Recall >= 0.90, $"recall {atConfigured.Recall:P1}");

        (double Precision, double Recall, int Found, int Missed, int Wrong) Figures(double threshold)
        {
            int found = 0, missed = 0, wrong = 0;
            for (var i = 0; i < pairs.Count; i++)
            {
                var joined = scores[i] >= threshold;
                if (pairs[i].Same && joined) found++;
                else if (pairs[i].Same) missed++;
                else if (joined) wrong++;
            }

            return (found + wrong == 0 ? 1 : (double)found / (found + wrong), (double)found / (found + missed), found, missed, wrong);
        }
    }
}
