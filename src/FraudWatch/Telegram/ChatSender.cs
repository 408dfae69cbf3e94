using System.Text.Json;

namespace FraudWatch.Telegram;

public enum SendStatus
{
    Sent,
    DryRun,
    /// <summary>The bot is no longer in the chat (403): the group is now <c>left</c>.</summary>
    Left,
    Failed,
    /// <summary>Waiting in the outbox for the group's minute limit; sent in the background.</summary>
    Queued,
}

public sealed record SendResult(SendStatus Status, long ChatId, int? MessageId = null, string? Error = null);

/// <summary>Telegram's send limits for all instances together (Broadcasting implements them).</summary>
public interface ISendThrottle
{
    /// <summary>True while sends have lately waited long for a slot or Telegram asked to pause: queue rather than wait.</summary>
    bool Congested { get; }
    Task WaitForSlotAsync(CancellationToken ct);
    Task PauseAsync(TimeSpan retryAfter, CancellationToken ct);
    Task ReserveGroupAsync(long chatId, CancellationToken ct);
    Task<bool> TryReserveGroupAsync(long chatId, CancellationToken ct);

    /// <summary>Telegram said 429 about one group: that group waits retry_after, the others go on.</summary>
    Task PauseChatAsync(long chatId, TimeSpan retryAfter, CancellationToken ct);
}

/// <summary>
/// How the bot talks in chats: replies, notices and warnings, through the gateway. Every send takes a slot from the
/// shared limits, so these count like campaigns; 400 migrate resends to the new id, 429 waits retry_after (a group's
/// own 429 pauses that group, any other pauses everyone; a reply hands the wait to the outbox), 5xx and timeouts are retried with back-off, then failed with the reason. Every message is recorded in
/// bot_messages with its exact text, as dry_run when nothing leaves the machine.
/// </summary>
public sealed class ChatSender(BotGateway gateway, BotMessageStore messages, ISendThrottle? throttle = null)
{
    const int MaxTries = 4;

    public Task<SendResult> SendAsync(long chatId, string text, int? replyTo = null, IReadOnlyList<IReadOnlyList<Button>>? buttons = null, CancellationToken ct = default) =>
        SendCoreAsync(new OutgoingMessage(chatId, MessageFit.Fit(text), replyTo, buttons), groupReserved: false, ct);

    /// <summary>
    /// A reply from the update handler: sent at once when the chat has room, otherwise kept in the outbox and sent in
    /// the background, so one busy or flooded chat never holds up the chats handled after it. A reply that Telegram
    /// answers with 429 or a transient failure is handed to the outbox too: the update lane never sleeps on retry_after.
    /// </summary>
    public async Task<SendResult> ReplyAsync(long chatId, string text, int? replyTo = null, IReadOnlyList<IReadOnlyList<Button>>? buttons = null, CancellationToken ct = default)
    {
        if (gateway.DryRun || throttle is null)
            return await SendAsync(chatId, text, replyTo, buttons, ct);
        var message = new OutgoingMessage(chatId, MessageFit.Fit(text), replyTo, buttons);
        var room = chatId > 0 || await throttle.TryReserveGroupAsync(chatId, ct);
        if (room && await SendLiveAsync(message, groupReserved: chatId < 0, ct, handBack: true) is { } result)
        {
            await RecordAsync(message, result, ct);
            return result;
        }

        await messages.QueueAsync(chatId, message.Html, replyTo, buttons is null ? null : JsonSerializer.Serialize(buttons), ct);
        Outbox.Wake();
        return new SendResult(SendStatus.Queued, chatId);
    }

    /// <summary>Sends one reply from the outbox (waiting for its group's room), recording the result on its row.</summary>
    internal async Task SendQueuedAsync(QueuedReply reply, CancellationToken ct)
    {
        var buttons = reply.Buttons is null ? null : JsonSerializer.Deserialize<List<List<Button>>>(reply.Buttons);
        var result = (await SendLiveAsync(new OutgoingMessage(reply.ChatId, MessageFit.Fit(reply.Text), (int?)reply.ReplyTo, buttons), groupReserved: false, ct))!;
        await messages.CompleteAsync(reply.Id, result.ChatId, result.Status == SendStatus.Sent ? "sent" : "failed", result.MessageId, result.Error, ct);
    }

    /// <summary>
    /// True while <see cref="TrySendNowAsync(long, string, int?, IReadOnlyList{IReadOnlyList{Button}}?, CancellationToken)"/>
    /// would queue whatever it is given (the shared send timeline is backed up or Telegram asked to pause): a caller can
    /// queue its message from the start and skip the attempt.
    /// </summary>
    public bool Congested => !gateway.DryRun && throttle is { Congested: true };

    /// <summary>
    /// Sends at once unless the chat's per-minute limit is used up or the shared send timeline is backed up; then
    /// returns null with nothing sent or reserved, for the caller to queue the message instead of waiting for Telegram.
    /// </summary>
    public Task<SendResult?> TrySendNowAsync(long chatId, string text, int? replyTo = null, IReadOnlyList<IReadOnlyList<Button>>? buttons = null, CancellationToken ct = default) =>
        TrySendNowAsync(chatId, _ => Task.FromResult(text), replyTo, buttons, ct);

    /// <summary>
    /// As <see cref="TrySendNowAsync(long, string, int?, IReadOnlyList{IReadOnlyList{Button}}?, CancellationToken)"/>, with the
    /// text written only once the message can go: work the text needs is not done for a message that will be queued.
    /// </summary>
    public async Task<SendResult?> TrySendNowAsync(
        long chatId, Func<CancellationToken, Task<string>> write, int? replyTo = null, IReadOnlyList<IReadOnlyList<Button>>? buttons = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        if (gateway.DryRun || throttle is null)
            return await SendAsync(chatId, await write(ct), replyTo, buttons, ct);
        if (Congested || !await throttle.TryReserveGroupAsync(chatId, ct))
            return null;
        return await SendCoreAsync(new OutgoingMessage(chatId, MessageFit.Fit(await write(ct)), replyTo, buttons), groupReserved: true, ct);
    }

    async Task<SendResult> SendCoreAsync(OutgoingMessage message, bool groupReserved, CancellationToken ct)
    {
        var result = (await SendLiveAsync(message, groupReserved, ct))!;
        await RecordAsync(message, result, ct);
        return result;
    }

    Task RecordAsync(OutgoingMessage message, SendResult result, CancellationToken ct) =>
        messages.RecordAsync(result.ChatId, message.Html, result.Status switch
        {
            SendStatus.Sent => "sent",
            SendStatus.DryRun => "dry_run",
            _ => "failed",
        }, result.MessageId, result.Error, ct);

    /// <summary>
    /// Sends with retries. With <paramref name="handBack"/>, a 429 (after recording the pause) or a transient failure
    /// returns null at once instead of waiting, for the caller to queue the message.
    /// </summary>
    async Task<SendResult?> SendLiveAsync(OutgoingMessage message, bool groupReserved, CancellationToken ct, bool handBack = false)
    {
        string? lastError = null;
        for (var attempt = 1; attempt <= MaxTries; attempt++)
        {
            if (throttle is not null && !gateway.DryRun)
            {
                if (!groupReserved || attempt > 1)
                    await throttle.ReserveGroupAsync(message.ChatId, ct);
                await throttle.WaitForSlotAsync(ct);
            }

            var outcome = await gateway.SendAsync(message, ct);
            switch (outcome.Kind)
            {
                case SendOutcomeKind.Sent:
                    return new SendResult(SendStatus.Sent, message.ChatId, outcome.MessageId);
                case SendOutcomeKind.DryRun:
                    return new SendResult(SendStatus.DryRun, message.ChatId);
                case SendOutcomeKind.Kicked:
                    return new SendResult(SendStatus.Left, message.ChatId, Error: outcome.Reason);
                case SendOutcomeKind.Rejected:
                    return new SendResult(SendStatus.Failed, message.ChatId, Error: outcome.Reason);
                case SendOutcomeKind.Migrated:
                    message = message with { ChatId = outcome.NewChatId!.Value, ReplyTo = null };
                    break;
                case SendOutcomeKind.RateLimited when throttle is not null && message.ChatId < 0:
                    // A group's own flood limit: that group waits, every other chat goes on.
                    await throttle.PauseChatAsync(message.ChatId, outcome.RetryAfter!.Value, ct);
                    if (handBack)
                        return null;
                    await Task.Delay(outcome.RetryAfter!.Value, ct);
                    break;
                case SendOutcomeKind.RateLimited:
                    if (throttle is not null)
                        await throttle.PauseAsync(outcome.RetryAfter!.Value, ct);
                    if (handBack)
                        return null;
                    await Task.Delay(outcome.RetryAfter!.Value, ct);
                    break;
                default:
                    if (handBack)
                        return null;
                    await Task.Delay(TimeSpan.FromMilliseconds(250 * Math.Pow(2, attempt)), ct);
                    break;
            }

            lastError = outcome.Reason;
        }

        return new SendResult(SendStatus.Failed, message.ChatId, Error: lastError);
    }
}
