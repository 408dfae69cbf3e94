using System.Security.Cryptography;
using System.Text;
using FraudWatch.Access;
using FraudWatch.Campaigns;

namespace FraudWatch.WebConsole;

/// <summary>The fields of the composer form, kept to show them again with an error.</summary>
/// <remarks>
/// <see cref="FormKey"/> is drawn afresh for each blank form: a form sent twice (a double click, a resend) makes one campaign.
/// The request key joins it with the form's contents, so the same form changed after Back makes a campaign of its own.
/// </remarks>
sealed record ComposerInput(string Template, string Text, string Target, string When, string At, string Cron, bool Pin, string OfficerName, string OfficerPhone,
    string FormKey)
{
    public static ComposerInput Blank() => new("", "", "", "now", "", "", false, "", "", NewFormKey());

    static string NewFormKey() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static ComposerInput From(IFormCollection form) => new(
        form["template"].ToString(), form["text"].ToString(), form["target"].ToString().Trim(), form["when"].ToString(),
        form["at"].ToString().Trim(), form["cron"].ToString().Trim(), form["pin"].Count > 0, form["officerName"].ToString().Trim(), form["officerPhone"].ToString().Trim(),
        form["requestKey"].ToString() is { Length: 32 } key && key.All(char.IsAsciiHexDigitLower) ? key : NewFormKey());

    public string Schedule => When switch
    {
        "at" => "at " + At.Replace('T', ' '),
        "cron" => "cron " + Cron,
        _ => "now",
    };

    public CampaignRequest Request => new(
        Template.Length == 0 ? null : Template, Template.Length == 0 ? Text : null, Target, Schedule, Pin, null,
        OfficerName.Length == 0 ? null : OfficerName, OfficerPhone.Length == 0 ? null : OfficerPhone, RequestKey: RequestKey);

    string RequestKey =>
        $"console:{FormKey}:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u0001', Template, Text, Target, Schedule, Pin, OfficerName, OfficerPhone))))}";
}

public sealed record ConsolePreviewRequest(string? Template, string? Text, long? ChatId);

/// <summary>Compose a campaign: template or own words, a target with its live reach, a live preview, a schedule, pin.</summary>
static class ComposerPage
{
    public static void Map(RouteGroupBuilder console)
    {
        console.MapGet("/campaigns/new", async (HttpContext http, WarningRenderer renderer, ConsoleStore store, CampaignStore campaigns, CancellationToken ct) =>
        {
            var (role, refusal) = ConsoleExtensions.Require(http);
            return refusal ?? await PageAsync(role, ComposerInput.Blank(), Html.Empty, renderer, store, campaigns, 200, ct);
        }).ForConsole(Role.Officer, "campaigns");

        console.MapPost("/campaigns", async (HttpContext http, CampaignService service, WarningRenderer renderer, ConsoleStore store,
            CampaignStore campaigns, CancellationToken ct) =>
        {
            var (role, refusal) = ConsoleExtensions.Require(http);
            if (refusal is not null)
                return refusal;
            var input = ComposerInput.From(await http.Request.ReadFormAsync(ct));
            var outcome = await service.CreateAsync(input.Request, ConsoleExtensions.Actor(http), ct);
            if (outcome.Campaign is { } created)
                return Results.Redirect($"/console/campaigns/{created.Id}");
            var error = Layout.Note("error", $"未创建（{outcome.Field}）：", outcome.Error ?? "check the form.");
            return await PageAsync(role, input, error, renderer, store, campaigns, 400, ct);
        }).ForConsole(Role.Officer, "campaigns");

        console.MapGet("/api/reach", async (HttpContext http, string? target, CampaignStore store, CancellationToken ct) =>
        {
            if (ConsoleExtensions.Require(http).Refusal is not null)
                return Results.StatusCode(http.User.ApiRole() is null ? 401 : 403);
            if (TargetSpec.Parse(target, out var error) is not { } spec)
                return Results.Ok(new { groups = 0, members = 0L, error });
            var reach = await store.ReachAsync(spec, ct);
            return Results.Ok(new { groups = reach.Groups, members = reach.Members, error = (string?)null });
        }).ForConsole(Role.Officer, "campaigns");

        console.MapPost("/api/preview", async (HttpContext http, ConsolePreviewRequest? request, CampaignService service, CancellationToken ct) =>
        {
            if (ConsoleExtensions.Require(http).Refusal is not null)
                return Results.StatusCode(http.User.ApiRole() is null ? 401 : 403);
            var template = string.IsNullOrEmpty(request?.Template) ? null : request.Template;
            var text = template is null ? request?.Text ?? "" : null;
            var (result, _, error) = await service.PreviewAsync(template, text, request?.ChatId, ct);
            return result is { Ok: true }
                ? Results.Ok(new { text = result.Text, title = result.Title, error = (string?)null })
                : Results.Ok(new { text = (string?)null, title = (string?)null, error = error ?? result?.Error });
        }).ForConsole(Role.Officer, "campaigns");
    }

    static async Task<IResult> PageAsync(Role role, ComposerInput input, Html error, WarningRenderer renderer, ConsoleStore store,
        CampaignStore campaigns, int status, CancellationToken ct)
    {
        var picks = await store.PicksAsync(ct);
        var groups = await store.ActiveGroupsAsync(ct);
        var recent = await campaigns.ListAsync(8, ct);
        var templates = renderer.Catalog.List().Where(t => t.Error is null).GroupBy(t => t.Name)
            .Select(g => g.FirstOrDefault(t => t.Language == TemplateCatalog.DefaultLanguage) ?? g.First()).ToList();

        Html Selected(bool on) => on ? new Html(" selected") : Html.Empty;
        Html Checked(bool on) => on ? new Html(" checked") : Html.Empty;
        var options = H.Join(templates, t => H.Of($"""<option value="{t.Name}"{Selected(t.Name == input.Template)}>{t.Title} · {t.Name}</option>"""));
        Html Pick(string prefix, string value) => H.Of($"""<button type="button" class="pick" data-pick="{prefix}:{value}">{value}</button>""");
        var pickRows = H.Join([
            H.If(picks.Townships.Count > 0, H.Of($"""<div><span class="hint">乡镇 <small>Townships</small></span> {H.Join(picks.Townships, t => Pick("township", t))}</div>""")),
            H.If(picks.Villages.Count > 0, H.Of($"""<div><span class="hint">村 <small>Villages</small></span> {H.Join(picks.Villages, v => Pick("village", v))}</div>""")),
            H.If(picks.Tags.Count > 0, H.Of($"""<div><span class="hint">标签 <small>Tags</small></span> {H.Join(picks.Tags, t => Pick("tag", t))}</div>""")),
        ]);
        var groupOptions = H.Join(groups, g => H.Of($"""<option value="{g.ChatId}">{g.Township} {g.Village} · {g.Title}</option>"""));
        var recentRows = H.Join(recent, c => H.Of($"""<li><a href="/console/campaigns/{c.Id}">#{c.Id}</a> {c.Template ?? "自定义 own text"} → {c.Target} · {c.Schedule} · <span class="status">{c.Status}</span></li>"""));

        var body = H.Of($"""
            <h1>发布宣传 <small>New campaign</small></h1>
            {error}
            <form method="post" action="/console/campaigns" class="card stack" id="composer">
            <input type="hidden" name="requestKey" value="{input.FormKey}">
            <label for="template">模板 <small>Template</small></label>
            <select id="template" name="template"><option value=""{Selected(input.Template.Length == 0)}>自己写 · Own text</option>{options}</select>
            <label for="text" class="own-text">内容 <small>Your text (sent as plain text)</small></label>
            <textarea id="text" name="text" rows="5" maxlength="4000" class="own-text">{input.Text}</textarea>

            <label for="target">发送对象 <small>Target: all, township:名, village:名, tag:标签, group:chat-id, joined by commas</small></label>
            <input id="target" name="target" required maxlength="2000" value="{input.Target}" placeholder="village:渎浦村, tag:老人" autocomplete="off">
            <div class="picks"><button type="button" class="pick" data-pick="all">全部 all</button>{pickRows}</div>
            <p id="reach" class="reach" aria-live="polite">输入对象后显示覆盖范围 <small>Type a target to see its reach</small></p>

            <fieldset><legend>发送时间 <small>When</small></legend>
            <label><input type="radio" name="when" value="now"{Checked(input.When is not ("at" or "cron"))}> 立即 <small>now</small></label>
            <label><input type="radio" name="when" value="at"{Checked(input.When == "at")}> 定时 <small>at</small> <input type="datetime-local" name="at" value="{input.At}"></label>
            <label><input type="radio" name="when" value="cron"{Checked(input.When == "cron")}> 周期 <small>cron</small> <input name="cron" value="{input.Cron}" placeholder="0 9 * * 1" maxlength="100"></label>
            </fieldset>
            <label class="inline"><input type="checkbox" name="pin" value="true"{Checked(input.Pin)}> 置顶 <small>Pin in the groups</small></label>
            <div class="row"><label>民警姓名 <small>Officer name</small> <input name="officerName" maxlength="40" value="{input.OfficerName}"></label>
            <label>电话 <small>Phone</small> <input name="officerPhone" maxlength="40" value="{input.OfficerPhone}"></label></div>

            <section class="preview"><label for="preview-group">预览 <small>Preview as this group gets it</small></label>
            <select id="preview-group"><option value="">示例 · sample</option>{groupOptions}</select>
            <pre id="preview" aria-live="polite"></pre></section>
            <button type="submit">创建 <small>Create campaign</small></button>
            </form>
            <section class="card"><h2>最近 <small>Recent campaigns</small></h2><ul class="recent">{recentRows}</ul></section>
            """);
        return Layout.Page("宣传 Campaigns", role, "campaigns", body, status);
    }
}
