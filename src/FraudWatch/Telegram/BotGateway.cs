using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;

namespace FraudWatch.Telegram;

/// <summary>An inline button: callback data, or a link (deep links into the private chat).</summary>
public sealed record Button(string Text, string? Data = null, string? Url = null);

/// <summary>A message to send as Telegram HTML; buttons are rows of buttons.</summary>
public sealed record OutgoingMessage(
    long ChatId, string Html, int? ReplyTo = null, IReadOnlyList<IReadOnlyList<Button>>? Buttons = null, bool PaidBroadcast = false);

/// <summary>The closed set of answers the gateway turns every Bot API call into.</summary>
public enum SendOutcomeKind
{
    Sent,
    /// <summary>Nothing left the machine (no bot token).</summary>
    DryRun,
    /// <summary>403: kicked, blocked or not a member.</summary>
    Kicked,
    /// <summary>400 with migrate_to_chat_id: the group became a supergroup.</summary>
    Migrated,
    /// <summary>429 with retry_after.</summary>
    RateLimited,
    /// <summary>5xx, a non-JSON answer, a network error or a timeout: worth another try later.</summary>
    Transient,
    /// <summary>Any other 4xx: trying again will not help.</summary>
    Rejected,
}

public sealed record SendOutcome(SendOutcomeKind Kind, long ChatId, int? MessageId = null, long? NewChatId = null, TimeSpan? RetryAfter = null, string? Reason = null)
{
    public bool Delivered => Kind is SendOutcomeKind.Sent or SendOutcomeKind.DryRun;
}

/// <summary>What the gateway tells the chats' owner when Telegram says a chat is gone or moved (Groups implements it).</summary>
public interface IChatLifecycle
{
    Task LeftAsync(long chatId, CancellationToken ct);
    Task MigratedAsync(long oldChatId, long newChatId, CancellationToken ct);
}

/// <summary>
/// The one door to the Bot API. It alone holds the Telegram.Bot client (built once, its own 429 retries off so a
/// 429 reaches our limiter), makes one call per method call, and classifies every answer with <see cref="Classify"/>.
/// A kicked or migrated chat is reported to <see cref="IChatLifecycle"/> here, once, whoever sent. Retries, pacing
/// and recording are the callers' policy.
/// </summary>
public sealed class BotGateway(IEnumerable<IChatLifecycle> lifecycle, TelegramStatus status, ILogger<BotGateway> logger, ITelegramBotClient? client = null)
{
    public bool DryRun => client is null;

    static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);

    /// <param name="timeout">How long to wait for Telegram's answer (default 10 s); a send that timed out may still have arrived.</param>
    public Task<SendOutcome> SendAsync(OutgoingMessage message, CancellationToken ct, TimeSpan? timeout = null) =>
        CallAsync(message.ChatId, async (bot, token) => (await bot.SendMessage(
            chatId: message.ChatId,
            text: message.Html,
            parseMode: ParseMode.Html,
            replyParameters: message.ReplyTo is { } id ? new ReplyParameters { MessageId = id, AllowSendingWithoutReply = true } : null,
            replyMarkup: Markup(message.Buttons),
            linkPreviewOptions: new LinkPreviewOptions { IsDisabled = true },
            allowPaidBroadcast: message.PaidBroadcast,
            cancellationToken: token)).MessageId, ct, timeout);

    /// <summary>Replaces a sent message's text; its buttons become <paramref name="buttons"/> (none when null).</summary>
    public Task<SendOutcome> EditAsync(long chatId, int messageId, string html, CancellationToken ct, IReadOnlyList<IReadOnlyList<Button>>? buttons = null) =>
        CallAsync(chatId, async (bot, token) => (await bot.EditMessageText(
            chatId: chatId, messageId: messageId, text: html, parseMode: ParseMode.Html, replyMarkup: Markup(buttons),
            linkPreviewOptions: new LinkPreviewOptions { IsDisabled = true }, cancellationToken: token)).MessageId, ct);

    /// <summary>Replaces only a sent message's buttons (none when null).</summary>
    public Task<SendOutcome> EditButtonsAsync(long chatId, int messageId, IReadOnlyList<IReadOnlyList<Button>>? buttons, CancellationToken ct) =>
        CallAsync(chatId, async (bot, token) => (await bot.EditMessageReplyMarkup(
            chatId: chatId, messageId: messageId, replyMarkup: Markup(buttons), cancellationToken: token)).MessageId, ct);

    public Task<SendOutcome> PinAsync(long chatId, int messageId, CancellationToken ct, TimeSpan? timeout = null) =>
        CallAsync(chatId, async (bot, token) =>
        {
            await bot.PinChatMessage(chatId: chatId, messageId: messageId, disableNotification: true, cancellationToken: token);
            return messageId;
        }, ct, timeout);

    /// <summary>
    /// The little note under a pressed button (cut to Telegram's 200 characters). Answers expire (a redelivered update,
    /// a slow press), and the press was handled regardless, so a failure is only logged.
    /// </summary>
    public async Task<SendOutcome> AnswerButtonAsync(string pressId, string? text, CancellationToken ct)
    {
        var note = text is null ? null : TextCut.Shorten(text, 199);
        var answered = await CallAsync(0, async (bot, token) =>
        {
            await bot.AnswerCallbackQuery(callbackQueryId: pressId, text: note, showAlert: false, cancellationToken: token);
            return null;
        }, ct);
        if (!answered.Delivered)
            logger.LogInformation("answerCallbackQuery {Id} failed: {Error}", pressId, answered.Reason);
        return answered;
    }

    /// <summary>The member count as <see cref="SendOutcome.MessageId"/>'s sibling: (outcome, count).</summary>
    public async Task<(SendOutcome Outcome, int? Count)> MemberCountAsync(long chatId, CancellationToken ct)
    {
        int? count = null;
        var outcome = await CallAsync(chatId, async (bot, token) =>
        {
            count = await bot.GetChatMemberCount(chatId: chatId, cancellationToken: token);
            return null;
        }, ct);
        return (outcome, count);
    }

    /// <summary>Downloads a file the user sent, refusing (Rejected) anything over <paramref name="maxBytes"/> before reading it.</summary>
    public async Task<(SendOutcome Outcome, byte[]? Bytes)> DownloadAsync(string fileId, long maxBytes, CancellationToken ct)
    {
        byte[]? bytes = null;
        var outcome = await CallAsync(0, async (bot, token) =>
        {
            var file = await bot.GetFile(fileId: fileId, cancellationToken: token);
            if (file.FileSize > maxBytes || file.FilePath is null)
                throw new InvalidDataException($"file of {file.FileSize} bytes is over the limit of {maxBytes}");
            using var buffer = new MemoryStream();
            await bot.DownloadFile(filePath: file.FilePath, destination: buffer, cancellationToken: token);
            if (buffer.Length > maxBytes)
                throw new InvalidDataException($"file of {buffer.Length} bytes is over the limit of {maxBytes}");
            bytes = buffer.ToArray();
            return null;
        }, ct, timeout: TimeSpan.FromSeconds(30));
        return (outcome, bytes);
    }

    public Task<SendOutcome> SetCommandsAsync(IEnumerable<(string Name, string Description)> commands, BotCommandTarget target, string? language, CancellationToken ct) =>
        CallAsync(0, async (bot, token) =>
        {
            BotCommandScope scope = target switch
            {
                { ChatId: { } chat } => new BotCommandScopeChat { ChatId = chat },
                { Groups: true } => new BotCommandScopeAllGroupChats(),
                { Private: true } => new BotCommandScopeAllPrivateChats(),
                _ => new BotCommandScopeDefault(),
            };
            await bot.SetMyCommands(
                commands: commands.Select(c => new BotCommand { Command = c.Name, Description = c.Description }).ToList(),
                scope: scope, languageCode: language, cancellationToken: token);
            return null;
        }, ct);

    public Task<SendOutcome> SetDescriptionAsync(string description, string shortDescription, string? language, CancellationToken ct) =>
        CallAsync(0, async (bot, token) =>
        {
            await bot.SetMyDescription(description: description, languageCode: language, cancellationToken: token);
            await bot.SetMyShortDescription(shortDescription: shortDescription, languageCode: language, cancellationToken: token);
            return null;
        }, ct);

    async Task<SendOutcome> CallAsync(long chatId, Func<ITelegramBotClient, CancellationToken, Task<int?>> call, CancellationToken ct, TimeSpan? timeout = null)
    {
        if (client is null)
        {
            Telemetry.Sent("dry_run");
            return new SendOutcome(SendOutcomeKind.DryRun, chatId);
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout ?? CallTimeout);
        SendOutcome outcome;
        try
        {
            outcome = new SendOutcome(SendOutcomeKind.Sent, chatId, await call(client, limit.Token));
        }
        catch (Exception e) when (!ct.IsCancellationRequested && IsTelegramAnswer(e))
        {
            outcome = Classify(e, chatId, timeout ?? CallTimeout);
            // A revoked token: readiness learns it here too, which matters in webhook mode, where nothing polls.
            if (e is ApiRequestException { ErrorCode: 401 })
                status.Failed(e.Message, tokenRefused: true);
        }

        Telemetry.Sent(MetricName(outcome.Kind));

        if (chatId != 0 && outcome.Kind == SendOutcomeKind.Kicked)
        {
            logger.LogInformation("Chat {ChatId} refused the bot ({Error}); marked left", chatId, outcome.Reason);
            await TellOwnersAsync(chatId, owner => owner.LeftAsync(chatId, CancellationToken.None));
        }
        else if (chatId != 0 && outcome is { Kind: SendOutcomeKind.Migrated, NewChatId: { } newChatId })
        {
            logger.LogInformation("Chat {ChatId} became supergroup {NewChatId}", chatId, newChatId);
            await TellOwnersAsync(chatId, owner => owner.MigratedAsync(chatId, newChatId, CancellationToken.None));
        }

        return outcome;
    }

    /// <summary>
    /// Telegram's answer stands whatever its record costs: an owner that fails to record it (the database away) is
    /// logged, the caller still gets the answer (a migrated send goes on to the new id), and the next call to the chat
    /// gets the same answer from Telegram and records it then.
    /// </summary>
    async Task TellOwnersAsync(long chatId, Func<IChatLifecycle, Task> tell)
    {
        foreach (var owner in lifecycle)
        {
            try
            {
                await tell(owner);
            }
            catch (Exception e)
            {
                logger.LogError(e, "Could not record what Telegram said about chat {ChatId}; the next call to it records it", chatId);
            }
        }
    }

    static string MetricName(SendOutcomeKind kind) => kind switch
    {
        SendOutcomeKind.Sent => "sent",
        SendOutcomeKind.DryRun => "dry_run",
        SendOutcomeKind.Kicked => "kicked",
        SendOutcomeKind.Migrated => "migrated",
        SendOutcomeKind.RateLimited => "rate_limited",
        SendOutcomeKind.Transient => "transient",
        _ => "rejected",
    };

    static bool IsTelegramAnswer(Exception e) =>
        e is RequestException or HttpRequestException or OperationCanceledException or InvalidDataException or IOException;

    /// <summary>Every failure of a Bot API call, into one of the outcomes.</summary>
    public static SendOutcome Classify(Exception e, long chatId, TimeSpan timeout) => e switch
    {
        ApiRequestException { Parameters.MigrateToChatId: { } newChatId } a =>
            new(SendOutcomeKind.Migrated, chatId, NewChatId: newChatId, Reason: a.Message),
        ApiRequestException { ErrorCode: 429 } a =>
            new(SendOutcomeKind.RateLimited, chatId, RetryAfter: TimeSpan.FromSeconds(Math.Max(1, a.Parameters?.RetryAfter ?? 1)), Reason: a.Message),
        ApiRequestException { Parameters.RetryAfter: { } seconds } a =>
            new(SendOutcomeKind.RateLimited, chatId, RetryAfter: TimeSpan.FromSeconds(Math.Max(1, seconds)), Reason: a.Message),
        ApiRequestException { ErrorCode: 403 } a => new(SendOutcomeKind.Kicked, chatId, Reason: a.Message),
        ApiRequestException { ErrorCode: >= 400 and < 500 } a => new(SendOutcomeKind.Rejected, chatId, Reason: a.Message),
        InvalidDataException d => new(SendOutcomeKind.Rejected, chatId, Reason: d.Message),
        OperationCanceledException => new(SendOutcomeKind.Transient, chatId, Reason: $"no answer from Telegram within {timeout.TotalSeconds:0} s"),
        RequestException { HttpStatusCode: { } status } r when r is not ApiRequestException =>
            new(SendOutcomeKind.Transient, chatId, Reason: $"HTTP {(int)status} {status} from the Bot API ({r.Message})"),
        _ => new(SendOutcomeKind.Transient, chatId, Reason: e.Message),
    };

    static InlineKeyboardMarkup? Markup(IReadOnlyList<IReadOnlyList<Button>>? rows) => rows is null or { Count: 0 }
        ? null
        : new InlineKeyboardMarkup(rows.Select(row => row.Select(b => b.Url is { } url
            ? InlineKeyboardButton.WithUrl(b.Text, url)
            : InlineKeyboardButton.WithCallbackData(b.Text, b.Data ?? ""))));
}

/// <summary>Where a command list applies: by default everywhere, all private chats, all group chats, or one chat.</summary>
public sealed record BotCommandTarget(bool Private = false, bool Groups = false, long? ChatId = null);
