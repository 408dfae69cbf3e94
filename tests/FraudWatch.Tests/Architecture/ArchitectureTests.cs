using System.Reflection;
using NetArchTest.Rules;

namespace FraudWatch.Tests.Architecture;

/// <summary>Keeps the house as ARCHITECTURE.md draws it: the rules read the compiled code, so they cannot drift.</summary>
public sealed class ArchitectureTests
{
    static readonly Assembly Host = typeof(Program).Assembly;
    static readonly Assembly Detection = typeof(FraudWatch.Detection.Detector).Assembly;

    /// <summary>Every feature folder's namespace under FraudWatch; the root namespace (Hosting/) is the shared kernel.</summary>
    static IReadOnlyList<string> Features() =>
        Host.GetTypes()
            .Select(t => t.Namespace)
            .OfType<string>()
            .Where(ns => ns.StartsWith("FraudWatch.", StringComparison.Ordinal))
            .Select(ns => ns.Split('.')[1])
            .Where(name => name != "Detection")
            .Distinct()
            .Order()
            .ToList();

    static bool DependsOn(string from, string to) =>
        Types.InAssembly(Host).That().ResideInNamespace($"FraudWatch.{from}").And().HaveDependencyOn($"FraudWatch.{to}")
            .GetTypes().Any(t => t.Namespace == $"FraudWatch.{from}" || t.Namespace?.StartsWith($"FraudWatch.{from}.", StringComparison.Ordinal) == true);

    /// <summary>Edges feature → feature, read from the compiled host.</summary>
    internal static Dictionary<string, List<string>> Graph()
    {
        var features = Features();
        return features.ToDictionary(f => f, f => features.Where(g => g != f && DependsOn(f, g)).ToList());
    }

    [Fact]
    public void Feature_folders_have_no_import_cycle()
    {
        var graph = Graph();
        Assert.True(graph.Count >= 10, $"expected the feature folders, found {string.Join(", ", graph.Keys)}");
        var cycle = FindCycle(graph);
        Assert.True(cycle is null, $"import cycle between feature folders: {string.Join(" → ", cycle ?? [])}");
    }

    [Fact]
    public void Cycle_finder_finds_a_cycle() =>
        Assert.Equal(["A", "B", "C", "A"], FindCycle(new() { ["A"] = ["B"], ["B"] = ["C"], ["C"] = ["A"], ["D"] = ["A"] }));

    [Fact]
    public void Telegram_Bot_is_used_only_inside_the_Telegram_folder()
    {
        var outside = Types.InAssembly(Host).That().DoNotResideInNamespace("FraudWatch.Telegram")
            .Should().NotHaveDependencyOn("Telegram.Bot").GetResult();
        Assert.True(outside.IsSuccessful, "Telegram.Bot used outside Telegram/: " + string.Join(", ", outside.FailingTypeNames ?? []));
    }

    [Fact]
    public void Shared_kernel_depends_on_no_feature()
    {
        var kernel = Host.GetTypes().Where(t => t.Namespace == "FraudWatch").Select(t => t.FullName!).ToHashSet();
        var offenders = Types.InAssembly(Host).That().ResideInNamespaceMatching("^FraudWatch$")
            .And().HaveDependencyOnAny([.. Features().Select(f => $"FraudWatch.{f}")]).GetTypes()
            .Where(t => kernel.Contains(t.FullName ?? "")).Select(t => t.FullName);
        Assert.Empty(offenders);
    }

    [Fact]
    public void Detection_uses_nothing_of_the_host()
    {
        var result = Types.InAssembly(Detection).Should()
            .NotHaveDependencyOnAny("FraudWatch.Telegram", "FraudWatch.Reports", "Microsoft.AspNetCore", "Npgsql", "Dapper", "Telegram.Bot")
            .GetResult();
        Assert.True(result.IsSuccessful, "Detection depends on the host: " + string.Join(", ", result.FailingTypeNames ?? []));
        Assert.DoesNotContain(Detection.GetReferencedAssemblies(), a => a.Name == Host.GetName().Name);
    }

    /// <summary>
    /// The classes that may hold SQL besides the *Store classes: the table owners ARCHITECTURE.md names, and the few
    /// that touch no table (migrations, the database probe, the poller's advisory lock, the metrics' read-only gauges,
    /// the demo seeder that fills a throwaway database).
    /// </summary>
    static readonly HashSet<string> SqlOwners =
    [
        "UpdateInbox", "UpdateClaim", "Pseudonyms", "RollupTimeZone", "SendRateLimiter", "ConsoleSessions", "AuditLog",
        "StorageExtensions", "DatabaseCheck", "PollingService", "DatabaseGauges", "DemoSeeder",
    ];

    [Fact]
    public void SQL_lives_only_in_stores_and_the_named_table_owners()
    {
        var offenders = Types.InAssembly(Host).That().HaveDependencyOn("Dapper").GetTypes()
            .Select(t => TopLevel(t).Name)
            .Where(name => !name.EndsWith("Store", StringComparison.Ordinal) && !SqlOwners.Contains(name))
            .Distinct().Order().ToList();
        Assert.True(offenders.Count == 0, "SQL outside a store: " + string.Join(", ", offenders));
    }

    static Type TopLevel(Type type)
    {
        while (type.DeclaringType is { } outer)
            type = outer;
        return type;
    }

    /// <summary>What a registration extends: the builder, its services, the app, or its routes.</summary>
    static readonly string[] RegistrationTargets =
    [
        "Microsoft.AspNetCore.Builder.WebApplicationBuilder",
        "Microsoft.Extensions.DependencyInjection.IServiceCollection",
        "Microsoft.AspNetCore.Builder.WebApplication",
        "Microsoft.AspNetCore.Routing.IEndpointRouteBuilder",
    ];

    /// <summary>The folder of a namespace: the root namespace is Hosting/; WebConsole (not Console, which would hide System.Console) is Console/.</summary>
    static string FolderOf(string? ns) => ns switch
    {
        "FraudWatch" => "Hosting",
        "FraudWatch.WebConsole" => "Console",
        _ => ns!.Split('.')[1],
    };

    /// <summary>Every static AddX/MapX/UseX extending the builder, services, app or routes, as (declaring class, method).</summary>
    internal static IEnumerable<(Type Class, MethodInfo Method)> Registrations(Assembly assembly) =>
        from type in assembly.GetTypes()
        where type is { IsAbstract: true, IsSealed: true } && (type.Namespace == "FraudWatch" || type.Namespace?.StartsWith("FraudWatch.", StringComparison.Ordinal) == true)
        from method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly)
        where method.IsDefined(typeof(System.Runtime.CompilerServices.ExtensionAttribute), false)
            && System.Text.RegularExpressions.Regex.IsMatch(method.Name, "^(Add|Map|Use)[A-Z]")
            && Extends(method.GetParameters()[0].ParameterType)
        select (type, method);

    static bool Extends(Type type) =>
        RegistrationTargets.Contains(type.FullName) || type.GetInterfaces().Any(i => RegistrationTargets.Contains(i.FullName))
        || (type.BaseType is { } parent && Extends(parent));

    [Fact]
    public void Each_folder_registers_from_one_Extensions_class()
    {
        var registrations = Registrations(Host).ToList();
        Assert.True(registrations.Count >= 20, $"expected the AddX and MapX methods, found {registrations.Count}");
        var misplaced = registrations.Where(r => r.Class.Name != FolderOf(r.Class.Namespace) + "Extensions")
            .Select(r => $"{r.Class.FullName}.{r.Method.Name} (belongs in {FolderOf(r.Class.Namespace)}/{FolderOf(r.Class.Namespace)}Extensions.cs)")
            .Order().ToList();
        Assert.True(misplaced.Count == 0, "registration outside its folder's <Folder>Extensions class: " + string.Join("; ", misplaced));

        // The class sits in a file of its own name, in its folder.
        var src = Path.Combine(RepoRoot(), "src", "FraudWatch");
        foreach (var folder in registrations.Select(r => FolderOf(r.Class.Namespace)).Distinct())
        {
            var file = Path.Combine(src, folder, folder + "Extensions.cs");
            Assert.True(File.Exists(file) && File.ReadAllText(file).Contains($"static class {folder}Extensions", StringComparison.Ordinal),
                $"{folder}/ registers services or routes, so it needs {folder}/{folder}Extensions.cs holding them");
        }
    }

    [Fact]
    public void Registration_finder_sees_a_misplaced_AddX() =>
        Assert.Contains(Registrations(typeof(ArchitectureTests).Assembly), r => r.Class == typeof(MisplacedRegistration) && r.Method.Name == nameof(MisplacedRegistration.AddSomething));

    static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "FraudWatch.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("FraudWatch.sln not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void Broadcasting_never_imports_Campaigns() => Assert.False(DependsOn("Broadcasting", "Campaigns"));

    internal static List<string>? FindCycle(Dictionary<string, List<string>> graph)
    {
        var state = new Dictionary<string, int>();
        var path = new List<string>();
        foreach (var start in graph.Keys.Order())
        {
            if (Visit(start) is { } cycle)
                return cycle;
        }

        return null;

        List<string>? Visit(string node)
        {
            if (state.GetValueOrDefault(node) == 2)
                return null;
            if (state.GetValueOrDefault(node) == 1)
                return [.. path.SkipWhile(n => n != node), node];
            state[node] = 1;
            path.Add(node);
            foreach (var next in graph.GetValueOrDefault(node) ?? [])
            {
                if (Visit(next) is { } cycle)
                    return cycle;
            }

            path.RemoveAt(path.Count - 1);
            state[node] = 2;
            return null;
        }
    }
}

/// <summary>A registration in the wrong place, for the finder's own test.</summary>
static class MisplacedRegistration
{
    public static void AddSomething(this Microsoft.Extensions.DependencyInjection.IServiceCollection services) => _ = services;
}
