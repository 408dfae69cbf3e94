using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FraudWatch.Groups;
using FraudWatch.IntegrationTests.FakeTelegram;
using FraudWatch.IntegrationTests.Infrastructure;

namespace FraudWatch.IntegrationTests.Groups;

/// <summary>The bot restricted, removed, marked left and added back: what the group is then, and what it answers.</summary>
public sealed class GroupMembershipTests : IAsyncLifetime
{
    const long Officer = 2001;
    const long Resident = 3001;
    FakeBotApi telegram = null!;
    TestHost host = null!;

    public async Task InitializeAsync()
    {
        telegram = await FakeBotApi.StartAsync();
        host = await TestHost.StartAsync(telegram);
        await host.HandledAsync(telegram.PrivateText(TestHost.AdminUserId, $"/role {Officer} officer"));
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await telegram.DisposeAsync();
    }

    Task<string> StatusOf(long chatId) => host.ScalarAsync<string>("SELECT status FROM groups WHERE chat_id = @chatId", new { chatId });

    async Task BoundAsync(long chatId, string village = "渎浦村")
    {
        await host.HandledAsync(telegram.BotAdded(chatId, "群", Officer));
        await host.HandledAsync(telegram.GroupText(chatId, Officer, $"/bind 灵溪镇 {village}"));
    }

    string Member(long chatId, string oldJson, string newJson) => $$$"""
        {"my_chat_member":{"chat":{"id":{{{chatId}}},"type":"supergroup","title":"群"},"from":{"id":5,"is_bot":false,"first_name":"GroupAdmin"},"date":1767225600,
         "old_chat_member":{{{oldJson}}},"new_chat_member":{{{newJson}}}}}
        """;

    string Restricted(bool isMember) => $$"""
        {"status":"restricted","user":{"id":{{telegram.BotId}},"is_bot":true,"first_name":"FraudWatch"},"is_member":{{(isMember ? "true" : "false")}},
         "can_send_messages":true,"can_send_audios":false,"can_send_documents":false,"can_send_photos":false,"can_send_videos":false,
         "can_send_video_notes":false,"can_send_voice_notes":false,"can_send_polls":false,"can_send_other_messages":false,
         "can_add_web_page_previews":false,"can_change_info":false,"can_invite_users":false,"can_pin_messages":false,"can_manage_topics":false,"until_date":0}
        """;

    string PlainMember => "{\"status\":\"member\",\"user\":{\"id\":" + telegram.BotId + ",\"is_bot\":true,\"first_name\":\"FraudWatch\"}}";

    [Fact]
    public async Task Restricted_bot_removed_from_the_group_marks_it_left()
    {
        const long chat = -1001000704;
        await BoundAsync(chat);
        // A group admin restricts the bot (no media), later removes it: Telegram keeps it "restricted", is_member false.
        await host.HandledAsync(telegram.EnqueueUpdate(Member(chat, PlainMember, Restricted(true))));
        Assert.Equal("active", await StatusOf(chat));
        Assert.Equal("done", await host.HandledAsync(telegram.EnqueueUpdate(Member(chat, Restricted(true), Restricted(false)))));

        Assert.Equal("left", await StatusOf(chat));
    }

    [Fact]
    public async Task Restricted_bot_added_back_restores_the_group_with_a_welcome_back()
    {
        const long chat = -1001000705;
        await BoundAsync(chat);
        await host.HandledAsync(telegram.EnqueueUpdate(Member(chat, Restricted(true), Restricted(false))));
        await host.Get<GroupStore>().MarkLeftAsync(chat);
        var before = telegram.SentTo(chat).Count;

        Assert.Equal("done", await host.HandledAsync(telegram.EnqueueUpdate(Member(chat, Restricted(false), PlainMember))));

        Assert.Equal("active", await StatusOf(chat));
        Assert.Contains(telegram.SentTo(chat).Skip(before), m => m.Text.Contains("回来了", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Officers_bind_in_a_group_marked_left_by_the_api_makes_it_active_again()
    {
        await BoundAsync(-701);
        using var officer = host.Client("officer");
        Assert.Equal(HttpStatusCode.OK, (await officer.PatchAsJsonAsync("/api/v1/groups/-701", new { status = "left" })).StatusCode);
        var before = telegram.SentTo(-701).Count;

        // The bot is still in the group; an officer binds it again from inside.
        await host.HandledAsync(telegram.GroupText(-701, Officer, "/bind 灵溪镇 渎浦村"));

        Assert.Equal("active", await StatusOf(-701));
        var answer = Assert.Single(telegram.SentTo(-701).Skip(before));
        Assert.Contains("已绑定", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Other_commands_in_a_left_group_get_one_line_saying_an_officer_can_bind_it()
    {
        await BoundAsync(-711);
        await host.Get<GroupStore>().MarkLeftAsync(-711);

        await host.HandledAsync(telegram.GroupText(-711, Resident, "/report 有人冒充公安打电话 13800138000"));
        var answer = Assert.Single(telegram.SentTo(-711), m => m.ReplyToMessageId is not null && m.Text.Contains("/bind", StringComparison.Ordinal));
        Assert.DoesNotContain('\n', answer.Text);
        Assert.Equal(0, await host.ScalarAsync<long>("SELECT count(*) FROM reports"));

        // Only an officer's /bind brings the group back: a resident's is refused as anywhere else.
        await host.HandledAsync(telegram.GroupText(-711, Resident, "/bind 灵溪镇 渎浦村"));
        Assert.Contains("需要民警权限", telegram.SentTo(-711).Last().Text, StringComparison.Ordinal);
        Assert.Equal("left", await StatusOf(-711));
    }

    [Fact]
    public async Task Duty_group_removed_and_added_back_is_the_duty_group_again_and_its_absence_shows_in_health()
    {
        await BoundAsync(-720);
        await host.HandledAsync(telegram.BotAdded(-706, "值班群", Officer));
        await host.HandledAsync(telegram.GroupText(-706, Officer, "/duty"));
        await host.HandledAsync(telegram.BotRemoved(-706, kicked: true));

        // A report while the duty group is away has nowhere to go: readiness says so (still 200, degraded).
        await host.HandledAsync(telegram.GroupText(-720, Resident, "/report 有人冒充公安打电话 13800138000"));
        using var admin = host.Client("admin");
        var ready = await admin.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var duty = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement.GetProperty("checks").GetProperty("duty");
        Assert.Equal("Degraded", duty.GetProperty("status").GetString());
        Assert.Contains("/duty", duty.GetProperty("description").GetString(), StringComparison.Ordinal);

        await host.HandledAsync(telegram.BotAdded(-706, "值班群", Officer));

        Assert.Equal(-706, (await host.Get<GroupStore>().GetDutyAsync())?.ChatId);
        await host.HandledAsync(telegram.GroupText(-720, Resident, "/report 刷单返利 加QQ 12345678 先垫付"));
        var reportId = await host.ScalarAsync<long>("SELECT max(id) FROM reports");
        await host.WaitForAsync<long?>("SELECT duty_message_id FROM reports WHERE id = @reportId", new { reportId });
        Assert.Contains(telegram.SentTo(-706), m => m.Text.Contains($"#{reportId}", StringComparison.Ordinal));
        var healthy = await admin.GetFromJsonAsync<JsonElement>("/health/ready");
        Assert.Equal("Healthy", healthy.GetProperty("checks").GetProperty("duty").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Duty_role_stays_with_the_group_made_duty_while_the_old_one_was_away()
    {
        await host.HandledAsync(telegram.BotAdded(-707, "值班一", Officer));
        await host.HandledAsync(telegram.GroupText(-707, Officer, "/duty"));
        await host.HandledAsync(telegram.BotRemoved(-707, kicked: true));
        await host.HandledAsync(telegram.BotAdded(-708, "值班二", Officer));
        await host.HandledAsync(telegram.GroupText(-708, Officer, "/duty"));

        await host.HandledAsync(telegram.BotAdded(-707, "值班一", Officer));

        Assert.Equal(-708, (await host.Get<GroupStore>().GetDutyAsync())?.ChatId);
        Assert.Equal(1, await host.ScalarAsync<long>("SELECT count(*) FROM groups WHERE is_duty"));
    }
}
