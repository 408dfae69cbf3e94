using System.Text.RegularExpressions;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace FraudWatch;

/// <summary>The kernel's registration: settings, and the HTTP side every feature's routes share (problem details, OpenAPI, limits, authentication order).</summary>
public static partial class HostingExtensions
{
    public static void AddSettings(this WebApplicationBuilder builder)
    {
        builder.AddValidatedOptions<FraudWatchOptions, FraudWatchOptionsValidator>(FraudWatchOptions.Section);
        builder.Services.AddSingleton(TimeProvider.System);
    }

    /// <summary>
    /// Binds a settings section, validated at start, and also validates it right away so that a bad
    /// value stops start-up before anything (the database, Hangfire) is touched.
    /// </summary>
    public static TOptions AddValidatedOptions<TOptions, TValidator>(this WebApplicationBuilder builder, string section)
        where TOptions : class, new()
        where TValidator : class, IValidateOptions<TOptions>, new()
    {
        builder.Services.AddOptions<TOptions>().BindConfiguration(section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<TOptions>, TValidator>();
        var options = new TOptions();
        try
        {
            builder.Configuration.GetSection(section).Bind(options);
        }
        catch (InvalidOperationException e)
        {
            // "Failed to convert configuration value '<value>' at '<key>' to type '<type>'.": the value may hold quotes too.
            var match = BinderKey().Match(e.Message);
            var key = match.Success ? match.Groups["key"].Value.Replace(":", "__", StringComparison.Ordinal) : section;
            throw new StartupException($"{key}: {e.InnerException?.Message ?? e.Message}");
        }

        var result = new TValidator().Validate(null, options);
        if (result.Failed)
            throw new OptionsValidationException(section, typeof(TOptions), result.Failures);
        return options;
    }

    /// <summary>Runs the host; start-up problems the operator must fix print as single lines, not stack traces.</summary>
    public static async Task<int> RunOrExplainAsync(Func<Task> run)
    {
        try
        {
            await run();
            return 0;
        }
        catch (OptionsValidationException e)
        {
            foreach (var failure in e.Failures)
                Console.Error.WriteLine($"FraudWatch cannot start: {failure}");
            return 2;
        }
        catch (StartupException e)
        {
            Console.Error.WriteLine($"FraudWatch cannot start: {e.Message}");
            return 2;
        }
    }

    [GeneratedRegex(@" at '(?<key>[^']+)' to type '[^']+'\.?$")]
    private static partial Regex BinderKey();

    /// <summary>Largest request body: far above any API call, console form or Telegram update.</summary>
    public const long MaxRequestBodyBytes = 1024 * 1024;

    public static void AddHttpApi(this WebApplicationBuilder builder)
    {
        ProblemAnswers.Register(builder.Services);
        builder.Services.AddOpenApi(ApiDocument.Configure);
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
