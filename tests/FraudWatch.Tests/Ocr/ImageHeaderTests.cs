using System.Buffers.Binary;
using FraudWatch.Ocr;

namespace FraudWatch.Tests.Ocr;

public sealed class ImageHeaderTests
{
    [Fact]
    public void Png_size_comes_from_ihdr()
    {
        var header = Read(Png(20_000, 20_000));
        Assert.Equal(new ImageHeader(ImageFormat.Png, 20_000, 20_000), header);
        Assert.Equal(400_000_000L, header.Pixels);
    }

    [Fact]
    public void Jpeg_size_comes_from_the_frame_header_after_other_segments()
    {
        // APP1 (Exif) with a 3000-byte body, a fill byte, then SOF2 (progressive) for 1080 wide, 2400 high.
        byte[] jpeg = [0xFF, 0xD8, 0xFF, 0xE1, .. BigEndian16(3002), .. new byte[3000], 0xFF, 0xFF, 0xC2, 0x00, 0x11, 0x08, .. BigEndian16(2400), .. BigEndian16(1080), 0x03];
        Assert.Equal(new ImageHeader(ImageFormat.Jpeg, 1080, 2400), Read(jpeg));
    }

    [Fact]
    public void Jpeg_without_frame_header_before_image_data_is_unreadable()
    {
        byte[] jpeg = [0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x08, 1, 2, 3, 4, 5, 6];
        Assert.Equal(ImageFormat.Jpeg, ImageHeader.Sniff(jpeg));
        Assert.False(ImageHeader.TryRead(jpeg, out _));
    }

    [Fact]
    public void Every_gif_frame_counts_not_only_the_first()
    {
        // A 64x64 screen and first frame, then a 16000x16000 frame: giflib decodes both, so both count.
        byte[] gif =
        [
            .. "GIF89a"u8, 64, 0, 64, 0, 0, 0, 0,
            0x2C, 0, 0, 0, 0, 64, 0, 64, 0, 0, 2, 2, 0x4C, 0x01, 0,
            0x21, 0xF9, 4, 0, 0, 0, 0, 0,
            0x2C, 0, 0, 0, 0, 0x80, 0x3E, 0x80, 0x3E, 0, 2, 3, 0x8C, 0x2D, 0x99, 0,
            0x3B,
        ];

        var header = Read(gif);

        Assert.Equal(16_000, header.Width);
        Assert.True(header.Pixels >= 16_000L * 16_000 + 64 * 64, $"{header.Width}x{header.Height}");
    }

    [Fact]
    public void An_animated_gif_of_small_frames_counts_all_its_frames()
    {
        // 100 frames of 100x100 on a 100x100 screen: a million pixels decoded, not ten thousand.
        var frame = new byte[] { 0x2C, 0, 0, 0, 0, 100, 0, 100, 0, 0, 2, 2, 0x4C, 0x01, 0 };
        byte[] gif = [.. "GIF89a"u8, 100, 0, 100, 0, 0, 0, 0, .. Enumerable.Repeat(frame, 100).SelectMany(f => f), 0x3B];

        Assert.Equal(1_000_000, Read(gif).Pixels);
    }

    [Fact]
    public void Gif_frame_larger_than_its_screen_counts()
    {
        // Screen 10x10 without colour table, then a frame at (0,0) of 30000x20000.
        byte[] gif = [.. "GIF89a"u8, 10, 0, 10, 0, 0, 0, 0, 0x21, 0xF9, 4, 0, 0, 0, 0, 0, 0x2C, 0, 0, 0, 0, 0x30, 0x75, 0x20, 0x4E, 0];
        Assert.Equal(new ImageHeader(ImageFormat.Gif, 30_000, 20_000), Read(gif));
    }

    [Fact]
    public void Bmp_stored_top_down_has_positive_height()
    {
        var bmp = new byte[54];
        "BM"u8.CopyTo(bmp);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(18), 640);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(22), -480);
        Assert.Equal(new ImageHeader(ImageFormat.Bmp, 640, 480), Read(bmp));
    }

    [Theory]
    [InlineData("VP8X", new byte[] { 0, 0, 0, 0, 0x3F, 0x9C, 0x00, 0x3F, 0x9C, 0x00 }, 40_000, 40_000)]
    [InlineData("VP8L", new byte[] { 0x2F, 0x37, 0xC4, 0x57, 0x02, 0, 0, 0, 0, 0 }, 1080, 2400)]
    [InlineData("VP8 ", new byte[] { 0, 0, 0, 0x9D, 0x01, 0x2A, 0x38, 0x04, 0x60, 0x09 }, 1080, 2400)]
    public void Webp_size_comes_from_each_kind_of_first_chunk(string chunk, byte[] body, int width, int height)
    {
        byte[] webp = [.. "RIFF"u8, 0, 0, 0, 0, .. "WEBP"u8, .. System.Text.Encoding.ASCII.GetBytes(chunk), 10, 0, 0, 0, .. body];
        Assert.Equal(new ImageHeader(ImageFormat.WebP, width, height), Read(webp));
    }

    [Fact]
    public void Other_bytes_are_no_image()
    {
        // Tesseract would read these as a list of files to open.
        var text = "/etc/passwd\n/var/lib/fraudwatch/secret.png\n"u8.ToArray();
        Assert.Equal(ImageFormat.Unknown, ImageHeader.Sniff(text));
        Assert.False(ImageHeader.TryRead(text, out _));
        Assert.Equal(ImageFormat.Unknown, ImageHeader.Sniff([]));
    }

    [Fact]
    public void Header_cut_short_or_of_no_pixels_is_unreadable()
    {
        Assert.False(ImageHeader.TryRead(Png(100, 100).AsSpan(0, 20), out _));
        Assert.False(ImageHeader.TryRead(Png(0, 100), out _));
    }

    internal static byte[] Png(int width, int height) =>
        [0x89, .. "PNG"u8, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, .. "IHDR"u8, .. BigEndian32(width), .. BigEndian32(height), 8, 2, 0, 0, 0, 1, 2, 3, 4];

    static ImageHeader Read(byte[] data)
    {
        Assert.True(ImageHeader.TryRead(data, out var header));
        return header;
    }

    static byte[] BigEndian16(int value) => [(byte)(value >> 8), (byte)value];

    static byte[] BigEndian32(int value) => [(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value];
}
