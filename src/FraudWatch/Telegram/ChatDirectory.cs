namespace FraudWatch.Telegram;

/// <summary>A group chat as its owner (Groups) records it: what commands and watchers need to know. Language: as set, or null.</summary>
public sealed record ChatPlace(long Id, long ChatId, string Status, string? Township, string? Village, string? Language);

/// <summary>The chats' owner, asked by the update handler; Groups implements it, so Telegram never imports Groups.</summary>
public interface IChatDirectory : IChatLifecycle
{
    /// <summary>The group a message came from, recorded as pending when the bot did not know it.</summary>
    Task<ChatPlace> SeenAsync(IncomingMessage message, CancellationToken ct);

    Task<ChatPlace?> FindAsync(long chatId, CancellationToken ct);

    /// <summary>The bot was added to or removed from a chat.</summary>
    Task OnMembershipAsync(MembershipChange change, CancellationToken ct);
}
