using FraudWatch.Access;
using FraudWatch.Telegram;

namespace FraudWatch.WebConsole;

/// <summary>Paste an API key, get an HttpOnly cookie holding a server-side session id (never the key itself).</summary>
static class SignIn
{
    public static void Map(RouteGroupBuilder console)
    {
        console.MapGet("/sign-in", (HttpContext http, string? returnUrl) =>
            Form(http.User.ApiRole(), returnUrl, Html.Empty, 200));

        console.MapPost("/sign-in", async (HttpContext http, ApiKeyStore keys, ConsoleSessions sessions, AuthFailureLimiter limiter, CancellationToken ct) =>
        {
            var form = await http.Request.ReadFormAsync(ct);
            var key = form["key"].ToString().Trim();
            var returnUrl = form["returnUrl"].ToString();
            // Limited here, where the key is looked up, so every path routing brings to this form counts.
            var (refused, found) = await limiter.LookUpAsync(http, () => keys.FindKeyAsync(key, ct));
            if (refused)
            {
                await AuthFailureLimiter.RefuseAsync(http);
                return Results.Empty;
            }

            if (found is not { Role: var role })
                return Form(null, returnUrl, Layout.Note("error", "密钥无效或已被吊销，请检查后重新粘贴。", "That API key is unknown or revoked; check it and paste it again."), 401);
            if (role == Role.Resident)
                return Form(null, returnUrl, Layout.Note("error", "居民密钥不能登录控制台；请向管理员申请警务助理、民警或分析员密钥。", "A resident key cannot use the console; ask an admin for an assistant, officer or analyst key."), 403);

            if (http.Request.Cookies.TryGetValue(ApiKeyAuthenticationHandler.Cookie, out var previous))
                await sessions.EndAsync(previous, ct);
            var session = await sessions.StartAsync(found, ct);
            http.Response.Cookies.Append(ApiKeyAuthenticationHandler.Cookie, session, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Secure = http.Request.IsHttps,
                Path = "/",
                MaxAge = ConsoleSessions.Absolute,
                IsEssential = true,
            });
            return Results.Redirect(IsLocal(returnUrl) ? returnUrl : ConsoleExtensions.Home(role));
        });

        console.MapPost("/sign-out", async (HttpContext http, ConsoleSessions sessions, CancellationToken ct) =>
        {
            if (http.Request.Cookies.TryGetValue(ApiKeyAuthenticationHandler.Cookie, out var session))
                await sessions.EndAsync(session, ct);
            ApiKeyAuthenticationHandler.DropCookie(http.Response);
            return Results.Redirect("/console/sign-in");
        });
    }

    static bool IsLocal(string url) =>
        url.StartsWith("/console/", StringComparison.Ordinal) && !url.StartsWith("/console//", StringComparison.Ordinal) && !url.Contains('\\', StringComparison.Ordinal);

    static IResult Form(Role? role, string? returnUrl, Html message, int status)
    {
        var signedIn = role is { } r && r != Role.Resident
            ? Layout.Note("ok", $"已登录（{RoleNames.Chinese(r)}）。", $"Signed in as {r.Name()}; paste another key to switch.")
            : Html.Empty;
        var body = H.Of($"""
            <section class="card narrow">
            <h1>登录 <small>Sign in</small></h1>
            {signedIn}{message}
            <form method="post" action="/console/sign-in" class="stack">
            <label for="key">API 密钥 <small>API key</small></label>
            <input id="key" name="key" type="password" autocomplete="off" required maxlength="512" autofocus>
            <input type="hidden" name="returnUrl" value="{returnUrl ?? ""}">
            <button type="submit">登录 <small>Sign in</small></button>
            </form>
            <p class="hint">浏览器只保存一个会话编号，不保存密钥；闲置 12 小时或登录 7 天后需重新登录。 <small>The browser keeps a session id, never the key; sign in again after 12 hours idle or 7 days.</small></p>
            </section>
            """);
        return Layout.Page("登录 Sign in", role, "", body, status);
    }
}
