using DbUp;
using DbUp.Engine;
using FraudWatch.Storage;

namespace FraudWatch.IntegrationTests.Storage;

/// <summary>
/// A database as an earlier release of FraudWatch left it: the embedded migration files it shipped, applied by DbUp with
/// the journal names that release gave them (the product's own files, not an old checkout).
/// </summary>
static class OldRelease
{
    const string Prefix = "FraudWatch.Storage.Migrations.";

    /// <summary>
    /// Applies the current migration files whose names <paramref name="shipped"/> accepts; <paramref name="shippedAs"/>
    /// maps a file renamed since to the name that release had (its journal row carries the old name).
    /// </summary>
    public static void Migrate(string connectionString, Func<string, bool> shipped, IReadOnlyDictionary<string, string>? shippedAs = null)
    {
        var assembly = typeof(StorageExtensions).Assembly;
        var scripts = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && shipped(n[Prefix.Length..]))
            .Select(n =>
            {
                using var reader = new StreamReader(assembly.GetManifestResourceStream(n)!);
                var file = n[Prefix.Length..];
                return new SqlScript(Prefix + (shippedAs?.GetValueOrDefault(file) ?? file), reader.ReadToEnd());
            })
            .ToList();
        var result = DeployChanges.To.PostgresqlDatabase(connectionString)
            .WithScripts(scripts)
            .WithTransactionPerScript()
            .LogToNowhere()
            .Build()
            .PerformUpgrade();
        if (!result.Successful)
            throw new InvalidOperationException($"old release's migration {result.ErrorScript?.Name} failed", result.Error);
    }

    /// <summary>Files up to and including <paramref name="last"/> (e.g. "0020").</summary>
    public static Func<string, bool> UpTo(string last) => file => string.CompareOrdinal(file[..4], last) <= 0;
}
