using FraudWatch.IntegrationTests.FakeTelegram;
using FraudWatch.IntegrationTests.Infrastructure;
using static FraudWatch.IntegrationTests.Campaigns.CampaignKit;

namespace FraudWatch.IntegrationTests.Campaigns;

/// <summary>Broadcast__AllowPaidBroadcast: campaign messages carry Telegram's allow_paid_broadcast; nothing else does.</summary>
public sealed class PaidBroadcastTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Campaign_sends_carry_allow_paid_broadcast_only_with_the_setting(bool paid)
    {
        await using var telegram = await FakeBotApi.StartAsync();
        await using var host = await TestHost.StartAsync(telegram, Settings(("Broadcast:AllowPaidBroadcast", paid ? "true" : "false")));
        var groups = await BindGroupsAsync(host, "灵溪镇", 3, -7_500_000);

        var created = await CreateAsync(host, new { text = "防诈提醒：公检法不会电话办案", target = "township:灵溪镇", schedule = "now" });
        await FinishedAsync(host, created.GetProperty("id").GetInt64());

        var sends = telegram.Calls.Where(c => c.Method == "sendMessage" && groups.Contains(c.Params["chat_id"]!.GetValue<long>())
            && c.Params["text"]?.ToString().Contains("公检法不会电话办案", StringComparison.Ordinal) == true).ToList();
        Assert.Equal(groups.Length, sends.Count);
        Assert.All(sends, c => Assert.Equal(paid, c.Params["allow_paid_broadcast"]?.GetValue<bool>() ?? false));
    }
}
