using System.Diagnostics;
using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FraudWatch.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace FraudWatch.IntegrationTests.Reliability;

/// <summary>
/// Generated hostile inputs for every API route, read from the host's own endpoint table (as AccessMatrixTests does):
/// path values, query parameters and JSON bodies built from each handler's parameters. Never a 5xx, never a stall,
/// and every 4xx is problem details that say what was wrong.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class HostileApiInputTests(ITestOutputHelper output) : IAsyncLifetime
{
    const int CasesPerRoute = 200;
    static readonly string[] Strings =
    [
        "", " ", "'; DROP TABLE reports; --", "\" OR 1=1 --", "$$; SELECT pg_sleep(30); $$", "{{ 7 | plus: 1 }}", "{% raw %}{% for i in (1..99999999) %}x{% endfor %}",
        "\u202Eevil\u202C", "\u0000\u0001\u0007\u001b[31m", "\uFEFF\u200B", "🚨📞💰", "<script>alert(1)</script>", "%00%2e%2e%2f", "../../etc/passwd",
        "tag:none,township:灵溪镇", "all", "now", "2026-13-45", "9999-12-31", "0001-01-01", "township:" + new string('镇', 300), new string('x', 100_000),
        "\ud800", "NaN", "-Infinity", "1e309", "0x1F", "٣", "１２３", "null", "true", "[]", "{}",
    ];

    static readonly string[] Numbers =
    [
        "0", "-0", "1", "-1", "2147483648", "-2147483649", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
        "1e309", "-1e309", "1.5", "1E2", "0.0000000000000000000000001", "123456789012345678901234567890", "1e-400",
    ];

    TestHost host = null!;

    public async Task InitializeAsync() => host = await TestHost.StartAsync(settings: new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Error" });

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Generated_hostile_inputs_for_every_api_route_get_a_clear_4xx_or_success_never_a_5xx_or_a_stall()
    {
        var routes = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy is not null) && e.RoutePattern.RawText?.Contains("hangfire", StringComparison.Ordinal) != true)
            .ToList();
        Assert.True(routes.Count >= 10, $"the route table was read ({routes.Count})");
        var isService = host.Services.GetRequiredService<IServiceProviderIsService>();
        var random = new Random(20261129);
        using var client = host.Client("admin");
        client.Timeout = TimeSpan.FromSeconds(20);
        var failures = new List<string>();
        var tried = 0;
        var statuses = new SortedDictionary<int, int>();
        var clock = Stopwatch.StartNew();

        foreach (var endpoint in routes)
        {
            var handler = endpoint.Metadata.OfType<MethodInfo>().FirstOrDefault();
            var pathNames = endpoint.RoutePattern.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var parameters = handler?.GetParameters() ?? [];
            var query = parameters.Where(p => !pathNames.Contains(p.Name!) && IsSimple(p.ParameterType)).Select(p => p.Name!).ToList();
            var body = parameters.FirstOrDefault(p => !pathNames.Contains(p.Name!) && !IsSimple(p.ParameterType) && !IsInfrastructure(p.ParameterType) && !isService.IsService(p.ParameterType));
            var bodyFields = body is null ? [] : Properties(body.ParameterType);
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                for (var i = 0; i < CasesPerRoute; i++)
                {
                    var path = "/" + string.Join('/', endpoint.RoutePattern.PathSegments.Select(s => string.Concat(s.Parts.Select(part => Fill(part, random)))));
                    var queryString = string.Join('&', query.Where(_ => random.Next(2) == 0).Select(q => $"{q}={Uri.EscapeDataString(AnyValue(random))}"));
                    using var request = new HttpRequestMessage(new HttpMethod(method), queryString.Length > 0 ? $"{path}?{queryString}" : path);
                    string? sent = null;
                    if (method is "POST" or "PATCH" or "PUT")
                    {
                        sent = Body(random, bodyFields);
                        request.Content = new StringContent(sent, Encoding.UTF8, random.Next(12) == 0 ? "text/plain" : "application/json");
                    }

                    tried++;
                    var described = $"{method} {Short(request.RequestUri!.ToString())} {Short(sent)}";
                    HttpResponseMessage response;
                    try
                    {
                        response = await client.SendAsync(request);
                    }
                    catch (TaskCanceledException)
                    {
                        failures.Add($"stalled: {described}");
                        continue;
                    }

                    var status = (int)response.StatusCode;
                    statuses[status] = statuses.GetValueOrDefault(status) + 1;
                    var text = await response.Content.ReadAsStringAsync();
                    if (status >= 500)
                        failures.Add($"{status}: {described} -> {Short(text)}");
                    else if (status >= 400 && Unclear(response, text) is { } why)
                        failures.Add($"{status} {why}: {described} -> {Short(text)}");
                }
            }
        }

        output.WriteLine($"Hostile API: {tried} inputs over {routes.Count} routes in {clock.Elapsed.TotalSeconds:F0} s; statuses "
            + string.Join(", ", statuses.Select(s => $"{s.Key}={s.Value}")) + $"; {failures.Count} failures");
        Assert.True(failures.Count == 0, $"{failures.Count} bad answers, e.g.:\n" + string.Join("\n", failures.Distinct().Take(25)));
        Assert.Equal(HttpStatusCode.OK, (await host.Client().GetAsync("/health/ready")).StatusCode);
    }

    /// <summary>Problem details whose title or detail or errors tell the caller what to change; null when clear.</summary>
    static string? Unclear(HttpResponseMessage response, string text)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            return $"not problem details ({response.Content.Headers.ContentType?.MediaType ?? "no body"})";
        using var json = JsonDocument.Parse(text);
        var root = json.RootElement;
        var detail = root.TryGetProperty("detail", out var d) ? d.GetString() : null;
        var hasErrors = root.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Object && e.EnumerateObject().Any();
        return string.IsNullOrWhiteSpace(detail) && !hasErrors ? "without a detail or errors" : null;
    }

    static bool IsSimple(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t == typeof(string) || t == typeof(decimal) || t == typeof(DateOnly) || t == typeof(DateTime) || t == typeof(DateTimeOffset) || t == typeof(Guid);
    }

    static bool IsInfrastructure(Type type) =>
        type == typeof(HttpContext) || type == typeof(CancellationToken) || type == typeof(HttpRequest) || type == typeof(System.Security.Claims.ClaimsPrincipal);

    static List<(string Name, Type Type)> Properties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead)
            .Select(p => (JsonNamingPolicy.CamelCase.ConvertName(p.Name), p.PropertyType)).ToList();

    static string Fill(Microsoft.AspNetCore.Routing.Patterns.RoutePatternPart part, Random random) => part switch
    {
        Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
        Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart p when p.ParameterPolicies.Any(x => x.Content is "long" or "int") && random.Next(3) > 0
            => Numbers[random.Next(Numbers.Length)],
        // NUL in a path never reaches the app: Kestrel refuses the request line (and the in-memory test server throws).
        _ => Uri.EscapeDataString(AnyValue(random).Replace("\u0000", "", StringComparison.Ordinal)).Replace("%2500", "", StringComparison.Ordinal),
    };

    static string AnyValue(Random random) => random.Next(3) == 0 ? Numbers[random.Next(Numbers.Length)] : Strings[random.Next(Strings.Length)];

    static JsonNode? AnyJson(Random random, int depth = 0) => random.Next(depth > 2 ? 4 : 7) switch
    {
        0 => JsonValue.Create(Strings[random.Next(Strings.Length)]),
        1 => JsonNode.Parse(Numbers[random.Next(Numbers.Length)] is var n && (n.Contains("e3", StringComparison.Ordinal) || n.Contains("e-4", StringComparison.Ordinal)) ? "1" : n),
        2 => null,
        3 => JsonValue.Create(random.Next(2) == 0),
        4 => new JsonArray(Enumerable.Range(0, random.Next(4)).Select(_ => AnyJson(random, depth + 1)).ToArray()),
        _ => new JsonObject(Enumerable.Range(0, random.Next(4)).Select(k => KeyValuePair.Create($"k{k}", AnyJson(random, depth + 1)))),
    };

    static string Body(Random random, List<(string Name, Type Type)> fields)
    {
        switch (random.Next(14))
        {
            case 0:
                return "";
            case 1:
                return "{\"template\": \"fake_loan\", \"target\": ";
            case 2:
                return "{\"text\": \"" + new string('长', 2_000_000) + "\"}";
            case 3:
                return new string('[', 5_000) + new string(']', 5_000);
            case 4:
                return "[" + string.Join(',', Numbers.Where(n => !n.Contains('e', StringComparison.OrdinalIgnoreCase))) + "]";
            case 5:
                return "{\"amount\": 1e309, \"chatId\": 99999999999999999999999, \"pin\": \"yes\"}";
            case 6:
                return "'; DROP TABLE groups; --";
            default:
                var body = new JsonObject();
                foreach (var (name, _) in fields)
                {
                    if (random.Next(4) > 0)
                        body[name] = AnyJson(random);
                }

                if (random.Next(3) == 0)
                    body["unknownField" + random.Next(100)] = AnyJson(random);
                return body.ToJsonString();
        }
    }

    static string Short(string? text) => text is null ? "" : text.Length <= 160 ? text : text[..160] + $"…({text.Length} chars)";
}
