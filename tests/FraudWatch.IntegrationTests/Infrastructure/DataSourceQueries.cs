using Dapper;
using Npgsql;

namespace FraudWatch.IntegrationTests.Infrastructure;

/// <summary>One-call reads for assertions, on a connection of its own.</summary>
public static class DataSourceQueries
{
    public static async Task<T> ScalarAsync<T>(this NpgsqlDataSource db, string sql, object? args = null)
    {
        await using var connection = await db.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<T>(sql, args) ?? throw new InvalidOperationException($"null from {sql}");
    }

    public static async Task<IReadOnlyList<T>> QueryListAsync<T>(this NpgsqlDataSource db, string sql, object? args = null)
    {
        await using var connection = await db.OpenConnectionAsync();
        return (await connection.QueryAsync<T>(sql, args)).AsList();
    }
}
