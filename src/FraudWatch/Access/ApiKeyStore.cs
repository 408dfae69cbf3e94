using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Npgsql;

namespace FraudWatch.Access;

/// <summary>An API key as the rest of the app sees it: never the key itself.</summary>
public sealed record ApiKey(long Id, Role Role, string Label)
{
    /// <summary>How audit entries name the key: two keys with one role stay apart.</summary>
    public string Actor => $"key:{Id}:{Label}";
}

/// <summary>One row of <c>GET /api/v1/keys</c>: what an admin needs to tell keys apart, never the key or its hash.</summary>
public sealed record ApiKeyListing(long Id, string Label, string Role, string Source, DateTime Created, DateTime? LastUsed, DateTime? Revoked);

/// <summary>
/// API keys, stored only as SHA-256 hashes; lookups compare hashes inside PostgreSQL's unique index. Nothing is cached,
/// so a revoked key fails on the next request on every instance.
/// </summary>
public sealed class ApiKeyStore(NpgsqlDataSource db)
{
    public const int MinimumLength = 16;
    public const int MaximumLength = 512;

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>A new key: 32 random bytes, URL-safe, with a prefix that makes a leaked one easy to recognise.</summary>
    public static string NewKey() => "fw_" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>The role of the live key with this text.</summary>
    public async Task<Role?> FindAsync(string key, CancellationToken ct = default) => (await FindKeyAsync(key, ct))?.Role;

    /// <summary>The live key with this text; notes its use (at most once a minute, in the same round trip).</summary>
    public async Task<ApiKey?> FindKeyAsync(string key, CancellationToken ct = default)
    {
        if (key.Length is < MinimumLength or > MaximumLength)
            return null;
        const string sql = """
            WITH found AS (SELECT id, role, label FROM api_keys WHERE key_hash = @hash AND revoked_at IS NULL),
            used AS (
                UPDATE api_keys SET last_used_at = now() FROM found
                WHERE api_keys.id = found.id AND (api_keys.last_used_at IS NULL OR api_keys.last_used_at < now() - interval '1 minute'))
            SELECT id, role, label FROM found
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<(long Id, string Role, string Label)?>(new CommandDefinition(sql, new { hash = Hash(key) }, cancellationToken: ct));
        return row is { } r && Roles.Parse(r.Role) is { } role ? new ApiKey(r.Id, role, r.Label) : null;
    }

    /// <summary>Stores a new key made here; the caller shows <c>Key</c> once and it is never readable again.</summary>
    public async Task<(ApiKey Key, string Secret)> CreateAsync(Role role, string label, string source, CancellationToken ct = default)
    {
        var secret = NewKey();
        await using var connection = await db.OpenConnectionAsync(ct);
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "INSERT INTO api_keys (key_hash, role, label, source) VALUES (@hash, @role, @label, @source) RETURNING id",
            new { hash = Hash(secret), role = role.Name(), label, source }, cancellationToken: ct));
        return (new ApiKey(id, role, label), secret);
    }

    public async Task<IReadOnlyList<ApiKeyListing>> ListAsync(CancellationToken ct = default)
    {
        const string sql = """
            SELECT id, label, role, source, created_at AS created, last_used_at AS last_used, revoked_at AS revoked
            FROM api_keys ORDER BY id
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<ApiKeyListing>(new CommandDefinition(sql, cancellationToken: ct))).AsList();
    }

    /// <summary>Revokes the key and ends its console sessions in one statement; null when there is no such key.</summary>
    public async Task<ApiKey?> RevokeAsync(long id, string by, CancellationToken ct = default)
    {
        const string sql = """
            WITH revoked AS (
                UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()), revoked_by = coalesce(revoked_by, @by)
                WHERE id = @id RETURNING id, role, label),
            ended AS (DELETE FROM console_sessions s USING revoked WHERE s.api_key_id = revoked.id)
            SELECT id, role, label FROM revoked
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<(long Id, string Role, string Label)?>(new CommandDefinition(sql, new { id, by }, cancellationToken: ct));
        return row is { } r ? new ApiKey(r.Id, Roles.Parse(r.Role) ?? Role.Resident, r.Label) : null;
    }

    /// <summary>
    /// Makes the stored settings keys match <c>FraudWatch__ApiKeys</c>: listed keys are stored (and brought back if only
    /// their removal from the settings had revoked them); settings keys no longer listed are revoked with their sessions.
    /// Returns the listed keys an admin revoked, which stay revoked.
    /// </summary>
    public async Task<(int Revoked, int AdminRevokedStillListed)> SyncSettingsKeysAsync(IReadOnlyList<(string Key, Role Role)> listed, CancellationToken ct = default)
    {
        const string upsert = """
            INSERT INTO api_keys (key_hash, role, label, source) VALUES (@hash, @role, @label, 'settings')
            ON CONFLICT (key_hash) DO UPDATE SET role = excluded.role, label = excluded.label, source = 'settings',
                revoked_at = CASE WHEN api_keys.revoked_by = 'settings' THEN NULL ELSE api_keys.revoked_at END,
                revoked_by = CASE WHEN api_keys.revoked_by = 'settings' THEN NULL ELSE api_keys.revoked_by END
            RETURNING revoked_at IS NOT NULL
            """;
        const string revokeMissing = """
            WITH revoked AS (
                UPDATE api_keys SET revoked_at = now(), revoked_by = 'settings'
                WHERE source = 'settings' AND revoked_at IS NULL AND key_hash <> ALL(@hashes) RETURNING id),
            ended AS (DELETE FROM console_sessions s USING revoked WHERE s.api_key_id = revoked.id)
            SELECT count(*) FROM revoked
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var stillRevoked = 0;
        foreach (var (key, role) in listed)
        {
            if (await connection.ExecuteScalarAsync<bool>(new CommandDefinition(upsert,
                new { hash = Hash(key), role = role.Name(), label = $"settings:{role.Name()}" }, transaction, cancellationToken: ct)))
                stillRevoked++;
        }

        var hashes = listed.Select(k => Hash(k.Key)).ToArray();
        var revoked = await connection.ExecuteScalarAsync<long>(new CommandDefinition(revokeMissing, new { hashes }, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
        return ((int)revoked, stillRevoked);
    }

    /// <summary>
    /// On a start with no live admin key anywhere, makes one (under a lock, so instances starting together make one
    /// between them); null when an admin key exists. <c>FirstEver</c> says no key of any kind was ever stored.
    /// </summary>
    public async Task<(ApiKey Key, string Secret, bool FirstEver)?> CreateAdminKeyIfNoneAsync(CancellationToken ct = default)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(7418018)", transaction: transaction, cancellationToken: ct));
        var (live, any) = await connection.QuerySingleAsync<(bool, bool)>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM api_keys WHERE role = 'admin' AND revoked_at IS NULL), EXISTS (SELECT 1 FROM api_keys)",
            transaction: transaction, cancellationToken: ct));
        if (live)
            return null;
        var secret = NewKey();
        const string label = "first start";
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "INSERT INTO api_keys (key_hash, role, label, source) VALUES (@hash, 'admin', @label, 'first_start') RETURNING id",
            new { hash = Hash(secret), label }, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
        return (new ApiKey(id, Role.Admin, label), secret, !any);
    }
}
