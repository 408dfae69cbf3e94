using System.Text;
using System.Text.Json;
using FraudWatch.Detection;

namespace FraudWatch.Tests.Detection;

/// <summary>A labelled message of a test set: type code (or "other"), kind (sms, chat, call, written) and set name.</summary>
internal sealed record Labelled(string Text, string Type, string Kind, string Set);

/// <summary>Loads test sets and scores the classifier on them: top-1, ordinary messages flagged, per type, per kind,
/// confusion matrix. "Right" means the verdict is Fraud with the right type, or not Fraud for an ordinary message.</summary>
internal static class Measure
{
    public static string DataDir => Path.Combine(AppContext.BaseDirectory, "Detection", "Data");

    public static List<Labelled> Load(string relativePath, string? setName = null)
    {
        var path = Path.IsPathRooted(relativePath) ? relativePath : Path.Combine(DataDir, relativePath);
        var name = setName ?? Path.GetFileNameWithoutExtension(path);
        return File.ReadLines(path)
            .Where(line => line.Trim().Length > 0)
            .Select(line =>
            {
                var root = JsonDocument.Parse(line).RootElement;
                var kind = root.TryGetProperty("kind", out var k) ? k.GetString()! : "written";
                var type = root.TryGetProperty("type", out var t) ? t.GetString()! : root.GetProperty("category").GetString()!;
                return new Labelled(root.GetProperty("text").GetString()!, type, kind, name);
            })
            .ToList();
    }

    public sealed record Result(int Count, int Right, int Ordinary, int Flagged, int NotSure, string Report)
    {
        public double Top1 => (double)Right / Count;
        public double FlaggedRate => Ordinary == 0 ? 0 : (double)Flagged / Ordinary;
    }

    public static Result Score(IReadOnlyList<Labelled> messages, string title, FraudClassifier? classifier = null)
    {
        var classes = FraudTypes.All.Append(FraudTypes.Other).ToList();
        var answers = messages.Select(m => (classifier ?? FraudClassifier.Default).Classify(m.Text)).ToList();
        string Answer(Classification c) => c.Verdict switch { Verdict.Fraud => c.Type, Verdict.Ordinary => "ordinary", _ => "not_sure" };
        bool IsRight(Labelled m, Classification c) => m.Type == FraudTypes.Other ? c.Verdict != Verdict.Fraud : c.Verdict == Verdict.Fraud && c.Type == m.Type;

        var report = new StringBuilder();
        var right = messages.Where((m, i) => IsRight(m, answers[i])).Count();
        var ordinary = messages.Count(m => m.Type == FraudTypes.Other);
        var flagged = messages.Where((m, i) => m.Type == FraudTypes.Other && answers[i].Verdict == Verdict.Fraud).Count();
        var notSure = answers.Count(a => a.Verdict == Verdict.NotSure);
        report.AppendLine($"{title}: {messages.Count} messages, top-1 {100.0 * right / messages.Count:F1}% ({right}/{messages.Count}), " +
                          $"ordinary flagged as fraud {(ordinary == 0 ? 0 : 100.0 * flagged / ordinary):F1}% ({flagged}/{ordinary}), not sure {notSure}");
        foreach (var group in messages.Select((m, i) => (m, a: answers[i])).GroupBy(x => x.m.Kind).OrderBy(g => g.Key))
        {
            var n = group.Count();
            report.AppendLine($"  kind {group.Key,-8} {n,5} messages, right {100.0 * group.Count(x => IsRight(x.m, x.a)) / n:F1}%");
        }

        report.AppendLine("  confusion (rows: truth; columns: answer)");
        var columns = classes.Take(classes.Count - 1).Append("ordinary").Append("not_sure").ToList();
        report.AppendLine("  " + "".PadRight(25) + string.Join(" ", columns.Select(c => Short(c).PadLeft(5))));
        foreach (var truth in classes.Where(c => messages.Any(m => m.Type == c)))
        {
            var row = messages.Select((m, i) => (m, a: answers[i])).Where(x => x.m.Type == truth).ToList();
            var counts = columns.Select(c => row.Count(x => Answer(x.a) == c).ToString().PadLeft(5));
            report.AppendLine($"  {truth,-25}" + string.Join(" ", counts) + $"   right {100.0 * row.Count(x => IsRight(x.m, x.a)) / row.Count:F0}%");
        }

        return new Result(messages.Count, right, ordinary, flagged, notSure, report.ToString());
    }

    private static string Short(string code) => code switch
    {
        "task_rebate" => "task",
        "fake_investment" => "inv",
        "fake_shopping" => "shop",
        "fake_customer_service" => "cs",
        "fake_loan" => "loan",
        "fake_credit" => "cred",
        "impersonate_acquaintance" => "acq",
        "impersonate_police" => "pol",
        "romance" => "rom",
        "game_trade" => "game",
        "ordinary" => "ord",
        _ => "?",
    };
}
