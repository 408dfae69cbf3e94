using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace FraudWatch.Access;

public static class AccessExtensions
{
    public static void AddAccess(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<RoleStore>();
        builder.Services.AddSingleton<ApiKeyStore>();
        builder.Services.AddSingleton<ConsoleSessions>();
        // First of all hosted services: an admin or key removed from the settings must not get one more update or
        // request handled (the update workers and the command menus start in hosted services registered earlier).
        builder.Services.Insert(0, ServiceDescriptor.Singleton<IHostedService, AccessBootstrap>());
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

    /// <summary>Maps <c>POST /api/v1/keys</c>, <c>GET /api/v1/keys</c> and <c>DELETE /api/v1/keys/{id}</c> (admin).</summary>
    public static void MapKeysApi(this IEndpointRouteBuilder app) => KeysApi.Map(app);

    public static Role? ApiRole(this ClaimsPrincipal user) => Roles.Parse(user.FindFirstValue(ClaimTypes.Role));

    /// <summary>
    /// Requires an API key whose role allows <paramref name="role"/>; the route then also answers 401 (no or unknown
    /// key), 403 (role too low) and 429 (too many failed keys from the caller's address), each as problem details.
    /// </summary>
    public static TBuilder RequireRole<TBuilder>(this TBuilder builder, Role role) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(role.Name()).WithMetadata(
            Problem(StatusCodes.Status401Unauthorized), Problem(StatusCodes.Status403Forbidden), Problem(StatusCodes.Status429TooManyRequests));

    static ProducesResponseTypeMetadata Problem(int status) => new(status, typeof(ProblemDetails), ["application/problem+json"]);
}
