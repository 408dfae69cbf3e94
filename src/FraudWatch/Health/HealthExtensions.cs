using System.Text.Json;
using Dapper;
using FraudWatch.Telegram;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace FraudWatch.Health;

public static class HealthExtensions
{
    public static void AddHealth(this WebApplicationBuilder builder) =>
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseCheck>("database", tags: ["ready"])
            .AddCheck<TelegramCheck>("telegram", tags: ["ready"]);

    public static void MapHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = WriteAsync });
    }

    static Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        }));
    }
}

sealed class DatabaseCheck(NpgsqlDataSource db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            await using var connection = await db.OpenConnectionAsync(timeout.Token);
            await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT 1", cancellationToken: timeout.Token));
            return HealthCheckResult.Healthy("reachable");
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy($"unreachable: {e.Message}");
        }
    }
}

sealed class TelegramCheck(TelegramStatus status) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (status.DryRun)
            return Task.FromResult(HealthCheckResult.Healthy("dry-run: nothing is sent"));
        if (status.BotUsername is null)
            return Task.FromResult(HealthCheckResult.Unhealthy($"not signed in yet: {status.LastError ?? "starting"}"));
        return Task.FromResult(status.LastError is null
            ? HealthCheckResult.Healthy($"@{status.BotUsername}, {status.Role}")
            : HealthCheckResult.Degraded($"@{status.BotUsername}, {status.Role}, last error: {status.LastError}"));
    }
}
