using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace FraudWatch.Access;

/// <summary>Authenticates <c>Authorization: Bearer &lt;api-key&gt;</c> (or the console's key cookie).</summary>
sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyStore keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Cookie = "fw_key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? key = null;
        var header = Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            key = header["Bearer ".Length..].Trim();
        else if (Request.Cookies.TryGetValue(Cookie, out var cookie))
            key = cookie;

        if (string.IsNullOrEmpty(key))
            return AuthenticateResult.NoResult();
        if (key.Length > 512 || await keys.FindAsync(key, Context.RequestAborted) is not { } role)
            return AuthenticateResult.Fail("Unknown API key");

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Role, role.Name()), new Claim(ClaimTypes.Name, $"api:{role.Name()}")], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}

public static class AccessExtensions
{
    public static void AddAccess(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<RoleStore>();
        builder.Services.AddSingleton<ApiKeyStore>();
        builder.Services.AddHostedService<AccessBootstrap>();
        builder.Services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorization(options =>
        {
            foreach (var required in Roles.All)
            {
                options.AddPolicy(required.Name(), policy => policy.RequireAuthenticatedUser().RequireAssertion(context =>
                    Roles.Parse(context.User.FindFirstValue(ClaimTypes.Role)) is { } actual && required.Allows(actual)));
            }
        });
    }

    public static Role? ApiRole(this ClaimsPrincipal user) => Roles.Parse(user.FindFirstValue(ClaimTypes.Role));

    /// <summary>Requires an API key whose role allows <paramref name="role"/>.</summary>
    public static TBuilder RequireRole<TBuilder>(this TBuilder builder, Role role) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(role.Name());
}

/// <summary>Seeds admins and API keys from settings at start-up.</summary>
sealed class AccessBootstrap(RoleStore roles, ApiKeyStore keys, IOptions<FraudWatchOptions> options, ILogger<AccessBootstrap> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var admin in options.Value.AdminIds)
            await roles.SetAsync(admin, Role.Admin, "settings", null, cancellationToken);
        var bootstrapKeys = options.Value.BootstrapKeys;
        foreach (var (key, role) in bootstrapKeys)
            await keys.AddAsync(key, role, "settings", cancellationToken);
        logger.LogInformation("Access: {Admins} admin(s) and {Keys} API key(s) from settings", options.Value.AdminIds.Count, bootstrapKeys.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
