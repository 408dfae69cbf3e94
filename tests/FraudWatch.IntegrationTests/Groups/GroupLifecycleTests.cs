using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FraudWatch.Groups;
using FraudWatch.IntegrationTests.FakeTelegram;
using FraudWatch.IntegrationTests.Infrastructure;

namespace FraudWatch.IntegrationTests.Groups;

public sealed class GroupLifecycleTests : IAsyncLifetime
{
    const long Officer = 2001;
    const long Resident = 3001;
    FakeBotApi telegram = null!;
    TestHost host = null!;

    public async Task InitializeAsync()
    {
        telegram = await FakeBotApi.StartAsync();
        host = await TestHost.StartAsync(telegram);
        await Telegram(TestHost.AdminUserId, $"/role {Officer} officer");
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await telegram.DisposeAsync();
    }

    async Task Telegram(long userId, string text)
    {
        await host.HandledAsync(telegram.PrivateText(userId, text));
    }

    async Task InGroup(long chatId, long userId, string text)
    {
        await host.HandledAsync(telegram.GroupText(chatId, userId, text));
    }

    Task<string> StatusOf(long chatId) => host.ScalarAsync<string>("SELECT status FROM groups WHERE chat_id = @chatId", new { chatId });

    [Fact]
    public async Task Added_group_is_pending_and_gets_one_hello()
    {
        await host.HandledAsync(telegram.BotAdded(-501, "渎浦村反诈群", Officer));

        Assert.Equal("pending", await StatusOf(-501));
        var hello = Assert.Single(telegram.SentTo(-501));
        Assert.Contains("/bind", hello.Text);
        Assert.Contains("不保存群里的其他聊天", hello.Text);
    }

    [Fact]
    public async Task Officer_binds_group_with_tags_and_it_becomes_active()
    {
        await host.HandledAsync(telegram.BotAdded(-502, "渎浦村反诈群", Officer));
        await InGroup(-502, Officer, "/bind 灵溪镇 渎浦村 #沿海 #elderly");

        var group = await host.Get<GroupStore>().GetAsync(-502);
        Assert.Equal(("active", "灵溪镇", "渎浦村"), (group!.Status, group.Township, group.Village));
        Assert.Equal(["沿海", "elderly"], group.Tags);
        Assert.Contains(telegram.SentTo(-502), m => m.Text.Contains("已绑定"));
        Assert.Equal(1, await host.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'group.bind' AND actor = @actor", new { actor = $"tg:{Officer}" }));
    }

    [Fact]
    public async Task Resident_cannot_bind_and_is_told_the_role_needed()
    {
        await host.HandledAsync(telegram.BotAdded(-503, "群", Officer));
        await InGroup(-503, Resident, "/bind 灵溪镇 渎浦村");

        Assert.Equal("pending", await StatusOf(-503));
        var refusal = telegram.SentTo(-503).Last();
        Assert.Contains("需要民警权限", refusal.Text);
        Assert.NotNull(refusal.ReplyToMessageId);
    }

    [Fact]
    public async Task Unbind_returns_group_to_pending()
    {
        await host.HandledAsync(telegram.BotAdded(-504, "群", Officer));
        await InGroup(-504, Officer, "/bind 灵溪镇 渎浦村");
        await InGroup(-504, Officer, "/unbind");

        Assert.Equal("pending", await StatusOf(-504));
    }

    [Fact]
    public async Task Unbound_group_stays_pending_whoever_re_adds_the_bot_until_an_officer_binds_it()
    {
        const long GroupAdmin = 3050;
        await host.HandledAsync(telegram.BotAdded(-510, "群", Officer));
        await InGroup(-510, Officer, "/bind 灵溪镇 渎浦村");
        await InGroup(-510, Officer, "/unbind");

        // A group admin without a police role removes the bot and adds it back: the unbinding holds.
        await host.HandledAsync(telegram.BotRemoved(-510, kicked: false, byUserId: GroupAdmin));
        await host.HandledAsync(telegram.BotAdded(-510, "群", GroupAdmin));
        Assert.Equal("pending", await StatusOf(-510));
        Assert.Contains("/bind", telegram.SentTo(-510).Last().Text);
        await InGroup(-510, GroupAdmin, "/bind 灵溪镇 渎浦村");
        Assert.Equal("pending", await StatusOf(-510));

        // Kicked without an unbind in between still holds, and an officer's /bind (or the API) lifts it.
        await host.HandledAsync(telegram.BotRemoved(-510, kicked: true, byUserId: GroupAdmin));
        await host.HandledAsync(telegram.BotAdded(-510, "群", GroupAdmin));
        Assert.Equal("pending", await StatusOf(-510));
        await InGroup(-510, Officer, "/bind 灵溪镇 渎浦村");
        Assert.Equal("active", await StatusOf(-510));
        await host.HandledAsync(telegram.BotRemoved(-510, kicked: true, byUserId: GroupAdmin));
        await host.HandledAsync(telegram.BotAdded(-510, "群", GroupAdmin));
        Assert.Equal("active", await StatusOf(-510));
    }

    [Fact]
    public async Task Unbound_by_the_api_holds_too()
    {
        await host.HandledAsync(telegram.BotAdded(-511, "群", Officer));
        await InGroup(-511, Officer, "/bind 灵溪镇 渎浦村");
        using var officer = host.Client("officer");
        Assert.True((await officer.PatchAsJsonAsync("/api/v1/groups/-511", new { status = "pending" })).IsSuccessStatusCode);
        await host.HandledAsync(telegram.BotRemoved(-511, kicked: true));
        await host.HandledAsync(telegram.BotAdded(-511, "群", 3050));
        Assert.Equal("pending", await StatusOf(-511));

        Assert.True((await officer.PatchAsJsonAsync("/api/v1/groups/-511", new { status = "active" })).IsSuccessStatusCode);
        await host.HandledAsync(telegram.BotRemoved(-511, kicked: true));
        await host.HandledAsync(telegram.BotAdded(-511, "群", 3050));
        Assert.Equal("active", await StatusOf(-511));
    }

    [Fact]
    public async Task Kicked_group_is_left_and_readding_restores_its_binding()
    {
        await host.HandledAsync(telegram.BotAdded(-505, "群", Officer));
        await InGroup(-505, Officer, "/bind 灵溪镇 渎浦村");
        await host.HandledAsync(telegram.BotRemoved(-505, kicked: true));
        Assert.Equal("left", await StatusOf(-505));

        await host.HandledAsync(telegram.BotAdded(-505, "群", Officer));
        Assert.Equal("active", await StatusOf(-505));
    }

    [Fact]
    public async Task Migration_to_supergroup_keeps_binding_and_tags_under_the_new_id()
    {
        await host.HandledAsync(telegram.BotAdded(-506, "群", Officer));
        await InGroup(-506, Officer, "/bind 灵溪镇 渎浦村 #沿海");
        await host.HandledAsync(telegram.MigrateToSupergroup(-506, -1001234506));

        var moved = await host.Get<GroupStore>().GetAsync(-1001234506);
        Assert.Equal(("active", "渎浦村", "supergroup"), (moved!.Status, moved.Village, moved.ChatType));
        Assert.Equal(["沿海"], moved.Tags);
        Assert.Null(await host.Get<GroupStore>().GetAsync(-506));
        Assert.Equal(1, await host.ScalarAsync<long>("SELECT count(*) FROM group_previous_chat_ids WHERE chat_id = -506"));
    }

    [Fact]
    public async Task Duty_command_makes_exactly_one_duty_group()
    {
        await host.HandledAsync(telegram.BotAdded(-507, "值班一", Officer));
        await host.HandledAsync(telegram.BotAdded(-508, "值班二", Officer));
        await InGroup(-507, Officer, "/duty");
        await InGroup(-508, Officer, "/duty");

        Assert.Equal(-508, (await host.Get<GroupStore>().GetDutyAsync())!.ChatId);
        Assert.Equal(1, await host.ScalarAsync<long>("SELECT count(*) FROM groups WHERE is_duty"));
    }

    [Fact]
    public async Task Duty_is_refused_in_a_bound_village_group_whose_residents_would_see_every_report()
    {
        await host.HandledAsync(telegram.BotAdded(-511, "渎浦村反诈群", Officer));
        await InGroup(-511, Officer, "/bind 灵溪镇 渎浦村");
        await InGroup(-511, Officer, "/duty");

        Assert.Null(await host.Get<GroupStore>().GetDutyAsync());
        Assert.Contains("请在民警自己的群里发送 /duty", telegram.SentTo(-511).Last().Text);

        // Unbound, it may be the duty group.
        await InGroup(-511, Officer, "/unbind");
        await InGroup(-511, Officer, "/duty");
        Assert.Equal(-511, (await host.Get<GroupStore>().GetDutyAsync())!.ChatId);
    }

    [Fact]
    public async Task Member_count_job_refreshes_members_from_telegram()
    {
        await host.HandledAsync(telegram.BotAdded(-509, "群", Officer));
        telegram.SetChatMemberCount(-509, 187);

        var refreshed = await host.Get<MemberCountJob>().RunAsync(CancellationToken.None);

        Assert.Equal(1, refreshed);
        Assert.Equal(187, await host.ScalarAsync<int>("SELECT members FROM groups WHERE chat_id = -509"));
    }

    [Fact]
    public async Task Groups_api_lists_and_patches_with_roles_enforced()
    {
        await host.HandledAsync(telegram.BotAdded(-510, "群", Officer));

        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Client().GetAsync("/api/v1/groups")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.Client("resident").GetAsync("/api/v1/groups")).StatusCode);
        var list = await host.Client("analyst").GetFromJsonAsync<JsonElement>("/api/v1/groups");
        Assert.Contains(list.EnumerateArray(), g => g.GetProperty("chatId").GetInt64() == -510);
        var csv = await host.Client("analyst").GetAsync("/api/v1/groups?format=csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = System.Text.Encoding.UTF8.GetString(bytes[3..]).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("chatId,title,status,township,village,tags", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("-510,", StringComparison.Ordinal));

        var patch = new { township = "钱库镇", village = "项东村", tags = new[] { "#inland" }, status = "active" };
        Assert.Equal(HttpStatusCode.Forbidden, (await host.Client("analyst").PatchAsJsonAsync("/api/v1/groups/-510", patch)).StatusCode);
        var ok = await host.Client("officer").PatchAsJsonAsync("/api/v1/groups/-510", patch);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var group = await host.Get<GroupStore>().GetAsync(-510);
        Assert.Equal(("active", "钱库镇", "项东村"), (group!.Status, group.Township, group.Village));
        Assert.Equal(["inland"], group.Tags);
    }

    [Fact]
    public async Task Bad_patch_is_a_problem_naming_the_field_and_changes_nothing()
    {
        await host.HandledAsync(telegram.BotAdded(-511, "群", Officer));

        var bad = await host.Client("officer").PatchAsJsonAsync("/api/v1/groups/-511", new { status = "deleted" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        Assert.Contains("status", await bad.Content.ReadAsStringAsync());
        var unbound = await host.Client("officer").PatchAsJsonAsync("/api/v1/groups/-511", new { status = "active" });
        Assert.Equal(HttpStatusCode.BadRequest, unbound.StatusCode);
        var missing = await host.Client("officer").PatchAsJsonAsync("/api/v1/groups/-999", new { village = "x" });
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("pending", await StatusOf(-511));
    }

    [Fact]
    public async Task Patch_with_a_null_tag_or_a_field_of_the_wrong_type_is_a_problem_naming_the_field()
    {
        await host.HandledAsync(telegram.BotAdded(-512, "群", Officer));
        await InGroup(-512, Officer, "/bind 灵溪镇 渎浦村 #沿海");
        using var officer = host.Client("officer");

        foreach (var (body, field) in new[]
        {
            ("""{"tags":[null]}""", "tags"),
            ("""{"tags":["elderly",null]}""", "tags"),
            ("""{"tags":"elderly"}""", "tags"),
            ("""{"tags":[7]}""", "tags"),
            ("""{"township":5}""", "township"),
            ("""{"village":["渎浦村"]}""", "village"),
            ("""{"status":true}""", "status"),
            ("""{"language":{"code":"en"}}""", "language"),
        })
        {
            using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
            var response = await officer.PatchAsync("/api/v1/groups/-512", content);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{body}: {(int)response.StatusCode} {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains(field, text, StringComparison.Ordinal);
        }

        var group = await host.Get<GroupStore>().GetAsync(-512);
        Assert.Equal(("active", "灵溪镇", "渎浦村"), (group!.Status, group.Township, group.Village));
        Assert.Equal(["沿海"], group.Tags);
    }
}
