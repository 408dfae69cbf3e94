using FraudWatch.Telegram;

namespace FraudWatch.Groups;

/// <summary>Daily refresh of member counts (coverage = members per village).</summary>
public sealed class MemberCountJob(GroupStore groups, BotGateway gateway, ILogger<MemberCountJob> logger)
{
    public async Task<int> RunAsync(CancellationToken ct)
    {
        if (gateway.DryRun)
        {
            logger.LogInformation("Member counts: dry-run, nothing asked of Telegram");
            return 0;
        }

        var refreshed = 0;
        foreach (var group in await groups.ListAsync(ct: ct))
        {
            if (group.Status == "left")
                continue;
            // Kicked and migrated chats are recorded by the gateway itself.
            var (outcome, count) = await gateway.MemberCountAsync(group.ChatId, ct);
            if (count is { } members)
            {
                await groups.SetMembersAsync(group.ChatId, members, ct);
                refreshed++;
            }
            else if (outcome is { Kind: SendOutcomeKind.RateLimited, RetryAfter: { } wait })
                await Task.Delay(wait, ct);
            else if (outcome.Kind is SendOutcomeKind.Transient or SendOutcomeKind.Rejected)
                logger.LogWarning("Member count for {ChatId} failed: {Error}", group.ChatId, outcome.Reason);
        }

        logger.LogInformation("Member counts refreshed for {Count} groups", refreshed);
        return refreshed;
    }
}
