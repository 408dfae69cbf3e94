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

    /// <summary>Retention: the free-text notes of entries older than the cutoff; who did what, and when, stays.</summary>
    public async Task<int> ForgetNotesOlderThanAsync(DateTime cutoff, CancellationToken ct)
    {
        const string sql = """
            UPDATE audit_log SET details = details - 'note' - 'Note'
            WHERE at < @cutoff AND jsonb_typeof(details) = 'object' AND details ?| array['note', 'Note']
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(sql, new { cutoff }, cancellationToken: ct));
    }
}
