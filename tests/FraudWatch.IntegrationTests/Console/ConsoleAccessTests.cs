using System.Net;
using System.Text;
using FraudWatch.Access;
using FraudWatch.IntegrationTests.Infrastructure;
using FraudWatch.WebConsole;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace FraudWatch.IntegrationTests.Console;

/// <summary>
/// Every console endpoint × every role, generated from the endpoints' own ConsoleAccess metadata, and the
/// cross-site rule for the console's forms. In-process: no browser needed to read status codes.
/// </summary>
public sealed class ConsoleAccessTests : IAsyncLifetime
{
    static readonly string?[] Callers = [null, "resident", "assistant", "officer", "analyst", "admin"];
    TestHost host = null!;

    public async Task InitializeAsync() => host = await TestHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Every_console_page_answers_each_role_as_its_access_says()
    {
        var routes = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Endpoint: e, Access: e.Metadata.GetMetadata<ConsoleAccess>()))
            .Where(r => r.Access is not null)
            .ToList();
        Assert.True(routes.Count >= 7, "the console's route table was read");

        var failures = new List<string>();
        foreach (var (endpoint, access) in routes)
        {
            var path = "/" + string.Join('/', endpoint.RoutePattern.PathSegments.Select(s => string.Concat(s.Parts.Select(p =>
                p is Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal ? literal.Content : "-1"))));
            var json = path.StartsWith("/console/api/", StringComparison.Ordinal);
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods)
            {
                foreach (var caller in Callers)
                {
                    using var request = new HttpRequestMessage(new HttpMethod(method), path);
                    if (method == "POST")
                    {
                        request.Headers.Add("Origin", "http://localhost");
                        request.Content = json ? new StringContent("{}", Encoding.UTF8, "application/json") : new FormUrlEncodedContent([]);
                    }

                    // The console takes only its session cookie (a bearer key there is ignored).
                    using var client = caller is null ? host.Client() : await host.ConsoleClientAsync(caller);
                    using var response = await client.SendAsync(request);
                    var signIn = response.RequestMessage!.RequestUri!.AbsolutePath == "/console/sign-in";
                    var actual = response.StatusCode switch
                    {
                        HttpStatusCode.Unauthorized => "sign in",
                        HttpStatusCode.Forbidden => "403",
                        _ when signIn => "sign in",
                        _ => "allowed",
                    };
                    var expected = caller is null ? "sign in" : access!.Role.Allows(Roles.Parse(caller)!.Value) ? "allowed" : "403";
                    if (expected != actual)
                        failures.Add($"{method} {path} as {caller ?? "no key"}: expected {expected}, got {(int)response.StatusCode} at {response.RequestMessage.RequestUri}");
                }
            }
        }

        Assert.Empty(failures);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("http://evil.example")]
    [InlineData("null")]
    public async Task A_form_from_another_site_records_nothing(string? origin)
    {
        var id = await host.ScalarAsync<long>("""
            INSERT INTO reports (chat_id, message_id, reporter_user_id, text, language, fraud_type, score)
            VALUES (5, 5, 5, 't', 'zh-CN', 'other', 0.1) RETURNING id
            """);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/console/reports/{id}/outcome")
        {
            Content = new FormUrlEncodedContent([new("outcome", "not_fraud")]),
        };
        if (origin is not null)
            request.Headers.Add("Origin", origin);
        using var response = await host.Client("admin").SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("new", await host.ScalarAsync<string>("SELECT status FROM reports WHERE id = @id", new { id }));
    }
}
