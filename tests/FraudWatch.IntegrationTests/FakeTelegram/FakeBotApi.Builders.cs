using System.Globalization;
using System.Text.Json.Nodes;

namespace FraudWatch.IntegrationTests.FakeTelegram;

public sealed partial class FakeBotApi
{
    private const long GroupAnonymousBotId = 1087968824;
    private long _lastCallbackQueryId;

    /// <summary>A user writes <paramref name="text"/> in a group; a leading "/command" gets its bot_command entity.</summary>
    public long GroupText(long chatId, long fromUserId, string text, string? chatTitle = null, long? replyToMessage = null)
    {
        var chat = Chat(chatId);
        JsonObject message;
        lock (chat)
        {
            if (chatTitle is not null)
                chat.Title = chatTitle;
            message = NewMessage(chat, UserJson(fromUserId));
            message["text"] = text;
            if (CommandLength(text) is { } length)
                message["entities"] = new JsonArray(new JsonObject { ["offset"] = 0, ["length"] = length, ["type"] = "bot_command" });
            if (replyToMessage is { } target)
            {
                var replied = chat.Messages.TryGetValue(target, out var known)
                    ? (JsonObject)known.DeepClone()
                    : new JsonObject { ["message_id"] = target, ["chat"] = chat.Json(), ["date"] = UnixNow() };
                replied.Remove("reply_to_message");
                message["reply_to_message"] = replied;
            }
        }
        return EnqueueBuilt("message", message);
    }

    public long PrivateText(long userId, string text) => GroupText(userId, userId, text);

    /// <summary>my_chat_member: <paramref name="byUserId"/> adds the bot to a group; sends there succeed again.</summary>
    public long BotAdded(long chatId, string title, long byUserId)
    {
        var chat = Chat(chatId);
        JsonObject change;
        lock (chat)
        {
            chat.Title = title;
            change = MembershipChange(chat, byUserId, chat.BotStatus is "member" or "administrator" ? "left" : chat.BotStatus, "member");
            chat.BotStatus = "member";
        }
        return EnqueueBuilt("my_chat_member", change);
    }

    /// <summary>my_chat_member: the bot is kicked (or leaves); later sends to the chat get Telegram's 403.</summary>
    public long BotRemoved(long chatId, bool kicked, long byUserId = 1)
    {
        var chat = Chat(chatId);
        JsonObject change;
        lock (chat)
        {
            var status = kicked ? "kicked" : "left";
            change = MembershipChange(chat, byUserId, chat.BotStatus, status);
            chat.BotStatus = status;
        }
        return EnqueueBuilt("my_chat_member", change);
    }

    /// <summary>
    /// The two service messages of a group upgrade: migrate_to_chat_id in the old group (returned id minus one), then
    /// migrate_from_chat_id in the new supergroup (the returned id). Later sends to the old id get 400 with migrate_to_chat_id.
    /// </summary>
    public long MigrateToSupergroup(long oldChatId, long newChatId, long byUserId = 1)
    {
        var oldChat = Chat(oldChatId);
        var newChat = Chat(newChatId);
        JsonObject left, arrived;
        string? title;
        lock (oldChat)
        {
            oldChat.MigratedTo = newChatId;
            title = oldChat.Title;
            left = NewMessage(oldChat, UserJson(byUserId));
            left["migrate_to_chat_id"] = newChatId;
        }
        lock (newChat)
        {
            newChat.Type = "supergroup";
            newChat.Title ??= title;
            arrived = NewMessage(newChat, new JsonObject
            {
                ["id"] = GroupAnonymousBotId, ["is_bot"] = true, ["first_name"] = "Group", ["username"] = "GroupAnonymousBot",
            });
            arrived["sender_chat"] = newChat.Json();
            arrived["migrate_from_chat_id"] = oldChatId;
        }
        lock (_updatesLock)
        {
            EnqueueBuilt("message", left);
            return EnqueueBuilt("message", arrived);
        }
    }

    /// <summary>A user presses an inline button under <paramref name="messageId"/>; answerCallbackQuery accepts its id once.</summary>
    public long CallbackQuery(long fromUserId, long chatId, long messageId, string data)
    {
        var chat = Chat(chatId);
        JsonObject message;
        lock (chat)
            message = chat.Messages.TryGetValue(messageId, out var known)
                ? (JsonObject)known.DeepClone()
                : new JsonObject { ["message_id"] = messageId, ["chat"] = chat.Json(), ["date"] = 0 };
        var id = BotId.ToString(CultureInfo.InvariantCulture) + Interlocked.Increment(ref _lastCallbackQueryId).ToString("D6", CultureInfo.InvariantCulture);
        _openCallbackQueries[id] = DateTime.UtcNow;
        return EnqueueBuilt("callback_query", new JsonObject
        {
            ["id"] = id,
            ["from"] = UserJson(fromUserId),
            ["message"] = message,
            ["chat_instance"] = (chatId * 7919).ToString(CultureInfo.InvariantCulture),
            ["data"] = data,
        });
    }

    private long EnqueueBuilt(string type, JsonObject payload)
    {
        lock (_updatesLock)
        {
            var id = ++_lastUpdateId;
            Add(new PendingUpdate(id, new JsonObject { ["update_id"] = id, [type] = payload }.ToJsonString(), type));
            return id;
        }
    }

    /// <summary>Remembers a message from a hand-written update so replies, edits and callbacks can find it.</summary>
    private void TrackMessage(JsonObject? message)
    {
        if (message?["chat"]?["id"] is not JsonValue chatId || message["message_id"] is not JsonValue messageId
            || !chatId.TryGetValue<long>(out var chatIdValue) || !messageId.TryGetValue<long>(out var id))
            return;
        var chat = Chat(chatIdValue);
        lock (chat)
        {
            chat.Messages[id] = (JsonObject)message.DeepClone();
            chat.LastMessageId = Math.Max(chat.LastMessageId, id);
        }
    }

    /// <summary>Takes the chat's next message id, as Telegram numbers user and bot messages in one sequence; caller holds the chat lock.</summary>
    private static JsonObject NewMessage(FakeChat chat, JsonObject from)
    {
        var message = new JsonObject { ["message_id"] = ++chat.LastMessageId, ["from"] = from, ["chat"] = chat.Json(), ["date"] = UnixNow() };
        chat.Messages[chat.LastMessageId] = message;
        return message;
    }

    private JsonObject MembershipChange(FakeChat chat, long byUserId, string oldStatus, string newStatus) => new()
    {
        ["chat"] = chat.Json(),
        ["from"] = UserJson(byUserId),
        ["date"] = UnixNow(),
        ["old_chat_member"] = ChatMemberJson(BotUserJson(), oldStatus),
        ["new_chat_member"] = ChatMemberJson(BotUserJson(), newStatus),
    };

    private static int? CommandLength(string text)
    {
        if (!text.StartsWith('/'))
            return null;
        var end = text.AsSpan().IndexOfAny(" \n\t");
        return end < 0 ? text.Length : end;
    }
}
