using System.Buffers.Text;
using System.Security.Cryptography;
using Dapper;
using Npgsql;

namespace FraudWatch.Access;

/// <summary>
/// Console sign-ins. The cookie holds a random session id, stored only as its hash; the key itself never leaves the
/// sign-in request. A session lasts 12 h from its last use and at most 7 days, ends at sign-out, and ends with its key.
/// </summary>
public sealed class ConsoleSessions(NpgsqlDataSource db)
{
    public static readonly TimeSpan Idle = TimeSpan.FromHours(12);
    public static readonly TimeSpan Absolute = TimeSpan.FromDays(7);

    public async Task<string> StartAsync(ApiKey key, CancellationToken ct = default)
    {
        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        const string sql = """
            DELETE FROM console_sessions WHERE expires_at < now();
            INSERT INTO console_sessions (token_hash, api_key_id, expires_at) VALUES (@hash, @keyId, now() + @Idle);
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(sql, new { hash = ApiKeyStore.Hash(token), keyId = key.Id, Idle }, cancellationToken: ct));
        return token;
    }

    /// <summary>The live key behind a live session; slides the expiry (at most once a minute, in the same round trip).</summary>
    public async Task<ApiKey?> FindAsync(string token, CancellationToken ct = default)
    {
        if (token.Length is 0 or > 100)
            return null;
        const string sql = """
            WITH found AS (
                SELECT s.id, k.id AS key_id, k.role, k.label FROM console_sessions s JOIN api_keys k ON k.id = s.api_key_id
                WHERE s.token_hash = @hash AND s.expires_at > now() AND k.revoked_at IS NULL),
            slid AS (
                UPDATE console_sessions s SET last_seen_at = now(), expires_at = least(s.created_at + @Absolute, now() + @Idle)
                FROM found WHERE s.id = found.id AND s.last_seen_at < now() - interval '1 minute')
            SELECT key_id, role, label FROM found
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<(long KeyId, string Role, string Label)?>(new CommandDefinition(sql,
            new { hash = ApiKeyStore.Hash(token), Idle, Absolute }, cancellationToken: ct));
        return row is { } r && Roles.Parse(r.Role) is { } role ? new ApiKey(r.KeyId, role, r.Label) : null;
    }

    public async Task EndAsync(string token, CancellationToken ct = default)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM console_sessions WHERE token_hash = @hash",
            new { hash = ApiKeyStore.Hash(token) }, cancellationToken: ct));
    }
}
