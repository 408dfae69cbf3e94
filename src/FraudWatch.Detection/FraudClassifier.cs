namespace FraudWatch.Detection;

/// <summary>A fraud type code (or "other"), a score in [0,1], one line of advice in the message's language,
/// and the rules that fired as "type:keyword".</summary>
public sealed record Classification(string Type, double Score, string Advice, IReadOnlyList<string> MatchedRules);

/// <summary>Keyword scoring over the embedded rule files. Build once (<see cref="Default"/>); thread-safe.</summary>
public sealed class FraudClassifier
{
    private static readonly Lazy<FraudClassifier> Lazy = new(() => new FraudClassifier(RuleBook.LoadEmbedded()));

    private readonly RuleBook _rules;
    private readonly KeywordAutomaton _automaton;
    private const int HarmlessType = -1;
    private const int CueType = -2;

    private readonly int[] _typeOf; // keyword index → index in FraudTypes.All, HarmlessType or CueType
    private readonly double[] _weight;
    private readonly string[] _label;

    private FraudClassifier(RuleBook rules)
    {
        _rules = rules;
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

    public double Threshold => _rules.Threshold;

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
        var best = -1;
        var bestRaw = 0.0;
        for (var t = 0; t < state.Scores.Length; t++)
        {
            if (state.Scores[t] <= 0)
            {
                continue;
            }

            var raw = state.Scores[t] + boost;
            if (best < 0 || raw > bestRaw)
            {
                best = t;
                bestRaw = raw;
            }
        }

        var net = best < 0 ? 0 : bestRaw + harmless;
        var score = net <= 0 ? 0 : Math.Round(net / (net + _rules.Scale), 3);
        var type = best >= 0 && score >= _rules.Threshold ? FraudTypes.All[best] : FraudTypes.Other;
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
