using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FraudWatch.Analytics;

/// <summary>Keeps the roll-up's notion of "day" in FraudWatch__TimeZone: rebuilt once when the setting changes.</summary>
sealed class RollupTimeZone(NpgsqlDataSource db, IOptions<FraudWatchOptions> options, ILogger<RollupTimeZone> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var zone = options.Value.TimeZone;
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var stored = await connection.ExecuteScalarAsync<string>("SELECT value FROM app_settings WHERE key = 'time_zone'");
        if (stored == zone)
            return;
        logger.LogInformation("Time zone changed from {Old} to {New}: rebuilding daily statistics", stored, zone);
        await connection.ExecuteAsync(new CommandDefinition("SELECT report_daily_rebuild(@zone)", new { zone }, commandTimeout: 600, cancellationToken: cancellationToken));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
