using System.IO.Compression;

namespace FraudWatch.Detection;

/// <summary>One training message: its <see cref="Featurizer"/> buckets, the rule features, its class and weight.</summary>
internal sealed record Sample(int[] Buckets, float[] Extra, int Class, float Weight);

/// <summary>Settings of <see cref="LinearModel.Train"/> (scoring.json "model").</summary>
internal sealed record TrainingSettings(int Epochs, double LearningRate, int Seed, int Average = 1);

/// <summary>
/// Multinomial logistic regression over hashed sparse features plus a few dense rule features, trained by AdaGrad in a
/// fixed order, so the same samples and settings give the same weights bit for bit. Weights are stored
/// feature-major (all classes of one feature side by side). Read-only after training, so thread-safe.
/// </summary>
internal sealed class LinearModel
{
    private readonly float[] _weights; // (bucket or extra) * classes + class
    private readonly float[] _bias;
    private readonly int _classes;
    private readonly int _extras;

    private LinearModel(float[] weights, float[] bias, int classes, int extras)
    {
        _weights = weights;
        _bias = bias;
        _classes = classes;
        _extras = extras;
    }

    /// <summary>Bytes the weights take in memory.</summary>
    public long SizeInBytes => ((long)_weights.Length + _bias.Length) * sizeof(float);

    /// <summary>Trains <see cref="TrainingSettings.Average"/> models on differently shuffled orders (seeds Seed, Seed+1, …)
    /// and averages their weights: for a linear model that is averaging their logits, at no cost when scoring. Up to
    /// <paramref name="parallelism"/> of them are trained at once; each is independent and they are summed in seed order,
    /// so the result is the same bit for bit whatever the parallelism.</summary>
    public static LinearModel Train(IReadOnlyList<Sample> samples, int classes, int extras, TrainingSettings settings, int parallelism = 1)
    {
        var models = new LinearModel[Math.Max(1, settings.Average)];
        Parallel.For(0, models.Length, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism) },
            k => models[k] = TrainOne(samples, classes, extras, settings with { Seed = settings.Seed + k }));
        var first = models[0];
        for (var k = 1; k < models.Length; k++)
        {
            for (var i = 0; i < first._weights.Length; i++)
            {
                first._weights[i] += models[k]._weights[i];
            }

            for (var c = 0; c < classes; c++)
            {
                first._bias[c] += models[k]._bias[c];
            }
        }

        for (var i = 0; i < first._weights.Length; i++)
        {
            first._weights[i] /= models.Length;
        }

        for (var c = 0; c < classes; c++)
        {
            first._bias[c] /= models.Length;
        }

        return first;
    }

    private static LinearModel TrainOne(IReadOnlyList<Sample> samples, int classes, int extras, TrainingSettings settings)
    {
        var features = Featurizer.Buckets + extras;
        var weights = new float[features * classes];
        var squares = new float[features * classes];
        var bias = new float[classes];
        var biasSquares = new float[classes];
        var order = Enumerable.Range(0, samples.Count).ToArray();
        var random = new Random(settings.Seed);
        var logits = new double[classes];
        var gradient = new double[classes];
        var lr = settings.LearningRate;
        for (var epoch = 0; epoch < settings.Epochs; epoch++)
        {
            random.Shuffle(order);
            foreach (var index in order)
            {
                var sample = samples[index];
                var scale = Scale(sample.Buckets.Length);
                Logits(weights, bias, classes, sample.Buckets, scale, sample.Extra, logits);
                Softmax(logits, 1.0);
                for (var c = 0; c < classes; c++)
                {
                    gradient[c] = (logits[c] - (c == sample.Class ? 1 : 0)) * sample.Weight;
                    biasSquares[c] += (float)(gradient[c] * gradient[c]);
                    bias[c] -= (float)(lr * gradient[c] / Math.Sqrt(biasSquares[c] + 1e-8));
                }

                foreach (var bucket in sample.Buckets)
                {
                    Step(weights, squares, bucket * classes, gradient, scale, lr);
                }

                for (var e = 0; e < sample.Extra.Length; e++)
                {
                    if (sample.Extra[e] != 0)
                    {
                        Step(weights, squares, (Featurizer.Buckets + e) * classes, gradient, sample.Extra[e], lr);
                    }
                }
            }
        }

        return new LinearModel(weights, bias, classes, extras);
    }

    /// <summary>Class probabilities, softened by <paramref name="temperature"/> (calibration).</summary>
    public double[] Probabilities(int[] buckets, float[] extra, double temperature)
    {
        var logits = new double[_classes];
        Logits(_weights, _bias, _classes, buckets, Scale(buckets.Length), extra, logits);
        Softmax(logits, temperature);
        return logits;
    }

    /// <summary>
    /// Writes the model as shipped (Model/model.bin): a header, the biases, a bitmap of the rows (features) with any
    /// non-zero weight, then those rows' weights as half-precision floats, all deflated. <see cref="Read"/> gives back
    /// exactly the rounded weights, so a model read back scores like the shipped one.
    /// </summary>
    public void Write(Stream stream)
    {
        using var deflate = new DeflateStream(stream, CompressionLevel.SmallestSize, leaveOpen: true);
        using var writer = new BinaryWriter(deflate);
        writer.Write(Magic);
        writer.Write(Featurizer.Bits);
        writer.Write(_classes);
        writer.Write(_extras);
        foreach (var b in _bias)
        {
            writer.Write(b);
        }

        var rows = _weights.Length / _classes;
        var bitmap = new byte[(rows + 7) / 8];
        for (var row = 0; row < rows; row++)
        {
            if (Stored(Row(row)))
            {
                bitmap[row / 8] |= (byte)(1 << (row % 8));
            }
        }

        writer.Write(bitmap);
        for (var row = 0; row < rows; row++)
        {
            if ((bitmap[row / 8] & (1 << (row % 8))) != 0)
            {
                foreach (var w in Row(row))
                {
                    writer.Write((Half)w);
                }
            }
        }
    }

    public static LinearModel Read(Stream stream)
    {
        using var deflate = new DeflateStream(stream, CompressionMode.Decompress, leaveOpen: true);
        using var reader = new BinaryReader(deflate);
        if (reader.ReadInt32() != Magic || reader.ReadInt32() != Featurizer.Bits)
        {
            throw new InvalidDataException("Model/model.bin was made by another version of the featurizer; run tools/train-detection.");
        }

        var classes = reader.ReadInt32();
        var extras = reader.ReadInt32();
        var bias = new float[classes];
        for (var c = 0; c < classes; c++)
        {
            bias[c] = reader.ReadSingle();
        }

        var rows = Featurizer.Buckets + extras;
        var bitmap = reader.ReadBytes((rows + 7) / 8);
        var weights = new float[rows * classes];
        for (var row = 0; row < rows; row++)
        {
            if ((bitmap[row / 8] & (1 << (row % 8))) != 0)
            {
                for (var c = 0; c < classes; c++)
                {
                    weights[(row * classes) + c] = (float)reader.ReadHalf();
                }
            }
        }

        return new LinearModel(weights, bias, classes, extras);
    }

    /// <summary>The same model with its weights rounded as <see cref="Write"/> stores them.</summary>
    public LinearModel Rounded()
    {
        using var buffer = new MemoryStream();
        Write(buffer);
        buffer.Position = 0;
        return Read(buffer);
    }

    private const int Magic = 0x4D4C5746; // "FWLM"

    private ReadOnlySpan<float> Row(int row) => _weights.AsSpan(row * _classes, _classes);

    // A row is stored when a weight survives rounding to half precision. Deciding on the float weights instead keeps a
    // row whose weights all round to zero, some to -0, and writing the model read back then drops it: Rounded() would
    // not be idempotent, and the shipped model's fingerprint would differ from the trained one by the signs of zeros.
    private static bool Stored(ReadOnlySpan<float> row)
    {
        foreach (var w in row)
        {
            if ((Half)w != Half.Zero)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A hash of every weight, to show two trainings gave the same model.</summary>
    public ulong Fingerprint()
    {
        var hash = 14695981039346656037UL;
        foreach (var w in _weights.Concat(_bias))
        {
            hash = (hash ^ BitConverter.SingleToUInt32Bits(w)) * 1099511628211UL;
        }

        return hash;
    }

    /// <summary>How many weights are not zero (the rest are buckets no training message reached).</summary>
    public int NonZero => _weights.Count(w => w != 0);

    private static float Scale(int count) => (float)(1 / Math.Sqrt(Math.Max(1, count)));

    private static void Step(float[] weights, float[] squares, int offset, double[] gradient, float x, double lr)
    {
        for (var c = 0; c < gradient.Length; c++)
        {
            var g = gradient[c] * x;
            squares[offset + c] += (float)(g * g);
            weights[offset + c] -= (float)(lr * g / Math.Sqrt(squares[offset + c] + 1e-8));
        }
    }

    private static void Logits(float[] weights, float[] bias, int classes, int[] buckets, float scale, float[] extra, double[] logits)
    {
        for (var c = 0; c < classes; c++)
        {
            logits[c] = bias[c];
        }

        foreach (var bucket in buckets)
        {
            var offset = bucket * classes;
            for (var c = 0; c < classes; c++)
            {
                logits[c] += weights[offset + c] * scale;
            }
        }

        for (var e = 0; e < extra.Length; e++)
        {
            if (extra[e] == 0)
            {
                continue;
            }

            var offset = (Featurizer.Buckets + e) * classes;
            for (var c = 0; c < classes; c++)
            {
                logits[c] += weights[offset + c] * extra[e];
            }
        }
    }

    private static void Softmax(double[] logits, double temperature)
    {
        var max = logits.Max();
        var sum = 0.0;
        for (var c = 0; c < logits.Length; c++)
        {
            logits[c] = Math.Exp((logits[c] - max) / temperature);
            sum += logits[c];
        }

        for (var c = 0; c < logits.Length; c++)
        {
            logits[c] /= sum;
        }
    }
}
