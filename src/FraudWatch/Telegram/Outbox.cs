using Microsoft.Extensions.Options;

namespace FraudWatch.Telegram;

/// <summary>
/// Sends the replies that waited for their group's minute limit (bot_messages rows marked queued), as the limits
/// allow. Every instance helps; a reply claimed by an instance that died is sent after the lease (rarely twice, never lost).
/// </summary>
public sealed class Outbox(BotMessageStore messages, ChatSender sender, IOptions<TelegramOptions> options, ILogger<Outbox> logger)
    : QueueWorker(Signal, logger, poll: TimeSpan.FromSeconds(5))
{
    static readonly QueueSignal Signal = new(lanes: 2);

    public static void Wake() => Signal.WakeAll();

    protected internal override async Task<bool> ProcessNextAsync(int lane, CancellationToken ct)
    {
        var claimed = await messages.ClaimQueuedAsync(TimeSpan.FromSeconds(options.Value.OutboxLeaseSeconds), batch: 4, ct);
        foreach (var reply in claimed.OrderBy(r => r.Id))
            await sender.SendQueuedAsync(reply, ct);
        return claimed.Count > 0;
    }
}
