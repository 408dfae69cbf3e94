using Dapper;
using FraudWatch.Reports;
using FraudWatch.Detection;
using Npgsql;

namespace FraudWatch.Analytics;

/// <summary>
/// One row of the confusion matrix: the reports officers decided were of <see cref="Type"/> ("other" for not_fraud, or a
/// fraud of none of the ten types), how many of them the classifier had guessed right, and what it guessed.
/// </summary>
public sealed record DetectionRow(string Type, long Reports, long Right, IReadOnlyDictionary<string, long> Guesses);

/// <summary>A <see cref="DetectionRow"/> as one CSV line, its guesses in one cell as <c>type:count</c>.</summary>
public sealed record DetectionCsvRow(string Type, long Reports, long Right, string Guesses)
{
    public static DetectionCsvRow From(DetectionRow row) =>
        new(row.Type, row.Reports, row.Right, string.Join(' ', row.Guesses.Select(g => $"{g.Key}:{g.Value}")));
}

/// <summary>
/// GET /api/v1/stats/detection: how the classifier's guesses held up on this county's own reports, as officers decided
/// them. Judged: reports of [From, To] with an outcome other than duplicate. Frauds: dissuaded, intercepted or loss;
/// their true type is the report's type as it stands (an officer's correction, or the guess the officer let stand).
/// Named: frauds the classifier gave one of the ten types; TypeRight: the type it gave is the officers'. Frauds whose
/// type officers left as "other" (none of the ten) count in Frauds only. FalseAlarms: not_fraud reports the classifier
/// gave a fraud type. Disputes: messages residents checked in private that the classifier called a scam and they marked
/// "Not a scam" in [From, To]; of them, DisputesOrdinary officers found ordinary (false alarms on residents' own
/// messages) and DisputesFraud found a scam (the resident was wrong); the rest are not reviewed yet.
/// </summary>
public sealed record DetectionStats(
    DateOnly From, DateOnly To, long Judged, long Frauds, long Named, long TypeRight, long TypeCorrected, long NotFraud, long FalseAlarms,
    double? TypeAccuracy, double? FalseAlarmRate, IReadOnlyList<DetectionRow> ByType, long Disputes, long DisputesOrdinary, long DisputesFraud);

public sealed class DetectionStatsStore(NpgsqlDataSource db)
{
    public async Task<DetectionStats> GetAsync(DateOnly from, DateOnly to, TimeZoneInfo zone, CancellationToken ct = default)
    {
        const string sql = """
            SELECT CASE WHEN r.outcome = 'not_fraud' THEN 'other' ELSE r.fraud_type END AS truth,
                   coalesce(r.guessed_type, r.fraud_type) AS guess,
                   r.outcome = 'not_fraud' AS not_fraud,
                   r.guessed_type IS NOT NULL AND r.guessed_type <> r.fraud_type AS corrected,
                   count(*) AS reports
            FROM reports r
            WHERE r.created_at >= @fromUtc AND r.created_at < @toUtc
              AND r.outcome IN ('dissuaded', 'intercepted', 'loss', 'not_fraud')
            GROUP BY 1, 2, 3, 4
            """;
        const string disputesSql = $"""
            SELECT count(*), count(*) FILTER (WHERE reviewed_as = 'ordinary'), count(*) FILTER (WHERE reviewed_as = 'fraud')
            FROM private_checks
            WHERE {PrivateCheckStore.Disputed} AND feedback_at >= @fromUtc AND feedback_at < @toUtc
            """;
        var range = new { fromUtc = QueryDays.StartUtc(from, zone), toUtc = QueryDays.StartUtc(to.AddDays(1), zone) };
        await using var connection = await db.OpenConnectionAsync(ct);
        var cells = (await connection.QueryAsync<(string Truth, string Guess, bool NotFraud, bool Corrected, long Reports)>(new CommandDefinition(sql,
            range, cancellationToken: ct))).AsList();
        var disputes = await connection.QuerySingleAsync<(long All, long Ordinary, long Fraud)>(new CommandDefinition(disputesSql, range, cancellationToken: ct));

        var frauds = cells.Where(c => !c.NotFraud).ToList();
        var typed = frauds.Where(c => c.Truth != FraudTypes.Other).ToList();
        var notFraud = cells.Where(c => c.NotFraud).ToList();
        long Sum(IEnumerable<(string Truth, string Guess, bool NotFraud, bool Corrected, long Reports)> rows) => rows.Sum(c => c.Reports);
        var typedCount = Sum(typed);
        var right = Sum(typed.Where(c => c.Guess == c.Truth));
        var notFraudCount = Sum(notFraud);
        var falseAlarms = Sum(notFraud.Where(c => c.Guess != FraudTypes.Other));
        var byType = cells
            .GroupBy(c => c.Truth)
            .OrderBy(g => IsOther(g.Key) ? 1 : 0).ThenByDescending(g => g.Sum(c => c.Reports)).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new DetectionRow(g.Key, g.Sum(c => c.Reports), g.Where(c => c.Guess == c.Truth).Sum(c => c.Reports),
                g.GroupBy(c => c.Guess).OrderByDescending(x => x.Sum(c => c.Reports)).ThenBy(x => x.Key, StringComparer.Ordinal)
                    .ToDictionary(x => x.Key, x => x.Sum(c => c.Reports))))
            .ToList();
        return new DetectionStats(from, to, Sum(cells), Sum(frauds), Sum(frauds.Where(c => c.Guess != FraudTypes.Other)), right,
            Sum(cells.Where(c => c.Corrected)), notFraudCount, falseAlarms,
            typedCount == 0 ? null : Math.Round((double)right / typedCount, 4),
            notFraudCount == 0 ? null : Math.Round((double)falseAlarms / notFraudCount, 4), byType, disputes.All, disputes.Ordinary, disputes.Fraud);
    }

    static bool IsOther(string type) => type == FraudTypes.Other;
}
