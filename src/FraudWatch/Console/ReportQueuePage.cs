using System.Globalization;
using FraudWatch.Access;
using FraudWatch.Detection;
using FraudWatch.Reports;
using Microsoft.Extensions.Options;

namespace FraudWatch.WebConsole;

/// <summary>Newest unresolved reports with outcome buttons, recorded through the same OutcomeService as the API.</summary>
static class ReportQueuePage
{
    const int Shown = 50;

    public static void Map(RouteGroupBuilder console)
    {
        console.MapGet("/reports", async (HttpContext http, long? recorded, string? outcome, ReportStore reports, Pseudonyms pseudonyms,
            IOptions<FraudWatchOptions> options, CancellationToken ct) =>
        {
            var (role, refusal) = ConsoleExtensions.Require(http);
            if (refusal is not null)
                return refusal;
            var note = recorded is { } id && Outcomes.IsKnown(outcome)
                ? Layout.Note("ok", $"#{id} 已记录：{Outcomes.Label(outcome!)}", "Outcome recorded; the reporter and the duty group are told.")
                : Html.Empty;
            return await PageAsync(role, note, reports, pseudonyms, options.Value.Zone, 200, ct);
        }).ForConsole(Role.Assistant, "reports");

        console.MapPost("/reports/{id:long}/outcome", async (long id, HttpContext http, OutcomeService outcomes, ReportStore reports,
            Pseudonyms pseudonyms, IOptions<FraudWatchOptions> options, CancellationToken ct) =>
        {
            var (role, refusal) = ConsoleExtensions.Require(http);
            if (refusal is not null)
                return refusal;
            var form = await http.Request.ReadFormAsync(ct);
            var outcome = form["outcome"].ToString();
            var amountText = form["amount"].ToString().Trim();
            var note = form["note"].ToString().Trim();
            var type = form["type"].ToString().Trim();
            decimal? amount = amountText.Length == 0 ? null : IndicatorExtractor.ParseAmount(amountText);
            string? error = !Outcomes.IsKnown(outcome) ? "Choose one of the outcome buttons."
                : type.Length > 0 && !FraudTypes.IsKnown(type) ? $"'{type}' is not a fraud type; choose one from the list."
                : amountText.Length > 0 && amount is null ? $"'{amountText}' is not an amount in yuan: write 5000, ¥2,000 or 3.5万."
                : outcome == Outcomes.Loss && amount is null ? "Give the amount lost in yuan before pressing Loss."
                : note.Length > 2000 ? "The note may be at most 2000 characters."
                : ReportArgs.CheckAmount(outcome, amount);
            if (error is not null)
                return await PageAsync(role, Layout.Note("error", $"#{id} 未记录。", error), reports, pseudonyms, options.Value.Zone, 400, ct);

            var actor = ConsoleExtensions.Actor(http);
            // The type first: the outcome's duty post and the statistics then show the officer's type.
            if (type.Length > 0 && (await outcomes.CorrectTypeAsync(id, type, actor, actor, ct)).Status == OutcomeStatus.NotFound)
                return await PageAsync(role, Layout.Note("error", $"没有 #{id} 号举报。", $"No report #{id}; it may have been removed."), reports, pseudonyms, options.Value.Zone, 404, ct);
            var (status, _) = await outcomes.RecordAsync(new OutcomeRequest(id, outcome, amount, note.Length == 0 ? null : note, actor, actor, OnlyIfNew: false), ct);
            if (status == OutcomeStatus.NotFound)
                return await PageAsync(role, Layout.Note("error", $"没有 #{id} 号举报。", $"No report #{id}; it may have been removed."), reports, pseudonyms, options.Value.Zone, 404, ct);
            return Results.Redirect(string.Create(CultureInfo.InvariantCulture, $"/console/reports?recorded={id}&outcome={outcome}"));
        }).ForConsole(Role.Assistant, "reports");
    }

    static async Task<IResult> PageAsync(Role role, Html note, ReportStore reports, Pseudonyms pseudonyms, TimeZoneInfo zone, int status, CancellationToken ct)
    {
        var list = await reports.ListAsync(new ReportFilter("new", null, null, null, DateTime.UnixEpoch, DateTime.UtcNow.AddDays(1), Shown), ct);
        var indicators = (await reports.IndicatorsAsync(list.Select(r => r.Id).ToList(), ct)).ToLookup(i => i.ReportId);
        var pseudonym = await pseudonyms.ResolverAsync(ct);
        var items = list.Count == 0
            ? H.Of($"""<p class="empty">没有待处理的举报。 <small>No unresolved reports.</small></p>""")
            : H.Join(list, r => Item(r, pseudonym(r.ReporterUserId), indicators[r.Id], zone));
        var body = H.Of($"""
            <h1>待处理举报 <small>Report queue</small></h1>
            {note}
            <p class="hint">最新的 {Shown} 条未处理举报；举报人以化名显示。 <small>The newest unresolved reports; reporters appear as pseudonyms.</small></p>
            <div class="queue">{items}</div>
            """);
        return Layout.Page("举报 Reports", role, "reports", body, status);
    }

    static Html Item(Report r, string reporter, IEnumerable<ReportIndicator> indicators, TimeZoneInfo zone)
    {
        var place = r.Village is null ? "私聊 private chat" : $"{r.Township} {r.Village}";
        var chips = H.Join(indicators, i => H.Of($"""<li><span class="kind">{i.Kind}</span> {i.Value}</li>"""));
        var text = r.Text.Length > 600 ? r.Text[..600] + "…" : r.Text;
        var types = H.Join(FraudTypes.All.Append(FraudTypes.Other), t => H.Of(
            $"""<option value="{t}"{(t == r.FraudType ? " selected" : "")}>{FraudTypes.DisplayName(t, "zh-CN")} {FraudTypes.DisplayName(t, "en")}</option>"""));
        var buttons = H.Join(Outcomes.All, o => H.Of($"""<button type="submit" name="outcome" value="{o}" class="outcome {o}">{Outcomes.Label(o)}</button>"""));
        return H.Of($"""
            <article class="card report" id="report-{r.Id}" data-report="{r.Id}">
            <header><strong>#{r.Id}</strong> <span class="type">{FraudTypes.DisplayName(r.FraudType, "zh-CN")} <small>{FraudTypes.DisplayName(r.FraudType, "en")}</small></span>
            <span class="score" title="score">{(r.Score * 100).ToString("0", CultureInfo.InvariantCulture)}%</span></header>
            <p class="meta">{Layout.Local(r.CreatedAt, zone)} · {place} · {reporter}</p>
            <blockquote>{text}</blockquote>
            {H.If(chips.Value.Length > 0, H.Of($"<ul class=\"chips\">{chips}</ul>"))}
            <form method="post" action="/console/reports/{r.Id}/outcome" class="outcome-form">
            <div class="row"><label>类型 <small>Type</small> <select name="type">{types}</select></label>
            <label>金额（元） <small>Amount ¥</small> <input name="amount" inputmode="decimal" placeholder="5000" maxlength="20"></label>
            <label>备注 <small>Note</small> <input name="note" maxlength="2000"></label></div>
            <div class="buttons">{buttons}</div>
            </form>
            </article>
            """);
    }
}
