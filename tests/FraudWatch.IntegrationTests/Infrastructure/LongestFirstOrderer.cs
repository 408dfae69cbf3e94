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
/// migrated template, TestDatabase; 7 min 11 s once the host stopped compiling its routes at start).
/// </summary>
public sealed class LongestFirstOrderer : ITestCollectionOrderer
{
    // Seconds each class took in a run of the assembly alone (a trx log of `dotnet test`, 2026-12-07, after request
    // delegates were generated at build time); classes not listed are short.
    static readonly Dictionary<string, int> Seconds = new(StringComparer.Ordinal)
    {
        ["Reliability.FaultMixTests"] = 102,
        ["Reliability.CrashRecoveryTests"] = 94,
        ["Reliability.DatabaseOutageTests"] = 80,
        ["Reliability.ThreeInstanceTests"] = 80,
        ["Hosting.StartupTests"] = 68,
        ["Campaigns.BroadcastTests"] = 64,
        ["Reports.CountyModelTests"] = 62,
        ["Reliability.HostileApiInputTests"] = 48,
        ["Console.ConsoleTests"] = 39,
        ["Storage.EmbeddedClusterTests"] = 39,
        ["Campaigns.CrashTests"] = 30,
        ["Hosting.StartupFailureTests"] = 29,
        ["Access.BootstrapTests"] = 29,
        ["Reports.WaveFlowTests"] = 27,
        ["Reports.QueueLeaseTests"] = 25,
        ["Storage.DatabaseWaitTests"] = 25,
        ["Reports.DutyButtonTests"] = 60,
        ["Telegram.OutboxLeaseTests"] = 23,
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
