using FraudWatch.Access;

namespace FraudWatch.WebConsole;

/// <summary>The page frame: head, navigation by role, sign-out, and a plain HTML response.</summary>
static class Layout
{
    public static IResult Page(string title, Role? role, string active, Html body, int status = 200) =>
        Results.Content(Document(title, role, active, body).Value, "text/html; charset=utf-8", statusCode: status);

    static Html Document(string title, Role? role, string active, Html body)
    {
        var nav = role is { } r ? Nav(r, active) : Html.Empty;
        return H.Of($"""
            <!DOCTYPE html>
            <html lang="zh-CN">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{title} · FraudWatch</title>
            <link rel="stylesheet" href="/console/assets/console.css">
            <script src="/console/assets/console.js" defer></script>
            </head>
            <body>
            <header class="top"><a class="brand" href="/console">反诈卫士 <small>FraudWatch</small></a>{nav}</header>
            <main>
            {body}
            </main>
            </body>
            </html>
            """);
    }

    static Html Nav(Role role, string active)
    {
        var links = new List<Html>();
        void Add(string section, string href, string zh, string en, Role needed)
        {
            if (needed.Allows(role))
                links.Add(H.Of($"""<a href="{href}"{(section == active ? new Html(" aria-current=\"page\"") : Html.Empty)}>{zh} <small>{en}</small></a>"""));
        }

        Add("dashboard", "/console/dashboard", "概览", "Dashboard", Role.Analyst);
        Add("reports", "/console/reports", "举报", "Reports", Role.Assistant);
        Add("waves", "/console/waves", "波次", "Waves", Role.Analyst);
        Add("campaigns", "/console/campaigns/new", "宣传", "Campaigns", Role.Officer);
        Add("keys", "/console/keys", "密钥", "Keys", Role.Admin);
        return H.Of($"""
            <nav>{H.Join(links)}<form method="post" action="/console/sign-out"><button class="link" type="submit">退出 <small>Sign out ({role.Name()})</small></button></form></nav>
            """);
    }

    /// <summary>A one-line note in a box: errors, refusals, confirmations.</summary>
    public static Html Note(string kind, string zh, string en) =>
        H.Of($"""<p class="note {kind}" role="{(kind == "error" ? "alert" : "status")}">{zh} <small>{en}</small></p>""");

    public static string Yuan(decimal amount) => "¥" + amount.ToString("#,0.##", System.Globalization.CultureInfo.InvariantCulture);

    public static string Local(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
