using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace FraudWatch.Ocr;

/// <summary>The <c>Ocr</c> section: limits for reading the text in pictures residents send.</summary>
public sealed partial class OcrOptions
{
    public const string Section = "Ocr";

    /// <summary>Largest image read; Telegram lets bots download up to 20 MB.</summary>
    public int MaxBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Largest width × height read, from the image's header; Tesseract holds about 4 bytes a pixel, several times over.</summary>
    public int MaxPixels { get; set; } = 24_000_000;

    public int TimeoutSeconds { get; set; } = 20;

    /// <summary>Tesseract language data, joined by '+'.</summary>
    public string Languages { get; set; } = "chi_sim+eng";

    /// <summary>Tesseract's <c>--psm</c>: 3 finds the text blocks itself, which suits chat and SMS screenshots.</summary>
    public int PageSegmentationMode { get; set; } = 3;

    /// <summary>The tesseract program; empty finds <c>tesseract</c> on PATH.</summary>
    public string? TesseractPath { get; set; }

    /// <summary>Images one user may have waiting or being read; more are refused as busy.</summary>
    public int QueuePerUser { get; set; } = 3;

    /// <summary>Images waiting or being read for all users together; more are refused as busy.</summary>
    public int MaxQueued { get; set; } = 50;

    /// <summary>Tesseract processes at once, each on one core: 1 leaves the second core of a small server to the bot.</summary>
    public int MaxConcurrency { get; set; } = 1;

    internal string[] LanguageList => Languages.Split('+');

    [GeneratedRegex("^[A-Za-z0-9_]+(\\+[A-Za-z0-9_]+)*$")]
    internal static partial Regex LanguagesShape();
}

public sealed class OcrOptionsValidator : IValidateOptions<OcrOptions>
{
    public ValidateOptionsResult Validate(string? name, OcrOptions o)
    {
        var errors = new List<string>();
        if (o.MaxBytes is < 1024 or > 100 * 1024 * 1024)
            errors.Add($"Ocr__MaxBytes: {o.MaxBytes} is out of range; use 1024 to 104857600 (bytes).");
        if (o.MaxPixels is < 10_000 or > 200_000_000)
            errors.Add($"Ocr__MaxPixels: {o.MaxPixels} is out of range; use 10000 to 200000000.");
        if (o.TimeoutSeconds is < 1 or > 600)
            errors.Add($"Ocr__TimeoutSeconds: {o.TimeoutSeconds} is out of range; use 1 to 600.");
        if (!OcrOptions.LanguagesShape().IsMatch(o.Languages ?? ""))
            errors.Add($"Ocr__Languages: '{o.Languages}' is not a list of Tesseract languages; write it like chi_sim+eng.");
        if (o.PageSegmentationMode is < 1 or > 13 or 2)
            errors.Add($"Ocr__PageSegmentationMode: {o.PageSegmentationMode} is not a Tesseract --psm that reads text; use 1 or 3 to 13 (3 is automatic).");
        if (o.QueuePerUser is < 1 or > 100)
            errors.Add($"Ocr__QueuePerUser: {o.QueuePerUser} is out of range; use 1 to 100.");
        if (o.MaxQueued is < 1 or > 10_000)
            errors.Add($"Ocr__MaxQueued: {o.MaxQueued} is out of range; use 1 to 10000.");
        if (o.MaxConcurrency is < 1 or > 64)
            errors.Add($"Ocr__MaxConcurrency: {o.MaxConcurrency} is out of range; use 1 to 64.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
