using Microsoft.Extensions.Options;

namespace FraudWatch.Telegram;

/// <summary>
/// Sends the replies that waited for their group's minute limit (bot_messages rows marked queued), as the limits
/// allow. Every instance helps. A send may wait minutes (a group answering 429 with a long retry_after), so the claim
/// is renewed every third of the lease while its batch is being sent: no lane of a live instance takes it again. A
/// reply claimed by an instance that died is sent after the lease (rarely twice, never lost).
/// </summary>
public sealed class Outbox(BotMessageStore messages, ChatSender sender, IOptions<TelegramOptions> options, ILogger<Outbox> logger)
    : QueueWorker(Signal, logger, poll: TimeSpan.FromSeconds(5))
{
    static readonly QueueSignal Signal = new(lanes: 2);

    public static void Wake() => Signal.WakeAll();

    protected internal override async Task<bool> ProcessNextAsync(int lane, CancellationToken ct)
    {
        var lease = TimeSpan.FromSeconds(options.Value.OutboxLeaseSeconds);
        var claimed = await messages.ClaimQueuedAsync(lease, batch: 4, ct);
        if (claimed.Count == 0)
            return false;

        await using var claim = LeaseRenewal.Start(QueueClaim.Of([.. claimed.Select(r => (r.Id, r.ClaimedAt))]), lease, messages.RenewClaimAsync, logger, ct);
        foreach (var reply in claimed.OrderBy(r => r.Id))
        {
            if (claim.Holds(reply.Id))
                await sender.SendQueuedAsync(reply, ct);
        }

        return true;
    }
}
