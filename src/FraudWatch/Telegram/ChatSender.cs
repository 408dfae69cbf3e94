using Dapper;
using FraudWatch.Broadcasting;
using FraudWatch.Groups;
using Npgsql;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;

namespace FraudWatch.Telegram;

public enum SendStatus
{
    Sent,
    DryRun,
    /// <summary>The bot is no longer in the chat (403): the group is now <c>left</c>.</summary>
    Left,
    Failed,
}

public sealed record SendResult(SendStatus Status, long ChatId, int? MessageId = null, string? Error = null);

/// <summary>
/// The one way the bot speaks: replies, notices and warnings. In dry-run nothing leaves the machine
/// and the text is recorded instead. Handles Telegram's answers the way the product contract says:
/// 403 → the group is left; 400 migrate → resent to the new chat id; 429 → waits retry_after;
/// 5xx and timeouts → retried with back-off, then failed with the reason. Every send takes a slot from the
/// broadcast rate limiter, so replies and warnings count against the same limits as campaigns.
/// </summary>
public sealed class ChatSender(
    NpgsqlDataSource db, GroupStore groups, TelegramStatus status, ILogger<ChatSender> logger, ITelegramBotClient? bot = null,
    SendRateLimiter? limiter = null)
{
    const int MaxTries = 4;

    public async Task<SendResult> SendAsync(long chatId, string text, int? replyTo = null, InlineKeyboardMarkup? markup = null, CancellationToken ct = default)
    {
        if (bot is null || status.DryRun)
        {
            await RecordAsync(chatId, text, "dry_run", null, null, ct);
            return new SendResult(SendStatus.DryRun, chatId);
        }

        var result = await SendLiveAsync(chatId, text, replyTo, markup, ct);
        await RecordAsync(result.ChatId, text, result.Status == SendStatus.Sent ? "sent" : "failed", result.MessageId, result.Error, ct);
        return result;
    }

    /// <summary>
    /// Sends at once unless the chat's per-minute limit is used up or the shared send timeline is backed up; then
    /// returns null with nothing sent or reserved, for the caller to queue the message instead of waiting for Telegram.
    /// </summary>
    public async Task<SendResult?> TrySendNowAsync(long chatId, string text, int? replyTo = null, CancellationToken ct = default)
    {
        if (bot is null || status.DryRun || limiter is null)
            return await SendAsync(chatId, text, replyTo, ct: ct);
        if (limiter.Congested || !await limiter.TryReserveGroupAsync(chatId, ct))
            return null;

        var result = await SendLiveAsync(chatId, text, replyTo, markup: null, ct, groupReserved: true);
        await RecordAsync(result.ChatId, text, result.Status == SendStatus.Sent ? "sent" : "failed", result.MessageId, result.Error, ct);
        return result;
    }

    async Task<SendResult> SendLiveAsync(long chatId, string text, int? replyTo, InlineKeyboardMarkup? markup, CancellationToken ct, bool groupReserved = false)
    {
        string? lastError = null;
        for (var attempt = 1; attempt <= MaxTries; attempt++)
        {
            try
            {
                if (limiter is not null)
                {
                    if (!groupReserved || attempt > 1)
                        await limiter.ReserveGroupAsync(chatId, ct);
                    await limiter.WaitForSlotAsync(ct);
                }

                var message = await bot!.SendMessage(
                    chatId: chatId,
                    text: text,
                    parseMode: ParseMode.Html,
                    replyParameters: replyTo is { } id ? new ReplyParameters { MessageId = id, AllowSendingWithoutReply = true } : null,
                    replyMarkup: markup,
                    linkPreviewOptions: new LinkPreviewOptions { IsDisabled = true },
                    cancellationToken: ct);
                return new SendResult(SendStatus.Sent, chatId, message.MessageId);
            }
            catch (ApiRequestException e) when (e.ErrorCode == 403)
            {
                await groups.MarkLeftAsync(chatId, ct);
                logger.LogInformation("Chat {ChatId} refused the bot ({Error}); marked left", chatId, e.Message);
                return new SendResult(SendStatus.Left, chatId, Error: e.Message);
            }
            catch (ApiRequestException e) when (e.Parameters?.MigrateToChatId is { } newChatId)
            {
                await groups.MigrateAsync(chatId, newChatId, ct);
                logger.LogInformation("Chat {ChatId} became supergroup {NewChatId}; resending there", chatId, newChatId);
                chatId = newChatId;
                replyTo = null;
                lastError = e.Message;
            }
            catch (ApiRequestException e) when (e.Parameters?.RetryAfter is { } seconds)
            {
                lastError = e.Message;
                if (limiter is not null)
                    await limiter.PauseAsync(TimeSpan.FromSeconds(seconds), ct);
                await Task.Delay(TimeSpan.FromSeconds(seconds), ct);
            }
            catch (ApiRequestException e) when (e.ErrorCode is 400 or 401 or 404)
            {
                return new SendResult(SendStatus.Failed, chatId, Error: e.Message);
            }
            catch (Exception e) when (e is ApiRequestException or RequestException or HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                lastError = e.Message;
                await Task.Delay(TimeSpan.FromMilliseconds(250 * Math.Pow(2, attempt)), ct);
            }
        }

        return new SendResult(SendStatus.Failed, chatId, Error: lastError);
    }

    async Task RecordAsync(long chatId, string text, string state, int? messageId, string? error, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO bot_messages (chat_id, text, status, telegram_message_id, error) VALUES (@chatId, @text, @state, @messageId, @error)",
            new { chatId, text, state, messageId, error }, cancellationToken: ct));
    }
}
