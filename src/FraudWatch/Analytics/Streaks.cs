namespace FraudWatch.Analytics;

public sealed record VillageStreak(string Township, string Village, int CurrentDays, int LongestDays, DateOnly? LastLoss, DateOnly Since);

/// <summary>Runs of days with no loss (the seed story's "45 days with no case").</summary>
public static class Streaks
{
    /// <param name="since">the first day the village was covered</param>
    /// <param name="lossDays">days with at least one loss, any order</param>
    public static (int Current, int Longest) Compute(DateOnly since, IEnumerable<DateOnly> lossDays, DateOnly today)
    {
        var days = lossDays.Where(d => d >= since && d <= today).Distinct().Order().ToList();
        if (days.Count == 0)
        {
            var all = Math.Max(0, today.DayNumber - since.DayNumber + 1);
            return (all, all);
        }

        var longest = days[0].DayNumber - since.DayNumber;
        for (var i = 1; i < days.Count; i++)
            longest = Math.Max(longest, days[i].DayNumber - days[i - 1].DayNumber - 1);
        var current = today.DayNumber - days[^1].DayNumber;
        return (current, Math.Max(longest, current));
    }
}
