using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using FraudWatch.Detection;

// dotnet run --project tools/train-detection -c Release -- train          trains the shipped model into
//                                                                         src/FraudWatch.Detection/Model/model.bin
// dotnet run --project tools/train-detection -c Release -- cv [k=v ...]   5-fold cross-validation, calibration, thresholds
// dotnet run --project tools/train-detection -c Release -- cv-sources [k=v ...]
//                                                                         the same, each fold holding out whole files: a
//                                                                         writer's style never both learned and judged.
//                                                                         Both end with the shipped rule per type and a
//                                                                         confusion table; CV_ANSWERS=FILE writes every
//                                                                         answer, CV_PROBABILITIES=FILE every message's
//                                                                         probabilities (tools/detection-data/type_thresholds.py)
// dotnet run --project tools/train-detection -c Release -- eval FILE...   judges JSON-lines files with the shipped model
// dotnet run --project tools/train-detection -c Release -- dump FILE...   one line per message: truth, verdict, top probabilities, rules,
//                                                                         caution, text (its first 120 characters;
//                                                                         DUMP_CHARS=0 for whole texts, DUMP_CHARS=N for N;
//                                                                         DUMP_INDICATORS=1 adds the indicators before it)
// dotnet run --project tools/train-detection -c Release -- rules FILE...  per file, how many messages of each label meet each
//                                                                         rule, whatever the model says (the rules' confidences)
var command = args.Length > 0 ? args[0] : "train";
var settings = RuleBook.LoadEmbedded().Model;
foreach (var pair in args.Skip(1).Where(a => a.Contains('=')))
{
    var (key, value) = (pair[..pair.IndexOf('=')], double.Parse(pair[(pair.IndexOf('=') + 1)..], CultureInfo.InvariantCulture));
    settings = key switch
    {
        "epochs" => settings with { Epochs = (int)value },
        "seed" => settings with { Seed = (int)value },
        "lr" => settings with { LearningRate = value },
        "average" => settings with { Average = (int)value },
        "rules" => settings with { UseRules = value != 0 },
        "fraudThreshold" => settings with { FraudThreshold = value },
        "typeShare" => settings with { TypeShare = value },
        "ordinaryWeight" => settings with { OrdinaryWeight = value },
        "temperature" => settings with { Temperature = value },
        "windowChars" => settings with { WindowChars = (int)value },
        "windowGate" => settings with { WindowGate = value },
        "sourcePower" => settings with { SourcePower = value },
        _ => throw new ArgumentException($"unknown setting {key}"),
    };
}

switch (command)
{
    case "train":
        var watch = Stopwatch.StartNew();
        var model = FraudClassifier.Build(TrainingData.Embedded(), settings, Environment.ProcessorCount).Model;
        Console.WriteLine($"trained in {watch.ElapsedMilliseconds} ms; fingerprint {model.Fingerprint():x16}; {model.NonZero:N0} non-zero weights; {model.SizeInBytes / 1048576.0:F1} MiB in memory");
        var output = args.Skip(1).FirstOrDefault(a => !a.Contains('=')) ?? Path.Combine("src", "FraudWatch.Detection", "Model", "model.bin");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        using (var file = File.Create(output))
        {
            model.Write(file);
        }

        Console.WriteLine($"wrote {output} ({new FileInfo(output).Length:N0} bytes)");
        break;
    case "cv":
        CrossValidate(settings, bySource: false);
        break;
    case "cv-sources":
        CrossValidate(settings, bySource: true);
        break;
    case "dump":
        foreach (var path in args.Skip(1).Where(a => !a.Contains('=')))
        {
            Dump(path);
        }

        break;
    case "rules":
        foreach (var path in args.Skip(1).Where(a => !a.Contains('=')))
        {
            CountRules(path);
        }

        break;
    default:
        foreach (var path in args.Skip(1))
        {
            Evaluate(path);
        }

        break;
}

// bySource: each fold holds out whole files (TrainingData.SourceFolds); otherwise every fifth message.
static void CrossValidate(FraudWatch.Detection.RuleBook.ModelSettings settings, bool bySource)
{
    const int folds = 5;
    var all = TrainingData.Embedded();
    var classes = FraudClassifier.Classes;
    var other = classes.Count - 1;
    var foldOf = bySource ? TrainingData.SourceFolds(all, folds) : [.. Enumerable.Range(0, all.Count).Select(i => i % folds)];
    if (bySource)
    {
        for (var f = 0; f < folds; f++)
        {
            var fold = f;
            var held = Enumerable.Range(0, all.Count).Where(i => foldOf[i] == fold).ToList();
            Console.WriteLine($"fold {f}: {held.Count} messages from {string.Join(", ", held.Select(i => all[i].Source).Distinct().Order(StringComparer.Ordinal))}");
        }
    }

    var probabilities = new double[all.Count][];
    var watch = Stopwatch.StartNew();
    for (var f = 0; f < folds; f++)
    {
        var fold = f;
        var classifier = FraudClassifier.Build(all.Where((_, i) => foldOf[i] != fold).ToList(), settings with { Temperature = 1 }, Environment.ProcessorCount);
        for (var i = 0; i < all.Count; i++)
        {
            if (foldOf[i] == fold)
            {
                probabilities[i] = classifier.Probabilities(all[i].Text, null, out _);
            }
        }
    }

    if (bySource)
    {
        all = all.Where((_, i) => foldOf[i] >= 0).ToList();
        probabilities = probabilities.Where((_, i) => foldOf[i] >= 0).ToArray();
    }

    if (Environment.GetEnvironmentVariable("CV_PROBABILITIES") is { Length: > 0 } probabilitiesPath)
    {
        // CV_PROBABILITIES=FILE: every judged message's source, truth and out-of-fold probabilities (temperature 1, in
        // FraudClassifier.Classes order), a line each.
        File.WriteAllLines(probabilitiesPath, Enumerable.Range(0, all.Count).Select(i =>
            $"{all[i].Source}\t{all[i].Type}\t{string.Join(",", probabilities[i].Select(p => p.ToString("R", CultureInfo.InvariantCulture)))}"));
    }

    Console.WriteLine($"{folds}-fold cross-validation over {all.Count} messages in {watch.ElapsedMilliseconds} ms");
    var truth = all.Select(e => classes.ToList().IndexOf(e.Type)).ToArray();

    // Temperature: the one that minimises the out-of-fold log loss.
    var bestT = 1.0;
    var bestLoss = double.MaxValue;
    for (var t = 0.3; t <= 3.0; t += 0.05)
    {
        var loss = 0.0;
        for (var i = 0; i < all.Count; i++)
        {
            loss -= Math.Log(Math.Max(1e-12, Soften(probabilities[i], t)[truth[i]]));
        }

        if (loss < bestLoss)
        {
            (bestLoss, bestT) = (loss, t);
        }
    }

    Console.WriteLine($"temperature {bestT:F2} (log loss {bestLoss / all.Count:F4}; at 1.0: {Enumerable.Range(0, all.Count).Sum(i => -Math.Log(Math.Max(1e-12, probabilities[i][truth[i]]))) / all.Count:F4})");
    var calibrated = probabilities.Select(p => Soften(p, bestT)).ToArray();
    // The shipped rule (FraudClassifier.Decide) at several thresholds, beside the top answer with no abstention and the
    // rule before the fifteenth session (the type alone at the threshold).
    var rules = new List<(string Name, Func<double[], int> Answer)> { ("top answer, never not sure", p => Enumerable.Range(0, classes.Count).MaxBy(c => p[c])) };
    foreach (var (fraudThreshold, ordinaryThreshold, share) in new[] { (0.4, 0.5, 0.5), (0.5, 0.5, 0.5), (0.5, 0.7, 0.5), (0.5, 0.7, 0.7), (0.6, 0.7, 0.5), (0.7, 0.7, 0.5) })
    {
        var at = settings with { FraudThreshold = fraudThreshold, OrdinaryThreshold = ordinaryThreshold, TypeShare = share };
        rules.Add(($"any fraud ≥ {fraudThreshold:F2} with the type ≥ {share:F1} of it, ordinary ≥ {ordinaryThreshold:F2}", p => FraudClassifier.Decide(p, at)));
    }

    rules.Add(("before the fifteenth session: type ≥ 0.50, ordinary ≥ 0.70", p => FraudClassifier.LikeliestType(p) is var best && p[best] >= 0.5 ? best : p[other] >= 0.7 ? other : -1));
    foreach (var (name, decide) in rules)
    {
        Console.WriteLine($"-- {name}");
        foreach (var group in Enumerable.Range(0, all.Count).GroupBy(i => all[i].Source).Append(Enumerable.Range(0, all.Count).GroupBy(_ => "ALL").Single()))
        {
            int n = 0, right = 0, unsure = 0, ordinary = 0, flagged = 0, fraud = 0, wrongType = 0;
            foreach (var i in group)
            {
                var answer = decide(calibrated[i]);
                n++;
                right += answer == truth[i] ? 1 : 0;
                unsure += answer == -1 ? 1 : 0;
                if (truth[i] == other)
                {
                    ordinary++;
                    flagged += answer >= 0 && answer != other ? 1 : 0;
                }
                else
                {
                    fraud++;
                    wrongType += answer >= 0 && answer != truth[i] ? 1 : 0;
                }
            }

            Console.WriteLine($"   {group.Key,-22} n={n,5} right {100.0 * right / n,5:F1}%  not sure {100.0 * unsure / n,5:F1}%  ordinary flagged {(ordinary == 0 ? 0 : 100.0 * flagged / ordinary),4:F1}% ({flagged}/{ordinary})  fraud given a wrong answer {(fraud == 0 ? 0 : 100.0 * wrongType / fraud),4:F1}% ({wrongType}/{fraud})");
        }
    }

    // Reliability: how often the top answer is right, by calibrated confidence.
    foreach (var bin in Enumerable.Range(0, all.Count).GroupBy(i => Math.Min(9, (int)(calibrated[i].Max() * 10))).OrderBy(g => g.Key))
    {
        var right = bin.Count(i => Array.IndexOf(calibrated[i], calibrated[i].Max()) == truth[i]);
        Console.WriteLine($"   confidence {bin.Key / 10.0:F1}-{(bin.Key + 1) / 10.0:F1}: n={bin.Count(),5}, right {100.0 * right / bin.Count(),5:F1}%");
    }

    // The shipped rule at the shipped temperature and at the fitted one: each fraud type named, ordinary flagged.
    foreach (var (label, t) in new[] { ("shipped", settings.Temperature), ("fitted", bestT) })
    {
        var answers = probabilities.Select(p => FraudClassifier.Decide(Soften(p, t), settings)).ToArray();
        var named = Enumerable.Range(0, other).Select(c => (Type: classes[c], Of: truth.Count(x => x == c), Right: Enumerable.Range(0, all.Count).Count(i => truth[i] == c && answers[i] == c))).Where(x => x.Of > 0).ToList();
        var ordinary = Enumerable.Range(0, all.Count).Where(i => truth[i] == other).ToList();
        if (label == "shipped" && Environment.GetEnvironmentVariable("CV_ANSWERS") is { Length: > 0 } answersPath)
        {
            // CV_ANSWERS=FILE: every judged message's source, truth, out-of-fold answer and text, a line each.
            File.WriteAllLines(answersPath, Enumerable.Range(0, all.Count).Select(i =>
                $"{all[i].Source}\t{classes[truth[i]]}\t{(answers[i] < 0 ? "not_sure" : classes[answers[i]])}\t{all[i].Text.Replace("\n", " / ").Replace("\t", " ")}"));
        }

        if (label == "shipped")
        {
            // Confusion: each truth's answers (a type, "other" or "not_sure"), most frequent first.
            foreach (var c in Enumerable.Range(0, classes.Count))
            {
                var row = Enumerable.Range(0, all.Count).Where(i => truth[i] == c).GroupBy(i => answers[i] < 0 ? "not_sure" : classes[answers[i]])
                    .OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}");
                Console.WriteLine($"   {classes[c],-26} {string.Join(", ", row)}");
            }
        }

        Console.WriteLine($"summary at temperature {t:F2} ({label}): named {named.Sum(x => x.Right)}/{named.Sum(x => x.Of)} ({100.0 * named.Sum(x => x.Right) / named.Sum(x => x.Of):F1}%), flagged {ordinary.Count(i => answers[i] >= 0 && answers[i] != other)}/{ordinary.Count}; {string.Join(", ", named.Select(x => $"{x.Type} {x.Right}/{x.Of}"))}");
    }
}

static double[] Soften(double[] p, double t)
{
    var logits = p.Select(x => Math.Log(Math.Max(1e-300, x)) / t).ToArray();
    var max = logits.Max();
    var e = logits.Select(x => Math.Exp(x - max)).ToArray();
    var sum = e.Sum();
    return e.Select(x => x / sum).ToArray();
}

static void Evaluate(string path)
{
    foreach (var group in Rows(path).GroupBy(r => r.Truth))
    {
        var answers = group.Select(r => Detector.Analyze(r.Text).Classification).ToList();
        var top = answers.GroupBy(a => a.Verdict == Verdict.Fraud ? a.Type : a.Verdict.ToString()).OrderByDescending(g => g.Count()).Take(4).Select(g => $"{g.Key} {g.Count()}");
        Console.WriteLine($"{Path.GetFileName(path)} [{group.Key}] n={answers.Count} fraud-typed={answers.Count(a => a.Verdict == Verdict.Fraud) * 100.0 / answers.Count:F1}% right={answers.Count(a => a.Type == group.Key) * 100.0 / answers.Count:F1}% :: {string.Join(", ", top)}");
    }
}

static void Dump(string path)
{
    var classes = FraudClassifier.Classes;
    // DUMP_CHARS=0 prints whole texts; the default keeps each line short for reading.
    var width = int.TryParse(Environment.GetEnvironmentVariable("DUMP_CHARS"), out var chars) ? (chars <= 0 ? int.MaxValue : chars) : 120;
    // DUMP_INDICATORS=1 adds a column before the text: the indicators found, "kind:value" each.
    var indicators = Environment.GetEnvironmentVariable("DUMP_INDICATORS") == "1";
    foreach (var (text, truth) in Rows(path))
    {
        var found = indicators ? string.Join(" ", IndicatorExtractor.Extract(text).Select(i => $"{i.KindCode}:{i.Value}")) + "\t" : "";
        var answer = FraudClassifier.Default.Classify(text);
        var p = FraudClassifier.Default.Probabilities(text, null, out _);
        var top = Enumerable.Range(0, classes.Count).OrderByDescending(i => p[i]).Take(3).Select(i => $"{classes[i]} {p[i]:F2}");
        var flat = text.Replace("\n", " / ").Replace("\t", " ");
        Console.WriteLine($"{truth}\t{(answer.Verdict == Verdict.Fraud ? answer.Type : answer.Verdict.ToString())}\t{string.Join(", ", top)}\t{string.Join(" ", answer.MatchedRules)}\t{(answer.Caution == Caution.None ? "" : answer.Caution)}\t{found}{(flat.Length > width ? flat[..width] : flat)}");
    }
}

// Each rule's predicate on every message, whatever the model says: "file<TAB>rule<TAB>label<TAB>count" a line.
static void CountRules(string path)
{
    (string Name, Func<string, bool> Holds)[] rules =
    [
        ("rule:loan_from_mobile", FraudClassifier.IsLoanFromMobile),
        ("rule:loan_agent", FraudClassifier.IsLoanAgent),
        ("rule:promised_yield", FraudClassifier.IsPromisedYield),
        ("rule:bare_account", FraudClassifier.IsBareAccount),
        ("rule:prize_court", FraudClassifier.IsPrizeCourt),
        ("rule:courier_link", FraudClassifier.IsCourierLink),
        ("rule:new_account", FraudClassifier.IsNewAccountAsk),
        ("rule:card_pin", FraudClassifier.IsCardPinAsk),
        ("rule:pay_for_me", FraudClassifier.IsPayForMeAsk),
        ("rule:money_link", FraudClassifier.IsMoneyLink),
        ("rule:government_link", FraudClassifier.IsGovernmentLink),
        ("rule:government_threat", FraudClassifier.IsGovernmentThreat),
        ("rule:stock_tip", FraudClassifier.IsStockTip),
    ];
    var counts = new SortedDictionary<(string Rule, string Truth), int>();
    foreach (var (text, truth) in Rows(path))
    {
        foreach (var (name, holds) in rules.Where(r => r.Holds(text)))
        {
            counts[(name, truth)] = counts.GetValueOrDefault((name, truth)) + 1;
        }
    }

    foreach (var ((rule, truth), count) in counts)
    {
        Console.WriteLine($"{Path.GetFileName(path)}\t{rule}\t{truth}\t{count}");
    }
}

// A JSON-lines file's messages with their label: "category" (measure-only sets) or "type".
static IEnumerable<(string Text, string Truth)> Rows(string path) =>
    File.ReadLines(path).Where(l => l.Trim().Length > 0).Select(l => JsonDocument.Parse(l).RootElement)
        .Select(r => (r.GetProperty("text").GetString()!, r.TryGetProperty("category", out var c) ? c.GetString()! : r.GetProperty("type").GetString()!));
