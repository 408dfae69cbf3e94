namespace FraudWatch.Detection;

/// <summary>Chinese or English, by script: Chinese characters weigh four times a Latin letter.</summary>
public static class Languages
{
    public const string Chinese = "zh-CN";
    public const string English = "en";

    public static string Detect(string text)
    {
        var cjk = 0;
        var latin = 0;
        foreach (var c in text)
        {
            if (TextFold.IsCjk(c))
            {
                cjk++;
            }
            else if (char.IsAsciiLetter(c) || (c >= '\uFF21' && c <= '\uFF5A'))
            {
                latin++;
            }
        }

        return cjk == 0 && latin > 0 ? English : cjk * 4 >= latin ? Chinese : English;
    }

    internal static string Canonical(string? lang) =>
        lang is not null && lang.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? Chinese : English;
}
