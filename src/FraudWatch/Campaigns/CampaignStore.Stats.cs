using Dapper;

namespace FraudWatch.Campaigns;

/// <summary>The figures a warning may quote, read from the township roll-up (a read model; the triggers write it).</summary>
public sealed partial class CampaignStore
{
    /// <summary>Reports and prevented frauds in one township (null: groups with no township) since a day.</summary>
    public async Task<StatsModel> TownshipSinceAsync(string? township, DateTime since, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var (reports, prevented) = await connection.QuerySingleAsync<(long, long)>(new CommandDefinition("""
            SELECT coalesce(sum(reports), 0)::bigint, coalesce(sum(prevented), 0)::bigint
            FROM report_daily_township WHERE day >= @since::date AND township = coalesce(@township, '')
            """, new { since, township }, cancellationToken: ct));
        return new StatsModel((int)reports, (int)prevented);
    }
}
