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

    // holdout.jsonl was written after tuning on labelled.jsonl; at first sight the rules scored 69% / 0 false alarms on it,
    // then its misses guided a second round of (general) rule widening, so it is no longer unseen.
    // blind.jsonl was written after that second round and never tuned against: its floor is what the rules reached at
    // first sight, the honest estimate of how they generalize.
    [Theory]
    [InlineData("holdout.jsonl", 0.95, 0.0)]
    [InlineData("blind.jsonl", BlindAccuracyFloor, BlindFalseAlarmCeiling)]
    public void Unseen_sets_are_reported(string file, double accuracyFloor, double falseAlarmCeiling)
    {
        var (accuracy, falseAlarmRate, summary) = Evaluate(Load(file), file);
        Assert.True(accuracy >= accuracyFloor, summary);
        Assert.True(falseAlarmRate <= falseAlarmCeiling, summary);
    }

    private const double BlindAccuracyFloor = 0.75;
    private const double BlindFalseAlarmCeiling = 0.034;

    private (double Accuracy, double FalseAlarmRate, string Summary) Evaluate(List<Example> examples, string name)
    {
        var correct = 0;
        var harmless = 0;
        var falseAlarms = 0;
        foreach (var example in examples)
        {
            var result = Detector.Analyze(example.Text).Classification;
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
