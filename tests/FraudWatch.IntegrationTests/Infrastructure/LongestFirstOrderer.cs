using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestCollectionOrderer("FraudWatch.IntegrationTests.Infrastructure.LongestFirstOrderer", "FraudWatch.IntegrationTests")]

namespace FraudWatch.IntegrationTests.Infrastructure;

/// <summary>
/// Starts the test classes that take longest first, so the runner's two threads finish together instead of one of
/// them starting a minute-long reliability run when everything else is done. The order changes nothing a test sees:
/// every class still gets its own host, database and fake Bot API. Four classes run at a time (xunit.runner.json), on a
/// machine of two cores: the long ones mostly wait for paced sends and Telegram's retry_after. Run alone, the assembly
/// took 9 min 47 s at two at a time and 8 min 35 s to 8 min 53 s at four (7 min 42 s once databases were copied from a
/// migrated template, TestDatabase).
/// </summary>
public sealed class LongestFirstOrderer : ITestCollectionOrderer
{
    // Seconds each class took in a CI run (a trx log of `dotnet test`, 2026-12-07); classes not listed are short.
    static readonly Dictionary<string, int> Seconds = new(StringComparer.Ordinal)
    {
        ["Reliability.FaultMixTests"] = 106,
        ["Reliability.CrashRecoveryTests"] = 80,
        ["Reliability.DatabaseOutageTests"] = 74,
        ["Reliability.ThreeInstanceTests"] = 63,
        ["Campaigns.BroadcastTests"] = 62,
        ["Access.BootstrapTests"] = 50,
        ["Reports.PrivateCheckTests"] = 50,
        ["Hosting.StartupTests"] = 38,
        ["Access.AccessTests"] = 31,
        ["Storage.EmbeddedPostgresSecurityTests"] = 30,
        ["Reports.CountyModelTests"] = 29,
    };

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections
            .OrderByDescending(EstimatedSeconds)
            .ThenBy(c => c.DisplayName, StringComparer.Ordinal);

    static int EstimatedSeconds(ITestCollection collection)
    {
        // xunit names a class's own collection "Test collection for <full class name>".
        const string prefix = "Test collection for FraudWatch.IntegrationTests.";
        var name = collection.DisplayName.StartsWith(prefix, StringComparison.Ordinal) ? collection.DisplayName[prefix.Length..] : collection.DisplayName;
        return Seconds.GetValueOrDefault(name);
    }
}
