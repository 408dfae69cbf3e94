using Npgsql;

namespace FraudWatch.Groups;

/// <summary>
/// Rows another feature keeps under a group's id (reports, warnings, deliveries). When a group's two rows become one (a
/// supergroup upgrade whose new chat already had a row), each owner moves its rows in the merge's transaction, so the
/// history ends up on the group that remains. Implemented by the owning stores; Groups imports none of them.
/// </summary>
public interface IGroupHistory
{
    Task MoveGroupAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long fromGroupId, long toGroupId, CancellationToken ct);
}
