namespace FraudWatch.Detection;

/// <summary>What an extracted indicator is. <see cref="IndicatorKinds.ToCode"/> gives the stable lowercase code.</summary>
public enum IndicatorKind
{
    Phone,
    Url,
    BankCard,
    PaymentAccount,
    Amount,
}

/// <summary>One thing found in a message: <paramref name="Value"/> is the normalized form used for matching,
/// <paramref name="Raw"/> the text exactly as written.</summary>
public sealed record Indicator(IndicatorKind Kind, string Value, string Raw)
{
    /// <summary>Stable lowercase code of <see cref="Kind"/>: phone, url, bank_card, payment_account, amount.</summary>
    public string KindCode => Kind.ToCode();
}

public static class IndicatorKinds
{
    public static string ToCode(this IndicatorKind kind) => kind switch
    {
        IndicatorKind.Phone => "phone",
        IndicatorKind.Url => "url",
        IndicatorKind.BankCard => "bank_card",
        IndicatorKind.PaymentAccount => "payment_account",
        IndicatorKind.Amount => "amount",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static bool TryParse(string? code, out IndicatorKind kind)
    {
        switch (code)
        {
            case "phone": kind = IndicatorKind.Phone; return true;
            case "url": kind = IndicatorKind.Url; return true;
            case "bank_card": kind = IndicatorKind.BankCard; return true;
            case "payment_account": kind = IndicatorKind.PaymentAccount; return true;
            case "amount": kind = IndicatorKind.Amount; return true;
            default: kind = default; return false;
        }
    }
}
