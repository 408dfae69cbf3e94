using Dapper;
using Npgsql;

namespace FraudWatch.IntegrationTests.Reliability;

/// <summary>Reads a test database directly when the host runs as a child process (or its database is down).</summary>
sealed class RelDb(string connectionString) : IAsyncDisposable
{
    readonly NpgsqlDataSource db = NpgsqlDataSource.Create(connectionString);

    public string ConnectionString => connectionString;

    public async Task ExecuteAsync(string sql, object? args = null)
    {
        await using var connection = await db.OpenConnectionAsync();
        await connection.ExecuteAsync(sql, args);
    }

    public async Task<T> ScalarAsync<T>(string sql, object? args = null)
    {
        await using var connection = await db.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<T>(sql, args) ?? throw new InvalidOperationException($"null from {sql}");
    }

    /// <summary>Polls until <paramref name="until"/> holds for the query's value; connection errors count as not yet.</summary>
    public async Task<T?> WaitAsync<T>(string sql, object? args, Func<T?, bool> until, int seconds)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        T? last = default;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                await using var connection = await db.OpenConnectionAsync();
                last = await connection.QuerySingleOrDefaultAsync<T>(sql, args);
                if (until(last))
                    return last;
            }
            catch (NpgsqlException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"Waited {seconds}s for: {sql} (last value: {last})");
    }

    public ValueTask DisposeAsync() => db.DisposeAsync();
}
