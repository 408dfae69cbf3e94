using System.Net.Http.Json;
using FraudWatch.Groups;
using FraudWatch.IntegrationTests.FakeTelegram;
using FraudWatch.IntegrationTests.Infrastructure;
using static FraudWatch.IntegrationTests.Campaigns.CampaignKit;

namespace FraudWatch.IntegrationTests.Groups;

/// <summary>
/// A group upgraded to a supergroup whose new chat id already has a row of its own: the supergroup's updates were
/// handled before the old chat's migrate message (another lane), and an officer bound it there meanwhile.
/// </summary>
public sealed class GroupMigrationTests : IAsyncLifetime
{
    const long Resident = 3001;
    FakeBotApi telegram = null!;
    TestHost host = null!;

    public async Task InitializeAsync()
    {
        telegram = await FakeBotApi.StartAsync();
        host = await TestHost.StartAsync(telegram, Settings());
        await host.HandledAsync(telegram.PrivateText(TestHost.AdminUserId, $"/role {Officer} officer"));
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await telegram.DisposeAsync();
    }

    Task<long> GroupIdAsync(long chatId) => host.ScalarAsync<long>("SELECT id FROM groups WHERE chat_id = @chatId", new { chatId });

    [Fact]
    public async Task Migrate_message_handled_after_the_supergroup_was_bound_makes_one_group_with_all_history_and_the_newer_binding()
    {
        const long oldChat = -702, newChat = -1001000702;
        await host.HandledAsync(telegram.BotAdded(oldChat, "渎浦村群", Officer));
        // The duty group first: /duty is refused in a group already bound to a village (its residents would see every report).
        await host.HandledAsync(telegram.GroupText(oldChat, Officer, "/duty"));
        await host.HandledAsync(telegram.GroupText(oldChat, Officer, "/bind 灵溪镇 渎浦村 #沿海"));
        await host.HandledAsync(telegram.GroupText(oldChat, Resident, "/report 有人冒充公安打电话 13800138000"));
        var groupId = await GroupIdAsync(oldChat);

        // The officer, finding the bot silent in the supergroup, binds it again there; a resident reports there.
        await host.HandledAsync(telegram.GroupText(newChat, Officer, "/bind 灵溪镇 渎浦新村 #老人"));
        await host.HandledAsync(telegram.GroupText(newChat, Resident, "/report 刷单返利 加QQ 12345678 先垫付"));
        var arrived = telegram.MigrateToSupergroup(oldChat, newChat);

        Assert.Equal(("done", "done"), (await host.HandledAsync(arrived - 1), await host.HandledAsync(arrived)));
        var groups = host.Get<GroupStore>();
        Assert.Null(await groups.GetAsync(oldChat));
        var group = await groups.GetAsync(newChat);
        Assert.Equal((groupId, "active", "渎浦新村", "supergroup", true), (group!.Id, group.Status, group.Village, group.ChatType, group.IsDuty));
        Assert.Equal(["老人"], group.Tags);
        Assert.Equal(1, await host.ScalarAsync<long>("SELECT count(*) FROM groups WHERE township = '灵溪镇'"));
        // Both reports, and the statistics over them, under the one group.
        Assert.Equal(2, await host.ScalarAsync<long>("SELECT count(*) FROM reports WHERE group_id = @groupId", new { groupId }));
        Assert.Equal(2, await host.ScalarAsync<long>("SELECT sum(reports)::bigint FROM report_daily WHERE group_id = @groupId", new { groupId }));
        Assert.Equal(0, await host.ScalarAsync<long>("SELECT count(*) FROM report_daily d WHERE d.group_id <> 0 AND NOT EXISTS (SELECT 1 FROM groups g WHERE g.id = d.group_id)"));
        Assert.Equal(1, await host.ScalarAsync<long>("SELECT count(*) FROM group_previous_chat_ids WHERE chat_id = @oldChat AND group_id = @groupId", new { oldChat, groupId }));
    }

    [Fact]
    public async Task Send_answered_migrated_when_the_supergroup_already_has_a_row_reaches_the_supergroup_and_merges_the_two()
    {
        const long oldChat = -712, newChat = -1001000712;
        await host.HandledAsync(telegram.BotAdded(oldChat, "渎浦村群", Officer));
        await host.HandledAsync(telegram.GroupText(oldChat, Officer, "/bind 灵溪镇 渎浦村"));
        await host.HandledAsync(telegram.GroupText(newChat, Officer, "/bind 灵溪镇 渎浦村"));
        var groupId = await GroupIdAsync(oldChat);
        // Telegram's answer to every send to the old id from now on (its migrate message has not been handled yet).
        telegram.Fault(oldChat, FaultKind.Migrated(newChat));

        var id = (await CreateAsync(host, new { text = "今晚8点 村委会反诈讲座。", target = $"group:{oldChat}", schedule = "now" })).GetProperty("id").GetInt64();
        await FinishedAsync(host, id);

        var delivery = Assert.Single(await DeliveriesAsync(host, id));
        Assert.Equal((newChat, "sent"), (delivery.ChatId, delivery.Status));
        Assert.Contains(telegram.SentTo(newChat), m => m.Text.Contains("反诈讲座", StringComparison.Ordinal));
        Assert.Null(await host.Get<GroupStore>().GetAsync(oldChat));
        Assert.Equal(groupId, await GroupIdAsync(newChat));
    }

    [Fact]
    public async Task A_recurring_campaign_naming_the_old_chat_id_reaches_the_supergroup_after_the_upgrade()
    {
        const long oldChat = -732, newChat = -1001000732;
        await host.HandledAsync(telegram.BotAdded(oldChat, "渎浦村群", Officer));
        await host.HandledAsync(telegram.GroupText(oldChat, Officer, "/bind 灵溪镇 渎浦村"));
        var id = (await CreateAsync(host, new { text = "每周一提醒：不要向陌生账户转账。", target = $"group:{oldChat}", schedule = "cron 0 9 * * 1" }))
            .GetProperty("id").GetInt64();

        // The group is upgraded before the campaign's next Monday.
        var arrived = telegram.MigrateToSupergroup(oldChat, newChat);
        Assert.Equal(("done", "done"), (await host.HandledAsync(arrived - 1), await host.HandledAsync(arrived)));
        var run = await host.Get<FraudWatch.Campaigns.CampaignService>().StartRunAsync(id, new DateTime(2030, 1, 7, 1, 0, 0, DateTimeKind.Utc), CancellationToken.None);
        await FinishedAsync(host, id);

        Assert.Equal(1, run.Targeted);
        var delivery = Assert.Single(await DeliveriesAsync(host, id));
        Assert.Equal((newChat, "sent"), (delivery.ChatId, delivery.Status));
        Assert.Single(telegram.SentTo(newChat), m => m.Text.Contains("不要向陌生账户转账", StringComparison.Ordinal));
        Assert.DoesNotContain(telegram.SentTo(oldChat), m => m.Text.Contains("不要向陌生账户转账", StringComparison.Ordinal));

        // Previewing for the old chat id shows the supergroup's text, as the campaign reaches it.
        using var officer = host.Client("officer");
        var preview = await officer.PostAsJsonAsync("/api/v1/campaigns/preview", new { template = "fake_loan", chatId = oldChat });
        Assert.Equal(System.Net.HttpStatusCode.OK, preview.StatusCode);
        Assert.Contains("渎浦村", await preview.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
