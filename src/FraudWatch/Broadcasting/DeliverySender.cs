using FraudWatch.Campaigns;
using FraudWatch.Groups;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace FraudWatch.Broadcasting;

/// <summary>The bot client the engine sends with: Telegram.Bot's own 429 retries are off, so a 429 reaches the engine and pauses everyone.</summary>
public sealed class BroadcastBot(ITelegramBotClient client)
{
    public ITelegramBotClient Client { get; } = client;
}

/// <summary>Renders and sends one claimed delivery, turning Telegram's answer into the delivery's next state.</summary>
public sealed class DeliverySender(
    WarningRenderer renderer, TownshipStats stats, SendRateLimiter limiter, GroupStore groups, IOptions<BroadcastOptions> options,
    ILogger<DeliverySender> logger, BroadcastBot? bot = null)
{
    public bool DryRun => bot is null;

    /// <param name="slotToken">Cancels only the wait for a send slot (shutdown); a send once started runs to its answer.</param>
    /// <param name="cancelled">Asked again once the slot comes: a cancel while waiting stops the send.</param>
    public async Task<DeliveryResult> SendAsync(ClaimedDelivery d, Func<bool> cancelled, CancellationToken slotToken)
    {
        var rendered = renderer.Render(d.Template, d.Body, d.Township, d.Village, d.Title, d.Language, d.OfficerName, d.OfficerPhone,
            d.AlertValue is null ? null : new AlertModel(d.AlertValue, d.AlertKind ?? "", d.AlertNote ?? ""),
            d.Template is null ? null : await stats.ThisMonthAsync(d.Township, slotToken));
        if (!rendered.Ok)
            return new DeliveryResult(d.Id, "failed", d.ChatId, Error: rendered.Error);
        if (bot is null)
            return new DeliveryResult(d.Id, "dry_run", d.ChatId, Text: rendered.Text);

        var chatId = d.ChatId;
        var o = options.Value;
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
                    NextAttemptAt: DateTime.UtcNow + TimeSpan.FromSeconds(1), AttemptsDelta: -1);
            }

            if (cancelled())
                return new DeliveryResult(d.Id, "cancelled", chatId);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(o.SendTimeoutSeconds));
            try
            {
                var message = await bot.Client.SendMessage(
                    chatId: chatId, text: rendered.Text!, parseMode: ParseMode.Html,
                    linkPreviewOptions: new LinkPreviewOptions { IsDisabled = true }, cancellationToken: timeout.Token);
                if (d.Pin)
                    await PinAsync(chatId, message.MessageId, slotToken);
                return new DeliveryResult(d.Id, "sent", chatId, MessageId: message.MessageId);
            }
            catch (ApiRequestException e) when (e.ErrorCode == 403)
            {
                await groups.MarkLeftAsync(chatId, CancellationToken.None);
                logger.LogInformation("Chat {ChatId} refused the broadcast ({Error}); group marked left", chatId, e.Message);
                return new DeliveryResult(d.Id, "skipped", chatId, Error: e.Message);
            }
            catch (ApiRequestException e) when (e.Parameters?.MigrateToChatId is { } newChatId)
            {
                await groups.MigrateAsync(chatId, newChatId, CancellationToken.None);
                logger.LogInformation("Chat {ChatId} became supergroup {NewChatId}; resending there", chatId, newChatId);
                chatId = newChatId;
            }
            catch (ApiRequestException e) when (e.Parameters?.RetryAfter is { } seconds || e.ErrorCode == 429)
            {
                var wait = TimeSpan.FromSeconds(Math.Max(1, e.Parameters?.RetryAfter ?? 1));
                await limiter.PauseAsync(wait, CancellationToken.None);
                // Not the group's fault: the attempt is given back.
                return new DeliveryResult(d.Id, "pending", chatId, Error: e.Message, NextAttemptAt: DateTime.UtcNow + wait, AttemptsDelta: -1);
            }
            catch (ApiRequestException e) when (e.ErrorCode is >= 400 and < 500)
            {
                return new DeliveryResult(d.Id, "failed", chatId, Error: e.Message);
            }
            catch (Exception e) when (e is RequestException or HttpRequestException || (e is OperationCanceledException && timeout.IsCancellationRequested))
            {
                var reason = e switch
                {
                    OperationCanceledException => $"no answer from Telegram within {o.SendTimeoutSeconds} s",
                    RequestException { HttpStatusCode: { } status } when e is not ApiRequestException => $"HTTP {(int)status} {status} from the Bot API ({e.Message})",
                    _ => e.Message,
                };
                return Retry(d, chatId, reason);
            }
        }

        return new DeliveryResult(d.Id, "failed", chatId, Error: "the chat kept moving to new supergroup ids");
    }

    DeliveryResult Retry(ClaimedDelivery d, long chatId, string reason)
    {
        var o = options.Value;
        if (d.Attempts >= o.MaxAttempts)
            return new DeliveryResult(d.Id, "failed", chatId, Error: $"{reason} (gave up after {d.Attempts} attempts)");
        var delay = TimeSpan.FromSeconds(o.RetryBaseSeconds * Math.Pow(2, d.Attempts - 1));
        return new DeliveryResult(d.Id, "pending", chatId, Error: reason, NextAttemptAt: DateTime.UtcNow + delay);
    }

    /// <summary>Pinning is a courtesy: a refusal (no admin rights) does not fail the delivery.</summary>
    async Task PinAsync(long chatId, int messageId, CancellationToken ct)
    {
        try
        {
            await limiter.WaitForSlotAsync(ct);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(options.Value.SendTimeoutSeconds));
            await bot!.Client.PinChatMessage(chatId: chatId, messageId: messageId, disableNotification: true, cancellationToken: timeout.Token);
        }
        catch (Exception e) when (e is RequestException or HttpRequestException or OperationCanceledException or Npgsql.NpgsqlException)
        {
            logger.LogInformation("Could not pin message {MessageId} in {ChatId}: {Error}", messageId, chatId, e.Message);
        }
    }
}
