using System.Globalization;
using System.Text.Json.Nodes;
using FraudWatch.IntegrationTests.FakeTelegram;
using FraudWatch.IntegrationTests.Infrastructure;

namespace FraudWatch.IntegrationTests.Reports;

/// <summary>A host with an officer, an assistant, a duty group and one bound village group (灵溪镇 渎浦村).</summary>
public abstract class ReportsTestBase : IAsyncLifetime
{
    protected const long Officer = 2001;
    protected const long Assistant = 2002;
    protected const long DutyChat = -600;
    protected const long VillageChat = -601;
    protected const string Scam = "自称县公安局民警，说我涉嫌洗钱，要我把钱转到安全账户，电话 0577-8888 9999";
    protected const string Number = "+8657788889999";
    protected FakeBotApi telegram = null!;
    protected TestHost host = null!;
    long nextMessageId = 5_000;

    /// <summary>The Telegram app language of this class's users who set one (everyone else's is "en").</summary>
    protected virtual IReadOnlyDictionary<long, string> UserLanguages { get; } = new Dictionary<long, string>();

    public async Task InitializeAsync()
    {
        telegram = await FakeBotApi.StartAsync();
        foreach (var (user, language) in UserLanguages)
            telegram.SetUserLanguage(user, language);
        host = await TestHost.StartAsync(telegram);
        await Private(TestHost.AdminUserId, $"/role {Officer} officer");
        await Private(TestHost.AdminUserId, $"/role {Assistant} assistant");
        await host.HandledAsync(telegram.BotAdded(DutyChat, "值班群", Officer));
        await InGroup(DutyChat, Officer, "/duty");
        await host.HandledAsync(telegram.BotAdded(VillageChat, "渎浦村反诈群", Officer));
        await InGroup(VillageChat, Officer, "/bind 灵溪镇 渎浦村");
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await telegram.DisposeAsync();
    }

    protected Task<string> Private(long userId, string text) => host.HandledAsync(telegram.PrivateText(userId, text));

    protected Task<string> InGroup(long chatId, long userId, string text, long? replyTo = null) =>
        host.HandledAsync(telegram.GroupText(chatId, userId, text, replyToMessage: replyTo));

    /// <summary>An ordinary group message with a known message id (so a test can reply to it); returns (update id, message id).</summary>
    protected async Task<(long UpdateId, long MessageId)> Chat(long chatId, long userId, string text)
    {
        var messageId = Interlocked.Increment(ref nextMessageId);
        var update = new JsonObject
        {
            ["message"] = new JsonObject
            {
                ["message_id"] = messageId,
                ["from"] = new JsonObject { ["id"] = userId, ["is_bot"] = false, ["first_name"] = $"User{userId}" },
                ["chat"] = new JsonObject { ["id"] = chatId, ["type"] = "group", ["title"] = $"Test group {chatId}" },
                ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                ["text"] = text,
            },
        };
        var updateId = telegram.EnqueueUpdate(update.ToJsonString());
        await host.HandledAsync(updateId);
        return (updateId, messageId);
    }

    protected Task<long> LastReportId() => host.ScalarAsync<long>("SELECT max(id) FROM reports");

    protected IReadOnlyList<SentMessage> Warnings(long chatId) =>
        telegram.SentTo(chatId).Where(m => m.Text.Contains("反诈提醒", StringComparison.Ordinal)).ToList();

    /// <summary>The report's post in the duty group; it is queued, so this waits for it (up to 20 s).</summary>
    protected SentMessage DutyPost(long reportId)
    {
        var marker = string.Create(CultureInfo.InvariantCulture, $"#{reportId}</b>");
        for (var deadline = DateTime.UtcNow.AddSeconds(20); DateTime.UtcNow < deadline; Thread.Sleep(50))
        {
            if (telegram.SentTo(DutyChat).SingleOrDefault(m => m.Text.Contains(marker, StringComparison.Ordinal)) is { } post)
                return post;
        }

        var jobs = host.QueryAsync<string>("SELECT s.jobid || ':' || s.name || ':' || coalesce(s.reason, '') || ':' || left(coalesce(s.data::text, ''), 400) FROM hangfire.state s ORDER BY s.id").Result;
        throw new TimeoutException($"no duty post for report #{reportId}; Hangfire jobs: {string.Join(", ", jobs)}");
    }
}
