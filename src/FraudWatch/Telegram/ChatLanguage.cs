using Microsoft.Extensions.Options;

namespace FraudWatch.Telegram;

/// <summary>
/// The one decision of the language of a reply (see <see cref="ReplyLanguage"/>): in a group, the group's language
/// as an officer set it, else the county's (everyone in the group reads the reply, and a resident's Telegram app is
/// often in English even when they read Chinese); in a private chat, the user's Telegram language, else the county's.
/// </summary>
public sealed class ChatLanguage(IChatDirectory chats, IOptions<FraudWatchOptions> options)
{
    public string County => options.Value.CountyLanguage;

    public string Of(bool inGroup, string? groupLanguage, string? userLanguageCode) =>
        inGroup ? ReplyLanguage.Choose(groupLanguage, null, County) : ReplyLanguage.Choose(null, userLanguageCode, County);

    /// <summary>A group's language, from what is already known of it.</summary>
    public string OfGroup(string? groupLanguage) => Of(inGroup: true, groupLanguage, null);

    /// <summary>The language of a chat by its id: a group (negative id) as recorded, else the user's.</summary>
    public async Task<string> OfChatAsync(long chatId, string? userLanguageCode, CancellationToken ct) =>
        chatId < 0 ? OfGroup((await chats.FindAsync(chatId, ct))?.Language) : Of(inGroup: false, null, userLanguageCode);
}
