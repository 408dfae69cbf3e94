using Dapper;
using FraudWatch.IntegrationTests.Infrastructure;
using FraudWatch.Storage;
using Npgsql;

namespace FraudWatch.IntegrationTests.Storage;

/// <summary>README, "Upgrade": a database an earlier release migrated is migrated forward by the current one at start.</summary>
public sealed class UpgradeTests
{
    /// <summary>
    /// main at 87fab8c shipped the wave alert queue as 0027_wave_alert_queue.sql; 9588dca renamed the file to 0028 (two
    /// branches had each added a 0027). DbUp journals scripts by name, so the renamed file looked new.
    /// </summary>
    [Fact]
    public void Database_that_ran_the_wave_alert_queue_as_0027_starts_on_the_current_release()
    {
        var connectionString = TestDatabase.CreateEmpty("upg");
        OldRelease.Migrate(connectionString, OldRelease.UpTo("0028"),
            new Dictionary<string, string> { ["0028_wave_alert_queue.sql"] = "0027_wave_alert_queue.sql" });

        var failure = Record.Exception(() => StorageExtensions.Migrate(connectionString));

        Assert.True(failure is null, failure?.Message);
        using var connection = new NpgsqlConnection(connectionString);
        Assert.Equal(2, connection.ExecuteScalar<int>(
            "SELECT count(*) FROM information_schema.columns WHERE table_name = 'waves' AND column_name IN ('alert_pending', 'alert_claimed_at')"));
    }
}
