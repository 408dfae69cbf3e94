using FraudWatch.Detection;
using FraudWatch.Ocr;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FraudWatch.IntegrationTests.Ocr;

/// <summary>The installed Tesseract reading pictures drawn with Chinese text.</summary>
public sealed class ImageTextReaderTests
{
    [Theory]
    [InlineData("sms", "png", "+8657788889999", "顺丰,快递,退款")]
    [InlineData("sms-sent-as-photo", "jpg", "+8657788889999", "顺丰,快递,退款")]
    [InlineData("chat", "webp", "+8613812345678", "公安局,银行卡,安全账户")]
    [InlineData("dark-mode", "png", "4001234567", "医保卡,冻结")]
    public async Task Screenshot_is_read_with_its_number_and_key_words(string screen, string format, string phone, string words)
    {
        var image = screen switch
        {
            "sms" => Pictures.Render(Pictures.Sms, format),
            // Telegram sends photos shrunk and recompressed.
            "sms-sent-as-photo" => Pictures.Render(Pictures.Sms, format, "-resize", "50%", "-quality", "75"),
            "chat" => Pictures.Render(Pictures.Chat, format),
            _ => Pictures.Render(Pictures.Dark, format),
        };

        var result = await Reader().ReadAsync(1, image, CancellationToken.None);

        Assert.Equal(OcrOutcome.Text, result.Outcome);
        Assert.Contains(IndicatorExtractor.Extract(result.Text), i => i.Kind == IndicatorKind.Phone && i.Value == phone);
        foreach (var word in words.Split(','))
            Assert.Contains(word, result.Text);
    }

    [Theory]
    [InlineData("png")]
    [InlineData("jpg")]
    [InlineData("webp")]
    [InlineData("gif")]
    // Leptonica reads uncompressed BMPs only, which ImageMagick calls BMP3; others come back as corrupt.
    [InlineData("bmp3")]
    public async Task Every_accepted_format_is_read_from_a_stream(string format)
    {
        using var stream = new OneWayStream(Pictures.Render(Pictures.Hotline, format));
        var result = await Reader().ReadAsync(1, stream, CancellationToken.None);
        Assert.Equal(OcrOutcome.Text, result.Outcome);
        Assert.StartsWith("反诈热线", result.Text);
        Assert.Equal("96110", Assert.Single(IndicatorExtractor.Extract(result.Text)).Value);
    }

    [Fact]
    public async Task Picture_without_writing_has_no_text() =>
        Assert.Equal(OcrOutcome.NoText, (await Reader().ReadAsync(1, Pictures.Render(Pictures.Blank), CancellationToken.None)).Outcome);

    [Fact]
    public async Task Image_cut_off_halfway_is_corrupt()
    {
        var image = Pictures.Render(Pictures.Sms);
        Assert.Equal(OcrOutcome.Corrupt, (await Reader().ReadAsync(1, image.AsMemory(0, image.Length / 2), CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task Bytes_of_no_image_format_never_reach_tesseract()
    {
        // Tesseract would take these for a list of image files on the server and read them.
        var listOfFiles = System.Text.Encoding.UTF8.GetBytes("/etc/passwd\n/tmp/x.png\n");
        Assert.Equal(OcrOutcome.NotAnImage, (await Reader().ReadAsync(1, listOfFiles, CancellationToken.None)).Outcome);
        Assert.Equal(OcrOutcome.NotAnImage, (await Reader().ReadAsync(1, new byte[5000], CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task Header_of_20000_by_20000_pixels_is_refused_before_decoding()
    {
        byte[] png = [0x89, .. "PNG\r\n\x1A\n"u8, 0, 0, 0, 13, .. "IHDR"u8, 0, 0, 0x4E, 0x20, 0, 0, 0x4E, 0x20, 8, 2, 0, 0, 0, .. new byte[1000]];
        Assert.Equal(OcrOutcome.TooManyPixels, (await Reader().ReadAsync(1, png, CancellationToken.None)).Outcome);
        // A real screenshot over a lowered limit: 1080 x 900 is 972,000 pixels.
        var limited = Reader(o => o.MaxPixels = 900_000);
        Assert.Equal(OcrOutcome.TooManyPixels, (await limited.ReadAsync(1, Pictures.Render(Pictures.Sms, "jpg"), CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task File_over_the_byte_limit_is_refused_without_reading_all_of_it()
    {
        var reader = Reader(o => o.MaxBytes = 64 * 1024);
        Assert.Equal(OcrOutcome.TooLarge, (await reader.ReadAsync(1, new byte[64 * 1024 + 1], CancellationToken.None)).Outcome);

        using var endless = new OneWayStream(new byte[20 * 1024 * 1024]);
        Assert.Equal(OcrOutcome.TooLarge, (await reader.ReadAsync(1, endless, CancellationToken.None)).Outcome);
        Assert.Equal(64 * 1024 + 1, endless.Delivered);
    }

    [Fact]
    public async Task Missing_language_data_means_not_installed()
    {
        var reader = Reader(o => o.Languages = "chi_sim+xyz_none");
        var availability = await reader.CheckAvailabilityAsync();
        Assert.False(availability.Available);
        Assert.Contains("xyz_none", availability.Description);
        Assert.Equal(OcrOutcome.NotInstalled, (await reader.ReadAsync(1, Pictures.Render(Pictures.Hotline), CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task Installed_tesseract_with_chinese_is_available() =>
        Assert.True((await Reader().CheckAvailabilityAsync()).Available, "install tesseract-ocr and tesseract-ocr-chi-sim (see .ci/run)");

    internal static ImageTextReader Reader(Action<OcrOptions>? configure = null)
    {
        var options = new OcrOptions();
        configure?.Invoke(options);
        return new ImageTextReader(Options.Create(options), NullLogger<ImageTextReader>.Instance);
    }
}

/// <summary>A stream that cannot seek, like a download; counts what was taken from it.</summary>
sealed class OneWayStream(byte[] content) : MemoryStream(content)
{
    public long Delivered { get; private set; }

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = base.Read(buffer.Span);
        Delivered += read;
        return ValueTask.FromResult(read);
    }
}
