using FraudWatch.Telegram;
using Microsoft.Extensions.Options;

namespace FraudWatch.Broadcasting;

/// <summary>A delivery's text as its group gets it, or why it cannot be made.</summary>
public sealed record RenderedDelivery(string? Text, string? Error = null);

/// <summary>Turns a claimed delivery into its text; Campaigns implements it, so Broadcasting never imports Campaigns.</summary>
public interface IDeliveryRenderer
{
    Task<RenderedDelivery> RenderAsync(ClaimedDelivery delivery, CancellationToken ct);
}

/// <summary>Renders and sends one claimed delivery through the gateway, turning its outcome into the delivery's next state.</summary>
public sealed class DeliverySender(
    IDeliveryRenderer renderer, SendRateLimiter limiter, BotGateway gateway, IOptions<BroadcastOptions> options, ILogger<DeliverySender> logger)
{
    public bool DryRun => gateway.DryRun;

    /// <param name="slotToken">Cancels only the wait for a send slot (shutdown); a send once started runs to its answer.</param>
    /// <param name="cancelled">Asked again once the slot comes: a cancel while waiting stops the send.</param>
    public async Task<DeliveryResult> SendAsync(ClaimedDelivery d, Func<bool> cancelled, CancellationToken slotToken)
    {
        var rendered = await renderer.RenderAsync(d, slotToken);
        if (rendered.Text is not { } text)
            return new DeliveryResult(d.Id, "failed", d.ChatId, Error: rendered.Error);
        if (gateway.DryRun)
            return new DeliveryResult(d.Id, "dry_run", d.ChatId, Text: text);

        var chatId = d.ChatId;
        var o = options.Value;
        var timeout = TimeSpan.FromSeconds(o.SendTimeoutSeconds);
        for (var hop = 0; hop < 3; hop++)
        {
            try
            {
                await limiter.WaitForSlotAsync(slotToken);
            }
            catch (Npgsql.NpgsqlException e)
            {
                // The slot lives in the database; while it is down nothing was sent, so the group waits its turn again.
                return new DeliveryResult(d.Id, "pending", chatId, Error: $"database unavailable: {e.Message}",
                    NextAttemptAt: Now + TimeSpan.FromSeconds(1), AttemptsDelta: -1);
            }

            if (cancelled())
                return new DeliveryResult(d.Id, "cancelled", chatId);
            var outcome = await gateway.SendAsync(new OutgoingMessage(chatId, text, PaidBroadcast: o.AllowPaidBroadcast), CancellationToken.None, timeout);
            switch (outcome.Kind)
            {
                case SendOutcomeKind.Sent:
                    if (d.Pin)
                        await PinAsync(chatId, outcome.MessageId!.Value, slotToken);
                    return new DeliveryResult(d.Id, "sent", chatId, MessageId: outcome.MessageId);
                case SendOutcomeKind.Kicked:
                    return new DeliveryResult(d.Id, "skipped", chatId, Error: outcome.Reason);
                case SendOutcomeKind.Migrated:
                    chatId = outcome.NewChatId!.Value;
                    continue;
                case SendOutcomeKind.RateLimited:
                    await limiter.PauseAsync(outcome.RetryAfter!.Value, CancellationToken.None);
                    // Not the group's fault: the attempt is given back.
                    return new DeliveryResult(d.Id, "pending", chatId, Error: outcome.Reason, NextAttemptAt: Now + outcome.RetryAfter.Value, AttemptsDelta: -1);
                case SendOutcomeKind.Rejected:
                    return new DeliveryResult(d.Id, "failed", chatId, Error: outcome.Reason);
                default:
                    return Retry(d, chatId, outcome.Reason ?? "no answer");
            }
        }

        return new DeliveryResult(d.Id, "failed", chatId, Error: "the chat kept moving to new supergroup ids");
    }

    // Compared with the database's now() when the delivery is claimed again: the wall clock, not a test's clock.
    static DateTime Now => DateTime.UtcNow;

    DeliveryResult Retry(ClaimedDelivery d, long chatId, string reason)
    {
        var o = options.Value;
        if (d.Attempts >= o.MaxAttempts)
            return new DeliveryResult(d.Id, "failed", chatId, Error: $"{reason} (gave up after {d.Attempts} attempts)");
        var delay = TimeSpan.FromSeconds(o.RetryBaseSeconds * Math.Pow(2, d.Attempts - 1));
        return new DeliveryResult(d.Id, "pending", chatId, Error: reason, NextAttemptAt: Now + delay);
    }

    /// <summary>Pinning is a courtesy: a refusal (no admin rights) does not fail the delivery.</summary>
    async Task PinAsync(long chatId, int messageId, CancellationToken ct)
    {
        try
        {
            await limiter.WaitForSlotAsync(ct);
        }
        catch (Exception e) when (e is OperationCanceledException or Npgsql.NpgsqlException)
        {
            return;
        }

        var pinned = await gateway.PinAsync(chatId, messageId, ct, TimeSpan.FromSeconds(options.Value.SendTimeoutSeconds));
        if (!pinned.Delivered)
            logger.LogInformation("Could not pin message {MessageId} in {ChatId}: {Error}", messageId, chatId, pinned.Reason);
    }
}
