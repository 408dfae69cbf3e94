using Dapper;
using Npgsql;

namespace FraudWatch.Analytics;

public sealed record StatsRow
{
    public string? Period { get; init; }
    public DateOnly? PeriodStart { get; init; }
    public string? Township { get; init; }
    public string? Village { get; init; }
    public long? ChatId { get; init; }
    public string? Group { get; init; }
    public string? Type { get; init; }
    public long Reports { get; init; }
    public long Prevented { get; init; }
    public decimal Protected { get; init; }
    public long Losses { get; init; }
    public decimal Lost { get; init; }
    /// <summary>Losses among attempts with a prevented-or-lost outcome.</summary>
    public double? LossRate => Prevented + Losses == 0 ? null : Math.Round((double)Losses / (Prevented + Losses), 4);
    public long? PreviousReports { get; init; }
    public long? PreviousPrevented { get; init; }
    public decimal? PreviousLost { get; init; }
    public double? ReportsChange => Change(Reports, PreviousReports);
    public double? PreventedChange => Change(Prevented, PreviousPrevented);

    internal string Key => $"{Township}\u0001{Village}\u0001{ChatId}\u0001{Type}";

    static double? Change(long now, long? before) => before is null or 0 ? null : Math.Round((now - before.Value) / (double)before.Value, 4);
}

/// <summary>Statistics over the daily roll-up (report_daily), joined to groups for places.</summary>
public sealed class StatsStore(NpgsqlDataSource db)
{
    public async Task<IReadOnlyList<StatsRow>> PreventedAsync(StatsRequest request, CancellationToken ct)
    {
        if (request.Period is { } period)
        {
            // The rows count only the days of their bucket inside the range (a range that starts mid-month gives that month
            // from its first day in the range). A whole bucket's previous period is the whole bucket before it, read with one
            // extra bucket before the range; a bucket the range cuts (the first, the last: this month so far) is compared
            // with the same days of the bucket before (1–25 April with 1–25 March), or a month only begun would always
            // look like a fall.
            var rows = await QueryAsync(request, ct);
            var widened = request with { From = StatsQuery.PreviousBucket(period, StatsQuery.BucketStart(period, request.From)) };
            var byKey = (await QueryAsync(widened, ct)).ToDictionary(r => (r.Key, r.PeriodStart));
            var cut = new Dictionary<DateOnly, Dictionary<string, StatsRow>>();
            foreach (var start in rows.Select(r => r.PeriodStart!.Value).Distinct())
            {
                var end = StatsQuery.NextBucket(period, start).AddDays(-1);
                var (from, to) = (start < request.From ? request.From : start, end > request.To ? request.To : end);
                if (from == start && to == end)
                    continue;
                var previous = request with { From = StatsQuery.PreviousBucket(period, from), To = StatsQuery.PreviousBucket(period, to), Period = null };
                var same = await QueryAsync(previous, ct);
                cut[start] = same.ToDictionary(r => r.Key);
            }

            return rows.Select(r =>
            {
                var previous = cut.TryGetValue(r.PeriodStart!.Value, out var sameDays)
                    ? sameDays.GetValueOrDefault(r.Key)
                    : byKey.GetValueOrDefault((r.Key, StatsQuery.PreviousBucket(period, r.PeriodStart!.Value)));
                return r with { PreviousReports = previous?.Reports ?? 0, PreviousPrevented = previous?.Prevented ?? 0, PreviousLost = previous?.Lost ?? 0 };
            }).ToList();
        }

        var current = await QueryAsync(request, ct);
        var before = (await QueryAsync(request.Previous, ct)).ToDictionary(r => r.Key);
        return current.Select(r =>
        {
            var previous = before.GetValueOrDefault(r.Key);
            return r with { PreviousReports = previous?.Reports ?? 0, PreviousPrevented = previous?.Prevented ?? 0, PreviousLost = previous?.Lost ?? 0 };
        }).ToList();
    }

    public async Task<StatsRow> TotalsAsync(StatsRequest request, CancellationToken ct)
    {
        var rows = await QueryAsync(request with { Period = null, Other = null }, ct);
        return rows.SingleOrDefault() ?? new StatsRow();
    }

    async Task<List<StatsRow>> QueryAsync(StatsRequest request, CancellationToken ct)
    {
        var select = new List<string>();
        var group = new List<string>();
        if (request.Period is { } period)
        {
            var bucket = period switch
            {
                Dimension.Week => "date_trunc('week', d.day)::date",
                Dimension.Month => "date_trunc('month', d.day)::date",
                Dimension.Quarter => "date_trunc('quarter', d.day)::date",
                _ => "d.day",
            };
            select.Add($"{bucket} AS period_start");
            group.Add(bucket);
        }

        // County-wide, per-township and per-type questions read the small township roll-up; only
        // village and group questions need the per-group one.
        var byTownship = request.Other is null or Dimension.Township or Dimension.Type && request.Village is null;
        switch (request.Other)
        {
            case Dimension.Township:
                select.Add(byTownship ? "nullif(d.township, '') AS township" : "g.township");
                group.Add(byTownship ? "nullif(d.township, '')" : "g.township");
                break;
            case Dimension.Village:
                select.Add("g.township, g.village");
                group.Add("g.township, g.village");
                break;
            case Dimension.Group:
                select.Add("g.township, g.village, g.chat_id, g.title AS \"group\"");
                group.Add("g.township, g.village, g.chat_id, g.title");
                break;
            case Dimension.Type:
                select.Add("d.fraud_type AS type");
                group.Add("d.fraud_type");
                break;
        }

        var aggregates = "sum(d.reports)::bigint AS reports, sum(d.prevented)::bigint AS prevented, sum(d.protected) AS protected, sum(d.losses)::bigint AS losses, sum(d.lost) AS lost";
        var source = byTownship
            ? "report_daily_township d WHERE d.day BETWEEN @From::date AND @To::date AND (@Township::text IS NULL OR d.township = @Township)"
            : """
              report_daily d LEFT JOIN groups g ON g.id = d.group_id
              WHERE d.day BETWEEN @From::date AND @To::date
                AND (@Township::text IS NULL OR g.township = @Township)
                AND (@Village::text IS NULL OR g.village = @Village)
              """;
        // A roll-up row a report left (its type or outcome corrected, its group moved) stays at zero: a place, type or
        // period with no report is not a row, however its reports were edited.
        var sql = $"""
            SELECT {string.Join(", ", select.Append(aggregates))}
            FROM {source}
            {(group.Count > 0 ? "GROUP BY " + string.Join(", ", group) : "")}
            HAVING sum(d.reports) > 0
            {(group.Count > 0 ? "ORDER BY " + string.Join(", ", group) : "")}
            """;
        await using var connection = await db.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<RawRow>(new CommandDefinition(sql, new { From = request.From.ToDateTime(TimeOnly.MinValue), To = request.To.ToDateTime(TimeOnly.MinValue), request.Township, request.Village }, cancellationToken: ct));
        return rows.Select(r => new StatsRow
        {
            PeriodStart = r.PeriodStart is { } start ? DateOnly.FromDateTime(start) : null,
            Period = r.PeriodStart is { } s && request.Period is { } p ? StatsQuery.Label(p, DateOnly.FromDateTime(s)) : null,
            Township = r.Township,
            Village = r.Village,
            ChatId = r.ChatId,
            Group = r.Group,
            Type = r.Type,
            Reports = r.Reports ?? 0,
            Prevented = r.Prevented ?? 0,
            Protected = r.Protected ?? 0,
            Losses = r.Losses ?? 0,
            Lost = r.Lost ?? 0,
        }).ToList();
    }

    public async Task<bool> PlaceExistsAsync(string? township, string? village, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM groups WHERE (@township::text IS NULL OR township = @township) AND (@village::text IS NULL OR village = @village))",
            new { township, village }, cancellationToken: ct));
    }

    sealed record RawRow
    {
        public DateTime? PeriodStart { get; init; }
        public string? Township { get; init; }
        public string? Village { get; init; }
        public long? ChatId { get; init; }
        public string? Group { get; init; }
        public string? Type { get; init; }
        public long? Reports { get; init; }
        public long? Prevented { get; init; }
        public decimal? Protected { get; init; }
        public long? Losses { get; init; }
        public decimal? Lost { get; init; }
    }
}
