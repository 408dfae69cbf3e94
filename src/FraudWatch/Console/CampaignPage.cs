using FraudWatch.Access;
using FraudWatch.Campaigns;
using Microsoft.Extensions.Options;

namespace FraudWatch.WebConsole;

/// <summary>One campaign with its delivery counts; the page polls /console/api/campaigns/{id} (the API takes no cookie) while it runs.</summary>
static class CampaignPage
{
    public static void Map(RouteGroupBuilder console)
    {
        console.MapGet("/api/campaigns/{id:long}", async (long id, HttpContext http, CampaignStore store, CampaignViews views, CancellationToken ct) =>
        {
            if (ConsoleExtensions.Require(http).Refusal is not null)
                return Results.StatusCode(http.User.ApiRole() is null ? 401 : 403);
            return await store.GetAsync(id, ct) is { } campaign ? Results.Ok((await views.ViewsAsync([campaign], ct))[0]) : Results.NotFound();
        }).ForConsole(Role.Officer, "campaigns");

        console.MapGet("/campaigns/{id:long}", async (long id, HttpContext http, CampaignStore store, CampaignViews views,
            IOptions<FraudWatchOptions> options, CancellationToken ct) =>
        {
            var (role, refusal) = ConsoleExtensions.Require(http);
            if (refusal is not null)
                return refusal;
            if (await store.GetAsync(id, ct) is not { } campaign)
                return Layout.Page("宣传 Campaign", role, "campaigns", Layout.Note("error", $"没有 #{id} 号宣传活动。", "No such campaign; pick one from the list on the composer page."), 404);
            var view = (await views.ViewsAsync([campaign], ct))[0];
            return Layout.Page($"宣传 #{id}", role, "campaigns", Render(view, options.Value.Zone));
        }).ForConsole(Role.Officer, "campaigns");
    }

    static Html Render(CampaignView c, TimeZoneInfo zone)
    {
        Html Count(string key, string zh, string en, long value) =>
            H.Of($"""<div class="metric" data-count="{key}"><div class="label">{zh} <small>{en}</small></div><div class="value">{value}</div></div>""");
        var runs = H.Join(c.Runs, r => H.Of($"""
            <tr><td>{Layout.Local(r.OccurrenceAt, zone)}</td><td>{r.Status}</td><td class="num">{r.Targeted}</td><td class="num">{r.Sent + r.DryRun}</td><td class="num">{r.Failed}</td><td class="num">{r.Skipped}</td><td class="num">{r.Pending}</td></tr>
            """));
        var live = c.Status is "running" or "scheduled";
        var nextRun = c.NextRunAt is { } next
            ? H.Of($"""<p><strong>下次 <small>Next run</small>:</strong> {next:yyyy-MM-dd HH:mm} ({c.TimeZone})</p>""")
            : Html.Empty;
        return H.Of($"""
            <h1>宣传 #{c.Id} <small>Campaign</small></h1>
            <section class="card" id="campaign" data-campaign="{c.Id}" data-live="{(live ? "true" : "false")}" data-runs="{c.Runs.Count}">
            <p><strong>状态 <small>Status</small>:</strong> <span id="status" class="status">{c.Status}</span></p>
            <p><strong>内容 <small>Message</small>:</strong> {c.Template ?? "自定义 own text"}</p>
            <p><strong>对象 <small>Target</small>:</strong> {c.Target}</p>
            <p><strong>时间 <small>Schedule</small>:</strong> {c.Schedule} ({c.TimeZone}){(c.Pin ? " · 置顶 pinned" : "")}</p>
            {nextRun}
            <p class="meta">{c.CreatedBy} · {Layout.Local(c.CreatedAt, zone)}</p>
            </section>
            <section class="cards">
            {Count("targeted", "目标群", "Groups targeted", c.Targeted)}{Count("sent", "已发送", "Sent", c.Sent)}{Count("dryRun", "演练", "Dry run", c.DryRun)}
            {Count("pending", "待发送", "Pending", c.Pending)}{Count("failed", "失败", "Failed", c.Failed)}{Count("skipped", "跳过", "Skipped: the bot left the group, or it was unbound", c.Skipped)}
            {Count("reach", "覆盖人数", "Members reached", c.Reach)}
            </section>
            <section class="card"><h2>各次发送 <small>Runs</small></h2><div class="scroll"><table id="runs"><thead><tr><th>时间 <small>When</small></th><th>状态 <small>Status</small></th><th>群 <small>Groups</small></th><th>已发 <small>Sent</small></th><th>失败 <small>Failed</small></th><th>跳过 <small>Skipped</small></th><th>待发 <small>Pending</small></th></tr></thead>
            <tbody>{runs}</tbody></table></div></section>
            <p><a href="/console/campaigns/new">← 再发一条 <small>Compose another</small></a></p>
            """);
    }
}
