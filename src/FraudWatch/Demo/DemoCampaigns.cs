namespace FraudWatch.Demo;

public sealed record DemoCampaign(int DaysAgo, int Hour, string Template, string Target, long Officer)
{
    public bool Matches(DemoGroup g) => Target.Split(',').Any(t => t switch
    {
        "all" => true,
        _ when t.StartsWith("township:", StringComparison.Ordinal) => g.Township == t[9..],
        _ when t.StartsWith("village:", StringComparison.Ordinal) => g.Village == t[8..],
        _ when t.StartsWith("tag:", StringComparison.Ordinal) => g.Tags.Contains(t[4..]),
        _ => false,
    });
}

/// <summary>A year of warning campaigns: monthly county-wide themes, extra before Spring Festival and in summer, local ones after a cluster of losses.</summary>
public static class DemoCampaigns
{
    public static IReadOnlyList<DemoCampaign> Past { get; } =
    [
        new(350, 9, "weekly_reminder", "all", 900_001),
        new(322, 10, "impersonate_police", "tag:elderly", 900_001),
        new(295, 9, "fake_investment", "tag:community", 900_002),
        new(266, 20, "task_rebate", "all", 900_001),
        new(238, 9, "game_trade", "all", 900_003),
        new(220, 10, "fake_shopping", "township:宜山镇,tag:ecommerce", 900_002),
        new(196, 9, "fake_customer_service", "all", 900_004),
        new(168, 19, "fake_loan", "township:金乡镇,township:钱库镇", 900_005),
        new(141, 9, "impersonate_acquaintance", "all", 900_001),
        new(112, 10, "fake_credit", "tag:community", 900_004),
        new(84, 9, "romance", "tag:elderly,tag:coastal", 900_003),
        new(56, 20, "task_rebate", "all", 900_001),
        new(28, 9, "impersonate_police", "township:望里镇,village:溪头埠村", 900_003),
        new(9, 10, "fake_investment", "all", 900_002),
        new(2, 9, "weekly_reminder", "tag:elderly", 900_005),
    ];

    /// <summary>Reports in a campaign's groups run lower for two weeks after it (what the campaign-effect statistic shows).</summary>
    public static double Effect(DemoGroup group, int daysAgo)
    {
        var factor = 1.0;
        foreach (var c in Past)
        {
            var after = c.DaysAgo - daysAgo;
            if (after is > 0 and <= 14 && c.Matches(group))
                factor *= 0.7;
        }

        return factor;
    }

    public static string OfficerPhone(long officer) => $"0577-6471{officer % 100:0000}";
}
