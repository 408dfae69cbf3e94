using System.Net;
using System.Text.Json.Nodes;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;

namespace FraudWatch.IntegrationTests.FakeTelegramTests;

public sealed class ClientTests : FakeBotApiTest
{
    private const long Group = -1001234567890;

    [Fact]
    public async Task GetMe_returns_the_test_bot()
    {
        var me = await Bot.GetMe(cancellationToken: default);

        Assert.Equal(Fake.BotId, me.Id);
        Assert.True(me.IsBot);
        Assert.Equal("FraudWatchTestBot", me.Username);
    }

    [Fact]
    public async Task Wrong_token_gets_401_unauthorized()
    {
        var stranger = NewClient(token: "987654321:someone-else");

        var error = await Assert.ThrowsAsync<ApiRequestException>(() => stranger.GetMe(cancellationToken: default));

        Assert.Equal(401, error.ErrorCode);
        Assert.Equal("Unauthorized", error.Message);
    }

    [Fact]
    public async Task Unknown_method_gets_404_not_found()
    {
        using var response = await PostJsonAsync("sendTelepathy", "{}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("""{"ok":false,"error_code":404,"description":"Not Found"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SendMessage_returns_a_message_numbered_per_chat_with_reply_and_markup()
    {
        Fake.RegisterChat(Group, "Anti-fraud volunteers");
        var question = Fake.GroupText(Group, 42, "is this a scam?");
        var markup = new InlineKeyboardMarkup(InlineKeyboardButton.WithCallbackData("Report", "report:1"));

        var first = await Bot.SendMessage(Group, "Warning", replyParameters: new ReplyParameters { MessageId = 1 }, replyMarkup: markup, cancellationToken: default);
        var second = await Bot.SendMessage(Group, "Second", cancellationToken: default);

        Assert.True(question > 0);
        Assert.Equal(2, first.MessageId);
        Assert.Equal(3, second.MessageId);
        Assert.Equal(ChatType.Supergroup, first.Chat.Type);
        Assert.Equal("Anti-fraud volunteers", first.Chat.Title);
        Assert.Equal(Fake.BotId, first.From!.Id);
        Assert.Equal("is this a scam?", first.ReplyToMessage!.Text);
        Assert.Equal("report:1", first.ReplyMarkup!.InlineKeyboard.Single().Single().CallbackData);
        var sent = Fake.SentTo(Group);
        Assert.Equal(["Warning", "Second"], sent.Select(m => m.Text));
        Assert.Equal(1, sent[0].ReplyToMessageId);
        Assert.Contains("report:1", sent[0].ReplyMarkupJson);
        Assert.Equal(2, Fake.SendCount);
    }

    [Fact]
    public async Task Reply_to_an_unknown_message_is_refused_like_telegram()
    {
        var error = await Assert.ThrowsAsync<ApiRequestException>(() =>
            Bot.SendMessage(-5, "hi", replyParameters: new ReplyParameters { MessageId = 99 }, cancellationToken: default));

        Assert.Equal(400, error.ErrorCode);
        Assert.Equal("Bad Request: message to be replied not found", error.Message);
    }

    [Fact]
    public async Task Empty_text_gets_400_message_text_is_empty()
    {
        using var response = await PostJsonAsync("sendMessage", """{"chat_id":-5}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Bad Request: message text is empty", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Form_query_and_multipart_parameters_are_accepted_and_method_names_ignore_case()
    {
        var url = $"{Fake.BaseUrl}/bot{Fake.Token}/";
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["chat_id"] = "7", ["text"] = "form" });
        using var multipart = new MultipartFormDataContent { { new StringContent("-9"), "chat_id" }, { new StringContent("multi"), "text" } };

        using var a = await Http.PostAsync(url + "SENDMESSAGE", form);
        using var b = await Http.GetAsync(url + "sendmessage?chat_id=7&text=query");
        using var c = await Http.PostAsync(url + "sendMessage", multipart);

        Assert.All([a, b, c], r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(["form", "query"], Fake.SentTo(7).Select(m => m.Text));
        Assert.Equal("multi", Fake.SentTo(-9).Single().Text);
        Assert.Equal("private", (string?)JsonNode.Parse(await a.Content.ReadAsStringAsync())!["result"]!["chat"]!["type"]);
    }

    [Fact]
    public async Task Edits_pins_and_deletes_change_the_recorded_message()
    {
        var sent = await Bot.SendMessage(-5, "draft", cancellationToken: default);

        var edited = await Bot.EditMessageText(-5, sent.MessageId, "final", cancellationToken: default);
        var sameAgain = await Assert.ThrowsAsync<ApiRequestException>(() => Bot.EditMessageText(-5, sent.MessageId, "final", cancellationToken: default));
        await Bot.PinChatMessage(-5, sent.MessageId, cancellationToken: default);
        var pinned = Fake.PinnedMessageId(-5);
        await Bot.DeleteMessage(-5, sent.MessageId, cancellationToken: default);

        Assert.Equal("final", edited.Text);
        Assert.NotNull(edited.EditDate);
        Assert.StartsWith("Bad Request: message is not modified", sameAgain.Message);
        Assert.Equal(sent.MessageId, pinned);
        var recorded = Fake.SentTo(-5).Single();
        Assert.Equal(("final", 1, true), (recorded.Text, recorded.EditCount, recorded.Deleted));
    }

    [Fact]
    public async Task Chat_queries_parse_in_telegram_bot()
    {
        Fake.RegisterChat(Group, "Volunteers", memberCount: 250);
        Fake.SetChatMember(Group, Fake.BotId, "administrator");
        Fake.SetChatMember(Group, 42, "restricted");

        var chat = await Bot.GetChat(Group, cancellationToken: default);
        var count = await Bot.GetChatMemberCount(Group, cancellationToken: default);
        var bot = await Bot.GetChatMember(Group, Fake.BotId, cancellationToken: default);
        var user = await Bot.GetChatMember(Group, 42, cancellationToken: default);
        await Bot.LeaveChat(Group, cancellationToken: default);

        Assert.Equal("Volunteers", chat.Title);
        Assert.Equal(250, count);
        Assert.IsType<ChatMemberAdministrator>(bot);
        Assert.IsType<ChatMemberRestricted>(user);
        var afterLeaving = await Assert.ThrowsAsync<ApiRequestException>(() => Bot.SendMessage(Group, "hi", cancellationToken: default));
        Assert.Equal(403, afterLeaving.ErrorCode);
    }

    [Fact]
    public async Task Commands_are_stored_per_scope_and_callback_queries_answer_once()
    {
        await Bot.SetMyCommands([new BotCommand("report", "Report a scam")], scope: new BotCommandScopeAllGroupChats(), cancellationToken: default);
        var message = await Bot.SendMessage(-5, "Vote", cancellationToken: default);
        Fake.CallbackQuery(42, -5, message.MessageId, "vote:yes");
        var updates = await Bot.GetUpdates(cancellationToken: default);
        var queryId = updates.Single().CallbackQuery!.Id;

        await Bot.AnswerCallbackQuery(queryId, "Thanks", cancellationToken: default);
        var twice = await Assert.ThrowsAsync<ApiRequestException>(() => Bot.AnswerCallbackQuery(queryId, cancellationToken: default));
        await Bot.DeleteMyCommands(cancellationToken: default);

        Assert.Contains("report", Fake.CommandsJson("all_group_chats"));
        Assert.Equal("Vote", updates.Single().CallbackQuery!.Message!.Text);
        Assert.Equal(400, twice.ErrorCode);
        Assert.Contains(Fake.Calls, c => c.Method == "deleteMyCommands" && c.StatusCode == 200);
    }
}
