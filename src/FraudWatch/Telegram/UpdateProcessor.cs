using System.Text.Json;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace FraudWatch.Telegram;

/// <summary>
/// Acts on stored updates, each exactly once: the row is locked while it is handled and marked done in the same
/// transaction, so a crash mid-way leaves it to be resumed at the next start, and an update that fails to parse or to
/// handle is kept with its error without blocking the ones after it. Updates of one chat are handled in update_id
/// order; different chats in parallel: each lane owns the chats whose id falls in it, and a per-chat advisory lock
/// keeps other instances out.
/// </summary>
sealed class UpdateProcessor(UpdateInbox inbox, UpdateHandler handler, ILogger<UpdateProcessor> logger)
    : QueueWorker(inbox.Stored, logger, poll: TimeSpan.FromSeconds(5))
{
    const int MaxAttempts = 3;

    /// <summary>Lanes of update handling per instance for groups (and updates of no chat): the one definition (migration 0013 stores each update's lane).</summary>
    internal const int GroupLanes = 8;

    /// <summary>
    /// Lanes for private chats, after the groups' ones (<see cref="UpdateInbox.LaneOf"/>): reading a resident's picture
    /// takes seconds, and holds up only the private chats of its lane, never a group.
    /// </summary>
    internal const int PrivateLanes = 4;

    internal const int Lanes = GroupLanes + PrivateLanes;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await inbox.RelaneAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    /// <summary>Handles the oldest unhandled update of the lane; false when there is none it may take.</summary>
    protected internal override async Task<bool> ProcessNextAsync(int lane, CancellationToken ct)
    {
        await using var claim = await inbox.TakeNextAsync(lane, ct);
        if (claim is null)
            return false;
        if (!claim.ChatLocked)
        {
            await claim.GiveBackAsync(ct);
            await Task.Delay(50, ct);
            return false;
        }

        string? error = null;
        try
        {
            var update = JsonSerializer.Deserialize<Update>(claim.Payload ?? "null", JsonBotAPI.Options)
                ?? throw new JsonException("empty update");
            await handler.HandleAsync(update, ct);
        }
        catch (JsonException e)
        {
            error = $"unparseable update: {e.Message}";
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            error = $"{e.GetType().Name}: {e.Message}";
            if (claim.Attempts + 1 < MaxAttempts && e is not ArgumentException and not FormatException)
            {
                await claim.RetryLaterAsync(error, ct);
                logger.LogWarning("Update {UpdateId} failed (attempt {Attempt}), will retry: {Error}", claim.UpdateId, claim.Attempts + 1, error);
                await Task.Delay(TimeSpan.FromMilliseconds(200 * (claim.Attempts + 1)), ct);
                return true;
            }
        }

        if (error is null)
        {
            await claim.CommitAsync(ct);
            return true;
        }

        await claim.FailAsync(error, ct);
        logger.LogWarning("Update {UpdateId} kept as failed: {Error}", claim.UpdateId, error);
        return true;
    }
}
