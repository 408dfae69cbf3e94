using System.Buffers.Binary;

namespace FraudWatch.Ocr;

public enum ImageFormat
{
    Unknown,
    Png,
    Jpeg,
    WebP,
    Gif,
    Bmp,
}

/// <summary>
/// An image's format and size from its first bytes, without decoding it, so that a picture too big
/// to decode safely is refused before Tesseract sees it. Only these formats reach Tesseract: given
/// anything else on stdin it reads the bytes as a list of file names.
/// </summary>
public readonly record struct ImageHeader(ImageFormat Format, int Width, int Height)
{
    public long Pixels => (long)Width * Height;

    public static ImageFormat Sniff(ReadOnlySpan<byte> data) => data switch
    {
        [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => ImageFormat.Png,
        [0xFF, 0xD8, 0xFF, ..] => ImageFormat.Jpeg,
        [(byte)'R', (byte)'I', (byte)'F', (byte)'F', _, _, _, _, (byte)'W', (byte)'E', (byte)'B', (byte)'P', ..] => ImageFormat.WebP,
        [(byte)'G', (byte)'I', (byte)'F', (byte)'8', (byte)'7' or (byte)'9', (byte)'a', ..] => ImageFormat.Gif,
        [(byte)'B', (byte)'M', ..] => ImageFormat.Bmp,
        _ => ImageFormat.Unknown,
    };

    /// <summary>Reads the size; false when the format is unknown or its header is cut short or says 0 pixels.</summary>
    public static bool TryRead(ReadOnlySpan<byte> data, out ImageHeader header)
    {
        var format = Sniff(data);
        var size = format switch
        {
            ImageFormat.Png => Png(data),
            ImageFormat.Jpeg => Jpeg(data),
            ImageFormat.WebP => WebP(data),
            ImageFormat.Gif => Gif(data),
            ImageFormat.Bmp => Bmp(data),
            _ => null,
        };
        header = size is (var w, var h) ? new ImageHeader(format, w, h) : default;
        return size is (> 0, > 0);
    }

    static (int, int)? Png(ReadOnlySpan<byte> d) =>
        d.Length >= 24 && d[12..16].SequenceEqual("IHDR"u8)
            ? (BigEndian(d[16..]), BigEndian(d[20..]))
            : null;

    static (int, int)? Jpeg(ReadOnlySpan<byte> d)
    {
        var i = 2;
        while (i + 4 <= d.Length)
        {
            if (d[i] != 0xFF)
                return null;
            var marker = d[i + 1];
            if (marker == 0xFF)
            {
                i++; // fill byte
                continue;
            }

            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                i += 2; // markers without a length
                continue;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(d[(i + 2)..]);
            // Start of frame: any SOFn except DHT (C4), JPG (C8) and DAC (CC).
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                return i + 9 <= d.Length
                    ? (BinaryPrimitives.ReadUInt16BigEndian(d[(i + 7)..]), BinaryPrimitives.ReadUInt16BigEndian(d[(i + 5)..]))
                    : null;
            }

            if (marker is 0xD9 or 0xDA || length < 2)
                return null; // image data or end before any frame header
            i += 2 + length;
        }

        return null;
    }

    static (int, int)? WebP(ReadOnlySpan<byte> d)
    {
        if (d.Length < 30)
            return null;
        var chunk = d[12..16];
        var body = d[20..];
        if (chunk.SequenceEqual("VP8X"u8))
            return (UInt24(body[4..]) + 1, UInt24(body[7..]) + 1);
        if (chunk.SequenceEqual("VP8L"u8) && body[0] == 0x2F)
        {
            var bits = BinaryPrimitives.ReadUInt32LittleEndian(body[1..]);
            return ((int)(bits & 0x3FFF) + 1, (int)((bits >> 14) & 0x3FFF) + 1);
        }

        if (chunk.SequenceEqual("VP8 "u8) && body[3] == 0x9D && body[4] == 0x01 && body[5] == 0x2A)
            return (BinaryPrimitives.ReadUInt16LittleEndian(body[6..]) & 0x3FFF, BinaryPrimitives.ReadUInt16LittleEndian(body[8..]) & 0x3FFF);
        return null;
    }

    /// <summary>
    /// A GIF's size as its decoder costs it: Leptonica reads GIFs with giflib's DGifSlurp, which decodes every frame, so a
    /// small first frame may hide a huge second one. Every image descriptor is walked; the size returned is the screen
    /// widened to each frame's extent, and made taller when the frames together hold more pixels than that.
    /// </summary>
    static (int, int)? Gif(ReadOnlySpan<byte> d)
    {
        if (d.Length < 13)
            return null;
        int width = BinaryPrimitives.ReadUInt16LittleEndian(d[6..]), height = BinaryPrimitives.ReadUInt16LittleEndian(d[8..]);
        long framePixels = 0;
        var frames = 0;
        var i = 13 + ColorTable(d[10]);
        while (i < d.Length && d[i] != 0x3B)
        {
            if (d[i] == 0x2C)
            {
                if (i + 10 > d.Length)
                    break;
                int frameWidth = BinaryPrimitives.ReadUInt16LittleEndian(d[(i + 5)..]), frameHeight = BinaryPrimitives.ReadUInt16LittleEndian(d[(i + 7)..]);
                // A frame may be larger than the screen it says it is for; the decoder allocates for the frame.
                width = Math.Max(width, BinaryPrimitives.ReadUInt16LittleEndian(d[(i + 1)..]) + frameWidth);
                height = Math.Max(height, BinaryPrimitives.ReadUInt16LittleEndian(d[(i + 3)..]) + frameHeight);
                framePixels += (long)frameWidth * frameHeight;
                frames++;
                i += 10 + ColorTable(d[i + 9]) + 1; // descriptor, local colour table, LZW minimum code size
            }
            else if (d[i] == 0x21 && i + 2 < d.Length)
                i += 2; // extension introducer and label
            else
                break;

            while (i < d.Length && d[i] != 0) // sub-blocks up to a zero length
                i += d[i] + 1;
            i++;
        }

        if (frames == 0)
            return null;
        // Frames together bigger than the screen: count them as a screen that tall, so Pixels says what decoding costs.
        if (width > 0 && framePixels > (long)width * height)
            height = (int)Math.Min(int.MaxValue, (framePixels + width - 1) / width);
        return (width, height);
    }

    static int ColorTable(byte flags) => (flags & 0x80) != 0 ? 3 << ((flags & 0x07) + 1) : 0;

    static (int, int)? Bmp(ReadOnlySpan<byte> d)
    {
        if (d.Length < 26)
            return null;
        var dib = BinaryPrimitives.ReadInt32LittleEndian(d[14..]);
        if (dib == 12)
            return (BinaryPrimitives.ReadUInt16LittleEndian(d[18..]), BinaryPrimitives.ReadUInt16LittleEndian(d[20..]));
        // Negative height means rows stored top-down; int.MinValue has no positive counterpart.
        var height = BinaryPrimitives.ReadInt32LittleEndian(d[22..]);
        return dib >= 40 && height != int.MinValue ? (BinaryPrimitives.ReadInt32LittleEndian(d[18..]), Math.Abs(height)) : null;
    }

    static int BigEndian(ReadOnlySpan<byte> d) => (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(d), int.MaxValue);

    static int UInt24(ReadOnlySpan<byte> d) => d[0] | (d[1] << 8) | (d[2] << 16);
}
