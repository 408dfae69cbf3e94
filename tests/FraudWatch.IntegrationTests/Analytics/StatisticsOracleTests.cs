using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using FraudWatch.Access;
using FraudWatch.IntegrationTests.FakeTelegram;
using FraudWatch.IntegrationTests.Infrastructure;
using FraudWatch.Telegram;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FraudWatch.IntegrationTests.Analytics;

/// <summary>
/// A random county (fixed seed: three townships, two villages named 中心村, a left and a pending group, private reports,
/// about 400 reports over 15 months, many a few seconds either side of the county's midnight at the turn of a month,
/// quarter, year or ISO week; outcomes of every kind, changed later through the API, as are types), and every statistic
/// compared with <see cref="CountyOracle"/>, worked out from the reports themselves.
/// </summary>
public sealed class StatisticsOracleTests
{
    const int Seed = 20260330;

    static CountyOracle.Group G(long chat, string title, string status, string? township, string? village, int members, string boundAt) =>
        new(chat, title, status, township, village, members, DateTimeOffset.Parse(boundAt, CultureInfo.InvariantCulture));

    static readonly CountyOracle.Group[] County =
    [
        G(-101, "渎浦村一群", "active", "灵溪镇", "渎浦村", 320, "2024-12-01T02:00Z"),
        G(-102, "渎浦村二群", "active", "灵溪镇", "渎浦村", 150, "2025-05-10T03:00Z"),
        G(-103, "沪山村反诈群", "active", "灵溪镇", "沪山村", 210, "2025-02-14T06:00Z"),
        G(-104, "中心村（灵溪）", "active", "灵溪镇", "中心村", 180, "2024-11-20T01:00Z"),
        G(-201, "项东村反诈群", "active", "钱库镇", "项东村", 260, "2025-01-03T04:00Z"),
        G(-202, "中心村（钱库）", "active", "钱库镇", "中心村", 90, "2025-03-31T16:30Z"),
        G(-203, "括山村反诈群", "left", "钱库镇", "括山村", 140, "2024-12-15T02:00Z"),
        G(-301, "白沙村反诈群", "active", "龙港镇", "白沙村", 400, "2025-07-01T01:00Z"),
        G(-302, "湖前村反诈群", "active", "龙港镇", "湖前村", 75, "2024-12-20T08:00Z"),
        G(-303, "湖前村二群", "active", "龙港镇", "湖前村", 60, "2025-09-30T16:10Z"),
        G(-900, "新群", "pending", null, null, 30, "2026-03-01T02:00Z"),
    ];

    /// <summary>Reports between <paramref name="first"/> and now; a third of them within 150 s of a boundary's local midnight.</summary>
    static List<CountyOracle.Report> MakeReports(CountyOracle county, Random random, int count, long firstMessageId,
        DateTimeOffset first, DateTimeOffset now, IReadOnlyList<DateTimeOffset> boundaries)
    {
        var reports = new List<CountyOracle.Report>();
        var bound = county.Groups.Where(g => g.Status != "pending").ToList();
        for (var i = 0; i < count; i++)
        {
            var group = random.Next(12) == 0 ? null : bound[random.Next(bound.Count)];
            var earliest = group is null || group.BoundAt < first ? first : group.BoundAt;
            DateTimeOffset at;
            if (random.Next(3) == 0)
            {
                var edge = boundaries[random.Next(boundaries.Count)];
                at = random.Next(8) == 0 ? edge : edge.AddSeconds(random.Next(-150, 150));
                if (at < earliest || at >= now)
                    at = earliest.AddSeconds(random.NextDouble() * (now - earliest).TotalSeconds);
            }
            else
                at = earliest.AddSeconds(random.NextDouble() * (now - earliest).TotalSeconds);

            var (outcome, amount) = CountyOracle.RandomOutcome(random, allowNone: true);
            var messageId = firstMessageId + i;
            reports.Add(new CountyOracle.Report
            {
                ChatId = group?.ChatId ?? 70_000 + (messageId % 13), MessageId = messageId, Group = group,
                At = new DateTimeOffset(at.UtcDateTime.AddTicks(-(at.UtcDateTime.Ticks % TimeSpan.TicksPerMicrosecond)), TimeSpan.Zero),
                Type = CountyOracle.Types[random.Next(CountyOracle.Types.Length)], Outcome = outcome, Amount = amount,
            });
        }

        return reports;
    }

    /// <summary>Later decisions: outcomes corrected (a loss found to be stopped, a stop found to be a loss) and types corrected.</summary>
    static async Task ChangeSomeAsync(TestHost host, Random random, IReadOnlyList<CountyOracle.Report> reports, int count)
    {
        foreach (var r in reports.OrderBy(_ => random.Next()).Take(count))
        {
            var changeOutcome = random.Next(4) > 0;
            var (outcome, amount) = changeOutcome ? CountyOracle.RandomOutcome(random, allowNone: false) : (null, null);
            var type = !changeOutcome || random.Next(3) == 0 ? CountyOracle.Types[random.Next(CountyOracle.Types.Length)] : null;
            await CountyOracle.ChangeAsync(host, r, outcome, amount, type == r.Type ? null : type);
        }
    }

    static List<DateTimeOffset> MidnightsOf(CountyOracle county, IEnumerable<DateOnly> days) =>
        days.Select(d => county.Local(d, TimeSpan.Zero)).ToList();

    static IEnumerable<DateOnly> MonthStarts(DateOnly from, DateOnly to)
    {
        for (var d = new DateOnly(from.Year, from.Month, 1); d <= to; d = d.AddMonths(1))
            yield return d;
    }

    [Fact]
    public async Task Every_figure_matches_the_reports_worked_out_by_hand_in_Shanghai()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var now = new DateTimeOffset(2026, 3, 30, 2, 0, 0, TimeSpan.Zero); // 10:00 on Monday 30 March 2026 in the county
        var county = new CountyOracle(zone, new DateOnly(2026, 3, 30));
        county.Groups.AddRange(County);
        var random = new Random(Seed);
        var mondays = new[] { new DateOnly(2025, 6, 30), new DateOnly(2025, 12, 29), new DateOnly(2026, 1, 5), new DateOnly(2026, 3, 30), new DateOnly(2026, 3, 23) };
        var boundaries = MidnightsOf(county, MonthStarts(new DateOnly(2025, 1, 1), new DateOnly(2026, 3, 1)).Concat(mondays));
        county.Reports.AddRange(MakeReports(county, random, 400, 1, county.Local(new DateOnly(2025, 1, 1), TimeSpan.Zero), now, boundaries));

        await using var telegram = await FakeBotApi.StartAsync();
        var clock = new FakeTimeProvider(now);
        await using var host = await TestHost.StartAsync(telegram, services: s => s.AddSingleton<TimeProvider>(clock));
        await county.InsertGroupsAsync(host);
        await county.InsertReportsAsync(host, county.Reports);
        await ChangeSomeAsync(host, random, county.Reports, 80);

        string?[][] ranges =
        [
            [null, null], ["2025-01-01", "2026-03-30"], ["2025-03-31", "2025-12-31"], ["2025-06-15", "2026-02-10"],
            ["2025-12-31", "2025-12-31"], ["2026-01-01", "2026-01-01"], ["2025-02-01", "2025-02-28"], ["2025-09-29", "2025-10-05"],
        ];
        string[] groupBys = ["day", "week", "month", "quarter", "township", "village", "group", "type", "month,township", "week,village", "quarter,type", "day,group", "type,month", "month,village"];
        string?[][] filters = [[null, null], ["灵溪镇", null], [null, "中心村"], ["钱库镇", "中心村"], [null, "湖前村"]];

        var differences = new List<string>();
        foreach (var range in ranges)
        foreach (var filter in filters)
        {
            foreach (var groupBy in groupBys)
                await ComparePreventedAsync(host, county, range[0], range[1], groupBy, filter[0], filter[1], csv: false, differences);
            await CompareSummaryAsync(host, county, range[0], range[1], filter[0], filter[1], differences);
        }

        foreach (var groupBy in new[] { "month", "week,village", "type", "day,group" })
            await ComparePreventedAsync(host, county, null, null, groupBy, null, null, csv: true, differences);

        await RoleStoreSetAsync(host, 6001);
        foreach (var (place, period) in new[] { ((string?)null, "month"), ("灵溪镇", "quarter"), ("中心村", "week"), (null, "day"), ("湖前村", "month"), (null, "quarter") })
            await CompareStatsCommandAsync(host, telegram, county, place, period, differences);

        Assert.True(differences.Count == 0, $"{differences.Count} differences:\n" + string.Join("\n", differences.Take(40)));
    }

    [Fact]
    public async Task Days_and_weeks_follow_the_county_clock_across_daylight_saving_in_Berlin()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var now = new DateTimeOffset(2026, 4, 1, 10, 0, 0, TimeSpan.Zero); // 12:00 CEST, Wednesday 1 April 2026
        var county = new CountyOracle(zone, new DateOnly(2026, 4, 1));
        county.Groups.AddRange(County.Where(g => g.Status != "pending" && g.Township != "龙港镇"));
        var random = new Random(Seed + 1);
        // Midnights either side of the changes (Sunday 26 October 2025, Sunday 29 March 2026), and the changes themselves.
        var days = Enumerable.Range(0, 5).SelectMany(i => new[] { new DateOnly(2025, 10, 24).AddDays(i), new DateOnly(2026, 3, 27).AddDays(i) });
        var boundaries = MidnightsOf(county, days).Concat([
            new DateTimeOffset(2025, 10, 26, 0, 59, 0, TimeSpan.Zero), new DateTimeOffset(2025, 10, 26, 1, 1, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 3, 29, 0, 59, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 29, 1, 1, 0, TimeSpan.Zero),
        ]).ToList();
        var first = new DateTimeOffset(2025, 10, 1, 0, 0, 0, TimeSpan.Zero);
        // Most reports inside the two weeks around each change, so days and weeks there are well filled.
        var reports = MakeReports(county, random, 160, 1, first, now, boundaries)
            .Concat(MakeReports(county, random, 60, 1001, new DateTimeOffset(2025, 10, 20, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 11, 2, 0, 0, 0, TimeSpan.Zero), boundaries))
            .Concat(MakeReports(county, random, 60, 2001, new DateTimeOffset(2026, 3, 23, 0, 0, 0, TimeSpan.Zero), now, boundaries))
            .ToList();

        await using var telegram = await FakeBotApi.StartAsync();
        var clock = new FakeTimeProvider(now);
        var connectionString = TestDatabase.Create();
        // Half the reports are filed while the county runs on Asia/Shanghai; the setting then changes to Europe/Berlin,
        // which rebuilds the roll-up, and the other half are filed afterwards.
        await using (var shanghai = await TestHost.StartAsync(telegram, connectionString: connectionString, services: s => s.AddSingleton<TimeProvider>(clock)))
        {
            await county.InsertGroupsAsync(shanghai);
            county.Reports.AddRange(reports.Where((_, i) => i % 2 == 0));
            await county.InsertReportsAsync(shanghai, county.Reports);
        }

        await using var host = await TestHost.StartAsync(telegram, connectionString: connectionString,
            settings: new Dictionary<string, string?> { ["FraudWatch:TimeZone"] = "Europe/Berlin" }, services: s => s.AddSingleton<TimeProvider>(clock));
        var later = reports.Where((_, i) => i % 2 == 1).ToList();
        county.Reports.AddRange(later);
        await county.InsertReportsAsync(host, later);
        await ChangeSomeAsync(host, random, county.Reports, 40);

        var differences = new List<string>();
        foreach (var (from, to) in new[] { ("2025-10-20", "2025-11-02"), ("2026-03-23", "2026-04-01"), ("2025-10-26", "2025-10-26"), ("2026-03-29", "2026-03-30"), ((string?)null, (string?)null) })
        {
            foreach (var groupBy in new[] { "day", "week", "month", "day,village", "week,type", "township" })
                await ComparePreventedAsync(host, county, from, to, groupBy, null, null, csv: false, differences);
            await CompareSummaryAsync(host, county, from, to, null, null, differences);
        }

        Assert.True(differences.Count == 0, $"{differences.Count} differences:\n" + string.Join("\n", differences.Take(40)));
    }

    static async Task RoleStoreSetAsync(TestHost host, long userId) => await host.Get<RoleStore>().SetAsync(userId, Role.Assistant, "test", null);

    static string Query(string? from, string? to, string? groupBy, string? township, string? village) =>
        string.Join('&', new[] { ("from", from), ("to", to), ("groupBy", groupBy), ("township", township), ("village", village) }
            .Where(p => p.Item2 is not null).Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!)}"));

    static async Task ComparePreventedAsync(TestHost host, CountyOracle county, string? from, string? to, string groupBy,
        string? township, string? village, bool csv, List<string> differences)
    {
        var query = Query(from, to, groupBy, township, village);
        var q = county.Parse(from, to, groupBy, township, village);
        var other = q.Other;
        var expected = county.Prevented(q);
        List<string> actual;
        if (csv)
        {
            var text = await host.Client("analyst").GetStringAsync($"/api/v1/stats/prevented?{query}&format=csv");
            actual = CsvRows(text).Select(r => CountyOracle.Line(r, other)).Order(StringComparer.Ordinal).ToList();
        }
        else
        {
            var json = await host.Client("analyst").GetFromJsonAsync<JsonElement>($"/api/v1/stats/prevented?{query}");
            actual = json.EnumerateArray().Select(r => CountyOracle.Line(r, other)).Order(StringComparer.Ordinal).ToList();
        }

        Differ($"prevented?{query}{(csv ? " (csv)" : "")}", expected, actual, differences);
    }

    static void Differ(string what, List<string> expected, List<string> actual, List<string> differences)
    {
        foreach (var missing in expected.Except(actual))
            differences.Add($"{what}\n    expected: {missing}\n    got:      {actual.FirstOrDefault(a => a.Split(" | ")[0] == missing.Split(" | ")[0]) ?? "(no row)"}");
        foreach (var extra in actual.Except(expected).Where(a => !expected.Any(e => e.Split(" | ")[0] == a.Split(" | ")[0])))
            differences.Add($"{what}\n    unexpected row: {extra}");
    }

    /// <summary>The CSV's rows, read into JSON objects with the CSV's column names, numbers as numbers.</summary>
    static IEnumerable<JsonElement> CsvRows(string csv)
    {
        var lines = csv.TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        var header = lines[0].Split(',');
        string[] texts = ["period", "periodStart", "township", "village", "group", "type"];
        foreach (var line in lines.Skip(1))
        {
            var cells = line.Split(',');
            var row = new JsonObject();
            for (var i = 0; i < header.Length; i++)
                row[header[i]] = cells[i].Length == 0 ? null
                    : texts.Contains(header[i]) ? JsonValue.Create(cells[i])
                    : JsonValue.Create(decimal.Parse(cells[i], NumberStyles.Float, CultureInfo.InvariantCulture));
            yield return JsonSerializer.SerializeToElement(row);
        }
    }

    static string FiguresLine(JsonElement row) => string.Create(CultureInfo.InvariantCulture,
        $"reports {row.GetProperty("reports")} prevented {row.GetProperty("prevented")} protected {row.GetProperty("protected").GetDecimal():0.00} losses {row.GetProperty("losses")} lost {row.GetProperty("lost").GetDecimal():0.00}");

    static string FiguresLine(CountyOracle.Figures f) => string.Create(CultureInfo.InvariantCulture,
        $"reports {f.Reports} prevented {f.Prevented} protected {f.Protected:0.00} losses {f.Losses} lost {f.Lost:0.00}");

    static string Double(JsonElement e) => e.ValueKind == JsonValueKind.Null ? "" : e.GetDouble().ToString(CultureInfo.InvariantCulture);

    static async Task CompareSummaryAsync(TestHost host, CountyOracle county, string? from, string? to, string? township, string? village, List<string> differences)
    {
        var query = Query(from, to, null, township, village);
        var what = $"summary?{query}";
        var summary = await host.Client("analyst").GetFromJsonAsync<JsonElement>($"/api/v1/stats/summary?{query}");
        var q = county.Parse(from, to, "month", township, village);
        var days = q.To.DayNumber - q.From.DayNumber + 1;
        var totals = county.Totals(q, q.From, q.To);
        var previous = county.Totals(q, q.From.AddDays(-days), q.From.AddDays(-1));
        var expected = new List<string>
        {
            $"totals {FiguresLine(totals)} lossRate {totals.LossRate?.ToString(CultureInfo.InvariantCulture)}",
            $"previous {FiguresLine(previous)}",
            string.Create(CultureInfo.InvariantCulture, $"change {CountyOracle.Change(totals.Reports, previous.Reports)} {CountyOracle.Change(totals.Prevented, previous.Prevented)} {CountyOracle.Change(totals.Lost, previous.Lost)}"),
            $"villageCount {county.Streaks(township, village).Count}",
        };
        var actual = new List<string>
        {
            $"totals {FiguresLine(summary.GetProperty("totals"))} lossRate {Double(summary.GetProperty("totals").GetProperty("lossRate"))}",
            $"previous {FiguresLine(summary.GetProperty("previous"))}",
            $"change {Double(summary.GetProperty("reportsChange"))} {Double(summary.GetProperty("preventedChange"))} {Double(summary.GetProperty("lostChange"))}",
            $"villageCount {summary.GetProperty("villageCount")}",
        };
        Differ(what, expected, actual, differences);
        Differ(what + " trend", county.Prevented(q), summary.GetProperty("trend").EnumerateArray().Select(r => CountyOracle.Line(r, null)).Order(StringComparer.Ordinal).ToList(), differences);
        Differ(what + " byType", county.Prevented(q with { Period = null, Other = "type" }),
            summary.GetProperty("byType").EnumerateArray().Select(r => CountyOracle.Line(r, "type")).Order(StringComparer.Ordinal).ToList(), differences);
        var byTypeReports = summary.GetProperty("byType").EnumerateArray().Select(r => r.GetProperty("reports").GetInt64()).ToList();
        if (!byTypeReports.SequenceEqual(byTypeReports.OrderDescending()))
            differences.Add($"{what} byType is not ordered by reports: {string.Join(",", byTypeReports)}");
        Differ(what + " streaks", county.Streaks(township, village), CountyOracle.Streaks(summary), differences);
    }

    static async Task CompareStatsCommandAsync(TestHost host, FakeBotApi telegram, CountyOracle county, string? place, string period, List<string> differences)
    {
        var today = county.Today;
        var start = CountyOracle.BucketStart(period, today);
        var previousStart = period switch { "week" => start.AddDays(-7), "month" => start.AddMonths(-1), "quarter" => start.AddMonths(-3), _ => start.AddDays(-1) };
        // The period so far against as many days from the start of the one before, never past its end.
        var previousEnd = previousStart.AddDays(today.DayNumber - start.DayNumber);
        if (previousEnd >= start)
            previousEnd = start.AddDays(-1);
        var isTownship = county.Groups.Any(g => g.Township == place);
        var q = county.Parse(null, null, period, place is not null && isTownship ? place : null, place is not null && !isTownship ? place : null);
        var now = county.Totals(q, start, today);
        var before = county.Totals(q, previousStart, previousEnd);
        var expected = BotText.Stats(place ?? BotText.County("en"), CountyOracle.Label(period, start), now.Reports, BotText.Delta(now.Reports, before.Reports, "en"),
            now.Prevented, BotText.Delta(now.Prevented, before.Prevented, "en"), now.Protected, now.Losses, now.Lost, now.LossRate, "en");

        var sent = telegram.SentTo(6001).Count;
        await host.HandledAsync(telegram.PrivateText(6001, $"/stats {place} {period}".Replace("  ", " ", StringComparison.Ordinal)));
        var text = telegram.SentTo(6001).Skip(sent).Single().Text;
        if (text != expected.Replace("<b>", "", StringComparison.Ordinal).Replace("</b>", "", StringComparison.Ordinal) && text != expected)
            differences.Add($"/stats {place} {period}\n    expected: {expected.ReplaceLineEndings(" / ")}\n    got:      {text.ReplaceLineEndings(" / ")}");
    }
}
