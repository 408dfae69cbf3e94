using System.Text.Json;
using Dapper;
using Npgsql;

namespace FraudWatch.Reports;

/// <summary>How a model answered the held-out fifth of the county's decided reports.</summary>
public sealed record HeldOutFigures(int Frauds, int TypeRight, int Ordinary, int FalseAlarms)
{
    public double? TypeAccuracy => Frauds == 0 ? null : Math.Round((double)TypeRight / Frauds, 4);
    public double? FalseAlarmRate => Ordinary == 0 ? null : Math.Round((double)FalseAlarms / Ordinary, 4);
}

/// <summary>What a county model learned from, and how the shipped model (<see cref="Shipped"/>, its fingerprint; Before)
/// and the model learned without them (After) answered the held-out reports.</summary>
public sealed record LearningFigures(int Reports, int Frauds, int Ordinary, int HeldOut, string Shipped, HeldOutFigures Before, HeldOutFigures After);

/// <summary>A row of county_models, without the model's bytes.</summary>
public sealed record CountyModel(
    long Id, string RequestedBy, DateTime RequestedAt, string Status, DateTime? FinishedAt, string? Fingerprint, LearningFigures? Figures, string? Reason);

/// <summary>county_models: models learned from the county's decided reports, at most one active.</summary>
public sealed class CountyModelStore(NpgsqlDataSource db)
{
    const string LostReason = "lost: the instance learning it stopped before it finished; learn again";

    /// <summary>How often a learning job says it is alive (<see cref="BeatAsync"/>).</summary>
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(30);

    /// <summary>A training whose job has not said so for this long was lost with its process.</summary>
    public static readonly TimeSpan LostAfter = TimeSpan.FromMinutes(2);
    const string Columns = "id, requested_by, requested_at, status, finished_at, fingerprint, figures::text AS figures, reason";

    /// <summary>A new model in training, or null when one is already training (one at a time).</summary>
    public async Task<CountyModel?> StartAsync(string requestedBy, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // One at a time across instances. A model still "training" whose job's heartbeat stopped (LostAfter), or whose job
        // never started within an hour, was lost with its process.
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(7418011)", transaction: transaction, cancellationToken: ct));
        // Such a model is failed, so its job, should Hangfire run it again, leaves it be (FinishAsync finishes only a training).
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE county_models SET status = 'failed', finished_at = now(), reason = @reason
            WHERE status = 'training'
              AND (heartbeat_at < now() - make_interval(secs => @lostAfter) OR (heartbeat_at IS NULL AND requested_at <= now() - interval '1 hour'))
            """, new { reason = LostReason, lostAfter = LostAfter.TotalSeconds }, transaction, cancellationToken: ct));
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition($"""
            INSERT INTO county_models (requested_by)
            SELECT @requestedBy WHERE NOT EXISTS (SELECT 1 FROM county_models WHERE status = 'training')
            RETURNING {Columns}
            """, new { requestedBy }, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
        return row?.ToModel();
    }

    public async Task<IReadOnlyList<CountyModel>> ListAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<Row>(new CommandDefinition($"SELECT {Columns} FROM county_models ORDER BY id DESC LIMIT 100", cancellationToken: ct)))
            .Select(r => r.ToModel()).ToList();
    }

    /// <summary>The reports officers decided, as the county's labelled messages: a fraud outcome gives the report's type
    /// (an officer's correction or the guess they let stand), not_fraud gives "other". A fraud whose type is "other" (a scam
    /// outside the ten types, or one left untyped) is left out: "other" is the model's ordinary class, and it is no ordinary
    /// message. Texts past retention are blank.</summary>
    public async Task<IReadOnlyList<(long Id, string Text, string Type)>> DecidedAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<(long, string, string)>(new CommandDefinition("""
            SELECT id, text, CASE WHEN outcome = 'not_fraud' THEN 'other' ELSE fraud_type END
            FROM reports
            WHERE (outcome = 'not_fraud' OR (outcome IN ('dissuaded', 'intercepted', 'loss') AND fraud_type <> 'other')) AND text <> ''
            ORDER BY id
            """, cancellationToken: ct))).AsList();
    }

    /// <summary>Whether the model is still to be learned: a job run again (Hangfire runs a job at least once) finds it finished.</summary>
    public async Task<bool> IsTrainingAsync(long id, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM county_models WHERE id = @id AND status = 'training')", new { id }, cancellationToken: ct));
    }

    /// <summary>The learning job is alive: see <see cref="LostAfter"/>.</summary>
    public async Task BeatAsync(long id, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE county_models SET heartbeat_at = now() WHERE id = @id AND status = 'training'", new { id }, cancellationToken: ct));
    }

    /// <summary>Ends a training: "active" replaces the active model in the same transaction; "rejected" or "failed" say why.
    /// False, and nothing changed, when the model is no longer training: finished by an earlier run of its job, or failed
    /// as lost.</summary>
    public async Task<bool> FinishAsync(long id, string status, byte[]? model, string? fingerprint, LearningFigures? figures, string? reason, CancellationToken ct)
    {
        var activate = status == "active";
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
                "SELECT status FROM county_models WHERE id = @id FOR UPDATE", new { id }, transaction, cancellationToken: ct)) != "training")
            return false;
        if (activate)
            await connection.ExecuteAsync(new CommandDefinition("UPDATE county_models SET status = 'retired' WHERE status = 'active'", transaction: transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE county_models SET status = @status, finished_at = now(), model = @model, fingerprint = @fingerprint, figures = @figures::jsonb, reason = @reason
            WHERE id = @id
            """, new
        {
            id, model, fingerprint, reason, status,
            figures = figures is null ? null : JsonSerializer.Serialize(figures, JsonSerializerOptions.Web),
        }, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
        return true;
    }

    /// <summary>Retires a model: with none active, the shipped model answers again. False if it was not active.</summary>
    public async Task<bool> RetireAsync(long id, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE county_models SET status = 'retired' WHERE id = @id AND status = 'active'", new { id }, cancellationToken: ct)) == 1;
    }

    /// <summary>Retention: deletes the county models requested before <paramref name="cutoffUtc"/> that no longer answer.
    /// The active one stays until replaced or retired (its weights are hashed statistics, not texts).</summary>
    public async Task<int> DeleteOlderThanAsync(DateTime cutoffUtc, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM county_models WHERE status IN ('retired', 'rejected', 'failed') AND requested_at < @cutoffUtc", new { cutoffUtc }, cancellationToken: ct));
    }

    /// <summary>The active model's fingerprint, or null when the shipped model should answer.</summary>
    public async Task<string?> ActiveFingerprintAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            "SELECT fingerprint FROM county_models WHERE status = 'active'", cancellationToken: ct));
    }

    public async Task<byte[]?> ActiveModelAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<byte[]?>(new CommandDefinition(
            "SELECT model FROM county_models WHERE status = 'active'", cancellationToken: ct));
    }

    sealed record Row(long Id, string RequestedBy, DateTime RequestedAt, string Status, DateTime? FinishedAt, string? Fingerprint, string? Figures, string? Reason)
    {
        public CountyModel ToModel() => new(Id, RequestedBy, RequestedAt, Status, FinishedAt, Fingerprint,
            Figures is null ? null : JsonSerializer.Deserialize<LearningFigures>(Figures, JsonSerializerOptions.Web), Reason);
    }
}
