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
}

/// <summary>An indicator in a group message that calls for a warning: confirmed by an officer, or reported by enough people.</summary>
public sealed record HotIndicator(string Kind, string Value, string Reason, long Reporters);

public sealed partial class ReputationStore(NpgsqlDataSource db)
{
    public async Task<IReadOnlyList<Reputation>> LookupAsync(IReadOnlyList<(string Kind, string Value)> indicators, CancellationToken ct = default)
    {
        if (indicators.Count == 0)
            return [];
        const string sql = """
            SELECT x.kind, x.value,
                   count(DISTINCT r.id) AS reports,
                   count(DISTINCT coalesce(r.reporter_pseudonym, r.reporter_user_id::text)) AS reporters,
                   coalesce(array_agg(DISTINCT g.village) FILTER (WHERE g.village IS NOT NULL), '{}') AS villages,
                   coalesce(array_agg(DISTINCT r.fraud_type) FILTER (WHERE r.id IS NOT NULL), '{}') AS types,
                   min(r.created_at) AS first_seen, max(r.created_at) AS last_seen,
                   v.verdict, v.at AS verdict_at, v.note AS verdict_note
            FROM unnest(@kinds, @values) WITH ORDINALITY AS x(kind, value, ord)
            LEFT JOIN report_indicators i ON i.kind = x.kind AND i.value = x.value
            LEFT JOIN reports r ON r.id = i.report_id
            LEFT JOIN groups g ON g.id = r.group_id
            LEFT JOIN indicator_verdicts v ON v.kind = x.kind AND v.value = x.value
            GROUP BY x.ord, x.kind, x.value, v.verdict, v.at, v.note
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
    /// The first indicator that warrants a warning: an officer's confirmation first, else at least
    /// <paramref name="minReporters"/> distinct reporters from the county (reports judged not_fraud do not count; an
    /// officer's not_fraud verdict silences it). From the county: the report was made in a bound group, or its reporter
    /// has been seen in one; throwaway accounts reporting in private are kept for officers but move nothing.
    /// </summary>
    public async Task<HotIndicator?> FindHotAsync(IReadOnlyList<(string Kind, string Value)> indicators, int minReporters, CancellationToken ct = default)
    {
        const string sql = """
            SELECT kind, value, reason, reporters FROM (
                SELECT x.kind, x.value, x.ord,
                       CASE WHEN v.verdict = 'confirmed_fraud' THEN 'confirmed' ELSE 'reported' END AS reason,
                       (SELECT count(DISTINCT coalesce(r.reporter_pseudonym, r.reporter_user_id::text))
                        FROM report_indicators i JOIN reports r ON r.id = i.report_id
                        WHERE i.kind = x.kind AND i.value = x.value AND r.outcome IS DISTINCT FROM 'not_fraud'
                          AND (r.in_county OR EXISTS (
                              SELECT 1 FROM group_members_seen s JOIN groups g ON g.id = s.group_id
                              WHERE s.user_id = r.reporter_user_id AND g.status = 'active'))) AS reporters,
                       v.verdict
                FROM unnest(@kinds, @values) WITH ORDINALITY AS x(kind, value, ord)
                LEFT JOIN indicator_verdicts v ON v.kind = x.kind AND v.value = x.value
            ) t
            WHERE verdict = 'confirmed_fraud' OR (verdict IS NULL AND reporters >= @minReporters)
            ORDER BY (verdict IS NOT NULL) DESC, ord
            LIMIT 1
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<HotIndicator>(new CommandDefinition(sql, new
        {
            kinds = indicators.Select(i => i.Kind).ToArray(),
            values = indicators.Select(i => i.Value).ToArray(),
            minReporters,
        }, cancellationToken: ct));
    }

    /// <summary>Claims the one warning a message may get; false when it was warned already.</summary>
    public async Task<long?> ClaimWarningAsync(long chatId, long messageId, long? groupId, HotIndicator hot, string text, CancellationToken ct = default)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition("""
            INSERT INTO warnings_sent (chat_id, message_id, group_id, kind, value, reason, text)
            VALUES (@chatId, @messageId, @groupId, @Kind, @Value, @Reason, @text)
            ON CONFLICT (chat_id, message_id) DO NOTHING
            RETURNING id
            """, new { chatId, messageId, groupId, hot.Kind, hot.Value, hot.Reason, text }, cancellationToken: ct));
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

    /// <summary>Claims up to a batch of waiting warnings, with a lease: a claim whose instance died is taken again.</summary>
    public async Task<IReadOnlyList<QueuedWarning>> ClaimWarningsAsync(TimeSpan lease, int batch, CancellationToken ct)
    {
        const string sql = """
            UPDATE warnings_sent SET claimed_at = now()
            WHERE id IN (
                SELECT id FROM warnings_sent
                WHERE pending AND (claimed_at IS NULL OR claimed_at < now() - @lease)
                ORDER BY id LIMIT @batch
                FOR UPDATE SKIP LOCKED)
            RETURNING id, chat_id, message_id, reply
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<QueuedWarning>(new CommandDefinition(sql, new { lease, batch }, cancellationToken: ct))).AsList();
    }

    public async Task WarningSentAsync(long warningId, long? botMessageId, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE warnings_sent SET pending = false, bot_message_id = @botMessageId WHERE id = @warningId",
            new { warningId, botMessageId }, cancellationToken: ct));
    }
}

public sealed record QueuedWarning(long Id, long ChatId, long MessageId, string Reply);
