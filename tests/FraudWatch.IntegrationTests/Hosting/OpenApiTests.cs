using System.Text.Json;
using FraudWatch.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace FraudWatch.IntegrationTests.Hosting;

/// <summary>
/// <c>/openapi/v1.json</c> of the real host describes every route it maps: an operationId, a documented 2xx with
/// its schema, the Bearer scheme where a role is needed, the 4xx answers, and what each query parameter means.
/// With OPENAPI_OUTPUT set (as .ci/run does), the document is also written there for the Redocly lint.
/// </summary>
public sealed class OpenApiTests
{
    // Telegram needs only the status of a webhook call; the route answers 200 with no body.
    static readonly HashSet<string> EmptySuccess = ["ReceiveUpdate"];

    [Fact]
    public async Task Every_mapped_route_is_documented_with_id_success_schema_errors_and_security()
    {
        await using var host = await TestHost.StartAsync();
        // Asked as the product's default address, so the server URL is what a default install publishes.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json") { Headers = { Host = "127.0.0.1:5080" } };
        using var answer = await host.Client().SendAsync(request);
        answer.EnsureSuccessStatusCode();
        var text = await answer.Content.ReadAsStringAsync();
        if (Environment.GetEnvironmentVariable("OPENAPI_OUTPUT") is { Length: > 0 } output)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
            await File.WriteAllTextAsync(output, text);
        }

        using var json = JsonDocument.Parse(text);
        var document = json.RootElement;
        var problems = new List<string>();

        var servers = document.GetProperty("servers").EnumerateArray().Select(s => s.GetProperty("url").GetString()).ToList();
        Assert.Equal(["http://127.0.0.1:5080"], servers); // no trailing slash

        if (!(document.GetProperty("components").TryGetProperty("securitySchemes", out var schemes) && schemes.TryGetProperty("bearer", out var bearer)
              && bearer.GetProperty("type").GetString() == "http" && bearer.GetProperty("scheme").GetString() == "bearer"))
        {
            problems.Add("components.securitySchemes has no HTTP bearer scheme named bearer");
        }

        var operationIds = new HashSet<string>();
        var operations = Operations(document).ToList();
        foreach (var (method, path, operation) in operations)
        {
            var name = $"{method.ToUpperInvariant()} {path}";
            if (!operation.TryGetProperty("operationId", out var id) || string.IsNullOrEmpty(id.GetString()))
                problems.Add($"{name}: no operationId");
            else if (!operationIds.Add(id.GetString()!))
                problems.Add($"{name}: operationId {id} used twice");

            var responses = operation.GetProperty("responses").EnumerateObject().ToList();
            var success = responses.Where(r => r.Name.StartsWith('2')).ToList();
            if (success.Count == 0)
                problems.Add($"{name}: no 2xx response");
            foreach (var response in success.Where(r => r.Name != "204" && !EmptySuccess.Contains(id.GetString() ?? "")))
            {
                if (!response.Value.TryGetProperty("content", out var content) || !content.EnumerateObject().Any()
                    || content.EnumerateObject().Any(c => !c.Value.TryGetProperty("schema", out _)))
                {
                    problems.Add($"{name}: {response.Name} has no schema");
                }
            }

            var parameters = operation.TryGetProperty("parameters", out var list) ? list.EnumerateArray().ToList() : [];
            foreach (var parameter in parameters.Where(p => p.GetProperty("in").GetString() == "query"))
            {
                if (!parameter.TryGetProperty("description", out var description) || string.IsNullOrWhiteSpace(description.GetString()))
                    problems.Add($"{name}: query parameter {parameter.GetProperty("name")} has no description");
            }

            // ?format picks JSON or CSV and is never refused; any other query parameter or a body can be.
            var takesInput = parameters.Any(p => p.GetProperty("in").GetString() == "query" && p.GetProperty("name").GetString() != "format")
                || operation.TryGetProperty("requestBody", out _);
            if (takesInput && !responses.Any(r => r.Name == "400"))
                problems.Add($"{name}: takes input but documents no 400");
            if (!operation.TryGetProperty("security", out var security) || security.ValueKind != JsonValueKind.Array)
                problems.Add($"{name}: security not declared (an empty list for open routes)");
        }

        // Every route the host maps for API clients is in the document, with security exactly when a role is needed.
        var documented = operations.ToDictionary(o => $"{o.Method.ToUpperInvariant()} {o.Path}", o => o.Operation);
        var endpoints = host.Get<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && (raw.StartsWith("/api/", StringComparison.Ordinal) || raw.StartsWith("/telegram/", StringComparison.Ordinal)))
            .ToList();
        Assert.True(endpoints.Count >= 20, $"expected the API routes, found {endpoints.Count}");
        foreach (var endpoint in endpoints)
        {
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])
            {
                var key = $"{method} {DocumentPath(endpoint.RoutePattern.RawText!)}";
                if (!documented.TryGetValue(key, out var operation))
                {
                    problems.Add($"{key}: mapped but not in the document");
                    continue;
                }

                var policy = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().LastOrDefault()?.Policy;
                if (!operation.TryGetProperty("security", out _))
                    continue; // already reported above
                var required = operation.GetProperty("security").EnumerateArray().SelectMany(r => r.EnumerateObject().Select(p => p.Name)).ToList();
                if (policy is not null)
                {
                    if (!required.Contains("bearer"))
                        problems.Add($"{key}: needs role {policy} but declares no bearer security");
                    foreach (var status in new[] { "401", "403" })
                    {
                        if (!operation.GetProperty("responses").TryGetProperty(status, out _))
                            problems.Add($"{key}: needs role {policy} but documents no {status}");
                    }

                    if (!(operation.TryGetProperty("description", out var d) && d.GetString()!.Contains(policy, StringComparison.Ordinal)))
                        problems.Add($"{key}: does not name role {policy}");
                }
                else if (required.Count > 0)
                {
                    problems.Add($"{key}: open route declares security {string.Join(", ", required)}");
                }
            }
        }

        // The health probes are not route handlers; they are described by hand, as open routes.
        foreach (var path in new[] { "/health/live", "/health/ready" })
        {
            if (!documented.TryGetValue($"GET {path}", out var probe))
                problems.Add($"GET {path}: not in the document");
            else if (!probe.GetProperty("responses").TryGetProperty("503", out _))
                problems.Add($"GET {path}: documents no 503 (not ready)");
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public async Task Request_bodies_require_no_field_the_route_lets_a_caller_leave_out()
    {
        // PATCH /api/v1/groups/{chatId} takes any of its fields (PRODUCT.md section 3), a campaign "template | text": a field
        // the route reads as absent when it is null must not be required, or clients built from the document send them all.
        await using var host = await TestHost.StartAsync();
        using var json = JsonDocument.Parse(await host.Client().GetStringAsync("/openapi/v1.json"));
        var schemas = json.RootElement.GetProperty("components").GetProperty("schemas");
        var problems = new List<string>();
        foreach (var (method, path, operation) in Operations(json.RootElement))
        {
            if (!operation.TryGetProperty("requestBody", out var body))
                continue;
            foreach (var name in References(body).Distinct())
            {
                var schema = schemas.GetProperty(name);
                if (!schema.TryGetProperty("required", out var required))
                    continue;
                foreach (var field in required.EnumerateArray().Select(f => f.GetString()!))
                {
                    if (MayBeNull(schema.GetProperty("properties").GetProperty(field)))
                        problems.Add($"{method.ToUpperInvariant()} {path}: {name}.{field} is required, yet null (left out) is accepted");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    static IEnumerable<string> References(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => p.Name == "$ref" ? [p.Value.GetString()!.Split('/')[^1]] : References(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(References),
        _ => [],
    };

    static bool MayBeNull(JsonElement property) =>
        (property.TryGetProperty("type", out var type) && (type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Any(t => t.GetString() == "null") : type.GetString() == "null"))
        || (property.TryGetProperty("oneOf", out var oneOf) && oneOf.EnumerateArray().Any(MayBeNull));

    static IEnumerable<(string Method, string Path, JsonElement Operation)> Operations(JsonElement document) =>
        from path in document.GetProperty("paths").EnumerateObject()
        from method in path.Value.EnumerateObject()
        where method.Name is "get" or "post" or "put" or "patch" or "delete"
        select (method.Name, path.Name, method.Value);

    /// <summary>A route pattern as the document writes it: no constraints, no catch-all stars, no trailing slash.</summary>
    static string DocumentPath(string pattern)
    {
        var path = System.Text.RegularExpressions.Regex.Replace(pattern, @"\{\*{0,2}([A-Za-z]+)(:[^}]*)?\}", "{$1}");
        return path.Length > 1 ? path.TrimEnd('/') : path;
    }
}
