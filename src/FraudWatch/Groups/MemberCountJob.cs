using Telegram.Bot;
using Telegram.Bot.Exceptions;

namespace FraudWatch.Groups;

/// <summary>Daily refresh of member counts (coverage = members per village).</summary>
public sealed class MemberCountJob(GroupStore groups, ILogger<MemberCountJob> logger, ITelegramBotClient? bot = null)
{
    public async Task<int> RunAsync(CancellationToken ct)
    {
        if (bot is null)
        {
            logger.LogInformation("Member counts: dry-run, nothing asked of Telegram");
            return 0;
        }

        var refreshed = 0;
        foreach (var group in await groups.ListAsync(ct: ct))
        {
            if (group.Status == "left")
                continue;
            try
            {
                var count = await bot.GetChatMemberCount(group.ChatId, cancellationToken: ct);
                await groups.SetMembersAsync(group.ChatId, count, ct);
                refreshed++;
            }
            catch (ApiRequestException e) when (e.ErrorCode == 403)
            {
                await groups.MarkLeftAsync(group.ChatId, ct);
            }
            catch (ApiRequestException e) when (e.Parameters?.MigrateToChatId is { } newChatId)
            {
                await groups.MigrateAsync(group.ChatId, newChatId, ct);
            }
            catch (ApiRequestException e) when (e.Parameters?.RetryAfter is { } seconds)
            {
                await Task.Delay(TimeSpan.FromSeconds(seconds), ct);
            }
            catch (Exception e) when (e is ApiRequestException or RequestException or HttpRequestException)
            {
                logger.LogWarning("Member count for {ChatId} failed: {Error}", group.ChatId, e.Message);
            }
        }

        logger.LogInformation("Member counts refreshed for {Count} groups", refreshed);
        return refreshed;
    }
}
