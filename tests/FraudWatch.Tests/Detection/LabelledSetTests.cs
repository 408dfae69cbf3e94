using System.Text.Json;
using FraudWatch.Detection;
using Xunit.Abstractions;

namespace FraudWatch.Tests.Detection;

public class LabelledSetTests(ITestOutputHelper output)
{
    private sealed record Example(string Text, string Type);

    private static List<Example> Load(string file)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Detection", "Data", file);
        var options = new JsonSerializerOptions { PropertyNameCaseInsensitive = true };
        return File.ReadLines(path)
            .Where(line => line.Trim().Length > 0)
            .Select(line => JsonSerializer.Deserialize<Example>(line, options)!)
            .ToList();
    }

    [Fact]
    public void Labelled_set_covers_every_type()
    {
        var examples = Load("labelled.jsonl");
        Assert.True(examples.Count >= 240, $"only {examples.Count} examples");
        foreach (var type in FraudTypes.All)
        {
            Assert.True(examples.Count(e => e.Type == type) >= 15, $"fewer than 15 examples of {type}");
        }

        Assert.True(examples.Count(e => e.Type == FraudTypes.Other) >= 60);
        Assert.All(examples, e => Assert.True(FraudTypes.IsKnown(e.Type), e.Type));
    }

    [Fact]
    public void Classifier_meets_accuracy_and_false_alarm_targets()
    {
        var (accuracy, falseAlarmRate, summary) = Evaluate(Load("labelled.jsonl"), "Labelled set");
        Assert.True(accuracy >= 0.90, summary);
        Assert.True(falseAlarmRate <= 0.02, summary);
    }

    // labelled.jsonl, holdout.jsonl and the first blind.jsonl tuned the keyword rules and are now also among the examples
    // the model learns from (Rules/examples.jsonl), so the figure above is not a test of unseen text.
    // blind2.jsonl and blind3.jsonl were written by someone who saw neither the rules nor the examples, and were
    // run once, after the settings had been chosen by cross-validation; the floors are those first-sight figures
    // (blind2 94.0 % / 1.7 %, blind3 93.0 % / 1.7 %), rounded down.
    [Theory]
    [InlineData("blind2.jsonl", 0.935, 0.017)]
    [InlineData("blind3.jsonl", 0.925, 0.017)]
    public void Unseen_sets_are_reported(string file, double accuracyFloor, double falseAlarmCeiling)
    {
        var examples = Load(file);
        var (accuracy, falseAlarmRate, summary) = Evaluate(examples, file);
        Assert.True(accuracy >= accuracyFloor, summary);
        Assert.True(falseAlarmRate <= falseAlarmCeiling, summary);

        // The same messages judged by the keyword rules alone, as before the learned model.
        var rulesOnly = FraudClassifier.WithExamples(TextModel.EmbeddedExamples(), ruleWeight: 1.0);
        var (rulesAccuracy, _, rulesSummary) = Evaluate(examples, file + " (rules alone)", rulesOnly);
        Assert.True(accuracy > rulesAccuracy, $"{summary}; {rulesSummary}");
    }

    private (double Accuracy, double FalseAlarmRate, string Summary) Evaluate(List<Example> examples, string name, FraudClassifier? classifier = null)
    {
        var correct = 0;
        var harmless = 0;
        var falseAlarms = 0;
        foreach (var example in examples)
        {
            var result = classifier is null ? Detector.Analyze(example.Text).Classification : classifier.Classify(example.Text);
            if (result.Type == example.Type)
            {
                correct++;
            }
            else
            {
                output.WriteLine($"MISS want={example.Type} got={result.Type} score={result.Score} rules=[{string.Join(", ", result.MatchedRules)}] {example.Text}");
            }

            if (example.Type == FraudTypes.Other)
            {
                harmless++;
                falseAlarms += result.Type == FraudTypes.Other ? 0 : 1;
                if (result.Score > 0)
                {
                    output.WriteLine($"HARMLESS score={result.Score} rules=[{string.Join(", ", result.MatchedRules)}] {example.Text}");
                }
            }
        }

        var accuracy = (double)correct / examples.Count;
        var falseAlarmRate = (double)falseAlarms / harmless;
        var summary = $"{name}: {examples.Count} messages, top-1 accuracy {accuracy:P1} ({correct}/{examples.Count}), " +
                      $"harmless false-alarm rate {falseAlarmRate:P1} ({falseAlarms}/{harmless})";
        output.WriteLine(summary);
        Console.WriteLine(summary);
        return (accuracy, falseAlarmRate, summary);
    }
}
