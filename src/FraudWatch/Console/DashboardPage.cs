using System.Globalization;
using FraudWatch.Access;
using FraudWatch.Analytics;
using FraudWatch.Detection;
using Microsoft.Extensions.Options;

namespace FraudWatch.WebConsole;

/// <summary>Headline numbers with change, the monthly trend, the fraud-type mix and the villages' no-loss streaks.</summary>
static class DashboardPage
{
    public static void Map(RouteGroupBuilder console) =>
        console.MapGet("/dashboard", async (HttpContext http, string? from, string? to, SummaryStore summaries, DetectionStatsStore detection,
            IOptions<FraudWatchOptions> options, TimeProvider clock, CancellationToken ct) =>
        {
            var (role, refusal) = ConsoleExtensions.Require(http);
            if (refusal is not null)
                return refusal;

            var zone = options.Value.Zone;
            var today = StatsApi.Today(zone, clock);
            var request = StatsQuery.Parse(from, to, null, null, null, today, out var errors);
            if (request is null)
            {
                var message = string.Join(" ", errors.Values.SelectMany(e => e));
                return Layout.Page("概览 Dashboard", role, "dashboard", H.Of($"{RangeForm(from, to, today)}{Layout.Note("error", "日期范围无效。", message)}"), 400);
            }

            var summary = await summaries.GetAsync(request, today, zone, ct);
            var bot = await detection.GetAsync(summary.From, summary.To, zone, ct);
            return Layout.Page("概览 Dashboard", role, "dashboard", Render(summary, bot, today));
        }).ForConsole(Role.Analyst, "dashboard");

    static Html Render(Summary s, DetectionStats bot, DateOnly today)
    {
        var (now, before) = (s.Totals, s.Previous);
        var cards = H.Join([
            Card("reports", "举报", "Reports", Count(now.Reports), s.ReportsChange, Tone.Neutral),
            Card("prevented", "成功阻止", "Prevented", Count(now.Prevented), s.PreventedChange, Tone.UpIsGood),
            Card("protected", "挽回金额", "Amount protected", Layout.Yuan(now.Protected), Change(now.Protected, before.Protected), Tone.UpIsGood),
            Card("losses", "被骗", "Losses", Count(now.Losses), Change(now.Losses, before.Losses), Tone.UpIsBad),
            Card("lost", "损失金额", "Amount lost", Layout.Yuan(now.Lost), s.LostChange, Tone.UpIsBad),
            Card("loss-rate", "损失率", "Loss rate", Percent(now.LossRate), now.LossRate is { } a && before.LossRate is { } b ? a - b : null, Tone.UpIsBad, points: true),
        ]);
        var maxType = s.ByType.Count == 0 ? 0 : s.ByType.Max(t => t.Reports);
        var types = s.ByType.Count == 0
            ? H.Of($"""<tr><td colspan="4">本期没有举报 <small>No reports in this range</small></td></tr>""")
            : H.Join(s.ByType, t => H.Of($"""
                <tr data-type="{t.Type ?? FraudTypes.Other}"><th scope="row">{FraudTypes.DisplayName(t.Type ?? FraudTypes.Other, "zh-CN")}<br><small>{FraudTypes.DisplayName(t.Type ?? FraudTypes.Other, "en")}</small></th>
                <td class="num">{t.Reports}{Charts.Meter(t.Reports, maxType, "reports")}</td><td class="num">{t.Prevented}</td><td class="num">{t.Losses}</td></tr>
                """));
        var members = s.Coverage.ToDictionary(c => (c.Township, c.Village));
        var villages = s.Streaks.Count == 0
            ? H.Of($"""<tr><td colspan="5">还没有绑定村庄的群 <small>No group is bound to a village yet</small></td></tr>""")
            : H.Join(s.Streaks.OrderByDescending(v => v.CurrentDays), v => H.Of($"""
                <tr data-village="{v.Village}"><th scope="row">{v.Village}<br><small>{v.Township}</small></th>
                <td class="num">{members.GetValueOrDefault((v.Township, v.Village))?.Members ?? 0}</td>
                <td class="num current">{v.CurrentDays}</td><td class="num longest">{v.LongestDays}</td>
                <td>{v.LastLoss?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "—"}</td></tr>
                """));

        return H.Of($"""
            <h1>反诈概览 <small>Dashboard</small></h1>
            {RangeForm(s.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), s.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), today)}
            <p class="hint">对比上一同长时段 {s.From.AddDays(-(s.To.DayNumber - s.From.DayNumber + 1)):yyyy-MM-dd} – {s.From.AddDays(-1):yyyy-MM-dd} <small>Change is against the same number of days just before.</small></p>
            <section class="cards" aria-label="headline numbers">{cards}</section>
            <section class="card"><h2>按月趋势 <small>Trend by month</small></h2>{Charts.Trend(s.Trend, s.From, s.To)}</section>
            <section class="card"><h2>诈骗类型 <small>By fraud type</small></h2>
            <div class="scroll"><table id="types"><thead><tr><th>类型 <small>Type</small></th><th>举报 <small>Reports</small></th><th>阻止 <small>Prevented</small></th><th>被骗 <small>Losses</small></th></tr></thead>
            <tbody>{types}</tbody></table></div></section>
            {BotSection(bot)}
            <section class="card"><h2>各村 <small>Villages</small></h2>
            <div class="scroll"><table id="villages"><thead><tr><th>村 <small>Village</small></th><th>成员 <small>Members</small></th><th>连续无损失天数 <small>Days without loss</small></th><th>最长 <small>Longest</small></th><th>最近损失 <small>Last loss</small></th></tr></thead>
            <tbody>{villages}</tbody></table></div></section>
            """);
    }

    /// <summary>How the bot's guesses held up on the reports officers decided, and the residents' disputes (GET /api/v1/stats/detection).</summary>
    static Html BotSection(DetectionStats bot)
    {
        static string Share(long part, long whole) => whole == 0 ? "—" : $"{(100.0 * part / whole).ToString("0.#", CultureInfo.InvariantCulture)}% ({part} / {whole})";
        var typed = bot.ByType.Where(t => t.Type != FraudTypes.Other).Sum(t => t.Reports); // frauds of one of the ten types
        var open = bot.Disputes - bot.DisputesOrdinary - bot.DisputesFraud;
        return H.Of($"""
            <section class="card" id="detection"><h2>机器人判断 <small>How the bot did on your reports</small></h2>
            <p class="hint">民警处理过的举报（重复的除外）与居民对私聊查询的申诉。 <small>Reports officers decided (duplicates aside), and residents' disputes of private checks.</small></p>
            <div class="scroll"><table><tbody>
            <tr data-detection="type-right"><th scope="row">类型判断正确 <small>Fraud type right</small></th><td class="num">{Share(bot.TypeRight, typed)}</td></tr>
            <tr data-detection="false-alarms"><th scope="row">把正常消息当成诈骗 <small>Ordinary called a scam</small></th><td class="num">{Share(bot.FalseAlarms, bot.NotFraud)}</td></tr>
            <tr data-detection="types-corrected"><th scope="row">民警改过类型 <small>Types corrected by officers</small></th><td class="num">{Count(bot.TypeCorrected)}</td></tr>
            <tr data-detection="disputes"><th scope="row">居民说“不是诈骗” <small>Disputes</small></th><td class="num">{Count(bot.Disputes)}：正常 {bot.DisputesOrdinary} · 诈骗 {bot.DisputesFraud} · 待复核 {open} <small>ordinary · scam · open</small></td></tr>
            </tbody></table></div></section>
            """);
    }

    enum Tone
    {
        Neutral,
        UpIsGood,
        UpIsBad,
    }

    static Html Card(string metric, string zh, string en, string value, double? change, Tone tone, bool points = false)
    {
        var direction = change switch { > 0 => "up", < 0 => "down", _ => "flat" };
        var mood = tone == Tone.Neutral || change is null or 0 ? "" : (change > 0) == (tone == Tone.UpIsGood) ? " good" : " bad";
        var text = change is not { } c ? "—"
            : points ? $"{(c >= 0 ? "+" : "−")}{Math.Abs(c * 100).ToString("0.#", CultureInfo.InvariantCulture)} pt"
            : $"{(c >= 0 ? "+" : "−")}{Math.Abs(c * 100).ToString("0.#", CultureInfo.InvariantCulture)}%";
        return H.Of($"""
            <div class="metric" data-metric="{metric}"><div class="label">{zh} <small>{en}</small></div>
            <div class="value">{value}</div><div class="change {direction}{mood}" title="与上期相比 vs previous period">较上期 <span class="delta">{text}</span></div></div>
            """);
    }

    static Html RangeForm(string? from, string? to, DateOnly today)
    {
        string D(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var month = new DateOnly(today.Year, today.Month, 1);
        var quarter = StatsQuery.BucketStart(Dimension.Quarter, today);
        return H.Of($"""
            <form method="get" action="/console/dashboard" class="range">
            <label>从 <small>From</small> <input type="date" name="from" value="{from ?? ""}"></label>
            <label>到 <small>To</small> <input type="date" name="to" value="{to ?? ""}"></label>
            <button type="submit">查看 <small>Show</small></button>
            <span class="quick"><a href="/console/dashboard?from={D(month)}&amp;to={D(today)}">本月</a>
            <a href="/console/dashboard?from={D(quarter)}&amp;to={D(today)}">本季度</a>
            <a href="/console/dashboard?from={D(today.AddMonths(-12).AddDays(1))}&amp;to={D(today)}">近一年</a></span>
            </form>
            """);
    }

    static string Count(long n) => n.ToString("#,0", CultureInfo.InvariantCulture);

    static string Percent(double? rate) => rate is { } r ? (r * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%" : "—";

    static double? Change(decimal now, decimal before) => before == 0 ? null : Math.Round((double)((now - before) / before), 4);
}
