namespace FraudWatch.Detection;

/// <summary>The ten high-frequency fraud types (PRODUCT.md §5) and their display names.</summary>
public static class FraudTypes
{
    public const string Other = "other";

    public static IReadOnlyList<string> All { get; } =
    [
        "task_rebate",
        "fake_investment",
        "fake_shopping",
        "fake_customer_service",
        "fake_loan",
        "fake_credit",
        "impersonate_acquaintance",
        "impersonate_police",
        "romance",
        "game_trade",
    ];

    public static bool IsKnown(string code) => code == Other || All.Contains(code);

    /// <summary>Name of a type code ("task_rebate" or "other") in "zh-CN" or "en"; any "zh*" means Chinese, anything else English.</summary>
    public static string DisplayName(string code, string lang) => FraudClassifier.Default.Text(code, lang).Name;

    /// <summary>One line of advice for a type code, in "zh-CN" or "en".</summary>
    public static string Advice(string code, string lang) => FraudClassifier.Default.Text(code, lang).Advice;
}
