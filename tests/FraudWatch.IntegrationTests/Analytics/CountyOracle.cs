using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using FraudWatch.IntegrationTests.Infrastructure;

namespace FraudWatch.IntegrationTests.Analytics;

/// <summary>
/// A random county (fixed seed) kept in memory as it is written to the product, and the statistics worked out from it
/// with plain LINQ over the reports, day by day: an oracle that shares no code with StatsStore or the roll-ups.
/// </summary>
sealed class CountyOracle(TimeZoneInfo zone, DateOnly today)
{
    public sealed record Group(long ChatId, string Title, string Status, string? Township, string? Village, int Members, DateTimeOffset BoundAt);

    public sealed class Report
    {
        public required long ChatId { get; init; }
        public required long MessageId { get; init; }
        public required Group? Group { get; init; }
        public required DateTimeOffset At { get; init; }
        public required string Type { get; set; }
        public string? Outcome { get; set; }
        public decimal? Amount { get; set; }
        public long Id { get; set; }
    }

    public static readonly string[] Types =
    [
        "task_rebate", "fake_investment", "fake_shopping", "fake_customer_service", "fake_loan", "fake_credit",
        "impersonate_acquaintance", "impersonate_police", "romance", "game_trade", "other",
    ];

    public List<Group> Groups { get; } = [];
    public List<Report> Reports { get; } = [];
    public TimeZoneInfo Zone => zone;
    public DateOnly Today => today;

    public DateOnly Day(Report r) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(r.At, zone).DateTime);

    public DateTimeOffset Local(DateOnly day, TimeSpan time) =>
        new(TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue).Add(time), zone), TimeSpan.Zero);

    static bool Prevented(Report r) => r.Outcome is "dissuaded" or "intercepted";

    // ----- writing the county through the product's own paths -----

    public async Task InsertGroupsAsync(TestHost host)
    {
        await using var connection = await host.Db.OpenConnectionAsync();
        await connection.ExecuteAsync("""
            INSERT INTO groups (chat_id, title, status, township, village, members, bound_at, created_at)
            VALUES (@ChatId, @Title, @Status, @Township, @Village, @Members, @BoundAt, @BoundAt)
            """, Groups.Select(g => new { g.ChatId, g.Title, g.Status, g.Township, g.Village, g.Members, BoundAt = g.BoundAt.UtcDateTime }));
    }

    public async Task InsertReportsAsync(TestHost host, IEnumerable<Report> reports)
    {
        await using var connection = await host.Db.OpenConnectionAsync();
        foreach (var r in reports)
        {
            r.Id = await connection.ExecuteScalarAsync<long>("""
                INSERT INTO reports (group_id, chat_id, message_id, reporter_user_id, text, language, fraud_type, score, status, outcome, amount, created_at)
                VALUES ((SELECT id FROM groups WHERE chat_id = @GroupChat), @ChatId, @MessageId, @Reporter, 't', 'zh-CN', @Type, 0.5,
                        CASE WHEN @Outcome::text IS NULL THEN 'new' ELSE 'resolved' END, @Outcome, @Amount, @At)
                RETURNING id
                """, new { GroupChat = r.Group?.ChatId, r.ChatId, r.MessageId, Reporter = 50_000 + (r.MessageId % 97), r.Type, r.Outcome, r.Amount, At = r.At.UtcDateTime });
        }
    }

    /// <summary>Outcomes and types changed later, as assistants do it: through the API, so the roll-up triggers see updates.</summary>
    public static async Task ChangeAsync(TestHost host, Report r, string? outcome, decimal? amount, string? type)
    {
        var client = host.Client("assistant");
        if (outcome is not null)
        {
            var response = await client.PostAsJsonAsync($"/api/v1/reports/{r.Id}/outcome", new { outcome, amount });
            response.EnsureSuccessStatusCode();
            (r.Outcome, r.Amount) = (outcome, amount);
        }

        if (type is not null)
        {
            var response = await client.PostAsJsonAsync($"/api/v1/reports/{r.Id}/type", new { type });
            response.EnsureSuccessStatusCode();
            r.Type = type;
        }
    }

    public static (string? Outcome, decimal? Amount) RandomOutcome(Random random, bool allowNone)
    {
        var roll = random.Next(100);
        var outcome = roll switch
        {
            < 22 => allowNone ? null : "dissuaded",
            < 47 => "dissuaded",
            < 62 => "intercepted",
            < 78 => "loss",
            < 91 => "not_fraud",
            _ => "duplicate",
        };
        decimal? amount = outcome is "dissuaded" or "intercepted" or "loss" && random.Next(5) > 0
            ? Math.Round((decimal)random.NextDouble() * 60_000m, random.Next(3) == 0 ? 0 : 2)
            : null;
        return (outcome, amount);
    }

    // ----- the expected answers -----

    public sealed record Figures(long Reports, long Prevented, decimal Protected, long Losses, decimal Lost)
    {
        public double? LossRate => Prevented + Losses == 0 ? null : Math.Round((double)Losses / (Prevented + Losses), 4);
    }

    public static Figures Sum(IEnumerable<Report> reports)
    {
        var list = reports.ToList();
        return new Figures(list.Count, list.Count(Prevented), list.Where(Prevented).Sum(r => r.Amount ?? 0),
            list.Count(r => r.Outcome == "loss"), list.Where(r => r.Outcome == "loss").Sum(r => r.Amount ?? 0));
    }

    public sealed record Query(DateOnly From, DateOnly To, string? Period, string? Other, string? Township, string? Village);

    public Query Parse(string? from, string? to, string groupBy, string? township, string? village)
    {
        var end = to is null ? today : DateOnly.Parse(to, CultureInfo.InvariantCulture);
        var start = from is null ? end.AddMonths(-12).AddDays(1) : DateOnly.Parse(from, CultureInfo.InvariantCulture);
        string? period = null, other = null;
        foreach (var token in groupBy.Split(','))
        {
            if (token is "day" or "week" or "month" or "quarter")
                period = token;
            else
                other = token;
        }

        return new Query(start, end, period, other, township, village);
    }

    public static DateOnly BucketStart(string period, DateOnly day) => period switch
    {
        "week" => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
        "month" => new DateOnly(day.Year, day.Month, 1),
        "quarter" => new DateOnly(day.Year, ((day.Month - 1) / 3 * 3) + 1, 1),
        _ => day,
    };

    static DateOnly BucketEnd(string period, DateOnly start) => period switch
    {
        "week" => start.AddDays(6),
        "month" => start.AddMonths(1).AddDays(-1),
        "quarter" => start.AddMonths(3).AddDays(-1),
        _ => start,
    };

    static DateOnly OneBucketEarlier(string period, DateOnly day) => period switch
    {
        "week" => day.AddDays(-7),
        "month" => day.AddMonths(-1),
        "quarter" => day.AddMonths(-3),
        _ => day.AddDays(-1),
    };

    public static string Label(string period, DateOnly start) => period switch
    {
        "week" => $"{ISOWeek.GetYear(start.ToDateTime(TimeOnly.MinValue))}-W{ISOWeek.GetWeekOfYear(start.ToDateTime(TimeOnly.MinValue)):00}",
        "month" => start.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        "quarter" => $"{start.Year}-Q{((start.Month - 1) / 3) + 1}",
        _ => start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };

    /// <summary>The place or type a report counts under for a dimension (township: the one its group had when filed).</summary>
    static string PlaceKey(string? other, Report r) => other switch
    {
        "township" => $"{r.Group?.Township}",
        "village" => $"{r.Group?.Township}/{r.Group?.Village}",
        "group" => $"{r.Group?.Township}/{r.Group?.Village}/{r.Group?.ChatId}/{r.Group?.Title}",
        "type" => r.Type,
        _ => "",
    };

    IEnumerable<Report> Within(Query q, DateOnly from, DateOnly to) => Reports.Where(r =>
    {
        var day = Day(r);
        return day >= from && day <= to
            && (q.Township is null || r.Group?.Township == q.Township)
            && (q.Village is null || r.Group?.Village == q.Village);
    });

    /// <summary>The rows of GET /api/v1/stats/prevented, as normalized lines, ordered by key.</summary>
    public List<string> Prevented(Query q)
    {
        var rows = new List<string>();
        if (q.Period is { } period)
        {
            foreach (var bucket in Within(q, q.From, q.To).GroupBy(r => (Start: BucketStart(period, Day(r)), Place: PlaceKey(q.Other, r))))
            {
                var start = bucket.Key.Start;
                var end = BucketEnd(period, start);
                var (from, to) = (start < q.From ? q.From : start, end > q.To ? q.To : end);
                var (prevFrom, prevTo) = from == start && to == end
                    ? (OneBucketEarlier(period, start), start.AddDays(-1))
                    : (OneBucketEarlier(period, from), OneBucketEarlier(period, to));
                var previous = Sum(Within(q, prevFrom, prevTo).Where(r => PlaceKey(q.Other, r) == bucket.Key.Place));
                rows.Add(Line($"{Label(period, start)}|{start:yyyy-MM-dd}|{bucket.Key.Place}", Sum(bucket), previous));
            }
        }
        else
        {
            var days = q.To.DayNumber - q.From.DayNumber + 1;
            foreach (var place in Within(q, q.From, q.To).GroupBy(r => PlaceKey(q.Other, r)))
            {
                var previous = Sum(Within(q, q.From.AddDays(-days), q.From.AddDays(-1)).Where(r => PlaceKey(q.Other, r) == place.Key));
                rows.Add(Line($"||{place.Key}", Sum(place), previous));
            }
        }

        return rows.Order(StringComparer.Ordinal).ToList();
    }

    public static string Line(string key, Figures now, Figures before) =>
        Line(key, now, before.Reports, before.Prevented, before.Lost, now.LossRate, Change(now.Reports, before.Reports), Change(now.Prevented, before.Prevented));

    static string Line(string key, Figures now, long previousReports, long previousPrevented, decimal previousLost, double? lossRate, double? reportsChange, double? preventedChange) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{key} | reports {now.Reports} prevented {now.Prevented} protected {now.Protected:0.00} losses {now.Losses} lost {now.Lost:0.00} lossRate {lossRate} | previous {previousReports} {previousPrevented} {previousLost:0.00} change {reportsChange} {preventedChange}");

    public static double? Change(long now, long before) => before == 0 ? null : Math.Round((now - before) / (double)before, 4);

    public static double? Change(decimal now, decimal before) => before == 0 ? null : Math.Round((double)((now - before) / before), 4);

    /// <summary>A row of the API's JSON (or of its CSV, read into the same names) as the same normalized line.</summary>
    public static string Line(JsonElement row, string? other)
    {
        string? S(string name) => row.GetProperty(name).ValueKind == JsonValueKind.Null ? null : row.GetProperty(name).ToString();
        double? D(string name) => row.GetProperty(name).ValueKind == JsonValueKind.Null ? null : row.GetProperty(name).GetDouble();
        var place = other switch
        {
            "township" => $"{S("township")}",
            "village" => $"{S("township")}/{S("village")}",
            "group" => $"{S("township")}/{S("village")}/{S("chatId")}/{S("group")}",
            "type" => $"{S("type")}",
            _ => "",
        };
        var now = new Figures(row.GetProperty("reports").GetInt64(), row.GetProperty("prevented").GetInt64(), row.GetProperty("protected").GetDecimal(),
            row.GetProperty("losses").GetInt64(), row.GetProperty("lost").GetDecimal());
        return Line($"{S("period")}|{S("periodStart")}|{place}", now, row.GetProperty("previousReports").GetInt64(),
            row.GetProperty("previousPrevented").GetInt64(), row.GetProperty("previousLost").GetDecimal(), D("lossRate"), D("reportsChange"), D("preventedChange"));
    }

    /// <summary>Current and longest runs of days with no loss per village, walked day by day from coverage to today.</summary>
    public List<string> Streaks(string? township, string? village)
    {
        var lines = new List<string>();
        foreach (var place in Groups.Where(g => g.Township is not null && g.Village is not null
                     && (township is null || g.Township == township) && (village is null || g.Village == village))
                 .GroupBy(g => (g.Township, g.Village)))
        {
            var lossDays = Reports.Where(r => r.Outcome == "loss" && r.Group is { } g && (g.Township, g.Village) == place.Key)
                .Select(Day).ToHashSet();
            var since = place.Min(g => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(g.BoundAt, zone).DateTime));
            if (lossDays.Count > 0 && lossDays.Min() < since)
                since = lossDays.Min();
            int run = 0, longest = 0;
            for (var day = since; day <= today; day = day.AddDays(1))
            {
                run = lossDays.Contains(day) ? 0 : run + 1;
                longest = Math.Max(longest, run);
            }

            var active = place.Where(g => g.Status == "active").ToList();
            lines.Add($"{place.Key.Township}/{place.Key.Village} current {run} longest {longest} lastLoss {(lossDays.Count == 0 ? "" : lossDays.Max().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))} since {since:yyyy-MM-dd} groups {active.Count} members {active.Sum(g => g.Members)}");
        }

        return lines.Order(StringComparer.Ordinal).ToList();
    }

    public static List<string> Streaks(JsonElement summary)
    {
        var coverage = summary.GetProperty("coverage").EnumerateArray()
            .ToDictionary(c => $"{c.GetProperty("township")}/{c.GetProperty("village")}", c => $"groups {c.GetProperty("groups")} members {c.GetProperty("members")}");
        return summary.GetProperty("streaks").EnumerateArray().Select(s =>
        {
            var key = $"{s.GetProperty("township")}/{s.GetProperty("village")}";
            var lastLoss = s.GetProperty("lastLoss").ValueKind == JsonValueKind.Null ? "" : s.GetProperty("lastLoss").GetString();
            return $"{key} current {s.GetProperty("currentDays")} longest {s.GetProperty("longestDays")} lastLoss {lastLoss} since {s.GetProperty("since")} {coverage.GetValueOrDefault(key, "no coverage row")}";
        }).Order(StringComparer.Ordinal).ToList();
    }

    public Figures Totals(Query q, DateOnly from, DateOnly to) => Sum(Within(q, from, to));
}
