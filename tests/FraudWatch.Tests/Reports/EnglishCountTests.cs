using FraudWatch.Reports;

namespace FraudWatch.Tests.Reports;

/// <summary>English answers count in the singular when there is one: "1 report by 1 person", never "1 people".</summary>
public class EnglishCountTests
{
    static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    [Fact]
    public void One_report_by_one_person_in_one_wave_report_is_singular()
    {
        var line = ReportText.ReputationLine(new Reputation
        {
            Kind = "phone", Value = "+8613912345678", Reports = 1, Reporters = 1, FirstSeen = DateTime.UtcNow, LastSeen = DateTime.UtcNow,
            WaveId = 4, WaveReports = 1, WaveVillages = 1,
        }, Zone, "en");

        Assert.Contains("1 report by 1 person", line, StringComparison.Ordinal);
        Assert.Contains("reported 1 time in 1 village", line, StringComparison.Ordinal);
        Assert.DoesNotContain("1 people", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Several_stay_plural()
    {
        var line = ReportText.ReputationLine(new Reputation { Kind = "phone", Value = "+8613912345678", Reports = 4, Reporters = 3 }, Zone, "en");
        Assert.Contains("4 reports by 3 people", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("reported", "1 person has reported")]
    [InlineData("wave", "that 1 person has reported")]
    public void A_group_warning_after_one_reporter_is_singular(string reason, string expected)
    {
        // Reports__WarnAtReporters may be 1.
        var text = ReportText.Warning(new HotIndicator("phone", "+8613912345678", reason, 1, reason == "wave" ? 4 : null), "en");
        Assert.Contains(expected, text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(60, "en", "This group gets no new warning about this number for 1 hour.")]
    [InlineData(120, "en", "for 2 hours.")]
    [InlineData(90, "en", "for 90 minutes.")]
    [InlineData(60, "zh-CN", "1 小时内本群再出现这个号码不再重复提醒。")]
    [InlineData(30, "zh-CN", "30 分钟内本群再出现这个号码不再重复提醒。")]
    public void A_group_warning_says_how_long_the_group_gets_no_new_one(int minutes, string lang, string expected)
    {
        var text = ReportText.Warning(new HotIndicator("phone", "+8613912345678", "confirmed", 0), lang, TimeSpan.FromMinutes(minutes));
        Assert.EndsWith(expected, text, StringComparison.Ordinal);
        Assert.DoesNotContain("再出现", ReportText.Warning(new HotIndicator("phone", "+8613912345678", "confirmed", 0), "zh-CN", TimeSpan.Zero), StringComparison.Ordinal);
    }
}
