using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace FraudWatch;

public static class HttpApiExtensions
{
    /// <summary>Largest request body: far above any API call, console form or Telegram update.</summary>
    public const long MaxRequestBodyBytes = 1024 * 1024;

    public static void AddHttpApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemAnswers();
        builder.Services.AddOpenApi();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase);
        builder.Services.AddSingleton<AuthFailureLimiter>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            kestrel.Limits.MaxRequestHeaderCount = 64;
            kestrel.Limits.MaxRequestLineSize = 8 * 1024;
        });
    }

    public static void UseHttpApi(this WebApplication app)
    {
        app.UseForwardedHeaders(ForwardedHeaders(app.Services.GetRequiredService<IOptions<FraudWatchOptions>>().Value));
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        var limiter = app.Services.GetRequiredService<AuthFailureLimiter>();
        app.Use((http, next) => limiter.InvokeAsync(http, next));
        app.UseAuthorization();
        app.MapOpenApi();
    }

    /// <summary>
    /// X-Forwarded-For and X-Forwarded-Proto from known proxies only (loopback unless FraudWatch__KnownProxies or
    /// FraudWatch__KnownNetworks say otherwise), so behind a TLS proxy the request is https and the console cookie Secure.
    /// </summary>
    static ForwardedHeadersOptions ForwardedHeaders(FraudWatchOptions settings)
    {
        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto,
            // Each hop is checked against the known proxies, so a chain of them is followed to the first unknown address.
            ForwardLimit = null,
        };
        if (settings.KnownProxyAddresses.Count + settings.KnownNetworkRanges.Count > 0)
        {
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in settings.KnownProxyAddresses)
                options.KnownProxies.Add(proxy);
            foreach (var network in settings.KnownNetworkRanges)
                options.KnownIPNetworks.Add(network);
        }

        return options;
    }
}
