using System.Globalization;
using FraudWatch.Access;
using FraudWatch.Analytics;
using FraudWatch.Detection;
using FraudWatch.Reports;
using FraudWatch.Waves;
using Microsoft.Extensions.Options;

namespace FraudWatch.WebConsole;

/// <summary>
/// Scam waves active in the last 14 days on a timeline, with their villages and the officer's Warn button, which goes
/// through the same <see cref="WaveDesk.WarnAsync"/> as the duty group's button. Analysts see counts only, as the waves
/// API (assistant) keeps texts, places and numbers from them.
/// </summary>
static class WavesPage
{
    const int Days = 14;
    const int StatsDays = 14;

    public static void Map(RouteGroupBuilder console)
    {
        console.MapGet("/waves", async (HttpContext http, long? warned, long? already, WaveStore waves, WaveStatsStore stats,
            IOptions<FraudWatchOptions> options, TimeProvider clock, CancellationToken ct) =>
        {
            var (role, refusal) = ConsoleExtensions.Require(http);
            if (refusal is not null)
                return refusal;
            var note = warned is { } w ? Layout.Note("ok", $"波次 #{w} 的预警已发出。", "The warning is going out to the wave's townships through the campaign engine.")
                : already is { } a ? Layout.Note("ok", $"波次 #{a} 已经预警过，未重复发送。", "This wave was warned already; nothing was sent again.")
                : Html.Empty;
            var today = StatsApi.Today(options.Value.Zone, clock);
            var year = await stats.GetAsync(today.AddMonths(-12).AddDays(1), today, StatsDays, today, options.Value.Zone, ct);
            return await PageAsync(role, H.Of($"{note}{Headline(year)}"), waves, options.Value.Zone, clock, 200, ct);
        }).ForConsole(Role.Analyst, "waves");

        console.MapPost("/waves/{id:long}/warn", async (long id, HttpContext http, WaveDesk desk, WaveStore waves,
            IOptions<FraudWatchOptions> options, TimeProvider clock, CancellationToken ct) =>
        {
            var (role, refusal) = ConsoleExtensions.Require(http);
            if (refusal is not null)
                return refusal;
            var warning = await desk.WarnAsync(id, ConsoleExtensions.Actor(http), ct);
            return warning.Status switch
            {
                WaveWarnStatus.Warned => Results.Redirect(string.Create(CultureInfo.InvariantCulture, $"/console/waves?warned={id}")),
                WaveWarnStatus.AlreadyWarned => Results.Redirect(string.Create(CultureInfo.InvariantCulture, $"/console/waves?already={id}")),
                WaveWarnStatus.Unknown => await PageAsync(role, Layout.Note("error", $"没有波次 #{id}。", $"No wave #{id}."), waves, options.Value.Zone, clock, 404, ct),
                WaveWarnStatus.NotSent => await PageAsync(role, Layout.Note("error", $"波次 #{id} 的预警没有发出：{warning.Alert?.Error}",
                    $"No warning was sent for wave #{id}: {warning.Alert?.Error}. The wave can be warned again, or use /alert with a target."),
                    waves, options.Value.Zone, clock, 409, ct),
                _ => await PageAsync(role, Layout.Note("error", $"波次 #{id} 无法预警。",
                    "It has no township (reported only in private chats) or no number or link to warn about; use /alert with a target instead."),
                    waves, options.Value.Zone, clock, 400, ct),
            };
        }).ForConsole(Role.Officer, "waves");
    }

    static async Task<IResult> PageAsync(Role role, Html note, WaveStore waves, TimeZoneInfo zone, TimeProvider clock, int status, CancellationToken ct)
    {
        var to = clock.GetUtcNow().UtcDateTime;
        var from = to.AddDays(-Days);
        var list = await waves.ListAsync(from, to.AddMinutes(1), minReports: 2, limit: 200, ct);
        var details = Role.Assistant.Allows(role);
        var bars = list.Select(w => new TimelineBar(w.Id, $"#{w.Id}", $"#{w.Id} {FraudTypes.DisplayName(w.Type, "zh-CN")}: {w.Reports} reports, {w.VillageCount} villages",
            w.FirstSeen, w.LastSeen, w.Reports, Status(w))).ToList();
        var content = list.Count == 0
            ? H.Of($"""<p class="empty">近 {Days} 天没有波次。 <small>No wave in the last {Days} days.</small></p>""")
            : H.Of($"""
                <section class="card"><h2>时间线 <small>Timeline</small></h2>{Charts.Timeline(bars, from, to, zone)}</section>
                <div class="queue">{H.Join(list, w => Item(w, role, details, zone))}</div>
                """);
        var body = H.Of($"""
            <h1>诈骗波次 <small>Scam waves</small></h1>
            {note}
            <p class="hint">近 {Days} 天有新举报的波次（同一诈骗信息被举报两次以上）。 <small>Waves with a report in the last {Days} days (one scam message reported twice or more).</small></p>
            {content}
            """);
        return Layout.Page("波次 Waves", role, "waves", body, status);
    }

    /// <summary>The year's figures of GET /api/v1/stats/waves: how many waves, how fast they were warned, and what followed.</summary>
    static Html Headline(WaveStats s)
    {
        string Hours(double? h) => h is { } v ? v.ToString("0.#", CultureInfo.InvariantCulture) : "—";
        var change = s.ReportsChange is { } c ? $"{(c >= 0 ? "+" : "−")}{Math.Abs(c * 100).ToString("0.#", CultureInfo.InvariantCulture)}%" : "—";
        return H.Of($"""
            <section class="card headline" id="wave-stats" data-waves="{s.Waves}" data-warned="{s.Warned}">
            <p>近一年 {s.Waves} 个波次，{s.Alerted} 个提醒了值班群，{s.Warned} 个已预警；从首次举报到预警中位 {Hours(s.MedianHoursToWarning)} 小时（p90 {Hours(s.P90HoursToWarning)} 小时）。
            预警后 {s.Days} 天所在乡镇的举报较前 {s.Days} 天 <b>{change}</b>（日均）。<br>
            <small>Last 12 months: {s.Waves} waves, {s.Alerted} alerted, {s.Warned} warned; first report to warning median {Hours(s.MedianHoursToWarning)} h (p90 {Hours(s.P90HoursToWarning)} h).
            Reports in the warned townships in the {s.Days} days after the warning against the {s.Days} days before (daily rate): {change}. Per wave: GET /api/v1/stats/waves.</small></p>
            </section>
            """);
    }

    static Html Chip(string indicator) =>
        indicator.Split(':', 2) is [var kind, var value] ? H.Of($"""<li><span class="kind">{kind}</span> {value}</li>""") : Html.Empty;

    static string Status(WaveSummary w) => w.WarnedAt is not null ? "warned" : w.AlertedAt is not null ? "alerted" : "active";

    static Html Item(WaveSummary w, Role role, bool details, TimeZoneInfo zone)
    {
        var status = w.WarnedAt is { } warnedAt ? H.Of($"""<span class="status warned">已预警 <small>warned {Layout.Local(warnedAt, zone)}</small></span>""")
            : w.AlertedAt is { } alertedAt ? H.Of($"""<span class="status alerted">已提醒值班 <small>alerted {Layout.Local(alertedAt, zone)}</small></span>""")
            : H.Of($"""<span class="status active">进行中 <small>active</small></span>""");
        var places = details
            ? H.Of($"""<p class="meta">村 <small>villages</small>: {string.Join("、", w.Villages)}<br>镇 <small>townships</small>: {string.Join("、", w.Townships)}</p>""")
            : Html.Empty;
        var script = TextCut.Shorten(w.RepresentativeText, 400);
        var text = details ? H.Of($"""<blockquote>{script}</blockquote>""") : Html.Empty;
        var chipList = H.Join(w.Indicators.Take(10), Chip);
        var chips = details && w.Indicators.Length > 0 ? H.Of($"""<ul class="chips">{chipList}</ul>""") : Html.Empty;
        var warn = Role.Officer.Allows(role) && w.WarnedAt is null
            ? H.Of($"""<form method="post" action="/console/waves/{w.Id}/warn"><button type="submit" class="warn">发送预警 <small>Warn townships</small></button></form>""")
            : Html.Empty;
        return H.Of($"""
            <article class="card wave" id="wave-{w.Id}" data-wave="{w.Id}" data-reports="{w.Reports}" data-villages="{w.VillageCount}" data-status="{Status(w)}">
            <header><strong>#{w.Id}</strong> <span class="type">{FraudTypes.DisplayName(w.Type, "zh-CN")} <small>{FraudTypes.DisplayName(w.Type, "en")}</small></span> {status}</header>
            <p class="meta">举报 {w.Reports} 次 · {w.VillageCount} 个村 · {w.Townships.Length} 个镇 <small>{w.Reports} reports · {w.VillageCount} villages · {w.Townships.Length} townships</small><br>
            {Layout.Local(w.FirstSeen, zone)} – {Layout.Local(w.LastSeen, zone)}</p>
            {places}{text}{chips}{warn}
            </article>
            """);
    }
}
