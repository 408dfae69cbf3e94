using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace FraudWatch.Tests.Hosting;

/// <summary>
/// README's settings table is what operators go by: every setting the code reads is in it with its real default and the
/// range start-up accepts, nothing in it is a setting the code does not read, and a value outside that range stops
/// start-up with a line that begins with the key.
/// </summary>
public sealed partial class ReadmeSettingsTests
{
    /// <summary>Read by the host itself, not through an options class.</summary>
    static readonly string[] HostKeys = ["ConnectionStrings__FraudWatch", "Urls"];

    [Fact]
    public void The_readme_lists_exactly_the_settings_the_code_reads()
    {
        var inCode = SettingsInCode.All().Select(s => s.Key).Concat(HostKeys).ToHashSet(StringComparer.Ordinal);
        var inReadme = ReadmeTable().Keys.ToHashSet(StringComparer.Ordinal);

        Assert.True(inCode.Count > HostKeys.Length + 20, "the options classes were found");
        var missing = inCode.Except(inReadme).Order().ToList();
        var unknown = inReadme.Except(inCode).Order().ToList();
        Assert.True(missing.Count == 0, $"README's settings table lacks {string.Join(", ", missing)}");
        Assert.True(unknown.Count == 0, $"README's settings table lists {string.Join(", ", unknown)}, which the code does not read");
    }

    [Fact]
    public void The_readme_gives_each_setting_its_real_default()
    {
        var readme = ReadmeTable();
        var failures = new List<string>();
        foreach (var setting in SettingsInCode.All())
        {
            if (!readme.TryGetValue(setting.Key, out var row))
                continue;
            var expected = setting.Default;
            var shown = FirstCode().Match(row.Default);
            if (expected.Length == 0 && row.Default.StartsWith('`'))
                failures.Add($"{setting.Key}: empty by default, but README's default is {row.Default}");
            else if (expected.Length > 0 && (!shown.Success || !string.Equals(shown.Groups[1].Value, expected, StringComparison.OrdinalIgnoreCase)))
                failures.Add($"{setting.Key}: defaults to '{expected}', but README's default is {row.Default}");
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void Each_number_setting_has_the_range_start_up_accepts_and_a_value_outside_it_names_the_key()
    {
        var readme = ReadmeTable();
        var failures = new List<string>();
        foreach (var setting in SettingsInCode.All().Where(s => s.Property.PropertyType == typeof(int) || s.Property.PropertyType == typeof(double)))
        {
            if (!readme.TryGetValue(setting.Key, out var row))
                continue;
            var range = Range().Match(row.Meaning);
            if (!range.Success)
            {
                failures.Add($"{setting.Key}: README gives no range, as (1–100) or (at least 1)");
                continue;
            }

            var isInt = setting.Property.PropertyType == typeof(int);
            var step = isInt ? 1 : 0.001;
            var low = Number(range.Groups[range.Groups["min"].Success ? "min" : "low"].Value);
            var accepted = new List<double> { low };
            var refused = new List<double> { low - step };
            if (range.Groups["high"].Success)
            {
                var high = Number(range.Groups["high"].Value);
                accepted.Add(high);
                refused.Add(high + step);
            }
            else
                accepted.Add(isInt ? int.MaxValue : double.MaxValue);

            foreach (var value in accepted)
            {
                var result = setting.Validate(isInt ? (object)(int)value : value);
                if (result.Failed)
                    failures.Add($"{setting.Key}={value.ToString(CultureInfo.InvariantCulture)} is in README's range but refused: {result.FailureMessage}");
            }

            foreach (var value in refused)
            {
                var result = setting.Validate(isInt ? (object)(int)value : value);
                if (!result.Failed)
                    failures.Add($"{setting.Key}={value.ToString(CultureInfo.InvariantCulture)} is outside README's range but accepted");
                else if (result.Failures.Any(f => !f.StartsWith(setting.Key + ":", StringComparison.Ordinal)))
                    failures.Add($"{setting.Key}={value.ToString(CultureInfo.InvariantCulture)} is refused with a line that does not begin with the key: {result.FailureMessage}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void Each_choice_setting_names_its_values_and_refuses_any_other()
    {
        var readme = ReadmeTable();
        var failures = new List<string>();
        foreach (var setting in SettingsInCode.All().Where(s => s.Property.PropertyType.IsEnum))
        {
            var type = setting.Property.PropertyType;
            foreach (var name in Enum.GetNames(type).Where(n => !readme[setting.Key].Meaning.Contains($"`{n}`", StringComparison.Ordinal)))
                failures.Add($"{setting.Key}: README does not name `{name}`");
            // The binder turns any number into the enum ("Telegram__UpdateMode=5"), defined or not.
            var undefined = Enum.ToObject(type, Enum.GetValues(type).Cast<int>().Max() + 1);
            var result = setting.Validate(undefined);
            if (!result.Failed || result.Failures.Any(f => !f.StartsWith(setting.Key + ":", StringComparison.Ordinal)))
                failures.Add($"{setting.Key}={undefined}: not refused with a line naming the key ({result.FailureMessage ?? "accepted"})");
        }

        Assert.Contains(SettingsInCode.All(), s => s.Property.PropertyType.IsEnum);
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    static double Number(string text) => double.Parse(text.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);

    /// <summary>README's settings table: key → (default cell, meaning cell).</summary>
    static Dictionary<string, (string Default, string Meaning)> ReadmeTable()
    {
        var lines = File.ReadAllLines(Path.Combine(SettingsInCode.RepoRoot(), "README.md"));
        var start = Array.IndexOf(lines, "## Settings");
        Assert.True(start >= 0, "README has a '## Settings' section");
        var rows = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (var line in lines.Skip(start + 1).TakeWhile(l => !l.StartsWith('#')))
        {
            if (Row().Match(line) is { Success: true } row)
                Assert.True(rows.TryAdd(row.Groups[1].Value, (row.Groups[2].Value, row.Groups[3].Value)), $"README lists {row.Groups[1].Value} twice");
        }

        return rows;
    }

    [GeneratedRegex(@"^\| `([^`]+)` \| (.*?) \| (.*) \|$")]
    private static partial Regex Row();

    [GeneratedRegex("`([^`]*)`")]
    private static partial Regex FirstCode();

    [GeneratedRegex(@"\((?:at least (?<min>\d[\d,]*(?:\.\d+)?)|(?<low>\d[\d,]*(?:\.\d+)?)–(?<high>\d[\d,]*(?:\.\d+)?))")]
    private static partial Regex Range();
}

/// <summary>Every setting an options class reads: found through the validators start-up runs, so a new class is included the day it is added.</summary>
static class SettingsInCode
{
    public sealed record Setting(string Section, Type Options, PropertyInfo Property, object Validator)
    {
        public string Key => $"{Section}__{Property.Name}";

        public string Default => Property.GetValue(Activator.CreateInstance(Options)) switch
        {
            null => "",
            bool b => b ? "true" : "false",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            var v => v.ToString() ?? "",
        };

        /// <summary>The validator's answer for the defaults with this one setting changed.</summary>
        public ValidateOptionsResult Validate(object value)
        {
            var options = Activator.CreateInstance(Options)!;
            Property.SetValue(options, value);
            var validate = Validator.GetType().GetMethod(nameof(IValidateOptions<object>.Validate))!;
            return (ValidateOptionsResult)validate.Invoke(Validator, [null, options])!;
        }
    }

    public static IEnumerable<(string Section, Type Options)> Sections() =>
        Validators().Select(v => (v.Section, v.Options));

    public static IEnumerable<Setting> All() =>
        Validators().SelectMany(v => v.Options.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite)
            .Select(p => new Setting(v.Section, v.Options, p, v.Validator)));

    static IEnumerable<(string Section, Type Options, object Validator)> Validators() =>
        typeof(FraudWatchOptions).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false })
            .SelectMany(t => t.GetInterfaces()
                .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IValidateOptions<>))
                .Select(i => (Validator: t, Options: i.GetGenericArguments()[0])))
            .Select(v => (
                v.Options.GetField("Section", BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() as string
                    ?? throw new Xunit.Sdk.XunitException($"{v.Options.Name} has no const Section naming the section it is bound to"),
                v.Options,
                Activator.CreateInstance(v.Validator, nonPublic: true)!))
            .OrderBy(v => v.Item1, StringComparer.Ordinal).ThenBy(v => v.Options.Name, StringComparer.Ordinal);

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "FraudWatch.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new DirectoryNotFoundException("FraudWatch.sln not found above the test binaries");
    }
}
