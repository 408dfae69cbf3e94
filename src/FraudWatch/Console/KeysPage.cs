using FraudWatch.Access;
using FraudWatch.Audit;
using FraudWatch.Telegram;
using Microsoft.Extensions.Options;

namespace FraudWatch.WebConsole;

/// <summary>Admins list, create and revoke API keys: the same store and audit entries as /api/v1/keys; a new key is shown once.</summary>
static class KeysPage
{
    public static void Map(RouteGroupBuilder console)
    {
        console.MapGet("/keys", async (HttpContext http, long? revoked, ApiKeyStore keys, IOptions<FraudWatchOptions> options, CancellationToken ct) =>
        {
            var (role, refusal) = ConsoleExtensions.Require(http);
            if (refusal is not null)
                return refusal;
            var note = revoked is { } id ? Layout.Note("ok", $"密钥 #{id} 已吊销。", "Revoked: it stops working at once, and its console sessions are ended.") : Html.Empty;
            return await PageAsync(role, note, keys, options.Value.Zone, 200, ct);
        }).ForConsole(Role.Admin, "keys");

        console.MapPost("/keys", async (HttpContext http, ApiKeyStore keys, AuditLog audit, IOptions<FraudWatchOptions> options, CancellationToken ct) =>
        {
            var (role, refusal) = ConsoleExtensions.Require(http);
            if (refusal is not null)
                return refusal;
            var form = await http.Request.ReadFormAsync(ct);
            var errors = KeysApi.Validate(new CreateKeyRequest(form["role"], form["label"]), out var newRole, out var label);
            if (errors.Count > 0)
            {
                var error = string.Join(" ", errors.Select(e => $"{e.Key}: {e.Value[0]}"));
                return await PageAsync(role, Layout.Note("error", "未创建密钥。", error), keys, options.Value.Zone, 400, ct);
            }

            var (key, secret) = await keys.CreateAsync(newRole, label, "api", ct);
            await audit.WriteAsync(ConsoleExtensions.Actor(http), "key.create", $"key:{key.Id}", new { role = newRole.Name(), label }, ct);
            var shown = H.Of($"""
                <section class="card" id="new-key"><p class="note ok" role="status">新密钥 #{key.Id}（{label}，{newRole.Name()}）只显示这一次，请现在复制。 <small>Copy the new key now: it is shown only this once.</small></p>
                <p><code id="new-key-value">{secret}</code></p></section>
                """);
            return await PageAsync(role, shown, keys, options.Value.Zone, 201, ct);
        }).ForConsole(Role.Admin, "keys");

        console.MapPost("/keys/{id:long}/revoke", async (long id, HttpContext http, ApiKeyStore keys, AuditLog audit, IOptions<FraudWatchOptions> options, CancellationToken ct) =>
        {
            var (role, refusal) = ConsoleExtensions.Require(http);
            if (refusal is not null)
                return refusal;
            var actor = ConsoleExtensions.Actor(http);
            if (await keys.RevokeAsync(id, actor, ct) is not { } key)
                return await PageAsync(role, Layout.Note("error", $"没有 #{id} 号密钥。", "No such key; pick one from the list."), keys, options.Value.Zone, 404, ct);
            await audit.WriteAsync(actor, "key.revoke", $"key:{key.Id}", new { role = key.Role.Name(), label = key.Label }, ct);
            return Results.Redirect($"/console/keys?revoked={id}");
        }).ForConsole(Role.Admin, "keys");
    }

    static async Task<IResult> PageAsync(Role role, Html note, ApiKeyStore keys, TimeZoneInfo zone, int status, CancellationToken ct)
    {
        var rows = H.Join(await keys.ListAsync(ct), k => H.Of($"""
            <tr id="key-{k.Id}"><td class="num">{k.Id}</td><td>{k.Label}</td><td>{k.Role}</td><td>{k.Source}</td><td>{Layout.Local(k.Created, zone)}</td>
            <td>{(k.LastUsed is { } used ? Layout.Local(used, zone) : "—")}</td>
            <td>{(k.Revoked is { } at ? H.Of($"已吊销 <small>revoked</small> {Layout.Local(at, zone)}") : H.Of($"""<form method="post" action="/console/keys/{k.Id}/revoke"><button type="submit" class="danger">吊销 <small>Revoke</small></button></form>"""))}</td></tr>
            """));
        // Least privilege first, so a hurried admin does not hand out admin keys by default.
        var options = H.Join(Roles.All, r => H.Of($"""<option value="{r.Name()}">{RoleNames.Chinese(r)} {r.Name()}</option>"""));
        var body = H.Of($"""
            <h1>API 密钥 <small>API keys</small></h1>
            {note}
            <section class="card narrow"><h2>新建密钥 <small>New key</small></h2>
            <form method="post" action="/console/keys" class="stack" id="create-key">
            <label for="label">名称 <small>Label (who or what uses it)</small></label>
            <input id="label" name="label" required maxlength="{KeysApi.MaxLabelLength}">
            <label for="role">角色 <small>Role</small></label>
            <select id="role" name="role">{options}</select>
            <button type="submit">创建 <small>Create</small></button>
            </form></section>
            <section class="card"><div class="scroll"><table id="keys"><thead><tr><th>#</th><th>名称 <small>Label</small></th><th>角色 <small>Role</small></th><th>来源 <small>Source</small></th><th>创建 <small>Created</small></th><th>最近使用 <small>Last used</small></th><th></th></tr></thead>
            <tbody>{rows}</tbody></table></div></section>
            """);
        return Layout.Page("API 密钥 API keys", role, "keys", body, status);
    }
}
