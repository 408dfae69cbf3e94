using System.Net;
using FraudWatch.IntegrationTests.FakeTelegram;
using Telegram.Bot;
using Telegram.Bot.Exceptions;

namespace FraudWatch.IntegrationTests.FakeTelegramTests;

public sealed class FaultTests : FakeBotApiTest
{
    private const long Group = -1001000000001;

    public static TheoryData<string, int, string> JsonFaults => new()
    {
        { "Kicked", 403, "Forbidden: bot was kicked from the group chat" },
        { "NotMember", 403, "Forbidden: bot is not a member of the group chat" },
        { "ChatNotFound", 400, "Bad Request: chat not found" },
        { "BadGatewayJson", 502, "Bad Gateway" },
    };

    [Theory]
    [MemberData(nameof(JsonFaults))]
    public async Task Json_fault_surfaces_as_ApiRequestException(string kind, int code, string description)
    {
        var fault = kind switch
        {
            "Kicked" => FaultKind.Kicked,
            "NotMember" => FaultKind.NotMember,
            "ChatNotFound" => FaultKind.ChatNotFound,
            _ => FaultKind.BadGatewayJson,
        };
        Fake.Fault(Group, fault, times: 1);

        var error = await Assert.ThrowsAsync<ApiRequestException>(() => Bot.SendMessage(Group, "hi", cancellationToken: default));
        var next = await Bot.SendMessage(Group, "hi again", cancellationToken: default);

        Assert.Equal((code, description), (error.ErrorCode, error.Message));
        Assert.Equal("hi again", Fake.SentTo(Group).Single().Text);
        Assert.Equal(1, next.MessageId);
    }

    [Fact]
    public async Task Migrated_fault_carries_migrate_to_chat_id()
    {
        Fake.Fault(-4001, FaultKind.Migrated(Group));

        var error = await Assert.ThrowsAsync<ApiRequestException>(() => Bot.SendMessage(-4001, "hi", cancellationToken: default));

        Assert.Equal(400, error.ErrorCode);
        Assert.Equal("Bad Request: group chat was upgraded to a supergroup chat", error.Message);
        Assert.Equal(Group, error.Parameters?.MigrateToChatId);
    }

    [Fact]
    public async Task Too_many_requests_carries_retry_after_in_body_and_header()
    {
        Fake.Fault(Group, FaultKind.TooManyRequests(7));

        var error = await Assert.ThrowsAsync<ApiRequestException>(() => Bot.SendMessage(Group, "hi", cancellationToken: default));
        using var raw = await PostJsonAsync("sendMessage", $$"""{"chat_id":{{Group}},"text":"hi"}""");

        Assert.Equal(429, error.ErrorCode);
        Assert.Equal("Too Many Requests: retry after 7", error.Message);
        Assert.Equal(7, error.Parameters?.RetryAfter);
        Assert.Equal(TimeSpan.FromSeconds(7), raw.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task Telegram_bot_retries_a_short_429_by_itself_with_default_options()
    {
        var defaults = new TelegramBotClient(new TelegramBotClientOptions(Fake.Token, Fake.BaseUrl));
        Fake.Fault(Group, FaultKind.TooManyRequests(1), times: 1);

        var message = await defaults.SendMessage(Group, "eventually", cancellationToken: default);

        Assert.Equal([429, 200], Fake.Calls.Select(c => c.StatusCode));
        Assert.Equal("eventually", message.Text);
    }

    [Fact]
    public async Task Html_bad_gateway_surfaces_as_RequestException_not_ApiRequestException()
    {
        Fake.Fault(Group, FaultKind.BadGatewayHtml);

        var error = await Assert.ThrowsAnyAsync<RequestException>(() => Bot.SendMessage(Group, "hi", cancellationToken: default));

        Assert.IsNotType<ApiRequestException>(error);
        Assert.Equal(HttpStatusCode.BadGateway, error.HttpStatusCode);
        Assert.Equal("There was an exception during deserialization of the response", error.Message);
        Assert.IsType<System.Text.Json.JsonException>(error.InnerException);
        Assert.Empty(Fake.SentTo(Group));
    }

    [Fact]
    public async Task Timeout_fault_holds_the_request_then_answers_504()
    {
        Fake.Fault(Group, FaultKind.Timeout(TimeSpan.FromMilliseconds(300)), times: 1);

        var error = await Assert.ThrowsAnyAsync<RequestException>(() => Bot.SendMessage(Group, "hi", cancellationToken: default));

        Assert.Equal(HttpStatusCode.GatewayTimeout, error.HttpStatusCode);
        Assert.IsType<RequestException>(error);
        Assert.IsType<System.Text.Json.JsonException>(error.InnerException);
        Assert.Equal(504, Fake.Calls.Single().StatusCode);
    }

    [Fact]
    public async Task Timeout_longer_than_the_client_waits_surfaces_as_a_client_timeout()
    {
        Fake.Fault(Group, FaultKind.Timeout(TimeSpan.FromSeconds(30)), times: 1);
        using var impatient = new HttpClient { Timeout = TimeSpan.FromMilliseconds(300) };

        var error = await Record.ExceptionAsync(() => NewClient(impatient).SendMessage(Group, "hi", cancellationToken: default));

        var requestError = Assert.IsType<RequestException>(error);
        Assert.Equal("Bot API Request timed out", requestError.Message);
        Assert.Null(requestError.HttpStatusCode);
        Assert.IsType<TaskCanceledException>(requestError.InnerException);
    }

    [Fact]
    public async Task Faults_apply_to_edits_pins_and_member_counts_of_that_chat_only()
    {
        var message = await Bot.SendMessage(Group, "hi", cancellationToken: default);
        Fake.Fault(Group, FaultKind.Kicked);

        var edit = await Assert.ThrowsAsync<ApiRequestException>(() => Bot.EditMessageText(Group, message.MessageId, "x", cancellationToken: default));
        var pin = await Assert.ThrowsAsync<ApiRequestException>(() => Bot.PinChatMessage(Group, message.MessageId, cancellationToken: default));
        var count = await Assert.ThrowsAsync<ApiRequestException>(() => Bot.GetChatMemberCount(Group, cancellationToken: default));
        await Bot.SendMessage(-77, "elsewhere", cancellationToken: default);

        Assert.All([edit, pin, count], e => Assert.Equal(403, e.ErrorCode));
    }

    [Fact]
    public async Task Removed_and_migrated_chats_refuse_sends_like_telegram()
    {
        Fake.BotRemoved(-4002, kicked: true);
        Fake.MigrateToSupergroup(-4003, Group);

        var kicked = await Assert.ThrowsAsync<ApiRequestException>(() => Bot.SendMessage(-4002, "hi", cancellationToken: default));
        var migrated = await Assert.ThrowsAsync<ApiRequestException>(() => Bot.SendMessage(-4003, "hi", cancellationToken: default));
        Fake.BotAdded(-4002, "Back", byUserId: 1);
        await Bot.SendMessage(-4002, "welcome back", cancellationToken: default);

        Assert.Equal(403, kicked.ErrorCode);
        Assert.Equal(Group, migrated.Parameters?.MigrateToChatId);
    }

    [Fact]
    public async Task Fault_mix_is_reproducible_from_its_seed()
    {
        async Task<string> RunAsync()
        {
            Fake.Reset();
            Fake.SetFaultMix(p429: 0.2, retryAfterMin: 1, retryAfterMax: 3, p502json: 0.2, p502html: 0.1, pTimeout: 0, seed: 7);
            var outcomes = new List<string>();
            for (var i = 0; i < 30; i++)
                outcomes.Add((await PostJsonAsync("sendMessage", """{"chat_id":-5,"text":"x"}""")).StatusCode.ToString());
            return string.Join(",", outcomes);
        }

        var first = await RunAsync();
        var second = await RunAsync();

        Assert.Equal(first, second);
        Assert.Contains("TooManyRequests", first);
        Assert.Contains("BadGateway", first);
        Assert.Contains("OK", first);
    }

    [Fact]
    public async Task Sends_over_the_per_chat_limit_are_counted_as_violations()
    {
        Fake.ConfigureLimits(globalPerSecond: null, perChatPerMinute: 3);

        for (var i = 0; i < 5; i++)
            await Bot.SendMessage(Group, $"message {i}", cancellationToken: default);

        Assert.Equal(2, Fake.RateViolations);
        Assert.Equal(5, Fake.SendCount);
    }

    [Fact]
    public async Task Enforced_limits_answer_429_with_retry_after()
    {
        Fake.ConfigureLimits(globalPerSecond: null, perChatPerMinute: 2);
        Fake.EnforceLimits = true;
        await Bot.SendMessage(Group, "1", cancellationToken: default);
        await Bot.SendMessage(Group, "2", cancellationToken: default);

        var error = await Assert.ThrowsAsync<ApiRequestException>(() => Bot.SendMessage(Group, "3", cancellationToken: default));
        await Bot.SendMessage(-6, "other chat", cancellationToken: default);

        Assert.Equal(429, error.ErrorCode);
        Assert.InRange(error.Parameters?.RetryAfter ?? 0, 1, 60);
        Assert.Equal(2, Fake.SentTo(Group).Count);
        Assert.Equal(1, Fake.RateViolations);
    }

    [Fact]
    public async Task Global_limit_counts_sends_across_chats()
    {
        Fake.ConfigureLimits(globalPerSecond: 3, perChatPerMinute: null);

        for (var chat = -1; chat >= -5; chat--)
            await Bot.SendMessage(chat, "x", cancellationToken: default);

        Assert.Equal(2, Fake.RateViolations);
    }

    [Fact]
    public async Task A_send_late_in_the_window_by_less_than_the_scheduling_tolerance_is_not_a_violation()
    {
        Fake.ConfigureLimits(globalPerSecond: 1, perChatPerMinute: null);

        await Bot.SendMessage(-1, "x", cancellationToken: default);
        await Task.Delay(TimeSpan.FromSeconds(1) - FakeBotApi.SchedulingTolerance / 2);
        await Bot.SendMessage(-2, "x", cancellationToken: default);
        Assert.Equal(0, Fake.RateViolations);

        await Task.Delay(TimeSpan.FromMilliseconds(300));
        await Bot.SendMessage(-3, "x", cancellationToken: default); // well inside the window: a violation
        Assert.Equal(1, Fake.RateViolations);
    }

    [Fact]
    public async Task Concurrent_sends_are_all_answered_and_counted()
    {
        Fake.ConfigureLimits(globalPerSecond: 100_000, perChatPerMinute: 100_000);
        var sends = Enumerable.Range(0, 1000).Select(i => Bot.SendMessage(-(i % 10) - 1, $"message {i}", cancellationToken: default));

        var messages = await Task.WhenAll(sends);

        Assert.Equal(1000, Fake.SendCount);
        Assert.All(Enumerable.Range(1, 10), chat =>
            Assert.Equal(Enumerable.Range(1, 100), Fake.SentTo(-chat).Select(m => (int)m.MessageId).Order()));
        Assert.Equal(1000, messages.Select(m => (m.Chat.Id, m.MessageId)).Distinct().Count());
    }
}
