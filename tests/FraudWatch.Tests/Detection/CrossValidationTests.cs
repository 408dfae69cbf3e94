using FraudWatch.Detection;
using Xunit.Abstractions;

namespace FraudWatch.Tests.Detection;

/// <summary>
/// Five-fold cross-validation over everything the model learns (TrainingData: the team's examples, the real SMS and
/// dialogues, the team-written notices and calls), each fold judged by a model learned from the other four with the
/// shipped settings. The settings in scoring.json were chosen by this (tools/train-detection cv).
/// </summary>
public class CrossValidationTests(ITestOutputHelper output)
{
    private const int Folds = 5;

    [Fact]
    public void Cross_validated_figures_are_reported()
    {
        var all = TrainingData.Embedded();
        var settings = RuleBook.LoadEmbedded().Model;
        var judged = new List<(Labelled Message, FraudClassifier Classifier)>();
        for (var f = 0; f < Folds; f++)
        {
            var fold = f;
            var classifier = FraudClassifier.Build(all.Where((_, i) => i % Folds != fold).ToList(), settings);
            judged.AddRange(all.Where((_, i) => i % Folds == fold).Select(e => (new Labelled(e.Text, e.Type, e.Kind, e.Source), classifier)));
        }

        var results = new Dictionary<string, Measure.Result>();
        foreach (var group in judged.GroupBy(j => j.Message.Set).Append(judged.GroupBy(_ => "all").Single()))
        {
            var messages = group.ToList();
            // Score each message with its own fold's classifier.
            var byClassifier = messages.GroupBy(m => m.Classifier).Select(g => Measure.Score(g.Select(x => x.Message).ToList(), "", g.Key)).ToList();
            var right = byClassifier.Sum(r => r.Right);
            var ordinary = byClassifier.Sum(r => r.Ordinary);
            var flagged = byClassifier.Sum(r => r.Flagged);
            var notSure = byClassifier.Sum(r => r.NotSure);
            var line = $"{Folds}-fold cross-validation, {group.Key}: {messages.Count} messages, top-1 {100.0 * right / messages.Count:F1}% ({right}/{messages.Count}), " +
                       $"ordinary flagged {(ordinary == 0 ? 0 : 100.0 * flagged / ordinary):F1}% ({flagged}/{ordinary}), not sure {notSure}";
            output.WriteLine(line);
            Console.WriteLine(line);
            results[group.Key] = new Measure.Result(messages.Count, right, ordinary, flagged, notSure, line);
        }

        // Measured with the shipped settings: all 93.7 % / 0.3 %; the team's examples 83.0 % / 1.7 % (before issue 11's second pass: 93.3 % / 0.3 % and 83.3 % / 1.7 %).
        // Ninth session: all 94.2 % / 0.67 % (68 of 10,206), examples 83.1 % / 1.9 %. The ceiling moved from 0.6 % to 0.7 %:
        // the session learned 520 ordinary look-alikes written to be hard (genuine courier problem notices, bank notices,
        // real bosses, teachers and lenders), and cross-validation flags some of them and of the older files; the real
        // held-out ordinary sets (RealDataTests) stay at 0.6 % or less.
        Assert.True(results["all"].Top1 >= 0.91, results["all"].Report);
        Assert.True(results["all"].FlaggedRate <= 0.007, results["all"].Report);
        Assert.True(results["examples"].Top1 >= 0.80, results["examples"].Report);
        Assert.True(results["examples"].FlaggedRate <= 0.025, results["examples"].Report);
    }

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

    /// <summary>
    /// The same with whole files aside (TrainingData.SourceFolds): most files were written by one helper in one sitting,
    /// so the figure above judges each writer with four fifths of their messages learned. Here no writer is both learned
    /// and judged, as with text nobody here wrote. examples.jsonl is always learned, never judged.
    /// </summary>
    [Fact]
    public void Cross_validated_figures_with_whole_files_held_out_are_reported()
    {
        var all = TrainingData.Embedded();
        var foldOf = TrainingData.SourceFolds(all, Folds);
        // Three training orders averaged instead of the shipped ten, so the test takes a third of the time; the tool
        // (tools/train-detection -- cv-sources) gives the figures with the shipped ten.
        var settings = RuleBook.LoadEmbedded().Model with { Average = 3 };
        var judged = new List<Measure.Result>();
        var frauds = 0;
        var named = 0;
        for (var f = 0; f < Folds; f++)
        {
            var fold = f;
            var classifier = FraudClassifier.Build(all.Where((_, i) => foldOf[i] != fold).ToList(), settings);
            var held = all.Where((_, i) => foldOf[i] == fold).ToList();
            var learnedSources = all.Where((_, i) => foldOf[i] != fold).Select(e => e.Source).ToHashSet();
            Assert.DoesNotContain(held, e => learnedSources.Contains(e.Source));
            foreach (var group in held.GroupBy(e => e.Source == "sms-spam-collection" ? "English" : "Chinese"))
            {
                var messages = group.Select(e => new Labelled(e.Text, e.Type, e.Kind, e.Source)).ToList();
                var result = Measure.Score(messages, $"whole files aside, fold {fold}, {group.Key}", classifier);
                judged.Add(result with { Report = group.Key });
                output.WriteLine(result.Report);
                frauds += result.Count - result.Ordinary;
                named += result.Right - (result.Ordinary - result.Flagged); // right answers less the ordinary ones not flagged
            }
        }

        var chinese = judged.Where(r => r.Report == "Chinese").ToList();
        var (ordinary, flagged) = (chinese.Sum(r => r.Ordinary), chinese.Sum(r => r.Flagged));
        var line = $"{Folds}-fold cross-validation with whole files aside: {judged.Sum(r => r.Count)} messages, fraud named {100.0 * named / frauds:F1}% ({named}/{frauds}), " +
                   $"Chinese ordinary flagged {100.0 * flagged / ordinary:F2}% ({flagged}/{ordinary}), English ordinary flagged {judged.Where(r => r.Report == "English").Sum(r => r.Flagged)}/{judged.Where(r => r.Report == "English").Sum(r => r.Ordinary)}";
        output.WriteLine(line);
        Console.WriteLine(line);
        // Thirty-first session: see BENCHMARKS.md, "Thirty-first session".
        Assert.True((double)named / frauds >= 0.86, line);
        Assert.True((double)flagged / ordinary <= 0.025, line);
    }
}
