using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace FraudWatch.IntegrationTests.FakeTelegram;

/// <summary>Files users send (getFile and the /file/bot&lt;token&gt;/&lt;path&gt; download), forwards, and the bot's descriptions.</summary>
public sealed partial class FakeBotApi
{
    private readonly ConcurrentDictionary<string, byte[]> _files = new();
    private readonly ConcurrentDictionary<string, string> _descriptions = new();

    /// <summary>The description set per "kind:language" (kind: description or short), as the bot last set it.</summary>
    public IReadOnlyDictionary<string, string> Descriptions => _descriptions;

    private readonly ConcurrentDictionary<long, string> _languages = new();

    /// <summary>
    /// The language of a user's Telegram app, sent with their messages from now on; "en" for a user who set none. Kept
    /// by this fake only: test classes run in parallel and share user ids (the admin's).
    /// </summary>
    public void SetUserLanguage(long userId, string languageCode) => _languages[userId] = languageCode;

    private JsonObject UserJson(long userId) => FakeUsers.Json(userId, _languages.GetValueOrDefault(userId, "en"));

    /// <summary>A user forwards a message they got from <paramref name="originName"/> to the bot in private.</summary>
    public long ForwardedText(long userId, string text, string originName)
    {
        var chat = Chat(userId);
        JsonObject message;
        lock (chat)
        {
            message = NewMessage(chat, UserJson(userId));
            message["text"] = text;
            message["forward_origin"] = new JsonObject { ["type"] = "hidden_user", ["sender_user_name"] = originName, ["date"] = UnixNow() - 600 };
        }

        return EnqueueBuilt("message", message);
    }

    /// <summary>A user sends a photo (its bytes kept for getFile) with an optional caption.</summary>
    public long PrivatePhoto(long userId, byte[] bytes, string? caption = null, int width = 1080, int height = 900)
    {
        var fileId = "photo-" + Guid.NewGuid().ToString("N");
        _files[fileId] = bytes;
        var chat = Chat(userId);
        JsonObject message;
        lock (chat)
        {
            message = NewMessage(chat, UserJson(userId));
            message["photo"] = new JsonArray(new JsonObject
            {
                ["file_id"] = fileId, ["file_unique_id"] = fileId[..12], ["width"] = width, ["height"] = height, ["file_size"] = bytes.Length,
            });
            if (caption is not null)
                message["caption"] = caption;
        }

        return EnqueueBuilt("message", message);
    }

    private BotAnswer GetFile(BotRequest request)
    {
        var fileId = request.String("file_id") ?? "";
        return _files.TryGetValue(fileId, out var bytes)
            ? BotAnswer.Ok(new JsonObject { ["file_id"] = fileId, ["file_unique_id"] = fileId[..Math.Min(12, fileId.Length)], ["file_size"] = bytes.Length, ["file_path"] = $"photos/{fileId}.jpg" })
            : BotAnswer.BadRequest("invalid file_id");
    }

    private BotAnswer SetDescription(BotRequest request, string kind, string parameter)
    {
        var text = request.String(parameter) ?? "";
        if (text.Length > (kind == "short" ? 120 : 512))
            return BotAnswer.BadRequest("description is too long");
        _descriptions[$"{kind}:{request.String("language_code") ?? ""}"] = text;
        return BotAnswer.Ok(true);
    }

    /// <summary>Serves /file/bot&lt;token&gt;/photos/&lt;id&gt;.jpg; false when the path is not a file download.</summary>
    private async Task<bool> TryServeFileAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        var prefix = "/file/bot" + Token + "/photos/";
        if (!path.StartsWith("/file/", StringComparison.Ordinal))
            return false;
        var fileId = path.StartsWith(prefix, StringComparison.Ordinal) ? Path.GetFileNameWithoutExtension(path[prefix.Length..]) : "";
        if (!_files.TryGetValue(fileId, out var bytes))
        {
            context.Response.StatusCode = 404;
            return true;
        }

        context.Response.ContentType = "image/jpeg";
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes);
        return true;
    }
}
