using FraudWatch.Access;
using FraudWatch.Telegram;

namespace FraudWatch.WebConsole;

/// <summary>
/// The web console under /console: server-rendered pages signed in with an API key kept in an HttpOnly,
/// SameSite=Strict cookie. Cross-site forms are refused twice over: the browser withholds a Strict cookie
/// from other sites, and every POST must carry an Origin (or Referer) naming this host.
/// </summary>
/// <summary>The least role a console endpoint allows (PRODUCT.md section 1), read by the page guard and the access tests.</summary>
public sealed record ConsoleAccess(Role Role, string Section);

public static class ConsoleExtensions
{
    public static void AddWebConsole(this WebApplicationBuilder builder) => builder.Services.AddSingleton<ConsoleStore>();

    public static void MapWebConsole(this WebApplication app)
    {
        var console = app.MapGroup("/console").ExcludeFromDescription().AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var headers = http.Response.Headers;
            headers.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "same-origin";
            if (!HttpMethods.IsGet(http.Request.Method) && !SameOrigin(http.Request))
                return Results.Text("Refused: this form was not sent from the FraudWatch console. Reload the page and try again.", statusCode: 403);
            return await next(context);
        });

        console.MapGet("/", (HttpContext http) => Results.Redirect(Home(http.User.ApiRole())));
        console.MapGet("/assets/console.css", () => Results.Text(ConsoleAssets.Css, "text/css; charset=utf-8"));
        console.MapGet("/assets/console.js", () => Results.Text(ConsoleAssets.Script, "text/javascript; charset=utf-8"));
        SignIn.Map(console);
        DashboardPage.Map(console);
        ReportQueuePage.Map(console);
        WavesPage.Map(console);
        ComposerPage.Map(console);
        CampaignPage.Map(console);
        KeysPage.Map(console);
    }

    /// <summary>Where a role lands after signing in.</summary>
    internal static string Home(Role? role) => role switch
    {
        null or Role.Resident => "/console/sign-in",
        Role.Officer => "/console/campaigns/new",
        Role.Assistant => "/console/reports",
        _ => "/console/dashboard",
    };

    /// <summary>Marks a console endpoint with the least role allowed and the navigation section it belongs to.</summary>
    internal static RouteHandlerBuilder ForConsole(this RouteHandlerBuilder builder, Role role, string section) =>
        builder.WithMetadata(new ConsoleAccess(role, section));

    /// <summary>
    /// The signed-in role when it allows the endpoint's <see cref="ConsoleAccess"/>; otherwise the response to send:
    /// the sign-in page for no key, a one-line explanation for a role too low.
    /// </summary>
    internal static (Role Role, IResult? Refusal) Require(HttpContext http)
    {
        var access = http.GetEndpoint()?.Metadata.GetMetadata<ConsoleAccess>()
            ?? throw new InvalidOperationException($"{http.Request.Path} has no ConsoleAccess metadata; add .ForConsole(role, section).");
        if (http.User.ApiRole() is not { } role)
            return (Role.Resident, Results.Redirect("/console/sign-in?returnUrl=" + Uri.EscapeDataString(http.Request.Path + http.Request.QueryString)));
        if (!access.Role.Allows(role))
        {
            var body = Layout.Note("error", $"此页面需要{RoleNames.Chinese(access.Role)}权限。", $"This page needs the {access.Role.Name()} role; your key is {role.Name()}.");
            return (role, Layout.Page("权限不足 Not allowed", role, access.Section, body, 403));
        }

        return (role, null);
    }

    internal static string Actor(HttpContext http) => http.User.Identity?.Name ?? "console";

    static bool SameOrigin(HttpRequest request) => RequestOrigin.IsSameOrigin(request);
}
