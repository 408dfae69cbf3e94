using System.Security.Cryptography;
using System.Text.Json;
using Dapper;
using FraudWatch.Access;
using FraudWatch.Telegram;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FraudWatch.Health;

public static class HealthExtensions
{
    public static void AddHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseCheck>("database", tags: ["ready"])
            .AddCheck<TelegramCheck>("telegram", tags: ["ready"]);
        // Health-check endpoints are not route handlers, so the OpenAPI document learns of them here.
        builder.Services.Configure<OpenApiOptions>("v1", o => o.AddDocumentTransformer((document, _, _) =>
        {
            HealthDocument.Describe(document);
            return Task.CompletedTask;
        }));
    }

    public static void MapHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = WriteAsync });
    }

    /// <summary>
    /// Everyone gets the status (200 or 503) and <c>{"status": ...}</c>; the checks' descriptions (bot username,
    /// last Telegram error, database error text) only go to a caller with an admin API key as Bearer.
    /// </summary>
    static async Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json";
        http.Response.Headers.CacheControl = "no-store";
        object body = await IsAdminAsync(http)
            ? new
            {
                status = report.Status.ToString(),
                checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
            }
            : new { status = report.Status.ToString() };
        await http.Response.WriteAsync(JsonSerializer.Serialize(body));
    }

    static async Task<bool> IsAdminAsync(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return false;
        var bearer = header["Bearer ".Length..].Trim();
        if (bearer.Length is 0 or > 512)
            return false;
        // Admin keys from settings are checked first, so an admin still sees why the database is unreachable.
        var given = ApiKeyStore.Hash(bearer);
        var settings = http.RequestServices.GetRequiredService<IOptions<FraudWatchOptions>>().Value;
        var adminHashes = settings.BootstrapKeys.Where(k => k.Role == Role.Admin).Select(k => ApiKeyStore.Hash(k.Key));
        if (adminHashes.Any(hash => CryptographicOperations.FixedTimeEquals(given, hash)))
            return true;
        try
        {
            return await http.RequestServices.GetRequiredService<ApiKeyStore>().FindAsync(bearer, http.RequestAborted) is Role.Admin;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException or OperationCanceledException)
        {
            return false;
        }
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

/// <summary>
/// Ready when messages can reach Telegram: in dry-run; or signed in (getMe answered and, in webhook mode, setWebhook took
/// the URL) with the calls since succeeding. A token Telegram refuses (401, or 404 on getMe/getUpdates) is unhealthy at
/// once. Any other failure (network, 5xx, 409, 429) is only degraded, still 200, until calls have failed for
/// <see cref="Grace"/> with none succeeding: one failed long poll does not flap readiness, an outage does show.
/// </summary>
sealed class TelegramCheck(TelegramStatus status) : IHealthCheck
{
    internal static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(Check());

    HealthCheckResult Check()
    {
        if (status.DryRun)
            return HealthCheckResult.Healthy("dry-run: nothing is sent");
        if (status.TokenRefused)
            return HealthCheckResult.Unhealthy($"token refused (wrong or revoked, or Telegram__ApiBaseUrl is not a Bot API): {status.LastError}");
        if (!status.SignedIn)
            return HealthCheckResult.Unhealthy($"not signed in yet: {status.LastError ?? "starting"}");
        if (status.LastError is null)
            return HealthCheckResult.Healthy($"@{status.BotUsername}, {status.Role}");
        var failing = status.FailingFor;
        var detail = $"@{status.BotUsername}, {status.Role}, failing for {failing.TotalSeconds:0} s: {status.LastError}";
        return failing >= Grace ? HealthCheckResult.Unhealthy(detail) : HealthCheckResult.Degraded(detail);
    }
}
