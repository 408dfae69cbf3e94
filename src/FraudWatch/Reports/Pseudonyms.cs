using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Npgsql;

namespace FraudWatch.Reports;

/// <summary>
/// Stable reporter pseudonyms ("R-" + 8 base32 characters of HMAC-SHA256 over the user id), keyed by a
/// per-installation secret kept in the database, so analysts can tell reporters apart without learning who they are.
/// </summary>
public sealed class Pseudonyms(NpgsqlDataSource db) : IDisposable
{
    public void Dispose() => loading.Dispose();

    const string SecretName = "reporter_pseudonym";
    const string Base32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    readonly SemaphoreSlim loading = new(1, 1);
    byte[]? secret;

    public async Task<string> OfAsync(long userId, CancellationToken ct = default) => Compute(await SecretAsync(ct), userId);

    public async Task<Func<long, string>> ResolverAsync(CancellationToken ct = default)
    {
        var key = await SecretAsync(ct);
        return id => Compute(key, id);
    }

    public static string Compute(byte[] key, long userId)
    {
        var hash = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(userId.ToString(CultureInfo.InvariantCulture)));
        // 40 bits = 8 base32 characters, read from the first five bytes.
        ulong bits = 0;
        for (var i = 0; i < 5; i++)
            bits = (bits << 8) | hash[i];
        var text = new StringBuilder("R-", 10);
        for (var shift = 35; shift >= 0; shift -= 5)
            text.Append(Base32[(int)((bits >> shift) & 31)]);
        return text.ToString();
    }

    async Task<byte[]> SecretAsync(CancellationToken ct)
    {
        if (Volatile.Read(ref secret) is { } known)
            return known;
        await loading.WaitAsync(ct);
        try
        {
            if (secret is not null)
                return secret;
            // Several instances may start at once: the first insert wins and everyone reads that one.
            await using var connection = await db.OpenConnectionAsync(ct);
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO installation_secrets (name, value) VALUES (@SecretName, @value) ON CONFLICT (name) DO NOTHING",
                new { SecretName, value = RandomNumberGenerator.GetBytes(32) }, cancellationToken: ct));
            var value = await connection.QuerySingleAsync<byte[]>(new CommandDefinition(
                "SELECT value FROM installation_secrets WHERE name = @SecretName", new { SecretName }, cancellationToken: ct));
            Volatile.Write(ref secret, value);
            return value;
        }
        finally
        {
            loading.Release();
        }
    }
}
