using System.Globalization;
using System.Net;
using System.Text;
using FraudWatch.Access;
using FraudWatch.IntegrationTests.FakeTelegram;
using FraudWatch.IntegrationTests.Infrastructure;
using FraudWatch.Telegram;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace FraudWatch.IntegrationTests.Access;

/// <summary>
/// Every HTTP route and every Telegram command × every role, generated from the code's own route and
/// command tables, so a new route or command is covered the day it is added.
/// </summary>
public sealed class AccessMatrixTests : IAsyncLifetime
{
    static readonly string?[] Callers = [null, "resident", "assistant", "officer", "analyst", "admin"];
    FakeBotApi telegram = null!;
    TestHost host = null!;

    public async Task InitializeAsync()
    {
        telegram = await FakeBotApi.StartAsync();
        host = await TestHost.StartAsync(telegram);
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await telegram.DisposeAsync();
    }

    [Fact]
    public async Task Every_route_answers_each_role_as_its_policy_says()
    {
        var routes = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Endpoint: e, Policy: e.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).LastOrDefault(p => p is not null)))
            .Where(r => r.Policy is not null)
            .ToList();
        Assert.True(routes.Count >= 3, "the route table was read");

        var failures = new List<string>();
        foreach (var (endpoint, policy) in routes)
        {
            var required = Roles.Parse(policy)!.Value;
            var path = "/" + string.Join('/', endpoint.RoutePattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(Fill))));
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                foreach (var caller in Callers)
                {
                    using var request = new HttpRequestMessage(new HttpMethod(method), path);
                    if (method is "POST" or "PATCH" or "PUT")
                        request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
                    var status = (await host.Client(caller).SendAsync(request)).StatusCode;
                    var expected = caller is null ? "401" : required.Allows(Roles.Parse(caller)!.Value) ? "allowed" : "403";
                    var actual = status switch { HttpStatusCode.Unauthorized => "401", HttpStatusCode.Forbidden => "403", _ => "allowed" };
                    if (expected != actual)
                        failures.Add($"{method} {path} as {caller ?? "no key"}: expected {expected}, got {(int)status}");
                }
            }
        }

        Assert.Empty(failures);
    }

    /// <summary>README's HTTP table is the list operators and scripts go by: the same routes as the host maps, each with its role.</summary>
    [Fact]
    public void The_readme_route_table_is_what_the_host_maps_with_each_role()
    {
        var mapped = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var endpoint in host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var path = "/" + string.Join('/', endpoint.RoutePattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(Shown))));
            path = path.Length > 1 ? path.TrimEnd('/') : path;
            // The web console has its own table in README; the OpenAPI document is named in the prose above the table.
            if (path.StartsWith("/console", StringComparison.Ordinal) || path == "/openapi/{documentName}.json")
                continue;
            var role = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).LastOrDefault(p => p is not null) ?? "none";
            if (path.StartsWith("/hangfire", StringComparison.Ordinal))
            {
                mapped["/hangfire"] = role;
                continue;
            }

            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                mapped[$"{method} {path}"] = role;
        }

        var listed = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = File.ReadAllLines(Path.Combine(RepoRoot(), "README.md"));
        foreach (var line in lines.SkipWhile(l => l != "## HTTP").Skip(1).TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal)))
        {
            if (!line.StartsWith("| `", StringComparison.Ordinal))
                continue;
            var role = line.TrimEnd(' ', '|').Split('|')[^1].Trim();
            role = role == "Telegram" ? "none" : role;
            foreach (System.Text.RegularExpressions.Match route in System.Text.RegularExpressions.Regex.Matches(line, "`((?:GET|POST|PATCH|PUT|DELETE) /[^` ]*|/hangfire)`"))
                Assert.True(listed.TryAdd(route.Groups[1].Value, role), $"README lists {route.Groups[1].Value} twice");
        }

        Assert.True(mapped.Count > 20 && listed.Count > 20, $"{mapped.Count} routes mapped, {listed.Count} in README");
        var failures = mapped.Keys.Except(listed.Keys).Select(r => $"{r} ({mapped[r]}) is mapped but not in README's HTTP table")
            .Concat(listed.Keys.Except(mapped.Keys).Select(r => $"{r} is in README's HTTP table but not mapped"))
            .Concat(listed.Keys.Intersect(mapped.Keys).Where(r => listed[r] != mapped[r]).Select(r => $"{r}: README says {listed[r]}, the host requires {mapped[r]}"))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    static string Shown(Microsoft.AspNetCore.Routing.Patterns.RoutePatternPart part) => part switch
    {
        Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
        Microsoft.AspNetCore.Routing.Patterns.RoutePatternSeparatorPart separator => separator.Content,
        Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart parameter => "{" + parameter.Name + "}",
        _ => "",
    };

    static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "FraudWatch.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new DirectoryNotFoundException("FraudWatch.sln not found above the test binaries");
    }

    static string Fill(Microsoft.AspNetCore.Routing.Patterns.RoutePatternPart part) => part switch
    {
        Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
        Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart { IsCatchAll: true } => "",
        Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart p when p.ParameterPolicies.Any(x => x.Content is "long" or "int") => "-1",
        Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart p when p.Name is "id" or "chatId" => "1",
        _ => "x",
    };

    [Fact]
    public async Task Every_command_is_refused_exactly_to_the_roles_below_it()
    {
        var table = host.Get<CommandRouter>().Table.ToList();
        var roles = host.Get<RoleStore>();
        var groups = host.Get<FraudWatch.Groups.GroupStore>();

        // One private chat or one bound group per (command, role), so each reply is unambiguous.
        var cases = new List<(CommandSpec Spec, Role Role, long Chat, long UpdateId)>();
        var user = 800_000L;
        foreach (var spec in table)
        {
            foreach (var role in Roles.All)
            {
                user++;
                await roles.SetAsync(user, role, "test", null);
                long chat = user;
                if (spec.Scope == CommandScope.GroupOnly)
                {
                    chat = -user;
                    await groups.JoinedAsync(chat, "矩阵测试群", "group", TestHost.AdminUserId);
                    await groups.BindVillageAsync(chat, "灵溪镇", "矩阵村", [], TestHost.AdminUserId);
                }

                var update = chat < 0 ? telegram.GroupText(chat, user, "/" + spec.Name) : telegram.PrivateText(user, "/" + spec.Name);
                cases.Add((spec, role, chat, update));
            }
        }

        foreach (var c in cases)
            await host.HandledAsync(c.UpdateId, seconds: 60);

        var failures = new List<string>();
        foreach (var (spec, role, chat, _) in cases)
        {
            // Private chats answer in the user's language (the fake's users are "en"), groups in the county's (zh-CN).
            var refused = telegram.SentTo(chat).Any(m => m.Text.Contains(chat < 0 ? $"需要{RoleNames.Chinese(spec.MinRole)}权限" : $"needs the {spec.MinRole.Name()} role", StringComparison.Ordinal));
            if (refused == spec.MinRole.Allows(role))
                failures.Add($"/{spec.Name} as {role.Name()}: {(refused ? "refused" : "not refused")}");
        }

        Assert.True(cases.Count >= table.Count * 5);
        Assert.Empty(failures);
    }
}
