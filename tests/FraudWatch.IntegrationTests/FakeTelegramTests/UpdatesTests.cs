using System.Net;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace FraudWatch.IntegrationTests.FakeTelegramTests;

public sealed class UpdatesTests : FakeBotApiTest
{
    private const long Group = -4000123;

    [Fact]
    public async Task Offset_confirms_updates_and_they_never_come_back()
    {
        var first = Fake.GroupText(Group, 42, "one");
        var second = Fake.GroupText(Group, 42, "two");

        var unconfirmed = await Bot.GetUpdates(cancellationToken: default);
        var again = await Bot.GetUpdates(cancellationToken: default);
        var afterFirst = await Bot.GetUpdates(offset: (int)first + 1, cancellationToken: default);
        var afterSecond = await Bot.GetUpdates(offset: (int)second + 1, cancellationToken: default);
        var withoutOffset = await Bot.GetUpdates(cancellationToken: default);

        Assert.Equal([first, second], unconfirmed.Select(u => (long)u.Id));
        Assert.Equal(2, again.Length);
        Assert.Equal(second, afterFirst.Single().Id);
        Assert.Empty(afterSecond);
        Assert.Empty(withoutOffset);
    }

    [Fact]
    public async Task Limit_caps_the_batch()
    {
        for (var i = 0; i < 5; i++)
            Fake.PrivateText(42, $"message {i}");

        var batch = await Bot.GetUpdates(limit: 2, cancellationToken: default);

        Assert.Equal(["message 0", "message 1"], batch.Select(u => u.Message!.Text));
    }

    [Fact]
    public async Task Long_poll_returns_when_an_update_arrives()
    {
        var poll = Bot.GetUpdates(timeout: 30, cancellationToken: default);
        await Fake.WaitForAsync(f => f.IsPolling ? "polling" : null, Patience);

        var id = Fake.PrivateText(42, "hello");
        var updates = await poll.WaitAsync(Patience);

        Assert.Equal(id, updates.Single().Id);
    }

    [Fact]
    public async Task Long_poll_without_updates_returns_empty_after_the_timeout()
    {
        var updates = await Bot.GetUpdates(timeout: 1, cancellationToken: default);

        Assert.Empty(updates);
    }

    [Fact]
    public async Task Second_poller_gets_409_conflict()
    {
        var first = Bot.GetUpdates(timeout: 30, cancellationToken: default);
        await Fake.WaitForAsync(f => f.IsPolling ? "polling" : null, Patience);

        var second = NewClient().GetUpdates(timeout: 1, cancellationToken: default);
        var error = await Assert.ThrowsAsync<ApiRequestException>(() => first.WaitAsync(Patience));

        Assert.Equal(409, error.ErrorCode);
        Assert.Equal("Conflict: terminated by other getUpdates request; make sure that only one bot instance is running", error.Message);
        Assert.Empty(await second);
    }

    [Fact]
    public async Task Redelivered_update_comes_back_once_with_the_same_id()
    {
        var id = Fake.PrivateText(42, "again");
        var first = await Bot.GetUpdates(cancellationToken: default);
        Assert.Empty(await Bot.GetUpdates(offset: (int)id + 1, cancellationToken: default));

        await Fake.RedeliverAsync(id);
        var redelivered = await Bot.GetUpdates(offset: (int)id + 1, cancellationToken: default);
        var confirmed = await Bot.GetUpdates(offset: (int)id + 1, cancellationToken: default);

        Assert.Equal(id, first.Single().Id);
        Assert.Equal(id, redelivered.Single().Id);
        Assert.Equal("again", redelivered.Single().Message!.Text);
        Assert.Empty(confirmed);
    }

    [Fact]
    public async Task Builders_produce_updates_telegram_bot_parses()
    {
        Fake.BotAdded(Group, "Scam watch", byUserId: 7);
        Fake.GroupText(Group, 42, "/report@FraudWatchTestBot +1 555 0100", replyToMessage: null);
        Fake.MigrateToSupergroup(Group, -1009990001);
        Fake.BotRemoved(-1009990001, kicked: true);

        var updates = await Bot.GetUpdates(cancellationToken: default);

        Assert.Equal([UpdateType.MyChatMember, UpdateType.Message, UpdateType.Message, UpdateType.Message, UpdateType.MyChatMember],
            updates.Select(u => u.Type));
        Assert.Equal((ChatMemberStatus.Left, ChatMemberStatus.Member), (updates[0].MyChatMember!.OldChatMember.Status, updates[0].MyChatMember!.NewChatMember.Status));
        Assert.Equal("Scam watch", updates[0].MyChatMember!.Chat.Title);
        var command = updates[1].Message!.Entities!.Single();
        Assert.Equal((MessageEntityType.BotCommand, 0, "/report@FraudWatchTestBot".Length), (command.Type, command.Offset, command.Length));
        Assert.Equal(-1009990001, updates[2].Message!.MigrateToChatId);
        Assert.Equal(Group, updates[3].Message!.MigrateFromChatId);
        Assert.Equal(ChatType.Supergroup, updates[3].Message!.Chat.Type);
        Assert.IsType<ChatMemberBanned>(updates[4].MyChatMember!.NewChatMember);
    }

    [Fact]
    public async Task Raw_updates_go_out_byte_for_byte()
    {
        const string raw = """{"update_id":77777,"chat_member":{"chat":{"id":-5,"type":"group","title":"t"},"from":{"id":1,"is_bot":false,"first_name":"a"},"date":1,"old_chat_member":{"status":"member","user":{"id":2,"is_bot":false,"first_name":"b"}},"new_chat_member":{"status":"superadmin","user":{"id":2,"is_bot":false,"first_name":"b"}}}}""";
        var id = Fake.EnqueueRaw(raw);

        using var response = await Http.GetAsync($"{Fake.BaseUrl}/bot{Fake.Token}/getUpdates?allowed_updates=[\"chat_member\"]");
        var next = Fake.PrivateText(1, "after");

        Assert.Equal(77777, id);
        Assert.True(next > id);
        Assert.Equal("{\"ok\":true,\"result\":[" + raw + "]}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Chat_member_updates_need_allowed_updates_like_telegram()
    {
        Fake.EnqueueUpdate("""{"chat_member":{"chat":{"id":-5,"type":"group","title":"t"},"from":{"id":1,"is_bot":false,"first_name":"a"},"date":1,"old_chat_member":{"status":"left","user":{"id":2,"is_bot":false,"first_name":"b"}},"new_chat_member":{"status":"member","user":{"id":2,"is_bot":false,"first_name":"b"}}}}""");
        var message = Fake.PrivateText(42, "kept");

        var updates = await Bot.GetUpdates(cancellationToken: default);

        Assert.Equal(message, updates.Single().Id);
    }

    [Fact]
    public async Task GetUpdates_while_a_webhook_is_set_gets_409()
    {
        await Bot.SetWebhook("http://127.0.0.1:9/hook", cancellationToken: default);

        var error = await Assert.ThrowsAsync<ApiRequestException>(() => Bot.GetUpdates(cancellationToken: default));

        Assert.Equal(409, error.ErrorCode);
        Assert.StartsWith("Conflict: can't use getUpdates method while webhook is active", error.Message);
    }

    [Fact]
    public async Task Reset_clears_state_but_update_ids_keep_growing()
    {
        var before = Fake.PrivateText(42, "old");
        await Bot.SendMessage(42, "x", cancellationToken: default);

        Fake.Reset();
        var after = Fake.PrivateText(42, "new");

        Assert.True(after > before);
        Assert.Empty(Fake.Calls);
        Assert.Equal(0, Fake.SendCount);
        Assert.Equal(1, Fake.PendingUpdateCount);
        using var response = await PostJsonAsync("getUpdates", "{}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
