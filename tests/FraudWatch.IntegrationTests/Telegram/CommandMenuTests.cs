using System.Globalization;
using FraudWatch.IntegrationTests.FakeTelegram;
using FraudWatch.IntegrationTests.Infrastructure;

namespace FraudWatch.IntegrationTests.Telegram;

/// <summary>The command menus keep to Telegram's flood control: a 429 is waited out and the refused menu set after it.</summary>
public sealed class CommandMenuTests
{
    const long Officer = 2001;

    [Fact]
    public async Task A_menu_refused_with_429_is_set_after_retry_after_and_no_menu_call_comes_sooner()
    {
        await using var telegram = await FakeBotApi.StartAsync();
        telegram.FaultMethod("setMyCommands", FaultKind.TooManyRequests(3), times: 1);
        await using var host = await TestHost.StartAsync(telegram);

        var refused = await telegram.WaitForAsync(t => t.Calls.FirstOrDefault(c => c.Method == "setMyCommands" && c.StatusCode == 429), TimeSpan.FromSeconds(30));
        await telegram.WaitForAsync(t => t.Calls.FirstOrDefault(c => c.Method == "setMyCommands" && c.StatusCode == 200 && c.RawBody == refused.RawBody),
            TimeSpan.FromSeconds(30));

        var next = telegram.Calls.First(c => c.AtUtc > refused.AtUtc && c.Method.StartsWith("setMy", StringComparison.Ordinal));
        Assert.Equal(refused.RawBody, next.RawBody);
        Assert.True(next.AtUtc - refused.AtUtc >= TimeSpan.FromSeconds(2.9), $"the next menu call came {(next.AtUtc - refused.AtUtc).TotalMilliseconds:0} ms after a 429 with retry_after 3");
        // The rest followed: the admin's own menu, in both languages.
        var admin = TestHost.AdminUserId.ToString(CultureInfo.InvariantCulture);
        foreach (var language in new[] { "zh", "en" })
        {
            await telegram.WaitForAsync(t => t.Calls.Any(c => c.Method == "setMyCommands" && c.StatusCode == 200
                && c.Params["scope"]?["chat_id"]?.ToString() == admin && (string?)c.Params["language_code"] == language) ? (bool?)true : null, TimeSpan.FromSeconds(30));
        }
    }

    [Fact]
    public async Task A_role_given_while_the_menus_wait_out_a_429_is_answered_at_once_and_its_menu_waits()
    {
        await using var telegram = await FakeBotApi.StartAsync();
        telegram.FaultMethod("setMyCommands", FaultKind.TooManyRequests(60), times: 1);
        await using var host = await TestHost.StartAsync(telegram);
        await telegram.WaitForAsync(t => t.Calls.Any(c => c.Method == "setMyCommands" && c.StatusCode == 429) ? (bool?)true : null, TimeSpan.FromSeconds(30));

        await host.HandledAsync(telegram.PrivateText(TestHost.AdminUserId, $"/role {Officer} officer"), seconds: 15);

        Assert.Contains(Officer.ToString(CultureInfo.InvariantCulture), telegram.SentTo(TestHost.AdminUserId).Last().Text, StringComparison.Ordinal);
        Assert.DoesNotContain(telegram.Calls, c => c.Method == "setMyCommands" && c.StatusCode == 200);
    }
}
