using Microsoft.Extensions.Options;
using Npgsql;

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

        var claim = new Claim(claimed);
        using var sending = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var renewing = RenewAsync(claim, lease, sending.Token);
        try
        {
            foreach (var reply in claimed.OrderBy(r => r.Id))
            {
                if (claim.Holds(reply.Id))
                    await sender.SendQueuedAsync(reply, ct);
            }
        }
        finally
        {
            await sending.CancelAsync();
            await renewing;
        }

        return true;
    }

    async Task RenewAsync(Claim claim, TimeSpan lease, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                await Task.Delay(lease / 3, ct);
                try
                {
                    claim.Renewed(await messages.RenewClaimAsync(claim.Ids, claim.At, ct));
                }
                catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException && !ct.IsCancellationRequested)
                {
                    // Out for a whole lease, the claim lapses and another instance may send these replies: that one sends them.
                    logger.LogWarning("Outbox could not renew its claim ({Error}); trying again", e.Message);
                }
            }
        }
        catch (Exception) when (ct.IsCancellationRequested)
        {
            // The batch is sent (or the host stops): whatever the last renewal was doing no longer matters.
        }
    }

    /// <summary>The replies a lane holds, as of the last renewal.</summary>
    sealed class Claim(IReadOnlyList<QueuedReply> replies)
    {
        volatile HashSet<long> held = [.. replies.Select(r => r.Id)];
        DateTime at = replies[0].ClaimedAt;

        public IReadOnlyList<long> Ids => [.. held];
        public DateTime At => at;
        public bool Holds(long id) => held.Contains(id);

        public void Renewed((IReadOnlyList<long> Held, DateTime ClaimedAt) renewal)
        {
            at = renewal.ClaimedAt;
            held = [.. renewal.Held];
        }
    }
}
