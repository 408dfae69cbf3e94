using System.Text.Json;
using Microsoft.Extensions.Options;

namespace FraudWatch.Telegram;

/// <summary>
/// Webhook mode: sets the webhook at sign-in, then asks getWebhookInfo every minute. In webhook mode nothing else calls
/// Telegram while the county is quiet, so without this a webhook deleted by another program with the same token (a
/// poller deletes it first), a revoked token or a reverse proxy Telegram cannot reach would leave the bot deaf and
/// readiness saying Healthy.
/// </summary>
sealed class WebhookWatch(
    TelegramTransport transport, TelegramStatus status, IOptions<TelegramOptions> options, TimeProvider clock, ILogger<WebhookWatch> logger)
{
    internal static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    /// <summary>The updates the product acts on (UpdateHandler); the poller asks getUpdates for the same.</summary>
    internal static readonly string[] AllowedUpdates = ["message", "edited_message", "callback_query", "my_chat_member"];

    long? lastErrorDate;
    long lastPending;
    bool failing;

    public Task SetAsync(CancellationToken ct) => transport.CallAsync("setWebhook", new
    {
        url = options.Value.WebhookUrl,
        secret_token = options.Value.WebhookSecret,
        allowed_updates = AllowedUpdates,
    }, ct);

    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Interval, clock, ct);
                await LookAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is TelegramApiException or HttpRequestException or TaskCanceledException or JsonException
                or KeyNotFoundException or InvalidOperationException)
            {
                status.Failed(e);
                logger.LogWarning("Telegram webhook check failed: {Error}", e.Message);
                if (e is TelegramApiException { RetryAfter: { } seconds } && TimeSpan.FromSeconds(seconds) > Interval)
                    await Task.Delay(TimeSpan.FromSeconds(seconds) - Interval, clock, ct);
            }
        }
    }

    async Task LookAsync(CancellationToken ct)
    {
        var info = await transport.CallAsync("getWebhookInfo", new { }, ct);
        var url = info.GetProperty("url").GetString();
        if (url != options.Value.WebhookUrl)
        {
            logger.LogWarning("Telegram's webhook is '{Url}', not Telegram__WebhookUrl (another program with this bot token changed it, e.g. one polling); setting it again", url);
            await SetAsync(ct);
            (lastErrorDate, lastPending, failing) = (null, 0, false);
            status.Reached();
            return;
        }

        // Telegram keeps the date of the last failed delivery after later ones succeed. Deliveries are failing while
        // updates wait and either a delivery failed since the last look or none has gone out since (none fewer waiting).
        var pending = info.TryGetProperty("pending_update_count", out var p) && p.TryGetInt64(out var n) ? n : 0;
        long? errorDate = info.TryGetProperty("last_error_date", out var d) && d.TryGetInt64(out var date) ? date : null;
        failing = pending > 0 && errorDate is not null && (errorDate != lastErrorDate || (failing && pending >= lastPending));
        lastErrorDate = errorDate;
        lastPending = pending;
        if (!failing)
        {
            status.Reached();
            return;
        }

        var message = info.TryGetProperty("last_error_message", out var m) ? m.GetString() : null;
        var error = $"Telegram cannot deliver updates to {url} ({pending} waiting): {message}";
        status.Failed(error, tokenRefused: false);
        logger.LogWarning("{Error}", error);
    }
}
