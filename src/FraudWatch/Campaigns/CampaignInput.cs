using System.Globalization;
using Cronos;

namespace FraudWatch.Campaigns;

/// <summary>A parsed target: the union of its parts, matched against active groups when a run starts.</summary>
public sealed record TargetSpec(bool All, string[] Townships, string[] Villages, string[] Tags, long[] ChatIds)
{
    /// <summary><c>all</c>, <c>township:&lt;name&gt;</c>, <c>village:&lt;name&gt;</c>, <c>tag:&lt;tag&gt;</c>, <c>group:&lt;chat-id&gt;</c>, joined by commas.</summary>
    public static TargetSpec? Parse(string? text, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "Give a target: all, township:<name>, village:<name>, tag:<tag> or group:<chat-id>, joined by commas.";
            return null;
        }

        bool all = false;
        List<string> townships = [], villages = [], tags = [];
        List<long> chats = [];
        foreach (var raw in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (raw.Equals("all", StringComparison.OrdinalIgnoreCase))
            {
                all = true;
                continue;
            }

            var colon = raw.IndexOf(':', StringComparison.Ordinal);
            var kind = colon < 0 ? raw : raw[..colon].Trim().ToLowerInvariant();
            var value = colon < 0 ? "" : raw[(colon + 1)..].Trim();
            if (colon < 0 || value.Length is 0 or > 64)
            {
                error = $"Unknown target '{raw}': use all, township:<name>, village:<name>, tag:<tag> or group:<chat-id>.";
                return null;
            }

            switch (kind)
            {
                case "township":
                    townships.Add(value);
                    break;
                case "village":
                    villages.Add(value);
                    break;
                case "tag":
                    tags.Add(value.TrimStart('#').ToLowerInvariant());
                    break;
                case "group" when long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var chatId):
                    chats.Add(chatId);
                    break;
                case "group":
                    error = $"Target '{raw}': a group is named by its numeric chat id, e.g. group:-1001234567890.";
                    return null;
                default:
                    error = $"Unknown target kind '{kind}': use all, township:, village:, tag: or group:.";
                    return null;
            }
        }

        return new TargetSpec(all, [.. townships.Distinct()], [.. villages.Distinct()], [.. tags.Distinct()], [.. chats.Distinct()]);
    }
}

public enum ScheduleKind
{
    Now,
    At,
    Cron,
}

/// <summary>A parsed schedule: now, a moment (stored in UTC), or a 5-field cron in the configured time zone.</summary>
public sealed record Schedule(ScheduleKind Kind, DateTime? RunAtUtc, string? Cron)
{
    public string KindName => Kind.ToString().ToLowerInvariant();

    /// <summary><c>now</c>, <c>at yyyy-MM-dd HH:mm</c> (in <paramref name="zone"/>) or <c>cron &lt;5 fields&gt;</c>.</summary>
    public static Schedule? Parse(string? text, TimeZoneInfo zone, DateTimeOffset now, out string? error)
    {
        error = null;
        var trimmed = (text ?? "now").Trim();
        if (trimmed.Length == 0 || trimmed.Equals("now", StringComparison.OrdinalIgnoreCase))
            return new Schedule(ScheduleKind.Now, now.UtcDateTime, null);

        if (trimmed.StartsWith("at ", StringComparison.OrdinalIgnoreCase))
        {
            var when = trimmed[3..].Trim();
            if (!DateTime.TryParseExact(when, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            {
                error = $"'{when}' is not a time: write at yyyy-MM-dd HH:mm, e.g. at 2025-06-01 09:30 ({zone.Id}).";
                return null;
            }

            if (zone.IsInvalidTime(local))
            {
                error = $"{when} does not exist in {zone.Id} (clocks skip it); pick another time.";
                return null;
            }

            var utc = ToUtc(local, zone);
            if (utc <= now.UtcDateTime)
            {
                error = $"{when} ({zone.Id}) is in the past; give a future time or use now.";
                return null;
            }

            return new Schedule(ScheduleKind.At, utc, null);
        }

        if (trimmed.StartsWith("cron ", StringComparison.OrdinalIgnoreCase))
        {
            var cron = string.Join(' ', trimmed[5..].Split(' ', StringSplitOptions.RemoveEmptyEntries));
            if (cron.Split(' ').Length != 5)
            {
                error = $"'{cron}' is not a 5-field cron (minute hour day month weekday), e.g. cron 0 9 * * 1.";
                return null;
            }

            try
            {
                var expression = CronExpression.Parse(cron, CronFormat.Standard);
                if (expression.GetNextOccurrence(now, zone) is null)
                {
                    error = $"cron {cron} {NeverFires}; check the day and month fields.";
                    return null;
                }

                if (ShortestGap(expression, now, zone) is { } gap && gap < MinimumGap)
                {
                    error = string.Create(CultureInfo.InvariantCulture,
                        $"cron {cron} fires every {gap.TotalMinutes:0} minutes: {TooOften} (every group would get a warning each time); e.g. cron 0 9 * * 1 is Mondays at 09:00.");
                    return null;
                }
            }
            catch (CronFormatException e)
            {
                error = $"cron {cron} is not valid: {e.Message}";
                return null;
            }

            return new Schedule(ScheduleKind.Cron, null, cron);
        }

        error = $"Unknown schedule '{trimmed}': use now, at yyyy-MM-dd HH:mm or cron <minute hour day month weekday>.";
        return null;
    }

    /// <summary>Words of the refusals that the Chinese answer tells apart (<c>BotText.NotCreated</c>).</summary>
    public const string NeverFires = "never fires";

    public const string TooOften = "at most one warning every 15 minutes";

    /// <summary>
    /// A recurring warning more often than this is an officer's slip ("* 9 * * 1", every minute of Monday's 9 o'clock
    /// hour, for "0 9 * * 1"), and would drive residents out of their groups.
    /// </summary>
    public static readonly TimeSpan MinimumGap = TimeSpan.FromMinutes(15);

    /// <summary>The shortest time between two of a cron's next 200 firings (its pattern repeats well within them); null if it fires once.</summary>
    static TimeSpan? ShortestGap(CronExpression expression, DateTimeOffset now, TimeZoneInfo zone)
    {
        TimeSpan? shortest = null;
        DateTimeOffset? previous = null;
        foreach (var firing in expression.GetOccurrences(now, now.AddYears(30), zone).Take(200))
        {
            if (previous is { } p && (shortest is null || firing - p < shortest))
                shortest = firing - p;
            previous = firing;
        }

        return shortest;
    }

    /// <summary>When a cron fires next after <paramref name="after"/>, in <paramref name="zone"/>, as Hangfire fires it; null if never.</summary>
    public static DateTimeOffset? NextFiring(string cron, DateTimeOffset after, TimeZoneInfo zone) =>
        CronExpression.Parse(cron, CronFormat.Standard).GetNextOccurrence(after, zone);

    /// <summary>
    /// A county wall-clock time as UTC. In the hour clocks go back, a time that happens twice is its first, the one a cron
    /// of that time fires at (Cronos, as Hangfire runs it); .NET alone would take the second.
    /// </summary>
    public static DateTime ToUtc(DateTime local, TimeZoneInfo zone) =>
        zone.IsAmbiguousTime(local)
            ? DateTime.SpecifyKind(local - zone.GetAmbiguousTimeOffsets(local).Max(), DateTimeKind.Utc)
            : TimeZoneInfo.ConvertTimeToUtc(local, zone);
}
