using System.Globalization;
using System.Text.RegularExpressions;

namespace FraudWatch.Tests.Hosting;

/// <summary>
/// docker-compose.yml gives FraudWatch its settings as environment variables: each is one the code reads, and the
/// value it gets when .env leaves it out (<c>${VAR:-default}</c>, or the value as written) passes start-up's check.
/// </summary>
public sealed partial class ComposeSettingsTests
{
    [Fact]
    public void Every_compose_variable_is_a_setting_and_its_default_value_is_accepted()
    {
        var settings = SettingsInCode.All().ToDictionary(s => s.Key, StringComparer.Ordinal);
        var environment = FraudWatchEnvironment();
        var failures = new List<string>();

        Assert.True(environment.Count > 10, "the fraudwatch service's environment was found");
        foreach (var (key, written) in environment)
        {
            if (key is "ConnectionStrings__FraudWatch" or "Urls")
                continue;
            if (!settings.TryGetValue(key, out var setting))
            {
                failures.Add($"{key}: not a setting FraudWatch reads");
                continue;
            }

            var value = Default().Match(written) is { Success: true } m ? m.Groups[1].Value : written.Trim('"');
            var type = setting.Property.PropertyType;
            object typed = type == typeof(int) ? int.Parse(value, CultureInfo.InvariantCulture)
                : type == typeof(double) ? double.Parse(value, CultureInfo.InvariantCulture)
                : type == typeof(bool) ? bool.Parse(value)
                : type.IsEnum ? Enum.Parse(type, value, ignoreCase: true)
                : value;
            var result = setting.Validate(typed);
            if (result.Failed)
                failures.Add($"{key}: '{value}' is refused: {result.FailureMessage}");
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    /// <summary>The <c>Key: value</c> lines of the fraudwatch service's environment block.</summary>
    static List<(string Key, string Value)> FraudWatchEnvironment()
    {
        var lines = File.ReadAllLines(Path.Combine(SettingsInCode.RepoRoot(), "docker-compose.yml"));
        var service = Array.FindIndex(lines, l => l == "  fraudwatch:");
        var block = Array.FindIndex(lines, service, l => l.Trim() == "environment:");
        return lines.Skip(block + 1)
            .TakeWhile(l => l.StartsWith("      ", StringComparison.Ordinal) || l.Trim().Length == 0)
            .Select(l => Variable().Match(l))
            .Where(m => m.Success)
            .Select(m => (m.Groups[1].Value, m.Groups[2].Value.Trim()))
            .ToList();
    }

    [GeneratedRegex(@"^ {6}([A-Za-z]+__[A-Za-z]+):\s*(.*)$")]
    private static partial Regex Variable();

    [GeneratedRegex(@"^\$\{[A-Z_]+:-([^}]*)\}$")]
    private static partial Regex Default();
}
