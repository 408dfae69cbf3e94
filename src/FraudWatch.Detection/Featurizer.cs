namespace FraudWatch.Detection;

/// <summary>
/// Turns a message into hashed sparse features for <see cref="LinearModel"/>: each Chinese character, pair and triple
/// of neighbouring Chinese characters (characters spelled apart, "加 微 信", are neighbours: <see cref="TextFold.Squeeze"/>);
/// each English word (a trailing "s" dropped) and pair of neighbouring words; each run of digits by its length
/// ("11 digits" is a mobile number; a number blanked by whoever collected the message, "[电话]", counts as one of its
/// usual length). Each feature counts once; the vector has unit length,
/// so a whole call transcript and a one-liner weigh alike.
/// </summary>
internal static class Featurizer
{
    public const int Bits = 17;
    public const int Buckets = 1 << Bits;
    internal const int MaxChars = 20_000; // a longer forward is judged by its first 20,000 characters

    /// <summary>
    /// Sorted distinct bucket numbers of the message's features. Reads the text as given: its callers
    /// (<see cref="FraudClassifier"/>'s probabilities and training samples) pass it through <see cref="TextFold.Readable"/>.
    /// </summary>
    public static int[] Extract(string text)
    {
        var folded = TextFold.Squeeze(TextFold.ForModel(text.Length > MaxChars ? text[..MaxChars] : text));
        var buckets = new List<int>(folded.Length * 2 + 4);
        ulong previousWord = 0;
        var length = folded.Length; // a blanked number counts as long as the number it stands for
        var i = 0;
        while (i < folded.Length)
        {
            var c = folded[i];
            if (c == '[' && BlankedNumber(folded.AsSpan(i)) is var (blank, blankDigits) && blank > 0)
            {
                // "[电话]", "[手机]", "[卡号]" (TextFold.Placeholders): a number was there, read as one of its usual length; a blanked
                // "[数字]" could be any number, so it is read as none.
                if (blankDigits > 0)
                {
                    buckets.Add(Bucket(Hash(4, [(char)blankDigits])));
                }

                length += blankDigits - blank;
                previousWord = 0;
                i += blank;
                continue;
            }

            if (TextFold.IsCjk(c))
            {
                buckets.Add(Bucket(Hash(1, folded.AsSpan(i, 1))));
                if (i > 0 && TextFold.IsCjk(folded[i - 1]))
                {
                    buckets.Add(Bucket(Hash(2, folded.AsSpan(i - 1, 2))));
                    if (i > 1 && TextFold.IsCjk(folded[i - 2]))
                    {
                        buckets.Add(Bucket(Hash(5, folded.AsSpan(i - 2, 3))));
                    }
                }

                previousWord = 0;
                i++;
            }
            else if (char.IsAsciiLetter(c))
            {
                var start = i;
                while (i < folded.Length && (char.IsAsciiLetter(folded[i]) || folded[i] == '\''))
                {
                    i++;
                }

                var word = folded.AsSpan(start, i - start).TrimEnd('\'');
                if (word.Length > 3 && word[^1] == 's' && word[^2] != 's')
                {
                    word = word[..^1];
                }

                var token = Hash(3, word);
                buckets.Add(Bucket(token));
                if (previousWord != 0)
                {
                    buckets.Add(Bucket(((previousWord * 31) ^ token) * 1099511628211UL));
                }

                previousWord = token;
                if (i < folded.Length && folded[i] == ' ')
                {
                    i++; // a single space keeps an English word run going
                }
            }
            else if (char.IsAsciiDigit(c))
            {
                var digits = 0;
                while (i < folded.Length && (char.IsAsciiDigit(folded[i]) || ((folded[i] == ' ' || folded[i] == '-') && i + 1 < folded.Length && char.IsAsciiDigit(folded[i + 1]))))
                {
                    digits += char.IsAsciiDigit(folded[i]) ? 1 : 0;
                    i++;
                }

                buckets.Add(Bucket(Hash(4, [(char)Math.Min(digits, 20)])));
                previousWord = 0;
            }
            else
            {
                previousWord = 0;
                i++;
            }
        }

        buckets.Add(Bucket(Hash(6, [(char)Math.Min(32, (int)Math.Log2(length + 1))]))); // length class
        buckets.Sort();
        var distinct = 0;
        for (var k = 0; k < buckets.Count; k++)
        {
            if (k == 0 || buckets[k] != buckets[k - 1])
            {
                buckets[distinct++] = buckets[k];
            }
        }

        return buckets.GetRange(0, distinct).ToArray();
    }

    // The blanked number (TextFold.NumberBlanks) that starts here: (characters, digits), or (0, 0).
    private static (int Blank, int Digits) BlankedNumber(ReadOnlySpan<char> at)
    {
        foreach (var (blank, digits) in TextFold.NumberBlanks)
        {
            if (at.StartsWith(blank, StringComparison.Ordinal))
            {
                return (blank.Length, digits);
            }
        }

        return (0, 0);
    }

    private static int Bucket(ulong hash) => (int)((hash ^ (hash >> 29)) & (Buckets - 1));

    // FNV-1a over the characters, seeded by the feature kind so a word and a character pair never share a hash.
    private static ulong Hash(int kind, ReadOnlySpan<char> chars)
    {
        var hash = 14695981039346656037UL ^ (ulong)kind;
        foreach (var c in chars)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash == 0 ? 1 : hash;
    }
}
