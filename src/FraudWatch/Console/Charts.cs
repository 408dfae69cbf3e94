using System.Globalization;
using FraudWatch.Analytics;

namespace FraudWatch.WebConsole;

/// <summary>Charts as inline SVG drawn on the server: nothing to load, readable without script.</summary>
static class Charts
{
    /// <summary>Prevented and losses per month, two bars a month, every month of the range shown.</summary>
    public static Html Trend(IReadOnlyList<StatsRow> rows, DateOnly from, DateOnly to)
    {
        var byMonth = rows.Where(r => r.PeriodStart is not null).ToDictionary(r => r.PeriodStart!.Value);
        var months = new List<DateOnly>();
        for (var m = new DateOnly(from.Year, from.Month, 1); m <= to; m = m.AddMonths(1))
            months.Add(m);

        const int height = 180, top = 18, bottom = 34, left = 8;
        var slot = Math.Clamp(304 / months.Count, 44, 90);
        var width = Math.Max(320, (months.Count * slot) + (left * 2));
        var max = Math.Max(1, months.Max(m => Math.Max(byMonth.GetValueOrDefault(m)?.Prevented ?? 0, byMonth.GetValueOrDefault(m)?.Losses ?? 0)));
        var plot = height - top - bottom;
        var parts = new List<Html>();
        for (var i = 0; i < months.Count; i++)
        {
            var month = months[i];
            var row = byMonth.GetValueOrDefault(month);
            var x = left + (i * slot) + (slot / 2) - 15;
            parts.Add(Bar(x, row?.Prevented ?? 0, "prevented", $"{month:yyyy-MM} 已阻止 prevented"));
            parts.Add(Bar(x + 16, row?.Losses ?? 0, "loss", $"{month:yyyy-MM} 被骗 losses"));
            var label = month.Month == 1 || i == 0 ? month.ToString("yy-MM", CultureInfo.InvariantCulture) : month.ToString("MM", CultureInfo.InvariantCulture);
            parts.Add(H.Of($"""<text x="{x + 15}" y="{height - 16}" class="axis">{label}</text>"""));
        }

        return H.Of($"""
            <svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="按月趋势 Monthly trend" preserveAspectRatio="xMinYMin meet">
            <line x1="{left}" y1="{top + plot}" x2="{width - left}" y2="{top + plot}" class="base"/>
            {H.Join(parts)}
            </svg>
            <p class="legend"><span class="key prevented"></span>已阻止 <small>prevented</small> <span class="key loss"></span>被骗 <small>losses</small></p>
            """);

        Html Bar(int x, long value, string kind, string title)
        {
            var h = (int)Math.Round((double)value / max * plot);
            var y = top + plot - h;
            var number = value > 0 ? H.Of($"""<text x="{x + 7}" y="{y - 3}" class="value">{value}</text>""") : Html.Empty;
            return H.Of($"""<rect x="{x}" y="{y}" width="14" height="{Math.Max(h, 0)}" class="{kind}"><title>{title}: {value}</title></rect>{number}""");
        }
    }

    /// <summary>
    /// One bar a row from its first to its last time over [<paramref name="fromUtc"/>, <paramref name="toUtc"/>), a tick a
    /// day (labelled every other day in <paramref name="zone"/>); a bar's <c>Kind</c> is its CSS class.
    /// </summary>
    public static Html Timeline(IReadOnlyList<TimelineBar> bars, DateTime fromUtc, DateTime toUtc, TimeZoneInfo zone)
    {
        const int left = 64, right = 8, top = 8, row = 20, axis = 22, plotWidth = 300;
        var width = left + plotWidth + right;
        var height = top + (Math.Max(bars.Count, 1) * row) + axis;
        var span = Math.Max(1, (toUtc - fromUtc).TotalSeconds);
        double X(DateTime utc) => left + (plotWidth * Math.Clamp((utc - fromUtc).TotalSeconds / span, 0, 1));
        string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

        var parts = new List<Html>();
        var firstDay = TimeZoneInfo.ConvertTimeFromUtc(fromUtc, zone).Date;
        var dayIndex = 0;
        for (var day = firstDay.AddDays(1); ; day = day.AddDays(1), dayIndex++)
        {
            var utc = QueryDays.LocalToUtc(day, zone);
            if (utc >= toUtc)
                break;
            var x = F(X(utc));
            parts.Add(H.Of($"""<line x1="{x}" y1="{top}" x2="{x}" y2="{height - axis}" class="grid"/>"""));
            if (dayIndex % 2 == 0)
                parts.Add(H.Of($"""<text x="{x}" y="{height - 8}" class="axis">{day.ToString("MM-dd", CultureInfo.InvariantCulture)}</text>"""));
        }

        for (var i = 0; i < bars.Count; i++)
        {
            var bar = bars[i];
            var (x1, x2) = (X(bar.First), X(bar.Last));
            var y = top + (i * row);
            parts.Add(H.Of($"""
                <a href="#wave-{bar.Id}"><text x="{left - 4}" y="{y + 13}" class="label">{bar.Label}</text>
                <rect x="{F(x1)}" y="{y + 3}" width="{F(Math.Max(x2 - x1, 3))}" height="12" rx="2" class="{bar.Kind}"><title>{bar.Title}</title></rect>
                <text x="{F(Math.Min(Math.Max(x2 - x1, 3) + x1 + 3, width - right - 12))}" y="{y + 13}" class="value">{bar.Reports}</text></a>
                """));
        }

        return H.Of($"""
            <svg class="chart timeline" viewBox="0 0 {width} {height}" role="img" aria-label="波次时间线 Wave timeline" preserveAspectRatio="xMinYMin meet">
            <line x1="{left}" y1="{height - axis}" x2="{width - right}" y2="{height - axis}" class="base"/>
            {H.Join(parts)}
            </svg>
            <p class="legend"><span class="key active"></span>进行中 <small>active</small> <span class="key alerted"></span>已提醒值班 <small>alerted</small> <span class="key warned"></span>已预警 <small>warned</small></p>
            """);
    }

    /// <summary>A horizontal bar as a share of the largest value, for tables.</summary>
    public static Html Meter(long value, long max, string kind) =>
        H.Of($"""<svg class="meter" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true"><rect width="{(max == 0 ? 0 : Math.Round(100.0 * value / max, 1))}" height="10" class="{kind}"/></svg>""");
}

/// <summary>One row of <see cref="Charts.Timeline"/>: <c>Id</c> names the anchor it links to (<c>#wave-{Id}</c>).</summary>
public sealed record TimelineBar(long Id, string Label, string Title, DateTime First, DateTime Last, int Reports, string Kind);
