using System.Text.Json;
using Dapper;
using FraudWatch.Detection;
using Npgsql;

namespace FraudWatch.Reports;

public sealed record Report
{
    public long Id { get; init; }
    public long? GroupId { get; init; }
    public long? GroupChatId { get; init; }
    public string? Township { get; init; }
    public string? Village { get; init; }
    public long ChatId { get; init; }
    public long MessageId { get; init; }
    /// <summary>0 once retention has dropped the id (the pseudonym stays).</summary>
    public long ReporterUserId { get; init; }
    public string? ReporterPseudonym { get; init; }
    public string Text { get; init; } = "";
    public string Language { get; init; } = "zh-CN";
    /// <summary>The reporter's own language in a private chat (null for reports made before it was kept).</summary>
    public string? ReporterLanguage { get; init; }
    public string FraudType { get; init; } = FraudTypes.Other;
    /// <summary>The classifier's guess, once an officer changed <see cref="FraudType"/>; null while that is still the guess.</summary>
    public string? GuessedType { get; init; }
    public string? TypeBy { get; init; }
    public DateTime? TypeAt { get; init; }
    public double Score { get; init; }
    public string Status { get; init; } = "new";
    public string? Outcome { get; init; }
    public decimal? Amount { get; init; }
    public string? OutcomeNote { get; init; }
    public string? OutcomeBy { get; init; }
    public DateTime? OutcomeAt { get; init; }
    public long? DutyChatId { get; init; }
    public long? DutyMessageId { get; init; }
    public DateTime CreatedAt { get; init; }
}

public sealed record ReportIndicator(long ReportId, string Kind, string Value, string Raw);

/// <summary>
/// A report to store. <paramref name="QueueAnswer"/>: its answer waits for the background answerer from the start, and the
/// report for the background wave join (Telegram's limits are backed up), so intake spends no round trip on either.
/// </summary>
public sealed record NewReport(
    long? GroupId, long? GroupChatId, long ChatId, long MessageId, long ReporterUserId, string ReporterPseudonym, string Text, DetectionResult Detection,
    bool QueueAnswer = false, string? ReporterLanguage = null);

public enum CreateStatus
{
    Created,
    /// <summary>The same command message was handled before (a redelivered update).</summary>
    Existing,
    RateLimited,
}

public sealed record ReportFilter(string? Status, string? Township, string? Village, string? Type, DateTime FromUtc, DateTime ToUtc, int Limit);

public sealed partial class ReportStore(NpgsqlDataSource db)
{
    internal const string Select = """
        SELECT r.id, r.group_id, g.chat_id AS group_chat_id, g.township, g.village, coalesce(r.chat_id, 0) AS chat_id, r.message_id,
               coalesce(r.reporter_user_id, 0) AS reporter_user_id, r.reporter_pseudonym,
               r.text, r.language, r.reporter_language, r.fraud_type, r.guessed_type, r.type_by, r.type_at, r.score, r.status, r.outcome, r.amount, r.outcome_note, r.outcome_by, r.outcome_at,
               r.duty_chat_id, r.duty_message_id, r.created_at
        FROM reports r LEFT JOIN groups g ON g.id = r.group_id
        """;

    /// <summary>
    /// Stores a report with its indicators and its audit entry (by <paramref name="auditActor"/>), and notes its reporter
    /// as seen in the report's group (as <see cref="Groups.GroupStore.SeenMemberAsync"/> does), unless the reporter
    /// already filed <paramref name="perHour"/> in the last hour, in one round trip: the statements run as one implicit
    /// transaction, in which a per-reporter advisory lock makes count-then-insert safe across instances; the unique
    /// (chat_id, message_id) makes it idempotent. Kept to one round trip because it is the hot path of a report burst.
    /// </summary>
    public async Task<(CreateStatus Status, Report? Report)> CreateAsync(NewReport report, int perHour, string auditActor, CancellationToken ct = default)
    {
        const string sql = $"""
            SELECT pg_advisory_xact_lock(7418003, hashtext(@ReporterUserId::text));
            WITH created AS (
                INSERT INTO reports (group_id, chat_id, message_id, reporter_user_id, reporter_pseudonym, in_county, text, language, reporter_language,
                                     fraud_type, score, answer_pending, wave_pending)
                SELECT @GroupId, @ChatId, @MessageId, @ReporterUserId, @ReporterPseudonym,
                       EXISTS (SELECT 1 FROM groups WHERE id = @GroupId AND status = 'active')
                       OR EXISTS (SELECT 1 FROM group_members_seen s JOIN groups g ON g.id = s.group_id
                                  WHERE s.user_id = @ReporterUserId AND g.status = 'active'),
                       @Text, @Language, @ReporterLanguage, @Type, @Score, @QueueAnswer, @QueueAnswer
                WHERE NOT EXISTS (SELECT 1 FROM reports WHERE chat_id = @ChatId AND message_id = @MessageId)
                  AND (SELECT count(*) FROM reports WHERE reporter_user_id = @ReporterUserId AND created_at > now() - interval '1 hour') < @perHour
                RETURNING id
            ), indicators AS (
                INSERT INTO report_indicators (report_id, kind, value, raw)
                SELECT created.id, x.kind, x.value, x.raw FROM created, unnest(@kinds, @values, @raws) AS x(kind, value, raw)
                ON CONFLICT DO NOTHING
            ), audited AS (
                INSERT INTO audit_log (actor, action, subject, details)
                SELECT @auditActor, 'report.create', 'report:' || created.id, @details::jsonb FROM created
            ), seen AS (
                INSERT INTO group_members_seen (user_id, group_id)
                SELECT @ReporterUserId, g.id FROM created, groups g WHERE g.id = @GroupId AND g.status = 'active'
                ON CONFLICT (user_id, group_id) DO UPDATE SET last_seen = now()
            )
            SELECT id FROM created;
            {Select} WHERE r.chat_id = @ChatId AND r.message_id = @MessageId;
            """;
        var detection = report.Detection;
        // The reporter's id stays out of the audit trail: analysts read it.
        var details = JsonSerializer.Serialize(new { type = detection.Classification.Type, indicators = detection.Indicators.Count, group = report.GroupChatId });
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(sql, new
        {
            report.GroupId, report.ChatId, report.MessageId, report.ReporterUserId, report.ReporterPseudonym, report.Text, report.QueueAnswer, report.ReporterLanguage,
            detection.Language, detection.Classification.Type, detection.Classification.Score, perHour,
            kinds = detection.Indicators.Select(i => i.KindCode).ToArray(),
            values = detection.Indicators.Select(i => i.Value).ToArray(),
            raws = detection.Indicators.Select(i => i.Raw).ToArray(),
            auditActor, details,
        }, cancellationToken: ct));
        await results.ReadAsync<object>();
        var created = (await results.ReadAsync<long>()).Any();
        var stored = await results.ReadSingleOrDefaultAsync<Report>();
        if (created)
            Telemetry.ReportIngested();
        return (created, stored) switch
        {
            (true, { }) => (CreateStatus.Created, stored),
            (false, { }) => (CreateStatus.Existing, stored),
            _ => (CreateStatus.RateLimited, null),
        };
    }

    public async Task<Report?> GetAsync(long id, CancellationToken ct = default)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<Report>(new CommandDefinition($"{Select} WHERE r.id = @id", new { id }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<ReportIndicator>> IndicatorsAsync(IReadOnlyCollection<long> reportIds, CancellationToken ct = default)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<ReportIndicator>(new CommandDefinition(
            "SELECT report_id, kind, value, raw FROM report_indicators WHERE report_id = ANY(@ids) ORDER BY report_id, kind, value",
            new { ids = reportIds.ToArray() }, cancellationToken: ct));
        return rows.AsList();
    }

    /// <summary>Remembers the duty-group post once; a second post for the same report is never recorded over the first.</summary>
    public async Task<bool> SetDutyMessageAsync(long id, long chatId, long messageId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE reports SET duty_chat_id = @chatId, duty_message_id = @messageId WHERE id = @id AND duty_message_id IS NULL",
            new { id, chatId, messageId }, cancellationToken: ct)) == 1;
    }

    /// <summary>
    /// Records an outcome with a conditional update: with <paramref name="onlyIfNew"/> (buttons) the first decision wins;
    /// otherwise (command, API) a correction replaces it, and a repeat of the same decision changes nothing.
    /// Returns the report before and after; After is null when nothing changed.
    /// </summary>
    public Task<(Report? Before, Report? After)> RecordOutcomeAsync(
        long id, string outcome, decimal? amount, string? note, string by, bool onlyIfNew, CancellationToken ct = default) =>
        UpdateLockedAsync(id, """
            UPDATE reports SET status = 'resolved', outcome = @outcome, amount = @amount, outcome_note = @note,
                outcome_by = @by, outcome_at = now()
            WHERE id = @id
              AND (NOT @onlyIfNew OR status = 'new')
              AND (outcome IS DISTINCT FROM @outcome OR amount IS DISTINCT FROM @amount OR outcome_note IS DISTINCT FROM @note)
            """, new { id, outcome, amount, note, by, onlyIfNew }, ct);

    /// <summary>
    /// Sets a report's fraud type as an officer decided it, keeping the classifier's guess in guessed_type the first time.
    /// After is null when the report already had that type (nothing changed); both are null for an unknown report.
    /// </summary>
    public Task<(Report? Before, Report? After)> CorrectTypeAsync(long id, string type, string by, CancellationToken ct = default) =>
        UpdateLockedAsync(id, """
            UPDATE reports SET guessed_type = coalesce(guessed_type, fraud_type), fraud_type = @type, type_by = @by, type_at = now()
            WHERE id = @id AND fraud_type IS DISTINCT FROM @type
            """, new { id, type, by }, ct);

    /// <summary>An officer's decision on one report: the row locked and read, the conditional <paramref name="update"/>
    /// run, the row read again if it changed, in one transaction. Before is null for an unknown report.</summary>
    async Task<(Report? Before, Report? After)> UpdateLockedAsync(long id, string update, object args, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var before = await connection.QuerySingleOrDefaultAsync<Report>(new CommandDefinition(
            $"{Select} WHERE r.id = @id FOR UPDATE OF r", new { id }, transaction, cancellationToken: ct));
        if (before is null)
            return (null, null);
        var updated = await connection.ExecuteAsync(new CommandDefinition(update, args, transaction, cancellationToken: ct));
        Report? after = null;
        if (updated == 1)
            after = await connection.QuerySingleAsync<Report>(new CommandDefinition($"{Select} WHERE r.id = @id", new { id }, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
        return (before, after);
    }

    public async Task<IReadOnlyList<Report>> ListAsync(ReportFilter filter, CancellationToken ct = default)
    {
        var sql = $"""
            {Select}
            WHERE r.created_at >= @FromUtc AND r.created_at < @ToUtc
              AND (@Status::text IS NULL OR r.status = @Status)
              AND (@Township::text IS NULL OR g.township = @Township)
              AND (@Village::text IS NULL OR g.village = @Village)
              AND (@Type::text IS NULL OR r.fraud_type = @Type)
            ORDER BY r.id DESC
            LIMIT @Limit
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<Report>(new CommandDefinition(sql, filter, cancellationToken: ct))).AsList();
    }

    public async Task<IReadOnlyList<AuditEntry>> AuditTrailAsync(long id, CancellationToken ct = default)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<AuditEntry>(new CommandDefinition(
            "SELECT at, actor, action, details::text AS details FROM audit_log WHERE subject = @subject ORDER BY at, id",
            new { subject = $"report:{id}" }, cancellationToken: ct))).AsList();
    }
}

public sealed record AuditEntry(DateTime At, string Actor, string Action, string? Details);
