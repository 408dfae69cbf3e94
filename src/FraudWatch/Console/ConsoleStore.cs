using Dapper;
using FraudWatch.Campaigns;
using Npgsql;

namespace FraudWatch.WebConsole;

public sealed record Picks(IReadOnlyList<string> Townships, IReadOnlyList<string> Villages, IReadOnlyList<string> Tags);

public sealed record GroupChoice(long ChatId, string Title, string? Township, string? Village);

/// <summary>The few read-only queries only the console needs: a target's reach and the quick picks.</summary>
public sealed class ConsoleStore(NpgsqlDataSource db)
{

    public async Task<Picks> PicksAsync(CancellationToken ct)
    {
        const string sql = """
            SELECT DISTINCT township FROM groups WHERE status = 'active' AND township IS NOT NULL ORDER BY 1;
            SELECT DISTINCT village FROM groups WHERE status = 'active' AND village IS NOT NULL ORDER BY 1;
            SELECT DISTINCT unnest(tags) FROM groups WHERE status = 'active' ORDER BY 1;
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(sql, cancellationToken: ct));
        var townships = (await results.ReadAsync<string>()).AsList();
        var villages = (await results.ReadAsync<string>()).AsList();
        var tags = (await results.ReadAsync<string>()).AsList();
        return new Picks(townships, villages, tags);
    }

    public async Task<IReadOnlyList<GroupChoice>> ActiveGroupsAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<GroupChoice>(new CommandDefinition(
            "SELECT chat_id, title, township, village FROM groups WHERE status = 'active' ORDER BY township, village, chat_id LIMIT 500",
            cancellationToken: ct))).AsList();
    }
}
