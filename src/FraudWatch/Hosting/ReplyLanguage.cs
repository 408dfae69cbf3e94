namespace FraudWatch;

/// <summary>
/// The one decision of which language a reply is in: the chat's (a group's set language), else the user's Telegram
/// language_code, else the county default (<c>FraudWatch__DefaultLanguage</c>). Two languages are spoken: zh-CN and en.
/// </summary>
public static class ReplyLanguage
{
    public const string Chinese = "zh-CN";
    public const string English = "en";

    /// <summary>zh, zh-CN, zh-Hans… → zh-CN; en, en-US… → en; anything else (or nothing) → null.</summary>
    public static string? Parse(string? code) => code?.Trim() switch
    {
        null or "" => null,
        var c when c.Equals("zh", StringComparison.OrdinalIgnoreCase) || c.StartsWith("zh-", StringComparison.OrdinalIgnoreCase)
            || c.StartsWith("zh_", StringComparison.OrdinalIgnoreCase) => Chinese,
        var c when c.Equals("en", StringComparison.OrdinalIgnoreCase) || c.StartsWith("en-", StringComparison.OrdinalIgnoreCase)
            || c.StartsWith("en_", StringComparison.OrdinalIgnoreCase) => English,
        _ => null,
    };

    /// <summary>The chat's language, else the user's, else the county default; each only if it is one we speak.</summary>
    public static string Choose(string? chatLanguage, string? userLanguageCode, string countyDefault) =>
        Parse(chatLanguage) ?? Parse(userLanguageCode) ?? Parse(countyDefault) ?? Chinese;

    public static bool IsEnglish(string language) => language == English;
}
