using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FraudWatch.Reports;

/// <summary>
/// Readiness says when new reports have nowhere to go: no group was made the duty group, or the bot was removed from
/// it. Degraded, not unhealthy: everything else works, and the reports are kept, listed, and posted once there is one.
/// </summary>
sealed class DutyGroupCheck(ReportStore reports) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            var waiting = await reports.CountDutyPostsWithNowhereToGoAsync(timeout.Token);
            return waiting == 0
                ? HealthCheckResult.Healthy("no report waits for a duty group")
                : HealthCheckResult.Degraded(string.Create(CultureInfo.InvariantCulture,
                    $"{waiting} new reports wait for the duty group, but there is none (or the bot was removed from it): an officer sends /duty in the group that should get them"));
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or OperationCanceledException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Degraded($"unknown, the database did not answer: {e.Message}");
        }
    }
}
