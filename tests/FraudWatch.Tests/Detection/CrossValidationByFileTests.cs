using FraudWatch.Detection;
using Xunit.Abstractions;

namespace FraudWatch.Tests.Detection;

/// <summary>
/// Cross-validation with whole files aside (TrainingData.SourceFolds). Most learned files were written by one helper in
/// one sitting, so CrossValidationTests judges each writer with four fifths of their messages learned; here no writer
/// is both learned and judged, as with text nobody here wrote. examples.jsonl is always learned, never judged. A class of
/// its own so it runs beside CrossValidationTests.
/// </summary>
public class CrossValidationByFileTests(ITestOutputHelper output)
{
    private const int Folds = 5;

    [Fact]
    public void Each_file_falls_into_one_fold_and_the_folds_are_even()
    {
        var all = TrainingData.Embedded();
        var foldOf = TrainingData.SourceFolds(all, Folds);
        var folds = all.Select((e, i) => (e.Source, Fold: foldOf[i])).GroupBy(x => x.Source).ToDictionary(g => g.Key, g => g.Select(x => x.Fold).Distinct().ToList());
        Assert.All(folds, pair => Assert.Single(pair.Value));
        Assert.Equal(-1, folds[TrainingData.TeamExamples].Single());
        Assert.All(folds.Where(p => p.Key != TrainingData.TeamExamples), pair => Assert.InRange(pair.Value.Single(), 0, Folds - 1));
        // Dealt largest file first onto the smallest fold: no two folds differ by more than the largest file.
        var sizes = Enumerable.Range(0, Folds).Select(f => foldOf.Count(x => x == f)).ToList();
        var largest = all.Where(e => e.Source != TrainingData.TeamExamples).GroupBy(e => e.Source).Max(g => g.Count());
        Assert.True(sizes.Max() - sizes.Min() <= largest, string.Join(", ", sizes));
        Assert.Equal(foldOf, TrainingData.SourceFolds(all, Folds));
    }

    [Fact]
    public void Cross_validated_figures_with_whole_files_held_out_are_reported()
    {
        var all = TrainingData.Embedded();
        var foldOf = TrainingData.SourceFolds(all, Folds);
        // One training order instead of the shipped ten averaged, so the test takes a tenth of the training time; the
        // tool (tools/train-detection -- cv-sources) gives the figures with the shipped ten.
        var settings = RuleBook.LoadEmbedded().Model with { Average = 1 };
        var judged = new List<(string Group, Measure.Result Result)>();
        var frauds = 0;
        var named = 0;
        for (var f = 0; f < Folds; f++)
        {
            var fold = f;
            var classifier = FraudClassifier.Build(all.Where((_, i) => foldOf[i] != fold).ToList(), settings, Environment.ProcessorCount);
            var held = all.Where((_, i) => foldOf[i] == fold).ToList();
            var learnedSources = all.Where((_, i) => foldOf[i] != fold).Select(e => e.Source).ToHashSet();
            Assert.DoesNotContain(held, e => learnedSources.Contains(e.Source));
            foreach (var group in held.GroupBy(e => e.Source == "sms-spam-collection" ? "English" : "Chinese"))
            {
                var messages = group.Select(e => new Labelled(e.Text, e.Type, e.Kind, e.Source)).ToList();
                var result = Measure.Score(messages, $"whole files aside, fold {fold}, {group.Key}", classifier);
                judged.Add((group.Key, result));
                output.WriteLine(result.Report);
                frauds += result.Count - result.Ordinary;
                named += result.Right - (result.Ordinary - result.Flagged); // right answers less the ordinary ones not flagged
            }
        }

        var chinese = judged.Where(j => j.Group == "Chinese").Select(j => j.Result).ToList();
        var english = judged.Where(j => j.Group == "English").Select(j => j.Result).ToList();
        var (ordinary, flagged) = (chinese.Sum(r => r.Ordinary), chinese.Sum(r => r.Flagged));
        var line = $"{Folds}-fold cross-validation with whole files aside: {judged.Sum(j => j.Result.Count)} messages, fraud named {100.0 * named / frauds:F1}% ({named}/{frauds}), " +
                   $"Chinese ordinary flagged {100.0 * flagged / ordinary:F2}% ({flagged}/{ordinary}), English ordinary flagged {english.Sum(r => r.Flagged)}/{english.Sum(r => r.Ordinary)}";
        output.WriteLine(line);
        Console.WriteLine(line);
        // Thirty-first session (BENCHMARKS.md): 86.9 % named, 2.23 % of Chinese ordinary text flagged (one order; with the
        // shipped ten, by the tool: 87.7 % and 1.99 %); after the thirty-second session's relabelling 87.3 % and 2.30 %
        // (the tool: 88.0 % and 2.00 %); after the thirty-third session's stock-tip words 87.4 % and 2.29 % (the tool: 88.1 % and
        // 1.99 %).
        Assert.True((double)named / frauds >= 0.85, line);
        Assert.True((double)flagged / ordinary <= 0.03, line);
    }
}
