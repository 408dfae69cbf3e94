using System.Globalization;
using FraudWatch.Access;
using FraudWatch.Detection;
using FraudWatch.Reports;
using Microsoft.Extensions.Options;

namespace FraudWatch.WebConsole;

/// <summary>
/// Newest unresolved reports with outcome buttons, recorded through the same OutcomeService as the API; then the open
/// disputes (private checks the bot called a scam and the resident did not), reviewed through the same CheckDisputes.
/// </summary>
static class ReportQueuePage
{
    const int Shown = 50;
    const int DisputesShown = 20;

    /// <summary>What the page reads.</summary>
    public sealed record Sources(ReportStore Reports, PrivateCheckStore Checks, Pseudonyms Pseudonyms, IOptions<FraudWatchOptions> Options);

    public static void Map(RouteGroupBuilder console)
    {
        console.MapGet("/reports", async (HttpContext http, long? recorded, string? outcome, long? reviewed, string? verdict,
            [AsParameters] Sources sources, CancellationToken ct) =>
        {
            var (role, refusal) = ConsoleExtensions.Require(http);
            if (refusal is not null)
                return refusal;
            var note = recorded is { } id && Outcomes.IsKnown(outcome)
                ? Layout.Note("ok", $"#{id} 已记录：{Outcomes.Label(outcome!)}", "Outcome recorded; the reporter and the duty group are told.")
                : reviewed is { } check && verdict is CheckDisputes.Ordinary or CheckDisputes.Fraud
                ? Layout.Note("ok", $"已复核：{(verdict == CheckDisputes.Ordinary ? "正常消息" : "诈骗")}", "Review recorded; the resident is told in the chat where they asked.")
                : Html.Empty;
            return await PageAsync(role, note, sources, 200, ct);
        }).ForConsole(Role.Assistant, "reports");

        console.MapPost("/checks/{id:long}/review", async (long id, HttpContext http, CheckDisputes disputes, [AsParameters] Sources sources, CancellationToken ct) =>
        {
            var (role, refusal) = ConsoleExtensions.Require(http);
            if (refusal is not null)
                return refusal;
            var form = await http.Request.ReadFormAsync(ct);
            var verdict = form["verdict"].ToString();
            var type = verdict == CheckDisputes.Fraud ? form["type"].ToString().Trim() : null;
            if (CheckDisputes.Validate(verdict, type) is var (_, error))
                return await PageAsync(role, Layout.Note("error", "未复核。", error), sources, 400, ct);
            var actor = ConsoleExtensions.Actor(http);
            var (status, _) = await disputes.ReviewAsync(new DisputeReview(id, verdict, type, actor, actor), ct);
            if (status == OutcomeStatus.NotFound)
                return await PageAsync(role, Layout.Note("error", "没有这条申诉。", $"No dispute {id}; it may have been removed."), sources, 404, ct);
            return Results.Redirect(string.Create(CultureInfo.InvariantCulture, $"/console/reports?reviewed={id}&verdict={verdict}"));
        }).ForConsole(Role.Assistant, "reports");

        console.MapPost("/reports/{id:long}/outcome", async (long id, HttpContext http, OutcomeService outcomes, [AsParameters] Sources sources, CancellationToken ct) =>
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
                return await PageAsync(role, Layout.Note("error", $"#{id} 未记录。", error), sources, 400, ct);

            var actor = ConsoleExtensions.Actor(http);
            // The type first: the outcome's duty post and the statistics then show the officer's type.
            if (type.Length > 0 && (await outcomes.CorrectTypeAsync(id, type, actor, actor, ct)).Status == OutcomeStatus.NotFound)
                return await PageAsync(role, Layout.Note("error", $"没有 #{id} 号举报。", $"No report #{id}; it may have been removed."), sources, 404, ct);
            var (status, _) = await outcomes.RecordAsync(new OutcomeRequest(id, outcome, amount, note.Length == 0 ? null : note, actor, actor, OnlyIfNew: false), ct);
            if (status == OutcomeStatus.NotFound)
                return await PageAsync(role, Layout.Note("error", $"没有 #{id} 号举报。", $"No report #{id}; it may have been removed."), sources, 404, ct);
            return Results.Redirect(string.Create(CultureInfo.InvariantCulture, $"/console/reports?recorded={id}&outcome={outcome}"));
        }).ForConsole(Role.Assistant, "reports");
    }

    static async Task<IResult> PageAsync(Role role, Html note, Sources sources, int status, CancellationToken ct)
    {
        var zone = sources.Options.Value.Zone;
        var list = await sources.Reports.ListAsync(new ReportFilter("new", null, null, null, DateTime.UnixEpoch, DateTime.UtcNow.AddDays(1), Shown), ct);
        var indicators = (await sources.Reports.IndicatorsAsync(list.Select(r => r.Id).ToList(), ct)).ToLookup(i => i.ReportId);
        var disputes = await sources.Checks.DisputesAsync(reviewed: false, DisputesShown, ct);
        var pseudonym = await sources.Pseudonyms.ResolverAsync(ct);
        var items = list.Count == 0
            ? H.Of($"""<p class="empty">没有待处理的举报。 <small>No unresolved reports.</small></p>""")
            : H.Join(list, r => Item(r, r.ReporterPseudonym ?? pseudonym(r.ReporterUserId), indicators[r.Id], zone));
        var disputeItems = disputes.Count == 0
            ? H.Of($"""<p class="empty">没有待复核的申诉。 <small>No open disputes.</small></p>""")
            : H.Join(disputes, d => DisputeItem(d, pseudonym(d.UserId), zone));
        var body = H.Of($"""
            <h1>待处理举报 <small>Report queue</small></h1>
            {note}
            <p class="hint">最新的 {Shown} 条未处理举报；举报人以化名显示。 <small>The newest unresolved reports; reporters appear as pseudonyms.</small></p>
            <div class="queue">{items}</div>
            <h2 id="disputes">居民说“不是诈骗” <small>Disputed checks</small></h2>
            <p class="hint">居民私聊查询、机器人判为诈骗、居民按了“不是诈骗”的消息。复核后居民会收到答复：正常消息（机器人判错了），或确是诈骗（居民会被提醒）。 <small>Messages a resident checked in private that the bot called a scam and the resident marked "Not a scam". After review the resident is told.</small></p>
            <div class="queue">{disputeItems}</div>
            """);
        return Layout.Page("举报 Reports", role, "reports", body, status);
    }

    static Html DisputeItem(Dispute d, string resident, TimeZoneInfo zone)
    {
        var text = TextCut.Shorten(d.Text, 600);
        var types = H.Join(FraudTypes.All, t => H.Of(
            $"""<option value="{t}"{(t == d.GuessedType ? " selected" : "")}>{FraudTypes.DisplayName(t, "zh-CN")} {FraudTypes.DisplayName(t, "en")}</option>"""));
        return H.Of($"""
            <article class="card dispute" id="check-{d.Id}" data-check="{d.Id}">
            <header><strong>机器人判为 <small>Bot said</small></strong> <span class="type">{FraudTypes.DisplayName(d.GuessedType, "zh-CN")} <small>{FraudTypes.DisplayName(d.GuessedType, "en")}</small></span></header>
            <p class="meta">{Layout.Local(d.FeedbackAt, zone)} · 私聊 private chat · {resident}{(d.ForwardedFrom is { } from ? H.Of($" · 转发自 {from}") : Html.Empty)}</p>
            <blockquote>{text}</blockquote>
            <form method="post" action="/console/checks/{d.Id}/review" class="outcome-form">
            <div class="row"><label>类型 <small>Type</small> <select name="type">{types}</select></label></div>
            <div class="buttons"><button type="submit" name="verdict" value="ordinary" class="outcome not_fraud">正常消息 <small>Ordinary: bot wrong</small></button>
            <button type="submit" name="verdict" value="fraud" class="outcome loss">是诈骗 <small>It is a scam</small></button></div>
            </form>
            </article>
            """);
    }

    static Html Item(Report r, string reporter, IEnumerable<ReportIndicator> indicators, TimeZoneInfo zone)
    {
        var place = r.Village is null ? "私聊 private chat" : $"{r.Township} {r.Village}";
        var chips = H.Join(indicators, i => H.Of($"""<li><span class="kind">{i.Kind}</span> {i.Value}</li>"""));
        var text = TextCut.Shorten(r.Text, 600);
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
