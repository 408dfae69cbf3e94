using Dapper;
using FraudWatch.Groups;
using Npgsql;

namespace FraudWatch.Reports;

/// <summary>Reports move with their group when its two rows merge; the daily roll-up follows them by trigger.</summary>
public sealed partial class ReportStore : IGroupHistory
{
    public async Task MoveGroupAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long fromGroupId, long toGroupId, CancellationToken ct)
    {
        // The trigger moved every count to the remaining group; the merged group's emptied roll-up rows go with it.
        const string sql = """
            UPDATE reports SET group_id = @toGroupId WHERE group_id = @fromGroupId;
            DELETE FROM report_daily WHERE group_id = @fromGroupId AND reports = 0;
            """;
        await connection.ExecuteAsync(new CommandDefinition(sql, new { fromGroupId, toGroupId }, transaction, cancellationToken: ct));
    }
}

/// <summary>Warnings sent in a group move with it when its two rows merge.</summary>
public sealed partial class ReputationStore : IGroupHistory
{
    public async Task MoveGroupAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long fromGroupId, long toGroupId, CancellationToken ct) =>
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE warnings_sent SET group_id = @toGroupId WHERE group_id = @fromGroupId", new { fromGroupId, toGroupId }, transaction, cancellationToken: ct));
}
