using System.Reflection;
using System.Text.Json.Nodes;

namespace FraudWatch.Tests.Hosting;

/// <summary>appsettings.json is the operator's list of settings: every key of every options class, with its default.</summary>
public sealed class AppSettingsTests
{
    /// <summary>Every options class start-up validates, found through its validator, so a new section cannot be left out.</summary>
    public static TheoryData<string, Type> Sections()
    {
        var sections = new TheoryData<string, Type>();
        foreach (var (section, options) in SettingsInCode.Sections())
            sections.Add(section, options);
        return sections;
    }

    [Theory]
    [MemberData(nameof(Sections))]
    public void Every_setting_is_listed_with_its_default(string section, Type options)
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoRoot(), "src", "FraudWatch", "appsettings.json")))!;
        var listed = json[section]?.AsObject() ?? throw new Xunit.Sdk.XunitException($"appsettings.json has no {section} section");
        var defaults = Activator.CreateInstance(options)!;
        foreach (var property in options.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            Assert.True(listed.ContainsKey(property.Name), $"appsettings.json lacks {section}:{property.Name}");
            var expected = property.GetValue(defaults)?.ToString() ?? "";
            var actual = listed[property.Name] is JsonValue value ? value.ToString() : "";
            Assert.True(string.Equals(expected, actual, StringComparison.OrdinalIgnoreCase),
                $"{section}:{property.Name} is '{actual}' in appsettings.json but defaults to '{expected}'");
        }
    }

    static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "FraudWatch.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new DirectoryNotFoundException("FraudWatch.sln not found above the test binaries");
    }
}
