namespace FraudWatch.Detection;

/// <summary>A fraud type code (or "other"), a score in [0,1], one line of advice in the message's language,
/// and the rules that fired as "type:keyword".</summary>
public sealed record Classification(string Type, double Score, string Advice, IReadOnlyList<string> MatchedRules);

/// <summary>
/// Keyword scoring over the embedded rule files, blended with a model learned from the embedded labelled examples
/// (<see cref="TextModel"/>): the rules' vote and the model's probabilities are mixed by scoring.json's
/// <c>model.ruleWeight</c>, and the type with the highest mixed score wins, "other" included. Build once
/// (<see cref="Default"/>); thread-safe.
/// </summary>
public sealed class FraudClassifier
{
    private static readonly Lazy<FraudClassifier> Lazy = new(() =>
    {
        var rules = RuleBook.LoadEmbedded();
        var examples = TextModel.EmbeddedExamples();
        return new FraudClassifier(rules, TextModel.Train(examples, rules.ModelAlpha), TextModel.Train(examples, rules.ScreenAlpha));
    });

    private readonly RuleBook _rules;
    private readonly TextModel _model;
    private readonly TextModel _screen;
    private readonly KeywordAutomaton _automaton;
    private const int HarmlessType = -1;
    private const int CueType = -2;

    private readonly int[] _typeOf; // keyword index → index in FraudTypes.All, HarmlessType or CueType
    private readonly double[] _weight;
    private readonly string[] _label;

    private FraudClassifier(RuleBook rules, TextModel model, TextModel screen)
    {
        _rules = rules;
        _model = model;
        _screen = screen;
        _automaton = new KeywordAutomaton(rules.Keywords.Select(k => k.Keyword).ToArray());
        _typeOf = rules.Keywords.Select(k => k.Type switch
        {
            RuleBook.Harmless => HarmlessType,
            RuleBook.Cue => CueType,
            _ => IndexOf(k.Type),
        }).ToArray();
        _weight = rules.Keywords.Select(k => k.Weight).ToArray();
        _label = rules.Keywords.Select(k => k.Type + ":" + k.Keyword).ToArray();
    }

    public static FraudClassifier Default => Lazy.Value;

    /// <summary>The embedded rules with a model learned from <paramref name="examples"/> (for cross-validation).</summary>
    internal static FraudClassifier WithExamples(
        IReadOnlyList<(string Text, string Type)> examples, double? alpha = null, double? ruleWeight = null, double? otherMargin = null, double? screenAlpha = null)
    {
        var rules = RuleBook.LoadEmbedded();
        rules = rules with
        {
            ModelAlpha = alpha ?? rules.ModelAlpha,
            RuleWeight = ruleWeight ?? rules.RuleWeight,
            OtherMargin = otherMargin ?? rules.OtherMargin,
            ScreenAlpha = screenAlpha ?? rules.ScreenAlpha,
        };
        return new FraudClassifier(rules, TextModel.Train(examples, rules.ModelAlpha), TextModel.Train(examples, rules.ScreenAlpha));
    }

    /// <summary>The score (a message's fraud share) above which it gets a fraud type: fraud must beat harmless by the margin.</summary>
    public double Threshold => (1 + _rules.OtherMargin) / 2;

    public Classification Classify(string text, IReadOnlyList<Indicator>? indicators = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lang = Languages.Detect(text);
        var lowered = TextFold.Fold(text, lower: true);

        var state = new ScanState
        {
            Text = lowered,
            Seen = new bool[_automaton.Count],
            Scores = new double[FraudTypes.All.Count],
            Matched = new List<int>(),
            Owner = this,
        };
        _automaton.Scan(lowered, ref state, OnMatch);

        var harmless = 0.0;
        var cues = 0.0;
        foreach (var k in state.Matched)
        {
            if (_typeOf[k] == HarmlessType)
            {
                harmless += _weight[k];
            }
            else if (_typeOf[k] == CueType)
            {
                cues += _weight[k];
            }
        }

        // Indicators and generic pressure cues ("转账", "urgent") only strengthen a type some keyword already points at.
        var boost = IndicatorBoost(indicators ?? IndicatorExtractor.Extract(text)) + Math.Min(cues, _rules.CueCap);

        // The rules' vote: each type with a keyword hit gets net / (net + scale); "other" gets what the strongest leaves.
        var classes = TextModel.Classes.Count;
        var vote = new double[classes];
        var strongest = 0.0;
        for (var t = 0; t < state.Scores.Length; t++)
        {
            var net = state.Scores[t] > 0 ? state.Scores[t] + boost + harmless : 0;
            vote[t] = net <= 0 ? 0 : net / (net + _rules.Scale);
            strongest = Math.Max(strongest, vote[t]);
        }

        vote[classes - 1] = 1 - strongest;
        var total = vote.Sum();
        // Fraud or harmless is judged with the smoother model (fewer false alarms on unusual harmless wording);
        // which fraud, with the sharper one (small differences in wording tell close schemes apart).
        var features = new HashSet<ulong>();
        TextModel.Features(text, features);
        var harmlessShare = (_rules.RuleWeight * vote[classes - 1] / total) + ((1 - _rules.RuleWeight) * _screen.Posterior(features)[classes - 1]);
        var typed = Mix(vote, total, _model.Posterior(features));
        var best = 0;
        for (var c = 1; c < classes - 1; c++)
        {
            best = typed[c] > typed[best] ? c : best;
        }

        var fraud = 1 - harmlessShare;
        var type = fraud - harmlessShare > _rules.OtherMargin ? FraudTypes.All[best] : FraudTypes.Other;
        var score = Math.Round(fraud, 3);
        var matched = state.Matched.Select(k => _label[k]).ToArray();
        return new Classification(type, score, Text(type, lang).Advice, matched);
    }

    internal (string Name, string Advice) Text(string code, string lang)
    {
        var language = Languages.Canonical(lang);
        if (_rules.Texts.TryGetValue(language, out var types) && types.TryGetValue(code, out var text))
        {
            return text;
        }

        throw new ArgumentException($"Unknown fraud type '{code}'; use one of FraudTypes.All or 'other'.", nameof(code));
    }

    private double[] Mix(double[] vote, double total, double[] model)
    {
        var mixed = new double[vote.Length];
        for (var c = 0; c < vote.Length; c++)
        {
            mixed[c] = (_rules.RuleWeight * vote[c] / total) + ((1 - _rules.RuleWeight) * model[c]);
        }

        return mixed;
    }

    private double IndicatorBoost(IReadOnlyList<Indicator> indicators)
    {
        var boost = 0.0;
        Span<bool> seen = stackalloc bool[5];
        foreach (var indicator in indicators)
        {
            var kind = (int)indicator.Kind;
            if (!seen[kind] && _rules.IndicatorBoost.TryGetValue(indicator.KindCode, out var b))
            {
                seen[kind] = true;
                boost += b;
            }
        }

        return boost;
    }

    private static void OnMatch(ref ScanState state, int keyword, int start)
    {
        if (state.Seen[keyword])
        {
            return;
        }

        var owner = state.Owner;
        var word = owner._automaton.Keyword(keyword);
        if (char.IsAsciiLetterOrDigit(word[0]) && start > 0 && char.IsAsciiLetterOrDigit(state.Text[start - 1]))
        {
            return; // English keywords must start a word: "loan" in "loans" counts, in "sloane" it does not.
        }

        state.Seen[keyword] = true;
        state.Matched.Add(keyword);
        var type = owner._typeOf[keyword];
        if (type >= 0)
        {
            state.Scores[type] += owner._weight[keyword];
        }
    }

    private static int IndexOf(string type)
    {
        for (var i = 0; i < FraudTypes.All.Count; i++)
        {
            if (FraudTypes.All[i] == type)
            {
                return i;
            }
        }

        throw new InvalidDataException($"Unknown fraud type '{type}' in rules.");
    }

    private struct ScanState
    {
        public string Text;
        public bool[] Seen;
        public double[] Scores;
        public List<int> Matched;
        public FraudClassifier Owner;
    }
}
