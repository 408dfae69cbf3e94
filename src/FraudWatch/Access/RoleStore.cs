using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FraudWatch.Access;

/// <summary>
/// Roles by Telegram user id. An admin row granted by "settings" is there because the id is in <c>FraudWatch__Admins</c>:
/// while it is listed, its admin is the setting's however else it was given, so taking it out of the setting takes
/// admin away (PRODUCT.md section 9). Admin given with /role to an id not listed is the granter's and stays.
/// </summary>
public sealed class RoleStore(NpgsqlDataSource db, IOptions<FraudWatchOptions> options)
{
    public async Task<Role> GetAsync(long userId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var role = await connection.QuerySingleOrDefaultAsync<string>(
            new CommandDefinition("SELECT role FROM user_roles WHERE user_id = @userId", new { userId }, cancellationToken: ct));
        return Roles.Parse(role) ?? Role.Resident;
    }

    /// <summary>Everyone with more than the resident role.</summary>
    public async Task<IReadOnlyList<(long UserId, Role Role)>> PrivilegedAsync(CancellationToken ct = default)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<(long, string)>(new CommandDefinition(
            "SELECT user_id, role FROM user_roles WHERE role <> 'resident' ORDER BY user_id", cancellationToken: ct));
        return rows.Select(r => (r.Item1, Roles.Parse(r.Item2) ?? Role.Resident)).Where(r => r.Item2 != Role.Resident).ToList();
    }

    public async Task SetAsync(long userId, Role role, string grantedBy, string? displayName, CancellationToken ct = default)
    {
        if (role == Role.Admin && options.Value.AdminIds.Contains(userId))
            grantedBy = "settings";
        const string sql = """
            INSERT INTO user_roles (user_id, role, display_name, granted_by) VALUES (@userId, @role, @displayName, @grantedBy)
            ON CONFLICT (user_id) DO UPDATE SET role = excluded.role, granted_by = excluded.granted_by, granted_at = now(),
                display_name = coalesce(excluded.display_name, user_roles.display_name)
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(sql, new { userId, role = role.Name(), displayName, grantedBy }, cancellationToken: ct));
    }

    /// <summary>
    /// Grants admin to the ids in <c>FraudWatch__Admins</c>, recorded as granted by "settings" (also where an admin had
    /// given it with /role before the id was listed), and takes it from settings admins no longer listed. Returns those demoted.
    /// </summary>
    public async Task<IReadOnlyList<long>> SyncSettingsAdminsAsync(IReadOnlyList<long> admins, CancellationToken ct = default)
    {
        const string sql = """
            INSERT INTO user_roles (user_id, role, granted_by) SELECT id, 'admin', 'settings' FROM unnest(@ids) AS id
            ON CONFLICT (user_id) DO UPDATE SET role = 'admin', granted_by = 'settings', granted_at = now()
            WHERE user_roles.role <> 'admin' OR user_roles.granted_by <> 'settings';
            UPDATE user_roles SET role = 'resident', granted_at = now()
            WHERE granted_by = 'settings' AND role = 'admin' AND user_id <> ALL(@ids)
            RETURNING user_id;
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var demoted = (await connection.QueryAsync<long>(new CommandDefinition(sql, new { ids = admins.ToArray() }, transaction, cancellationToken: ct))).AsList();
        await transaction.CommitAsync(ct);
        return demoted;
    }
}
