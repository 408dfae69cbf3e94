namespace FraudWatch.Ocr;

public enum OcrOutcome
{
    /// <summary>Text was read; it is in <see cref="OcrResult.Text"/>.</summary>
    Text,
    /// <summary>Tesseract or its language data is missing: ask for the number as text.</summary>
    NotInstalled,
    TooLarge,
    TooManyPixels,
    /// <summary>Not a PNG, JPEG, WebP, GIF or BMP (a sticker, a PDF, a video).</summary>
    NotAnImage,
    /// <summary>Looks like an image but cannot be decoded.</summary>
    Corrupt,
    NoText,
    TimedOut,
    /// <summary>The user already has <see cref="OcrOptions.QueuePerUser"/> images in line, or the reader is full.</summary>
    Busy,
}

/// <summary>What reading one image gave; <see cref="Text"/> is empty unless <see cref="Outcome"/> is <see cref="OcrOutcome.Text"/>.</summary>
public readonly record struct OcrResult(OcrOutcome Outcome, string Text = "");
