using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace FraudWatch.Telegram;

public enum UpdateMode
{
    Polling,
    Webhook,
}

public sealed class TelegramOptions
{
    public const string Section = "Telegram";

    public string? BotToken { get; set; }
    public string ApiBaseUrl { get; set; } = "https://api.telegram.org";
    public UpdateMode UpdateMode { get; set; } = UpdateMode.Polling;
    public string? WebhookUrl { get; set; }
    public string? WebhookSecret { get; set; }
    /// <summary>Long-poll timeout for getUpdates, in seconds.</summary>
    public int PollTimeoutSeconds { get; set; } = 25;
    /// <summary>Commands one resident may send in a minute; past it one polite refusal, then silence.</summary>
    public int CommandsPerMinute { get; set; } = 20;
    /// <summary>How long a dead instance's claimed outbox replies wait before another instance sends them.</summary>
    public int OutboxLeaseSeconds { get; set; } = 180;

    public bool DryRun => string.IsNullOrWhiteSpace(BotToken);
}

public sealed partial class TelegramOptionsValidator : IValidateOptions<TelegramOptions>
{
    public ValidateOptionsResult Validate(string? name, TelegramOptions options)
    {
        var errors = new List<string>();
        if (!options.DryRun && !TokenShape().IsMatch(options.BotToken!))
            errors.Add("Telegram__BotToken: not a bot token (expected digits, a colon and the secret part from BotFather).");
        if (!Uri.TryCreate(options.ApiBaseUrl, UriKind.Absolute, out var api) || api.Scheme is not ("http" or "https"))
            errors.Add($"Telegram__ApiBaseUrl: '{options.ApiBaseUrl}' is not an http(s) URL.");
        if (options.CommandsPerMinute is < 1 or > 1_000)
            errors.Add("Telegram__CommandsPerMinute: must be between 1 and 1000.");
        if (options.PollTimeoutSeconds is < 0 or > 50)
            errors.Add("Telegram__PollTimeoutSeconds: must be between 0 and 50.");
        if (options.OutboxLeaseSeconds is < 2 or > 3600)
            errors.Add("Telegram__OutboxLeaseSeconds: must be between 2 and 3600.");
        // The binder takes any number for an enum ("5"); a mode that is neither would receive no updates at all.
        if (!Enum.IsDefined(options.UpdateMode))
            errors.Add($"Telegram__UpdateMode: '{options.UpdateMode}' is not a mode; use Polling or Webhook.");
        if (options.UpdateMode == UpdateMode.Webhook)
        {
            if (!Uri.TryCreate(options.WebhookUrl, UriKind.Absolute, out var hook) || hook.Scheme is not ("http" or "https"))
                errors.Add("Telegram__WebhookUrl: webhook mode needs the public https URL that Telegram should call (ending in /telegram/webhook).");
            if (string.IsNullOrEmpty(options.WebhookSecret) || !SecretShape().IsMatch(options.WebhookSecret))
                errors.Add("Telegram__WebhookSecret: webhook mode needs a secret of 1-256 characters A-Z, a-z, 0-9, _ and -.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    [GeneratedRegex(@"^\d{3,20}:[A-Za-z0-9_-]{10,100}$")]
    private static partial Regex TokenShape();

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,256}$")]
    private static partial Regex SecretShape();
}
