using Dapper;
using FraudWatch.Groups;
using FraudWatch.Telegram;
using Hangfire;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FraudWatch.Reports;

/// <summary><c>Reports__RetentionDays</c>: how long residents' texts and ids are kept (0 = for ever).</summary>
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
/// Forgets what residents wrote and who they are once it is older than the retention period: report texts and the
/// indicators as written, reporters' Telegram ids (the pseudonym stays) and private chats' ids (in reports and handled updates), officers' notes, warned
/// group messages, wave texts, private checks, everything the bot sent, who was seen in which group, and the payloads
/// of failed updates. Rows, types, places, outcomes, amounts, pseudonyms and normalised indicators stay, so every count,
/// the daily roll-up, reputation and the warning threshold are unchanged.
/// </summary>
public sealed class ReportRetentionJob(
    NpgsqlDataSource db, ReportStore reports, Pseudonyms pseudonyms, BotMessageStore botMessages, GroupStore groups, TimeProvider clock,
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
        const string sql = """
            WITH reports_forgotten AS (
                UPDATE reports r SET text = '', outcome_note = NULL, reporter_user_id = NULL,
                    chat_id = CASE WHEN r.chat_id > 0 THEN NULL ELSE r.chat_id END,
                    in_county = r.in_county OR EXISTS (
                        SELECT 1 FROM group_members_seen s JOIN groups g ON g.id = s.group_id
                        WHERE s.user_id = r.reporter_user_id AND g.status = 'active')
                WHERE r.created_at < @cutoff AND r.reporter_pseudonym IS NOT NULL
                  AND (r.text <> '' OR r.outcome_note IS NOT NULL OR r.reporter_user_id IS NOT NULL OR r.chat_id > 0)
                RETURNING r.id),
            raw_blanked AS (
                UPDATE report_indicators i SET raw = '' FROM reports r
                WHERE r.id = i.report_id AND r.created_at < @cutoff AND i.raw <> '' RETURNING 1),
            warnings_blanked AS (
                UPDATE warnings_sent SET text = '', reply = NULL
                WHERE created_at < @cutoff AND NOT pending AND (text <> '' OR reply IS NOT NULL) RETURNING 1),
            updates_blanked AS (
                UPDATE telegram_updates SET payload = NULL, error = NULL, chat_id = CASE WHEN chat_id > 0 THEN 0 ELSE chat_id END
                WHERE status <> 'received' AND received_at < @cutoff AND (payload IS NOT NULL OR chat_id > 0) RETURNING 1),
            notes_cleared AS (
                UPDATE audit_log SET details = details - 'note' - 'Note'
                WHERE at < @cutoff AND jsonb_typeof(details) = 'object' AND details ?| array['note', 'Note'] RETURNING 1),
            verdict_notes_cleared AS (
                UPDATE indicator_verdicts SET note = NULL WHERE at < @cutoff AND note IS NOT NULL RETURNING 1),
            checks_deleted AS (
                DELETE FROM private_checks WHERE created_at < @cutoff RETURNING 1),
            wave_texts_blanked AS (
                UPDATE wave_texts SET text = '', masked_text = '' WHERE created_at < @cutoff AND (text <> '' OR masked_text <> '') RETURNING 1),
            waves_blanked AS (
                UPDATE waves SET representative_text = '' WHERE last_seen < @cutoff AND representative_text <> '' RETURNING 1)
            SELECT (SELECT count(*) FROM reports_forgotten) + (SELECT count(*) FROM warnings_blanked) + (SELECT count(*) FROM updates_blanked)
                 + (SELECT count(*) FROM notes_cleared) + (SELECT count(*) FROM verdict_notes_cleared) + (SELECT count(*) FROM checks_deleted)
                 + (SELECT count(*) FROM wave_texts_blanked) + (SELECT count(*) FROM waves_blanked)
            """;
        int changed;
        await using (var connection = await db.OpenConnectionAsync(ct))
            changed = await connection.ExecuteScalarAsync<int>(new CommandDefinition(sql, new { cutoff }, cancellationToken: ct));
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
        await stopping.CancelAsync();
        await backfill;
    }

    public void Dispose() => stopping.Dispose();
}
