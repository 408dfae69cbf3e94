using Dapper;

namespace FraudWatch.Waves;

/// <summary>A wave alert waiting for the duty group, with the wave's figures as it is claimed.</summary>
public sealed class PendingWaveAlert
{
    public long WaveId { get; init; }
    public int Reports { get; init; }
    public string[] Villages { get; init; } = [];
    public DateTime ClaimedAt { get; init; }
}

/// <summary>
/// Wave alerts as a queue on the waves' rows (migration 0028): a join that raises an alert queues it in the same statement,
/// so an alert committed is posted even if the process dies before posting it.
/// </summary>
public sealed partial class WaveStore
{
    /// <summary>
    /// Claims up to a batch of recent wave alerts not yet posted (of <paramref name="waveIds"/> only, unless empty), with a
    /// lease: one claimed by an instance that died, or whose post failed, is claimed again after it. The claimer renews the
    /// lease while it posts (<see cref="RenewAlertClaimAsync"/>).
    /// </summary>
    public async Task<IReadOnlyList<PendingWaveAlert>> ClaimAlertsAsync(TimeSpan lease, int batch, IReadOnlyList<long> waveIds, CancellationToken ct = default)
    {
        const string sql = $"""
            UPDATE waves w SET alert_claimed_at = now()
            WHERE w.id IN (
                SELECT id FROM waves
                WHERE alert_pending AND alerted_at > now() - interval '2 days'
                  AND (alert_claimed_at IS NULL OR alert_claimed_at < now() - @lease)
                  AND (cardinality(@ids) = 0 OR id = ANY(@ids))
                ORDER BY id LIMIT @batch
                FOR UPDATE SKIP LOCKED)
            RETURNING w.id AS WaveId, w.report_count AS Reports, {VillagesOfWave} AS Villages, w.alert_claimed_at AS ClaimedAt
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<PendingWaveAlert>(new CommandDefinition(
            sql, new { lease, batch, ids = waveIds.ToArray() }, cancellationToken: ct))).AsList();
    }

    /// <summary>Renews the claim on those of its alerts still waiting; returns the ids still held and the claim's new time.</summary>
    public async Task<QueueClaim> RenewAlertClaimAsync(QueueClaim claim, CancellationToken ct)
    {
        const string sql = """
            UPDATE waves SET alert_claimed_at = now()
            WHERE id = ANY(@ids) AND alert_pending AND alert_claimed_at = @at
            RETURNING id, alert_claimed_at
            """;
        return await QueueClaimStore.RenewAsync(db, sql, claim, ct);
    }

    /// <summary>Takes the alert out of the queue: it reached the duty group, or waits in the reply outbox for its minute.</summary>
    public async Task AlertPostedAsync(long waveId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE waves SET alert_pending = false, alert_claimed_at = NULL WHERE id = @waveId", new { waveId }, cancellationToken: ct));
    }
}
