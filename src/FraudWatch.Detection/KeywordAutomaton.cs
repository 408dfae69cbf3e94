using System.Collections.Frozen;

namespace FraudWatch.Detection;

/// <summary>
/// Aho-Corasick over lowercase keywords: one pass over the text finds every keyword, overlapping ones included.
/// Built once, read-only afterwards, so it is safe to share between threads.
/// </summary>
internal sealed class KeywordAutomaton
{
    private readonly FrozenDictionary<char, int>[] _next;
    private readonly int[] _fail;
    private readonly int[][] _outputs;
    private readonly string[] _keywords;

    public KeywordAutomaton(IReadOnlyList<string> keywords)
    {
        _keywords = keywords.ToArray();
        var next = new List<Dictionary<char, int>> { new() };
        var outputs = new List<List<int>> { new() };
        for (var k = 0; k < _keywords.Length; k++)
        {
            var state = 0;
            foreach (var c in _keywords[k])
            {
                if (!next[state].TryGetValue(c, out var to))
                {
                    to = next.Count;
                    next.Add(new Dictionary<char, int>());
                    outputs.Add(new List<int>());
                    next[state][c] = to;
                }

                state = to;
            }

            outputs[state].Add(k);
        }

        _fail = new int[next.Count];
        var queue = new Queue<int>();
        foreach (var child in next[0].Values)
        {
            queue.Enqueue(child);
        }

        while (queue.Count > 0)
        {
            var state = queue.Dequeue();
            foreach (var (c, child) in next[state])
            {
                var f = _fail[state];
                while (f != 0 && !next[f].ContainsKey(c))
                {
                    f = _fail[f];
                }

                _fail[child] = next[f].TryGetValue(c, out var to) && to != child ? to : 0;
                outputs[child].AddRange(outputs[_fail[child]]);
                queue.Enqueue(child);
            }
        }

        _next = next.Select(d => d.ToFrozenDictionary()).ToArray();
        _outputs = outputs.Select(o => o.ToArray()).ToArray();
    }

    public int Count => _keywords.Length;

    public string Keyword(int index) => _keywords[index];

    /// <summary>Calls <paramref name="onMatch"/> with (keyword index, start index) for every occurrence.</summary>
    public void Scan<TState>(string text, ref TState state, MatchHandler<TState> onMatch)
    {
        var current = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            int to;
            while (!_next[current].TryGetValue(c, out to) && current != 0)
            {
                current = _fail[current];
            }

            current = _next[current].TryGetValue(c, out to) ? to : 0;
            foreach (var k in _outputs[current])
            {
                onMatch(ref state, k, i - _keywords[k].Length + 1);
            }
        }
    }

    public delegate void MatchHandler<TState>(ref TState state, int keyword, int start);
}
