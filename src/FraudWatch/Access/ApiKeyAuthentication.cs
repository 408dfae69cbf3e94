using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace FraudWatch.Access;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;api-key&gt;</c>, or on /console and /hangfire only, the console's session
/// cookie. A cookie is sent by the browser on its own, so it is never accepted by the API: a form or script on another
/// site cannot act through /api/v1 with a signed-in officer's cookie. Nothing is cached: a revoked key fails, and an ended
/// session opens nothing, on the next request, on every instance. A bearer key is looked up under the caller's limit of
/// wrong keys.
/// </summary>
sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyStore keys, ConsoleSessions sessions,
    AuthFailureLimiter limiter)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Cookie = "fw_key";
    public const string KeyIdClaim = "fw_key_id";

    public static bool AcceptsCookie(PathString path) => path.StartsWithSegments("/console") || path.StartsWithSegments("/hangfire");

    /// <summary>
    /// The console is a browser's: signed in by its session cookie only, so a key never sits in a page's requests. The API,
    /// /metrics and /hangfire take the key as a bearer (PRODUCT.md section 7 lists /hangfire under the bearer scheme).
    /// </summary>
    public static bool AcceptsBearer(PathString path) => !path.StartsWithSegments("/console");

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        ApiKey? key;
        var header = Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && AcceptsBearer(Request.Path))
        {
            (var refused, key) = await limiter.LookUpAsync(Context, () => keys.FindKeyAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted));
            if (refused)
                return AuthenticateResult.Fail("Too many wrong API keys from this address");
        }
        else if (AcceptsCookie(Request.Path) && Request.Cookies.TryGetValue(Cookie, out var session) && !string.IsNullOrEmpty(session))
        {
            key = await sessions.FindAsync(session, Context.RequestAborted);
            if (key is null)
            {
                // An ended session (its id is random, never a guess) is no wrong key: the request goes on signed out, so the
                // console shows the sign-in form, and the browser drops the cookie.
                DropCookieUnlessSignedInAgain(Response);
                return AuthenticateResult.NoResult();
            }
        }
        else
            return AuthenticateResult.NoResult();

        if (key is null)
            return AuthenticateResult.Fail("Unknown or revoked API key");
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Role, key.Role.Name()), new Claim(ClaimTypes.Name, key.Actor), new Claim(KeyIdClaim, key.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    public static void DropCookie(HttpResponse response) =>
        response.Cookies.Delete(Cookie, new CookieOptions { Path = "/", SameSite = SameSiteMode.Strict, HttpOnly = true });

    /// <summary>Drops the cookie when the response starts, unless the response sets a new session (the sign-in form).</summary>
    static void DropCookieUnlessSignedInAgain(HttpResponse response) => response.OnStarting(() =>
    {
        if (!response.Headers.SetCookie.Any(c => c?.StartsWith(Cookie + "=", StringComparison.Ordinal) == true))
            DropCookie(response);
        return Task.CompletedTask;
    });
}
