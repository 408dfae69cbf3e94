using FraudWatch.IntegrationTests.Infrastructure;
using FraudWatch.IntegrationTests.Waves;
using FraudWatch.Waves;

namespace FraudWatch.IntegrationTests.Reports;

/// <summary>A wave alert committed by a process that died before posting it is posted once the process is back.</summary>
public sealed class WaveAlertCrashTests : ReportsTestBase
{
    static string Script(string number) =>
        $"【医保局】您的医保卡因异常消费已被冻结，请于今日内致电 {number} 联系工作人员办理解冻，逾期将移交公安机关处理。";

    [Fact]
    public async Task An_alert_committed_before_a_crash_is_posted_once_after_the_restart()
    {
        // The joins commit the wave's alert as the third village reports; the process dies before the post.
        var waves = host.Get<WaveStore>();
        var at = DateTime.UtcNow;
        await waves.AddAsync(WavesDb.Report(Script("0577-6123 4567"), "渎浦村", at));
        await waves.AddAsync(WavesDb.Report(Script("0577-6999 1234"), "观美村", at.AddMinutes(1)));
        var third = await waves.AddAsync(WavesDb.Report(Script("021-5555 0101"), "城门村", at.AddMinutes(2)));
        Assert.True(third!.AlertNow);
        var connectionString = host.ConnectionString;
        await host.DisposeAsync();

        host = await TestHost.StartAsync(telegram, connectionString: connectionString);

        for (var deadline = DateTime.UtcNow.AddSeconds(20); DateTime.UtcNow < deadline && Alerts().Count == 0; Thread.Sleep(100))
        {
        }

        // A second post would come from the poster's next pass or another lane: give it the time.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var alert = Assert.Single(Alerts());
        Assert.Contains("城门村", alert.Text, StringComparison.Ordinal);
    }

    IReadOnlyList<FakeTelegram.SentMessage> Alerts() =>
        telegram.SentTo(DutyChat).Where(m => m.Text.Contains("诈骗波次", StringComparison.Ordinal)).ToList();
}
