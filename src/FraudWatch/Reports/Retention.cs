using Dapper;
using Hangfire;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FraudWatch.Reports;

/// <summary><c>Reports__RetentionDays</c>: how long report and warned-message texts are kept (0 = for ever).</summary>
public sealed class RetentionOptions
{
    public int RetentionDays { get; set; } = 365;
}

public sealed class RetentionOptionsValidator : IValidateOptions<RetentionOptions>
{
    public ValidateOptionsResult Validate(string? name, RetentionOptions options) => options.RetentionDays is < 0 or > 36_500
        ? ValidateOptionsResult.Fail($"Reports__RetentionDays: {options.RetentionDays} is out of range; use 0 (keep for ever) to 36500 days.")
        : ValidateOptionsResult.Success;
}

/// <summary>
/// Blanks what residents wrote once it is older than the retention period: report texts, the indicators as written,
/// warned group messages and the payloads of failed updates. Rows, types, places, outcomes, amounts and normalised
/// indicators stay, so every count, the daily roll-up and reputation are unchanged.
/// </summary>
public sealed class ReportRetentionJob(NpgsqlDataSource db, IOptions<RetentionOptions> options, ILogger<ReportRetentionJob> logger)
{
    public const string RecurringId = "report-retention";

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var days = options.Value.RetentionDays;
        if (days == 0)
            return 0;
        const string sql = """
            WITH reports_blanked AS (
                UPDATE reports SET text = '' WHERE created_at < now() - make_interval(days => @days) AND text <> '' RETURNING id),
            raw_blanked AS (
                UPDATE report_indicators i SET raw = '' FROM reports r
                WHERE r.id = i.report_id AND r.created_at < now() - make_interval(days => @days) AND i.raw <> '' RETURNING 1),
            warnings_blanked AS (
                UPDATE warnings_sent SET text = '' WHERE created_at < now() - make_interval(days => @days) AND text <> '' RETURNING 1),
            updates_blanked AS (
                UPDATE telegram_updates SET payload = NULL WHERE payload IS NOT NULL AND status = 'failed'
                  AND received_at < now() - make_interval(days => @days) RETURNING 1)
            SELECT (SELECT count(*) FROM reports_blanked) + (SELECT count(*) FROM warnings_blanked) + (SELECT count(*) FROM updates_blanked)
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        var blanked = await connection.ExecuteScalarAsync<int>(new CommandDefinition(sql, new { days }, cancellationToken: ct));
        if (blanked > 0)
            logger.LogInformation("Retention: blanked {Count} texts older than {Days} days; counts are kept", blanked, days);
        return blanked;
    }
}

public static class RetentionExtensions
{
    public static void AddReportRetention(this WebApplicationBuilder builder)
    {
        builder.AddValidatedOptions<RetentionOptions, RetentionOptionsValidator>(ReportsOptions.Section);
        builder.Services.AddTransient<ReportRetentionJob>();
        builder.Services.AddHostedService<RetentionRegistration>();
    }
}

/// <summary>Registers the daily job in the county's time zone, or removes it when texts are kept for ever.</summary>
sealed class RetentionRegistration(IRecurringJobManager jobs, IOptions<RetentionOptions> retention, IOptions<FraudWatchOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (retention.Value.RetentionDays == 0)
            jobs.RemoveIfExists(ReportRetentionJob.RecurringId);
        else
            jobs.AddOrUpdate<ReportRetentionJob>(ReportRetentionJob.RecurringId, job => job.RunAsync(CancellationToken.None), "45 3 * * *",
                new RecurringJobOptions { TimeZone = options.Value.Zone });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
