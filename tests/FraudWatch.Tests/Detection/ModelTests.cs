using FraudWatch.Detection;
using Xunit.Abstractions;

namespace FraudWatch.Tests.Detection;

public class ModelTests(ITestOutputHelper output)
{
    // The shipped Model/model.bin must be what `dotnet run --project tools/train-detection -c Release -- train` makes
    // from the data in the repository: training is deterministic (fixed seeds and orders; the averaged models, trained in
    // parallel here, are summed in seed order).
    [Fact]
    public void Shipped_model_is_what_the_training_command_makes()
    {
        var trained = FraudClassifier.Build(TrainingData.Embedded(), RuleBook.LoadEmbedded(), Environment.ProcessorCount).Model;
        var shipped = FraudClassifier.Default.Model;
        output.WriteLine($"trained {trained.Fingerprint():x16}, shipped {shipped.Fingerprint():x16}, {shipped.NonZero:N0} non-zero weights, {shipped.SizeInBytes / 1048576.0:F1} MiB in memory");
        Assert.True(trained.Fingerprint() == shipped.Fingerprint(),
            "Model/model.bin is stale: run `dotnet run --project tools/train-detection -c Release -- train` and commit it.");
    }

    [Fact]
    public void Training_data_has_real_text_and_ordinary_messages_are_the_biggest_class()
    {
        var data = TrainingData.Embedded();
        var bySource = data.GroupBy(d => d.Source).ToDictionary(g => g.Key, g => g.Count());
        output.WriteLine(string.Join(", ", bySource.Select(kv => $"{kv.Key} {kv.Value}")));
        Assert.True(bySource.GetValueOrDefault("sms-spam-collection") > 3000);
        Assert.True(bySource.GetValueOrDefault("crosswoz") >= 500);
        var byType = data.GroupBy(d => d.Type).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(FraudTypes.Other, byType.MaxBy(kv => kv.Value).Key);
    }
}
