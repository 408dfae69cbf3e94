using System.Text.Json;
using Dapper;
using Npgsql;

namespace FraudWatch.Audit;

/// <summary>Every officer and admin action, kept for accountability.</summary>
public sealed class AuditLog(NpgsqlDataSource db)
{
    public async Task WriteAsync(string actor, string action, string subject, object? details = null, CancellationToken ct = default)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO audit_log (actor, action, subject, details) VALUES (@actor, @action, @subject, @details::jsonb)",
            new { actor, action, subject, details = details is null ? null : JsonSerializer.Serialize(details) }, cancellationToken: ct));
    }
}
