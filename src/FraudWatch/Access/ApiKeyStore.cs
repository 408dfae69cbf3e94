using System.Security.Cryptography;
using System.Text;
using Dapper;
using Npgsql;

namespace FraudWatch.Access;

/// <summary>API keys, stored only as SHA-256 hashes; lookups compare hashes inside PostgreSQL's unique index.</summary>
public sealed class ApiKeyStore(NpgsqlDataSource db)
{
    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    public async Task<Role?> FindAsync(string key, CancellationToken ct = default)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var role = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT role FROM api_keys WHERE key_hash = @hash AND revoked_at IS NULL", new { hash = Hash(key) }, cancellationToken: ct));
        return Roles.Parse(role);
    }

    public async Task AddAsync(string key, Role role, string label, CancellationToken ct = default)
    {
        const string sql = """
            INSERT INTO api_keys (key_hash, role, label) VALUES (@hash, @role, @label)
            ON CONFLICT (key_hash) DO UPDATE SET role = excluded.role, revoked_at = NULL
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(sql, new { hash = Hash(key), role = role.Name(), label }, cancellationToken: ct));
    }
}
