namespace FraudWatch.Telegram;

/// <summary>What readiness and the log report about the Telegram side.</summary>
public sealed class TelegramStatus(TimeProvider clock)
{
    readonly Lock gate = new();

    public bool DryRun { get; init; }
    public string Role { get; set; } = "starting";

    /// <summary>getMe answered and, in webhook mode, setWebhook took the URL.</summary>
    public bool SignedIn { get; set; }

    public long BotId { get; set; }
    public string? BotUsername { get; set; }
    public DateTimeOffset? LastContact { get; private set; }
    public string? LastError { get; private set; }

    /// <summary>When calls to Telegram began failing with none succeeding since; null while they succeed.</summary>
    public DateTimeOffset? FailingSince { get; private set; }

    /// <summary>Telegram answered 401 or 404 about the bot itself: the token is wrong or revoked; only a call that succeeds clears it.</summary>
    public bool TokenRefused { get; private set; }

    /// <summary>How long calls have been failing with none succeeding (zero while they succeed).</summary>
    public TimeSpan FailingFor => FailingSince is { } since ? clock.GetUtcNow() - since : TimeSpan.Zero;

    /// <summary>A call to Telegram succeeded.</summary>
    public void Reached()
    {
        lock (gate)
        {
            LastContact = clock.GetUtcNow();
            LastError = null;
            FailingSince = null;
            TokenRefused = false;
        }
    }

    /// <summary>A call to getMe, getUpdates, setWebhook, deleteWebhook or getWebhookInfo failed.</summary>
    public void Failed(Exception e) => Failed(e.Message, tokenRefused: e is TelegramApiException { ErrorCode: 401 or 404 });

    public void Failed(string error, bool tokenRefused)
    {
        lock (gate)
        {
            LastError = error;
            FailingSince ??= clock.GetUtcNow();
            TokenRefused |= tokenRefused;
        }
    }
}
