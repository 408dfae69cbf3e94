namespace FraudWatch.Campaigns;

/// <summary>A rendered Telegram HTML message, or the one-line reason it was refused.</summary>
public sealed record RenderResult(bool Ok, string? Text, string? Title, string? Error)
{
    public static RenderResult Success(string text, string? title = null) => new(true, text, title, null);

    public static RenderResult Failure(string error) => new(false, null, null, error);
}

/// <summary>A template as listed by the catalog; Error is set when the file does not parse.</summary>
public sealed record TemplateInfo(string Name, string Language, string Title, IReadOnlyList<string> Variables)
{
    public string? Error { get; init; }
}
