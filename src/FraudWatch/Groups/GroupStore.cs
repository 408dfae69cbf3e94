using Dapper;
using Npgsql;

namespace FraudWatch.Groups;

public sealed record Group
{
    public long Id { get; init; }
    public long ChatId { get; init; }
    public string Title { get; init; } = "";
    public string ChatType { get; init; } = "group";
    public string Status { get; init; } = "pending";
    public string? Township { get; init; }
    public string? Village { get; init; }
    public string[] Tags { get; init; } = [];
    /// <summary>zh-CN or en as an officer set it; null: the county default.</summary>
    public string? Language { get; init; }
    public int? Members { get; init; }
    public DateTime? MembersUpdatedAt { get; init; }
    public bool IsDuty { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
}

/// <param name="histories">The other features' rows kept under a group's id, moved when two rows of one group merge.</param>
public sealed partial class GroupStore(NpgsqlDataSource db, IEnumerable<IGroupHistory>? histories = null)
{
    const string Columns = "id, chat_id, title, chat_type, status, township, village, tags, language, members, members_updated_at, is_duty, created_at, updated_at";

    /// <summary>
    /// The bot joined (or rejoined) a chat. A group bound before comes back active, unless an officer unbound it: then it
    /// stays pending, whoever re-added the bot, until an officer binds it again.
    /// </summary>
    public async Task<Group> JoinedAsync(long chatId, string title, string chatType, long? addedBy, CancellationToken ct = default)
    {
        var sql = $"""
            INSERT INTO groups (chat_id, title, chat_type, added_by) VALUES (@chatId, @title, @chatType, @addedBy)
            ON CONFLICT (chat_id) DO UPDATE SET title = excluded.title, chat_type = excluded.chat_type, updated_at = now(),
                status = CASE WHEN groups.township IS NOT NULL AND groups.village IS NOT NULL AND NOT groups.unbound THEN 'active' ELSE 'pending' END
            RETURNING {Columns}
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleAsync<Group>(new CommandDefinition(sql, new { chatId, title, chatType, addedBy }, cancellationToken: ct));
    }

    /// <summary>
    /// The bot is out of the group. A duty group keeps its role, idle while it is left (see <see cref="GetDutyAsync"/>),
    /// so adding the bot back restores it, unless an officer made another group the duty group meanwhile.
    /// </summary>
    public async Task<bool> MarkLeftAsync(long chatId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE groups SET status = 'left', updated_at = now() WHERE chat_id = @chatId AND status <> 'left'",
            new { chatId }, cancellationToken: ct)) == 1;
    }

    /// <summary>
    /// Binds the group to its village; a null <paramref name="language"/> keeps the one it has. bound_at is when the group
    /// began to cover this village (a village's days without a loss count from it): bound again to the same village (new
    /// tags, or after an unbind) it stays.
    /// </summary>
    public async Task<Group?> BindVillageAsync(long chatId, string township, string village, string[] tags, long boundBy, string? language = null, CancellationToken ct = default)
    {
        var sql = $"""
            UPDATE groups SET status = 'active', township = @township, village = @village, tags = @tags, language = coalesce(@language, language),
                bound_by = @boundBy, unbound = false, updated_at = now(),
                bound_at = CASE WHEN bound_at IS NOT NULL AND township IS NOT DISTINCT FROM @township AND village IS NOT DISTINCT FROM @village
                                THEN bound_at ELSE now() END
            WHERE chat_id = @chatId RETURNING {Columns}
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<Group>(new CommandDefinition(sql, new { chatId, township, village, tags, language, boundBy }, cancellationToken: ct));
    }

    public async Task<Group?> UnbindAsync(long chatId, CancellationToken ct = default)
    {
        var sql = $"UPDATE groups SET status = CASE WHEN status = 'left' THEN 'left' ELSE 'pending' END, unbound = true, is_duty = false, updated_at = now() WHERE chat_id = @chatId RETURNING {Columns}";
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<Group>(new CommandDefinition(sql, new { chatId }, cancellationToken: ct));
    }

    /// <summary>Makes this group the one duty group (a partial unique index keeps it to one).</summary>
    public async Task<bool> SetDutyAsync(long chatId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("UPDATE groups SET is_duty = false WHERE is_duty AND chat_id <> @chatId", new { chatId }, transaction, cancellationToken: ct));
        var updated = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE groups SET is_duty = true, updated_at = now() WHERE chat_id = @chatId AND status <> 'left'", new { chatId }, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
        return updated == 1;
    }

    public async Task<Group?> GetAsync(long chatId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<Group>(new CommandDefinition(
            $"SELECT {Columns} FROM groups WHERE chat_id = @chatId", new { chatId }, cancellationToken: ct));
    }

    /// <summary>The duty group new reports are posted to; none while the bot is out of it.</summary>
    public async Task<Group?> GetDutyAsync(CancellationToken ct = default)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<Group>(new CommandDefinition(
            $"SELECT {Columns} FROM groups WHERE is_duty AND status <> 'left'", cancellationToken: ct));
    }

    public async Task<IReadOnlyList<Group>> ListAsync(string? status = null, CancellationToken ct = default)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<Group>(new CommandDefinition(
            $"SELECT {Columns} FROM groups WHERE @status::text IS NULL OR status = @status ORDER BY township NULLS LAST, village, chat_id",
            new { status }, cancellationToken: ct));
        return rows.AsList();
    }

    /// <summary>Applies an API patch; fields left null stay as they are. Setting the status is an officer's bind or unbind.</summary>
    public async Task<Group?> PatchAsync(long chatId, string? township, string? village, string[]? tags, string? status, string? language, CancellationToken ct = default)
    {
        var sql = $"""
            UPDATE groups SET township = coalesce(@township, township), village = coalesce(@village, village), language = coalesce(@language, language),
                tags = coalesce(@tags, tags), status = coalesce(@status, status), updated_at = now(),
                unbound = CASE @status::text WHEN 'active' THEN false WHEN 'pending' THEN true ELSE unbound END
            WHERE chat_id = @chatId RETURNING {Columns}
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<Group>(new CommandDefinition(sql, new { chatId, township, village, tags, status, language }, cancellationToken: ct));
    }

    public async Task SetMembersAsync(long chatId, int members, CancellationToken ct = default)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE groups SET members = @members, members_updated_at = now() WHERE chat_id = @chatId", new { chatId, members }, cancellationToken: ct));
    }

    /// <summary>Records that a user spoke in an active group: the id and the group only, never what was said.</summary>
    public async Task SeenMemberAsync(long userId, long groupId, CancellationToken ct = default)
    {
        const string sql = """
            INSERT INTO group_members_seen (user_id, group_id) SELECT @userId, id FROM groups WHERE id = @groupId AND status = 'active'
            ON CONFLICT (user_id, group_id) DO UPDATE SET last_seen = now()
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(sql, new { userId, groupId }, cancellationToken: ct));
    }

    /// <summary>Forgets who was seen where once that is older than the retention period.</summary>
    public async Task<int> ForgetMembersSeenBeforeAsync(DateTime cutoffUtc, CancellationToken ct = default)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM group_members_seen WHERE last_seen < @cutoffUtc", new { cutoffUtc }, cancellationToken: ct));
    }
}
