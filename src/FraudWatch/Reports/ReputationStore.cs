using Dapper;
using Npgsql;

namespace FraudWatch.Reports;

/// <summary>What is known about one number or link. Reporters appear only as a count.</summary>
public sealed record Reputation
{
    public string Kind { get; init; } = "";
    public string Value { get; init; } = "";
    public long Reports { get; init; }
    public long Reporters { get; init; }
    public string[] Villages { get; init; } = [];
    public string[] Types { get; init; } = [];
    public DateTime? FirstSeen { get; init; }
    public DateTime? LastSeen { get; init; }
    public string? Verdict { get; init; }
    public DateTime? VerdictAt { get; init; }
    public string? VerdictNote { get; init; }
    /// <summary>The largest wave whose reports hold this number or link (null when none has two reports or more), its reports and villages.</summary>
    public long? WaveId { get; init; }
    public int WaveReports { get; init; }
    public int WaveVillages { get; init; }
}

/// <summary>
/// An indicator in a group message that calls for a warning: confirmed by an officer (<c>confirmed</c>), reported by
/// enough people (<c>reported</c>), or seen in a scam wave that enough people reported (<c>wave</c>, <paramref name="WaveId"/>).
/// </summary>
public sealed record HotIndicator(string Kind, string Value, string Reason, long Reporters, long? WaveId = null);

public sealed partial class ReputationStore(NpgsqlDataSource db)
{
    /// <summary>
    /// Whether report r counts toward a warning: not judged not_fraud, and from the county (made in a bound group, or its
    /// reporter has been seen in one; throwaway accounts reporting in private are kept for officers but move nothing).
    /// </summary>
    const string CountsTowardWarnings = """
        r.outcome IS DISTINCT FROM 'not_fraud'
        AND (r.in_county OR EXISTS (
            SELECT 1 FROM group_members_seen s JOIN groups g ON g.id = s.group_id
            WHERE s.user_id = r.reporter_user_id AND g.status = 'active'))
        """;

    /// <summary>Distinct reporters, counted as for warnings, of the reports in the wave <c>wave_ref</c> (a row of waves in scope).</summary>
    const string WaveReporters = $"""
        (SELECT count(DISTINCT coalesce(r.reporter_pseudonym, r.reporter_user_id::text))
         FROM wave_texts wt JOIN reports r ON r.id = wt.report_id
         WHERE wt.wave_id = wave_ref.id AND {CountsTowardWarnings})
        """;

    public async Task<IReadOnlyList<Reputation>> LookupAsync(IReadOnlyList<(string Kind, string Value)> indicators, CancellationToken ct = default)
    {
        if (indicators.Count == 0)
            return [];
        const string sql = """
            SELECT x.kind, x.value,
                   count(DISTINCT r.id) AS reports,
                   count(DISTINCT coalesce(r.reporter_pseudonym, r.reporter_user_id::text)) AS reporters,
                   -- A village is a name in a township: a name two townships share counts twice and shows its township.
                   ARRAY(SELECT CASE WHEN count(*) OVER (PARTITION BY p.village) > 1 AND p.township IS NOT NULL
                                     THEN p.village || '（' || p.township || '）' ELSE p.village END
                         FROM (SELECT DISTINCT g2.village, g2.township FROM report_indicators i2
                               JOIN reports r2 ON r2.id = i2.report_id JOIN groups g2 ON g2.id = r2.group_id
                               WHERE i2.kind = x.kind AND i2.value = x.value AND g2.village IS NOT NULL) p
                         ORDER BY p.village, p.township) AS villages,
                   coalesce(array_agg(DISTINCT r.fraud_type) FILTER (WHERE r.id IS NOT NULL), '{}') AS types,
                   min(r.created_at) AS first_seen, max(r.created_at) AS last_seen,
                   v.verdict, v.at AS verdict_at, v.note AS verdict_note,
                   w.id AS wave_id, coalesce(w.report_count, 0) AS wave_reports, coalesce(w.villages, 0)::int AS wave_villages
            FROM unnest(@kinds, @values) WITH ORDINALITY AS x(kind, value, ord)
            LEFT JOIN report_indicators i ON i.kind = x.kind AND i.value = x.value
            LEFT JOIN reports r ON r.id = i.report_id
            LEFT JOIN groups g ON g.id = r.group_id
            LEFT JOIN indicator_verdicts v ON v.kind = x.kind AND v.value = x.value
            LEFT JOIN LATERAL (
                SELECT w.id, w.report_count, (SELECT count(*) FROM wave_villages wv WHERE wv.wave_id = w.id) AS villages
                FROM wave_indicators wi JOIN waves w ON w.id = wi.wave_id
                WHERE wi.kind = x.kind AND wi.value = x.value AND w.report_count >= 2
                ORDER BY w.report_count DESC, w.id LIMIT 1) w ON true
            GROUP BY x.ord, x.kind, x.value, v.verdict, v.at, v.note, w.id, w.report_count, w.villages
            ORDER BY x.ord
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<Reputation>(new CommandDefinition(sql, new
        {
            kinds = indicators.Select(i => i.Kind).ToArray(),
            values = indicators.Select(i => i.Value).ToArray(),
        }, cancellationToken: ct));
        return rows.AsList();
    }

    /// <summary>
    /// The indicators that warrant a warning, the one to name first: an officer's confirmation first, else at least
    /// <paramref name="minReporters"/> distinct reporters from the county (<see cref="CountsTowardWarnings"/>; an officer's
    /// not_fraud verdict silences it), else a wave holding it whose reports come from that many reporters: a new number in a
    /// known wave counts like a reported one (PRODUCT.md section 9).
    /// </summary>
    public async Task<IReadOnlyList<HotIndicator>> FindHotAsync(IReadOnlyList<(string Kind, string Value)> indicators, int minReporters, CancellationToken ct = default)
    {
        // The wave count is only worked out (a one-time filter in the lateral) for an indicator without enough reporters of its own.
        const string sql = $"""
            SELECT kind, value, reason, reporters, wave_id AS WaveId FROM (
                SELECT t.kind, t.value, t.ord, t.verdict, w.wave_id,
                       CASE WHEN t.verdict = 'confirmed_fraud' THEN 'confirmed' WHEN t.reporters >= @minReporters THEN 'reported' ELSE 'wave' END AS reason,
                       CASE WHEN t.verdict IS NOT NULL OR t.reporters >= @minReporters THEN t.reporters ELSE w.reporters END AS reporters
                FROM (
                    SELECT x.kind, x.value, x.ord, v.verdict,
                           (SELECT count(DISTINCT coalesce(r.reporter_pseudonym, r.reporter_user_id::text))
                            FROM report_indicators i JOIN reports r ON r.id = i.report_id
                            WHERE i.kind = x.kind AND i.value = x.value AND {CountsTowardWarnings}) AS reporters
                    FROM unnest(@kinds, @values) WITH ORDINALITY AS x(kind, value, ord)
                    LEFT JOIN indicator_verdicts v ON v.kind = x.kind AND v.value = x.value
                ) t
                LEFT JOIN LATERAL (
                    SELECT wi.wave_id, {WaveReporters} AS reporters
                    FROM wave_indicators wi JOIN waves wave_ref ON wave_ref.id = wi.wave_id
                    WHERE wi.kind = t.kind AND wi.value = t.value AND wave_ref.report_count >= @minReporters
                      AND t.verdict IS NULL AND t.reporters < @minReporters
                    ORDER BY 2 DESC LIMIT 1) w ON true
            ) hot
            WHERE verdict = 'confirmed_fraud' OR (verdict IS NULL AND reporters >= @minReporters)
            ORDER BY (verdict IS NOT NULL) DESC, reason = 'wave', ord
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<HotIndicator>(new CommandDefinition(sql, new
        {
            kinds = indicators.Select(i => i.Kind).ToArray(),
            values = indicators.Select(i => i.Value).ToArray(),
            minReporters,
        }, cancellationToken: ct))).AsList();
    }

    /// <summary>Distinct reporters of a wave's reports, counted as for warnings (<see cref="CountsTowardWarnings"/>).</summary>
    public async Task<long> WaveReportersAsync(long waveId, CancellationToken ct = default)
    {
        const string sql = $"SELECT {WaveReporters} FROM waves wave_ref WHERE wave_ref.id = @waveId";
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(sql, new { waveId }, cancellationToken: ct));
    }

    /// <summary>
    /// Claims the one warning a message may get, about the first of <paramref name="hot"/> this group was not warned about
    /// in the last <paramref name="quiet"/>; null when the message was warned already or every one of them was warned about
    /// lately. A per-group lock makes look-then-insert safe when the same number arrives on several instances at once.
    /// </summary>
    public async Task<(long Id, HotIndicator Hot)?> ClaimWarningAsync(
        long chatId, long messageId, long groupId, IReadOnlyList<HotIndicator> hot, string text, TimeSpan quiet, CancellationToken ct = default)
    {
        const string sql = """
            SELECT pg_advisory_xact_lock(7418030, hashtext(@groupId::text));
            INSERT INTO warnings_sent (chat_id, message_id, group_id, kind, value, reason, text)
            SELECT @chatId, @messageId, @groupId, x.kind, x.value, x.reason, @text
            FROM unnest(@kinds, @values, @reasons) WITH ORDINALITY AS x(kind, value, reason, ord)
            WHERE NOT EXISTS (SELECT 1 FROM warnings_sent w WHERE w.chat_id = @chatId AND w.message_id = @messageId)
              AND NOT EXISTS (SELECT 1 FROM warnings_sent w
                              WHERE w.group_id = @groupId AND w.kind = x.kind AND w.value = x.value AND w.created_at > now() - @quiet)
            ORDER BY x.ord
            LIMIT 1
            ON CONFLICT (chat_id, message_id) DO NOTHING
            RETURNING id, kind, value;
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(sql, new
        {
            chatId, messageId, groupId, text, quiet,
            kinds = hot.Select(h => h.Kind).ToArray(),
            values = hot.Select(h => h.Value).ToArray(),
            reasons = hot.Select(h => h.Reason).ToArray(),
        }, cancellationToken: ct));
        await results.ReadAsync<object>();
        if ((await results.ReadAsync<(long Id, string Kind, string Value)>()).AsList() is not [var claimed])
            return null;
        return (claimed.Id, hot.First(h => h.Kind == claimed.Kind && h.Value == claimed.Value));
    }

    public async Task SetWarningMessageAsync(long warningId, long botMessageId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE warnings_sent SET bot_message_id = @botMessageId WHERE id = @warningId", new { warningId, botMessageId }, cancellationToken: ct));
    }

    public async Task SetVerdictAsync(string kind, string value, string verdict, string by, string? note, CancellationToken ct = default)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO indicator_verdicts (kind, value, verdict, by, note) VALUES (@kind, @value, @verdict, @by, @note)
            ON CONFLICT (kind, value) DO UPDATE SET verdict = excluded.verdict, by = excluded.by, at = now(), note = excluded.note
            """, new { kind, value, verdict, by, note }, cancellationToken: ct));
    }
}

/// <summary>Warnings that could not go out at once wait on their claim row (warnings_sent) with their text.</summary>
public sealed partial class ReputationStore
{
    public async Task QueueWarningAsync(long warningId, string reply, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE warnings_sent SET pending = true, claimed_at = NULL, reply = @reply WHERE id = @warningId",
            new { warningId, reply }, cancellationToken: ct));
    }

    /// <summary>
    /// Claims up to a batch of waiting warnings, with a lease: a claim whose instance died is taken again. The claimer renews
    /// the lease while it sends (<see cref="RenewWarningClaimAsync"/>), so a live claim is never taken.
    /// </summary>
    public async Task<IReadOnlyList<QueuedWarning>> ClaimWarningsAsync(TimeSpan lease, int batch, CancellationToken ct)
    {
        const string sql = """
            UPDATE warnings_sent SET claimed_at = now()
            WHERE id IN (
                SELECT id FROM warnings_sent
                WHERE pending AND (claimed_at IS NULL OR claimed_at < now() - @lease)
                ORDER BY id LIMIT @batch
                FOR UPDATE SKIP LOCKED)
            RETURNING id, chat_id, message_id, reply, claimed_at
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<QueuedWarning>(new CommandDefinition(sql, new { lease, batch }, cancellationToken: ct))).AsList();
    }

    /// <summary>Renews the claim on those of its warnings still waiting; returns the ids still held and the claim's new time.</summary>
    public async Task<QueueClaim> RenewWarningClaimAsync(QueueClaim claim, CancellationToken ct)
    {
        const string sql = """
            UPDATE warnings_sent SET claimed_at = now()
            WHERE id = ANY(@ids) AND pending AND claimed_at = @at
            RETURNING id, claimed_at
            """;
        return await QueueClaimStore.RenewAsync(db, sql, claim, ct);
    }

    public async Task WarningSentAsync(long warningId, long? botMessageId, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE warnings_sent SET pending = false, bot_message_id = @botMessageId WHERE id = @warningId",
            new { warningId, botMessageId }, cancellationToken: ct));
    }
}

public sealed record QueuedWarning(long Id, long ChatId, long MessageId, string Reply, DateTime ClaimedAt);
