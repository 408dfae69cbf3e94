using System.Collections.Concurrent;
using FraudWatch.Telegram;

namespace FraudWatch.Groups;

/// <summary>
/// Notes who speaks in an active group, so that a report they later make in private counts toward warnings
/// (PRODUCT.md section 9). Only the user id and the group are kept. Ordinary chat would otherwise write a row per
/// message: a user seen in a group within the last hour is not written again.
/// </summary>
public sealed class MemberWatcher(GroupStore groups, TimeProvider clock) : IMessageWatcher
{
    static readonly TimeSpan Refresh = TimeSpan.FromHours(1);
    const int MaxRemembered = 100_000;
    readonly ConcurrentDictionary<(long User, long Group), DateTimeOffset> recent = new();

    public async Task OnMessageAsync(IncomingMessage message, ChatPlace? group, CancellationToken ct)
    {
        if (group is not { Status: "active" } || message.From is not { IsBot: false } from)
            return;
        await SeenAsync(from.Id, group.Id, ct);
    }

    public async Task SeenAsync(long userId, long groupId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (recent.TryGetValue((userId, groupId), out var at) && now - at < Refresh)
            return;
        if (recent.Count >= MaxRemembered)
            recent.Clear();
        await groups.SeenMemberAsync(userId, groupId, ct);
        recent[(userId, groupId)] = now;
    }
}
