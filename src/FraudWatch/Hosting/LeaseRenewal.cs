using Dapper;
using Npgsql;

namespace FraudWatch;

/// <summary>
/// Rows a lane claimed from a queue in one statement, and the claim's time (one <c>now()</c> for all of them): what a
/// renewal compares with, so that it renews only the claim this lane made.
/// </summary>
public sealed record QueueClaim(IReadOnlyList<long> Ids, DateTime At)
{
    public static readonly QueueClaim None = new([], default);

    /// <summary>The claim of the rows a claim or renewal statement returned; with none, the ids are empty and the time is <paramref name="at"/>.</summary>
    public static QueueClaim Of(IReadOnlyList<(long Id, DateTime ClaimedAt)> rows, DateTime at = default) =>
        new([.. rows.Select(r => r.Id)], rows.Count > 0 ? rows[0].ClaimedAt : at);
}

/// <summary>Runs a queue's renewal statement: it takes @ids and the claim's time @at, and returns each row still held with its new claim time.</summary>
public static class QueueClaimStore
{
    public static async Task<QueueClaim> RenewAsync(NpgsqlDataSource db, string sql, QueueClaim claim, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return QueueClaim.Of((await connection.QueryAsync<(long, DateTime)>(
            new CommandDefinition(sql, new { ids = claim.Ids.ToArray(), claim.At }, cancellationToken: ct))).AsList(), claim.At);
    }
}

/// <summary>
/// Keeps a lane's claim on queue rows while it works through them: renewed every third of the lease, so no lane of a live
/// instance takes them again however long Telegram makes a send wait (a 429's retry_after can outlast the lease). A row
/// another lane claimed anyway (the database was out for a whole lease) is no longer held, and the lane skips it. A claim
/// no one renews (a dead instance's) lapses after the lease and is taken up again: rarely sent twice, never lost.
/// </summary>
public sealed class LeaseRenewal : IAsyncDisposable
{
    /// <summary>Renews <paramref name="claim"/> on those of its rows still waiting; returns the rows still held and the new time.</summary>
    public delegate Task<QueueClaim> Renew(QueueClaim claim, CancellationToken ct);

    readonly CancellationTokenSource stop;
    readonly Task renewing;
    QueueClaim held;
    volatile HashSet<long> ids;

    LeaseRenewal(QueueClaim claim, TimeSpan lease, Renew renew, ILogger logger, CancellationToken ct)
    {
        held = claim;
        ids = [.. claim.Ids];
        stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        renewing = RenewAsync(lease, renew, logger, stop.Token);
    }

    /// <summary>Starts renewing <paramref name="claim"/>; disposing stops it (the work is done, or the host stops).</summary>
    public static LeaseRenewal Start(QueueClaim claim, TimeSpan lease, Renew renew, ILogger logger, CancellationToken ct) =>
        new(claim, lease, renew, logger, ct);

    /// <summary>False once the row's claim lapsed and another lane took it: that lane sends it.</summary>
    public bool Holds(long id) => ids.Contains(id);

    async Task RenewAsync(TimeSpan lease, Renew renew, ILogger logger, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                await Task.Delay(lease / 3, ct);
                try
                {
                    var renewed = await renew(held, ct);
                    ids = [.. renewed.Ids];
                    held = renewed;
                }
                catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException && !ct.IsCancellationRequested)
                {
                    // Out for a whole lease, the claim lapses and another lane may take these rows: that one sends them.
                    logger.LogWarning("Could not renew a queue claim ({Error}); trying again", e.Message);
                }
            }
        }
        catch (Exception) when (ct.IsCancellationRequested)
        {
            // The work is done (or the host stops): whatever the last renewal was doing no longer matters.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await renewing;
        stop.Dispose();
    }
}
