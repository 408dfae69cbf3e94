namespace FraudWatch.Demo;

public sealed record DemoGroup(long ChatId, string Township, string Village, bool Community, int Members, string[] Tags)
{
    public string Title => $"{Village}反诈宣传群";
}

public sealed record DemoPerson(long UserId, string Role, string Name);

/// <summary>
/// The demo county, after the seed story (Cangnan, Wenzhou, 2020): 15 natural-village groups and 10 community
/// groups, about 3,000 members. Townships are Cangnan's; the story names 灵溪, 宜山 (兴南社区), 望里 (溪头埠村,
/// 东前村) and 金乡 (卫城); 钱库, 马站 and 矾山 are real Cangnan townships added to fill the county. 龙港 is left out:
/// it became a city of its own in 2019. People are invented: no real officer's name is attached to made-up figures.
/// </summary>
public static class DemoCounty
{
    public const long DutyChatId = -100_200_000_0000;

    public static IReadOnlyList<DemoGroup> Groups { get; } =
    [
        // Natural villages.
        new(-100_200_000_0001, "灵溪镇", "渎浦村", false, 142, ["elderly"]),
        new(-100_200_000_0002, "灵溪镇", "沪山村", false, 118, []),
        new(-100_200_000_0003, "灵溪镇", "观美村", false, 96, ["elderly"]),
        new(-100_200_000_0004, "宜山镇", "河底高村", false, 104, ["ecommerce"]),
        new(-100_200_000_0005, "宜山镇", "鲸头村", false, 88, []),
        new(-100_200_000_0006, "望里镇", "溪头埠村", false, 131, ["elderly"]),
        new(-100_200_000_0007, "望里镇", "东前村", false, 112, []),
        new(-100_200_000_0008, "金乡镇", "郑家堡村", false, 97, ["industry"]),
        new(-100_200_000_0009, "金乡镇", "石砰村", false, 84, []),
        new(-100_200_000_0010, "钱库镇", "项东村", false, 126, []),
        new(-100_200_000_0011, "钱库镇", "括山村", false, 93, ["elderly"]),
        new(-100_200_000_0012, "马站镇", "渔寮村", false, 109, ["coastal"]),
        new(-100_200_000_0013, "马站镇", "沿浦村", false, 101, ["coastal"]),
        new(-100_200_000_0014, "矾山镇", "福德湾村", false, 77, ["elderly"]),
        new(-100_200_000_0015, "矾山镇", "南堡村", false, 92, []),

        // Communities (larger, younger, more online shopping and investment fraud).
        new(-100_200_000_0016, "灵溪镇", "中兴社区", true, 186, ["community"]),
        new(-100_200_000_0017, "灵溪镇", "城东社区", true, 158, ["community"]),
        new(-100_200_000_0018, "灵溪镇", "江滨社区", true, 144, ["community"]),
        new(-100_200_000_0019, "宜山镇", "兴南社区", true, 171, ["community", "ecommerce"]),
        new(-100_200_000_0020, "金乡镇", "卫城社区", true, 165, ["community", "industry"]),
        new(-100_200_000_0021, "钱库镇", "钱库社区", true, 139, ["community"]),
        new(-100_200_000_0022, "望里镇", "望里社区", true, 122, ["community"]),
        new(-100_200_000_0023, "马站镇", "马站社区", true, 118, ["community", "coastal"]),
        new(-100_200_000_0024, "矾山镇", "矾山社区", true, 104, ["community"]),
        new(-100_200_000_0025, "金乡镇", "金乡社区", true, 133, ["community", "industry"]),
    ];

    /// <summary>Villages with no loss for a long stretch (the story's "45 days with no case"): from day, for days.</summary>
    public static IReadOnlyList<(string Village, int FromDaysAgo, int Days)> NoLossStretches { get; } =
    [
        ("卫城社区", 250, 60), // mid-year, as after the 卫城义巡 patrols
        ("郑家堡村", 240, 50),
        ("兴南社区", 55, 55),  // runs to today: a current streak
        ("溪头埠村", 70, 70),
        ("福德湾村", 48, 48),
    ];

    public static IReadOnlyList<DemoPerson> People { get; } =
    [
        new(900_001, "officer", "陈警官 灵溪中心所"),
        new(900_002, "officer", "林警官 宜山所"),
        new(900_003, "officer", "吴警官 望里所"),
        new(900_004, "officer", "郑警官 金乡所"),
        new(900_005, "officer", "黄警官 钱库所"),
        new(900_101, "assistant", "警务助理 杨建国 灵溪"),
        new(900_102, "assistant", "警务助理 金美玲 宜山"),
        new(900_103, "assistant", "警务助理 章志强 望里"),
        new(900_104, "assistant", "警务助理 刘秀英 金乡"),
        new(900_105, "assistant", "警务助理 蔡海波 钱库"),
        new(900_106, "assistant", "警务助理 苏晓红 马站"),
        new(900_107, "assistant", "警务助理 潘德明 矾山"),
        new(900_201, "analyst", "县局情指中心 分析员"),
    ];

    public static int TotalMembers => Groups.Sum(g => g.Members);
}
