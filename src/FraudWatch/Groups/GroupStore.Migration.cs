using Dapper;
using Npgsql;

namespace FraudWatch.Groups;

/// <summary>A group upgraded to a supergroup: one group under the new chat id, whatever order the updates came in.</summary>
public sealed partial class GroupStore
{
    /// <summary>The group under <paramref name="chatId"/>, or the supergroup it became if that is a chat id it had before an upgrade.</summary>
    public async Task<Group?> GetCurrentAsync(long chatId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<Group>(new CommandDefinition(
            $"""
            SELECT {Columns} FROM groups
            WHERE chat_id = @chatId OR id = (SELECT group_id FROM group_previous_chat_ids WHERE chat_id = @chatId)
            ORDER BY chat_id = @chatId DESC LIMIT 1
            """, new { chatId }, cancellationToken: ct));
    }

    /// <summary>
    /// Moves a group to its new supergroup id, keeping its history, binding and tags; the old id is no longer a group.
    /// Idempotent. The new chat may have a row of its own already: its updates are handled in another lane and can come
    /// before the old chat's migrate message (its join, or an officer who found the bot silent there and bound it). The
    /// two rows then become one, under the old row's id, with the history of both.
    /// </summary>
    public async Task MigrateAsync(long oldChatId, long newChatId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var groupId = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            "SELECT id FROM groups WHERE chat_id = @oldChatId FOR UPDATE", new { oldChatId }, transaction, cancellationToken: ct));
        if (groupId is null)
            return;
        var newcomerId = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            "SELECT id FROM groups WHERE chat_id = @newChatId FOR UPDATE", new { newChatId }, transaction, cancellationToken: ct));
        if (newcomerId is { } newcomer)
            await MergeAsync(connection, transaction, newcomer, groupId.Value, ct);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE groups SET chat_id = @newChatId, chat_type = 'supergroup', updated_at = now() WHERE id = @groupId;
            INSERT INTO group_previous_chat_ids (chat_id, group_id) VALUES (@oldChatId, @groupId) ON CONFLICT (chat_id) DO NOTHING;
            """, new { oldChatId, newChatId, groupId }, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
    }

    /// <summary>
    /// Folds the new chat's row into the old group's. An officer who bound (or unbound) the new chat spoke last, so that
    /// binding wins; otherwise the old one stays. The bot is in the new chat unless its row says it left. A duty role
    /// either row had stays.
    /// </summary>
    async Task MergeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long newcomerId, long groupId, CancellationToken ct)
    {
        foreach (var history in histories ?? [])
            await history.MoveGroupAsync(connection, transaction, newcomerId, groupId, ct);

        const string merge = """
            INSERT INTO group_members_seen (user_id, group_id, last_seen)
            SELECT user_id, @groupId, last_seen FROM group_members_seen WHERE group_id = @newcomerId
            ON CONFLICT (user_id, group_id) DO UPDATE SET last_seen = greatest(group_members_seen.last_seen, excluded.last_seen);
            UPDATE group_previous_chat_ids SET group_id = @groupId WHERE group_id = @newcomerId;
            UPDATE groups g SET
                title = n.title,
                township = CASE WHEN n.township IS NOT NULL THEN n.township ELSE g.township END,
                village = CASE WHEN n.township IS NOT NULL THEN n.village ELSE g.village END,
                tags = CASE WHEN n.township IS NOT NULL THEN n.tags ELSE g.tags END,
                bound_by = CASE WHEN n.township IS NOT NULL THEN n.bound_by ELSE g.bound_by END,
                bound_at = CASE WHEN n.township IS NOT NULL THEN n.bound_at ELSE g.bound_at END,
                unbound = CASE WHEN n.township IS NOT NULL OR n.unbound THEN n.unbound ELSE g.unbound END,
                language = coalesce(n.language, g.language),
                members = coalesce(n.members, g.members),
                members_updated_at = CASE WHEN n.members IS NOT NULL THEN n.members_updated_at ELSE g.members_updated_at END,
                status = CASE WHEN n.status = 'left' THEN 'left' ELSE 'pending' END,
                updated_at = now()
            FROM groups n WHERE g.id = @groupId AND n.id = @newcomerId;
            """;
        await connection.ExecuteAsync(new CommandDefinition(merge, new { groupId, newcomerId }, transaction, cancellationToken: ct));
        // The newcomer goes before its duty role passes to the old row: a unique index keeps to one duty group.
        var newcomerWasDuty = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "DELETE FROM groups WHERE id = @newcomerId RETURNING is_duty", new { newcomerId }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE groups SET is_duty = is_duty OR @newcomerWasDuty,
                status = CASE WHEN status = 'pending' AND township IS NOT NULL AND village IS NOT NULL AND NOT unbound THEN 'active' ELSE status END
            WHERE id = @groupId
            """, new { groupId, newcomerWasDuty }, transaction, cancellationToken: ct));
    }
}
