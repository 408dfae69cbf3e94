using System.Diagnostics;
using Dapper;
using FraudWatch.IntegrationTests.Infrastructure;
using FraudWatch.Storage;
using Npgsql;

namespace FraudWatch.IntegrationTests.Storage;

/// <summary>
/// README, "Backup and restore", run as written (its "your own server" lines, pointed at the test cluster): a backup
/// taken before an upgrade, restored to go back, leaves a database the upgrade can migrate again.
/// </summary>
public sealed class BackupRestoreTests
{
    [Fact]
    public async Task A_backup_from_before_an_upgrade_restored_as_the_readme_says_upgrades_again_with_its_data()
    {
        var connectionString = TestDatabase.CreateEmpty("bak");
        var database = new NpgsqlConnectionStringBuilder(connectionString);
        OldRelease.Migrate(connectionString, OldRelease.UpTo("0020"));
        await using (var connection = new NpgsqlConnection(connectionString))
            await connection.ExecuteAsync("INSERT INTO groups (chat_id, title, status, township, village) VALUES (-1001, '东前村反诈群', 'active', '金乡镇', '东前村')");

        var (backup, restore) = ReadmeCommands();
        var folder = Directory.CreateTempSubdirectory("fraudwatch-backup-").FullName;
        try
        {
            await RunAsync(backup, database, folder);
            StorageExtensions.Migrate(connectionString);   // the upgrade
            NpgsqlConnection.ClearAllPools();               // FraudWatch stopped for the restore
            await RunAsync(restore, database, folder);      // going back

            var failure = Record.Exception(() => StorageExtensions.Migrate(connectionString));   // the upgrade again

            Assert.True(failure is null, failure?.Message);
            await using var connection = new NpgsqlConnection(connectionString);
            Assert.Equal("东前村", await connection.ExecuteScalarAsync<string>("SELECT village FROM groups WHERE chat_id = -1001"));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The lines after "# your own server" in the section's first bash block: the pg_dump line, then the rest.</summary>
    static (string Backup, string Restore) ReadmeCommands()
    {
        var readme = File.ReadAllText(Path.Combine(RepoRoot(), "README.md"));
        var section = readme[readme.IndexOf("## Backup and restore", StringComparison.Ordinal)..];
        var block = section[(section.IndexOf("```bash", StringComparison.Ordinal) + 7)..];
        block = block[..block.IndexOf("```", StringComparison.Ordinal)];
        var lines = block[block.IndexOf("# your own server", StringComparison.Ordinal)..].Split('\n')
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        var setup = lines.Where(l => l.StartsWith("export ", StringComparison.Ordinal));
        var backup = lines.Where(l => l.StartsWith("pg_dump ", StringComparison.Ordinal));
        var restore = lines.Except(setup).Except(backup);
        return (string.Join('\n', setup.Concat(backup)), string.Join('\n', setup.Concat(restore)));
    }

    /// <summary>Runs the lines in bash, "db.example" and the database named fraudwatch being the test cluster's.</summary>
    static async Task RunAsync(string script, NpgsqlConnectionStringBuilder database, string folder)
    {
        script = script.Replace("db.example", database.Host, StringComparison.Ordinal)
            .Replace("PGDATABASE=fraudwatch", $"PGDATABASE={database.Database}", StringComparison.Ordinal)
            .Replace("-d fraudwatch", $"-d {database.Database}", StringComparison.Ordinal);
        var info = new ProcessStartInfo("bash", ["-euo", "pipefail", "-c", script])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["PGPORT"] = database.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["PGPASSWORD"] = database.Password;
        info.Environment["PATH"] = $"{PostgresBin()}:{Environment.GetEnvironmentVariable("PATH")}";
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{script}\nexited with {process.ExitCode}:\n{await output}{await error}");
    }

    static string PostgresBin() =>
        Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(Directory.Exists).Order(StringComparer.Ordinal).LastOrDefault() ?? "/usr/bin";

    static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "FraudWatch.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new DirectoryNotFoundException("FraudWatch.sln not found above the test binaries");
    }
}
