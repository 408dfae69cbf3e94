using Microsoft.Extensions.Options;

namespace FraudWatch.Ocr;

/// <summary>
/// Reads the text in a picture a resident sent. Images are checked before any decoding (bytes, then the
/// pixel count in the header), read one at a time per user so one person's backlog never holds up the
/// next person, and at most <see cref="OcrOptions.MaxConcurrency"/> at once. The image is only held in
/// memory while it is read.
/// </summary>
public sealed class ImageTextReader : IDisposable
{
    readonly OcrOptions options;
    readonly Tesseract tesseract;
    readonly ILogger<ImageTextReader> logger;
    readonly Lazy<Task<OcrAvailability>> availability;
    readonly SemaphoreSlim slots;
    readonly Dictionary<long, UserLine> lines = [];
    int queued;
    int reading;

    public ImageTextReader(IOptions<OcrOptions> options, ILogger<ImageTextReader> logger)
    {
        this.options = options.Value;
        this.logger = logger;
        tesseract = new Tesseract(this.options);
        slots = new SemaphoreSlim(this.options.MaxConcurrency);
        availability = new(() => tesseract.ProbeAsync(CancellationToken.None));
    }

    /// <summary>Images accepted and waiting for their turn (a gauge for metrics).</summary>
    public int QueueDepth => Math.Max(0, Volatile.Read(ref queued) - Volatile.Read(ref reading));

    /// <summary>Images being read by Tesseract right now.</summary>
    public int Reading => Volatile.Read(ref reading);

    /// <summary>Checked once, on first use: Tesseract found and has every language of <see cref="OcrOptions.Languages"/>.</summary>
    public Task<OcrAvailability> CheckAvailabilityAsync() => availability.Value;

    /// <summary>Lets a caller skip downloading a file whose size Telegram already told (<c>file_size</c>).</summary>
    public bool FitsSize(long bytes) => bytes <= options.MaxBytes;

    public int MaxBytes => options.MaxBytes;

    public async Task<OcrResult> ReadAsync(long userId, Stream image, CancellationToken cancellationToken)
    {
        if (!(await CheckAvailabilityAsync()).Available)
            return new(OcrOutcome.NotInstalled);
        if (image.CanSeek && image.Length - image.Position > options.MaxBytes)
            return new(OcrOutcome.TooLarge);
        if (!TryEnter(userId, out var line))
            return new(OcrOutcome.Busy);
        try
        {
            var bytes = await ReadLimitedAsync(image, options.MaxBytes, cancellationToken);
            return bytes is null ? new(OcrOutcome.TooLarge) : await ReadInLineAsync(line, bytes, cancellationToken);
        }
        finally
        {
            Leave(userId, line);
        }
    }

    public async Task<OcrResult> ReadAsync(long userId, ReadOnlyMemory<byte> image, CancellationToken cancellationToken)
    {
        if (!(await CheckAvailabilityAsync()).Available)
            return new(OcrOutcome.NotInstalled);
        if (image.Length > options.MaxBytes)
            return new(OcrOutcome.TooLarge);
        if (!TryEnter(userId, out var line))
            return new(OcrOutcome.Busy);
        try
        {
            return await ReadInLineAsync(line, image, cancellationToken);
        }
        finally
        {
            Leave(userId, line);
        }
    }

    async Task<OcrResult> ReadInLineAsync(UserLine line, ReadOnlyMemory<byte> image, CancellationToken cancellationToken)
    {
        if (ImageHeader.Sniff(image.Span) == ImageFormat.Unknown)
            return new(OcrOutcome.NotAnImage);
        if (!ImageHeader.TryRead(image.Span, out var header))
            return new(OcrOutcome.Corrupt);
        if (header.Pixels > options.MaxPixels)
            return new(OcrOutcome.TooManyPixels);

        // Wait for this user's earlier image first, only then for a reader: a user's backlog waits in their own line.
        await line.Turn.WaitAsync(cancellationToken);
        try
        {
            await slots.WaitAsync(cancellationToken);
            Interlocked.Increment(ref reading);
            try
            {
                var (exit, output, error) = await tesseract.ReadAsync(image, cancellationToken);
                switch (exit)
                {
                    case Tesseract.Exit.Missing:
                        return new(OcrOutcome.NotInstalled);
                    case Tesseract.Exit.TimedOut:
                        logger.LogWarning("OCR of a {Width}x{Height} {Format} stopped after {Seconds} s (Ocr__TimeoutSeconds).", header.Width, header.Height, header.Format, options.TimeoutSeconds);
                        return new(OcrOutcome.TimedOut);
                    case Tesseract.Exit.Failed:
                        logger.LogInformation("Tesseract could not read a {Width}x{Height} {Format}: {Error}", header.Width, header.Height, header.Format, error.Trim());
                        return new(OcrOutcome.Corrupt);
                }

                var text = OcrText.Clean(output);
                return OcrText.HasText(text) ? new(OcrOutcome.Text, text) : new(OcrOutcome.NoText);
            }
            finally
            {
                Interlocked.Decrement(ref reading);
                slots.Release();
            }
        }
        finally
        {
            line.Turn.Release();
        }
    }

    public void Dispose() => slots.Dispose();

    bool TryEnter(long userId, out UserLine line)
    {
        lock (lines)
        {
            if (!lines.TryGetValue(userId, out line!))
            {
                line = new UserLine();
                lines[userId] = line;
            }

            if (line.Count >= options.QueuePerUser || queued >= options.MaxQueued)
            {
                if (line.Count == 0)
                {
                    lines.Remove(userId);
                    line.Dispose();
                }

                return false;
            }

            line.Count++;
            queued++;
            return true;
        }
    }

    void Leave(long userId, UserLine line)
    {
        lock (lines)
        {
            queued--;
            if (--line.Count == 0)
            {
                lines.Remove(userId);
                line.Dispose();
            }
        }
    }

    /// <summary>The image's bytes, or null once it is longer than <paramref name="limit"/>; never reads past limit + 1.</summary>
    static async Task<byte[]?> ReadLimitedAsync(Stream image, int limit, CancellationToken cancellationToken)
    {
        var buffer = new byte[Math.Min(limit + 1, image.CanSeek ? (int)Math.Min(image.Length - image.Position + 1, limit + 1) : 256 * 1024)];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (length > limit)
                    return null;
                Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, limit + 1));
            }

            var read = await image.ReadAsync(buffer.AsMemory(length), cancellationToken);
            if (read == 0)
                return buffer[..length];
            length += read;
        }
    }

    sealed class UserLine : IDisposable
    {
        public int Count;
        public readonly SemaphoreSlim Turn = new(1, 1);

        public void Dispose() => Turn.Dispose();
    }
}
