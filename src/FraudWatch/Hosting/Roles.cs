namespace FraudWatch;

/// <summary>Who may do what (PRODUCT.md section 1): shared by the API keys, the Telegram commands and the console.</summary>
public enum Role
{
    Resident,
    Assistant,
    Officer,
    Analyst,
    Admin,
}

public static class Roles
{
    public static string Name(this Role role) => role.ToString().ToLowerInvariant();

    public static Role? Parse(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "resident" => Role.Resident,
        "assistant" => Role.Assistant,
        "officer" => Role.Officer,
        "analyst" => Role.Analyst,
        "admin" => Role.Admin,
        _ => null,
    };

    /// <summary>Who may do what a given role may do (PRODUCT.md section 1).</summary>
    public static bool Allows(this Role required, Role actual) => required switch
    {
        Role.Resident => true,
        Role.Assistant => actual is Role.Assistant or Role.Officer or Role.Admin,
        Role.Analyst => actual is Role.Analyst or Role.Assistant or Role.Officer or Role.Admin,
        Role.Officer => actual is Role.Officer or Role.Admin,
        Role.Admin => actual is Role.Admin,
        _ => false,
    };

    public static IReadOnlyList<Role> All { get; } = Enum.GetValues<Role>();
}
