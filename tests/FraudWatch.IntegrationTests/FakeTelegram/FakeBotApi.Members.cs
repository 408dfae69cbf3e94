using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FraudWatch.IntegrationTests.FakeTelegram;

public sealed partial class FakeBotApi
{
    private readonly ConcurrentDictionary<string, DateTime> _openCallbackQueries = new();

    /// <summary>
    /// How long a button press may wait for answerCallbackQuery; later answers get Telegram's 400 "query is too old".
    /// Telegram gives a few seconds (about 10-15); null (the default) waits for ever.
    /// </summary>
    public TimeSpan? CallbackQueryLifetime { get; set; }

    /// <summary>Presses that no answerCallbackQuery has answered in time: their buttons are still spinning.</summary>
    public IReadOnlyCollection<string> UnansweredCallbackQueries => [.. _openCallbackQueries.Keys];

    /// <summary>The commands set for a scope ("default", "all_group_chats", "chat:-100…") and language, as JSON, or null.</summary>
    public string? CommandsJson(string scope = "default", string? languageCode = null)
    {
        lock (_commandsLock)
            return _commands.GetValueOrDefault(CommandsKey(scope, languageCode))?.ToJsonString();
    }

    private static JsonObject ChatMemberJson(JsonObject user, string status)
    {
        var member = new JsonObject { ["status"] = status, ["user"] = user };
        switch (status)
        {
            case "creator":
                member["is_anonymous"] = false;
                break;
            case "administrator":
                member["can_be_edited"] = false;
                member["is_anonymous"] = false;
                foreach (var right in (string[])["can_manage_chat", "can_delete_messages", "can_manage_video_chats", "can_restrict_members",
                             "can_change_info", "can_invite_users", "can_pin_messages"])
                    member[right] = true;
                foreach (var right in (string[])["can_promote_members", "can_post_stories", "can_edit_stories", "can_delete_stories"])
                    member[right] = false;
                break;
            case "restricted":
                member["is_member"] = true;
                foreach (var right in (string[])["can_send_messages", "can_send_audios", "can_send_documents", "can_send_photos",
                             "can_send_videos", "can_send_video_notes", "can_send_voice_notes", "can_send_polls",
                             "can_send_other_messages", "can_add_web_page_previews", "can_change_info", "can_invite_users",
                             "can_pin_messages", "can_manage_topics"])
                    member[right] = false;
                member["until_date"] = 0;
                break;
            case "kicked":
                member["until_date"] = 0;
                break;
        }
        return member;
    }

    private BotAnswer AnswerCallbackQuery(BotRequest request)
    {
        var id = request.String("callback_query_id");
        if (string.IsNullOrEmpty(id))
            return BotAnswer.BadRequest("query is too old and response timeout expired or query ID is invalid");
        var lifetime = CallbackQueryLifetime;
        if (!_openCallbackQueries.TryGetValue(id, out var pressedAt)
            || (lifetime is { } limit && DateTime.UtcNow - pressedAt > limit)
            || !_openCallbackQueries.TryRemove(id, out _))
            return BotAnswer.BadRequest("query is too old and response timeout expired or query ID is invalid");
        return BotAnswer.Ok(true);
    }

    private BotAnswer SetMyCommands(BotRequest request)
    {
        if (request.Node("commands") is not JsonArray commands)
            return BotAnswer.BadRequest("parameter \"commands\" is required");
        foreach (var command in commands)
        {
            var name = (string?)command?["command"] ?? "";
            var description = (string?)command?["description"] ?? "";
            if (!CommandName().IsMatch(name))
                return BotAnswer.BadRequest("BOT_COMMAND_INVALID");
            if (description.Length is 0 or > 256)
                return BotAnswer.BadRequest("command description is empty");
        }
        lock (_commandsLock)
            _commands[CommandsKey(request)] = commands.DeepClone();
        return BotAnswer.Ok(true);
    }

    private BotAnswer GetMyCommands(BotRequest request)
    {
        lock (_commandsLock)
            return BotAnswer.Ok(_commands.GetValueOrDefault(CommandsKey(request))?.DeepClone() ?? new JsonArray());
    }

    private BotAnswer DeleteMyCommands(BotRequest request)
    {
        lock (_commandsLock)
            _commands.Remove(CommandsKey(request));
        return BotAnswer.Ok(true);
    }

    private static string CommandsKey(BotRequest request)
    {
        var scope = request.Node("scope");
        var type = (string?)scope?["type"] ?? "default";
        if (scope?["chat_id"] is { } chat)
            type += ":" + chat.ToJsonString().Trim('"');
        if (scope?["user_id"] is { } user)
            type += ":" + user.ToJsonString();
        return CommandsKey(type, request.String("language_code"));
    }

    private static string CommandsKey(string scope, string? languageCode) => scope + "|" + (languageCode ?? "");

    [GeneratedRegex("^[a-z0-9_]{1,32}$")]
    private static partial Regex CommandName();
}
