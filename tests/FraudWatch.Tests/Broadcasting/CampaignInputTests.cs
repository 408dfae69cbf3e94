using FraudWatch.Campaigns;

namespace FraudWatch.Tests.Broadcasting;

public sealed class CampaignInputTests
{
    static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    static readonly DateTimeOffset Now = new(2025, 6, 1, 1, 0, 0, TimeSpan.Zero); // 09:00 in Shanghai

    [Fact]
    public void Target_union_of_every_kind()
    {
        var target = TargetSpec.Parse("township:灵溪镇, village:渎浦村,tag:#Elderly,group:-1001234567890,all", out var error);

        Assert.Null(error);
        Assert.True(target!.All);
        Assert.Equal(["灵溪镇"], target.Townships);
        Assert.Equal(["渎浦村"], target.Villages);
        Assert.Equal(["elderly"], target.Tags);
        Assert.Equal([-1001234567890L], target.ChatIds);
    }

    [Theory]
    [InlineData("")]
    [InlineData("county:苍南")]
    [InlineData("township:")]
    [InlineData("group:abc")]
    [InlineData("灵溪镇")]
    public void Target_refused_with_a_reason(string text)
    {
        Assert.Null(TargetSpec.Parse(text, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void Schedule_at_is_read_in_the_configured_zone()
    {
        var schedule = Schedule.Parse("at 2025-06-01 09:30", Shanghai, Now, out var error);

        Assert.Null(error);
        Assert.Equal(ScheduleKind.At, schedule!.Kind);
        Assert.Equal(new DateTime(2025, 6, 1, 1, 30, 0, DateTimeKind.Utc), schedule.RunAtUtc);
    }

    [Theory]
    [InlineData("at 2025-06-01 08:59", "in the past")]
    [InlineData("at 2025-06-01", "not a time")]
    [InlineData("cron 0 9 * *", "5-field")]
    [InlineData("cron 61 9 * * *", "not valid")]
    [InlineData("cron 0 9 31 2 *", "never fires")]
    // An officer's slip for "0 9 * * 1": every minute of Monday's 9 o'clock hour, 60 warnings to every group.
    [InlineData("cron * 9 * * 1", "every 1 minutes")]
    [InlineData("cron */10 * * * *", "at most one warning every 15 minutes")]
    [InlineData("cron 0,5 9 * * 1", "every 5 minutes")]
    [InlineData("tomorrow", "Unknown schedule")]
    public void Schedule_refused_with_a_reason(string text, string reason)
    {
        Assert.Null(Schedule.Parse(text, Shanghai, Now, out var error));
        Assert.Contains(reason, error);
    }

    // In the hour New York's clocks repeat (1 November 2026), "at 01:30" is the first 01:30, the one "cron 30 1 * * *" fires
    // at (Cronos, as Hangfire runs it); before, it was the second, an hour after the cron.
    [Fact]
    public void Schedule_at_a_local_time_that_repeats_is_its_first_as_cron_fires()
    {
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var now = new DateTimeOffset(2026, 10, 31, 12, 0, 0, TimeSpan.Zero);

        var at = Schedule.Parse("at 2026-11-01 01:30", newYork, now, out var error);

        Assert.Null(error);
        var cron = Cronos.CronExpression.Parse("30 1 1 11 *").GetNextOccurrence(now, newYork)!.Value;
        Assert.Equal(new DateTime(2026, 11, 1, 5, 30, 0, DateTimeKind.Utc), cron.UtcDateTime);
        Assert.Equal(cron.UtcDateTime, at!.RunAtUtc);
    }

    [Theory]
    [InlineData("now", ScheduleKind.Now)]
    [InlineData(null, ScheduleKind.Now)]
    [InlineData("cron 0 9 * * 1", ScheduleKind.Cron)]
    [InlineData("CRON  */15 8-18 * * 1-5", ScheduleKind.Cron)]
    public void Schedule_now_and_cron(string? text, ScheduleKind kind)
    {
        var schedule = Schedule.Parse(text, Shanghai, Now, out var error);

        Assert.Null(error);
        Assert.Equal(kind, schedule!.Kind);
    }
}
