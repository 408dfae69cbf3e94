using System.Text.Json.Nodes;

namespace FraudWatch.IntegrationTests.FakeTelegram;

public sealed partial class FakeBotApi
{
    private const int MaxMessageLength = 4096;
    private readonly Lock _commandsLock = new();
    private readonly Dictionary<string, JsonNode?> _commands = [];

    private async Task<BotAnswer> DispatchAsync(BotRequest request, CancellationToken cancellationToken)
    {
        if (TakeMethodFault(request.Method) is { } fault)
        {
            if (fault.Delay is { } delay)
                await Task.Delay(delay, cancellationToken);
            return BotAnswer.From(fault);
        }

        var method = request.Method.ToLowerInvariant();
        if (method == "getupdates")
            return await GetUpdatesAsync(request, cancellationToken);
        if (ResponseDelay > TimeSpan.Zero)
            await Task.Delay(ResponseDelay, cancellationToken);

        return method switch
        {
            "getme" => BotAnswer.Ok(GetMeJson()),
            "setwebhook" => SetWebhook(request),
            "deletewebhook" => DeleteWebhook(request),
            "getwebhookinfo" => BotAnswer.Ok(WebhookInfoJson()),
            "sendmessage" => await ChatCallAsync(request, ChatCall.Send, RequireText, SendMessage, cancellationToken),
            "editmessagetext" => await ChatCallAsync(request, ChatCall.Send, RequireText, EditMessageText, cancellationToken),
            "editmessagereplymarkup" => await ChatCallAsync(request, ChatCall.Plain, null, EditMessageReplyMarkup, cancellationToken),
            "pinchatmessage" => await ChatCallAsync(request, ChatCall.Send, null, PinChatMessage, cancellationToken),
            "unpinchatmessage" => await ChatCallAsync(request, ChatCall.Plain, null, UnpinChatMessage, cancellationToken),
            "deletemessage" => await ChatCallAsync(request, ChatCall.Plain, null, DeleteMessage, cancellationToken),
            "getchatmembercount" => await ChatCallAsync(request, ChatCall.Faulted, null, (_, chat) => BotAnswer.Ok(chat.MemberCount), cancellationToken),
            "getchat" => await ChatCallAsync(request, ChatCall.Plain, null, (_, chat) => BotAnswer.Ok(ChatFullInfoJson(chat)), cancellationToken),
            "getchatmember" => await ChatCallAsync(request, ChatCall.Plain, null, GetChatMember, cancellationToken),
            "leavechat" => await ChatCallAsync(request, ChatCall.Plain, null, LeaveChat, cancellationToken),
            "answercallbackquery" => AnswerCallbackQuery(request),
            "setmycommands" => SetMyCommands(request),
            "getmycommands" => GetMyCommands(request),
            "deletemycommands" => DeleteMyCommands(request),
            "getfile" => GetFile(request),
            "setmydescription" => SetDescription(request, "description", "description"),
            "setmyshortdescription" => SetDescription(request, "short", "short_description"),
            _ => BotAnswer.Error(404, "Not Found"),
        };
    }

    private static BotAnswer? RequireText(BotRequest request) => request.String("text") switch
    {
        null or "" => BotAnswer.BadRequest("message text is empty"),
        { Length: > MaxMessageLength } => BotAnswer.BadRequest("message is too long"),
        _ => null,
    };

    private BotAnswer SendMessage(BotRequest request, FakeChat chat)
    {
        var replyTo = request.Node("reply_parameters")?["message_id"]?.GetValue<long>() ?? request.Long("reply_to_message_id");
        JsonObject? replied = null;
        if (replyTo is { } target && !chat.Messages.TryGetValue(target, out replied)
            && request.Node("reply_parameters")?["allow_sending_without_reply"]?.GetValue<bool>() != true
            && !request.Bool("allow_sending_without_reply"))
            return BotAnswer.BadRequest("message to be replied not found");

        var text = request.String("text")!;
        var markup = InlineMarkup(request);
        var message = new JsonObject
        {
            ["message_id"] = ++chat.LastMessageId,
            ["from"] = BotUserJson(),
            ["chat"] = chat.Json(),
            ["date"] = UnixNow(),
            ["text"] = text,
        };
        if (replied is not null)
        {
            var copy = (JsonObject)replied.DeepClone();
            copy.Remove("reply_to_message");
            message["reply_to_message"] = copy;
        }
        if (markup is not null)
            message["reply_markup"] = markup.DeepClone();

        var id = chat.LastMessageId;
        if (KeepContent)
        {
            chat.Messages[id] = message;
            chat.SentIndex[id] = chat.Sent.Count;
            chat.Sent.Add(new SentMessage(chat.Id, id, text, replied is null ? null : replyTo, markup?.ToJsonString(), DateTime.UtcNow));
        }

        Interlocked.Increment(ref _sendCount);
        return BotAnswer.Ok(message);
    }

    private BotAnswer EditMessageText(BotRequest request, FakeChat chat) => Edit(request, chat, request.String("text"));

    private BotAnswer EditMessageReplyMarkup(BotRequest request, FakeChat chat) => Edit(request, chat, newText: null);

    private BotAnswer Edit(BotRequest request, FakeChat chat, string? newText)
    {
        if (request.Long("message_id") is not { } id)
            return BotAnswer.BadRequest("message identifier is not specified");
        if (!chat.Messages.TryGetValue(id, out var message))
            return BotAnswer.BadRequest("message to edit not found");
        if (!chat.SentIndex.TryGetValue(id, out var index))
            return BotAnswer.BadRequest("message can't be edited");

        var markup = InlineMarkup(request);
        var oldText = (string?)message["text"];
        var oldMarkup = message["reply_markup"]?.ToJsonString();
        if ((newText ?? oldText) == oldText && markup?.ToJsonString() == oldMarkup)
            return BotAnswer.BadRequest("message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message");

        message["text"] = newText ?? oldText;
        message["edit_date"] = UnixNow();
        message.Remove("reply_markup");
        if (markup is not null)
            message["reply_markup"] = markup.DeepClone();
        var sent = chat.Sent[index];
        chat.Sent[index] = sent with { Text = newText ?? sent.Text, ReplyMarkupJson = markup?.ToJsonString(), EditCount = sent.EditCount + 1 };
        return BotAnswer.Ok(message.DeepClone());
    }

    private static BotAnswer PinChatMessage(BotRequest request, FakeChat chat)
    {
        if (request.Long("message_id") is not { } id)
            return BotAnswer.BadRequest("message identifier is not specified");
        if (!chat.Messages.ContainsKey(id))
            return BotAnswer.BadRequest("message to pin not found");
        chat.PinnedMessageId = id;
        return BotAnswer.Ok(true);
    }

    private static BotAnswer UnpinChatMessage(BotRequest request, FakeChat chat)
    {
        var id = request.Long("message_id");
        if (id is null || id == chat.PinnedMessageId)
            chat.PinnedMessageId = null;
        return BotAnswer.Ok(true);
    }

    private static BotAnswer DeleteMessage(BotRequest request, FakeChat chat)
    {
        if (request.Long("message_id") is not { } id)
            return BotAnswer.BadRequest("message identifier is not specified");
        if (!chat.Messages.Remove(id))
            return BotAnswer.BadRequest("message to delete not found");
        if (chat.SentIndex.TryGetValue(id, out var index))
            chat.Sent[index] = chat.Sent[index] with { Deleted = true };
        return BotAnswer.Ok(true);
    }

    private BotAnswer GetChatMember(BotRequest request, FakeChat chat)
    {
        if (request.Long("user_id") is not { } userId)
            return BotAnswer.BadRequest("invalid user_id specified");
        var status = userId == BotId ? chat.BotStatus : chat.MemberStatus.GetValueOrDefault(userId, "member");
        return BotAnswer.Ok(ChatMemberJson(userId == BotId ? BotUserJson() : UserJson(userId), status));
    }

    private static BotAnswer LeaveChat(BotRequest request, FakeChat chat)
    {
        chat.BotStatus = "left";
        return BotAnswer.Ok(true);
    }

    private static JsonObject? InlineMarkup(BotRequest request) =>
        request.Node("reply_markup") is JsonObject markup && markup.ContainsKey("inline_keyboard") ? markup : null;

    private JsonObject GetMeJson()
    {
        var me = BotUserJson();
        me["can_join_groups"] = true;
        me["can_read_all_group_messages"] = false;
        me["supports_inline_queries"] = false;
        me["can_connect_to_business"] = false;
        me["has_main_web_app"] = false;
        return me;
    }

    private static JsonObject ChatFullInfoJson(FakeChat chat)
    {
        var info = chat.Json();
        info["accent_color_id"] = 0;
        info["max_reaction_count"] = 11;
        info["accepted_gift_types"] = new JsonObject
        {
            ["unlimited_gifts"] = false,
            ["limited_gifts"] = false,
            ["unique_gifts"] = false,
            ["premium_subscription"] = false,
        };
        return info;
    }
}
