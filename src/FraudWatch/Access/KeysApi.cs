using System.Reflection;
using FraudWatch.Audit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;

namespace FraudWatch.Access;

public sealed record CreateKeyRequest(string? Role, string? Label);

/// <summary>The answer to <c>POST /api/v1/keys</c>: the only time the key is ever shown.</summary>
public sealed record CreatedKey(long Id, string Label, string Role, string Key);

/// <summary>Admin routes for API keys: create (the key shown once), list (never the key), revoke (at once, everywhere).</summary>
public static class KeysApi
{
    public const int MaxLabelLength = 100;

    internal static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/keys").WithTags("Keys");
        api.MapPost("/", CreateKey).WithName(nameof(CreateKey)).RequireRole(Role.Admin)
            .WithSummary("Create an API key {role, label}; the answer holds the key, shown this once");
        api.MapGet("/", ListKeys).WithName(nameof(ListKeys)).RequireRole(Role.Admin)
            .WithSummary("API keys: id, label, role, source, created, last used, revoked; never the key; ?format=csv");
        api.MapDelete("/{id:long}", RevokeKey).WithName(nameof(RevokeKey)).RequireRole(Role.Admin).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Revoke an API key at once, ending its console sessions");
    }

    public static async Task<Results<Created<CreatedKey>, ValidationProblem>> CreateKey(
        CreateKeyRequest request, HttpContext http, ApiKeyStore keys, AuditLog audit, CancellationToken ct)
    {
        var errors = Validate(request, out var role, out var label);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The key was not created");

        var (key, secret) = await keys.CreateAsync(role, label, "api", ct);
        await audit.WriteAsync(Actor(http), "key.create", $"key:{key.Id}", new { role = role.Name(), label }, ct);
        return TypedResults.Created($"/api/v1/keys/{key.Id}", new CreatedKey(key.Id, key.Label, role.Name(), secret));
    }

    public static async Task<Results<Ok<IReadOnlyList<ApiKeyListing>>, CsvList<ApiKeyListing>>> ListKeys(HttpContext http, ApiKeyStore keys, CancellationToken ct)
    {
        var rows = await keys.ListAsync(ct);
        return http.WantsCsv() ? new CsvList<ApiKeyListing>(rows, "keys") : TypedResults.Ok(rows);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeKey(long id, HttpContext http, ApiKeyStore keys, AuditLog audit, CancellationToken ct)
    {
        var actor = Actor(http);
        if (await keys.RevokeAsync(id, actor, ct) is not { } key)
            return TypedResults.Problem(statusCode: 404, title: "Unknown API key", detail: $"No API key {id}; GET /api/v1/keys lists them.");
        await audit.WriteAsync(actor, "key.revoke", $"key:{key.Id}", new { role = key.Role.Name(), label = key.Label }, ct);
        return TypedResults.NoContent();
    }

    /// <summary>The role and label of a new key, or what is wrong with them (shared with the console's keys page).</summary>
    public static Dictionary<string, string[]> Validate(CreateKeyRequest request, out Role role, out string label)
    {
        var errors = new Dictionary<string, string[]>();
        role = Roles.Parse(request.Role) ?? Role.Resident;
        if (Roles.Parse(request.Role) is null)
            errors["role"] = ["one of resident, assistant, officer, analyst, admin."];
        label = (request.Label ?? "").Trim();
        if (label.Length is 0 or > MaxLabelLength || label.Any(char.IsControl))
            errors["label"] = [$"a name for the key, 1 to {MaxLabelLength} characters on one line, such as the person or machine that will use it."];
        return errors;
    }

    static string Actor(HttpContext http) => http.User.Identity?.Name ?? "api";
}
