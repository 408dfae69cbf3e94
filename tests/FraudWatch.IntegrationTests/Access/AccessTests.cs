using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FraudWatch.Access;
using FraudWatch.IntegrationTests.FakeTelegram;
using FraudWatch.IntegrationTests.Infrastructure;
using FraudWatch.Telegram;

namespace FraudWatch.IntegrationTests.Access;

public sealed class AccessTests : IAsyncLifetime
{
    FakeBotApi telegram = null!;
    TestHost host = null!;

    public async Task InitializeAsync()
    {
        telegram = await FakeBotApi.StartAsync();
        host = await TestHost.StartAsync(telegram);
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await telegram.DisposeAsync();
    }

    [Fact]
    public async Task Admin_from_settings_gives_roles_and_others_cannot()
    {
        await host.HandledAsync(telegram.PrivateText(TestHost.AdminUserId, "/role 5001 assistant"));
        Assert.Equal(Role.Assistant, await host.Get<RoleStore>().GetAsync(5001));

        await host.HandledAsync(telegram.PrivateText(5001, "/role 5002 admin"));
        Assert.Equal(Role.Resident, await host.Get<RoleStore>().GetAsync(5002));
        Assert.Contains("needs the admin role", telegram.SentTo(5001).Last().Text);
    }

    [Fact]
    public async Task Role_given_as_a_reply_applies_to_the_replied_user()
    {
        var hello = telegram.GroupText(-61, 5003, "大家好");
        await host.HandledAsync(hello);
        var sent = telegram.SentTo(-61);
        await host.HandledAsync(telegram.GroupText(-61, TestHost.AdminUserId, "/role officer", replyToMessage: 1));

        Assert.Equal(Role.Officer, await host.Get<RoleStore>().GetAsync(5003));
        Assert.Equal(1, await host.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'role.set' AND subject = 'user:5003'"));
        Assert.Empty(sent);
    }

    [Fact]
    public async Task Role_for_a_channel_forward_an_anonymous_admin_or_a_Telegram_service_id_is_refused_with_what_to_do_instead()
    {
        const long group = -1001062;
        const string chat = """{"id":-1001062,"type":"supergroup","title":"渎浦村反诈群"}""";
        const string channel = """{"id":-1001999,"type":"channel","title":"县反诈中心"}""";
        // A channel post Telegram itself forwards into the channel's discussion group: from 777000, sent as the channel.
        await host.HandledAsync(telegram.EnqueueUpdate($$$"""
            {"message":{"message_id":1,"date":1,"chat":{{{chat}}},"from":{"id":777000,"is_bot":false,"first_name":"Telegram"},
             "sender_chat":{{{channel}}},"is_automatic_forward":true,
             "forward_origin":{"type":"channel","date":1,"chat":{{{channel}}},"message_id":5},"text":"警惕冒充客服退款诈骗"}}
            """));
        // An anonymous admin's message: sent as the group, from GroupAnonymousBot.
        await host.HandledAsync(telegram.EnqueueUpdate($$$"""
            {"message":{"message_id":2,"date":1,"chat":{{{chat}}},"from":{"id":1087968824,"is_bot":true,"first_name":"Group","username":"GroupAnonymousBot"},
             "sender_chat":{{{chat}}},"text":"今晚开会"}}
            """));

        await host.HandledAsync(telegram.GroupText(group, TestHost.AdminUserId, "/role officer", replyToMessage: 1));
        await host.HandledAsync(telegram.GroupText(group, TestHost.AdminUserId, "/role officer", replyToMessage: 2));
        await host.HandledAsync(telegram.PrivateText(TestHost.AdminUserId, "/role 777000 officer"));
        await host.HandledAsync(telegram.PrivateText(TestHost.AdminUserId, "/role 136817688 admin"));

        Assert.Equal(0, await host.ScalarAsync<long>("SELECT count(*) FROM user_roles WHERE user_id IN (777000, 1087968824, 136817688)"));
        await telegram.WaitForAsync(t => t.SentTo(group).Count == 2 && t.SentTo(TestHost.AdminUserId).Count == 2 ? "" : null, TimeSpan.FromSeconds(20));
        // Not the usage line, which would tell them to reply once more: the way that works, by id, and where the id is found.
        // Groups are answered in the county's language (Chinese), a private chat in the user's (English here).
        foreach (var (answer, byId) in telegram.SentTo(group).Select(m => (m.Text, "/role 用户编号 角色")).Concat(telegram.SentTo(TestHost.AdminUserId).Select(m => (m.Text, "/role &lt;user-id&gt; &lt;role&gt;"))))
        {
            Assert.DoesNotContain("Usage", answer, StringComparison.Ordinal);
            Assert.DoesNotContain("用法", answer, StringComparison.Ordinal);
            Assert.Contains(byId, answer, StringComparison.Ordinal);
            Assert.Contains("/start", answer, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Anonymous_admins_command_is_told_to_send_it_as_oneself_and_changes_nothing()
    {
        const long group = -1001063;
        const string chat = """{"id":-1001063,"type":"supergroup","title":"金乡村反诈群"}""";
        await host.HandledAsync(telegram.GroupText(group, TestHost.AdminUserId, "/bind 灵溪镇 金乡村"));
        var before = telegram.SentTo(group).Count;
        // GroupAnonymousBot is every anonymous admin of every group: its commands cannot be told apart or given a role.
        foreach (var (id, text) in new[] { (3, "/unbind"), (4, "/report 冒充公安的电话 13800001234") })
            await host.HandledAsync(telegram.EnqueueUpdate($$$"""
                {"message":{"message_id":{{{id}}},"date":1,"chat":{{{chat}}},"from":{"id":1087968824,"is_bot":true,"first_name":"Group","username":"GroupAnonymousBot"},
                 "sender_chat":{{{chat}}},"text":"{{{text}}}","entities":[{"offset":0,"length":{{{text.Split(' ')[0].Length}}},"type":"bot_command"}]}}
                """));

        await telegram.WaitForAsync(t => t.SentTo(group).Count == before + 2 ? "" : null, TimeSpan.FromSeconds(20));
        Assert.All(telegram.SentTo(group).Skip(before), m => Assert.Contains("匿名", m.Text, StringComparison.Ordinal));
        Assert.Equal(0, await host.ScalarAsync<long>("SELECT count(*) FROM reports WHERE reporter_user_id = 1087968824"));
        Assert.Equal("active", await host.ScalarAsync<string>("SELECT status FROM groups WHERE chat_id = -1001063"));
    }

    [Fact]
    public async Task Bad_role_command_gets_usage_and_changes_nothing()
    {
        await host.HandledAsync(telegram.PrivateText(TestHost.AdminUserId, "/role 5004 sheriff"));
        await host.HandledAsync(telegram.PrivateText(TestHost.AdminUserId, "/role abc officer"));

        Assert.Equal(Role.Resident, await host.Get<RoleStore>().GetAsync(5004));
        Assert.All(telegram.SentTo(TestHost.AdminUserId), m => Assert.StartsWith("Usage: /role", m.Text));
    }

    [Fact]
    public async Task Help_lists_only_what_the_role_may_use()
    {
        await host.HandledAsync(telegram.PrivateText(5005, "/help"));
        var residentHelp = telegram.SentTo(5005).Last().Text;
        await host.HandledAsync(telegram.PrivateText(TestHost.AdminUserId, "/help"));
        var adminHelp = telegram.SentTo(TestHost.AdminUserId).Last().Text;

        Assert.DoesNotContain("/role", residentHelp);
        Assert.Contains("/role", adminHelp);
        foreach (var spec in host.Get<CommandRouter>().Table.Where(s => s.Scope != CommandScope.GroupOnly))
            Assert.Contains("/" + spec.Name, adminHelp);
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("not-a-real-key-at-all-000", HttpStatusCode.Unauthorized)]
    [InlineData("resident", HttpStatusCode.Forbidden)]
    [InlineData("analyst", HttpStatusCode.Forbidden)]
    [InlineData("assistant", HttpStatusCode.Forbidden)]
    [InlineData("officer", HttpStatusCode.Forbidden)]
    [InlineData("admin", HttpStatusCode.OK)]
    public async Task Hangfire_dashboard_is_for_admins_only(string? role, HttpStatusCode expected)
    {
        var response = await host.Client(role).GetAsync("/hangfire");
        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Api_keys_are_stored_only_as_hashes()
    {
        var stored = await host.QueryAsync<byte[]>("SELECT key_hash FROM api_keys");
        Assert.Equal(TestHost.Keys.Count, stored.Count);
        foreach (var key in TestHost.Keys.Values)
        {
            Assert.Equal(0, await host.ScalarAsync<long>("SELECT count(*) FROM api_keys WHERE convert_from(key_hash, 'LATIN1') LIKE @k OR label LIKE @k", new { k = $"%{key}%" }));
            Assert.Contains(stored, h => h.SequenceEqual(ApiKeyStore.Hash(key)));
        }
    }

    [Fact]
    public async Task Health_and_openapi_need_no_key()
    {
        Assert.Equal(HttpStatusCode.OK, (await host.Client().GetAsync("/health/live")).StatusCode);
        var ready = await host.Client().GetFromJsonAsync<JsonElement>("/health/ready");
        Assert.Equal("Healthy", ready.GetProperty("status").GetString());
        var openApi = await host.Client().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        Assert.True(openApi.GetProperty("paths").TryGetProperty("/api/v1/groups/{chatId}", out _));
    }

    [Fact]
    public async Task Errors_are_problem_details()
    {
        var notFound = await host.Client("admin").GetAsync("/api/v1/no-such-route");
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        Assert.Equal("application/problem+json", notFound.Content.Headers.ContentType?.MediaType);
    }
}

public sealed class DryRunTests
{
    [Fact]
    public async Task Without_a_token_nothing_is_sent_and_the_exact_text_is_recorded()
    {
        await using var host = await TestHost.StartAsync();
        var result = await host.Get<ChatSender>().SendAsync(-42, "<b>预警</b> 96110");

        Assert.Equal(SendStatus.DryRun, result.Status);
        Assert.Equal("<b>预警</b> 96110", await host.ScalarAsync<string>("SELECT text FROM bot_messages WHERE chat_id = -42 AND status = 'dry_run'"));
        var ready = await host.Client("admin").GetFromJsonAsync<JsonElement>("/health/ready");
        Assert.Contains("dry-run", ready.GetProperty("checks").GetProperty("telegram").GetProperty("description").GetString());
    }
}
