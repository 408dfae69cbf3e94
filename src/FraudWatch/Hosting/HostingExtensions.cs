using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace FraudWatch;

/// <summary>The kernel's registration: settings, and the HTTP side every feature's routes share (problem details, OpenAPI, limits, authentication order).</summary>
public static class HostingExtensions
{
    public static void AddSettings(this WebApplicationBuilder builder)
    {
        builder.Configuration.AddProgramFolderSettings(builder.Environment.ContentRootPath);
        builder.AddValidatedOptions<FraudWatchOptions, FraudWatchOptionsValidator>(FraudWatchOptions.Section);
        CheckUrls(builder.Configuration);
        builder.Services.AddSingleton(TimeProvider.System);
        // A hosted service that fails to start (Kestrel on a taken port) is logged here with its stack trace, then told by
        // RunOrExplainAsync in one line; a background service that fails is logged here twice, the second time as Critical.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
    }

    /// <summary>Urls as Kestrel reads it (also ASPNETCORE_URLS, --urls), checked before the database is touched rather than when Kestrel binds.</summary>
    static void CheckUrls(IConfiguration configuration)
    {
        foreach (var url in (configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            BindingAddress? address = null;
            try
            {
                address = BindingAddress.Parse(url);
            }
            catch (FormatException)
            {
            }

            if (address is null || address.Scheme is not ("http" or "https") || address.Port is < 0 or > 65535 || address.PathBase.Length > 0)
                throw new StartupException($"Urls: '{url}' is not an address to listen on; write it like http://127.0.0.1:5080 (several separated by ';').");
        }
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
            // "Failed to convert configuration value '<value>' at '<key>' to type '<type>'.": the value may hold quotes,
            // so the key is read from the end.
            var end = e.Message.LastIndexOf("' to type '", StringComparison.Ordinal);
            var start = end < 0 ? -1 : e.Message.LastIndexOf(" at '", end, StringComparison.Ordinal);
            var key = start < 0 ? section : e.Message[(start + " at '".Length)..end].Replace(":", "__", StringComparison.Ordinal);
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
        catch (IOException e) when (e.InnerException is AddressInUseException)
        {
            // Kestrel's message names the address: "Failed to bind to address http://127.0.0.1:5080: address already in use."
            Console.Error.WriteLine($"FraudWatch cannot start: Urls: {e.Message.TrimEnd('.')}; another program (or another FraudWatch) listens there: stop it, or set Urls to a free port.");
            return 2;
        }
        catch (Exception e) when (e.InnerException is System.Net.HttpListenerException { ErrorCode: 98 } listener)
        {
            // The Prometheus exporter's own listener (Metrics__Port) found its port taken.
            Console.Error.WriteLine($"FraudWatch cannot start: Metrics__Port: the metrics port cannot be listened on ({listener.Message}); another program (or another FraudWatch) listens there: set Metrics__Port to a free port, or to 0 to serve /metrics on Urls with the admin key.");
            return 2;
        }
        catch (Exception e) when (e is not HostAbortedException)
        {
            // A defect: the whole exception, but as an ordinary exit (not an abort), so that the embedded cluster is stopped on the way out.
            Console.Error.WriteLine($"FraudWatch stopped on an unexpected error: {e}");
            return 1;
        }
    }

    /// <summary>
    /// app.RunAsync(), except that a start failing part-way (Kestrel finding its address taken) first stops the hosted
    /// services already started, as Ctrl+C would: the workers end cleanly instead of being cancelled by the host's
    /// disposal (which logs each as crashed), and the embedded cluster is stopped with them.
    /// </summary>
    public static async Task RunToEndAsync(this WebApplication app)
    {
        await using (app)
        {
            try
            {
                await app.StartAsync();
            }
            catch
            {
                await StopQuietlyAsync(app);
                throw;
            }

            await app.WaitForShutdownAsync();
        }
    }

    static async Task StopQuietlyAsync(WebApplication app)
    {
        try
        {
            await app.StopAsync();
        }
        catch (Exception)
        {
            // The start's failure is the one to report.
        }
    }

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
        app.Use((http, next) => AuthFailureLimiter.InvokeAsync(http, next));
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
