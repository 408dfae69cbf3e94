using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace FraudWatch;

/// <summary>
/// Failed credentials per client IP (after forwarded headers): an API key, as Bearer or console cookie, that does not
/// authenticate, and a console sign-in refused as unknown. Past the limit in a minute, every request from that IP that
/// carries a key, and every sign-in, gets 429 with Retry-After until the window ends, good key or not, so the answer
/// says nothing about the key being tried. Requests without a key are never held up.
/// </summary>
sealed class AuthFailureLimiter : IDisposable
{
    const string SignInPath = "/console/sign-in";
    readonly PartitionedRateLimiter<string> failures;

    public AuthFailureLimiter(IOptions<FraudWatchOptions> options)
    {
        var perMinute = options.Value.AuthFailuresPerMinute;
        failures = PartitionedRateLimiter.Create<string, string>(client => RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = perMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    /// <summary>Runs after authentication, whose result for this request is cached, so the key is not looked up twice.</summary>
    public async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        var signIn = HttpMethods.IsPost(http.Request.Method) && http.Request.Path.Equals(SignInPath, StringComparison.OrdinalIgnoreCase);
        var authentication = await http.AuthenticateAsync();
        if (!signIn && authentication.None)
        {
            await next(http);
            return;
        }

        var client = Client(http);
        using (var probe = failures.AttemptAcquire(client, 0))
        {
            if (!probe.IsAcquired)
            {
                var wait = probe.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                http.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                // Problem details, as every 4xx but 401 and 403 (PRODUCT.md section 7).
                await http.Response.WriteAsJsonAsync(new Microsoft.AspNetCore.Mvc.ProblemDetails
                {
                    Status = StatusCodes.Status429TooManyRequests,
                    Title = "Too many failed keys or sign-ins",
                    Detail = "Too many failed keys or sign-ins from this address; wait a minute and try again.",
                }, options: null, contentType: "application/problem+json", cancellationToken: http.RequestAborted);
                return;
            }
        }

        await next(http);
        if (authentication.Failure is not null || (signIn && http.Response.StatusCode == StatusCodes.Status401Unauthorized))
            failures.AttemptAcquire(client, 1).Dispose();
    }

    static string Client(HttpContext http) => http.Connection.RemoteIpAddress switch
    {
        null => "unknown",
        { IsIPv4MappedToIPv6: true } mapped => mapped.MapToIPv4().ToString(),
        IPAddress address => address.ToString(),
    };

    public void Dispose() => failures.Dispose();
}
