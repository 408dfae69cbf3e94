using FraudWatch.Audit;
using FraudWatch.Groups;
using FraudWatch.Telegram;
using Hangfire;
using FraudWatch.Waves;
using Microsoft.Extensions.Options;

namespace FraudWatch.Reports;

/// <summary><c>Reports__RetentionDays</c>: how long residents' texts and ids are kept (0 = for ever).</summary>
public sealed class RetentionOptions
{
    /// <summary>Bound from the same section as <see cref="ReportsOptions"/>.</summary>
    public const string Section = ReportsOptions.Section;

    public int RetentionDays { get; set; } = 365;
}

public sealed class RetentionOptionsValidator : IValidateOptions<RetentionOptions>
{
    public ValidateOptionsResult Validate(string? name, RetentionOptions options) => options.RetentionDays is < 0 or > 36_500
        ? ValidateOptionsResult.Fail($"Reports__RetentionDays: {options.RetentionDays} is out of range; use 0 (keep for ever) to 36500 days.")
        : ValidateOptionsResult.Success;
}

/// <summary>
/// Forgets what residents wrote and who they are once it is older than the retention period: report texts and the
/// indicators as written, reporters' Telegram ids (the pseudonym stays) and private chats' ids (in reports and handled updates), officers' notes, warned
/// group messages, wave texts, private checks, everything the bot sent, who was seen in which group, and the payloads
/// of failed updates. Rows, types, places, outcomes, amounts, pseudonyms and normalised indicators stay, so every count,
/// the daily roll-up, reputation and the warning threshold are unchanged.
/// </summary>
public sealed class ReportRetentionJob(
    ReportStore reports, ReputationStore reputation, PrivateCheckStore checks, UpdateInbox updates, AuditLog audit, WaveStore waves,
    Pseudonyms pseudonyms, BotMessageStore botMessages, GroupStore groups, CountyModelStore countyModels, TimeProvider clock,
    IOptions<RetentionOptions> options, ILogger<ReportRetentionJob> logger)
{
    public const string RecurringId = "report-retention";

    /// <returns>How many rows were blanked or deleted.</returns>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        // Before any id is dropped, every report gets its pseudonym (reports filed before it was stored have none).
        await reports.StorePseudonymsAsync(await pseudonyms.ResolverAsync(ct), ct);
        var days = options.Value.RetentionDays;
        if (days == 0)
            return 0;
        var cutoff = clock.GetUtcNow().UtcDateTime.AddDays(-days);
        // Reports first: whether a reporter was seen in the county is read before the seen list is cut (last).
        var changed = await reports.ForgetOlderThanAsync(cutoff, ct);
        changed += await reputation.ForgetOlderThanAsync(cutoff, ct);
        changed += await updates.ForgetOlderThanAsync(cutoff, ct);
        changed += await audit.ForgetNotesOlderThanAsync(cutoff, ct);
        changed += await checks.DeleteOlderThanAsync(cutoff, ct);
        changed += await waves.ForgetOlderThanAsync(cutoff, ct);
        changed += await countyModels.DeleteOlderThanAsync(cutoff, ct);
        // The seen list is read above (a reporter seen in the county keeps counting), so it is cut only afterwards.
        changed += await botMessages.DeleteOlderThanAsync(cutoff, ct);
        changed += await groups.ForgetMembersSeenBeforeAsync(cutoff, ct);
        if (changed > 0)
            logger.LogInformation("Retention: forgot {Count} texts, ids and messages older than {Days} days; counts are kept", changed, days);
        return changed;
    }
}

/// <summary>
/// Registers the daily job in the county's time zone, or removes it when texts are kept for ever; and gives reports
/// filed before pseudonyms were stored theirs, in the background, so distinct-reporter counts never mix the two.
/// </summary>
sealed class RetentionRegistration(
    IRecurringJobManager jobs, IOptions<RetentionOptions> retention, IOptions<FraudWatchOptions> options, ReportStore reports, Pseudonyms pseudonyms,
    ILogger<RetentionRegistration> logger) : IHostedService, IDisposable
{
    readonly CancellationTokenSource stopping = new();
    Task backfill = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (retention.Value.RetentionDays == 0)
            jobs.RemoveIfExists(ReportRetentionJob.RecurringId);
        else
            jobs.AddOrUpdate<ReportRetentionJob>(ReportRetentionJob.RecurringId, job => job.RunAsync(CancellationToken.None), "45 3 * * *",
                new RecurringJobOptions { TimeZone = options.Value.Zone });
        backfill = BackfillAsync(stopping.Token);
        return Task.CompletedTask;
    }

    async Task BackfillAsync(CancellationToken ct)
    {
        await Task.Yield();
        try
        {
            var stored = await reports.StorePseudonymsAsync(await pseudonyms.ResolverAsync(ct), ct);
            if (stored > 0)
                logger.LogInformation("Stored the pseudonym of {Count} earlier reports", stored);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The daily retention job stores them too, before it drops any id.
            logger.LogWarning(e, "Could not store the pseudonyms of earlier reports now; the retention job will");
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await stopping.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            // Stopped again after the host disposed its services (a test host's DisposeAsync after the host stopped on
            // its own): the backfill was cancelled the first time.
        }

        await backfill;
    }

    public void Dispose() => stopping.Dispose();
}
