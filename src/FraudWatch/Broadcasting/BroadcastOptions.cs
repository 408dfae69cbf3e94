using System.Globalization;
using Microsoft.Extensions.Options;

namespace FraudWatch.Broadcasting;

/// <summary>The <c>Broadcast</c> section: Telegram's limits for all instances together, and engine tuning.</summary>
public sealed class BroadcastOptions
{
    public const string Section = "Broadcast";

    public int MessagesPerSecond { get; set; } = 30;
    public int GroupMessagesPerMinute { get; set; } = 20;
    /// <summary>
    /// Sends one instance has between claim and recorded result: the bound on duplicates after a crash. The engine uses
    /// at most one second's worth (MessagesPerSecond), so the default changes nothing at Telegram's 30 msg/s and gives a
    /// paid 1,000 msg/s broadcast room to cover the database's and Telegram's latency.
    /// </summary>
    public int MaxInFlight { get; set; } = 256;
    public int MaxAttempts { get; set; } = 5;
    /// <summary>First retry delay after a 5xx or timeout; doubled on each further attempt.</summary>
    public double RetryBaseSeconds { get; set; } = 2;
    /// <summary>How long a claim lives without its instance renewing it; a dead instance's work returns after this.</summary>
    public int LeaseSeconds { get; set; } = 15;
    public int SendTimeoutSeconds { get; set; } = 10;
    /// <summary>Sends broadcasts with Telegram's allow_paid_broadcast (paid in Stars, above the free 30 msg/s).</summary>
    public bool AllowPaidBroadcast { get; set; }

    internal static readonly string[] IntegerKeys =
        [nameof(MessagesPerSecond), nameof(GroupMessagesPerMinute), nameof(MaxInFlight), nameof(MaxAttempts), nameof(LeaseSeconds), nameof(SendTimeoutSeconds)];

    /// <summary>Binding throws on text where a number belongs; catch it first so the operator gets one line naming the key.</summary>
    internal static void CheckShape(IConfiguration configuration)
    {
        foreach (var key in IntegerKeys)
        {
            var value = configuration[$"{Section}:{key}"];
            if (!string.IsNullOrWhiteSpace(value) && !int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
                throw new StartupException($"{Section}__{key}: '{value}' is not a whole number.");
        }

        var retry = configuration[$"{Section}:{nameof(RetryBaseSeconds)}"];
        if (!string.IsNullOrWhiteSpace(retry) && !double.TryParse(retry, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            throw new StartupException($"{Section}__{nameof(RetryBaseSeconds)}: '{retry}' is not a number.");
    }
}

sealed class BroadcastOptionsValidator : IValidateOptions<BroadcastOptions>
{
    public ValidateOptionsResult Validate(string? name, BroadcastOptions o)
    {
        var errors = new List<string>();
        if (o.MessagesPerSecond is < 1 or > 10_000)
            errors.Add($"Broadcast__MessagesPerSecond: {o.MessagesPerSecond} is out of range; use 1 to 10000 (Telegram allows about 30, and up to 1000 with Broadcast__AllowPaidBroadcast=true).");
        if (o.GroupMessagesPerMinute is < 1 or > 600)
            errors.Add($"Broadcast__GroupMessagesPerMinute: {o.GroupMessagesPerMinute} is out of range; use 1 to 600 (Telegram allows about 20).");
        if (o.MaxInFlight is < 1 or > 1024)
            errors.Add($"Broadcast__MaxInFlight: {o.MaxInFlight} is out of range; use 1 to 1024.");
        if (o.MaxAttempts is < 1 or > 50)
            errors.Add($"Broadcast__MaxAttempts: {o.MaxAttempts} is out of range; use 1 to 50.");
        if (o.RetryBaseSeconds is < 0.01 or > 3600 || double.IsNaN(o.RetryBaseSeconds))
            errors.Add($"Broadcast__RetryBaseSeconds: {o.RetryBaseSeconds} is out of range; use 0.01 to 3600.");
        if (o.LeaseSeconds is < 2 or > 600)
            errors.Add($"Broadcast__LeaseSeconds: {o.LeaseSeconds} is out of range; use 2 to 600.");
        if (o.SendTimeoutSeconds is < 1 or > 120)
            errors.Add($"Broadcast__SendTimeoutSeconds: {o.SendTimeoutSeconds} is out of range; use 1 to 120.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
