using FraudWatch.Analytics;

namespace FraudWatch.Tests.Analytics;

public sealed class StreaksTests
{
    static DateOnly D(int month, int day) => new(2026, month, day);

    [Fact]
    public void No_loss_means_every_day_since_coverage_began() =>
        Assert.Equal((10, 10), Streaks.Compute(D(1, 1), [], D(1, 10)));

    [Fact]
    public void Longest_run_can_lie_between_two_losses() =>
        Assert.Equal((2, 45), Streaks.Compute(D(1, 1), [D(1, 3), D(2, 18), D(2, 28)], D(3, 2)));

    [Fact]
    public void A_loss_today_resets_the_current_run() =>
        Assert.Equal((0, 9), Streaks.Compute(D(1, 1), [D(1, 10)], D(1, 10)));

    [Fact]
    public void Losses_outside_the_covered_time_are_ignored() =>
        Assert.Equal((5, 5), Streaks.Compute(D(1, 1), [D(1, 9)], D(1, 5)));
}

public sealed class StatsQueryTests
{
    static readonly DateOnly Today = new(2026, 4, 25);

    [Fact]
    public void Defaults_to_the_last_twelve_months_by_month()
    {
        var request = StatsQuery.Parse(null, null, null, null, null, Today, out var errors)!;
        Assert.Empty(errors);
        Assert.Equal((new DateOnly(2025, 4, 26), Today, Dimension.Month, (Dimension?)null), (request.From, request.To, request.Period, request.Other));
    }

    [Fact]
    public void A_period_and_a_place_combine() =>
        Assert.Equal((Dimension.Quarter, Dimension.Village), Pair(StatsQuery.Parse("2026-01-01", "2026-03-31", "quarter, village", null, null, Today, out _)!));

    static (Dimension?, Dimension?) Pair(StatsRequest r) => (r.Period, r.Other);

    [Theory]
    [InlineData(Dimension.Week, "2026-04-25", "2026-04-20", "2026-W17")]
    [InlineData(Dimension.Month, "2026-04-25", "2026-04-01", "2026-04")]
    [InlineData(Dimension.Quarter, "2026-05-25", "2026-04-01", "2026-Q2")]
    public void Buckets_start_where_the_calendar_says(Dimension period, string day, string start, string label)
    {
        var bucket = StatsQuery.BucketStart(period, DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(start, bucket.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(label, StatsQuery.Label(period, bucket));
    }

    [Fact]
    public void Previous_range_has_the_same_length()
    {
        var request = StatsQuery.Parse("2026-04-01", "2026-04-30", null, null, null, Today, out _)!;
        Assert.Equal((new DateOnly(2026, 3, 2), new DateOnly(2026, 3, 31)), (request.Previous.From, request.Previous.To));
    }
}
