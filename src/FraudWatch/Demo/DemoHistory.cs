using FraudWatch.Detection;

namespace FraudWatch.Demo;

public sealed record DemoReport(
    long Id, long GroupId, long ChatId, long MessageId, long Reporter, string Text, DetectionResult Detection,
    DateTime CreatedUtc, string? Outcome, decimal? Amount, string? Note, string? OutcomeBy, DateTime? OutcomeUtc, long DutyMessageId, string Scheme)
{
    /// <summary>The type statistics count: the scheme the made-up text was written for once an officer decided it was
    /// fraud (as an officer corrects a wrong guess), the classifier's guess otherwise.</summary>
    public string Type => Outcome is Reports.Outcomes.Dissuaded or Reports.Outcomes.Intercepted or Reports.Outcomes.Loss ? Scheme : Detection.Classification.Type;

    /// <summary>The classifier's guess when an officer's type replaced it, else null (reports.guessed_type).</summary>
    public string? GuessedType => Type == Detection.Classification.Type ? null : Detection.Classification.Type;
}

/// <summary>
/// A year of reports ending today, made up deterministically (same seed, same county): Poisson counts per group and
/// day scaled by members, season (the weeks before Spring Festival, summer holidays, Double Eleven), a slow
/// improvement over the year and the dip after each campaign; the fraud-type mix of <see cref="DemoTexts.Mix"/>.
/// </summary>
public sealed class DemoHistory(DateOnly today, TimeZoneInfo zone, IReadOnlyDictionary<long, long> groupIds)
{
    const double ReportsPerMemberDay = 0.0022;
    static readonly DateOnly[] SpringFestivals =
        [new(2024, 2, 10), new(2025, 1, 29), new(2026, 2, 17), new(2027, 2, 6), new(2028, 1, 26), new(2029, 2, 13), new(2030, 2, 3), new(2031, 1, 23)];

    readonly Random random = new(2020);

    public IReadOnlyList<DemoReport> Generate(DateTime nowUtc)
    {
        var reports = new List<DemoReport>();
        var messageIds = new Dictionary<long, long>();
        var assistants = DemoCounty.People.Where(p => p.Role == "assistant").ToArray();
        for (var ago = 364; ago >= 0; ago--)
        {
            var day = today.AddDays(-ago);
            var season = Season(day) * (1.15 - (0.3 * (364 - ago) / 364.0)) * (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 0.85 : 1.0);
            for (var gi = 0; gi < DemoCounty.Groups.Count; gi++)
            {
                var group = DemoCounty.Groups[gi];
                var lambda = ReportsPerMemberDay * group.Members * (group.Community ? 1.3 : 1.0) * season * DemoCampaigns.Effect(group, ago);
                for (var n = Poisson(lambda); n > 0; n--)
                {
                    var local = day.ToDateTime(new TimeOnly(Hour(), random.Next(60), random.Next(60)));
                    var createdUtc = TimeZoneInfo.ConvertTimeToUtc(local, zone);
                    if (createdUtc > nowUtc)
                        createdUtc = nowUtc.AddMinutes(-random.Next(5, 600));
                    var type = PickType(day);
                    var templates = DemoTexts.Templates[type];
                    var pool = (Array.IndexOf(DemoTexts.Mix.Select(m => m.Type).ToArray(), type) * 40) + (int)(Math.Pow(random.NextDouble(), 2) * 40);
                    var text = DemoTexts.Fill(templates[random.Next(templates.Length)], random, pool);
                    var detection = Detector.Analyze(text);
                    var messageId = messageIds[group.ChatId] = messageIds.GetValueOrDefault(group.ChatId, 1000 + (gi * 37)) + random.Next(3, 120);
                    var (outcome, amount, note) = Outcome(type, group, ago);
                    var handler = assistants[gi % assistants.Length];
                    var outcomeUtc = outcome is null ? (DateTime?)null : Min(createdUtc.AddMinutes(random.Next(8, 60 * 30)), nowUtc);
                    reports.Add(new DemoReport(reports.Count + 1, groupIds[group.ChatId], group.ChatId, messageId,
                        7_000_000 + (gi * 1000) + random.Next(group.Members), text, detection, createdUtc,
                        outcome, amount, note, outcome is null ? null : $"tg:{handler.UserId}", outcomeUtc, reports.Count + 500, type));
                }
            }
        }

        return reports.OrderBy(r => r.CreatedUtc).Select((r, i) => r with { Id = i + 1, DutyMessageId = i + 500 }).ToList();
    }

    static double Season(DateOnly day)
    {
        var factor = 1.0;
        foreach (var festival in SpringFestivals)
        {
            var toFestival = festival.DayNumber - day.DayNumber;
            if (toFestival is > 0 and <= 35)
                factor += 0.8; // year-end money moves: loans, investment, "boss" transfers
            else if (toFestival is <= 0 and > -7)
                factor -= 0.35;
        }

        if (day.Month is 7 or 8)
            factor += 0.45; // students at home: order brushing, game trades
        if (day.Month == 11 && day.Day <= 14)
            factor += 0.3; // Double Eleven shopping and courier scams
        return factor;
    }

    string PickType(DateOnly day)
    {
        var weights = DemoTexts.Mix.Select(m => m.Weight * (m.Type, day.Month) switch
        {
            ("game_trade", 7 or 8) => 3.0,
            ("task_rebate", 7 or 8) => 1.3,
            ("fake_shopping" or "fake_customer_service", 11) => 1.8,
            ("fake_loan" or "impersonate_acquaintance", 1 or 2) => 1.6,
            _ => 1.0,
        }).ToArray();
        var pick = random.NextDouble() * weights.Sum();
        for (var i = 0; i < weights.Length; i++)
        {
            pick -= weights[i];
            if (pick < 0)
                return DemoTexts.Mix[i].Type;
        }

        return DemoTexts.Mix[^1].Type;
    }

    (string? Outcome, decimal? Amount, string? Note) Outcome(string type, DemoGroup group, int ago)
    {
        var open = ago switch { <= 1 => 0.7, <= 7 => 0.3, _ => 0.02 };
        if (random.NextDouble() < open)
            return (null, null, null);
        var roll = random.NextDouble();
        // An ordinary message a resident worried about: officers find it harmless, whatever the bot guessed.
        if (type == FraudTypes.Other)
            return roll < 0.85 ? ("not_fraud", null, "核实为正常来电") : ("duplicate", null, null);
        var lossShare = 0.11 - (0.05 * (364 - ago) / 364.0);
        var quiet = DemoCounty.NoLossStretches.Any(s => s.Village == group.Village && ago <= s.FromDaysAgo && ago > s.FromDaysAgo - s.Days);
        if (roll < lossShare && !quiet)
            return ("loss", Money(type, 0.6), random.Next(3) == 0 ? "已报案，立案侦查中" : "已报案");
        if (roll < 0.66)
            return ("dissuaded", random.Next(10) < 6 ? Money(type, 1.0) : null, random.Next(4) == 0 ? "民警电话劝阻，未转账" : null);
        if (roll < 0.84)
            return ("intercepted", Money(type, 1.2), random.Next(2) == 0 ? "银行止付" : "96110 预警拦截，资金冻结");
        return roll < 0.85 ? ("not_fraud", null, null) : ("duplicate", null, null);
    }

    decimal Money(string type, double scale)
    {
        var (low, high) = type switch
        {
            "fake_investment" or "romance" => (5_000, 300_000),
            "impersonate_police" or "fake_credit" => (10_000, 200_000),
            "fake_loan" or "impersonate_acquaintance" => (2_000, 50_000),
            "game_trade" => (100, 5_000),
            _ => (300, 30_000),
        };
        var value = low * Math.Pow((double)high / low, Math.Pow(random.NextDouble(), 1.8)) * scale;
        return Math.Round((decimal)value / 100) * 100;
    }

    int Hour() => random.Next(100) switch { < 5 => random.Next(0, 7), < 30 => random.Next(7, 12), < 70 => random.Next(12, 18), _ => random.Next(18, 24) };

    int Poisson(double lambda)
    {
        var limit = Math.Exp(-lambda);
        var k = 0;
        for (var p = random.NextDouble(); p > limit; p *= random.NextDouble())
            k++;
        return k;
    }

    static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
}
